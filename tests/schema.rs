//! `mentorkit schema`: the JSON Schemas validate every YAML file of the example, reject a
//! wrong one, and the copies in schemas/ are what the binary generates.

mod common;

use std::fs;
use std::path::Path;

use common::{Project, example_root, mentorkit};
use mentorkit::model::schema::{self, KINDS};
use serde_json::Value;

fn validator(kind: &str) -> jsonschema::Validator {
    let schema = schema::kind(kind).expect("known kind").schema().to_value();
    jsonschema::draft202012::new(&schema)
        .expect("the generated schema is a valid draft 2020-12 schema")
}

/// YAML as mentorkit reads it: YAML 1.2 booleans (`true` and `false` only; `yes` is text).
fn yaml(text: &str) -> Value {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<Value>(text, options).expect("YAML parses")
}

fn problems(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    files
}

#[test]
fn every_yaml_file_of_the_example_is_valid() {
    let root = example_root();
    let mut checked = 0;
    let mut cases = vec![
        (root.join("mentorkit.yaml"), "config"),
        (root.join("content/program.yaml"), "program"),
    ];
    for (folder, kind) in [
        ("checklists", "checklist"),
        ("surveys", "survey"),
        ("training", "module"),
    ] {
        let files = yaml_files(&root.join("content").join(folder));
        assert!(!files.is_empty(), "the example has {folder}");
        cases.extend(files.into_iter().map(|f| (f, kind)));
    }
    for department in fs::read_dir(root.join("content/departments"))
        .unwrap()
        .flatten()
    {
        cases.push((department.path().join("department.yaml"), "department"));
        for (folder, kind) in [
            ("checklists", "checklist"),
            ("surveys", "survey"),
            ("training", "module"),
        ] {
            cases.extend(
                yaml_files(&department.path().join(folder))
                    .into_iter()
                    .map(|f| (f, kind)),
            );
        }
    }
    for (file, kind) in cases {
        let text = fs::read_to_string(&file).unwrap();
        let expected = "# yaml-language-server: $schema=";
        assert!(
            text.starts_with(expected),
            "{} names its schema on line 1",
            file.display()
        );
        let problems = problems(&validator(kind), &yaml(&text));
        assert!(problems.is_empty(), "{}: {problems:?}", file.display());
        checked += 1;
    }
    // Guides: the front matter against the guide schema.
    let guide = validator("guide");
    for entry in walk(&root.join("content/guides")) {
        let text = fs::read_to_string(&entry).unwrap();
        let front = text
            .split("\n---")
            .next()
            .unwrap()
            .trim_start_matches("---\n");
        let problems = problems(&guide, &yaml(front));
        assert!(problems.is_empty(), "{}: {problems:?}", entry.display());
        checked += 1;
    }
    assert!(checked > 30, "checked {checked} files");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

#[test]
fn invalid_files_are_rejected() {
    let checklist = validator("checklist");
    let typo = yaml("title: First meeting\nsectons:\n  - title: A\n    items: [x]\n");
    let problems = problems(&checklist, &typo);
    assert!(
        problems.iter().any(|p| p.contains("sectons")),
        "{problems:?}"
    );
    // A checklist item is a string or {text, note}; anything else is wrong.
    let bad_item =
        yaml("title: T\nsections:\n  - title: A\n    items:\n      - text: a\n        nots: b\n");
    assert!(!checklist.is_valid(&bad_item));
    let survey = validator("survey");
    assert!(!survey.is_valid(&yaml(
        "title: S\nquestions:\n  - id: q\n    type: slider\n    text: Q\n"
    )));
    let program = validator("program");
    assert!(!program.is_valid(&yaml("name: P\ndurration_months: 12\n")));
    assert!(!program.is_valid(&yaml(
        "name: P\nphases:\n  - id: a\n    title: A\n    weeks: [1, 2, 3]\n"
    )));
    let config = validator("config");
    assert!(!config.is_valid(&yaml("title: T\nprint:\n  paper: legal\n")));
    // Required keys are required.
    assert!(!checklist.is_valid(&yaml("intro: no title\n")));

    // A department's program is checked key by key, lists as a list or `{append: [...]}`.
    let department = validator("department");
    assert!(department.is_valid(&yaml(
        "name: D\nprogram:\n  duration_months: 6\n  model: peer\n  goals:\n    append:\n      - id: g\n        title: G\n"
    )));
    assert!(!department.is_valid(&yaml("name: D\nprogram:\n  durration_months: 6\n")));
    assert!(!department.is_valid(&yaml("name: D\nprogram:\n  goals:\n    prepend: []\n")));
    assert!(!department.is_valid(&yaml("name: D\nbranding:\n  colour: red\n")));
}

#[test]
fn committed_schemas_match_the_model() {
    let dir = example_root().join(schema::SCHEMA_DIR);
    for kind in KINDS {
        let committed = fs::read_to_string(dir.join(kind.file)).unwrap_or_default();
        assert_eq!(
            committed,
            kind.json(),
            "schemas/{} is out of date: run `cargo run -- schema --output schemas`",
            kind.file
        );
    }
}

#[test]
fn schema_command_prints_and_writes() {
    let out = mentorkit().args(["schema", "checklist"]).assert().success();
    let printed: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(printed["title"], "checklist");

    let out = mentorkit().arg("schema").assert().success();
    let bundle: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for kind in KINDS {
        assert!(
            bundle.get(kind.file).is_some(),
            "{} in the bundle",
            kind.file
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("schemas");
    let out = mentorkit()
        .args(["schema", "--output"])
        .arg(&target)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("Wrote 8 schemas"), "{err}");
    for kind in KINDS {
        assert_eq!(
            fs::read_to_string(target.join(kind.file)).unwrap(),
            kind.json()
        );
    }

    mentorkit().args(["schema", "nonsense"]).assert().code(2);
}

#[test]
fn init_writes_the_schemas_its_files_point_at() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("handbook");
    mentorkit().arg("init").arg(&project).assert().success();
    let checklist =
        fs::read_to_string(project.join("content/checklists/first-meeting.yaml")).unwrap();
    let line = checklist.lines().next().unwrap();
    let relative = line
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap();
    let schema_path = project.join("content/checklists").join(relative);
    assert!(schema_path.is_file(), "{} exists", schema_path.display());
    assert!(project.join("schemas/config.schema.json").is_file());
    // and the project still builds with the modelines in place
    mentorkit()
        .arg("build")
        .arg("--root")
        .arg(&project)
        .assert()
        .success();
}

/// Every property of every schema, with its place (`schema#/path/to/properties/key`), and
/// whether it has a description.
fn properties(value: &Value, at: &str, out: &mut Vec<(String, bool)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get("properties") {
                for (key, prop) in props {
                    let described = prop
                        .get("description")
                        .and_then(Value::as_str)
                        .is_some_and(|d| !d.trim().is_empty());
                    out.push((format!("{at}/properties/{key}"), described));
                }
            }
            for (key, child) in map {
                properties(child, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                properties(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Hovering any key in an editor says what it is: every property has a description (from the
/// Rust doc comment of its field).
#[test]
fn every_property_has_a_description() {
    let mut all = Vec::new();
    for kind in KINDS {
        properties(&kind.schema().to_value(), kind.file, &mut all);
    }
    assert!(all.len() > 150, "{} properties", all.len());
    let missing: Vec<&String> = all.iter().filter(|(_, d)| !d).map(|(p, _)| p).collect();
    assert!(
        missing.is_empty(),
        "{} of {} properties have no description:\n{}",
        missing.len(),
        all.len(),
        missing
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A value of the wrong type fails the editor's validation and `check` alike, and both say
/// what type was expected: the validator in JSON Schema's words, `check` in the authors'
/// with the same word in parentheses (a list for an array).
#[test]
fn a_wrong_type_fails_the_schema_and_check_with_the_same_complaint() {
    // (schema kind, file, text, the value's place in the file, JSON type, line, check's words)
    let cases = [
        (
            "program",
            "content/program.yaml",
            "name: 42\n",
            "/name",
            "string",
            1,
            "text (a string)",
        ),
        (
            "program",
            "content/program.yaml",
            "name: P\nduration_months: twelve\n",
            "/duration_months",
            "integer",
            2,
            "(an integer)",
        ),
        (
            "checklist",
            "content/checklists/first-meeting.yaml",
            "title: T\nsections:\n  - title: A\n    items: 3\n",
            "/sections/0/items",
            "array",
            4,
            "a list",
        ),
        (
            "survey",
            "content/surveys/baseline.yaml",
            "title: S\nquestions:\n  - id: q\n    type: text\n    text: Q\n    required: maybe\n",
            "/questions/0/required",
            "boolean",
            6,
            "(a boolean)",
        ),
        (
            "config",
            "mentorkit.yaml",
            "title: true\n",
            "/title",
            "string",
            1,
            "text (a string)",
        ),
    ];
    for (kind, file, text, pointer, json_type, line, words) in cases {
        let errors: Vec<String> = validator(kind)
            .iter_errors(&yaml(text))
            .filter(|e| e.instance_path().to_string() == pointer)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("\"{json_type}\""))),
            "{file}: the validator says {errors:?}"
        );

        let project = Project::new();
        project.write(file, text);
        let out = mentorkit()
            .args(["check", "--format", "json", "--root"])
            .arg(project.root())
            .assert()
            .code(1);
        let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        let diagnostics = report
            .as_array()
            .or_else(|| report["diagnostics"].as_array())
            .expect("a list of diagnostics");
        let found = diagnostics.iter().any(|d| {
            d["file"] == file
                && d["line"] == line
                && d["code"] == "wrong-type"
                && d["message"].as_str().is_some_and(|m| m.contains(words))
        });
        assert!(found, "{file}: check says {diagnostics:#?}");
    }
}
