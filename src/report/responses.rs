//! The response files of one survey (`responses/<survey-id>/*.csv` and `*.json`, as the forms
//! download them, with another tool's headers and labels mapped by `map.yaml`), read into
//! typed answers. A value a question cannot have rejects its row, located at its cell; every
//! file's rows read, accepted and rejected are counted for the report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, SourceMap, did_you_mean};
use crate::load::table::{Table, TableRow, parse_table};
use crate::model::{Config, Question, QuestionKind, ResponseMap, Survey};
use crate::validate::report::allowed_answers;

/// One answer, as the statistics read it.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Missing,
    /// The index of a scale step, an option or yes (0) / no (1).
    Code(usize),
    /// Several options (multiple choice), by index.
    Many(Vec<usize>),
    /// A rating, an NPS score or a number.
    Number(f64),
    Text(String),
    /// `YYYY-MM-DD`.
    Date(String),
}

/// One accepted response.
#[derive(Debug, Clone)]
pub struct Response {
    pub respondent: Option<String>,
    pub department: Option<String>,
    /// One answer per question, in the survey's order.
    pub answers: Vec<Answer>,
}

/// How many rows a file had, and what became of them.
#[derive(Debug, Clone, Serialize)]
pub struct FileCount {
    pub file: String,
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
}

/// What the reader needs to know about the survey and the project.
pub struct Reading<'a> {
    pub survey: &'a Survey,
    pub config: &'a Config,
    /// The departments of the project, for the `department` column.
    pub departments: &'a [String],
    pub map: &'a ResponseMap,
}

/// The responses of one survey, across its files.
#[derive(Default)]
pub struct Collected {
    pub responses: Vec<Response>,
    pub files: Vec<FileCount>,
    /// Each accepted response's whole row, to find the same submission twice.
    seen: BTreeMap<Vec<String>, String>,
    respondents: BTreeMap<String, String>,
}

/// Where a value was read: a table cell (CSV) or a key in a JSON record.
enum Place<'t> {
    Cell(&'t Table, &'t TableRow, usize),
    Json(&'t SourceFile, usize),
}

impl Place<'_> {
    /// `file:line` of the place, for a message that points back at it.
    fn shown(&self) -> String {
        let (source, at) = match self {
            Place::Cell(table, row, _) => return format!("{}:{}", table.source.name, row.line),
            Place::Json(source, at) => (source, *at),
        };
        format!("{}:{}", source.name, source.line_column(at).0)
    }

    fn locate(&self, diagnostic: Diagnostic) -> Diagnostic {
        match self {
            Place::Cell(table, row, column) => table.at_cell(diagnostic, row, Some(*column)),
            Place::Json(source, at) => {
                let at = (*at).min(source.text.len());
                diagnostic.at(source, at..(at + 1).min(source.text.len()))
            }
        }
    }
}

/// One record as read: (column name, value, where it is) per cell, and where the record is.
struct Record<'t> {
    cells: Vec<(String, String, Place<'t>)>,
    start: Place<'t>,
}

impl Collected {
    /// Reads a CSV file's text.
    pub fn read_csv(
        &mut self,
        source: SourceFile,
        reading: &Reading,
        diagnostics: &mut Diagnostics,
        sources: &mut SourceMap,
    ) {
        let table = match parse_table(source.clone()) {
            Ok(table) => table,
            Err(problems) => {
                sources.add(source);
                return diagnostics.extend(problems);
            }
        };
        sources.add(table.source.clone());
        let names: Vec<String> = table
            .columns
            .iter()
            .map(|c| mapped(reading.map, c))
            .collect();
        for (index, name) in names.iter().enumerate() {
            if let Some(problem) = unknown_column(name, reading) {
                diagnostics.push(table.at_header(problem, Some(index)));
            }
        }
        let mut count = FileCount::new(&table.source.name);
        for row in &table.rows {
            let cells = names
                .iter()
                .zip(&row.cells)
                .enumerate()
                .map(|(i, (name, value))| {
                    (name.clone(), value.clone(), Place::Cell(&table, row, i))
                })
                .collect();
            let record = Record {
                cells,
                start: Place::Cell(&table, row, 0),
            };
            self.accept(record, reading, &mut count, diagnostics);
        }
        self.files.push(count);
    }

    /// Reads a JSON file's text: one response object (as the form downloads it) or a list of
    /// them (an export of POSTed responses).
    pub fn read_json(
        &mut self,
        source: SourceFile,
        reading: &Reading,
        diagnostics: &mut Diagnostics,
        sources: &mut SourceMap,
    ) {
        sources.add(source.clone());
        let records = match json_records(&source) {
            Ok(records) => records,
            Err(problem) => return diagnostics.push(problem),
        };
        let mut count = FileCount::new(&source.name);
        let mut warned = BTreeSet::new();
        for (object, at) in records {
            let mut cells = Vec::new();
            for (key, value) in object {
                let name = mapped(reading.map, &key);
                let place = json_key_place(&source, at, &key);
                if let Some(problem) = unknown_column(&name, reading)
                    && warned.insert(name.clone())
                {
                    diagnostics.push(Place::Json(&source, place).locate(problem));
                }
                cells.push((name, json_text(&value), Place::Json(&source, place)));
            }
            let record = Record {
                cells,
                start: Place::Json(&source, at),
            };
            self.accept(record, reading, &mut count, diagnostics);
        }
        self.files.push(count);
    }

