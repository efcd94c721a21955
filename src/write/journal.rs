//! Builds that were cut short: what a killed build (or a machine switched off) left beside the
//! output folder is finished or removed by the next build, before it does anything else.
//!
//! A build stages the site in a folder beside the output (`.mentorkit-build-*`) that names the
//! output it is for. Until the site is complete nothing else changes, and an interrupted build
//! leaves only that folder, which the next build deletes. Before the site goes into place the
//! build writes a journal into the staging folder: which pages move in, which change, which
//! stay. From then on a build that is cut short is finished by the next one (every step of
//! putting the site in place can be done twice), so the output folder ends up the whole new
//! site, never part old and part new. Replacing the folder at once (a first build) moves the
//! old site aside into `.mentorkit-old-*` first; one left behind is removed, or put back when
//! no complete new site took its place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::IoFailure;

/// The names of the folders a build makes beside the output folder.
pub const STAGING_PREFIX: &str = ".mentorkit-build-";
pub const OLD_PREFIX: &str = ".mentorkit-old-";
/// In such a folder: the absolute path of the output folder it is for.
pub(super) const OWNER_FILE: &str = ".mentorkit-for";
/// In a staging folder: the placement that has begun.
pub(super) const JOURNAL_FILE: &str = ".mentorkit-journal.json";

/// How a staged site goes into place, written before the first change to the output folder.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    /// The whole staging folder replaces the output folder (no page of the previous build is
    /// kept).
    pub(super) swap: bool,
    /// Every page of the new site (what the output folder keeps).
    pub(super) site: Vec<String>,
    /// New pages, moved in from the staging folder.
    pub(super) staged: Vec<String>,
    /// Changed pages: path, offset and length in the pack.
    pub(super) packed: Vec<(String, u64, u64)>,
}

/// Marks `folder` (a staging or old-site folder) as made by a build into `output`.
pub(super) fn mark_owner(folder: &Path, output: &Path) -> Result<(), IoFailure> {
    let owner = folder.join(OWNER_FILE);
    fs::write(&owner, output.to_string_lossy().as_bytes())
        .map_err(|e| IoFailure::new(&owner, "write", e))
}

/// Writes the journal into the staging folder, durably, before anything is put in place.
pub(super) fn begin(staging: &Path, journal: &Journal) -> Result<(), IoFailure> {
    // Written whole under another name, then renamed: a journal that is there is complete.
    let path = staging.join(JOURNAL_FILE);
    let partial = staging.join(format!("{JOURNAL_FILE}.partial"));
    let text = serde_json::to_vec(journal).unwrap_or_default();
    let written = fs::File::create(&partial).and_then(|mut file| {
        file.write_all(&text)?;
        file.sync_all()
    });
    written
        .and_then(|()| fs::rename(&partial, &path))
        .map_err(|e| IoFailure::new(&path, "write", e))
}

fn owner_of(folder: &Path) -> Option<PathBuf> {
    let bytes = fs::read(folder.join(OWNER_FILE)).ok()?;
    // Written from the output's path by `mark_owner`; a path that is not UTF-8 is never
    // recognized, so its leftovers are left alone.
    let text = String::from_utf8(bytes).ok()?;
    Some(PathBuf::from(text))
}

/// What [`recover`] found and did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Interrupted builds whose staging folder was deleted (the output was untouched).
    pub discarded: usize,
    /// Interrupted placements finished, so the output folder is the site they were placing.
    pub finished: usize,
    /// Old sites put back because nothing replaced them.
    pub restored: usize,
}

/// Finishes or removes what builds into `output` left when they were cut short. Only folders
/// that name `output` as theirs are touched.
pub fn recover(output: &Path) -> Result<Recovered, IoFailure> {
    let output = super::guard::absolute(output);
    let mut recovered = Recovered::default();
    let Some(parent) = output.parent() else {
        return Ok(recovered);
    };
    // Staging folders are beside the output folder, or inside it when its parent is read-only.
    let staging = leftovers(parent, &output)
        .into_iter()
        .chain(leftovers(&output, &output));
    for (name, folder) in staging {
        if name.starts_with(STAGING_PREFIX) {
            recover_staging(&folder, &output, &mut recovered)?;
        }
    }
    for (name, folder) in leftovers(parent, &output) {
        if name.starts_with(OLD_PREFIX) {
            recover_old(&folder, &output, &mut recovered)?;
        }
    }
    Ok(recovered)
}

