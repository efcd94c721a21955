//! `mentorkit init`: writes the embedded example handbook, or with `--blank` a minimal project
//! to fill in (`blank/`: one guide per section, one checklist, one survey, a commented
//! mentorkit.yaml), into a folder.

use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Error, IoFailure};

static EXAMPLE_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EXAMPLE_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static EXAMPLE_STATIC: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/static");
/// Clearly fictional matching profiles, for `mentorkit match`.
static EXAMPLE_MATCHING: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/matching");
/// Clearly fictional survey responses and cohort, for `mentorkit report`.
static EXAMPLE_RESPONSES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/responses");
const EXAMPLE_CONFIG: &str = include_str!("../../mentorkit.yaml");
static BLANK: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/blank");
/// What a build makes in the project, which version control should leave out.
const GITIGNORE: &str = "# Made by mentorkit build: the site, and what builds keep between runs.\npublic/\n.mentorkit/\n# Made by mentorkit match: proposed pairs, personal data.\nmatches/\n# Made by mentorkit report: survey results.\nreport/\n";

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

/// What `init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Starter {
    /// The complete example handbook.
    Example,
    /// A minimal project that builds and checks cleanly.
    Blank,
}

/// Writes the starter project into `target`, which must be missing or empty.
/// Returns the number of files written.
pub fn init(target: &Path, starter: Starter) -> Result<usize, Error> {
    if let Ok(mut entries) = fs::read_dir(target)
        && entries.next().is_some()
    {
        return Err(Error::Usage(format!(
            "{} is not empty; mentorkit init only writes into an empty or new folder",
            target.display()
        )));
    }
    let mut count = match starter {
        Starter::Example => {
            write(&target.join("mentorkit.yaml"), EXAMPLE_CONFIG.as_bytes())?;
            1 + extract(&EXAMPLE_CONTENT, &target.join("content"))?
                + extract(&EXAMPLE_TEMPLATES, &target.join("templates"))?
                + extract(&EXAMPLE_STATIC, &target.join("static"))?
                + extract(&EXAMPLE_MATCHING, &target.join("matching"))?
                + extract(&EXAMPLE_RESPONSES, &target.join("responses"))?
        }
        Starter::Blank => extract(&BLANK, target)?,
    };
    write(&target.join(".gitignore"), GITIGNORE.as_bytes())?;
    count += 1;
    // The JSON Schemas the YAML files' `# yaml-language-server: $schema=` lines point at.
    count += crate::model::schema::write_all(&target.join(crate::model::schema::SCHEMA_DIR))
        .map_err(Error::Io)?
        .len();
    Ok(count)
}
