//! Checks of surveys: question ids, each question's keys for its type, `show_if` conditions,
//! and how mentorkit.yaml says responses are collected.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::with_suggestion;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, located_error};
use crate::load::invalid_segment;
use crate::model::{
    BUILTIN_SCALES, Question, QuestionKind, RESERVED_COLUMNS, ShowIf, Submit, Survey,
    answer_values, scale_labels,
};
use crate::resolve::Site;

/// A survey being checked: the survey, the scales mentorkit.yaml defines, and its file, where
/// messages are located.
pub(super) struct SurveyFile<'a> {
    pub(super) survey: &'a Survey,
    pub(super) site_scales: &'a BTreeMap<String, Vec<String>>,
    pub(super) source: Option<&'a SourceFile>,
}

impl SurveyFile<'_> {
    /// A diagnostic at the file's start (or in no file).
    fn at_start(&self, diagnostic: Diagnostic) -> Diagnostic {
        match self.source {
            Some(source) => diagnostic.at(source, 0..0),
            None => diagnostic,
        }
    }
}

pub(super) fn validate_survey(file: &SurveyFile, diagnostics: &mut Diagnostics) {
    let survey = file.survey;
    if !survey.questions.is_empty() && !survey.sections.is_empty() {
        let d = Diagnostic::error(
            Code::Survey,
            "a survey has either `questions` or `sections`, not both",
        )
        .with_hint("move the top-level questions into a section");
        diagnostics.push(file.at_start(d));
    }
    if survey.all_questions().next().is_none() {
        let d = Diagnostic::warning(Code::Survey, "survey has no questions")
            .with_hint("add `questions:` or `sections:` with `questions:`");
        diagnostics.push(file.at_start(d));
    }
    let all_ids: BTreeSet<&str> = survey
        .all_questions()
        .map(|q| q.id.value.as_str())
        .collect();
    let mut earlier: HashMap<&str, &Question> = HashMap::new();
    for question in survey.all_questions() {
        check_question_id(question, &earlier, file.source, diagnostics);
        validate_question(question, file, diagnostics);
        if let Some(show_if) = &question.show_if {
            check_show_if(
                question,
                show_if,
                &earlier,
                &all_ids,
                file.source,
                diagnostics,
            );
        }
        earlier.insert(question.id.value.as_str(), question);
    }
}

