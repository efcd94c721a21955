//! Writes the example program's clearly fictional matching profiles, `mentors.csv` and
//! `mentees.csv`, for `mentorkit match`. The same options always give the same files.
//!
//! ```sh
//! cargo run --example mentorkit-profiles -- matching [--mentees N] [--mentors M] [--seed S]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use mentorkit_synth::profiles::{PoolOptions, mentees_csv, mentors_csv};

const USAGE: &str = "usage: mentorkit-profiles OUT_DIR [--mentees N] [--mentors M] [--seed S]";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut options = PoolOptions::default();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--mentees" | "--mentors" | "--seed" => args.next().and_then(|v| v.parse::<u64>().ok()),
            other if !other.starts_with('-') && dir.is_none() => {
                dir = Some(PathBuf::from(other));
                continue;
            }
            other => {
                eprintln!("error: unexpected argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        };
        let Some(value) = value else {
            eprintln!("error: {arg} needs a number\n{USAGE}");
            return ExitCode::from(2);
        };
        match arg.as_str() {
            "--mentees" => options.mentees = value as usize,
            "--mentors" => options.mentors = value as usize,
            _ => options.seed = value,
        }
    }
    let Some(dir) = dir else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
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
