//! Stage 5, write: pages go to a temporary folder next to the output folder as they render,
//! and reach the output folder only when the whole build succeeded. A failed build leaves the
//! previous output untouched, and nothing outside the output folder is ever written or deleted.
//!
//! A first build (or one after the output folder was emptied or altered) swaps the staged
//! folder into place. A rebuild updates the output folder in place instead: pages that come
//! out as the previous build left them are not touched at all, changed ones are written over
//! their old files, new ones are moved in, and whatever the new site no longer has is deleted.
//! On large sites most pages come out the same, and every file created, linked or deleted is
//! a system call. Changed pages wait in one file of the staging folder, the pack, until the
//! build has succeeded: a file per page there, and the old files deleted, made a rebuild that
//! changes every page (a new site title, an edited template) several times slower on ext4
//! without a journal, which searches past every recently deleted inode for a free one.

pub mod manifest;

use std::collections::HashMap;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::error::IoFailure;
use crate::render::OutputPage;
use crate::render::theme::{StaticFile, StaticSource};
use crate::write::manifest::{FILE_NAME, Manifest, PageRecord, page_record};

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
    not_ours(&output)
}

/// Why an existing `output` is not a folder that building may replace, if so: only a missing
/// or empty folder, or one a build left (it holds the manifest), is replaced, so a mistyped
/// `--output` (a home folder, a disk) never deletes the user's files.
fn not_ours(output: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(output).ok()?;
    if !meta.is_dir() {
        return Some("it is a file, not a folder".into());
    }
    if fs::symlink_metadata(output.join(FILE_NAME)).is_ok() {
        return None;
    }
    match fs::read_dir(output).map(|mut entries| entries.next().is_none()) {
        Ok(true) => None,
        Ok(false) => Some(format!(
            "it is not empty and no mentorkit build made it (it has no {FILE_NAME}); empty or \
             delete it, or choose a new folder"
        )),
        Err(e) => Some(format!("it cannot be read ({e})")),
    }
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
enum Left {
    /// The same page, unaltered.
    Same,
    /// A file that a new version of the page can be written over: a regular file with no
    /// other name (a hard link's other names would change with it).
    Rewritable,
    /// Nothing a build can use.
    Nothing,
}

/// A regular file with one name.
fn rewritable(meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    let single = std::os::unix::fs::MetadataExt::nlink(meta) == 1;
    #[cfg(not(unix))]
    let single = true;
    meta.is_file() && single
}

/// The name of the pack in the staging folder.
const PACK_NAME: &str = ".mentorkit-pages";

/// A changed page in the pack: the page's path and where its contents are.
struct PackedPage {
    path: String,
    offset: u64,
    len: u64,
}

/// The pack being written, and its length so far.
struct Pack {
    file: fs::File,
    len: u64,
}

/// The pages of a build so far.
#[derive(Default)]
struct Progress {
    /// Every page, in the order they came.
    records: Vec<PageRecord>,
    /// The new pages, written into the staging folder, by path.
    staged: Vec<String>,
    /// The changed pages, written into the pack.
    packed: Vec<PackedPage>,
    /// The first failure to write a page.
    failure: Option<IoFailure>,
}

/// A site being written into a temporary folder next to the output folder; [`Staged::finish`]
/// puts it in place. Dropped unfinished, it is deleted and the output folder is untouched.
pub struct Staged {
    dir: tempfile::TempDir,
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
        fs::create_dir_all(&parent).map_err(|e| failure(&parent, "create", e))?;
        let dir = tempfile::Builder::new()
            .prefix(".mentorkit-build-")
            .tempdir_in(&parent)
            .map_err(|e| failure(&parent, "write to", e))?;
        Ok(Staged {
            dir,
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
        if self.progress().failure.is_some() {
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
                    fs::write(&target, contents).map_err(|e| failure(&target, "write", e))
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
                let file = fs::File::create_new(&path).map_err(|e| failure(&path, "write", e))?;
                guard.insert(Pack { file, len: 0 })
            }
        };
        pack.file
            .write_all(contents)
            .map_err(|e| failure(&path, "write", e))?;
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

    /// Puts the staged site in place, with `manifest` (the build manifest) beside it.
    pub fn finish(self, manifest: &str) -> Result<(), IoFailure> {
        let manifest_file = self.dir.path().join(FILE_NAME);
        fs::write(&manifest_file, manifest).map_err(|e| failure(&manifest_file, "write", e))?;
        let progress = self
            .progress
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(failure) = progress.failure {
            return Err(failure);
        }
        if progress.staged.len() == progress.records.len() {
            // Nothing of the previous build is kept: the staged folder is the whole site
            // (with no pack: it holds only pages that replace the previous build's).
            return swap_into_place(self.dir, &self.output);
        }
        drop(self.pack);
        update_in_place(self.dir.path(), &self.output, &progress)
    }
}

/// Creates the folder a file goes in, once per folder (most pages share theirs).
fn create_parent(folders: &Mutex<FxHashSet<PathBuf>>, path: &Path) -> Result<(), IoFailure> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    // A poisoned lock still holds whole paths; at worst a folder is created twice.
    let folders = || folders.lock().unwrap_or_else(PoisonError::into_inner);
    if folders().contains(parent) {
        return Ok(());
    }
    fs::create_dir_all(parent).map_err(|e| failure(parent, "create", e))?;
    folders().insert(parent.to_path_buf());
    Ok(())
}

/// Brings the output folder from the previous build's site to the staged one: deletes what the
/// new site does not have, moves the staged pages in, and writes the manifest last. The old
/// manifest is emptied first, so if this is cut short the next build trusts nothing it finds
/// there and replaces the whole folder.
fn update_in_place(staging: &Path, output: &Path, progress: &Progress) -> Result<(), IoFailure> {
    // Emptied, not deleted: it still marks the folder as a build's (see `not_ours`).
    let manifest = output.join(FILE_NAME);
    rewrite(&manifest, b"").map_err(|e| failure(&manifest, "replace", e))?;
    let mut site: FxHashSet<&str> = progress.records.iter().map(|r| r.0.as_str()).collect();
    // The emptied manifest stays until the new one replaces it.
    site.insert(FILE_NAME);
    remove_stale(output, &site)?;
    let folders = Mutex::default();
    progress.staged.par_iter().try_for_each(|path| {
        let target = output.join(path);
        create_parent(&folders, &target)?;
        move_file(&staging.join(path), &target)
    })?;
    rewrite_packed(&staging.join(PACK_NAME), output, &progress.packed)?;
    move_file(&staging.join(FILE_NAME), &manifest)
}

/// Writes each changed page from the pack over its old file in `output`.
fn rewrite_packed(pack: &Path, output: &Path, pages: &[PackedPage]) -> Result<(), IoFailure> {
    if pages.is_empty() {
        return Ok(());
    }
    pages.par_iter().try_for_each_init(
        // One reader and buffer per thread.
        || (fs::File::open(pack), Vec::new()),
        |(reader, contents), page| {
            let reader = reader
                .as_mut()
                .map_err(|e| failure(pack, "read", io::Error::new(e.kind(), e.to_string())))?;
            contents.resize(usize::try_from(page.len).unwrap_or(usize::MAX), 0);
            reader
                .seek(SeekFrom::Start(page.offset))
                .and_then(|_| reader.read_exact(contents))
                .map_err(|e| failure(pack, "read", e))?;
            let target = output.join(&page.path);
            rewrite(&target, contents).map_err(|e| failure(&target, "write", e))
        },
    )
}

/// Writes `contents` over the file at `target`: the same file, its storage reused. Anything
/// else found there (a link or a hard-linked file put there since the last build) is deleted
/// and a new file made instead; links are never followed.
fn rewrite(target: &Path, contents: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(target).is_ok_and(|meta| rewritable(&meta))
        && let Ok(mut file) = open_without_following(target)
    {
        file.write_all(contents)?;
        return file.set_len(contents.len() as u64);
    }
    match fs::remove_file(target) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent)?;
    }
    // `create_new` fails on anything at the path, a link included, instead of following it.
    fs::File::create_new(target)?.write_all(contents)
}

