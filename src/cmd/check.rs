//! `mentorkit check`: every problem at once, for people (stderr) or as JSON (stdout).

use std::path::Path;

use super::{Format, Verbosity, plural};
use crate::diagnostics::{json, print_human};
use crate::error::{Error, not_a_project};
use crate::pipeline::{self, Report};

pub fn run(
    root: &Path,
    deny_warnings: bool,
    format: Format,
    verbosity: Verbosity,
) -> Result<(), Error> {
    if let Some(error) = not_a_project(root) {
        return Err(error);
    }
    let report = pipeline::check(root);
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
