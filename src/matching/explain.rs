//! What the coordinator reviews: every pair with its score and why, the runner-up mentor,
//! every unmatched mentee with the reason, and a summary. The review page and the CSV files
//! are both written from this.

use std::collections::BTreeSet;

use serde::Serialize;

use super::criteria::{Criteria, Rule, Scored};
use super::decisions::Decision;
use super::profiles::{People, Person, Value};
use super::score::{broken_rule, contributions, points};
use crate::model::Compare;

/// The outcome of a run: the pairs, the mentees left, the mentors' load.
#[derive(Debug, Serialize)]
pub struct Review {
    pub criteria: Vec<CriterionView>,
    /// Criteria left to the coordinator's judgement.
    pub unscored: Vec<String>,
    pub rules: Vec<RuleView>,
    pub pairs: Vec<PairView>,
    pub unmatched: Vec<UnmatchedView>,
    pub mentors: Vec<MentorLoad>,
    pub summary: Summary,
}

#[derive(Debug, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub label: String,
    pub weight: i64,
    pub compare: Compare,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub must: bool,
    /// `same`, `overlap` or `names_mentor`.
    pub kind: &'static str,
    pub column: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct PairView {
    pub mentee: PersonView,
    pub mentor: PersonView,
    /// The score in points with one decimal, and in thousandths of a point.
    pub score: String,
    pub score_milli: i64,
    /// `proposed`, `kept` or `fixed`.
    pub decision: &'static str,
    pub reasons: Vec<Reason>,
    pub runner_up: Option<RunnerUp>,
}

/// How one criterion scored for a pair.
#[derive(Debug, Serialize)]
pub struct Reason {
    pub id: String,
    pub label: String,
    pub compare: Compare,
    pub weight: i64,
    pub points: String,
    pub milli: i64,
    /// `full`, `part` or `none`.
    pub met: &'static str,
    /// The cells as the profiles give them.
    pub mentee_value: String,
    pub mentor_value: String,
    /// For `overlap`: the values both have, as the mentee wrote them.
    pub shared: Vec<String>,
    /// For `closeness`: how many steps the mentor is ahead (negative: behind), and how many
    /// steps that is from the ideal gap.
    pub gap: Option<i64>,
    pub off: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct RunnerUp {
    pub mentor: PersonView,
    pub score: String,
    /// Whether the runner-up has no place left in this assignment.
    pub full: bool,
}

#[derive(Debug, Serialize)]
pub struct UnmatchedView {
    pub mentee: PersonView,
    /// `rules` (no mentor meets them) or `capacity` (every mentor who does is full).
    pub reason: &'static str,
    /// For `rules`: per rule, how many mentors it excludes (each counted at its first broken
    /// rule), and how many the coordinator forbade.
    pub excluded: Vec<Excluded>,
    pub forbidden: usize,
    /// For `capacity`: the mentors the rules allow, all full.
    pub allowed: Vec<PersonView>,
}

#[derive(Debug, Serialize)]
pub struct Excluded {
    pub rule: RuleView,
    pub mentors: usize,
}

#[derive(Debug, Serialize)]
pub struct MentorLoad {
    pub mentor: PersonView,
    pub capacity: u32,
    pub used: usize,
    pub mentees: Vec<PersonView>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub mentees: usize,
    pub matched: usize,
    pub proposed: usize,
    pub kept: usize,
    pub fixed: usize,
    pub mentors: usize,
    pub places: u64,
    pub max_score: String,
    pub min: String,
    pub median: String,
    pub mean: String,
    pub max: String,
    pub bands: Vec<Band>,
}

/// Pairs whose score is within a tenth of the highest possible score.
#[derive(Debug, Serialize)]
pub struct Band {
    pub from: String,
    pub to: String,
    pub pairs: usize,
    /// Of all pairs, in whole percent (for the bar's width).
    pub percent: usize,
}

/// How a pair came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Proposed,
    Kept,
    Fixed,
}

impl Origin {
    /// The origin of a pair the coordinator decided on (`Forbid` never makes a pair).
    pub fn of(decision: Decision) -> Origin {
        match decision {
            Decision::Keep => Origin::Kept,
            Decision::Fix | Decision::Forbid => Origin::Fixed,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Origin::Proposed => "proposed",
            Origin::Kept => "kept",
            Origin::Fixed => "fixed",
        }
    }
}

