//! Stage 5, write: pages go to a temporary folder next to the output folder as they render
//! (unchanged ones hard-linked from the previous build), which is then swapped into place. A
//! failed build leaves the previous output untouched, and nothing outside the output folder is
//! ever written or deleted.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::diagnostics::IoFailure;
use crate::manifest::{Manifest, PageRecord, page_record};
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

/// Pages of the previous build that are still in the output folder, by path: a page whose
/// new content hashes the same is hard-linked from there instead of written again. Creating
/// files is most of a large build's writing cost on some file systems (ext4 without a journal
/// searches for a free inode past every recently deleted one), and a link creates no file.
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

    /// The previous build's file for a page with this record, if it is still there unaltered
    /// (same size; its content was not rewritten by a build since the manifest was written).
    fn unchanged(&self, record: &PageRecord) -> Option<PathBuf> {
        let (path, size, hash) = record;
        if self.pages.get(path.as_str()) != Some(&(*size, *hash)) {
            return None;
        }
        let file = self.folder.join(path);
        let meta = fs::symlink_metadata(&file).ok()?;
        (meta.is_file() && meta.len() == *size).then_some(file)
    }
}

/// A site being written into a temporary folder next to the output folder; [`Staged::finish`]
/// swaps it into place. Dropped unfinished, it is deleted and the output folder is untouched.
pub struct Staged {
    dir: tempfile::TempDir,
    output: PathBuf,
    previous: PreviousPages,
    /// Pages written so far, and the first failure to write one.
    written: Mutex<(Vec<PageRecord>, Option<IoFailure>)>,
    /// Folders of the staged site made so far.
    folders: Mutex<FxHashSet<PathBuf>>,
}

impl Staged {
    /// A staging folder for a new site in `output`, which reuses `previous`'s unchanged pages.
    pub fn new(output: &Path, previous: PreviousPages) -> Result<Self, IoFailure> {
        let output = absolute(output);
        let parent = output.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent).map_err(|e| failure(&parent, "create", e))?;
        let dir = tempfile::Builder::new()
            .prefix(".mentorkit-build-")
            .tempdir_in(&parent)
            .map_err(|e| failure(&parent, "write to", e))?;
        Ok(Staged {
            dir,
            output,
            previous,
            written: Mutex::default(),
            folders: Mutex::default(),
        })
    }

    fn written(&self) -> MutexGuard<'_, (Vec<PageRecord>, Option<IoFailure>)> {
        // A poisoned lock still holds whole records: each is pushed in one step.
        self.written.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes a page, or links the previous build's identical file. A failure is kept for
    /// [`Staged::records`], and the pages after it are not written.
    pub fn add_page(&self, page: OutputPage) {
        self.add(&page.path, page.html.as_bytes());
    }

    /// Writes static files (stylesheets, scripts, images) like pages.
    pub fn add_statics(&self, files: &[StaticFile]) {
        files.par_iter().for_each(|file| match &file.source {
            StaticSource::Embedded(bytes) => self.add(&file.path, bytes),
            StaticSource::Disk(source) => match fs::read(source) {
                Ok(bytes) => self.add(&file.path, &bytes),
                Err(e) => self.fail(failure(source, "read", e)),
            },
        });
    }

    fn add(&self, path: &str, contents: &[u8]) {
        if self.written().1.is_some() {
            return;
        }
        match self.write_file(path, contents) {
            Ok(record) => self.written().0.push(record),
            Err(failure) => self.fail(failure),
        }
    }

    fn fail(&self, failure: IoFailure) {
        self.written().1.get_or_insert(failure);
    }

    fn write_file(&self, path: &str, contents: &[u8]) -> Result<PageRecord, IoFailure> {
        let record = page_record(path, contents);
        let target = self.dir.path().join(path);
        self.create_parent(&target)?;
        let linked = self
            .previous
            .unchanged(&record)
            .is_some_and(|file| fs::hard_link(file, &target).is_ok());
        if !linked {
            fs::write(&target, contents).map_err(|e| failure(&target, "write", e))?;
        }
        Ok(record)
    }

    /// Creates the folder a file goes in, once per folder (most pages share theirs).
    fn create_parent(&self, path: &Path) -> Result<(), IoFailure> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        // A poisoned lock still holds whole paths; at worst a folder is created twice.
        let folders = || self.folders.lock().unwrap_or_else(PoisonError::into_inner);
        if folders().contains(parent) {
            return Ok(());
        }
        fs::create_dir_all(parent).map_err(|e| failure(parent, "create", e))?;
        folders().insert(parent.to_path_buf());
        Ok(())
    }

    /// The records of the pages written, sorted by path, or the first failure to write one.
    pub fn records(&self) -> Result<Vec<PageRecord>, IoFailure> {
        let mut written = self.written();
        if let Some(failure) = written.1.take() {
            return Err(failure);
        }
        let mut records = std::mem::take(&mut written.0);
        records.sort_unstable();
        Ok(records)
    }

    /// Writes a file that is not part of the site (the build manifest).
    pub fn add_extra(&self, path: &str, contents: &str) -> Result<(), IoFailure> {
        let target = self.dir.path().join(path);
        fs::write(&target, contents).map_err(|e| failure(&target, "write", e))
    }

    /// Replaces the output folder with the staged site.
    pub fn finish(self) -> Result<(), IoFailure> {
        swap_into_place(self.dir, &self.output)
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
    if let Some((old, old_path)) = previous {
        // The new site is in place either way; whatever this leaves, the TempDir's own
        // cleanup (when `old` drops) removes.
        let _ = remove_tree(&old_path, 2);
        drop(old);
    }
    Ok(())
}

