//! The coordinator's decisions: pairs kept from an earlier run (`--keep`, a re-match without
//! blame) and pairs fixed or forbidden (`--pairs`). Every kept or fixed pair must still meet
//! the rules and the mentor's capacity; the assignment matches only the people left.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::criteria::Criteria;
use super::profiles::People;
use super::score::broken_rule;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, SourceMap, did_you_mean};
use crate::load::table::{Table, TableRow, read_table};

/// What the coordinator decided about a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decision {
    /// Kept from an earlier run.
    Keep,
    /// Fixed by the coordinator.
    Fix,
    /// Never to be proposed.
    Forbid,
}

/// The words the pairs file uses for its decisions.
const DECISION_WORDS: [&str; 2] = ["fix", "forbid"];

/// One decided pair, with the row it was read from.
#[derive(Debug, Clone)]
pub struct Decided {
    pub mentee: usize,
    pub mentor: usize,
    pub decision: Decision,
    source: SourceFile,
    line: usize,
}

impl Decided {
    fn at(&self, diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.at_line_column(&self.source, self.line, 1)
    }
}

/// The people the decisions are about.
pub struct Context<'a> {
    pub criteria: &'a Criteria,
    pub mentees: &'a People,
    pub mentors: &'a People,
}

/// Which file is read: a previous `matches.csv`, or a pairs file with a `decision` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionFile {
    Keep,
    Pairs,
}

/// Reads one file of decisions; its problems go to `diagnostics`.
pub fn read_decisions(
    (path, name): (&Path, &str),
    file: DecisionFile,
    context: &Context,
    diagnostics: &mut Diagnostics,
    sources: &mut SourceMap,
) -> Vec<Decided> {
    let table = match read_table(path, name) {
        Ok(table) => table,
        Err(problems) => {
            diagnostics.extend(problems);
            return Vec::new();
        }
    };
    sources.add(table.source.clone());
    let mut wanted = vec!["mentee", "mentor"];
    if file == DecisionFile::Pairs {
        wanted.push("decision");
    }
    let mut columns = Vec::new();
    for column in wanted {
        match table.column(column) {
            Some(index) => columns.push(index),
            None => diagnostics.push(table.at_header(
                Diagnostic::error(Code::MissingKey, format!("{name} has no `{column}` column"))
                    .with_hint("a pairs file has the columns mentee, mentor and decision (fix or forbid); a kept matches.csv has mentee and mentor"),
                None,
            )),
        }
    }
    if columns.len() < 2 + usize::from(file == DecisionFile::Pairs) {
        return Vec::new();
    }
    table
        .rows
        .iter()
        .filter_map(|row| read_row(&table, row, &columns, file, context, diagnostics))
        .collect()
}

fn read_row(
    table: &Table,
    row: &TableRow,
    columns: &[usize],
    file: DecisionFile,
    context: &Context,
    diagnostics: &mut Diagnostics,
) -> Option<Decided> {
    let mentee = find_person(table, row, columns[0], context.mentees, file, diagnostics);
    let mentor = find_person(table, row, columns[1], context.mentors, file, diagnostics);
    let decision = match file {
        DecisionFile::Keep => Some(Decision::Keep),
        DecisionFile::Pairs => read_decision(table, row, columns[2], diagnostics),
    };
    let decided = Decided {
        mentee: mentee?,
        mentor: mentor?,
        decision: decision?,
        source: table.source.clone(),
        line: row.line,
    };
    if decided.decision != Decision::Forbid {
        check_rules(&decided, context, diagnostics);
    }
    Some(decided)
}

