//! `mentorkit match`: proposes mentor–mentee pairs from two CSV files of profiles, scored by
//! the criteria and bound by the rules of `matching:` in `content/program.yaml`.
//!
//! Its own small pipeline, in the order of its files: the program's `criteria`, the
//! `profiles` and the coordinator's `decisions` read and checked (every problem at once), each
//! pair's `score`, the `assign`ment over the whole pool, the `explain`ed review, and the
//! `output` files, written only when nothing was wrong into a private folder (never the site).

mod assign;
mod criteria;
mod decisions;
mod explain;
mod output;
mod profiles;
mod score;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use self::assign::{Pool, assign};
use self::criteria::Criteria;
use self::decisions::{Context, Decided, DecisionFile, combine, read_decisions};
use self::explain::{Origin, Outcome, explain};
use self::profiles::{People, Side, read_people};
use self::score::{broken_rule, score};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, display_path};
use crate::error::{Error, Problems};
use crate::validate::matching::validate_matching;

pub use self::explain::Review;

/// The template of the review page.
pub const REVIEW_TEMPLATE: &str = "matching-review.html";

/// What `mentorkit match` reads and where it writes.
#[derive(Debug, Clone)]
pub struct MatchOptions {
    pub root: PathBuf,
    pub mentors: PathBuf,
    pub mentees: PathBuf,
    /// A `matches.csv` of an earlier run whose pairs are kept.
    pub keep: Option<PathBuf>,
    /// Pairs the coordinator fixes or forbids.
    pub pairs: Option<PathBuf>,
    pub output: PathBuf,
}

/// A finished run: the review, and the warnings to show.
pub struct Matched {
    pub review: Review,
    pub warnings: Problems,
}

/// Reads, checks, matches and writes; nothing is written when anything is wrong.
pub fn run(options: &MatchOptions) -> Result<Matched, Error> {
    if let Some(reason) = crate::write::unsafe_private_output(
        &options.root,
        &options.root.join("public"),
        &options.output,
    ) {
        return Err(Error::Usage(format!(
            "refusing to write the matches into {}: {reason}",
            options.output.display()
        )));
    }
    let mut problems = Problems::default();
    let project = crate::load::load_settings(&options.root, &mut problems.diagnostics);
    problems.sources = project.sources.clone();
    let criteria = program_criteria(
        project.program.as_ref(),
        &project.sources,
        &mut problems.diagnostics,
    );
    let inputs = criteria.and_then(|criteria| read_inputs(options, criteria, &mut problems));
    let Some(inputs) = inputs.filter(|_| !problems.diagnostics.has_errors()) else {
        return Err(Error::Content(Box::new(problems)));
    };
    let review = matched(&inputs, &mut problems.diagnostics);
    let page = review_page(&project, &review, options, &mut problems)?;
    let files = [
        ("matches.csv", output::matches_csv(&review)),
        ("unmatched.csv", output::unmatched_csv(&review)),
        ("review.html", page.into_bytes()),
    ];
    crate::write::write_private(&options.output, &files)?;
    Ok(Matched {
        review,
        warnings: problems,
    })
}

