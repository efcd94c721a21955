//! `mentorkit schema`: prints the JSON Schemas, or writes them into a folder.

use std::path::Path;

use super::plural;
use crate::error::{Error, IoFailure};
use crate::model::schema::{self, SchemaKind};

pub fn run(kind: Option<&str>, output: Option<&Path>) -> Result<(), Error> {
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
    let files = if kind.is_some() {
        kinds
            .iter()
            .map(|k| write_one(dir, k))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        schema::write_all(dir)?
    };
    eprintln!(
        "Wrote {} schema{} into {}: {}",
        files.len(),
        plural(files.len()),
        dir.display(),
        files.join(", ")
    );
    Ok(())
}

fn write_one(dir: &Path, kind: &SchemaKind) -> Result<String, IoFailure> {
    let path = dir.join(kind.file);
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&path, kind.json()))
        .map(|()| kind.file.to_string())
        .map_err(|source| IoFailure::new(path, "write", source))
}
