//! Loading the department overlay folders, `content/departments/<id>/`: each one's
//! department.yaml and content files, with a warning for files mentorkit does not read.

use std::fs;
use std::path::Path;

use super::FrontMatterCache;
use super::files::{invalid_segment, read_source};
use super::{load_files, yaml};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::{DEPARTMENTS_DIR, DEPARTMENTS_FOLDER, Department, DepartmentSource, Project};

/// What may sit in a department folder besides department.yaml and its logo.
const DEPARTMENT_FOLDERS: &[&str] = &["guides", "checklists", "surveys", "training"];

/// Loads every `content/departments/<id>/`, sorted by id.
pub(super) fn load_departments(
    project: &mut Project,
    cache: Option<&FrontMatterCache>,
    diagnostics: &mut Diagnostics,
) -> Vec<DepartmentSource> {
    let mut departments = Vec::new();
    for (name, is_dir) in department_entries(project, diagnostics) {
        departments.extend(load_department(project, name, is_dir, cache, diagnostics));
    }
    departments
}

/// The names in `content/departments/` (hidden ones left out), sorted, each with whether it
/// is a folder.
fn department_entries(project: &Project, diagnostics: &mut Diagnostics) -> Vec<(String, bool)> {
    let base = project.root.join(DEPARTMENTS_FOLDER);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut entries: Vec<(String, bool)> = match fs::read_dir(&base) {
        Ok(read) => read
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (e.file_name().to_string_lossy().into_owned(), is_dir)
            })
            .collect(),
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(Code::UnreadableFile, format!("cannot read folder: {error}"))
                    .in_file(Path::new(DEPARTMENTS_FOLDER))
                    .with_hint("check the folder's permissions"),
            );
            return Vec::new();
        }
    };
    entries.sort();
    entries
}

/// One department folder, or `None` when it is not one or its department.yaml has problems.
fn load_department(
    project: &mut Project,
    name: String,
    is_dir: bool,
    cache: Option<&FrontMatterCache>,
    diagnostics: &mut Diagnostics,
) -> Option<DepartmentSource> {
    let folder = format!("{DEPARTMENTS_FOLDER}/{name}");
    if !is_dir {
        diagnostics.push(
            Diagnostic::warning(Code::IgnoredFile, "ignored: not a department folder")
                .in_file(Path::new(&folder))
                .with_hint(format!("{DEPARTMENTS_FOLDER}/ holds one folder per department, each with a department.yaml")),
        );
        return None;
    }
    let file = format!("{folder}/department.yaml");
    if !project.root.join(&file).is_file() {
        diagnostics.push(
            Diagnostic::error(
                Code::MissingFile,
                "department folder has no department.yaml",
            )
            .in_file(Path::new(&folder))
            .with_hint(format!(
                "create {file} with at least `name:` (or run `mentorkit new department {name}`)"
            )),
        );
        return None;
    }
    let source = read_source(project, Path::new(&file), diagnostics)?;
    if let Some(diagnostic) = invalid_id(&name, &source) {
        diagnostics.push(diagnostic);
        return None;
    }
    let data: Department = match yaml::parse(&source, 0, source.text.len()) {
        Ok(data) => data,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    warn_stray_department_files(project, &folder, &data, diagnostics);
    let files = load_files(project, &folder, cache, diagnostics);
    Some(DepartmentSource {
        id: name,
        folder,
        file,
        data,
        guides: files.guides,
        checklists: files.checklists,
        surveys: files.surveys,
        modules: files.modules,
        unparsed: files.unparsed,
    })
}

/// The problem with a department's folder name as its id, reported at department.yaml's start.
fn invalid_id(name: &str, source: &SourceFile) -> Option<Diagnostic> {
    let problem = invalid_segment(name)?;
    let mut diagnostic = Diagnostic::error(Code::InvalidId, format!(
        "department id `{name}` (the folder name) {problem}"
    ))
    .at(source, 0..0)
    .with_hint(format!(
        "the folder name becomes the department's URL ({DEPARTMENTS_DIR}/<id>/); rename the folder to e.g. `{}`",
        suggested_id(name)
    ));
    // The id is the folder's name, not a place in the file: report it at the file's start.
    diagnostic.span = None;
    Some(diagnostic)
}

/// Warns about files in a department folder that mentorkit does not read.
fn warn_stray_department_files(
    project: &Project,
    folder: &str,
    data: &Department,
    diagnostics: &mut Diagnostics,
) {
    let Ok(read) = fs::read_dir(project.root.join(folder)) else {
        return;
    };
    let logo = data.branding.logo.as_ref().map(|l| l.value.as_str());
    let mut names: Vec<(String, bool)> = read
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.file_type().is_ok_and(|t| t.is_dir()),
            )
        })
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    names.sort();
    for (name, is_dir) in names {
        let known = if is_dir {
            DEPARTMENT_FOLDERS.contains(&name.as_str())
                || logo.is_some_and(|l| l.starts_with(&format!("{name}/")))
        } else {
            name == "department.yaml" || logo == Some(name.as_str())
        };
        if known {
            continue;
        }
        let mut candidates: Vec<&str> = DEPARTMENT_FOLDERS.to_vec();
        candidates.push("department.yaml");
        let hint = match crate::diagnostics::did_you_mean(&name, candidates) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "a department folder holds department.yaml, its logo, and guides/, checklists/, surveys/ and training/".into(),
        };
        diagnostics.push(
            Diagnostic::warning(
                Code::IgnoredFile,
                if is_dir {
                    "ignored folder in a department"
                } else {
                    "ignored file in a department"
                },
            )
            .in_file(&Path::new(folder).join(&name))
            .with_hint(hint),
        );
    }
}

/// A department id to suggest for a folder name that is not one: ASCII letters and digits in
/// lowercase, runs of anything else as one hyphen (`Radiology & Imaging` ->
/// `radiology-imaging`), `department` if nothing is left. Unlike the heading anchors of
/// `render::markdown::slugify`, the result is always a valid id.
fn suggested_id(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "department".into()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_ids_are_valid_ids() {
        assert_eq!(suggested_id("Radiology & Imaging"), "radiology-imaging");
        assert_eq!(suggested_id("  ICU (North) "), "icu-north");
        assert_eq!(suggested_id("???"), "department");
        for name in ["Radiology & Imaging", "-x-", "Café", ""] {
            assert_eq!(invalid_segment(&suggested_id(name)), None, "{name}");
        }
    }
}