/// The program's matching, checked; `None` when it cannot be applied.
fn program_criteria(
    program: Option<&crate::model::Program>,
    sources: &crate::diagnostics::SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Criteria> {
    let source = sources.get("content/program.yaml");
    let matching = program?.matching.as_ref();
    let criteria = matching.map(Criteria::from_program);
    if criteria.as_ref().is_none_or(|c| c.scored.is_empty()) {
        diagnostics.push(
            Diagnostic::error(
                Code::Matching,
                "`matching` in program.yaml has no criterion with `compare`, so there is nothing to score",
            )
            .in_file(Path::new("content/program.yaml"))
            .with_hint("give criteria a `compare: equal`, `overlap` or `closeness` (docs/matching.md)"),
        );
        return None;
    }
    validate_matching(matching?, source, diagnostics);
    criteria
}

/// Everything a run reads, checked.
struct Inputs {
    criteria: Criteria,
    mentees: People,
    mentors: People,
    forced: Vec<Decided>,
    forbidden: BTreeSet<(usize, usize)>,
}

fn read_inputs(
    options: &MatchOptions,
    criteria: Criteria,
    problems: &mut Problems,
) -> Option<Inputs> {
    let root = &options.root;
    let (diagnostics, sources) = (&mut problems.diagnostics, &mut problems.sources);
    let mentees = read_people(
        &options.mentees,
        &shown(root, &options.mentees),
        Side::Mentee,
        &criteria,
        diagnostics,
        sources,
    );
    let mentors = read_people(
        &options.mentors,
        &shown(root, &options.mentors),
        Side::Mentor,
        &criteria,
        diagnostics,
        sources,
    );
    for path in [&options.mentees, &options.mentors] {
        warn_if_published(root, path, diagnostics);
    }
    let (mentees, mentors) = (mentees?, mentors?);
    let context = Context {
        criteria: &criteria,
        mentees: &mentees,
        mentors: &mentors,
    };
    let mut decided = Vec::new();
    for (path, file) in [
        (&options.keep, DecisionFile::Keep),
        (&options.pairs, DecisionFile::Pairs),
    ] {
        if let Some(path) = path {
            let name = shown(root, path);
            decided.extend(read_decisions(
                (path, &name),
                file,
                &context,
                diagnostics,
                sources,
            ));
        }
    }
    let (forced, forbidden) = combine(decided, &context, diagnostics);
    Some(Inputs {
        criteria,
        mentees,
        mentors,
        forced,
        forbidden,
    })
}

/// Profiles in a folder the site is built from (`static/` is copied into it) would be
/// published with the next build: personal data on the web.
fn warn_if_published(root: &Path, path: &Path, diagnostics: &mut Diagnostics) {
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let path = absolute(path);
    for folder in ["static", "content", "templates", "themes"] {
        if path.starts_with(absolute(&root.join(folder))) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::Matching,
                    format!("the profiles are inside {folder}/, which the site is built from: the next build may publish them"),
                )
                .in_file(Path::new(&shown(root, &path)))
                .with_hint("keep profiles out of the site's folders, e.g. in matching/ (the default)"),
            );
        }
    }
}

/// A path as messages show it: relative to the project where it is inside it.
fn shown(root: &Path, path: &Path) -> String {
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    match absolute(path).strip_prefix(absolute(root)) {
        Ok(relative) => display_path(relative),
        Err(_) => path.display().to_string(),
    }
}

/// Scores every pair, assigns, and explains; a mentee nobody may take is a warning.
fn matched(inputs: &Inputs, diagnostics: &mut Diagnostics) -> Review {
    let scores = pair_scores(inputs);
    let mut assigned: Vec<Option<(usize, Origin)>> = vec![None; inputs.mentees.people.len()];
    let mut capacity: Vec<u32> = inputs.mentors.people.iter().map(|m| m.capacity).collect();
    for pair in &inputs.forced {
        assigned[pair.mentee] = Some((pair.mentor, Origin::of(pair.decision)));
        capacity[pair.mentor] -= 1; // `combine` checked the capacity
    }
    let open: Vec<usize> = (0..assigned.len())
        .filter(|&i| assigned[i].is_none())
        .collect();
    let open_scores: Vec<Vec<Option<i64>>> = open.iter().map(|&i| scores[i].clone()).collect();
    let proposed = assign(&Pool {
        scores: &open_scores,
        capacity: &capacity,
    });
    for (&mentee, mentor) in open.iter().zip(proposed) {
        assigned[mentee] = mentor.map(|m| (m, Origin::Proposed));
    }
    warn_unmatchable(inputs, &scores, diagnostics);
    explain(&Outcome {
        criteria: &inputs.criteria,
        mentees: &inputs.mentees,
        mentors: &inputs.mentors,
        assigned: &assigned,
        scores: &scores,
        forbidden: &inputs.forbidden,
    })
}

