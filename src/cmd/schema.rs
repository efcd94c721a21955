//! `mentorkit schema`: prints the JSON Schemas, or writes them into a folder.

use std::path::Path;

use super::{Verbosity, plural};
use crate::error::Error;
use crate::model::schema::{self, SchemaKind};

pub fn run(kind: Option<&str>, output: Option<&Path>, verbosity: Verbosity) -> Result<(), Error> {
    let kinds: Vec<&SchemaKind> = match kind {
        Some(name) => schema::kind(name).into_iter().collect(),
        None => schema::KINDS.iter().collect(),
    };
    let Some(dir) = output else {
        match kind {
            Some(_) => kinds.iter().for_each(|k| print!("{}", k.json())),
            None => print!("{}", schema::bundle()),
        }
        return Ok(());
    };
    let files = schema::write(dir, kinds)?;
    if !verbosity.says() {
        return Ok(());
    }
    eprintln!(
        "Wrote {} schema{} into {}: {}",
        files.len(),
        plural(files.len()),
        dir.display(),
        files.join(", ")
    );
    Ok(())
}
