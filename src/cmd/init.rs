//! `mentorkit init`: writes the example project into a new folder.

use std::path::Path;

use super::Verbosity;
use crate::error::Error;
use crate::scaffold::init::{self, Starter};

pub fn run(dir: &Path, blank: bool, verbosity: Verbosity) -> Result<(), Error> {
    let starter = if blank {
        Starter::Blank
    } else {
        Starter::Example
    };
    let count = init::init(dir, starter)?;
    if !verbosity.says() {
        return Ok(());
    }
    let what = if blank { "a blank" } else { "an example" };
    eprintln!(
        "Created {what} handbook project in {} ({count} files).",
        dir.display()
    );
    eprintln!("Next: mentorkit build --root {}", dir.display());
    Ok(())
}
