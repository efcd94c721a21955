//! Writes a deterministic synthetic handbook project for benchmarks and comparisons.
//!
//! ```sh
//! cargo run --release --example mentorkit-gen -- OUT_DIR [--guides N] [--departments D] [--seed S]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use mentorkit_synth::{self as synth, SynthOptions};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut options = SynthOptions::default();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Option<u64> {
            let value = args.next().and_then(|v| v.parse().ok());
            if value.is_none() {
                eprintln!("error: {name} needs a number");
            }
            value
        };
        match arg.as_str() {
            "--guides" => match number("--guides") {
                Some(n) => options.guides = n as usize,
                None => return ExitCode::from(2),
            },
            "--departments" => match number("--departments") {
                Some(n) => options.departments = n as usize,
                None => return ExitCode::from(2),
            },
            "--seed" => match number("--seed") {
                Some(n) => options.seed = n,
                None => return ExitCode::from(2),
            },
            other if !other.starts_with('-') && dir.is_none() => dir = Some(PathBuf::from(other)),
            other => {
                eprintln!(
                    "error: unexpected argument `{other}`\nusage: mentorkit-gen OUT_DIR [--guides N] [--departments D] [--seed S]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: mentorkit-gen OUT_DIR [--guides N] [--departments D] [--seed S]");
        return ExitCode::from(2);
    };
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
