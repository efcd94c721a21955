//! Checks of the program (`content/program.yaml`): unique ids, phases that run forward, and
//! the phases and files that name each other.

use std::collections::BTreeSet;

use super::matching::validate_matching;
use super::with_suggestion;
use crate::diagnostics::{Code, Diagnostics, SourceFile, located_error};
use crate::model::{Kind, Located, Phase};
use crate::resolve::Site;

pub(super) fn validate_program(
    site: &Site,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let program = site.program;
    check_unique(
        source,
        "goal",
        program.goals.iter().map(|g| &g.id),
        diagnostics,
    );
    check_unique(
        source,
        "role",
        program.roles.iter().map(|r| &r.id),
        diagnostics,
    );
    check_unique(
        source,
        "phase",
        program.phases.iter().map(|p| &p.id),
        diagnostics,
    );
    if let Some(matching) = &program.matching {
        check_unique(
            source,
            "matching criterion",
            matching.criteria.iter().map(|c| &c.id),
            diagnostics,
        );
        validate_matching(matching, source, diagnostics);
    }
    for phase in &program.phases {
        check_phase_references(site, source, phase, "content/", diagnostics);
    }
}

fn check_unique<'a>(
    source: Option<&SourceFile>,
    what: &str,
    ids: impl IntoIterator<Item = &'a Located<String>>,
    diagnostics: &mut Diagnostics,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.value.as_str()) {
            diagnostics.push(
                located_error(
                    Code::DuplicateId,
                    source,
                    id,
                    format!("duplicate {what} id `{}`", id.value),
                )
                .with_hint(format!("each {what} needs its own id")),
            );
        }
    }
}

/// A phase's weeks run forward and every checklist, survey and module it names exists.
/// `add_to` says where a missing file would go (`content/`, or a department folder).
pub(super) fn check_phase_references(
    site: &Site,
    source: Option<&SourceFile>,
    phase: &Phase,
    add_to: &str,
    diagnostics: &mut Diagnostics,
) {
    let [from, to] = phase.weeks.value;
    if from > to {
        diagnostics.push(
            located_error(
                Code::Program,
                source,
                &phase.weeks,
                format!("phase `{}` ends before it starts", phase.id.value),
            )
            .with_hint("write `weeks: [from, to]` with from <= to"),
        );
    }
    let project = site.project;
    let references = [
        (Kind::Checklist, &phase.checklists),
        (Kind::Survey, &phase.surveys),
        (Kind::Module, &phase.modules),
    ];
    for (kind, ids) in references {
        for id in ids {
            if site.lookup(kind, &id.value).is_some()
                || project.unparsed.contains(&(kind, id.value.clone()))
            {
                continue;
            }
            let candidates: Vec<&str> = match kind {
                Kind::Checklist => project.checklists.iter().map(|e| e.id.as_str()).collect(),
                Kind::Survey => project.surveys.iter().map(|e| e.id.as_str()).collect(),
                Kind::Module => project.modules.iter().map(|e| e.id.as_str()).collect(),
            };
            diagnostics.push(with_suggestion(
                located_error(
                    Code::UnknownReference,
                    source,
                    id,
                    format!("unknown {} `{}`", kind.noun(), id.value),
                ),
                &id.value,
                candidates,
                &format!(
                    "add {add_to}{}/{}.yaml or fix the id",
                    kind.folder(),
                    id.value
                ),
            ));
        }
    }
}

/// A checklist's or survey's `phase:` names a phase of the program.
pub(super) fn check_phase(
    source: Option<&SourceFile>,
    phase: Option<&Located<String>>,
    phase_ids: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let Some(phase) = phase else { return };
    if !phase_ids.contains(&phase.value.as_str()) {
        diagnostics.push(with_suggestion(
            located_error(
                Code::UnknownReference,
                source,
                phase,
                format!("unknown phase `{}`", phase.value),
            ),
            &phase.value,
            phase_ids.iter().copied(),
            &format!(
                "phases defined in content/program.yaml: {}",
                phase_ids.join(", ")
            ),
        ));
    }
}
