//! The two CSV files of profiles, read into people: an id, a name, and per criterion and rule
//! the value their row gives, checked against what the criterion knows.

use std::collections::BTreeMap;
use std::path::Path;

use super::criteria::{Criteria, Scored};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, SourceMap, did_you_mean};
use crate::load::table::{Table, TableRow, read_table};
use crate::model::{Compare, PairRule};

/// Which file a profile comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Mentor,
    Mentee,
}

impl Side {
    fn reads(self, scored: &Scored) -> &str {
        match self {
            Side::Mentor => &scored.mentor_column,
            Side::Mentee => &scored.mentee_column,
        }
    }
}

/// A profile's value for one criterion or rule, normalized for comparing (lower case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Missing,
    One(String),
    Many(Vec<String>),
    /// A step of a `closeness` scale, from 0.
    Step(usize),
}

/// One mentor or mentee.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// The row's line in its file.
    pub line: usize,
    /// How many mentees a mentor takes (0 for a mentee).
    pub capacity: u32,
    /// Per scored criterion: the value compared, and the cell as written (for the review).
    pub values: Vec<Value>,
    pub shown: Vec<String>,
    /// Per rule: the value the rule reads (`Missing` where this side is not read).
    pub rule_values: Vec<Value>,
}

/// The people of one file, sorted by id (so the order of rows never changes the result).
#[derive(Debug, Clone)]
pub struct People {
    pub file: String,
    /// The file's text, for messages about its rows.
    pub source: SourceFile,
    pub people: Vec<Person>,
}

impl People {
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.people.iter().position(|p| p.id == id)
    }
}

/// Reads one file of profiles; `None` when it cannot be used (its problems are reported).
pub fn read_people(
    path: &Path,
    name: &str,
    side: Side,
    criteria: &Criteria,
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Option<People> {
    let table = match read_table(path, name) {
        Ok(table) => table,
        Err(problems) => {
            diagnostics.extend(problems);
            return None;
        }
    };
    sources.add(table.source.clone());
    let columns = Columns::find(&table, side, criteria, diagnostics)?;
    let mut people = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let id = row.cells.get(columns.id).map_or("", String::as_str);
        if let Some(first) = seen.get(id).filter(|_| !id.is_empty()) {
            let problem =
                Diagnostic::error(Code::DuplicateId, format!("`{id}` is in the file twice"))
                    .with_hint(format!("the first row with this id is on line {first}"));
            diagnostics.push(table.at_cell(problem, row, Some(columns.id)));
            continue;
        }
        seen.insert(id.to_string(), row.line);
        people.extend(read_person(&table, row, &columns, criteria, diagnostics));
    }
    people.sort_by(|a, b| a.id.cmp(&b.id));
    Some(People {
        file: name.to_string(),
        source: table.source,
        people,
    })
}

/// Where each column a side needs is in its file.
struct Columns {
    side: Side,
    id: usize,
    name: Option<usize>,
    capacity: Option<usize>,
    criteria: Vec<usize>,
    rules: Vec<Option<usize>>,
}

impl Columns {
    fn find(
        table: &Table,
        side: Side,
        criteria: &Criteria,
        diagnostics: &mut Diagnostics,
    ) -> Option<Columns> {
        let mut missing = false;
        let mut need = |column: &str, why: String| match table.column(column) {
            Some(index) => Some(index),
            None => {
                missing = true;
                diagnostics.push(missing_column(table, column, &why));
                None
            }
        };
        let id = need("id", "every profile has one".into());
        let scored: Vec<Option<usize>> = criteria
            .scored
            .iter()
            .map(|c| need(side.reads(c), format!("criterion `{}` reads it", c.id)))
            .collect();
        let rules: Vec<Option<usize>> = criteria
            .rules
            .iter()
            .map(|rule| {
                let read = side == Side::Mentee || rule.reads_mentor();
                read.then(|| need(rule.column(), format!("a `{}` rule reads it", rule.kind())))
                    .flatten()
            })
            .collect();
        if missing {
            return None;
        }
        Some(Columns {
            side,
            id: id?,
            name: table.column("name"),
            capacity: (side == Side::Mentor)
                .then(|| table.column(&criteria.capacity_column))
                .flatten(),
            criteria: scored.into_iter().collect::<Option<_>>()?,
            rules,
        })
    }
}

fn missing_column(table: &Table, column: &str, why: &str) -> Diagnostic {
    let name = Path::new(&table.source.name)
        .file_name()
        .map_or(table.source.name.clone(), |n| {
            n.to_string_lossy().into_owned()
        });
    let problem = Diagnostic::error(
        Code::MissingKey,
        format!("{name} has no `{column}` column ({why})"),
    );
    let close = did_you_mean(column, table.columns.iter().map(String::as_str));
    let hint = match close {
        Some(close) => format!("did you mean `{close}`? Rename the column to `{column}`"),
        None => {
            format!("add a `{column}` column, or change the column program.yaml's matching names")
        }
    };
    table.at_header(problem.with_hint(hint), close.and_then(|c| table.column(c)))
}

