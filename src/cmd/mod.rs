//! The command line: one thin module per command that turns its arguments into a library
//! call and prints for people. `main` maps the outcome to the exit code (0 success, 1 content
//! problems, 2 usage or I/O errors).

mod build;
mod check;
mod completions;
mod init;
mod matching;
mod new;
mod progress;
mod report;
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
    /// Print only warnings and errors, not what was done
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage took, and the memory the process held after it
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// How much a command says on stderr besides warnings and errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl Verbosity {
    /// Whether to print what was done (the summary lines).
    fn says(self) -> bool {
        self != Verbosity::Quiet
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a complete example handbook project into DIR (or, with --blank, a minimal one)
    Init {
        /// Where to create the project (must be empty or missing)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write a minimal project to fill in (one guide per section, one checklist, one
        /// survey, a commented mentorkit.yaml) instead of the complete example
        #[arg(long)]
        blank: bool,
    },
    /// Build the site into the output folder
    Build {
        /// The handbook project folder
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: ROOT/public); it is replaced, so it must be
        /// missing, empty or made by an earlier build
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The URL the site will be published at (used for canonical links)
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        /// Build only this department's handbook (content/departments/ID/), at the root of the
        /// output; without it, department handbooks go under departments/ID/
        #[arg(long, value_name = "ID")]
        department: Option<String>,
        /// Publish guides marked `draft: true` too, each marked as a draft (to preview them)
        #[arg(short = 'D', long)]
        drafts: bool,
        /// Open the built site's home page in the default browser
        #[arg(short = 'O', long)]
        open: bool,
    },
    /// Build the site, serve it on 127.0.0.1 and rebuild and reload on every change
    Serve(serve::ServeArgs),
    /// Propose mentor–mentee pairs from CSV profiles, scored by the program's matching
    /// criteria; writes a private review, never into the site
    Match(matching::MatchArgs),
    /// Turn survey responses into an evaluation report (goals against targets, every
    /// question, phases compared, retention), small groups withheld; never into the site
    Report(report::ReportArgs),
    /// Check everything without writing the site: schema, references, links, anchors, orphans
    Check {
        /// The handbook project folder
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Exit with 1 on warnings too
        #[arg(long)]
        deny_warnings: bool,
        /// How to report: rustc-style text on stderr, or JSON on stdout
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The day review dates are compared with (default: today, in UTC)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
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
        #[arg(short, long)]
        section: Option<String>,
        /// The handbook project folder
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
    /// Print the JSON Schemas of the YAML files (draft 2020-12), for editor validation
    Schema {
        /// Only this file kind
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(["config", "program", "checklist", "survey", "module", "department", "guide"]))]
        kind: Option<String>,
        /// Write one `<kind>.schema.json` file per kind into DIR instead of printing
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Print the shell completion script for SHELL (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print mentorkit's man page, or write one page per command into DIR
    Man {
        /// Write mentorkit.1 and one mentorkit-COMMAND.1 per command into DIR
        #[arg(short, long, value_name = "DIR")]
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
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    if verbosity == Verbosity::Verbose {
        crate::timing::enable();
    }
    match run(cli.command, verbosity) {
        Ok(()) => EXIT_OK,
        Err(error) => {
            report(&error);
            error.exit_code()
        }
    }
}

fn run(command: Command, verbosity: Verbosity) -> Result<(), Error> {
    match command {
        Command::Init { dir, blank } => init::run(&dir, blank, verbosity),
        Command::Build {
            root,
            output,
            base_url,
            department,
            drafts,
            open,
        } => build::run(
            crate::pipeline::BuildOptions {
                output: output.unwrap_or_else(|| root.join("public")),
                root,
                base_url,
                department,
                drafts,
                progress: None,
            },
            open,
            verbosity,
        ),
        Command::Serve(args) => serve::run(args, verbosity),
        Command::Match(args) => matching::run(args, verbosity),
        Command::Report(args) => report::run(args, verbosity),
        Command::Check {
            root,
            deny_warnings,
            format,
            today,
        } => check::run(&root, (deny_warnings, format), today.as_deref(), verbosity),
        Command::New {
            kind,
            name,
            section,
            root,
        } => new::run(&root, kind, &name, section.as_deref(), verbosity),
        Command::Schema { kind, output } => {
            schema::run(kind.as_deref(), output.as_deref(), verbosity)
        }
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { output } => completions::man(output.as_deref(), verbosity),
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