    /// Checks one record and keeps it, or rejects it with every reason.
    fn accept(
        &mut self,
        record: Record,
        reading: &Reading,
        count: &mut FileCount,
        diagnostics: &mut Diagnostics,
    ) {
        count.read += 1;
        let questions: Vec<&Question> = reading.survey.all_questions().collect();
        let mut response = Response {
            respondent: None,
            department: None,
            answers: vec![Answer::Missing; questions.len()],
        };
        let mut rejected = false;
        for (name, value, place) in &record.cells {
            let value = reading.map.answers.get(value).unwrap_or(value);
            match name.as_str() {
                "respondent" => response.respondent = Some(value.clone()).filter(|v| !v.is_empty()),
                "department" if !value.is_empty() => match department(value, reading) {
                    Ok(id) => response.department = Some(id),
                    Err(problem) => {
                        rejected = true;
                        diagnostics.push(place.locate(problem));
                    }
                },
                _ => {
                    let Some(index) = questions.iter().position(|q| q.id.value == *name) else {
                        continue;
                    };
                    match answer(questions[index], value, reading) {
                        Ok(answer) => response.answers[index] = answer,
                        Err(problem) => {
                            rejected = true;
                            diagnostics.push(place.locate(problem));
                        }
                    }
                }
            }
        }
        if !rejected && let Some(problem) = self.duplicate(&record, &response) {
            rejected = true;
            diagnostics.push(record.start.locate(problem));
        }
        if rejected {
            count.rejected += 1;
        } else {
            count.accepted += 1;
            self.responses.push(response);
        }
    }

    /// The same submission again (every cell alike), or a second one from a named respondent.
    fn duplicate(&mut self, record: &Record, response: &Response) -> Option<Diagnostic> {
        let mut row: Vec<String> = record
            .cells
            .iter()
            .map(|(name, value, _)| format!("{name}={value}"))
            .collect();
        row.sort();
        let here = record.start.shown();
        if let Some(first) = self.seen.get(&row) {
            return Some(
                Diagnostic::warning(
                    Code::Report,
                    format!("duplicate submission: the same response is at {first}; this one is left out"),
                )
                .with_hint("the same answers were saved twice (e.g. as CSV and as JSON); keep one file"),
            );
        }
        if let Some(respondent) = &response.respondent {
            if let Some(first) = self.respondents.get(respondent) {
                return Some(
                    Diagnostic::warning(
                        Code::Report,
                        format!("duplicate submission: `{respondent}` answered this survey already, at {first}; this one is left out"),
                    )
                    .with_hint("keep the response you mean to count and remove the other"),
                );
            }
            self.respondents.insert(respondent.clone(), here.clone());
        }
        self.seen.insert(row, here);
        None
    }
}

impl FileCount {
    fn new(file: &str) -> Self {
        FileCount {
            file: file.to_string(),
            read: 0,
            accepted: 0,
            rejected: 0,
        }
    }
}

/// A column's name after `map.yaml`.
fn mapped(map: &ResponseMap, header: &str) -> String {
    map.columns
        .get(header)
        .cloned()
        .unwrap_or_else(|| header.to_string())
}

/// A warning for a column that is neither a question of the survey nor a fixed column.
fn unknown_column(name: &str, reading: &Reading) -> Option<Diagnostic> {
    let questions: Vec<&str> = reading
        .survey
        .all_questions()
        .map(|q| q.id.value.as_str())
        .collect();
    let fixed = ["submitted_at", "respondent", "department"];
    if questions.contains(&name) || fixed.contains(&name) {
        return None;
    }
    let candidates = questions.iter().copied().chain(fixed);
    let hint = match did_you_mean(name, candidates) {
        Some(close) => format!("did you mean `{close}`? Its values are not read"),
        None => "its values are not read; map another tool's header to a question id in map.yaml (`columns:`)".into(),
    };
    Some(
        Diagnostic::warning(
            Code::Report,
            format!("unknown column `{name}`: the survey has no question with this id"),
        )
        .with_hint(hint),
    )
}

/// A `department` value: a department of the project.
fn department(value: &str, reading: &Reading) -> Result<String, Diagnostic> {
    if reading.departments.iter().any(|d| d == value) {
        return Ok(value.to_string());
    }
    let hint = match did_you_mean(value, reading.departments.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "the departments are the folders of content/departments/: {}",
            reading.departments.join(", ")
        ),
    };
    Err(Diagnostic::warning(
        Code::Report,
        format!("unknown department `{value}`; the row is left out"),
    )
    .with_hint(hint))
}

