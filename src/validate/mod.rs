//! Stage 3, validate: check what the parser cannot see alone: references between files,
//! duplicate ids inside a file, and rules that depend on several keys at once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, did_you_mean, located_error};
use crate::model::{
    BUILTIN_SCALES, Kind, Located, Question, QuestionKind, RESERVED_COLUMNS, Submit, Survey,
    answer_values, scale_labels,
};
use crate::resolve::Site;

pub fn validate(site: &Site, diagnostics: &mut Diagnostics) {
    let project = site.project;
    let program_source = project.sources.get("content/program.yaml");
    // A department's program is program.yaml (checked in the organization-wide run) merged
    // with the overlay, which `department::validate_overlay` checks where it is written.
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
            let d = Diagnostic::warning("checklist has no items");
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
        validate_survey(&entry.data, &site.config.scales, source, diagnostics);
    }
    for entry in &project.modules {
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
                    located_error(source, assessment, format!("unknown assessment `{id}`")),
                    id,
                    candidates,
                    "an assessment is the id of a survey or a checklist",
                ));
            }
        }
        let agenda = entry.data.agenda_minutes();
        if !entry.data.agenda.is_empty() && agenda != entry.data.duration_minutes {
            let d = Diagnostic::warning(format!(
                "agenda adds up to {agenda} minutes but duration_minutes is {}",
                entry.data.duration_minutes
            ))
            .with_hint("make the agenda's minutes add up to the module's duration");
            diagnostics.push(match source {
                Some(source) => d.at(source, 0..0),
                None => d,
            });
        }
    }
}

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

fn check_phase(
    source: Option<&SourceFile>,
    phase: Option<&Located<String>>,
    phase_ids: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let Some(phase) = phase else { return };
    if !phase_ids.contains(&phase.value.as_str()) {
        diagnostics.push(with_suggestion(
            located_error(source, phase, format!("unknown phase `{}`", phase.value)),
            &phase.value,
            phase_ids.iter().copied(),
            &format!(
                "phases defined in content/program.yaml: {}",
                phase_ids.join(", ")
            ),
        ));
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
                located_error(source, id, format!("duplicate {what} id `{}`", id.value))
                    .with_hint(format!("each {what} needs its own id")),
            );
        }
    }
}

fn validate_program(site: &Site, source: Option<&SourceFile>, diagnostics: &mut Diagnostics) {
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
    }
    for phase in &program.phases {
        check_phase_references(site, source, phase, "content/", diagnostics);
    }
}

