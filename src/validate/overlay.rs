//! Checks of what a department's overlay writes, against its variant: its branding, the
//! references from the phases it writes, the ids it adds. Located in department.yaml.

use std::path::{Component, Path};

use super::matching::validate_matching;
use super::program::check_phase_references;
use crate::diagnostics::{Code, Diagnostics, Severity, SourceFile, located_error};
use crate::model::{DepartmentSource, Located, Matching, ProgramPatch};
use crate::resolve::Site;
use crate::resolve::branding::{contrast_with_white, parse_hex_colour};

/// Checks what a department's overlay writes, against its variant: references from the
/// phases it writes, ids it adds, its branding. Everything is located in department.yaml.
pub fn validate_overlay(site: &Site, department: &DepartmentSource, diagnostics: &mut Diagnostics) {
    let source = site.project.sources.get(&department.file);
    let branding = &department.data.branding;
    if let Some(accent) = &branding.accent {
        check_accent(accent, source, diagnostics);
    }
    if let Some(logo) = &branding.logo {
        check_logo(site, department, logo, source, diagnostics);
    }
    if let Some(patch) = &department.data.program {
        check_program_patch(site, department, patch, source, diagnostics);
    }
}

/// The accent is a colour dark enough to carry white text.
fn check_accent(
    accent: &Located<String>,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    match parse_hex_colour(&accent.value) {
        None => diagnostics.push(
            located_error(Code::Department, source, accent, format!("`{}` is not a colour", accent.value))
                .with_hint("write the accent colour as `#rrggbb` (or `#rgb`), e.g. `\"#0b6e4f\"` (quoted: # starts a YAML comment)"),
        ),
        Some(rgb) => {
            let ratio = contrast_with_white(rgb);
            if ratio < 4.5 {
                let mut d = located_error(
                    Code::Department,
                    source,
                    accent,
                    format!("accent colour `{}` is too light: its contrast with white is {ratio:.1}:1", accent.value),
                )
                .with_hint("links and the header use the accent colour with white; choose a darker shade (at least 4.5:1)");
                d.severity = Severity::Warning;
                diagnostics.push(d);
            }
        }
    }
}

/// The logo is a file inside the department folder.
fn check_logo(
    site: &Site,
    department: &DepartmentSource,
    logo: &Located<String>,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let path = Path::new(&logo.value);
    let inside =
        !logo.value.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    let relative = Path::new(&department.folder).join(path);
    if !inside {
        diagnostics.push(
            located_error(
                Code::Department,
                source,
                logo,
                format!(
                    "logo `{}` is not a path inside the department folder",
                    logo.value
                ),
            )
            .with_hint(format!(
                "put the image in {}/ and write its name, e.g. `logo: logo.svg`",
                department.folder
            )),
        );
    } else if !site.project.root.join(&relative).is_file() {
        diagnostics.push(
            located_error(
                Code::Department,
                source,
                logo,
                format!("logo file `{}` not found", logo.value),
            )
            .with_hint(format!(
                "the logo path is relative to {}/",
                department.folder
            )),
        );
    } else if !crate::load::is_real_file(&site.project.root, &relative) {
        diagnostics.push(
            located_error(
                Code::Symlink,
                source,
                logo,
                format!("logo `{}` is reached through a symbolic link", logo.value),
            )
            .with_hint("mentorkit reads only real files inside the project; copy the image into the department folder"),
        );
    }
}

/// The phases the overlay writes name files that exist, and the goals, roles, phases and
/// criteria it writes have ids unique in the merged program.
fn check_program_patch(
    site: &Site,
    department: &DepartmentSource,
    patch: &ProgramPatch,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let program = site.program;
    if let Some(phases) = &patch.phases {
        // A file a phase names but that is missing would go in the department's folder.
        let add_to = format!("{}/", department.folder);
        for phase in phases.items() {
            check_phase_references(site, source, phase, &add_to, diagnostics);
        }
    }
    if let Some(goals) = &patch.goals {
        check_unique_written(
            source,
            "goal",
            goals.items().iter().map(|g| &g.id).collect(),
            program.goals.iter().map(|g| g.id.value.as_str()).collect(),
            diagnostics,
        );
    }
    if let Some(roles) = &patch.roles {
        check_unique_written(
            source,
            "role",
            roles.items().iter().map(|r| &r.id).collect(),
            program.roles.iter().map(|r| r.id.value.as_str()).collect(),
            diagnostics,
        );
    }
    if let Some(phases) = &patch.phases {
        check_unique_written(
            source,
            "phase",
            phases.items().iter().map(|p| &p.id).collect(),
            program.phases.iter().map(|p| p.id.value.as_str()).collect(),
            diagnostics,
        );
    }
    if let (Some(criteria), Some(matching)) = (
        patch.matching.as_ref().and_then(|m| m.criteria.as_ref()),
        &program.matching,
    ) {
        check_unique_written(
            source,
            "matching criterion",
            criteria.items().iter().map(|c| &c.id).collect(),
            matching
                .criteria
                .iter()
                .map(|c| c.id.value.as_str())
                .collect(),
            diagnostics,
        );
    }
    if let Some(matching) = &patch.matching {
        // What the overlay writes is checked where it is written.
        let written = Matching {
            method: None,
            criteria: matching
                .criteria
                .as_ref()
                .map_or_else(Vec::new, |c| c.items().to_vec()),
            rules: matching.rules.clone(),
        };
        validate_matching(&written, source, diagnostics);
    }
}

/// Each `what` id the overlay writes is in the merged program's list (`merged`) once only.
fn check_unique_written(
    source: Option<&SourceFile>,
    what: &str,
    written: Vec<&Located<String>>,
    merged: Vec<&str>,
    diagnostics: &mut Diagnostics,
) {
    for id in written {
        if merged.iter().filter(|m| **m == id.value).count() > 1 {
            diagnostics.push(
                located_error(Code::DuplicateId, source, id, format!("duplicate {what} id `{}`", id.value)).with_hint(format!(
                    "each {what} needs its own id; `{{append: [...]}}` adds to the organization-wide list, so to change an existing {what} replace the whole list"
                )),
            );
        }
    }
}
