//! `content/departments/<id>/department.yaml`: a department overlay.
//!
//! A department has a name, a contact, optional branding, and `program`: a partial program that
//! is deep-merged over `content/program.yaml` (by the resolve stage's overlay merge). The
//! partial program has exactly the keys of the program model, so a misspelt key is an error
//! with a "did you mean" hint, located in department.yaml.
//!
//! Merge rules: maps merge key by key, scalars replace, lists replace, and a list written as
//! `{append: [...]}` is appended to the organization-wide list instead of replacing it.

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{
    Contact, Criterion, Expectation, Goal, Located, MatchingRules, MentoringModel, Phase, Role,
};

/// A department's overlay, `content/departments/<id>/department.yaml`: its name, contact and
/// branding, and `program`, a partial program merged over content/program.yaml (maps merge,
/// scalars and lists replace, `{append: [...]}` adds to a list).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// Shown on every page of the department's handbook, e.g. "Radiology & Imaging".
    pub name: String,
    /// One or two sentences for the department list on the home page.
    #[serde(default)]
    pub summary: Option<String>,
    /// The department's mentoring contact, shown on every page of its handbook.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// The department's look: an accent colour, a logo and a footer line.
    #[serde(default)]
    pub branding: Branding,
    /// A partial program merged over content/program.yaml.
    #[serde(default)]
    pub program: Option<ProgramPatch>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// Accent colour as `#rgb` or `#rrggbb`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub accent: Option<Located<String>>,
    /// An image file in the department folder, e.g. `logo.svg`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub logo: Option<Located<String>>,
    /// A line of text shown in the footer of every page of the department's handbook.
    #[serde(default)]
    pub footer: Option<String>,
}

/// A partial `program.yaml`: every key optional, same names and types as [`super::Program`].
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramPatch {
    /// Replaces the program's name.
    #[serde(default)]
    pub name: Option<String>,
    /// Replaces the program's summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Replaces the mentoring model (one-on-one, group, peer, reverse), or `{append: [...]}` adds
    /// to it.
    #[serde(default)]
    pub model: Option<ListPatch<MentoringModel>>,
    /// Replaces the program's length in months.
    #[serde(default, deserialize_with = "super::common::plain_option")]
    pub duration_months: Option<u32>,
    /// Replaces some of the meeting keys (frequency, length_minutes, format); the others stay.
    #[serde(default)]
    #[schemars(with = "Option<MeetingsPatch>")]
    pub meetings: Option<Located<MeetingsPatch>>,
    /// A list of goals that replaces the program's, or `{append: [...]}` to add to them.
    #[serde(default)]
    pub goals: Option<ListPatch<Goal>>,
    /// A list of roles that replaces the program's, or `{append: [...]}` to add to them.
    #[serde(default)]
    pub roles: Option<ListPatch<Role>>,
    /// A list of phases that replaces the program's, or `{append: [...]}` to add to them.
    #[serde(default)]
    pub phases: Option<ListPatch<Phase>>,
    /// Replaces the matching method, and the criteria (a list, or `{append: [...]}`).
    #[serde(default)]
    pub matching: Option<MatchingPatch>,
    /// A list of expectations that replaces the program's, or `{append: [...]}` to add to them.
    #[serde(default)]
    pub expectations: Option<ListPatch<Expectation>>,
}

/// A partial `meetings:` map.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingsPatch {
    /// Replaces how often they meet (free text).
    #[serde(default)]
    pub frequency: Option<String>,
    /// Replaces how long a meeting lasts, in minutes.
    #[serde(default, deserialize_with = "super::common::plain_option")]
    pub length_minutes: Option<u32>,
    /// Replaces where and how they meet (free text).
    #[serde(default)]
    pub format: Option<String>,
}

/// A partial `matching:` map.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchingPatch {
    /// Replaces how mentors and mentees are paired (free text).
    #[serde(default)]
    pub method: Option<String>,
    /// A list of matching criteria that replaces the program's, or `{append: [...]}` to add to
    /// them.
    #[serde(default)]
    pub criteria: Option<ListPatch<Criterion>>,
    /// Replaces the organization-wide `rules` as a whole.
    #[serde(default)]
    pub rules: Option<MatchingRules>,
}

/// A list in an overlay: a plain list replaces the organization-wide list; `{append: [...]}`
/// adds to its end. A single value (`model: peer`) is a one-item list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListPatch<T> {
    Append(Vec<T>),
    #[serde(untagged)]
    Replace(Vec<T>),
}

impl<T> ListPatch<T> {
    /// The items this patch writes (replacing or appended).
    pub fn items(&self) -> &[T] {
        match self {
            ListPatch::Replace(items) | ListPatch::Append(items) => items,
        }
    }

    /// Applies the patch to a list.
    pub fn apply(self, list: &mut Vec<T>) {
        match self {
            ListPatch::Replace(items) => *list = items,
            ListPatch::Append(items) => list.extend(items),
        }
    }
}

impl<T: JsonSchema> JsonSchema for ListPatch<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("ListPatch_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<T>();
        json_schema!({
            "description": "A list that replaces the organization-wide list (one value is a one-item list), or `{append: [...]}` to add to its end",
            "anyOf": [
                item,
                { "type": "array", "items": item },
                {
                    "type": "object",
                    "properties": { "append": {
                        "description": "Items added to the end of the organization-wide list",
                        "type": "array",
                        "items": item
                    } },
                    "required": ["append"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

const LIST_PATCH_KEYS: &[&str] = &["append"];

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ListPatch<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListPatchVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListPatchVisitor<T> {
            type Value = ListPatch<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list (replaces the organization-wide list) or `{append: [...]}`")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                T::deserialize(value.into_deserializer()).map(|one| ListPatch::Replace(vec![one]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(ListPatch::Replace(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items: Option<Vec<T>> = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "append" {
                        return Err(de::Error::unknown_field(&key, LIST_PATCH_KEYS));
                    }
                    if items.is_some() {
                        return Err(de::Error::duplicate_field("append"));
                    }
                    items = Some(map.next_value()?);
                }
                items
                    .map(ListPatch::Append)
                    .ok_or_else(|| de::Error::missing_field("append"))
            }
        }

        deserializer.deserialize_any(ListPatchVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_patches_replace_or_append() {
        #[derive(Debug, Deserialize)]
        struct Holder {
            list: ListPatch<String>,
        }
        let replace: Holder = serde_saphyr::from_str("list: [a, b]").unwrap();
        assert_eq!(
            replace.list,
            ListPatch::Replace(vec!["a".to_string(), "b".to_string()])
        );
        let one: Holder = serde_saphyr::from_str("list: a").unwrap();
        assert_eq!(one.list, ListPatch::Replace(vec!["a".to_string()]));
        let append: Holder = serde_saphyr::from_str("list:\n  append: [c]").unwrap();
        assert_eq!(append.list, ListPatch::Append(vec!["c".to_string()]));
        assert!(serde_saphyr::from_str::<Holder>("list:\n  apend: [c]").is_err());
        assert!(serde_saphyr::from_str::<Holder>("list: {}").is_err());

        let mut list = vec!["x".to_string()];
        ListPatch::Append(vec!["y".to_string()]).apply(&mut list);
        assert_eq!(list, ["x", "y"]);
        ListPatch::Replace(vec!["z".to_string()]).apply(&mut list);
        assert_eq!(list, ["z"]);
    }
}
