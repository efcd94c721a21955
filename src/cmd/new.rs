//! `mentorkit new`: writes a commented skeleton that builds as it is.

use std::path::Path;

use super::{KindArg, Verbosity};
use crate::error::{Error, not_a_project};
use crate::scaffold::{self, NewKind};

pub fn run(
    root: &Path,
    kind: KindArg,
    name: &str,
    section: Option<&str>,
    verbosity: Verbosity,
) -> Result<(), Error> {
    if let Some(error) = not_a_project(root) {
        return Err(error);
    }
    let kind = match kind {
        KindArg::Guide => NewKind::Guide,
        KindArg::Checklist => NewKind::Checklist,
        KindArg::Survey => NewKind::Survey,
        KindArg::Module => NewKind::Module,
        KindArg::Department => NewKind::Department,
    };
    let done = scaffold::scaffold(root, kind, name, section)?;
    if !verbosity.says() {
        return Ok(());
    }
    eprintln!(
        "Created {} `{}` in {}",
        kind.noun(),
        done.id,
        root.join(&done.file).display()
    );
    eprintln!("Next: {}", done.next);
    Ok(())
}
