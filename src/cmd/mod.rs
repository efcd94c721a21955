//! The command line: parses arguments, runs a command, prints for people, returns the exit code
//! (0 success, 1 content problems, 2 usage or I/O errors).

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::print_human;
use crate::model::schema;
use crate::pipeline::check;
use crate::pipeline::{self, BuildError, BuildOptions};
use crate::scaffold::init::{self, InitError};
use crate::scaffold::{self, NewKind, ScaffoldError};
use crate::serve::{self, ServeError, ServeOptions};

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
    Serve {
        /// The handbook project folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (default: 1111, or the next free port)
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on; anything but 127.0.0.1 / ::1 exposes the site to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Check files for changes by polling (for network or container file systems)
        #[arg(long)]
        poll: bool,
        /// Serve guides marked `draft: true` too, each marked as a draft
        #[arg(long)]
        drafts: bool,
    },
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
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Guide,
    Checklist,
    Survey,
    Module,
    Department,
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
            drafts,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            run_build(BuildOptions {
                root,
                output,
                base_url,
                department,
                drafts,
            })
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            poll,
            drafts,
        } => run_serve(ServeOptions {
            root,
            port,
            bind,
            open,
            poll,
            drafts,
        }),
        Command::Check {
            root,
            deny_warnings,
            format,
        } => run_check(&root, deny_warnings, format),
        Command::New {
            kind,
            name,
            section,
            root,
        } => run_new(&root, kind, &name, section.as_deref()),
        Command::Schema { kind, output } => run_schema(kind.as_deref(), output.as_deref()),
    }
}

fn not_a_project(root: &Path) -> Option<i32> {
    if root.join("mentorkit.yaml").is_file() {
        return None;
    }
    eprintln!(
        "error: {} is not a handbook project (no mentorkit.yaml); create one with `mentorkit init` or pass --root",
        root.display()
    );
    Some(EXIT_USAGE)
}

fn run_serve(options: ServeOptions) -> i32 {
    match serve::serve(&options) {
        Ok(()) => EXIT_OK,
        Err(ServeError::Usage(message)) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
    }
}

fn run_check(root: &Path, deny_warnings: bool, format: Format) -> i32 {
    if let Some(code) = not_a_project(root) {
        return code;
    }
    let report = check::check(root);
    let (errors, warnings) = (report.errors(), report.warnings());
    match format {
        Format::Human => {
            print_human(&report.diagnostics, &report.sources);
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            if errors == 0 && warnings == 0 {
                eprintln!("No problems found.");
            } else {
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
        }
        Format::Json => println!("{}", check::to_json(&report)),
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        EXIT_CONTENT
    } else {
        EXIT_OK
    }
}

fn run_new(root: &Path, kind: KindArg, name: &str, section: Option<&str>) -> i32 {
    if let Some(code) = not_a_project(root) {
        return code;
    }
    let kind = match kind {
        KindArg::Guide => NewKind::Guide,
        KindArg::Checklist => NewKind::Checklist,
        KindArg::Survey => NewKind::Survey,
        KindArg::Module => NewKind::Module,
        KindArg::Department => NewKind::Department,
    };
    match scaffold::scaffold(root, kind, name, section) {
        Ok(done) => {
            eprintln!(
                "Created {} `{}` in {}",
                kind.noun(),
                done.id,
                root.join(&done.file).display()
            );
            eprintln!("Next: {}", done.next);
            EXIT_OK
        }
        Err(ScaffoldError::Exists(path)) => {
            eprintln!(
                "error: {} already exists; mentorkit new never overwrites a file (choose another name)",
                path.display()
            );
            EXIT_USAGE
        }
        Err(ScaffoldError::Usage(message)) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
        Err(ScaffoldError::Io(failure)) => {
            eprintln!("error: {failure}");
            EXIT_USAGE
        }
    }
}

fn run_schema(kind: Option<&str>, output: Option<&Path>) -> i32 {
    let kinds: Vec<&schema::SchemaKind> = match kind {
        Some(name) => schema::kind(name).into_iter().collect(),
        None => schema::KINDS.iter().collect(),
    };
    match output {
        None => {
            match kind {
                Some(_) => kinds.iter().for_each(|k| print!("{}", k.json())),
                None => print!("{}", schema::bundle()),
            }
            EXIT_OK
        }
        Some(dir) => {
            let result = if kind.is_some() {
                kinds
                    .iter()
                    .map(|k| {
                        let path = dir.join(k.file);
                        std::fs::create_dir_all(dir)
                            .and_then(|()| std::fs::write(&path, k.json()))
                            .map(|()| k.file.to_string())
                            .map_err(|source| crate::diagnostics::IoFailure {
                                path,
                                action: "write",
                                source,
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()
            } else {
                schema::write_all(dir)
            };
            match result {
                Ok(files) => {
                    eprintln!(
                        "Wrote {} schema{} into {}: {}",
                        files.len(),
                        if files.len() == 1 { "" } else { "s" },
                        dir.display(),
                        files.join(", ")
                    );
                    EXIT_OK
                }
                Err(failure) => {
                    eprintln!("error: {failure}");
                    EXIT_USAGE
                }
            }
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
    match pipeline::build(&options) {
        Ok(built) => {
            print_human(&built.run.diagnostics, &built.run.sources);
            if let (Some(site), pipeline::Written::UpToDate) = (&built.run.site, built.written) {
                eprintln!(
                    "\"{}\" is up to date in {} (nothing changed since the last build; checked in {} ms)",
                    site.program_name,
                    options.output.display(),
                    built.elapsed.as_millis()
                );
            } else if let Some(site) = &built.run.site {
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
