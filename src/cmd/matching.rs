//! `mentorkit match`: proposes mentor–mentee pairs and says where the review is.

use std::path::PathBuf;

use super::{Verbosity, plural};
use crate::diagnostics::print_human;
use crate::error::{Error, not_a_project};
use crate::matching::{self, MatchOptions, Matched};

#[derive(Debug, clap::Args)]
pub struct MatchArgs {
    /// The handbook project folder (its content/program.yaml has the criteria and rules)
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// The mentors' profiles, a CSV file [default: ROOT/matching/mentors.csv]
    #[arg(long, value_name = "FILE")]
    mentors: Option<PathBuf>,
    /// The mentees' profiles, a CSV file [default: ROOT/matching/mentees.csv]
    #[arg(long, value_name = "FILE")]
    mentees: Option<PathBuf>,
    /// Keep the pairs of an earlier run's matches.csv and match only the people left
    #[arg(long, value_name = "FILE")]
    keep: Option<PathBuf>,
    /// Pairs to fix or forbid: a CSV file with the columns mentee, mentor and decision (fix or
    /// forbid) [default: ROOT/matching/pairs.csv, where it exists]
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// Where to write matches.csv, unmatched.csv and review.html; never inside the site's
    /// output or the content [default: ROOT/matches]
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
}

pub fn run(args: MatchArgs, verbosity: Verbosity) -> Result<(), Error> {
    let root = args.root;
    if let Some(error) = not_a_project(&root) {
        return Err(error);
    }
    let default_pairs = root.join("matching/pairs.csv");
    let options = MatchOptions {
        mentors: args
            .mentors
            .unwrap_or_else(|| root.join("matching/mentors.csv")),
        mentees: args
            .mentees
            .unwrap_or_else(|| root.join("matching/mentees.csv")),
        keep: args.keep,
        pairs: args
            .pairs
            .or(default_pairs.is_file().then_some(default_pairs)),
        output: args.output.unwrap_or_else(|| root.join("matches")),
        root,
    };
    match matching::run(&options) {
        Ok(matched) => {
            print_human(&matched.warnings.diagnostics, &matched.warnings.sources);
            if verbosity.says() {
                summarize(&matched, &options);
            }
            Ok(())
        }
        Err(Error::Content(problems)) => {
            print_human(&problems.diagnostics, &problems.sources);
            let errors = problems.diagnostics.error_count();
            eprintln!(
                "error: matching stopped with {errors} error{}; nothing was written",
                plural(errors)
            );
            Err(Error::Content(Box::default()))
        }
        Err(error) => Err(error),
    }
}

fn summarize(matched: &Matched, options: &MatchOptions) {
    let s = &matched.review.summary;
    let left = s.mentees - s.matched;
    eprintln!(
        "Matched {} of {} mentees ({} proposed, {} kept, {} fixed) with {} mentors; mean score {} of {}",
        s.matched, s.mentees, s.proposed, s.kept, s.fixed, s.mentors, s.mean, s.max_score
    );
    if left > 0 {
        eprintln!(
            "  {left} mentee{} left unmatched, each with the reason",
            plural(left)
        );
    }
    eprintln!(
        "Review every pair in {} (matches.csv and unmatched.csv beside it); it holds personal data: keep it private",
        options.output.join("review.html").display()
    );
}
