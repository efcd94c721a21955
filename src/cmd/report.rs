//! `mentorkit report`: the evaluation report from survey responses, and where it is.

use std::path::PathBuf;

use super::{Verbosity, plural};
use crate::diagnostics::print_human;
use crate::error::{Error, not_a_project};
use crate::report::{self, ReportOptions};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The handbook project folder (its surveys, program goals and departments)
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
    /// The responses: a folder per survey id with its CSV and JSON files (and map.yaml),
    /// and cohort.csv [default: ROOT/responses]
    #[arg(long, value_name = "DIR")]
    responses: Option<PathBuf>,
    /// Where to write the report (index.html); never inside the site's output or the
    /// content [default: ROOT/report]
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Report one department's responses and people only
    #[arg(long, value_name = "ID")]
    department: Option<String>,
    /// Leave free-text answers out of the report
    #[arg(long)]
    no_free_text: bool,
}

pub fn run(args: ReportArgs, verbosity: Verbosity) -> Result<(), Error> {
    let root = args.root;
    if let Some(error) = not_a_project(&root) {
        return Err(error);
    }
    let options = ReportOptions {
        responses: args.responses.unwrap_or_else(|| root.join("responses")),
        output: args.output.unwrap_or_else(|| root.join("report")),
        department: args.department,
        free_text: !args.no_free_text,
        root,
    };
    match report::run(&options) {
        Ok(reported) => {
            print_human(&reported.warnings.diagnostics, &reported.warnings.sources);
            if verbosity.says() {
                eprintln!(
                    "Reported {} response{} ({} row{} left out, each named above and on the report)",
                    reported.responses,
                    plural(reported.responses),
                    reported.rejected,
                    plural(reported.rejected)
                );
                eprintln!(
                    "Wrote {}; it holds survey results: share it as the program's policy says, never on the public site",
                    reported.page.display()
                );
            }
            Ok(())
        }
        Err(Error::Content(problems)) => {
            print_human(&problems.diagnostics, &problems.sources);
            let errors = problems.diagnostics.error_count();
            eprintln!(
                "error: the report stopped with {errors} error{}; nothing was written",
                plural(errors)
            );
            Err(Error::Content(Box::default()))
        }
        Err(error) => Err(error),
    }
}
