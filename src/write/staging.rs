//! The staging folder: pages written as they render, beside the output folder, until the
//! whole build has succeeded. Changed pages wait in one file, the pack.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::guard::absolute;
use super::journal::{self, Journal, STAGING_PREFIX, mark_owner};
use super::place::{apply, swap_into_place};
use crate::error::IoFailure;
use crate::render::OutputPage;
use crate::render::theme::{StaticFile, StaticSource};
use crate::write::manifest::{MARKER, MARKER_TEXT, Manifest, PageRecord, page_record};

/// Pages of the previous build that are still in the output folder, by path: a page whose
/// new content hashes the same is left there instead of written again. Creating files is most
/// of a large build's writing cost on some file systems (ext4 without a journal searches for a
/// free inode past every recently deleted one).
#[derive(Default)]
pub struct PreviousPages {
    folder: PathBuf,
    pages: HashMap<String, (u64, u64)>,
}

impl PreviousPages {
    pub fn new(output: &Path, previous: Option<&Manifest>) -> Self {
        let pages = previous
            .map(|m| {
                m.files
                    .iter()
                    .map(|(path, size, hash)| (path.clone(), (*size, *hash)))
                    .collect()
            })
            .unwrap_or_default();
        PreviousPages {
            folder: absolute(output),
            pages,
        }
    }

    /// What the previous build left in the output folder for a page with this record, from
    /// one look at the file.
    fn left_for(&self, record: &PageRecord) -> Left {
        let (path, size, hash) = record;
        let Some(&previous) = self.pages.get(path.as_str()) else {
            return Left::Nothing;
        };
        let Ok(meta) = fs::symlink_metadata(self.folder.join(path)) else {
            return Left::Nothing;
        };
        // Unaltered: a file of the same size (builds rewrite the manifest with the files).
        if previous == (*size, *hash) && meta.is_file() && meta.len() == *size {
            Left::Same
        } else if rewritable(&meta) {
            Left::Rewritable
        } else {
            Left::Nothing
        }
    }
}

/// What the previous build left at a page's path.
pub(super) enum Left {
    /// The same page, unaltered.
    Same,
    /// A file that a new version of the page can be written over: a regular file with no
    /// other name (a hard link's other names would change with it).
    Rewritable,
    /// Nothing a build can use.
    Nothing,
}

/// A regular file with one name.
pub(super) fn rewritable(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    let single = std::os::unix::fs::MetadataExt::nlink(meta) == 1;
    #[cfg(not(unix))]
    let single = true;
    meta.is_file() && single
}

/// The name of the pack in the staging folder.
pub(super) const PACK_NAME: &str = ".mentorkit-pages";

/// A changed page in the pack: the page's path and where its contents are.
pub(super) struct PackedPage {
    pub(super) path: String,
    pub(super) offset: u64,
    pub(super) len: u64,
}

/// The pack being written, and its length so far.
pub(super) struct Pack {
    file: fs::File,
    len: u64,
}

/// The pages of a build so far.
#[derive(Default)]
pub(super) struct Progress {
    /// Every page, in the order they came.
    pub(super) records: Vec<PageRecord>,
    /// The new pages, written into the staging folder, by path.
    pub(super) staged: Vec<String>,
    /// The changed pages, written into the pack.
    pub(super) packed: Vec<PackedPage>,
    /// The first failure to write a page.
    failure: Option<IoFailure>,
}

/// A site being written into a temporary folder next to the output folder; [`Staged::finish`]
/// puts it in place. Dropped unfinished, it is deleted and the output folder is untouched.
pub struct Staged {
    dir: tempfile::TempDir,
    /// Lets an interrupt remove the staging folder (see `journal::remove_interrupted_staging`).
    _registration: journal::Registration,
    output: PathBuf,
    previous: PreviousPages,
    progress: Mutex<Progress>,
    /// Folders of the staged site made so far.
    folders: Mutex<FxHashSet<PathBuf>>,
    /// Made when the first changed page comes.
    pack: Mutex<Option<Pack>>,
}

