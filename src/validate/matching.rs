//! Checks of `matching:` in the program: what `mentorkit match` needs to score pairs, checked
//! by `build` and `check` too, so a criterion that cannot be applied is found when it is written.

use std::collections::BTreeSet;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, located_error};
use crate::model::{Compare, Criterion, Matching, PairRule};

/// The largest weight: far beyond any real use, and small enough that no total overflows.
pub const MAX_WEIGHT: i64 = 1_000_000;

/// Checks every criterion and rule of `matching`.
pub fn validate_matching(
    matching: &Matching,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    for criterion in &matching.criteria {
        check_criterion(criterion, source, diagnostics);
    }
    if let Some(rules) = &matching.rules {
        let columns = rules.must.iter().chain(&rules.must_not).map(rule_column);
        let capacity = rules.capacity.iter().map(String::as_str);
        if columns.chain(capacity).any(|c| c.trim().is_empty()) {
            let problem =
                Diagnostic::error(Code::Matching, "a matching rule names an empty column")
                    .with_hint("name the profile column the rule reads, e.g. `same: campus`");
            diagnostics.push(match source {
                Some(source) => problem.in_file(std::path::Path::new(&source.name)),
                None => problem,
            });
        }
    }
}

/// The profile column a rule reads.
pub fn rule_column(rule: &PairRule) -> &str {
    match rule {
        PairRule::Same(column) | PairRule::Overlap(column) | PairRule::NamesMentor(column) => {
            column
        }
    }
}

fn check_criterion(
    criterion: &Criterion,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let id = &criterion.id.value;
    let mut error = |message: String, hint: &str| {
        diagnostics
            .push(located_error(Code::Matching, source, &criterion.id, message).with_hint(hint));
    };
    if !(0..=MAX_WEIGHT).contains(&criterion.weight) {
        error(
            format!(
                "criterion `{id}`'s weight {} is out of range",
                criterion.weight
            ),
            &format!(
                "a weight is a whole number from 0 to {MAX_WEIGHT}: how many points a pair that meets the criterion scores"
            ),
        );
    }
    if has_duplicate_values(&criterion.values) {
        error(
            format!("criterion `{id}` lists a value twice in `values`"),
            "values are compared without regard to case; list each once",
        );
    }
    match criterion.compare {
        Some(Compare::Closeness) => check_scale(criterion, &mut error),
        Some(_) if criterion.ideal_gap.is_some() => error(
            format!("criterion `{id}` has `ideal_gap`, which only `compare: closeness` uses"),
            "remove `ideal_gap`, or compare on an ordered scale with `compare: closeness`",
        ),
        Some(_) => {}
        None => warn_unscored(criterion, source, diagnostics),
    }
}

fn check_scale(criterion: &Criterion, error: &mut impl FnMut(String, &str)) {
    let id = &criterion.id.value;
    let steps = criterion.values.len() as i64;
    if steps < 2 {
        error(
            format!(
                "criterion `{id}` compares by closeness but its scale has fewer than two steps"
            ),
            "list the scale's steps in order under `values:`, e.g. [new-graduate, early-career, experienced, senior]",
        );
    } else if criterion.ideal_gap.is_some_and(|gap| gap.abs() >= steps) {
        error(
            format!("criterion `{id}`'s `ideal_gap` is as long as its scale or longer"),
            &format!(
                "the scale has {steps} steps, so the gap is between {} and {}",
                1 - steps,
                steps - 1
            ),
        );
    }
}

/// A criterion with settings for `mentorkit match` but no `compare` scores nothing: likely a
/// forgotten key.
fn warn_unscored(
    criterion: &Criterion,
    source: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) {
    let has_settings = criterion.column.is_some()
        || criterion.mentor_column.is_some()
        || !criterion.values.is_empty()
        || criterion.ideal_gap.is_some();
    if has_settings {
        let mut warning = located_error(
            Code::Matching,
            source,
            &criterion.id,
            format!(
                "criterion `{}` has matching settings but no `compare`, so it scores nothing",
                criterion.id.value
            ),
        )
        .with_hint("add `compare: equal`, `overlap` or `closeness`");
        warning.severity = crate::diagnostics::Severity::Warning;
        diagnostics.push(warning);
    }
}

fn has_duplicate_values(values: &[String]) -> bool {
    let mut seen = BTreeSet::new();
    values.iter().any(|v| !seen.insert(v.trim().to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Program;

    fn problems(yaml: &str) -> Vec<Diagnostic> {
        let program: Program = serde_saphyr::from_str(yaml).expect("parses");
        let mut diagnostics = Diagnostics::default();
        validate_matching(program.matching.as_ref().unwrap(), None, &mut diagnostics);
        diagnostics.into_iter().collect()
    }

    #[test]
    fn a_scale_needs_two_steps_and_a_gap_inside_it() {
        let found = problems(
            "name: P\nmatching:\n  criteria:\n    - {id: a, label: A, weight: 1, compare: closeness, values: [x]}\n    - {id: b, label: B, weight: 1, compare: closeness, values: [x, y], ideal_gap: 2}\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].message.contains("fewer than two steps"));
        assert!(found[1].message.contains("`ideal_gap` is as long"));
        assert!(
            found[1]
                .hint
                .as_deref()
                .unwrap()
                .contains("between -1 and 1")
        );
    }

    #[test]
    fn negative_weights_duplicate_values_and_stray_gaps_are_errors() {
        let found = problems(
            "name: P\nmatching:\n  criteria:\n    - {id: a, label: A, weight: -3, compare: equal, values: [North, north], ideal_gap: 1}\n",
        );
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("weight -3 is out of range"));
        assert!(messages[1].contains("lists a value twice"));
        assert!(messages[2].contains("only `compare: closeness` uses"));
        assert!(found.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn settings_without_compare_are_a_warning_and_plain_criteria_are_fine() {
        let found = problems(
            "name: P\nmatching:\n  criteria:\n    - {id: a, label: A, weight: 5, column: campus}\n    - {id: b, label: B, weight: 5}\n  rules:\n    must: [{same: ' '}]\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(!found[0].is_error() && found[0].message.contains("no `compare`"));
        assert!(found[1].is_error() && found[1].message.contains("empty column"));
    }
}