/// Per mentee, per mentor: the pair's score, or `None` where the rules or the coordinator
/// forbid it.
fn pair_scores(inputs: &Inputs) -> Vec<Vec<Option<i64>>> {
    let criteria = &inputs.criteria;
    inputs
        .mentees
        .people
        .iter()
        .enumerate()
        .map(|(i, mentee)| {
            inputs
                .mentors
                .people
                .iter()
                .enumerate()
                .map(|(j, mentor)| {
                    let allowed = broken_rule(criteria, mentee, mentor).is_none()
                        && !inputs.forbidden.contains(&(i, j));
                    allowed.then(|| score(criteria, mentee, mentor))
                })
                .collect()
        })
        .collect()
}

fn warn_unmatchable(inputs: &Inputs, scores: &[Vec<Option<i64>>], diagnostics: &mut Diagnostics) {
    let source = inputs.mentees.source.clone();
    for (mentee, row) in inputs.mentees.people.iter().zip(scores) {
        if row.iter().all(Option::is_none) {
            let warning = Diagnostic::warning(
                Code::Matching,
                format!("no mentor may take mentee `{}`: every one breaks a rule", mentee.id),
            )
            .with_hint("the review page says how many mentors each rule excludes; to match this mentee, change the profile or the rule");
            diagnostics.push(warning.at_line_column(&source, mentee.line, 1));
        }
    }
}

/// The review page's context.
#[derive(Serialize)]
struct ReviewPage<'a> {
    program: &'a str,
    organization: Option<&'a str>,
    language: &'a str,
    files: Vec<String>,
    #[serde(flatten)]
    review: &'a Review,
}

fn review_page(
    project: &crate::model::Project,
    review: &Review,
    options: &MatchOptions,
    problems: &mut Problems,
) -> Result<String, Error> {
    let config = project.config.as_ref();
    let theme_name = config.map_or("default", |c| c.theme.as_str());
    let theme = crate::render::theme::load(
        &options.root,
        theme_name,
        &mut problems.diagnostics,
        &mut problems.sources,
    );
    let files = [
        Some(&options.mentees),
        Some(&options.mentors),
        options.keep.as_ref(),
        options.pairs.as_ref(),
    ];
    let context = ReviewPage {
        program: project.program.as_ref().map_or("", |p| p.name.as_str()),
        organization: config
            .and_then(|c| c.organization.as_ref())
            .map(|o| o.name.as_str()),
        language: config.map_or("en", |c| c.language.as_str()),
        files: files
            .into_iter()
            .flatten()
            .map(|p| shown(&options.root, p))
            .collect(),
        review,
    };
    // A theme that does not load or render has said why in the diagnostics.
    let page = theme.and_then(|theme| {
        crate::render::render_standalone(&theme, REVIEW_TEMPLATE, &context)
            .map_err(|problem| problems.diagnostics.push(problem))
            .ok()
    });
    match page {
        Some(page) if !problems.diagnostics.has_errors() => Ok(page),
        _ => Err(Error::Content(Box::new(std::mem::take(problems)))),
    }
}

#[cfg(test)]
mod tests {
    use super::criteria::{Rule, Scored};
    use super::profiles::{Person, Value};
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::model::{Compare, PairRule};
    use proptest::prelude::*;

    const CAMPUSES: [&str; 3] = ["north", "south", "east"];
    const SHIFTS: [&str; 3] = ["days", "nights", "weekends"];

    fn criteria() -> Criteria {
        let scored = |id: &str, compare| Scored {
            id: id.into(),
            label: id.into(),
            weight: 10,
            compare,
            mentee_column: id.into(),
            mentor_column: id.into(),
            values: Vec::new(),
            ideal_gap: 0,
        };
        let rule = |rule, must| Rule { rule, must };
        Criteria {
            scored: vec![
                scored("campus", Compare::Equal),
                scored("shifts", Compare::Overlap),
            ],
            unscored: Vec::new(),
            rules: vec![
                rule(PairRule::Same("campus".into()), true),
                rule(PairRule::NamesMentor("manager".into()), false),
                rule(PairRule::Overlap("shifts".into()), true),
            ],
            capacity_column: "capacity".into(),
        }
    }

