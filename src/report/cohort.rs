//! `responses/cohort.csv`: one row per person (id, role, department, start, end), for response
//! rates and for the retention of participants against comparable non-participants.

use std::collections::BTreeSet;

use super::responses::parse_date;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap, did_you_mean};
use crate::load::table::{Table, TableRow, parse_table};

/// A person's part in the cohort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Mentor,
    Mentee,
    /// A comparable colleague who did not take part.
    Comparison,
}

/// One person of the cohort.
#[derive(Debug, Clone)]
pub struct Person {
    pub role: Role,
    pub department: Option<String>,
    pub start: (i32, u32, u32),
    pub end: Option<(i32, u32, u32)>,
}

impl Person {
    /// Still employed `months` after the start: no end date, or one at least that late.
    pub fn stayed(&self, months: u32) -> bool {
        let (year, month, day) = self.start;
        let total = (month - 1).saturating_add(months);
        let until = (year + (total / 12) as i32, total % 12 + 1, day);
        self.end.is_none_or(|end| end >= until)
    }

    pub fn participates(&self) -> bool {
        self.role != Role::Comparison
    }
}

const COLUMNS: [&str; 5] = ["id", "role", "department", "start", "end"];

/// Reads the cohort; `None` when the file cannot be used (its problems are reported). A row
/// with a wrong value is an error: the cohort is the denominator of every rate.
pub fn read_cohort(
    source: crate::diagnostics::SourceFile,
    departments: &[String],
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Option<Vec<Person>> {
    sources.add(source.clone());
    let table = match parse_table(source) {
        Ok(table) => table,
        Err(problems) => {
            diagnostics.extend(problems);
            return None;
        }
    };
    let before = diagnostics.error_count();
    let index: Vec<Option<usize>> = COLUMNS.iter().map(|c| table.column(c)).collect();
    for (name, found) in COLUMNS.iter().zip(&index).take(4) {
        if found.is_none() {
            diagnostics.push(
                table.at_header(
                    Diagnostic::error(Code::Report, format!("cohort.csv has no column `{name}`"))
                        .with_hint("its columns are id, role, department, start and end"),
                    None,
                ),
            );
        }
    }
    for (at, name) in table.columns.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            let hint = did_you_mean(name, COLUMNS).map_or_else(
                || "its values are not read".to_string(),
                |close| format!("did you mean `{close}`? Its values are not read"),
            );
            diagnostics.push(
                table.at_header(
                    Diagnostic::warning(
                        Code::Report,
                        format!("unknown column `{name}` in cohort.csv"),
                    )
                    .with_hint(hint),
                    Some(at),
                ),
            );
        }
    }
    if diagnostics.error_count() > before {
        return None;
    }
    let mut people = Vec::new();
    let mut ids = BTreeSet::new();
    for row in &table.rows {
        let read = Row {
            table: &table,
            row,
            index: &index,
        };
        if let Some(person) = read.person(departments, &mut ids, diagnostics) {
            people.push(person);
        }
    }
    (diagnostics.error_count() == before).then_some(people)
}

struct Row<'a> {
    table: &'a Table,
    row: &'a TableRow,
    index: &'a [Option<usize>],
}

impl Row<'_> {
    fn cell(&self, column: usize) -> (&str, Option<usize>) {
        let at = self.index[column];
        (
            at.and_then(|i| self.row.cells.get(i))
                .map_or("", String::as_str),
            at,
        )
    }

    fn error(&self, column: usize, message: String, hint: String) -> Diagnostic {
        let problem = Diagnostic::error(Code::Report, message).with_hint(hint);
        self.table.at_cell(problem, self.row, self.index[column])
    }

    fn person(
        &self,
        departments: &[String],
        ids: &mut BTreeSet<String>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Person> {
        let (id, _) = self.cell(0);
        if !ids.insert(id.to_string()) {
            diagnostics.push(self.error(
                0,
                format!("`{id}` is in cohort.csv twice"),
                "one row per person".into(),
            ));
        }
        let role = match self.cell(1).0 {
            "mentor" => Some(Role::Mentor),
            "mentee" => Some(Role::Mentee),
            "comparison" => Some(Role::Comparison),
            other => {
                diagnostics.push(self.error(
                    1,
                    format!("unknown role `{other}`"),
                    "mentor, mentee or comparison".into(),
                ));
                None
            }
        };
        let department = match self.cell(2).0 {
            "" => None,
            known if departments.iter().any(|d| d == known) => Some(known.to_string()),
            other => {
                let hint = did_you_mean(other, departments.iter().map(String::as_str)).map_or_else(
                    || format!("one of: {}", departments.join(", ")),
                    |c| format!("did you mean `{c}`?"),
                );
                diagnostics.push(self.error(2, format!("unknown department `{other}`"), hint));
                None
            }
        };
        let start = self.date(3, false, diagnostics)?;
        let end = self.date(4, true, diagnostics);
        if let (Some(Some(end)), Some(start)) = (end, start)
            && end < start
        {
            diagnostics.push(self.error(
                4,
                "the end date is before the start date".into(),
                "check the two dates".into(),
            ));
        }
        Some(Person {
            role: role?,
            department,
            start: start?,
            end: end?,
        })
    }

    /// A date cell: `Some(None)` for an empty optional one, `None` when it is wrong.
    fn date(
        &self,
        column: usize,
        optional: bool,
        diagnostics: &mut Diagnostics,
    ) -> Option<Option<(i32, u32, u32)>> {
        let (text, _) = self.cell(column);
        if text.is_empty() && optional {
            return Some(None);
        }
        match parse_date(text) {
            Some(date) => Some(Some(date)),
            None => {
                diagnostics.push(self.error(
                    column,
                    format!("`{text}` is not a date"),
                    "write dates as YYYY-MM-DD, e.g. 2026-03-02".into(),
                ));
                None
            }
        }
    }
}