/// Everything an explanation reads.
pub struct Outcome<'a> {
    pub criteria: &'a Criteria,
    pub mentees: &'a People,
    pub mentors: &'a People,
    /// Per mentee: their mentor and how the pair came about.
    pub assigned: &'a [Option<(usize, Origin)>],
    /// Per mentee, per mentor: the score, `None` where the rules or the coordinator forbid
    /// the pair.
    pub scores: &'a [Vec<Option<i64>>],
    /// The pairs the coordinator forbade, as (mentee, mentor).
    pub forbidden: &'a BTreeSet<(usize, usize)>,
}

pub fn explain(outcome: &Outcome) -> Review {
    let criteria = outcome.criteria;
    let loads = mentor_loads(outcome);
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for (index, mentee) in outcome.mentees.people.iter().enumerate() {
        match outcome.assigned[index] {
            Some((mentor, origin)) => pairs.push(pair_view(outcome, index, mentor, origin, &loads)),
            None => unmatched.push(unmatched_view(outcome, index, mentee)),
        }
    }
    Review {
        criteria: criteria.scored.iter().map(criterion_view).collect(),
        unscored: criteria.unscored.clone(),
        rules: criteria.rules.iter().map(rule_view).collect(),
        summary: summary(outcome, &pairs),
        mentors: loads,
        pairs,
        unmatched,
    }
}

fn criterion_view(scored: &Scored) -> CriterionView {
    CriterionView {
        id: scored.id.clone(),
        label: scored.label.clone(),
        weight: scored.weight,
        compare: scored.compare,
    }
}

fn rule_view(rule: &Rule) -> RuleView {
    RuleView {
        must: rule.must,
        kind: rule.kind(),
        column: rule.column().to_string(),
    }
}

fn person_view(person: &Person) -> PersonView {
    PersonView {
        id: person.id.clone(),
        name: if person.name.is_empty() {
            person.id.clone()
        } else {
            person.name.clone()
        },
    }
}

fn pair_view(
    outcome: &Outcome,
    mentee: usize,
    mentor: usize,
    origin: Origin,
    loads: &[MentorLoad],
) -> PairView {
    let (mentee_person, mentor_person) = (
        &outcome.mentees.people[mentee],
        &outcome.mentors.people[mentor],
    );
    let parts = contributions(outcome.criteria, mentee_person, mentor_person);
    let total: i64 = parts.iter().sum();
    let reasons = outcome
        .criteria
        .scored
        .iter()
        .enumerate()
        .map(|(k, scored)| reason(scored, k, parts[k], mentee_person, mentor_person))
        .collect();
    PairView {
        mentee: person_view(mentee_person),
        mentor: person_view(mentor_person),
        score: points(total),
        score_milli: total,
        decision: origin.as_str(),
        reasons,
        runner_up: runner_up(outcome, mentee, mentor, loads),
    }
}

fn reason(scored: &Scored, k: usize, milli: i64, mentee: &Person, mentor: &Person) -> Reason {
    let shared = match (&mentee.values[k], &mentor.values[k]) {
        (Value::Many(a), Value::Many(b)) => {
            shown_items(&mentee.shown[k], |v| a.contains(v) && b.contains(v))
        }
        _ => Vec::new(),
    };
    let gap = match (&mentee.values[k], &mentor.values[k]) {
        (Value::Step(a), Value::Step(b)) => Some(*b as i64 - *a as i64),
        _ => None,
    };
    Reason {
        id: scored.id.clone(),
        label: scored.label.clone(),
        compare: scored.compare,
        weight: scored.weight,
        points: points(milli),
        milli,
        met: match milli {
            0 => "none",
            m if m >= scored.max_milli() => "full",
            _ => "part",
        },
        mentee_value: mentee.shown[k].clone(),
        mentor_value: mentor.shown[k].clone(),
        shared,
        off: gap.map(|gap| (gap - scored.ideal_gap).abs()),
        gap,
    }
}

/// The items of a list cell, as written, that pass `keep` (compared in lower case).
fn shown_items(cell: &str, keep: impl Fn(&String) -> bool) -> Vec<String> {
    let mut items: Vec<String> = cell
        .split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty() && keep(&item.to_lowercase()))
        .map(str::to_string)
        .collect();
    items.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    items
}

