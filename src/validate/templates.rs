//! Checks of the project's template folders.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::{DEPARTMENT_TEMPLATES_FOLDER, Project};

/// Warns about each folder of `templates/departments/` (`override_ids`) that names no
/// department of the project: its templates would be silently unused.
pub fn unknown_departments(project: &Project, override_ids: &[String], found: &mut Diagnostics) {
    let known: BTreeSet<&str> = project.departments.iter().map(|d| d.id.as_str()).collect();
    for id in override_ids {
        if known.contains(id.as_str()) {
            continue;
        }
        let hint = match did_you_mean(id, known.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? The folder must be named like content/departments/<id>/"
            ),
            None => "the folder name must be the id of a department in content/departments/".into(),
        };
        found.push(
            Diagnostic::warning(
                Code::Template,
                format!("templates for unknown department `{id}`"),
            )
            .in_file(Path::new(&format!("{DEPARTMENT_TEMPLATES_FOLDER}/{id}")))
            .with_hint(hint),
        );
    }
}
