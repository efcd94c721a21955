//! The command line: parses arguments, runs a command, prints for people, returns the exit code
//! (0 success, 1 content problems, 2 usage or I/O errors).

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::build::{self, BuildError, BuildOptions};
use crate::diagnostics::print_human;
use crate::init::{self, InitError};

#[derive(Debug, Parser)]
#[command(
    name = "mentorkit",
    version,
    about = "Build mentorship program handbooks: guides, curricula, printable checklists and survey forms"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a complete example handbook project into DIR
    Init {
        /// Where to create the project (must be empty or missing)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build the site into the output folder
    Build {
        /// The handbook project folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site will be published at (used for canonical links)
        #[arg(long)]
        base_url: Option<String>,
        /// Build only this department's handbook (content/departments/ID/), at the root of the
        /// output; without it, department handbooks go under departments/ID/
        #[arg(long, value_name = "ID")]
        department: Option<String>,
    },
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_CONTENT: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Parses the process arguments and runs the command.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
            let _ = error.print();
            return code;
        }
    };
    match cli.command {
        Command::Init { dir } => run_init(&dir),
        Command::Build {
            root,
            output,
            base_url,
            department,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            run_build(BuildOptions {
                root,
                output,
                base_url,
                department,
            })
        }
    }
}

fn run_init(dir: &Path) -> i32 {
    match init::init(dir) {
        Ok(count) => {
            eprintln!(
                "Created a handbook project in {} ({count} files).",
                dir.display()
            );
            eprintln!("Next: mentorkit build --root {}", dir.display());
            EXIT_OK
        }
        Err(InitError::NotEmpty(path)) => {
            eprintln!(
                "error: {} is not empty; mentorkit init only writes into an empty or new folder",
                path.display()
            );
            EXIT_USAGE
        }
        Err(InitError::Io(failure)) => {
            eprintln!("error: {failure}");
            EXIT_USAGE
        }
    }
}

fn run_build(options: BuildOptions) -> i32 {
    match build::build(&options) {
        Ok(built) => {
            print_human(&built.run.diagnostics, &built.run.sources);
            if let Some(site) = &built.run.site {
                let c = site.counts;
                eprintln!(
                    "Built \"{}\": {} pages ({} guides, {} sections, {} modules, {} checklists, {} surveys, {} print, {} other) into {} in {} ms",
                    site.program_name,
                    c.total(),
                    c.guides,
                    c.sections,
                    c.modules,
                    c.checklists,
                    c.surveys,
                    c.print,
                    c.other,
                    options.output.display(),
                    built.elapsed.as_millis()
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
                        if site.departments.len() == 1 { "" } else { "s" },
                        list.join(", ")
                    );
                }
            }
            EXIT_OK
        }
        Err(BuildError::Content(run)) => {
            print_human(&run.diagnostics, &run.sources);
            let errors = run.diagnostics.error_count();
            eprintln!(
                "error: build failed with {errors} error{}; {} was left unchanged",
                if errors == 1 { "" } else { "s" },
                options.output.display()
            );
            EXIT_CONTENT
        }
        Err(BuildError::Io(failure)) => {
            eprintln!("error: {failure}");
            EXIT_USAGE
        }
        Err(BuildError::Usage(message)) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
    }
}
