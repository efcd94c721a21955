//! The command line: one thin module per command that turns its arguments into a library
//! call and prints for people. `main` maps the outcome to the exit code (0 success, 1 content
//! problems, 2 usage or I/O errors).

mod build;
mod check;
mod init;
mod matching;
mod new;
mod schema;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::print_human;
use crate::error::{EXIT_OK, EXIT_USAGE, Error};

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
pub enum Command {
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
        /// Where to write the site (default: ROOT/public); it is replaced, so it must be
        /// missing, empty or made by an earlier build
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site will be published at (used for canonical links)
        #[arg(long)]
        base_url: Option<String>,
        /// Build only this department's handbook (content/departments/ID/), at the root of the
        /// output; without it, department handbooks go under departments/ID/
        #[arg(long, value_name = "ID")]
        department: Option<String>,
        /// Publish guides marked `draft: true` too, each marked as a draft (to preview them)
        #[arg(long)]
        drafts: bool,
    },
    /// Build the site, serve it on 127.0.0.1 and rebuild and reload on every change
    Serve(serve::ServeArgs),
    /// Propose mentor–mentee pairs from CSV profiles, scored by the program's matching
    /// criteria; writes a private review, never into the site
    Match(matching::MatchArgs),
    /// Check everything without writing the site: schema, references, links, anchors, orphans
    Check {
        /// The handbook project folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Exit with 1 on warnings too
        #[arg(long)]
        deny_warnings: bool,
        /// How to report: rustc-style text on stderr, or JSON on stdout
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write a commented skeleton of a guide, checklist, survey, training module or department
    New {
        /// What to create
        #[arg(value_enum)]
        kind: KindArg,
        /// Its name: an id like `exit-interview` or a title like "Exit interview"; a guide's
        /// may start with its section, as in `expectations/exit-interview`
        name: String,
        /// For a guide: its section, or section/group (e.g. `expectations/meetings`)
        #[arg(long)]
        section: Option<String>,
        /// The handbook project folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the JSON Schemas of the YAML files (draft 2020-12), for editor validation
    Schema {
        /// Only this file kind
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(["config", "program", "checklist", "survey", "module", "department", "guide"]))]
        kind: Option<String>,
        /// Write one `<kind>.schema.json` file per kind into DIR instead of printing
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KindArg {
    Guide,
    Checklist,
    Survey,
    Module,
    Department,
}

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
    match run(cli.command) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            report(&error);
            error.exit_code()
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Init { dir } => init::run(&dir),
        Command::Build {
            root,
            output,
            base_url,
            department,
            drafts,
        } => build::run(crate::pipeline::BuildOptions {
            output: output.unwrap_or_else(|| root.join("public")),
            root,
            base_url,
            department,
            drafts,
        }),
        Command::Serve(args) => serve::run(args),
        Command::Match(args) => matching::run(args),
        Command::Check {
            root,
            deny_warnings,
            format,
        } => check::run(&root, deny_warnings, format),
        Command::New {
            kind,
            name,
            section,
            root,
        } => new::run(&root, kind, &name, section.as_deref()),
        Command::Schema { kind, output } => schema::run(kind.as_deref(), output.as_deref()),
    }
}

/// Prints why a command stopped. Content problems come with every diagnostic.
fn report(error: &Error) {
    match error {
        Error::Usage(message) => eprintln!("error: {message}"),
        Error::Io(failure) => eprintln!("error: {failure}"),
        Error::Content(problems) => print_human(&problems.diagnostics, &problems.sources),
    }
}

/// `s` when `count` is not one.
fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