impl Staged {
    /// A staging folder for a new site in `output`, which reuses `previous`'s unchanged pages.
    pub fn new(output: &Path, previous: PreviousPages) -> Result<Self, IoFailure> {
        let output = absolute(output);
        let parent = output.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|e| IoFailure::new(&parent, "create", e))?;
        let dir = staging_folder(&parent, &output)?;
        let registration = journal::register(dir.path());
        mark_owner(dir.path(), &output)?;
        Ok(Staged {
            dir,
            _registration: registration,
            output,
            previous,
            progress: Mutex::default(),
            folders: Mutex::default(),
            pack: Mutex::default(),
        })
    }

    fn progress(&self) -> MutexGuard<'_, Progress> {
        // A poisoned lock still holds whole records: each is pushed in one step.
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes a page, unless the previous build left the same one in the output folder. A
    /// failure is kept for [`Staged::records`], and the pages after it are not written.
    pub fn add_page(&self, page: OutputPage) {
        self.add(&page.path, page.bytes());
    }

    /// Writes static files (stylesheets, scripts, images) like pages.
    pub fn add_statics(&self, files: &[StaticFile]) {
        files.par_iter().for_each(|file| match &file.source {
            StaticSource::Embedded(bytes) => self.add(&file.path, bytes),
            StaticSource::Disk(source) => match read_no_link(source) {
                Ok(bytes) => self.add(&file.path, &bytes),
                Err(e) => self.fail(IoFailure::new(source, "read", e)),
            },
        });
    }

    fn add(&self, path: &str, contents: &[u8]) {
        if self.progress().failure.is_some() || journal::interrupted() {
            return;
        }
        let record = page_record(path, contents);
        let left = self.previous.left_for(&record);
        if let Left::Same = left {
            self.progress().records.push(record);
            return;
        }
        let packed = if let Left::Rewritable = left {
            self.append_to_pack(contents).map(|offset| {
                Some(PackedPage {
                    path: path.to_string(),
                    offset,
                    len: contents.len() as u64,
                })
            })
        } else {
            let target = self.dir.path().join(path);
            create_parent(&self.folders, &target)
                .and_then(|()| {
                    fs::write(&target, contents).map_err(|e| IoFailure::new(&target, "write", e))
                })
                .map(|()| None)
        };
        let mut progress = self.progress();
        match packed {
            Ok(Some(packed)) => progress.packed.push(packed),
            Ok(None) => progress.staged.push(record.0.clone()),
            Err(failure) => {
                progress.failure.get_or_insert(failure);
                return;
            }
        }
        progress.records.push(record);
    }

    /// Appends a changed page's contents to the pack; returns where they start.
    fn append_to_pack(&self, contents: &[u8]) -> Result<u64, IoFailure> {
        let path = self.dir.path().join(PACK_NAME);
        // A poisoned lock holds a pack whose length counts only whole pages: a page whose
        // write failed failed the build.
        let mut guard = self.pack.lock().unwrap_or_else(PoisonError::into_inner);
        let pack = match &mut *guard {
            Some(pack) => pack,
            None => {
                let file =
                    fs::File::create_new(&path).map_err(|e| IoFailure::new(&path, "write", e))?;
                guard.insert(Pack { file, len: 0 })
            }
        };
        pack.file
            .write_all(contents)
            .map_err(|e| IoFailure::new(&path, "write", e))?;
        let offset = pack.len;
        pack.len += contents.len() as u64;
        Ok(offset)
    }

    fn fail(&self, failure: IoFailure) {
        self.progress().failure.get_or_insert(failure);
    }

    /// The records of the pages written, sorted by path, or the first failure to write one.
    pub fn records(&self) -> Result<Vec<PageRecord>, IoFailure> {
        let mut progress = self.progress();
        if let Some(failure) = progress.failure.take() {
            return Err(failure);
        }
        progress.records.sort_unstable();
        Ok(progress.records.clone())
    }

    /// Puts the staged site in place, with the marker that says a build made the folder, and
    /// then writes `manifest` (the build manifest) to `location`, outside the site.
    pub fn finish(self, manifest: &str, location: &Path) -> Result<(), IoFailure> {
        let marker = self.dir.path().join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(|e| IoFailure::new(&marker, "write", e))?;
        let progress = self
            .progress
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(failure) = progress.failure {
            return Err(failure);
        }
        // The old manifest goes first: if what follows is cut short, the next build trusts
        // nothing it finds in the output folder and replaces the whole folder.
        match fs::remove_file(location) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(IoFailure::new(location, "replace", e));
            }
            _ => {}
        }
        let journal = Journal {
            // Nothing of the previous build is kept: the staged folder is the whole site
            // (with no pack: it holds only pages that replace the previous build's).
            // (A staging folder inside the output folder cannot take its place.)
            swap: progress.staged.len() == progress.records.len()
                && !self.dir.path().starts_with(&self.output),
            site: progress.records.iter().map(|r| r.0.clone()).collect(),
            staged: progress.staged,
            packed: progress
                .packed
                .into_iter()
                .map(|p| (p.path, p.offset, p.len))
                .collect(),
        };
        // An interrupt waits for the site to be in place (see `remove_interrupted_staging`).
        let _placing = journal::placing();
        journal::begin(self.dir.path(), &journal)?;
        if journal.swap {
            swap_into_place(self.dir, &self.output)?;
        } else {
            drop(self.pack);
            apply(self.dir.path(), &self.output, &journal)?;
        }
        // The site is in place. A manifest that cannot be written (a read-only project) only
        // costs the next build its shortcuts: it then replaces the whole folder.
        if let Some(folder) = location.parent() {
            let _ = fs::create_dir_all(folder);
        }
        let _ = fs::write(location, manifest);
        Ok(())
    }
}

/// The staging folder: beside the output folder, or, where its parent cannot be written (an
/// output folder on a share whose parent is read-only), inside the output folder itself.
fn staging_folder(parent: &Path, output: &Path) -> Result<tempfile::TempDir, IoFailure> {
    let beside = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(parent);
    match beside {
        Ok(dir) => Ok(dir),
        Err(error) if output.is_dir() => tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(output)
            .map_err(|_| IoFailure::new(parent, "write to", error)),
        Err(error) => Err(IoFailure::new(parent, "write to", error)),
    }
}

/// Creates the folder a file goes in, once per folder (most pages share theirs).
pub(super) fn create_parent(
    folders: &Mutex<FxHashSet<PathBuf>>,
    path: &Path,
) -> Result<(), IoFailure> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    // A poisoned lock still holds whole paths; at worst a folder is created twice.
    let folders = || folders.lock().unwrap_or_else(PoisonError::into_inner);
    if folders().contains(parent) {
        return Ok(());
    }
    fs::create_dir_all(parent).map_err(|e| IoFailure::new(parent, "create", e))?;
    folders().insert(parent.to_path_buf());
    Ok(())
}

/// A static file's bytes, never through a symbolic link put in its place.
fn read_no_link(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut crate::load::open_no_link(path)?, &mut bytes)?;
    Ok(bytes)
}
