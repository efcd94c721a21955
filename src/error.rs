//! The one error type of a command, and its exit code: 1 for content problems (reported as
//! diagnostics), 2 for usage and I/O problems.

use std::io;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostics, SourceMap};

/// Exit code of a command that did what it was asked.
pub const EXIT_OK: i32 = 0;
/// Exit code of a command stopped by problems in the handbook's content.
pub const EXIT_CONTENT: i32 = 1;
/// Exit code of a command used wrongly, or stopped by a file it could not read or write.
pub const EXIT_USAGE: i32 = 2;

/// Why a command stopped.
#[derive(Debug)]
pub enum Error {
    /// The command was used wrongly: not a project, a refused output folder, a bad name.
    Usage(String),
    /// A file or folder could not be read or written.
    Io(IoFailure),
    /// The content has errors; every one is in the diagnostics.
    Content(Box<Problems>),
}

/// Content problems with the sources they point into, for printing.
#[derive(Debug, Default)]
pub struct Problems {
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => EXIT_CONTENT,
            Error::Usage(_) | Error::Io(_) => EXIT_USAGE,
        }
    }
}

impl From<IoFailure> for Error {
    fn from(failure: IoFailure) -> Self {
        Error::Io(failure)
    }
}

/// An I/O problem that stops a command (exit code 2), with the path involved.
#[derive(Debug)]
pub struct IoFailure {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

impl IoFailure {
    pub fn new(path: impl Into<PathBuf>, action: &'static str, source: io::Error) -> Self {
        IoFailure {
            path: path.into(),
            action,
            source,
        }
    }
}

impl std::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "could not {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for IoFailure {}

/// The message every command gives for a folder without mentorkit.yaml, or `None` when
/// `root` is a handbook project.
pub fn not_a_project(root: &std::path::Path) -> Option<Error> {
    (!root.join("mentorkit.yaml").is_file()).then(|| {
        Error::Usage(format!(
            "{} is not a handbook project (no mentorkit.yaml); create one with `mentorkit init` or pass --root",
            root.display()
        ))
    })
}
