//! One build at a time into an output folder: two at once would interleave their pages, and the
//! older could finish last over the newer.

use std::fs;
use std::path::Path;

/// Held while a build runs; released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct BuildLock {
    _file: fs::File,
}

/// Takes the lock at `path` (beside the build's manifest, in the project). `Ok(None)` when no
/// lock can be kept there (a read-only project): the build goes ahead unlocked. `Err` when
/// another build holds it.
pub fn lock_builds(path: &Path) -> Result<Option<BuildLock>, String> {
    if let Some(folder) = path.parent()
        && fs::create_dir_all(folder).is_err()
    {
        return Ok(None);
    }
    let Ok(file) = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
    else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(BuildLock { _file: file })),
        Err(fs::TryLockError::WouldBlock) => Err(format!(
            "another build into this output folder is running (it holds {}); wait for it to finish",
            path.display()
        )),
        // A file system without locks: go ahead unlocked.
        Err(fs::TryLockError::Error(_)) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_is_refused_while_the_first_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".mentorkit/builds/x.lock");
        let first = lock_builds(&path).unwrap().expect("a lock");
        let refused = lock_builds(&path).unwrap_err();
        assert!(
            refused.contains("another build into this output folder is running"),
            "{refused}"
        );
        drop(first);
        assert!(
            lock_builds(&path).unwrap().is_some(),
            "free again once released"
        );
    }
}
