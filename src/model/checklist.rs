//! `content/checklists/*.yaml`: printable checklists.

use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{Audience, Located, OneOrMany};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Defaults to the file stem.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Located<String>>,
    /// The checklist's title, e.g. "First meeting".
    pub title: String,
    /// Who it is for: mentor, mentee, coordinator or leadership; one value or a list.
    #[serde(default)]
    pub audience: OneOrMany<Audience>,
    /// The id of the program phase this checklist belongs to.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub phase: Option<Located<String>>,
    /// A paragraph printed above the items.
    #[serde(default)]
    pub intro: Option<String>,
    /// The checklist's groups of items, each with a title.
    #[serde(default)]
    pub sections: Vec<ChecklistSection>,
    /// Names of signature lines, e.g. `[Mentor, Mentee]`.
    #[serde(default)]
    pub sign_off: Vec<String>,
}

impl Checklist {
    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSection {
    /// The group's heading, e.g. "Before the meeting".
    pub title: String,
    /// The items to tick: a string, or `{text, note}` for an item with a note printed under it.
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
}

/// An item is a plain string or `{text, note}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub text: String,
    pub note: Option<String>,
}

/// A checklist item with a note printed under it.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DetailedItem {
    /// The item to tick.
    text: String,
    /// A note printed under the item.
    #[serde(default)]
    note: Option<String>,
}

impl JsonSchema for ChecklistItem {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ChecklistItem".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let detailed = generator.subschema_for::<DetailedItem>();
        json_schema!({
            "description": "An item: a string, or `{text, note}`",
            "anyOf": [{ "type": "string" }, detailed]
        })
    }
}

impl<'de> Deserialize<'de> for ChecklistItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;

        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = ChecklistItem;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a mapping with `text` and optional `note`")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(ChecklistItem {
                    text: text.to_owned(),
                    note: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let item = DetailedItem::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ChecklistItem {
                    text: item.text,
                    note: item.note,
                })
            }
        }

        deserializer.deserialize_any(ItemVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_strings_or_text_with_note() {
        let yaml = "title: First meeting\nsections:\n  - title: Agree\n    items:\n      - Swap contact details\n      - text: Sign the agreement\n        note: Keep a copy each\n";
        let checklist: Checklist = serde_saphyr::from_str(yaml).unwrap();
        let items = &checklist.sections[0].items;
        assert_eq!(items[0].text, "Swap contact details");
        assert_eq!(items[1].note.as_deref(), Some("Keep a copy each"));
        assert_eq!(checklist.item_count(), 2);
    }

    #[test]
    fn unknown_key_in_an_item_is_an_error() {
        let yaml =
            "title: T\nsections:\n  - title: S\n    items:\n      - text: a\n        nots: b\n";
        assert!(serde_saphyr::from_str::<Checklist>(yaml).is_err());
    }
}
