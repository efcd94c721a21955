//! Stage 3, validate: check what the parser cannot see alone: references between files,
//! duplicate ids inside a file, and rules that depend on several keys at once.

pub mod links;
pub mod matching;
pub mod overlay;
mod program;
pub mod report;
pub mod review;
mod survey;
pub mod templates;
pub mod unused;
pub mod urls;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, did_you_mean, located_error};
use crate::model::{Entry, Kind, Module};
use crate::resolve::Site;
use program::{check_phase, validate_program};
use survey::{SurveyFile, validate_collection, validate_survey};

/// Checklist ids taken by the checklists index and the printable pack.
const RESERVED_CHECKLIST_IDS: &[&str] = &["index", "print"];

pub fn validate(site: &Site, diagnostics: &mut Diagnostics) {
    let project = site.project;
    let program_source = project.sources.get("content/program.yaml");
    // A department's program is program.yaml (checked in the organization-wide run) merged
    // with the overlay, which `overlay::validate_overlay` checks where it is written.
    if !site.is_department() {
        validate_program(site, program_source, diagnostics);
    }
    let phase_ids: Vec<&str> = site
        .program
        .phases
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();

    for entry in &project.checklists {
        let source = project.sources.get(&entry.file);
        check_phase(source, entry.data.phase.as_ref(), &phase_ids, diagnostics);
        if entry.data.sections.iter().all(|s| s.items.is_empty()) {
            let d = Diagnostic::warning(Code::Checklist, "checklist has no items");
            diagnostics.push(
                match source {
                    Some(source) => d.at(source, 0..0),
                    None => d,
                }
                .with_hint("add `sections:` with `items:`"),
            );
        }
    }
    validate_collection(site, diagnostics);
    let config_source = project.sources.get("mentorkit.yaml");
    report::validate_min_cell(site.config, config_source, diagnostics);
    report::validate_measure_sources(
        site.program,
        &project.surveys,
        site.config,
        project.sources.get("content/program.yaml"),
        diagnostics,
    );
    urls::validate_config_urls(site, diagnostics);
    for entry in &project.checklists {
        let source = project.sources.get(&entry.file);
        check_reserved_id(
            source,
            Kind::Checklist,
            &entry.id,
            RESERVED_CHECKLIST_IDS,
            diagnostics,
        );
    }
    for entry in &project.surveys {
        let source = project.sources.get(&entry.file);
        check_reserved_id(source, Kind::Survey, &entry.id, &["index"], diagnostics);
        check_phase(source, entry.data.phase.as_ref(), &phase_ids, diagnostics);
        let file = SurveyFile {
            survey: &entry.data,
            site_scales: &site.config.scales,
            source,
        };
        validate_survey(&file, diagnostics);
    }
    for entry in &project.modules {
        validate_module(site, entry, diagnostics);
    }
    for guide in &project.guides {
        review::validate_guide(project.sources.get(&guide.file), guide, diagnostics);
    }
    review::validate_document(site, diagnostics);
}

/// Places a problem of mentorkit.yaml at the first `key` in it (its values carry no positions);
/// without the source, the diagnostic is left as it is.
pub(crate) fn at_config_key(
    diagnostic: Diagnostic,
    source: Option<&SourceFile>,
    key: &str,
) -> Diagnostic {
    match source {
        Some(source) => {
            let start = source.text.find(key).unwrap_or(0);
            diagnostic.at(source, start..source.token_end(start).max(start))
        }
        None => diagnostic,
    }
}

/// A module's assessment is a checklist or survey, and its agenda fills its duration.
fn validate_module(site: &Site, entry: &Entry<Module>, diagnostics: &mut Diagnostics) {
    let project = site.project;
    let source = project.sources.get(&entry.file);
    if let Some(assessment) = &entry.data.assessment {
        let id = assessment.value.as_str();
        let known = site.checklist(id).is_some() || site.survey(id).is_some();
        let unparsed = project
            .unparsed
            .contains(&(Kind::Checklist, id.to_string()))
            || project.unparsed.contains(&(Kind::Survey, id.to_string()));
        if !known && !unparsed {
            let candidates = project
                .checklists
                .iter()
                .map(|e| e.id.as_str())
                .chain(project.surveys.iter().map(|e| e.id.as_str()));
            diagnostics.push(with_suggestion(
                located_error(
                    Code::UnknownReference,
                    source,
                    assessment,
                    format!("unknown assessment `{id}`"),
                ),
                id,
                candidates,
                "an assessment is the id of a survey or a checklist",
            ));
        }
    }
    let agenda = entry.data.agenda_minutes();
    if !entry.data.agenda.is_empty() && agenda != entry.data.duration_minutes {
        let d = Diagnostic::warning(
            Code::Module,
            format!(
                "agenda adds up to {agenda} minutes but duration_minutes is {}",
                entry.data.duration_minutes
            ),
        )
        .with_hint("make the agenda's minutes add up to the module's duration");
        diagnostics.push(match source {
            Some(source) => d.at(source, 0..0),
            None => d,
        });
    }
}

/// The diagnostic with a "did you mean" hint when `name` is close to a candidate, or else
/// the `otherwise` hint.
fn with_suggestion<'a>(
    diagnostic: Diagnostic,
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> Diagnostic {
    match did_you_mean(name, candidates) {
        Some(close) => diagnostic.with_hint(format!("did you mean `{close}`?")),
        None => diagnostic.with_hint(otherwise.to_string()),
    }
}

/// A file's id is not the name of a page of its own (`checklists/index.html`).
fn check_reserved_id(
    source: Option<&SourceFile>,
    kind: Kind,
    id: &str,
    reserved: &[&str],
    diagnostics: &mut Diagnostics,
) {
    if reserved.contains(&id) {
        let d = Diagnostic::error(
            Code::InvalidId,
            format!("a {} cannot have the id `{id}`", kind.noun()),
        )
        .with_hint(format!(
            "`{}/{id}.html` is a page of its own; rename the file",
            kind.folder()
        ));
        diagnostics.push(match source {
            Some(source) => d.at(source, 0..0),
            None => d,
        });
    }
}