/// Deletes a folder and everything in it, the subfolders of its first `parallel_levels` levels
/// side by side (deleting a large site is a large part of a rebuild). Symbolic links are
/// removed, never followed.
fn remove_tree(path: &Path, parallel_levels: u32) -> io::Result<()> {
    if parallel_levels == 0 {
        return fs::remove_dir_all(path);
    }
    let entries = fs::read_dir(path)?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path(), parallel_levels - 1)
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::FILE_NAME;

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

    /// Writes `pages` into `output` as a build does, with a manifest of their records.
    fn write_site(output: &Path, pages: &[(&str, &str)]) -> Result<(), IoFailure> {
        let previous = crate::manifest::previous(output);
        let staged = Staged::new(output, PreviousPages::new(output, previous.as_ref()))?;
        for (path, html) in pages {
            staged.add_page(OutputPage {
                path: path.to_string(),
                html: html.to_string(),
            });
        }
        let files = staged.records()?;
        let manifest = Manifest {
            version: String::new(),
            stamp: String::new(),
            program_name: String::new(),
            counts: Default::default(),
            departments: Vec::new(),
            files,
        };
        staged.add_extra(FILE_NAME, &crate::manifest::to_json(&manifest))?;
        staged.finish()
    }

    #[test]
    fn writing_replaces_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("stale.html"), "old").unwrap();
        write_site(&output, &[("a/index.html", "new")]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_pages_are_linked_from_the_previous_build_and_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let inode = |path: &str| fs::metadata(output.join(path)).unwrap().ino();
        write_site(&output, &[("same.html", "same"), ("edit.html", "before")]).unwrap();
        let (same, edit) = (inode("same.html"), inode("edit.html"));
        write_site(&output, &[("same.html", "same"), ("edit.html", "after!")]).unwrap();
        assert_eq!(
            inode("same.html"),
            same,
            "an identical page is the same file"
        );
        assert_ne!(inode("edit.html"), edit, "a changed page is a new file");
        assert_eq!(
            fs::read_to_string(output.join("edit.html")).unwrap(),
            "after!"
        );

        // A page altered by hand after the build (another size) is written, not linked.
        fs::write(output.join("same.html"), "hand-edited").unwrap();
        write_site(&output, &[("same.html", "same"), ("edit.html", "after!")]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("same.html")).unwrap(),
            "same"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(&output, &[("a.html", "first")]).unwrap();
        // A page whose folder cannot be made: a file already holds that name.
        let failed = write_site(&output, &[("a.html", "second"), ("a.html/b.html", "x")]);
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(output.join("a.html")).unwrap(), "first");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }
}
