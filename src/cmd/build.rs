//! `mentorkit build`: builds the site and says what it wrote.

use super::plural;
use crate::diagnostics::print_human;
use crate::error::Error;
use crate::pipeline::{self, BuildOptions, Built, Written};

pub fn run(options: BuildOptions) -> Result<(), Error> {
    match pipeline::build(&options) {
        Ok(built) => {
            print_human(&built.run.diagnostics, &built.run.sources);
            summarize(&built, &options);
            Ok(())
        }
        Err(Error::Content(problems)) => {
            print_human(&problems.diagnostics, &problems.sources);
            let errors = problems.diagnostics.error_count();
            eprintln!(
                "error: build failed with {errors} error{}; {} was left unchanged",
                plural(errors),
                options.output.display()
            );
            // Printed above, with what they stopped.
            Err(Error::Content(Box::default()))
        }
        Err(error) => Err(error),
    }
}

fn summarize(built: &Built, options: &BuildOptions) {
    let Some(site) = &built.run.site else { return };
    let output = options.output.display();
    let elapsed = built.elapsed.as_millis();
    if built.written == Written::UpToDate {
        eprintln!(
            "\"{}\" is up to date in {output} (nothing changed since the last build; checked in {elapsed} ms)",
            site.program_name,
        );
        return;
    }
    let c = site.counts;
    eprintln!(
        "Built \"{}\": {} pages ({} guides, {} sections, {} modules, {} checklists, {} surveys, {} print, {} other) into {output} in {elapsed} ms",
        site.program_name,
        c.total(),
        c.guides,
        c.sections,
        c.modules,
        c.checklists,
        c.surveys,
        c.print,
        c.other,
    );
    if !site.departments.is_empty() {
        let list: Vec<String> = site
            .departments
            .iter()
            .map(|(id, pages)| format!("{id} ({pages} pages)"))
            .collect();
        eprintln!(
            "  with {} department handbook{} under departments/: {}",
            site.departments.len(),
            plural(site.departments.len()),
            list.join(", ")
        );
    }
}
