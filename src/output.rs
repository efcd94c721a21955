//! Stage 5, write: the whole site goes to a temporary folder next to the output folder, which
//! is then swapped into place. A failed build leaves the previous output untouched, and nothing
//! outside the output folder is ever written or deleted.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::IoFailure;
use crate::render::OutputPage;
use crate::theme::{StaticFile, StaticSource};

fn failure(path: &Path, action: &'static str, source: io::Error) -> IoFailure {
    IoFailure {
        path: path.to_path_buf(),
        action,
        source,
    }
}

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
    None
}

/// The absolute, symlink-resolved form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(path) = path.canonicalize() {
        return path;
    }
    let base = std::env::current_dir().unwrap_or_default().join(path);
    match (base.parent(), base.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => base,
    }
}

/// Writes pages and static files into `output`, replacing its previous content atomically.
pub fn write_site(
    output: &Path,
    pages: &[OutputPage],
    statics: &[StaticFile],
) -> Result<(), IoFailure> {
    let output = absolute(output);
    let parent = output.parent().unwrap_or(Path::new("/")).to_path_buf();
    fs::create_dir_all(&parent).map_err(|e| failure(&parent, "create", e))?;
    let staging = tempfile::Builder::new()
        .prefix(".mentorkit-build-")
        .tempdir_in(&parent)
        .map_err(|e| failure(&parent, "write to", e))?;

    statics.par_iter().try_for_each(|file| {
        let target = staging.path().join(&file.path);
        create_parent(&target)?;
        match &file.source {
            StaticSource::Embedded(bytes) => {
                fs::write(&target, bytes).map_err(|e| failure(&target, "write", e))
            }
            StaticSource::Disk(path) => fs::copy(path, &target)
                .map(drop)
                .map_err(|e| failure(path, "copy", e)),
        }
    })?;
    pages.par_iter().try_for_each(|page| {
        let target = staging.path().join(&page.path);
        create_parent(&target)?;
        fs::write(&target, &page.html).map_err(|e| failure(&target, "write", e))
    })?;

    swap_into_place(staging, &output)
}

fn create_parent(path: &Path) -> Result<(), IoFailure> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent).map_err(|e| failure(parent, "create", e)),
        None => Ok(()),
    }
}

fn swap_into_place(staging: tempfile::TempDir, output: &Path) -> Result<(), IoFailure> {
    let parent = output.parent().unwrap_or(Path::new("/"));
    let previous = if output.exists() {
        let old = tempfile::Builder::new()
            .prefix(".mentorkit-old-")
            .tempdir_in(parent)
            .map_err(|e| failure(parent, "write to", e))?;
        let old_path = old.path().join("site");
        fs::rename(output, &old_path).map_err(|e| failure(output, "replace", e))?;
        Some((old, old_path))
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(error) = fs::rename(&staged, output) {
        // Put the previous site back so a failed swap changes nothing.
        if let Some((_, old_path)) = &previous {
            let _ = fs::rename(old_path, output);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(failure(output, "replace", error));
    }
    // `previous` (the old site) is deleted when its TempDir drops here.
    drop(previous);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_may_not_contain_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("handbook");
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(unsafe_output(&root, &root).is_some());
        assert!(unsafe_output(&root, dir.path()).is_some());
        assert!(unsafe_output(&root, &root.join("content/out")).is_some());
        assert!(unsafe_output(&root, &root.join("public")).is_none());
    }

    #[test]
    fn writing_replaces_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("stale.html"), "old").unwrap();
        let pages = vec![OutputPage {
            path: "a/index.html".into(),
            html: "new".into(),
        }];
        write_site(&output, &pages, &[]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }
}
