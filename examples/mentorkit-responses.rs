//! Writes the example program's clearly fictional survey responses and cohort, for
//! `mentorkit report`: `baseline/`, `midpoint/`, `close/` and `cohort.csv`. The same options
//! always give the same files.
//!
//! ```sh
//! cargo run --example mentorkit-responses -- responses [--copies N] [--seed S]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use mentorkit_synth::responses::{ResponseOptions, files};

/// The example program's fictional survey responses and cohort.
#[derive(Parser)]
#[command(name = "mentorkit-responses")]
struct Args {
    /// The folder to write them into
    dir: PathBuf,
    /// How many copies of the example's response set
    #[arg(long)]
    copies: Option<usize>,
    /// The seed of the generator
    #[arg(long)]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let defaults = ResponseOptions::default();
    let options = ResponseOptions {
        copies: args.copies.unwrap_or(defaults.copies),
        seed: args.seed.unwrap_or(defaults.seed),
        ..defaults
    };
    let dir = args.dir;
    for (name, text) in files(&options) {
        let path = dir.join(&name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(error) = written {
            eprintln!("error: could not write {}: {error}", path.display());
            return ExitCode::from(2);
        }
    }
    eprintln!(
        "Wrote the example's responses and cohort into {}",
        dir.display()
    );
    ExitCode::SUCCESS
}