fn read_person(
    table: &Table,
    row: &TableRow,
    columns: &Columns,
    criteria: &Criteria,
    diagnostics: &mut Diagnostics,
) -> Option<Person> {
    let cell = |index: usize| row.cells.get(index).map_or("", String::as_str);
    let id = cell(columns.id).to_string();
    if id.is_empty() {
        let problem = Diagnostic::error(Code::MissingKey, "this row has no id")
            .with_hint("every profile needs an id, unique in its file");
        diagnostics.push(table.at_cell(problem, row, Some(columns.id)));
        return None;
    }
    let mut ok = true;
    let mut values = Vec::new();
    for (scored, &index) in criteria.scored.iter().zip(&columns.criteria) {
        match criterion_value(scored, cell(index)) {
            Ok(value) => values.push(value),
            Err(problem) => {
                ok = false;
                diagnostics.push(table.at_cell(problem, row, Some(index)));
            }
        }
    }
    let capacity = match read_capacity(columns, criteria, cell) {
        Ok(capacity) => capacity,
        Err(problem) => {
            ok = false;
            diagnostics.push(table.at_cell(problem, row, columns.capacity));
            0
        }
    };
    ok.then(|| Person {
        name: columns.name.map_or("", cell).to_string(),
        shown: columns
            .criteria
            .iter()
            .map(|&i| cell(i).to_string())
            .collect(),
        rule_values: rule_values(columns, criteria, cell),
        line: row.line,
        capacity,
        values,
        id,
    })
}

fn rule_values<'a>(
    columns: &Columns,
    criteria: &Criteria,
    cell: impl Fn(usize) -> &'a str,
) -> Vec<Value> {
    criteria
        .rules
        .iter()
        .zip(&columns.rules)
        .map(|(rule, index)| {
            let text = index.map_or("", &cell);
            match rule.rule {
                PairRule::Same(_) => one(text),
                PairRule::Overlap(_) | PairRule::NamesMentor(_) => many(text),
            }
        })
        .collect()
}

fn read_capacity<'a>(
    columns: &Columns,
    criteria: &Criteria,
    cell: impl Fn(usize) -> &'a str,
) -> Result<u32, Diagnostic> {
    if columns.side == Side::Mentee {
        return Ok(0);
    }
    let text = columns.capacity.map_or("", cell);
    if text.is_empty() {
        return Ok(1);
    }
    text.parse::<u32>().map_err(|_| {
        Diagnostic::error(
            Code::WrongType,
            format!(
                "`{}` is `{text}`, not a whole number",
                criteria.capacity_column
            ),
        )
        .with_hint("how many mentees this mentor takes: 0, 1, 2, ... (empty means 1)")
    })
}

/// The value a cell gives a criterion, or why it is not one the criterion knows.
fn criterion_value(scored: &Scored, text: &str) -> Result<Value, Diagnostic> {
    let value = match scored.compare {
        Compare::Equal => one(text),
        Compare::Overlap => many(text),
        Compare::Closeness => {
            if text.is_empty() {
                return Ok(Value::Missing);
            }
            return known_index(scored, text).map(Value::Step);
        }
    };
    if !scored.values.is_empty() {
        let items: Vec<&str> = match &value {
            Value::One(v) => vec![v.as_str()],
            Value::Many(vs) => vs.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        for item in items {
            known_index(scored, item)?;
        }
    }
    Ok(value)
}

fn known_index(scored: &Scored, text: &str) -> Result<usize, Diagnostic> {
    let wanted = text.trim().to_lowercase();
    if let Some(index) = scored
        .values
        .iter()
        .position(|v| v.to_lowercase() == wanted)
    {
        return Ok(index);
    }
    let known = scored.values.join(", ");
    let hint = match did_you_mean(&wanted, scored.values.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`? The values are: {known}"),
        None => format!("the values are: {known}"),
    };
    Err(Diagnostic::error(
        Code::Matching,
        format!(
            "`{}` is not a value of criterion `{}`",
            text.trim(),
            scored.id
        ),
    )
    .with_hint(hint))
}

fn one(text: &str) -> Value {
    match text.trim() {
        "" => Value::Missing,
        text => Value::One(text.to_lowercase()),
    }
}

/// A list cell: values separated by `;`.
fn many(text: &str) -> Value {
    let mut items: Vec<String> = text
        .split(';')
        .map(|v| v.trim().to_lowercase())
        .filter(|v| !v.is_empty())
        .collect();
    items.sort();
    items.dedup();
    if items.is_empty() {
        Value::Missing
    } else {
        Value::Many(items)
    }
}