/// One cell's answer to `question`, or why the row is rejected.
fn answer(question: &Question, value: &str, reading: &Reading) -> Result<Answer, Diagnostic> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(Answer::Missing);
    }
    let allowed = allowed_answers(question, reading.survey, reading.config);
    let find = |v: &str| {
        allowed
            .iter()
            .position(|a| a.eq_ignore_ascii_case(v.trim()))
    };
    let kind = question.kind.value;
    let found = match kind {
        QuestionKind::Likert | QuestionKind::YesNo => find(value).map(Answer::Code),
        QuestionKind::Choice if question.multiple => value
            .split(';')
            .map(find)
            .collect::<Option<Vec<usize>>>()
            .map(Answer::Many),
        QuestionKind::Choice => find(value).map(Answer::Code),
        QuestionKind::Rating | QuestionKind::Nps => {
            find(value).and_then(|i| allowed[i].parse().ok().map(Answer::Number))
        }
        QuestionKind::Number => number(question, value).map(Answer::Number),
        QuestionKind::Text => Some(Answer::Text(unescaped(value).to_string())),
        QuestionKind::Date => is_date(value).then(|| Answer::Date(value.to_string())),
    };
    found.ok_or_else(|| outside(question, value, &allowed))
}

fn outside(question: &Question, value: &str, allowed: &[String]) -> Diagnostic {
    let expected = match question.kind.value {
        QuestionKind::Number => match (&question.min, &question.max) {
            (Some(min), Some(max)) => format!("a number from {} to {}", min.value, max.value),
            (Some(min), None) => format!("a number of at least {}", min.value),
            (None, Some(max)) => format!("a number of at most {}", max.value),
            (None, None) => "a number".into(),
        },
        QuestionKind::Date => "a date written YYYY-MM-DD".into(),
        QuestionKind::Choice if question.multiple => {
            format!(
                "options separated by `;`, each one of: {}",
                allowed.join(" | ")
            )
        }
        _ => format!("one of: {}", allowed.join(" | ")),
    };
    let mut problem = Diagnostic::warning(
        Code::Report,
        format!(
            "`{value}` is not an answer question `{}` ({}) can have; the row is left out",
            question.id.value,
            question.kind.value.name()
        ),
    );
    let close = did_you_mean(value, allowed.iter().map(String::as_str));
    problem = problem.with_hint(match close {
        Some(close) => format!("did you mean `{close}`? Expected {expected}"),
        None => format!(
            "expected {expected}; another tool's labels are mapped in map.yaml (`answers:`)"
        ),
    });
    problem
}

fn number(question: &Question, value: &str) -> Option<f64> {
    let n: f64 = value.parse().ok().filter(|n: &f64| n.is_finite())?;
    let low = question.min.as_ref().is_none_or(|m| n >= m.value.0);
    let high = question.max.as_ref().is_none_or(|m| n <= m.value.0);
    (low && high).then_some(n)
}

/// A text answer without the apostrophe the form puts before a formula-like answer.
fn unescaped(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => value,
    }
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn is_date(value: &str) -> bool {
    parse_date(value).is_some()
}

/// A `YYYY-MM-DD` date as (year, month, day): a date that exists, read as `check` reads a
/// guide's `reviewed:` date.
pub fn parse_date(value: &str) -> Option<(i32, u32, u32)> {
    let date = crate::validate::review::parse_date(value)?;
    let month = u32::try_from(date.month()).ok()?;
    let day = u32::try_from(date.day()).ok()?;
    Some((i32::from(date.year()), month, day))
}

/// A JSON response's keys and values, and where it starts in the text.
type JsonRecord = (Vec<(String, serde_json::Value)>, usize);

/// The records of a JSON file, each with where it starts in the text.
fn json_records(source: &SourceFile) -> Result<Vec<JsonRecord>, Diagnostic> {
    let text = source.text.trim_start_matches('\u{feff}');
    let offset = source.text.len() - text.len();
    if text.trim().is_empty() {
        return Err(Diagnostic::error(Code::UnreadableFile, "the file is empty")
            .in_file(Path::new(&source.name))
            .with_hint("a JSON response file holds one response object, or a list of them"));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        let at = source.offset_of(error.line(), error.column());
        Diagnostic::error(
            Code::UnreadableFile,
            format!("this is not valid JSON: {error}"),
        )
        .at(source, at..at)
        .with_hint("save the file again from the form, or check the brackets and commas")
    })?;
    let objects = match value {
        serde_json::Value::Array(items) => items,
        object @ serde_json::Value::Object(_) => vec![object],
        _ => Vec::new(),
    };
    let mut records = Vec::new();
    let mut from = offset;
    for item in objects {
        let serde_json::Value::Object(map) = item else {
            return Err(
                Diagnostic::error(Code::Report, "a response is not a JSON object")
                    .in_file(Path::new(&source.name))
                    .with_hint("each response is an object of column names and answers"),
            );
        };
        let at = source.text[from..].find('{').map_or(from, |i| from + i);
        from = at + 1;
        records.push((map.into_iter().collect(), at));
    }
    Ok(records)
}

/// Where `"key"` is written in the record that starts at `at` (the record's start if it is
/// not found).
fn json_key_place(source: &SourceFile, at: usize, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    source.text[at..].find(&quoted).map_or(at, |i| at + i + 1)
}

/// A JSON value as the CSV would write it.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(json_text).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}