/// The folders in `parent` a build into `output` left, with their names.
fn leftovers(parent: &Path, output: &Path) -> Vec<(String, PathBuf)> {
    let Ok(read) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<(String, PathBuf)> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name.starts_with(STAGING_PREFIX) || name.starts_with(OLD_PREFIX))
        .filter(|(_, folder)| owner_of(folder).as_deref() == Some(output))
        .collect();
    found.sort();
    found
}

fn recover_staging(
    staging: &Path,
    output: &Path,
    recovered: &mut Recovered,
) -> Result<(), IoFailure> {
    let journal = fs::read(staging.join(JOURNAL_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Journal>(&bytes).ok());
    match journal {
        None => recovered.discarded += 1,
        Some(journal) if journal.swap => {
            finish_swap(staging, output)?;
            recovered.finished += 1;
            return Ok(());
        }
        Some(journal) => {
            super::place::replay(staging, output, &journal)?;
            recovered.finished += 1;
        }
    }
    super::place::remove_tree(staging, 1).map_err(|e| IoFailure::new(staging, "remove", e))
}

/// A swap cut short before the staged folder took the output's name: the output folder, if
/// still there, is the previous site (moved aside now), and the staged folder goes in.
fn finish_swap(staging: &Path, output: &Path) -> Result<(), IoFailure> {
    if fs::symlink_metadata(output).is_ok() {
        super::place::set_aside(output)?;
    }
    fs::rename(staging, output).map_err(|e| IoFailure::new(output, "replace", e))?;
    for name in [JOURNAL_FILE, OWNER_FILE] {
        let _ = fs::remove_file(output.join(name));
    }
    Ok(())
}

/// An old site set aside by a swap: removed when the output folder holds a site, put back
/// when the swap was cut short with nothing in its place.
fn recover_old(old: &Path, output: &Path, recovered: &mut Recovered) -> Result<(), IoFailure> {
    let site = old.join("site");
    if fs::symlink_metadata(output).is_err() && site.is_dir() {
        fs::rename(&site, output).map_err(|e| IoFailure::new(output, "restore", e))?;
        recovered.restored += 1;
    }
    super::place::remove_tree(old, 1).map_err(|e| IoFailure::new(old, "remove", e))
}

/// The staging folders of the builds running in this process. A signal handler cannot run the
/// builds' own cleanup (the process ends without unwinding), so it removes these itself; this
/// is the one piece of process-wide state, because a signal is.
static RUNNING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// A staging folder noted for removal if the process is interrupted, until it is dropped
/// (the site placed, or the build over).
#[derive(Debug)]
pub(super) struct Registration(PathBuf);

pub(super) fn register(staging: &Path) -> Registration {
    let mut running = RUNNING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    running.push(staging.to_path_buf());
    Registration(staging.to_path_buf())
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut running = RUNNING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        running.retain(|p| *p != self.0);
    }
}

/// Held while a site goes into place: an interrupt waits for it, so Ctrl-C never leaves a
/// site that is part old, part new (a `kill -9` can; the next build finishes it).
static PLACING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Marks the placement of a site as begun, until dropped.
pub(super) fn placing() -> std::sync::MutexGuard<'static, ()> {
    PLACING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// For an interrupt (Ctrl-C, SIGTERM): waits for a site that is going into place, then removes
/// the staging folders of running builds that had not begun to place theirs. The caller ends
/// the process right after, with the placement lock still held, so no other placement starts.
pub fn remove_interrupted_staging() {
    std::mem::forget(placing());
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    // A handler that cannot take the lock leaves the folders to the next build.
    let Ok(running) = RUNNING.try_lock() else {
        return;
    };
    // Twice: a page already being written when the flag was set may have made a folder again.
    for pass in 0..2 {
        if pass == 1 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        for staging in running.iter() {
            if fs::symlink_metadata(staging.join(JOURNAL_FILE)).is_err() {
                let _ = fs::remove_dir_all(staging);
            }
        }
    }
}

/// Set by an interrupt: builds stop writing pages into their staging folders.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether an interrupt came (the process is about to end).
pub(super) fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
}
