//! Writes a deterministic synthetic handbook project for benchmarks and comparisons.
//!
//! ```sh
//! cargo run --release --example mentorkit-gen -- OUT_DIR [--guides N] [--departments D] [--seed S]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use mentorkit_synth::{self as synth, SynthOptions};

/// A deterministic synthetic handbook project.
#[derive(Parser)]
#[command(name = "mentorkit-gen")]
struct Args {
    /// The folder to write the project into
    dir: PathBuf,
    /// How many guides
    #[arg(long)]
    guides: Option<usize>,
    /// How many department overlays
    #[arg(long)]
    departments: Option<usize>,
    /// The seed of the generator
    #[arg(long)]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let defaults = SynthOptions::default();
    let options = SynthOptions {
        guides: args.guides.unwrap_or(defaults.guides),
        departments: args.departments.unwrap_or(defaults.departments),
        seed: args.seed.unwrap_or(defaults.seed),
    };
    let dir = args.dir;
    match synth::write(&dir, &options) {
        Ok(count) => {
            eprintln!(
                "wrote {count} files ({} guides, {} departments) into {}",
                options.guides,
                options.departments,
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", dir.display());
            ExitCode::from(2)
        }
    }
}
