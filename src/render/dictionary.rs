//! The data dictionary of a survey: the columns of its responses CSV and how each question's
//! answers are coded there, for its page and as a CSV of its own.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::model::scale_labels;
use crate::model::{Question, QuestionKind, Survey};
use crate::render::text::{DictionaryText, fill};
use crate::resolve::Site;

/// One column of a survey's CSV, as the data dictionary describes it.
#[derive(Serialize)]
pub struct DictionaryRow<'a> {
    pub column: &'a str,
    pub number: Option<usize>,
    pub question: &'a str,
    pub kind: &'static str,
    pub required: bool,
    pub section: Option<&'a str>,
    pub coding: String,
    pub condition: Option<String>,
}

/// An answer a question offers: how it is coded in the CSV and how the reader sees it.
#[derive(Serialize)]
pub struct AnswerOption {
    pub value: String,
    pub label: String,
}

/// Answer options of a question as `value`/`label` pairs, as they are coded in the CSV.
pub fn answer_options(question: &Question, survey: &Survey, site: &Site) -> Vec<AnswerOption> {
    let numbered = |from: i64, to: i64| -> Vec<AnswerOption> {
        (from..=to)
            .map(|n| AnswerOption {
                value: n.to_string(),
                label: n.to_string(),
            })
            .collect()
    };
    let same = |value: &String| AnswerOption {
        value: value.clone(),
        label: value.clone(),
    };
    match question.kind.value {
        QuestionKind::Likert => question
            .scale
            .as_ref()
            .and_then(|s| scale_labels(&s.value, survey, &site.config.scales))
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, label)| AnswerOption {
                value: (i + 1).to_string(),
                label: label.to_string(),
            })
            .collect(),
        QuestionKind::Rating => numbered(1, question.max.as_ref().map_or(5, |m| m.value.0 as i64)),
        QuestionKind::Nps => numbered(0, 10),
        // The reader's words for these are the theme's (see the survey views).
        QuestionKind::YesNo => ["yes", "no"].map(|v| same(&v.to_string())).into(),
        QuestionKind::Choice => question
            .options
            .as_ref()
            .map(|o| o.value.iter().map(same).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// How the answers to a question are written in the CSV, in the theme's `words`.
pub fn value_coding(
    question: &Question,
    options: &[AnswerOption],
    words: &DictionaryText,
) -> String {
    let list = |options: &[AnswerOption]| {
        options
            .iter()
            .map(|o| o.value.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    match question.kind.value {
        QuestionKind::Likert => {
            let codes: Vec<String> = options
                .iter()
                .map(|o| format!("{} = {}", o.value, o.label))
                .collect();
            codes.join(" | ")
        }
        QuestionKind::Rating => {
            let max = options.last().map_or("5", |o| o.value.as_str());
            fill(&words.rating, &[("max", max)])
        }
        QuestionKind::Nps => words.nps.clone(),
        // The codes themselves, not words.
        QuestionKind::YesNo => "yes | no".into(),
        QuestionKind::Choice if question.multiple => {
            fill(&words.any_of, &[("options", &list(options))])
        }
        QuestionKind::Choice => fill(&words.one_of, &[("options", &list(options))]),
        QuestionKind::Number => number_coding(question, words),
        QuestionKind::Text if question.long => words.long_text.clone(),
        QuestionKind::Text => words.free_text.clone(),
        QuestionKind::Date => words.date.clone(),
    }
}

fn number_coding(question: &Question, words: &DictionaryText) -> String {
    let min = question.min.as_ref().map(|m| m.value.to_string());
    let max = question.max.as_ref().map(|m| m.value.to_string());
    match (min.as_deref(), max.as_deref()) {
        (Some(min), Some(max)) => fill(&words.number_from_to, &[("min", min), ("max", max)]),
        (Some(min), None) => fill(&words.number_at_least, &[("min", min)]),
        (None, Some(max)) => fill(&words.number_at_most, &[("max", max)]),
        (None, None) => words.number.clone(),
    }
}

/// The columns every responses CSV starts with: `submitted_at`, `respondent` for a survey
/// that is not anonymous, and `department` in a department's handbook (so `mentorkit report`
/// can break the answers down by department).
fn fixed_rows<'a>(
    survey: &Survey,
    department: bool,
    words: &'a DictionaryText,
) -> Vec<DictionaryRow<'a>> {
    let mut rows = vec![DictionaryRow {
        column: "submitted_at",
        number: None,
        question: &words.submitted_at,
        kind: "datetime",
        required: false,
        section: None,
        coding: words.submitted_at_coding.clone(),
        condition: None,
    }];
    if !survey.anonymous {
        rows.push(DictionaryRow {
            column: "respondent",
            number: None,
            question: &words.respondent,
            kind: "text",
            required: true,
            section: None,
            coding: words.free_text.clone(),
            condition: None,
        });
    }
    if department {
        rows.push(DictionaryRow {
            column: DEPARTMENT_COLUMN,
            number: None,
            question: &words.department,
            kind: "text",
            required: false,
            section: None,
            coding: words.department_coding.clone(),
            condition: None,
        });
    }
    rows
}

/// The column a department handbook's forms add: the department's id.
pub const DEPARTMENT_COLUMN: &str = "department";

/// The columns of a survey's CSV in order: the fixed ones, then every question id in document
/// order.
pub fn dictionary_rows<'a>(
    site: &'a Site,
    survey: &'a Survey,
    words: &'a DictionaryText,
) -> Vec<DictionaryRow<'a>> {
    let in_department = site.variant.and_then(|v| v.department()).is_some();
    let mut rows = fixed_rows(survey, in_department, words);
    let sections = survey.questions.iter().map(|q| (None, q)).chain(
        survey
            .sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (Some(s.title.as_str()), q))),
    );
    let numbers: HashMap<&str, usize> = survey
        .all_questions()
        .enumerate()
        .map(|(i, q)| (q.id.value.as_str(), i + 1))
        .collect();
    for (number, (section, question)) in sections.enumerate() {
        let options = answer_options(question, survey, site);
        rows.push(DictionaryRow {
            column: &question.id.value,
            number: Some(number + 1),
            question: &question.text,
            kind: question.kind.value.name(),
            required: question.required,
            section,
            coding: value_coding(question, &options, words),
            condition: question.show_if.as_ref().map(|s| {
                let n = numbers.get(s.question.value.as_str()).copied().unwrap_or(0);
                let values = [
                    ("number", n.to_string()),
                    ("question", s.question.value.clone()),
                    ("equals", s.equals.value.clone()),
                ];
                let values = values
                    .each_ref()
                    .map(|(name, value)| (*name, value.as_str()));
                fill(&words.condition, &values)
            }),
        });
    }
    rows
}

/// A CSV cell as text a spreadsheet shows, never runs: a cell that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be read as a formula (CSV injection), so it gets a
/// leading `'`, which spreadsheets hide. Every CSV file mentorkit writes goes through this.
pub fn spreadsheet_text(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The data dictionary as CSV: one row per column of the survey's responses CSV.
pub fn dictionary_csv(
    site: &Site,
    survey: &Survey,
    words: &DictionaryText,
) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record([
        "column",
        "number",
        "question",
        "type",
        "required",
        "section",
        "coding",
        "condition",
    ])?;
    for row in dictionary_rows(site, survey, words) {
        let number = row.number.map(|n| n.to_string()).unwrap_or_default();
        let cells = [
            row.column,
            &number,
            row.question,
            row.kind,
            if row.required { "yes" } else { "no" },
            row.section.unwrap_or(""),
            &row.coding,
            row.condition.as_deref().unwrap_or(""),
        ];
        writer.write_record(cells.map(spreadsheet_text).iter().map(|c| c.as_bytes()))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Every field written above is a Rust string, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
