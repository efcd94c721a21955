//! `mentorkit schema`: JSON Schemas (draft 2020-12) of every YAML file kind, generated from the
//! typed model with schemars, so they cannot drift from the parser.
//!
//! Editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed...)
//! validate and complete a file whose first line names its schema:
//! `# yaml-language-server: $schema=../../schemas/checklist.schema.json`.

use std::fs;
use std::path::Path;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::error::IoFailure;
use crate::model::{
    Checklist, Config, Department, FrontMatter, Module, Program, ResponseMap, Survey,
};

/// The folder, relative to the project root, that `init` and the example's
/// `# yaml-language-server: $schema=` lines use.
pub const SCHEMA_DIR: &str = "schemas";

/// One file kind: its short name (as given to `mentorkit schema KIND`), schema file name, what it
/// describes and how to generate it.
pub struct SchemaKind {
    pub name: &'static str,
    pub file: &'static str,
    pub describes: &'static str,
    generate: fn() -> Schema,
}

impl SchemaKind {
    pub fn schema(&self) -> Schema {
        (self.generate)()
    }

    /// Pretty JSON with a trailing newline, as written to disk.
    pub fn json(&self) -> String {
        // Serializing a `serde_json::Value`-backed schema cannot fail.
        let mut text = serde_json::to_string_pretty(&self.schema()).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn generate<T: JsonSchema>(title: &str) -> Schema {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    describe_variant_keys(&mut schema);
    schema.insert("title".into(), title.into());
    schema
}

/// A one-key variant of an enum (`same: campus`) is an object whose description, the
/// variant's doc comment, is on the object around the key; the key gets it too, so an editor
/// hovering the key shows it.
fn describe_variant_keys(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut()
        && let Some(description) = object.get("description").cloned()
        && let Some(serde_json::Value::Object(properties)) = object.get_mut("properties")
        && properties.len() == 1
    {
        for property in properties.values_mut() {
            if let serde_json::Value::Object(property) = property {
                property
                    .entry("description")
                    .or_insert_with(|| description.clone());
            }
        }
    }
    schemars::transform::transform_subschemas(&mut describe_variant_keys, schema);
}

pub const KINDS: &[SchemaKind] = &[
    SchemaKind {
        name: "config",
        file: "config.schema.json",
        describes: "mentorkit.yaml",
        generate: || generate::<Config>("mentorkit.yaml"),
    },
    SchemaKind {
        name: "program",
        file: "program.schema.json",
        describes: "content/program.yaml",
        generate: || generate::<Program>("program.yaml"),
    },
    SchemaKind {
        name: "checklist",
        file: "checklist.schema.json",
        describes: "content/checklists/*.yaml",
        generate: || generate::<Checklist>("checklist"),
    },
    SchemaKind {
        name: "survey",
        file: "survey.schema.json",
        describes: "content/surveys/*.yaml",
        generate: || generate::<Survey>("survey"),
    },
    SchemaKind {
        name: "module",
        file: "module.schema.json",
        describes: "content/training/*.yaml",
        generate: || generate::<Module>("training module"),
    },
    SchemaKind {
        name: "department",
        file: "department.schema.json",
        describes: "content/departments/<id>/department.yaml",
        generate: || generate::<Department>("department.yaml"),
    },
    SchemaKind {
        name: "guide",
        file: "guide.schema.json",
        describes: "a guide's front matter (content/guides/**/*.md)",
        generate: || generate::<FrontMatter>("guide front matter"),
    },
    SchemaKind {
        name: "response-map",
        file: "response-map.schema.json",
        describes: "responses/<survey-id>/map.yaml (another tool's export, for `mentorkit report`)",
        generate: || generate::<ResponseMap>("responses map.yaml"),
    },
];

pub fn kind(name: &str) -> Option<&'static SchemaKind> {
    KINDS.iter().find(|k| {
        k.name == name || k.file == name || k.file.trim_end_matches(".schema.json") == name
    })
}

/// All schemas as one JSON object keyed by schema file name (what `mentorkit schema` prints).
pub fn bundle() -> String {
    let map: serde_json::Map<String, serde_json::Value> = KINDS
        .iter()
        .map(|k| (k.file.to_string(), k.schema().to_value()))
        .collect();
    let mut text = serde_json::to_string_pretty(&map).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every schema into `dir`, creating it. Returns the files written.
pub fn write_all(dir: &Path) -> Result<Vec<String>, IoFailure> {
    write(dir, KINDS)
}

/// Writes one `<kind>.schema.json` file per kind of `kinds` into `dir`, and returns their
/// names.
pub fn write<'k>(
    dir: &Path,
    kinds: impl IntoIterator<Item = &'k SchemaKind>,
) -> Result<Vec<String>, IoFailure> {
    fs::create_dir_all(dir).map_err(|source| IoFailure::new(dir, "create", source))?;
    let mut written = Vec::new();
    for kind in kinds {
        let path = dir.join(kind.file);
        fs::write(&path, kind.json()).map_err(|source| IoFailure::new(path, "write", source))?;
        written.push(kind.file.to_string());
    }
    Ok(written)
}

/// The `# yaml-language-server: $schema=...` line for a YAML file at `relative` (project-relative,
/// `/`-separated), pointing at `schemas/<kind>.schema.json` in the project root.
pub fn modeline(relative: &str, kind: &SchemaKind) -> String {
    let depth = relative.matches('/').count();
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_DIR}/{}\n",
        "../".repeat(depth),
        kind.file
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_are_draft_2020_12_and_strict() {
        let schema = kind("checklist")
            .map(SchemaKind::schema)
            .unwrap()
            .to_value();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["additionalProperties"], false);
        assert!(
            schema["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v == "title")
        );
    }

    #[test]
    fn modelines_climb_to_the_project_root() {
        let checklist = kind("checklist").unwrap();
        assert_eq!(
            modeline("content/checklists/a.yaml", checklist),
            "# yaml-language-server: $schema=../../schemas/checklist.schema.json\n"
        );
        let config = kind("config").unwrap();
        assert_eq!(
            modeline("mentorkit.yaml", config),
            "# yaml-language-server: $schema=schemas/config.schema.json\n"
        );
    }
}
