//! A pair's score and whether the rules allow it. Scores are whole thousandths of a point,
//! so the same profiles always give the same totals and the same pairs on every machine.

use super::criteria::{Criteria, Rule, Scored};
use super::profiles::{Person, Value};
use crate::model::{Compare, PairRule};

/// What one criterion contributes to a pair's score, in thousandths of a point.
pub fn contribution(scored: &Scored, mentee: &Value, mentor: &Value) -> i64 {
    let full = scored.max_milli();
    match (scored.compare, mentee, mentor) {
        (Compare::Equal, Value::One(a), Value::One(b)) if a == b => full,
        (Compare::Overlap, Value::Many(wanted), Value::Many(offered)) => {
            let shared = wanted.iter().filter(|v| offered.contains(v)).count() as i64;
            share(full, shared, wanted.len() as i64)
        }
        (Compare::Closeness, Value::Step(mentee), Value::Step(mentor)) => {
            let span = scored.values.len().saturating_sub(1).max(1) as i64;
            let gap = *mentor as i64 - *mentee as i64;
            let off = (gap - scored.ideal_gap).abs();
            share(full, (span - off).max(0), span)
        }
        _ => 0,
    }
}

/// `full * part / whole`, rounded half up.
fn share(full: i64, part: i64, whole: i64) -> i64 {
    if whole == 0 {
        return 0;
    }
    (2 * full * part + whole) / (2 * whole)
}

/// Every criterion's contribution to the pair's score.
pub fn contributions(criteria: &Criteria, mentee: &Person, mentor: &Person) -> Vec<i64> {
    criteria
        .scored
        .iter()
        .enumerate()
        .map(|(k, scored)| contribution(scored, &mentee.values[k], &mentor.values[k]))
        .collect()
}

/// The pair's score: the sum of its contributions.
pub fn score(criteria: &Criteria, mentee: &Person, mentor: &Person) -> i64 {
    contributions(criteria, mentee, mentor).iter().sum()
}

/// The first rule the pair breaks, if any.
pub fn broken_rule(criteria: &Criteria, mentee: &Person, mentor: &Person) -> Option<usize> {
    criteria.rules.iter().enumerate().find_map(|(r, rule)| {
        let holds = holds(
            rule,
            &mentee.rule_values[r],
            &mentor.rule_values[r],
            &mentor.id,
        );
        (holds != rule.must).then_some(r)
    })
}

/// Whether the rule's condition is true of the pair. A missing value never makes `same` or
/// `overlap` true: an empty cell is not evidence that two people work at the same campus.
fn holds(rule: &Rule, mentee: &Value, mentor: &Value, mentor_id: &str) -> bool {
    match (&rule.rule, mentee, mentor) {
        (PairRule::Same(_), Value::One(a), Value::One(b)) => a == b,
        (PairRule::Overlap(_), Value::Many(a), Value::Many(b)) => a.iter().any(|v| b.contains(v)),
        (PairRule::NamesMentor(_), Value::Many(named), _) => {
            named.contains(&mentor_id.to_lowercase())
        }
        _ => false,
    }
}

/// Thousandths of a point as points with one decimal, the way every output shows them.
pub fn points(milli: i64) -> String {
    let tenths = (milli + 50).div_euclid(100);
    format!("{}.{}", tenths.div_euclid(10), tenths.rem_euclid(10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(compare: Compare, values: &[&str], ideal_gap: i64) -> Scored {
        Scored {
            id: "c".into(),
            label: "C".into(),
            weight: 20,
            compare,
            mentee_column: "c".into(),
            mentor_column: "c".into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            ideal_gap,
        }
    }

    fn many(items: &[&str]) -> Value {
        Value::Many(items.iter().map(|v| v.to_string()).collect())
    }

    #[test]
    fn equal_scores_all_or_nothing_and_nothing_without_data() {
        let c = scored(Compare::Equal, &[], 0);
        let north = Value::One("north".into());
        assert_eq!(contribution(&c, &north, &north), 20_000);
        assert_eq!(contribution(&c, &north, &Value::One("south".into())), 0);
        assert_eq!(contribution(&c, &Value::Missing, &Value::Missing), 0);
    }

    #[test]
    fn overlap_scores_the_share_of_the_mentees_wishes_the_mentor_has() {
        let c = scored(Compare::Overlap, &[], 0);
        let wanted = many(&["education", "leadership", "research"]);
        assert_eq!(contribution(&c, &wanted, &many(&["leadership"])), 6_667);
        assert_eq!(
            contribution(&c, &wanted, &many(&["leadership", "research", "x"])),
            13_333
        );
        assert_eq!(contribution(&c, &wanted, &many(&["x"])), 0);
    }

    #[test]
    fn closeness_is_full_at_the_ideal_gap_and_falls_off_linearly() {
        let c = scored(Compare::Closeness, &["a", "b", "c", "d", "e"], 2);
        let at = |mentee, mentor| contribution(&c, &Value::Step(mentee), &Value::Step(mentor));
        assert_eq!(at(0, 2), 20_000);
        assert_eq!(at(0, 3), 15_000);
        assert_eq!(at(1, 1), 10_000);
        assert_eq!(at(4, 0), 0, "further off than the scale is long");
    }

    #[test]
    fn points_round_half_up_to_one_decimal() {
        assert_eq!(points(13_333), "13.3");
        assert_eq!(points(6_650), "6.7");
        assert_eq!(points(0), "0.0");
        assert_eq!(points(100_000), "100.0");
    }
}