/// The person a cell names. A kept pair whose mentee or mentor has left the pool is dropped
/// with a warning (that is what a re-match is for); a pairs file naming nobody is an error.
fn find_person(
    table: &Table,
    row: &TableRow,
    column: usize,
    people: &People,
    file: DecisionFile,
    diagnostics: &mut Diagnostics,
) -> Option<usize> {
    let id = row.cells.get(column).map_or("", String::as_str);
    if let Some(index) = people.index_of(id) {
        return Some(index);
    }
    let ids = people.people.iter().map(|p| p.id.as_str());
    let (message, mut hint) = if id.is_empty() {
        ("this row names nobody".to_string(), String::new())
    } else {
        (format!("`{id}` is not in {}", people.file), String::new())
    };
    if let Some(close) = did_you_mean(id, ids) {
        hint = format!("did you mean `{close}`?");
    }
    let problem = match file {
        DecisionFile::Keep => {
            let hint = format!("{hint} The pair is not kept; its other member is matched again.");
            Diagnostic::warning(Code::Matching, message).with_hint(hint.trim_start())
        }
        DecisionFile::Pairs => {
            Diagnostic::error(Code::Matching, message).with_hint(if hint.is_empty() {
                "use the id from the profiles file".into()
            } else {
                hint
            })
        }
    };
    diagnostics.push(table.at_cell(problem, row, Some(column)));
    None
}

fn read_decision(
    table: &Table,
    row: &TableRow,
    column: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Decision> {
    let word = row.cells.get(column).map_or("", String::as_str);
    match word.to_lowercase().as_str() {
        "fix" => return Some(Decision::Fix),
        "forbid" => return Some(Decision::Forbid),
        _ => {}
    }
    let hint = match did_you_mean(&word.to_lowercase(), DECISION_WORDS) {
        Some(close) => format!("did you mean `{close}`? A decision is `fix` or `forbid`"),
        None => "a decision is `fix` (always propose this pair) or `forbid` (never)".into(),
    };
    let problem =
        Diagnostic::error(Code::Matching, format!("`{word}` is not a decision")).with_hint(hint);
    diagnostics.push(table.at_cell(problem, row, Some(column)));
    None
}

fn check_rules(decided: &Decided, context: &Context, diagnostics: &mut Diagnostics) {
    let mentee = &context.mentees.people[decided.mentee];
    let mentor = &context.mentors.people[decided.mentor];
    if let Some(rule) = broken_rule(context.criteria, mentee, mentor) {
        let rule = &context.criteria.rules[rule];
        let which = if rule.must { "must" } else { "must_not" };
        diagnostics.push(decided.at(
            Diagnostic::error(
                Code::Matching,
                format!(
                    "the pair {} and {} breaks the rule `{which}: {{{}: {}}}`",
                    mentee.id,
                    mentor.id,
                    rule.kind(),
                    rule.column()
                ),
            )
            .with_hint("every proposed pair meets the rules; remove this row, or change the rule in program.yaml"),
        ));
    }
}

/// Checks the decisions of both files together: a mentee decided twice, a pair both fixed and
/// forbidden, a mentor given more mentees than their capacity. Returns the forced pairs
/// (kept or fixed) and the forbidden ones.
pub fn combine(
    decided: Vec<Decided>,
    context: &Context,
    diagnostics: &mut Diagnostics,
) -> (Vec<Decided>, BTreeSet<(usize, usize)>) {
    let forbidden: BTreeSet<(usize, usize)> = decided
        .iter()
        .filter(|d| d.decision == Decision::Forbid)
        .map(|d| (d.mentee, d.mentor))
        .collect();
    let mut forced: Vec<Decided> = Vec::new();
    let mut used: BTreeMap<usize, u32> = BTreeMap::new();
    for d in decided
        .into_iter()
        .filter(|d| d.decision != Decision::Forbid)
    {
        let mentee = &context.mentees.people[d.mentee].id;
        let mentor = &context.mentors.people[d.mentor];
        let problem = if forced.iter().any(|f| f.mentee == d.mentee) {
            Some(format!(
                "mentee `{mentee}` is already kept or fixed in another pair"
            ))
        } else if forbidden.contains(&(d.mentee, d.mentor)) {
            Some(format!(
                "the pair {mentee} and {} is both fixed and forbidden",
                mentor.id
            ))
        } else if *used.get(&d.mentor).unwrap_or(&0) >= mentor.capacity {
            Some(format!(
                "mentor `{}` takes {} mentee(s), and this pair is one more",
                mentor.id, mentor.capacity
            ))
        } else {
            None
        };
        match problem {
            Some(message) => diagnostics.push(d.at(Diagnostic::error(Code::Matching, message))),
            None => {
                *used.entry(d.mentor).or_default() += 1;
                forced.push(d);
            }
        }
    }
    (forced, forbidden)
}