/// The best-scoring other mentor the rules allow for this mentee (ties: the lower id).
fn runner_up(
    outcome: &Outcome,
    mentee: usize,
    chosen: usize,
    loads: &[MentorLoad],
) -> Option<RunnerUp> {
    let scores = &outcome.scores[mentee];
    let best = (0..scores.len())
        .filter(|&m| m != chosen)
        .filter_map(|m| Some((scores[m]?, m)))
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))?;
    let load = &loads[best.1];
    Some(RunnerUp {
        mentor: person_view(&outcome.mentors.people[best.1]),
        score: points(best.0),
        full: load.used >= load.capacity as usize,
    })
}

fn unmatched_view(outcome: &Outcome, index: usize, mentee: &Person) -> UnmatchedView {
    let allowed: Vec<PersonView> = outcome.scores[index]
        .iter()
        .enumerate()
        .filter(|(_, score)| score.is_some())
        .map(|(m, _)| person_view(&outcome.mentors.people[m]))
        .collect();
    let mut excluded: Vec<Excluded> = Vec::new();
    let mut forbidden = 0;
    if allowed.is_empty() {
        let rules = &outcome.criteria.rules;
        let mut counts = vec![0usize; rules.len()];
        for (m, mentor) in outcome.mentors.people.iter().enumerate() {
            match broken_rule(outcome.criteria, mentee, mentor) {
                Some(rule) => counts[rule] += 1,
                None if outcome.forbidden.contains(&(index, m)) => forbidden += 1,
                None => {}
            }
        }
        excluded = rules
            .iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|(rule, mentors)| Excluded {
                rule: rule_view(rule),
                mentors,
            })
            .collect();
    }
    UnmatchedView {
        mentee: person_view(mentee),
        reason: if allowed.is_empty() {
            "rules"
        } else {
            "capacity"
        },
        excluded,
        forbidden,
        allowed,
    }
}

fn mentor_loads(outcome: &Outcome) -> Vec<MentorLoad> {
    let mut loads: Vec<MentorLoad> = outcome
        .mentors
        .people
        .iter()
        .map(|mentor| MentorLoad {
            mentor: person_view(mentor),
            capacity: mentor.capacity,
            used: 0,
            mentees: Vec::new(),
        })
        .collect();
    for (mentee, assigned) in outcome.assigned.iter().enumerate() {
        if let Some((mentor, _)) = assigned {
            loads[*mentor].used += 1;
            loads[*mentor]
                .mentees
                .push(person_view(&outcome.mentees.people[mentee]));
        }
    }
    loads
}

fn summary(outcome: &Outcome, pairs: &[PairView]) -> Summary {
    let mut scores: Vec<i64> = pairs.iter().map(|p| p.score_milli).collect();
    scores.sort_unstable();
    let count = |decision: &str| pairs.iter().filter(|p| p.decision == decision).count();
    let median = match scores.len() {
        0 => 0,
        n if n % 2 == 1 => scores[n / 2],
        n => (scores[n / 2 - 1] + scores[n / 2]) / 2,
    };
    let mean = if scores.is_empty() {
        0
    } else {
        scores.iter().sum::<i64>() / scores.len() as i64
    };
    Summary {
        mentees: outcome.mentees.people.len(),
        matched: pairs.len(),
        proposed: count("proposed"),
        kept: count("kept"),
        fixed: count("fixed"),
        mentors: outcome.mentors.people.len(),
        places: outcome
            .mentors
            .people
            .iter()
            .map(|m| u64::from(m.capacity))
            .sum(),
        max_score: points(outcome.criteria.max_milli()),
        min: points(scores.first().copied().unwrap_or(0)),
        median: points(median),
        mean: points(mean),
        max: points(scores.last().copied().unwrap_or(0)),
        bands: bands(&scores, outcome.criteria.max_milli()),
    }
}

/// The scores in ten bands of a tenth of the highest possible score each, highest first.
fn bands(scores: &[i64], max: i64) -> Vec<Band> {
    let width = (max / 10).max(1);
    let mut counts = [0usize; 10];
    for score in scores {
        counts[((score / width) as usize).min(9)] += 1;
    }
    (0..10)
        .rev()
        .map(|band| Band {
            from: points(band as i64 * width),
            to: points(if band == 9 {
                max
            } else {
                (band as i64 + 1) * width
            }),
            pairs: counts[band],
            percent: (counts[band] * 100).checked_div(scores.len()).unwrap_or(0),
        })
        .collect()
}
