//! The program's matching criteria and rules, made ready to apply: which profile column each
//! reads on each side, and the values it knows.

use crate::model::{Compare, Matching, PairRule};
use crate::validate::matching::rule_column;

/// The profile column a mentor's capacity is read from when the rules name none.
pub const DEFAULT_CAPACITY_COLUMN: &str = "capacity";

/// A criterion `mentorkit match` scores.
#[derive(Debug, Clone)]
pub struct Scored {
    pub id: String,
    pub label: String,
    pub weight: i64,
    pub compare: Compare,
    pub mentee_column: String,
    pub mentor_column: String,
    /// The values it knows, as written in program.yaml (empty: any value).
    pub values: Vec<String>,
    pub ideal_gap: i64,
}

impl Scored {
    /// The most a pair scores on this criterion, in thousandths of a point.
    pub fn max_milli(&self) -> i64 {
        self.weight * 1000
    }
}

/// A rule every proposed pair meets (`must`) or never meets (`must_not`).
#[derive(Debug, Clone)]
pub struct Rule {
    pub rule: PairRule,
    pub must: bool,
}

impl Rule {
    pub fn column(&self) -> &str {
        rule_column(&self.rule)
    }

    /// The rule's kind as the review page names it: `same`, `overlap` or `names_mentor`.
    pub fn kind(&self) -> &'static str {
        match self.rule {
            PairRule::Same(_) => "same",
            PairRule::Overlap(_) => "overlap",
            PairRule::NamesMentor(_) => "names_mentor",
        }
    }

    /// Whether the mentor side reads the column too (`names_mentor` reads the mentee's only).
    pub fn reads_mentor(&self) -> bool {
        !matches!(self.rule, PairRule::NamesMentor(_))
    }
}

/// Everything the program says about matching, ready to apply.
#[derive(Debug, Clone)]
pub struct Criteria {
    pub scored: Vec<Scored>,
    /// Criteria left to the coordinator's judgement (no `compare`): listed, not scored.
    pub unscored: Vec<String>,
    pub rules: Vec<Rule>,
    pub capacity_column: String,
}

impl Criteria {
    pub fn from_program(matching: &Matching) -> Criteria {
        let (scored, unscored): (Vec<_>, Vec<_>) =
            matching.criteria.iter().partition(|c| c.compare.is_some());
        let scored = scored
            .into_iter()
            .map(|c| {
                let column = c.column.clone().unwrap_or_else(|| c.id.value.clone());
                Scored {
                    id: c.id.value.clone(),
                    label: c.label.clone(),
                    weight: c.weight.max(0),
                    compare: c.compare.unwrap_or(Compare::Equal),
                    mentor_column: c.mentor_column.clone().unwrap_or_else(|| column.clone()),
                    mentee_column: column,
                    values: c.values.clone(),
                    ideal_gap: c.ideal_gap.unwrap_or(0),
                }
            })
            .collect();
        let rules = matching.rules.clone().unwrap_or_default();
        let must = rules.must.into_iter().map(|rule| Rule { rule, must: true });
        let must_not = rules
            .must_not
            .into_iter()
            .map(|rule| Rule { rule, must: false });
        Criteria {
            scored,
            unscored: unscored.into_iter().map(|c| c.label.clone()).collect(),
            rules: must.chain(must_not).collect(),
            capacity_column: rules
                .capacity
                .unwrap_or_else(|| DEFAULT_CAPACITY_COLUMN.to_string()),
        }
    }

    /// The most a pair can score, in thousandths of a point.
    pub fn max_milli(&self) -> i64 {
        self.scored.iter().map(Scored::max_milli).sum()
    }
}
