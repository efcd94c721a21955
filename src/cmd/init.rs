//! `mentorkit init`: writes the example project into a new folder.

use std::path::Path;

use crate::error::Error;
use crate::scaffold::init;

pub fn run(dir: &Path) -> Result<(), Error> {
    let count = init::init(dir)?;
    eprintln!(
        "Created a handbook project in {} ({count} files).",
        dir.display()
    );
    eprintln!("Next: mentorkit build --root {}", dir.display());
    Ok(())
}
