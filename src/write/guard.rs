//! Which folders a build may use as its output: a build replaces its output folder, so it
//! only ever takes one that is missing, empty or made by an earlier build.

use std::fs;
use std::path::{Path, PathBuf};

use crate::write::manifest::{LEGACY_MANIFEST, MARKER};

/// Why `output` may not be used as the output folder of the project at `root`, if so.
/// Building replaces the output folder, so it must never hold the user's own files.
pub fn unsafe_output(root: &Path, output: &Path) -> Option<String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let output = absolute(output);
    if root.starts_with(&output) {
        return Some("it contains the handbook project itself".into());
    }
    for folder in ["content", "templates", "themes", "static"] {
        if output.starts_with(root.join(folder)) {
            return Some(format!("it is inside the project's {folder}/ folder"));
        }
    }
    if output.join("mentorkit.yaml").exists() || output.join("content").is_dir() {
        return Some("it holds another handbook project".into());
    }
    not_ours(&output)
}

/// Why an existing `output` is not a folder that building may replace, if so: only a missing
/// or empty folder, or one a build left (it holds the marker), is replaced, so a mistyped
/// `--output` (a home folder, a disk) never deletes the user's files.
pub(super) fn not_ours(output: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(output).ok()?;
    if !meta.is_dir() {
        return Some("it is a file, not a folder".into());
    }
    if [MARKER, LEGACY_MANIFEST]
        .iter()
        .any(|name| fs::symlink_metadata(output.join(name)).is_ok())
    {
        return None;
    }
    match fs::read_dir(output).map(|mut entries| entries.next().is_none()) {
        Ok(true) => None,
        Ok(false) => Some(format!(
            "it is not empty and no mentorkit build made it (it has no {MARKER}); empty or \
             delete it, or choose a new folder"
        )),
        Err(e) => Some(format!("it cannot be read ({e})")),
    }
}

/// The absolute, symlink-resolved form of a path that may not exist yet.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    if let Ok(path) = path.canonicalize() {
        return path;
    }
    let base = std::env::current_dir().unwrap_or_default().join(path);
    match (base.parent(), base.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => base,
    }
}
