//! `mentorkit init`: writes the embedded example handbook into a folder.

use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Error, IoFailure};

static EXAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static EXAMPLE_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
const EXAMPLE_CONFIG: &str = include_str!("../../mentorkit.yaml");

fn write(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let fail = |action, source| Error::Io(IoFailure::new(path, action, source));
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| fail("create", e))?;
    }
    fs::write(path, contents).map_err(|e| fail("write", e))
}

fn extract(dir: &Dir<'static>, into: &Path) -> Result<usize, Error> {
    let mut count = 0;
    for file in dir.files() {
        write(&into.join(file.path()), file.contents())?;
        count += 1;
    }
    for sub in dir.dirs() {
        count += extract(sub, into)?;
    }
    Ok(count)
}

/// Writes the example project into `target`, which must be missing or empty.
/// Returns the number of files written.
pub fn init(target: &Path) -> Result<usize, Error> {
    if let Ok(mut entries) = fs::read_dir(target)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "{} is not empty; mentorkit init only writes into an empty or new folder",
            target.display()
        )));
    }
    write(&target.join("mentorkit.yaml"), EXAMPLE_CONFIG.as_bytes())?;
    let mut count = 1;
    count += extract(&EXAMPLE_CONTENT, &target.join("content"))?;
    count += extract(&EXAMPLE_TEMPLATES, &target.join("templates"))?;
    count += extract(&EXAMPLE_STATIC, &target.join("static"))?;
    // The JSON Schemas the YAML files' `# yaml-language-server: $schema=` lines point at.
    count += crate::model::schema::write_all(&target.join(crate::model::schema::SCHEMA_DIR))
        .map_err(Error::Io)?
        .len();
    Ok(count)
}
