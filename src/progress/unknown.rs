//! Keys of the progress file that this version does not know: a newer
//! onboard (same schema) may have written them. They are kept on the next
//! save, at the four levels where records live: the top, `[recruit]`,
//! `[content]` and each `[steps.<id>]`.
//!
//! Saves read the file under the lock and never go through the cache (see
//! [`super::store`]); so only they collect these keys, and a cached
//! progress never holds any.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::{ContentRecord, Progress, Recruit, StepRecord};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unknown {
    top: toml::Table,
    recruit: toml::Table,
    content: toml::Table,
    steps: BTreeMap<String, toml::Table>,
}

impl Unknown {
    pub(crate) fn is_empty(&self) -> bool {
        self.top.is_empty()
            && self.recruit.is_empty()
            && self.content.is_empty()
            && self.steps.is_empty()
    }

    /// The keys of `table` (a whole progress file) that no field reads.
    pub(super) fn collect(table: &toml::Table) -> Unknown {
        let nested = |key: &str| table.get(key).and_then(toml::Value::as_table);
        let steps = nested("steps")
            .map(|steps| {
                steps
                    .iter()
                    .filter_map(|(id, step)| {
                        let extra = unknown_in::<StepRecord>(step.as_table()?);
                        (!extra.is_empty()).then(|| (id.clone(), extra))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Unknown {
            top: unknown_in::<Progress>(table),
            recruit: nested("recruit")
                .map(unknown_in::<Recruit>)
                .unwrap_or_default(),
            content: nested("content")
                .map(unknown_in::<ContentRecord>)
                .unwrap_or_default(),
            steps,
        }
    }

    /// Adds the kept keys to `table` (the progress about to be saved), where
    /// their record still exists and the key is not taken.
    pub(super) fn restore(&self, table: &mut toml::Table) {
        add(table, &self.top);
        for (key, extra) in [("recruit", &self.recruit), ("content", &self.content)] {
            if let Some(toml::Value::Table(record)) = table.get_mut(key) {
                add(record, extra);
            }
        }
        if let Some(toml::Value::Table(steps)) = table.get_mut("steps") {
            for (id, extra) in &self.steps {
                if let Some(toml::Value::Table(record)) = steps.get_mut(id) {
                    add(record, extra);
                }
            }
        }
    }
}

fn add(table: &mut toml::Table, extra: &toml::Table) {
    for (key, value) in extra {
        table.entry(key.clone()).or_insert_with(|| value.clone());
    }
}

/// The keys of `table` that are not fields of `T`.
fn unknown_in<'de, T: Deserialize<'de>>(table: &toml::Table) -> toml::Table {
    let known = fields::<T>();
    table
        .iter()
        .filter(|(key, _)| !known.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// The field names of a struct, as its derived `Deserialize` announces
/// them: one list, kept by the compiler, rather than a copy that could
/// drift from the struct.
fn fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut found: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut found));
    found
}

/// A deserializer that only records the fields a struct asks for.
struct Fields<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for Fields<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only the fields are asked for"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("only the fields are asked for"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_are_those_of_the_struct() {
        assert_eq!(
            fields::<Progress>(),
            ["schema", "welcomed", "recruit", "content", "steps"]
        );
        assert_eq!(fields::<Recruit>(), ["name"]);
        assert!(fields::<StepRecord>().contains(&"review"));
    }

    #[test]
    fn unknown_keys_are_collected_and_restored_where_their_record_is() {
        let table: toml::Table = toml::from_str(
            "schema = 1\nfuture = 3\n[recruit]\nname = \"A\"\npronoun = \"iel\"\n\
             [steps.a]\nstatus = \"started\"\nmood = \"ok\"\n[steps.b]\nstatus = \"passed\"\nx = 1\n",
        )
        .unwrap();
        let unknown = Unknown::collect(&table);
        assert!(!unknown.is_empty());
        let mut saved: toml::Table =
            toml::from_str("schema = 1\n[recruit]\nname = \"B\"\n[steps.a]\nstatus = \"passed\"\n")
                .unwrap();
        unknown.restore(&mut saved);
        assert_eq!(saved["future"].as_integer(), Some(3));
        assert_eq!(saved["recruit"]["pronoun"].as_str(), Some("iel"));
        assert_eq!(saved["recruit"]["name"].as_str(), Some("B"));
        assert_eq!(saved["steps"]["a"]["mood"].as_str(), Some("ok"));
        assert_eq!(saved["steps"]["a"]["status"].as_str(), Some("passed"));
        // Step b was forgotten: its unknown key goes with it.
        assert!(saved["steps"].get("b").is_none());
    }
}