/// Opens an existing file for writing, failing on a symbolic link.
fn open_without_following(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options.open(path)
}

/// Deletes every file and symbolic link under `output` that is not a page of `site`, and the
/// folders left empty. Links are removed, never followed.
fn remove_stale(output: &Path, site: &FxHashSet<&str>) -> Result<(), IoFailure> {
    let walk = walkdir::WalkDir::new(output)
        .min_depth(1)
        .follow_links(false)
        .contents_first(true);
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(output).to_path_buf();
            failure(&path, "read", e.into())
        })?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            // Fails, as it should, while the folder still holds pages of the site.
            let _ = fs::remove_dir(path);
            continue;
        }
        let relative = path.strip_prefix(output).ok().and_then(Path::to_str);
        if relative.is_none_or(|page| !site.contains(page)) {
            fs::remove_file(path).map_err(|e| failure(path, "delete", e))?;
        }
    }
    Ok(())
}

/// Moves a staged file into the output folder, copying when the two are on different file
/// systems (an output folder that is a mount point).
fn move_file(from: &Path, to: &Path) -> Result<(), IoFailure> {
    match fs::rename(from, to) {
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => fs::copy(from, to).map(drop),
        moved => moved,
    }
    .map_err(|e| failure(to, "write", e))
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
    fn only_a_missing_or_empty_folder_or_a_builds_own_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("out");
        assert_eq!(not_ours(&folder), None, "missing");
        fs::create_dir(&folder).unwrap();
        assert_eq!(not_ours(&folder), None, "empty");
        fs::write(folder.join("notes.txt"), "mine").unwrap();
        let refused = not_ours(&folder).expect("a folder of the user's files is refused");
        assert!(refused.contains("not empty"), "{refused}");
        assert!(refused.contains(FILE_NAME), "{refused}");
        // A build's folder, also one whose update was cut short (its manifest emptied).
        fs::write(folder.join(FILE_NAME), "").unwrap();
        assert_eq!(not_ours(&folder), None);
        let file = dir.path().join("page.html");
        fs::write(&file, "x").unwrap();
        assert!(not_ours(&file).unwrap().contains("is a file"));
    }

    /// Writes `pages` into `output` as a build does, with a manifest of their records.
    fn write_site(output: &Path, pages: &[(&str, &str)]) -> Result<(), IoFailure> {
        let previous = crate::write::manifest::previous(output);
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
        staged.finish(&crate::write::manifest::to_json(&manifest))
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
    fn unchanged_pages_are_left_in_place_and_changed_ones_written_over_their_files() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let inode = |path: &str| fs::metadata(output.join(path)).unwrap().ino();
        let read = |path: &str| fs::read_to_string(output.join(path)).unwrap();
        write_site(&output, &[("same.html", "same"), ("edit.html", "before")]).unwrap();
        let (same, edit) = (inode("same.html"), inode("edit.html"));

        write_site(&output, &[("same.html", "same"), ("edit.html", "after")]).unwrap();
        assert_eq!(
            inode("same.html"),
            same,
            "an identical page is the same file"
        );
        assert_eq!(
            inode("edit.html"),
            edit,
            "a changed page is written over its file"
        );
        assert_eq!(read("edit.html"), "after", "a shorter page leaves no tail");
        write_site(
            &output,
            &[("same.html", "same"), ("edit.html", "after, longer")],
        )
        .unwrap();
        assert_eq!(read("edit.html"), "after, longer");
        let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "no staging folder left beside the site");
        assert!(!output.join(PACK_NAME).exists());

        // A page altered by hand after the build (another size) is written again.
        fs::write(output.join("same.html"), "hand-edited").unwrap();
        write_site(
            &output,
            &[("same.html", "same"), ("edit.html", "after, longer")],
        )
        .unwrap();
        assert_eq!(read("same.html"), "same");
    }

    #[cfg(unix)]
    #[test]
    fn a_changed_page_is_never_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "not the site's").unwrap();
        write_site(&output, &[("a.html", "first"), ("b.html", "first")]).unwrap();
        // Each page's file replaced by another name for the outside file.
        fs::remove_file(output.join("a.html")).unwrap();
        std::os::unix::fs::symlink(&outside, output.join("a.html")).unwrap();
        fs::remove_file(output.join("b.html")).unwrap();
        fs::hard_link(&outside, output.join("b.html")).unwrap();

        write_site(&output, &[("a.html", "second"), ("b.html", "second")]).unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "not the site's");
        for page in ["a.html", "b.html"] {
            let meta = fs::symlink_metadata(output.join(page)).unwrap();
            assert!(meta.is_file(), "{page} is a file of its own again");
            assert_eq!(fs::read_to_string(output.join(page)).unwrap(), "second");
        }

        // And when the link appears between the build and the write over the old file.
        std::os::unix::fs::symlink(&outside, output.join("c.html")).unwrap();
        rewrite(&output.join("c.html"), b"third").unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "not the site's");
        assert!(
            fs::symlink_metadata(output.join("c.html"))
                .unwrap()
                .is_file()
        );
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(&output, &[("a.html", "first")]).unwrap();
        let manifest = fs::read_to_string(output.join(FILE_NAME)).unwrap();
        // A changed page goes into the pack; then a page that cannot be written (a file name
        // with a NUL byte) fails the build.
        let failed = write_site(&output, &[("a.html", "second"), ("b\0.html", "x")]);
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(output.join("a.html")).unwrap(), "first");
        assert_eq!(
            fs::read_to_string(output.join(FILE_NAME)).unwrap(),
            manifest
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(Result::unwrap)
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap();
                let name = path.to_str().unwrap().to_string();
                if e.file_type().is_dir() {
                    name + "/"
                } else {
                    name
                }
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_rebuild_in_place_removes_what_the_site_no_longer_has() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let first = [
            ("index.html", "home"),
            ("old/gone.html", "gone"),
            ("kept/a.html", "a"),
            ("kept/b.html", "b"),
            ("page", "a file where a folder will be"),
        ];
        write_site(&output, &first).unwrap();
        fs::write(output.join("kept/stray.txt"), "put here by hand").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), output.join("link")).unwrap();

        let second = [
            ("index.html", "home"),
            ("kept/a.html", "a, edited"),
            ("kept/b.html", "b"),
            ("new/c.html", "c"),
            ("page/index.html", "a folder where a file was"),
        ];
        write_site(&output, &second).unwrap();
        let mut expected = vec![
            ".mentorkit-manifest.json",
            "index.html",
            "kept/",
            "kept/a.html",
            "kept/b.html",
            "new/",
            "new/c.html",
            "page/",
            "page/index.html",
        ];
        expected.sort();
        assert_eq!(files(&output), expected);
        for (path, html) in second {
            assert_eq!(fs::read_to_string(output.join(path)).unwrap(), html);
        }
        // The link was removed, not followed: what it pointed at is still there.
        assert!(dir.path().join("public").is_dir());
        let manifest = crate::write::manifest::previous(&output).unwrap();
        let listed: Vec<&str> = manifest.files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            listed,
            [
                "index.html",
                "kept/a.html",
                "kept/b.html",
                "new/c.html",
                "page/index.html"
            ]
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn without_a_manifest_the_whole_folder_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(&output, &[("a.html", "a"), ("b.html", "b")]).unwrap();
        // An in-place update cut short: the manifest emptied, a page half-replaced.
        fs::write(output.join(FILE_NAME), "").unwrap();
        fs::write(output.join("b.html"), "x").unwrap();
        write_site(&output, &[("a.html", "a"), ("b.html", "b")]).unwrap();
        assert_eq!(fs::read_to_string(output.join("b.html")).unwrap(), "b");
        assert_eq!(
            files(&output),
            [".mentorkit-manifest.json", "a.html", "b.html"]
        );
    }
}