    /// A random profile: a campus (or none), some shifts, a manager index, a capacity.
    type Profile = (Option<usize>, Vec<usize>, Option<usize>, u32);

    fn profile(mentors: usize) -> impl Strategy<Value = Profile> {
        (
            proptest::option::of(0..CAMPUSES.len()),
            proptest::collection::vec(0..SHIFTS.len(), 0..3),
            proptest::option::of(0..mentors.max(1)),
            0u32..3,
        )
    }

    fn person(id: String, (campus, shifts, manager, capacity): &Profile, mentor: bool) -> Person {
        let campus = campus.map_or(Value::Missing, |c| Value::One(CAMPUSES[c].into()));
        let mut shift_names: Vec<String> = shifts.iter().map(|&s| SHIFTS[s].to_string()).collect();
        shift_names.sort();
        shift_names.dedup();
        let shifts = if shift_names.is_empty() {
            Value::Missing
        } else {
            Value::Many(shift_names)
        };
        let manager = match manager {
            Some(m) if !mentor => Value::Many(vec![format!("m{m}")]),
            _ => Value::Missing,
        };
        Person {
            id,
            name: String::new(),
            line: 2,
            capacity: if mentor { *capacity } else { 0 },
            values: vec![campus.clone(), shifts.clone()],
            shown: vec![String::new(), String::new()],
            rule_values: vec![campus, manager, shifts],
        }
    }

    fn people(file: &str, profiles: &[Profile], prefix: &str, mentor: bool) -> People {
        People {
            file: file.into(),
            source: SourceFile::new(file.into(), "id\n".into()),
            people: profiles
                .iter()
                .enumerate()
                .map(|(i, p)| person(format!("{prefix}{i}"), p, mentor))
                .collect(),
        }
    }

    /// The rules, written out again from the profiles: same campus, shared shift, and the
    /// mentor is not the mentee's manager.
    fn allowed(mentee: &Profile, mentor_index: usize, mentor: &Profile) -> bool {
        let same_campus = mentee.0.is_some() && mentee.0 == mentor.0;
        let shared_shift = mentee.1.iter().any(|s| mentor.1.contains(s));
        same_campus && shared_shift && mentee.2 != Some(mentor_index)
    }

    fn pools() -> impl Strategy<Value = (Vec<Profile>, Vec<Profile>)> {
        (1usize..5).prop_flat_map(|mentors| {
            (
                proptest::collection::vec(profile(mentors), 0..9),
                proptest::collection::vec(profile(mentors), mentors),
            )
        })
    }

    proptest! {
        #[test]
        fn no_rule_is_broken_no_capacity_exceeded_and_nobody_left_who_could_be_matched(
            (mentee_profiles, mentor_profiles) in pools()
        ) {
            let inputs = Inputs {
                criteria: criteria(),
                mentees: people("mentees.csv", &mentee_profiles, "e", false),
                mentors: people("mentors.csv", &mentor_profiles, "m", true),
                forced: Vec::new(),
                forbidden: BTreeSet::new(),
            };
            let review = matched(&inputs, &mut Diagnostics::default());
            let index = |id: &str| id[1..].parse::<usize>().unwrap();
            let mut used = vec![0u32; mentor_profiles.len()];
            for pair in &review.pairs {
                let (e, m) = (index(&pair.mentee.id), index(&pair.mentor.id));
                prop_assert!(allowed(&mentee_profiles[e], m, &mentor_profiles[m]), "{:?}", pair);
                used[m] += 1;
            }
            for (m, profile) in mentor_profiles.iter().enumerate() {
                prop_assert!(used[m] <= profile.3, "mentor {} over capacity", m);
            }
            for unmatched in &review.unmatched {
                let e = index(&unmatched.mentee.id);
                let free = (0..mentor_profiles.len()).any(|m| {
                    allowed(&mentee_profiles[e], m, &mentor_profiles[m]) && used[m] < mentor_profiles[m].3
                });
                prop_assert!(!free, "mentee {} was left while an allowed mentor had a place", e);
            }
        }
    }
}