/// A phase's weeks run forward and every checklist, survey and module it names exists.
/// `add_to` says where a missing file would go (`content/`, or a department folder).
pub fn check_phase_references(
    site: &Site,
    source: Option<&SourceFile>,
    phase: &crate::model::Phase,
    add_to: &str,
    diagnostics: &mut Diagnostics,
) {
    let [from, to] = phase.weeks.value;
    if from > to {
        diagnostics.push(
            located_error(
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

/// Checklist ids taken by the checklists index and the printable pack.
const RESERVED_CHECKLIST_IDS: &[&str] = &["index", "print"];

fn check_reserved_id(
    source: Option<&SourceFile>,
    kind: Kind,
    id: &str,
    reserved: &[&str],
    diagnostics: &mut Diagnostics,
) {
    if reserved.contains(&id) {
        let d = Diagnostic::error(format!("a {} cannot have the id `{id}`", kind.noun()))
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

/// `surveys.submit: post` needs an `endpoint`, and an endpoint is only used with `post`.
fn validate_collection(site: &Site, diagnostics: &mut Diagnostics) {
    let collection = &site.config.surveys;
    let source = site.project.sources.get("mentorkit.yaml");
    let place = |d: Diagnostic, key: &str| match source {
        Some(source) => {
            let start = source.text.find(key).unwrap_or(0);
            let end = source.token_end(start).max(start);
            d.at(source, start..end)
        }
        None => d,
    };
    let endpoint = collection.endpoint.as_deref().map(str::trim).unwrap_or("");
    match collection.submit {
        Submit::Post if endpoint.is_empty() => diagnostics.push(
            place(
                Diagnostic::error("`surveys.submit` is `post` but there is no `endpoint`"),
                "submit:",
            )
            .with_hint("add `endpoint: https://...` under `surveys:`, or use `submit: download`"),
        ),
        Submit::Download if !endpoint.is_empty() => diagnostics.push(
            place(
                Diagnostic::warning("`surveys.endpoint` is ignored because `submit` is `download`"),
                "endpoint:",
            )
            .with_hint("set `submit: post` to send responses to the endpoint"),
        ),
        _ => {}
    }
}

fn validate_survey(
    survey: &Survey,
    site_scales: &BTreeMap<String, Vec<String>>,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    if !survey.questions.is_empty() && !survey.sections.is_empty() {
        let d = Diagnostic::error("a survey has either `questions` or `sections`, not both")
            .with_hint("move the top-level questions into a section");
        diagnostics.push(match source {
            Some(source) => d.at(source, 0..0),
            None => d,
        });
    }
    if survey.all_questions().next().is_none() {
        let d = Diagnostic::warning("survey has no questions")
            .with_hint("add `questions:` or `sections:` with `questions:`");
        diagnostics.push(match source {
            Some(source) => d.at(source, 0..0),
            None => d,
        });
    }
    let all_ids: BTreeSet<&str> = survey
        .all_questions()
        .map(|q| q.id.value.as_str())
        .collect();
    let mut earlier: HashMap<&str, &Question> = HashMap::new();
    for question in survey.all_questions() {
        let id = question.id.value.as_str();
        if RESERVED_COLUMNS.contains(&id) {
            diagnostics.push(
                located_error(
                    source,
                    &question.id,
                    format!("question id `{id}` is reserved"),
                )
                .with_hint(format!(
                    "`{}` are columns mentorkit adds to every response; choose another id",
                    RESERVED_COLUMNS.join("` and `")
                )),
            );
        }
        if let Some(problem) = crate::load::invalid_segment(id) {
            diagnostics.push(
                located_error(source, &question.id, format!("question id `{id}` {problem}"))
                    .with_hint("question ids become form field and CSV column names: use e.g. `intent_to_stay`"),
            );
        }
        if earlier.contains_key(id) {
            diagnostics.push(
                located_error(
                    source,
                    &question.id,
                    format!("duplicate question id `{id}`"),
                )
                .with_hint("question ids must be unique within a survey; they become CSV columns"),
            );
        }
        validate_question(question, survey, site_scales, source, diagnostics);
        if let Some(show_if) = &question.show_if {
            match earlier.get(show_if.question.value.as_str()) {
                None if all_ids.contains(show_if.question.value.as_str()) => diagnostics.push(
                    located_error(
                        source,
                        &show_if.question,
                        format!(
                            "`show_if` names question `{}`, which does not come before `{id}`",
                            show_if.question.value
                        ),
                    )
                    .with_hint("a condition can only depend on an earlier question; move it up"),
                ),
                None => diagnostics.push(with_suggestion(
                    located_error(
                        source,
                        &show_if.question,
                        format!(
                            "`show_if` names unknown question `{}`",
                            show_if.question.value
                        ),
                    ),
                    &show_if.question.value,
                    earlier.keys().copied(),
                    "show_if must name a question that comes earlier in the survey",
                )),
                Some(target) => {
                    if let Some(values) = answer_values(target) {
                        if !values.contains(&show_if.equals.value) {
                            diagnostics.push(
                                located_error(
                                    source,
                                    &show_if.equals,
                                    format!(
                                        "question `{}` can never equal `{}`",
                                        target.id.value, show_if.equals.value
                                    ),
                                )
                                .with_hint(format!("its answers are: {}", values.join(", "))),
                            );
                        }
                    } else {
                        diagnostics.push(
                            located_error(
                                source,
                                &show_if.question,
                                format!(
                                    "`show_if` can only depend on a choice or yes_no question, and `{}` is {}",
                                    target.id.value,
                                    target.kind.value.name()
                                ),
                            )
                            .with_hint("make the condition depend on a choice or yes_no question"),
                        );
                    }
                }
            }
        }
        earlier.insert(id, question);
    }
}

fn validate_question(
    question: &Question,
    survey: &Survey,
    site_scales: &BTreeMap<String, Vec<String>>,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let kind = question.kind.value;
    let id = &question.id.value;
    let here = |message: String| located_error(source, &question.id, message);
    match kind {
        QuestionKind::Likert => match &question.scale {
            None => diagnostics.push(
                here(format!("likert question `{id}` has no `scale`")).with_hint(
                    "add `scale: agreement` (or frequency, satisfaction, or a custom scale)",
                ),
            ),
            Some(scale) if scale_labels(&scale.value, survey, site_scales).is_none() => {
                let known: Vec<&str> = survey
                    .scales
                    .keys()
                    .chain(site_scales.keys())
                    .map(String::as_str)
                    .chain(BUILTIN_SCALES.iter().map(|(n, _)| *n))
                    .collect();
                diagnostics.push(with_suggestion(
                    located_error(source, scale, format!("unknown scale `{}`", scale.value)),
                    &scale.value,
                    known.iter().copied(),
                    &format!("known scales: {}", known.join(", ")),
                ));
            }
            Some(_) => {}
        },
        QuestionKind::Rating => match &question.max {
            None => diagnostics.push(
                here(format!("rating question `{id}` has no `max`"))
                    .with_hint("add `max: 5` (answers run from 1 to max)"),
            ),
            Some(max) if !max.value.is_whole() || max.value.0 < 2.0 || max.value.0 > 100.0 => {
                diagnostics.push(
                    located_error(
                        source,
                        max,
                        format!(
                            "rating `max` must be a whole number from 2 to 100, not {}",
                            max.value
                        ),
                    )
                    .with_hint("a rating runs from 1 to max, e.g. `max: 5`"),
                )
            }
            Some(_) => {}
        },
        QuestionKind::Choice => {
            let empty = question.options.as_ref().is_none_or(|o| o.value.is_empty());
            if empty {
                diagnostics.push(
                    here(format!("choice question `{id}` has no `options`"))
                        .with_hint("add `options: [First, Second, ...]`"),
                );
            }
            if let Some(options) = &question.options {
                let mut seen = BTreeSet::new();
                for option in &options.value {
                    let at = |message: String| located_error(source, options, message);
                    if option.trim().is_empty() {
                        diagnostics.push(
                            at(format!("choice question `{id}` has an empty option"))
                                .with_hint("give every option some text"),
                        );
                    } else if !seen.insert(option.as_str()) {
                        diagnostics.push(
                            at(format!("choice question `{id}` lists `{option}` twice")).with_hint(
                                "options must differ: they are the answers written in the CSV",
                            ),
                        );
                    }
                    if question.multiple && option.contains(';') {
                        diagnostics.push(
                            at(format!("option `{option}` of `{id}` contains `;`")).with_hint(
                                "several answers are joined with `;` in the CSV; reword the option",
                            ),
                        );
                    }
                }
            }
        }
        QuestionKind::Number => {
            if let (Some(min), Some(max)) = (&question.min, &question.max)
                && min.value.0 > max.value.0
            {
                diagnostics.push(
                    located_error(
                        source,
                        min,
                        format!(
                            "`min` ({}) is greater than `max` ({})",
                            min.value, max.value
                        ),
                    )
                    .with_hint("swap the two values"),
                );
            }
        }
        _ => {}
    }
    // Keys that belong to other question types are mistakes worth pointing at.
    let misplaced: [(&str, bool, &[QuestionKind]); 6] = [
        ("scale", question.scale.is_some(), &[QuestionKind::Likert]),
        (
            "options",
            question.options.is_some(),
            &[QuestionKind::Choice],
        ),
        ("multiple", question.multiple, &[QuestionKind::Choice]),
        ("long", question.long, &[QuestionKind::Text]),
        (
            "max",
            question.max.is_some(),
            &[QuestionKind::Rating, QuestionKind::Number],
        ),
        ("min", question.min.is_some(), &[QuestionKind::Number]),
    ];
    for (key, present, allowed) in misplaced {
        if present && !allowed.contains(&kind) {
            diagnostics.push(
                here(format!(
                    "`{key}` does not apply to a {} question (`{id}`)",
                    kind.name()
                ))
                .with_hint(format!("remove `{key}` or change the question's `type`")),
            );
        }
    }
}