/// A question id is not a reserved column, is a valid field name and is not taken by an
/// `earlier` question.
fn check_question_id(
    question: &Question,
    earlier: &HashMap<&str, &Question>,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let id = question.id.value.as_str();
    if RESERVED_COLUMNS.contains(&id) {
        diagnostics.push(
            located_error(
                Code::InvalidId,
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
    if let Some(problem) = invalid_segment(id) {
        diagnostics.push(
            located_error(
                Code::InvalidId,
                source,
                &question.id,
                format!("question id `{id}` {problem}"),
            )
            .with_hint(
                "question ids become form field and CSV column names: use e.g. `intent_to_stay`",
            ),
        );
    }
    if earlier.contains_key(id) {
        diagnostics.push(
            located_error(
                Code::DuplicateId,
                source,
                &question.id,
                format!("duplicate question id `{id}`"),
            )
            .with_hint("question ids must be unique within a survey; they become CSV columns"),
        );
    }
}

/// A `show_if` names an `earlier` question (by id) whose answers can equal its value;
/// `all_ids` are the survey's question ids, to tell a later question from an unknown one.
fn check_show_if(
    question: &Question,
    show_if: &ShowIf,
    earlier: &HashMap<&str, &Question>,
    all_ids: &BTreeSet<&str>,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let id = question.id.value.as_str();
    let named = show_if.question.value.as_str();
    match earlier.get(named) {
        None if all_ids.contains(named) => diagnostics.push(
            located_error(
                Code::Survey,
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
                Code::UnknownReference,
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
        Some(target) => check_condition_target(target, show_if, source, diagnostics),
    }
}

/// The question a `show_if` depends on has set answers, and `equals` is one of them.
fn check_condition_target(
    target: &Question,
    show_if: &ShowIf,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    if let Some(values) = answer_values(target) {
        if !values.contains(&show_if.equals.value) {
            diagnostics.push(
                located_error(
                    Code::Survey,
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
                Code::Survey,
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

/// A question has the keys its type needs, with sensible values, and no keys of other types.
fn validate_question(question: &Question, file: &SurveyFile, diagnostics: &mut Diagnostics) {
    match question.kind.value {
        QuestionKind::Likert => check_likert(question, file, diagnostics),
        QuestionKind::Rating => check_rating(question, file.source, diagnostics),
        QuestionKind::Choice => check_choice(question, file.source, diagnostics),
        QuestionKind::Number => check_number(question, file.source, diagnostics),
        _ => {}
    }
    check_misplaced_keys(question, file.source, diagnostics);
}

fn check_likert(question: &Question, file: &SurveyFile, diagnostics: &mut Diagnostics) {
    let (survey, site_scales, source) = (file.survey, file.site_scales, file.source);
    let id = &question.id.value;
    match &question.scale {
        None => diagnostics.push(
            located_error(
                Code::Survey,
                source,
                &question.id,
                format!("likert question `{id}` has no `scale`"),
            )
            .with_hint("add `scale: agreement` (or frequency, satisfaction, or a custom scale)"),
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
                located_error(
                    Code::UnknownReference,
                    source,
                    scale,
                    format!("unknown scale `{}`", scale.value),
                ),
                &scale.value,
                known.iter().copied(),
                &format!("known scales: {}", known.join(", ")),
            ));
        }
        Some(_) => {}
    }
}

fn check_rating(question: &Question, source: Option<&SourceFile>, diagnostics: &mut Diagnostics) {
    let id = &question.id.value;
    match &question.max {
        None => diagnostics.push(
            located_error(
                Code::Survey,
                source,
                &question.id,
                format!("rating question `{id}` has no `max`"),
            )
            .with_hint("add `max: 5` (answers run from 1 to max)"),
        ),
        Some(max) if !max.value.is_whole() || max.value.0 < 2.0 || max.value.0 > 100.0 => {
            diagnostics.push(
                located_error(
                    Code::Survey,
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
    }
}

fn check_choice(question: &Question, source: Option<&SourceFile>, diagnostics: &mut Diagnostics) {
    let id = &question.id.value;
    let empty = question.options.as_ref().is_none_or(|o| o.value.is_empty());
    if empty {
        diagnostics.push(
            located_error(
                Code::Survey,
                source,
                &question.id,
                format!("choice question `{id}` has no `options`"),
            )
            .with_hint("add `options: [First, Second, ...]`"),
        );
    }
    let Some(options) = &question.options else {
        return;
    };
    let mut seen = BTreeSet::new();
    for option in &options.value {
        let at = |message: String| located_error(Code::Survey, source, options, message);
        if option.trim().is_empty() {
            diagnostics.push(
                at(format!("choice question `{id}` has an empty option"))
                    .with_hint("give every option some text"),
            );
        } else if !seen.insert(option.as_str()) {
            diagnostics.push(
                at(format!("choice question `{id}` lists `{option}` twice"))
                    .with_hint("options must differ: they are the answers written in the CSV"),
            );
        }
        if question.multiple && option.contains(';') {
            diagnostics.push(
                at(format!("option `{option}` of `{id}` contains `;`"))
                    .with_hint("several answers are joined with `;` in the CSV; reword the option"),
            );
        }
    }
}

fn check_number(question: &Question, source: Option<&SourceFile>, diagnostics: &mut Diagnostics) {
    if let (Some(min), Some(max)) = (&question.min, &question.max)
        && min.value.0 > max.value.0
    {
        diagnostics.push(
            located_error(
                Code::Survey,
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

/// Keys that belong to other question types are mistakes worth pointing at.
fn check_misplaced_keys(
    question: &Question,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let kind = question.kind.value;
    let id = &question.id.value;
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
                located_error(
                    Code::Survey,
                    source,
                    &question.id,
                    format!(
                        "`{key}` does not apply to a {} question (`{id}`)",
                        kind.name()
                    ),
                )
                .with_hint(format!("remove `{key}` or change the question's `type`")),
            );
        }
    }
}

/// `surveys.submit: post` needs an `endpoint`, and an endpoint is only used with `post`.
pub(super) fn validate_collection(site: &Site, diagnostics: &mut Diagnostics) {
    let collection = &site.config.surveys;
    let source = site.project.sources.get("mentorkit.yaml");
    let place = |d: Diagnostic, key: &str| super::at_config_key(d, source, key);
    let endpoint = collection.endpoint.as_deref().map(str::trim).unwrap_or("");
    match collection.submit {
        Submit::Post if endpoint.is_empty() => diagnostics.push(
            place(
                Diagnostic::error(
                    Code::Survey,
                    "`surveys.submit` is `post` but there is no `endpoint`",
                ),
                "submit:",
            )
            .with_hint("add `endpoint: https://...` under `surveys:`, or use `submit: download`"),
        ),
        Submit::Download if !endpoint.is_empty() => diagnostics.push(
            place(
                Diagnostic::warning(
                    Code::Survey,
                    "`surveys.endpoint` is ignored because `submit` is `download`",
                ),
                "endpoint:",
            )
            .with_hint("set `submit: post` to send responses to the endpoint"),
        ),
        _ => {}
    }
}
