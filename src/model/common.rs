//! Value types shared by several file kinds.

use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, IntoDeserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A value with the line and column it was read from, for diagnostics about references.
pub type Located<T> = serde_saphyr::Spanned<T>;

/// Who a page, checklist or survey is for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    Mentor,
    Mentee,
    Coordinator,
    Leadership,
}

/// A field that takes one value or a list (`audience: mentor` or `audience: [mentor, mentee]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<T>();
        json_schema!({
            "description": "One value or a list of values",
            "anyOf": [one, { "type": "array", "items": one }]
        })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OneOrManyVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value or a list of values")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                T::deserialize(value.into_deserializer()).map(|one| OneOrMany(vec![one]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element()? {
                    values.push(value);
                }
                Ok(OneOrMany(values))
            }
        }

        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

/// A number from YAML that prints without a trailing `.0` when it is whole (`5`, not `5.0`).
/// Written as a number: `'85'` in quotes is text, as the JSON Schema says.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, JsonSchema)]
#[serde(transparent)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        plain::<D, f64>(deserializer).map(Number)
    }
}

/// Reads a number or a boolean only as YAML writes one (`12`, `true`): the quoted `'12'` is
/// text, which the JSON Schemas reject where a number is expected, and so does `check`.
/// For `#[serde(deserialize_with = "plain")]`.
pub fn plain<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_any(PlainVisitor::<T>(PhantomData))
}

/// [`plain`] for an optional value: an empty value (`~`, nothing) is none.
pub fn plain_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_any(PlainOption::<T>(PhantomData))
}

struct PlainVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PlainVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // `u32`, `i64`, `f64` or `bool`: the message names the type in the authors' words.
        f.write_str(std::any::type_name::<T>())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<T, E> {
        T::deserialize(value.into_deserializer())
    }
}

struct PlainOption<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PlainOption<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        PlainVisitor::<T>(PhantomData).expecting(f)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Option<T>, E> {
        PlainVisitor(PhantomData).visit_u64(value).map(Some)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Option<T>, E> {
        PlainVisitor(PhantomData).visit_i64(value).map(Some)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Option<T>, E> {
        PlainVisitor(PhantomData).visit_f64(value).map(Some)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Option<T>, E> {
        PlainVisitor(PhantomData).visit_bool(value).map(Some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_whole() {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

impl Number {
    pub fn is_whole(self) -> bool {
        self.0.fract() == 0.0 && self.0.abs() < 1e15
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_whole() {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Holder {
        audience: OneOrMany<Audience>,
    }

    #[test]
    fn one_or_many_accepts_both_forms() {
        let one: Holder = serde_saphyr::from_str("audience: mentor").unwrap();
        assert_eq!(one.audience.0, vec![Audience::Mentor]);
        let many: Holder = serde_saphyr::from_str("audience: [mentor, mentee]").unwrap();
        assert_eq!(many.audience.0, vec![Audience::Mentor, Audience::Mentee]);
        assert!(serde_saphyr::from_str::<Holder>("audience: nurse").is_err());
    }

    #[derive(Debug, Deserialize)]
    struct Plain {
        #[serde(deserialize_with = "plain")]
        minutes: u32,
        #[serde(default, deserialize_with = "plain")]
        required: bool,
        #[serde(default, deserialize_with = "plain_option")]
        length: Option<u32>,
        #[serde(default)]
        target: Option<Number>,
    }

    #[test]
    fn numbers_and_booleans_are_read_only_as_written_unquoted() {
        let ok: Plain =
            serde_saphyr::from_str("minutes: 20\nrequired: true\nlength: 45\ntarget: 2.5\n")
                .unwrap();
        assert_eq!((ok.minutes, ok.required, ok.length), (20, true, Some(45)));
        assert_eq!(ok.target, Some(Number(2.5)));
        let empty: Plain = serde_saphyr::from_str("minutes: 1\nlength:\n").unwrap();
        assert_eq!(empty.length, None);
        for text in [
            "minutes: '20'\n",
            "minutes: 1\nrequired: 'true'\n",
            "minutes: 1\nlength: \"45\"\n",
            "minutes: 1\ntarget: '90'\n",
            "minutes: -1\n",
        ] {
            assert!(serde_saphyr::from_str::<Plain>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn whole_numbers_print_without_fraction() {
        assert_eq!(Number(5.0).to_string(), "5");
        assert_eq!(Number(2.5).to_string(), "2.5");
        assert_eq!(serde_json::to_string(&Number(12.0)).unwrap(), "12");
    }
}
