//! Writes the example program's clearly fictional survey responses and cohort, for
//! `mentorkit report`: `baseline/`, `midpoint/`, `close/` and `cohort.csv`. The same options
//! always give the same files.
//!
//! ```sh
//! cargo run --example mentorkit-responses -- responses [--copies N] [--seed S]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use mentorkit_synth::responses::{ResponseOptions, files};

const USAGE: &str = "usage: mentorkit-responses OUT_DIR [--copies N] [--seed S]";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut options = ResponseOptions::default();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--copies" | "--seed" => args.next().and_then(|v| v.parse::<u64>().ok()),
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
            "--copies" => options.copies = value as usize,
            _ => options.seed = value,
        }
    }
    let Some(dir) = dir else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
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
