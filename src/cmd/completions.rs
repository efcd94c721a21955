//! `mentorkit completions SHELL` and `mentorkit man`: what shells and `man` need to know about
//! the command line, generated from its clap definition so they never fall behind it.

use std::fs;
use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::{Cli, Verbosity};
use crate::error::{Error, IoFailure};

pub fn completions(shell: clap_complete::Shell) -> Result<(), Error> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "mentorkit", &mut std::io::stdout());
    Ok(())
}

/// Prints the main man page, or writes it and one page per command into `output`.
pub fn man(output: Option<&Path>, verbosity: Verbosity) -> Result<(), Error> {
    let command = Cli::command();
    let Some(dir) = output else {
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut page)
            .map_err(|e| Error::Usage(format!("cannot write the man page: {e}")))?;
        // Printing to a closed pipe (`mentorkit man | head`) is not an error worth a message.
        let _ = std::io::stdout().write_all(&page);
        return Ok(());
    };
    fs::create_dir_all(dir).map_err(|e| IoFailure::new(dir, "create", e))?;
    clap_mangen::generate_to(command, dir).map_err(|e| IoFailure::new(dir, "write", e))?;
    if verbosity.says() {
        eprintln!("Wrote the man pages into {}", dir.display());
    }
    Ok(())
}
