//! `mentorkit check`: every problem at once, for people (stderr) or as JSON (stdout).

use std::path::Path;

use super::{Format, Verbosity, plural};
use crate::diagnostics::{json, print_human};
use crate::error::{Error, not_a_project};
use crate::pipeline::{self, Report};
use crate::validate::review::parse_date;

/// Checks the project at `root`; `today` (`YYYY-MM-DD`, by default the clock's day in UTC) is
/// the day review dates are compared with.
pub fn run(
    root: &Path,
    (deny_warnings, format): (bool, Format),
    today: Option<&str>,
    verbosity: Verbosity,
) -> Result<(), Error> {
    let today = match today {
        Some(text) => parse_date(text).ok_or_else(|| {
            Error::Usage(format!(
                "`--today {text}` is not a date: write it as year-month-day, e.g. `--today 2026-03-12`"
            ))
        })?,
        None => jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date(),
    };
    if let Some(error) = not_a_project(root) {
        return Err(error);
    }
    let report = pipeline::check(root, today);
    match format {
        Format::Human => print_report(&report, deny_warnings, verbosity),
        Format::Json => println!("{}", json::to_json(&report.diagnostics)),
    }
    if report.errors() > 0 || (deny_warnings && report.warnings() > 0) {
        // Printed above.
        return Err(Error::Content(Box::default()));
    }
    Ok(())
}

fn print_report(report: &Report, deny_warnings: bool, verbosity: Verbosity) {
    print_human(&report.diagnostics, &report.sources);
    let (errors, warnings) = (report.errors(), report.warnings());
    if !verbosity.says() && errors == 0 && !(deny_warnings && warnings > 0) {
        return;
    }
    if errors == 0 && warnings == 0 {
        eprintln!("No problems found.");
        return;
    }
    eprintln!(
        "check: {errors} error{}, {warnings} warning{}{}",
        plural(errors),
        plural(warnings),
        if errors == 0 && deny_warnings && warnings > 0 {
            " (warnings are errors: --deny-warnings)"
        } else {
            ""
        }
    );
}
