//! Writes the example program's clearly fictional matching profiles, `mentors.csv` and
//! `mentees.csv`, for `mentorkit match`. The same options always give the same files.
//!
//! ```sh
//! cargo run --example mentorkit-profiles -- matching [--mentees N] [--mentors M] [--seed S]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use mentorkit_synth::profiles::{PoolOptions, mentees_csv, mentors_csv};

/// The example program's fictional matching profiles.
#[derive(Parser)]
#[command(name = "mentorkit-profiles")]
struct Args {
    /// The folder to write mentors.csv and mentees.csv into
    dir: PathBuf,
    /// How many mentees
    #[arg(long)]
    mentees: Option<usize>,
    /// How many mentors
    #[arg(long)]
    mentors: Option<usize>,
    /// The seed of the generator
    #[arg(long)]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let defaults = PoolOptions::default();
    let options = PoolOptions {
        mentees: args.mentees.unwrap_or(defaults.mentees),
        mentors: args.mentors.unwrap_or(defaults.mentors),
        seed: args.seed.unwrap_or(defaults.seed),
        ..defaults
    };
    let dir = args.dir;
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join("mentors.csv"), mentors_csv(&options)))
        .and_then(|()| std::fs::write(dir.join("mentees.csv"), mentees_csv(&options)));
    if let Err(error) = written {
        eprintln!("error: could not write into {}: {error}", dir.display());
        return ExitCode::from(2);
    }
    eprintln!(
        "Wrote {} mentors and {} mentees into {}",
        options.mentors,
        options.mentees,
        dir.display()
    );
    ExitCode::SUCCESS
}
