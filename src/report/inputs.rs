//! The responses folder: one folder per survey (its CSV and JSON files, and `map.yaml` for
//! another tool's export) and `cohort.csv`. File names are read in sorted order, so the
//! report never depends on the order the disk lists them in.

use std::fs;
use std::path::Path;

use super::cohort::{Person, read_cohort};
use super::responses::{Collected, Reading};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap, did_you_mean, display_path};
use crate::load::read_named_file;
use crate::model::{Config, Entry, Project, ResponseMap, Survey};

/// Everything read from the responses folder.
pub struct Inputs {
    /// Per survey that has a folder: its id and its responses.
    pub surveys: Vec<(String, Collected)>,
    pub cohort: Option<Vec<Person>>,
}

/// Where the folder is and how its files are named in messages.
pub struct Folder<'a> {
    pub path: &'a Path,
    /// The folder as messages show it (`responses`).
    pub shown: String,
}

pub fn read_inputs(
    folder: &Folder,
    project: &Project,
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Inputs {
    let mut inputs = Inputs {
        surveys: Vec::new(),
        cohort: None,
    };
    let departments: Vec<String> = project.departments.iter().map(|d| d.id.clone()).collect();
    let Some(config) = project.config.as_ref() else {
        return inputs;
    };
    for (name, is_dir) in entries(folder.path, diagnostics) {
        let shown = format!("{}/{name}", folder.shown);
        if is_dir {
            let Some(survey) = project.surveys.iter().find(|s| s.id == name) else {
                diagnostics.push(unknown_survey(&name, &shown, &project.surveys));
                continue;
            };
            let context = (config, departments.as_slice());
            let collected = read_survey(folder, survey, context, diagnostics, sources);
            inputs.surveys.push((name, collected));
        } else if name == "cohort.csv" {
            let (_, read) = read_named_file(&folder.path.join(&name), Path::new(&shown));
            match read {
                Ok(source) => {
                    inputs.cohort = read_cohort(source, &departments, diagnostics, sources);
                }
                Err(problem) => diagnostics.push(problem),
            }
        } else {
            diagnostics.push(ignored(
                &shown,
                "the responses folder holds a folder per survey and cohort.csv",
            ));
        }
    }
    inputs
}

/// The folder's entries, sorted: (name, is a folder).
fn entries(path: &Path, diagnostics: &mut Diagnostics) -> Vec<(String, bool)> {
    let listed = match fs::read_dir(path) {
        Ok(listed) => listed,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::MissingFile,
                    format!(
                        "cannot read the responses folder {}: {error}",
                        display_path(path)
                    ),
                )
                .with_hint(
                    "put the response files in responses/<survey-id>/, or pass --responses DIR",
                ),
            );
            return Vec::new();
        }
    };
    let mut found: Vec<(String, bool)> = listed
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().ok()?;
            (!name.starts_with('.')).then_some((name, kind.is_dir()))
        })
        .collect();
    found.sort();
    found
}

fn unknown_survey(name: &str, shown: &str, surveys: &[Entry<Survey>]) -> Diagnostic {
    let ids = surveys.iter().map(|s| s.id.as_str());
    let hint = match did_you_mean(name, ids) {
        Some(close) => format!("did you mean `{close}`? A folder is named after its survey's id"),
        None => format!(
            "the surveys are: {}",
            surveys
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::error(
        Code::Report,
        format!("unknown survey `{name}`: content/surveys/ has no {name}.yaml"),
    )
    .in_file(Path::new(shown))
    .with_hint(hint)
}

fn ignored(shown: &str, why: &str) -> Diagnostic {
    Diagnostic::warning(Code::IgnoredFile, format!("{shown} is not read"))
        .in_file(Path::new(shown))
        .with_hint(why.to_string())
}

/// One survey's folder: `map.yaml` first, then every CSV and JSON file.
fn read_survey(
    folder: &Folder,
    survey: &Entry<Survey>,
    (config, departments): (&Config, &[String]),
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Collected {
    let path = folder.path.join(&survey.id);
    let shown = format!("{}/{}", folder.shown, survey.id);
    let map = read_map(&path, &shown, diagnostics, sources).unwrap_or_default();
    let reading = Reading {
        survey: &survey.data,
        config,
        departments,
        map: &map,
    };
    let mut collected = Collected::default();
    for (name, is_dir) in entries(&path, diagnostics) {
        let file = format!("{shown}/{name}");
        let extension = Path::new(&name).extension().and_then(|e| e.to_str());
        let extension = extension.map(str::to_ascii_lowercase);
        let is_data = matches!(extension.as_deref(), Some("csv" | "json"));
        if is_dir || !is_data {
            if name != "map.yaml" {
                diagnostics.push(ignored(
                    &file,
                    "a survey's folder holds .csv and .json files and map.yaml",
                ));
            }
            continue;
        }
        let (_, read) = read_named_file(&path.join(&name), Path::new(&file));
        let source = match read {
            Ok(source) => source,
            Err(problem) => {
                diagnostics.push(problem);
                continue;
            }
        };
        if extension.as_deref() == Some("json") {
            collected.read_json(source, &reading, diagnostics, sources);
        } else {
            collected.read_csv(source, &reading, diagnostics, sources);
        }
    }
    collected
}

fn read_map(
    path: &Path,
    shown: &str,
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Option<ResponseMap> {
    let file = path.join("map.yaml");
    if !file.is_file() {
        return None;
    }
    let (_, read) = read_named_file(&file, Path::new(&format!("{shown}/map.yaml")));
    let source = match read {
        Ok(source) => source,
        Err(problem) => {
            diagnostics.push(problem);
            return None;
        }
    };
    sources.add(source.clone());
    match crate::load::yaml::parse(&source, 0, source.text.len()) {
        Ok(map) => Some(map),
        Err(problem) => {
            diagnostics.push(problem);
            None
        }
    }
}
