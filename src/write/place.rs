//! Putting a staged site into place: a first build swaps the folder in, a rebuild updates the
//! output folder in place, page by page, never following a link.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::journal::{JOURNAL_FILE, Journal, OLD_PREFIX, OWNER_FILE, mark_owner};
use super::staging::{PACK_NAME, PackedPage, create_parent, rewritable};
use crate::error::IoFailure;
use crate::write::manifest::MARKER;

/// Brings the output folder from the previous build's site to the staged one, as the journal
/// says: deletes what the new site does not have and moves the staged pages in. The caller has
/// removed the previous build's manifest and written the journal first; every step can be
/// done again, so a placement cut short is finished by [`replay`] on the next run.
pub(super) fn apply(staging: &Path, output: &Path, journal: &Journal) -> Result<(), IoFailure> {
    let mut site: FxHashSet<&str> = journal.site.iter().map(String::as_str).collect();
    // The marker stays: it says the folder is a build's all along (see `not_ours`).
    site.insert(MARKER);
    remove_stale(output, &site, staging)?;
    let folders = Mutex::default();
    journal.staged.par_iter().try_for_each(|path| {
        let target = output.join(path);
        create_parent(&folders, &target)?;
        move_again(&staging.join(path), &target)
    })?;
    let packed: Vec<PackedPage> = journal
        .packed
        .iter()
        .map(|(path, offset, len)| PackedPage {
            path: path.clone(),
            offset: *offset,
            len: *len,
        })
        .collect();
    rewrite_packed(&staging.join(PACK_NAME), output, &packed)?;
    move_again(&staging.join(MARKER), &output.join(MARKER))
}

/// Finishes a placement that was cut short (see [`apply`]).
pub(super) fn replay(staging: &Path, output: &Path, journal: &Journal) -> Result<(), IoFailure> {
    apply(staging, output, journal)
}

/// Moves a file, or does nothing when an earlier, interrupted run already moved it.
fn move_again(from: &Path, to: &Path) -> Result<(), IoFailure> {
    if fs::symlink_metadata(from).is_err() && fs::symlink_metadata(to).is_ok() {
        return Ok(());
    }
    move_file(from, to)
}

/// Writes each changed page from the pack over its old file in `output`.
pub(super) fn rewrite_packed(
    pack: &Path,
    output: &Path,
    pages: &[PackedPage],
) -> Result<(), IoFailure> {
    if pages.is_empty() {
        return Ok(());
    }
    pages.par_iter().try_for_each_init(
        // One reader and buffer per thread.
        || (fs::File::open(pack), Vec::new()),
        |(reader, contents), page| {
            let reader = reader.as_mut().map_err(|e| {
                IoFailure::new(pack, "read", io::Error::new(e.kind(), e.to_string()))
            })?;
            contents.resize(usize::try_from(page.len).unwrap_or(usize::MAX), 0);
            reader
                .seek(SeekFrom::Start(page.offset))
                .and_then(|_| reader.read_exact(contents))
                .map_err(|e| IoFailure::new(pack, "read", e))?;
            let target = output.join(&page.path);
            rewrite(&target, contents).map_err(|e| IoFailure::new(&target, "write", e))
        },
    )
}

/// Writes `contents` over the file at `target`: the same file, its storage reused. Anything
/// else found there (a link or a hard-linked file put there since the last build) is deleted
/// and a new file made instead; links are never followed.
pub(super) fn rewrite(target: &Path, contents: &[u8]) -> io::Result<()> {
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
pub(super) fn open_without_following(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options.open(path)
}

/// Deletes every file and symbolic link under `output` that is not a page of `site`, and the
/// folders left empty. Links are removed, never followed.
/// A staging folder inside the output folder (`keep`) is left alone.
pub(super) fn remove_stale(
    output: &Path,
    site: &FxHashSet<&str>,
    keep: &Path,
) -> Result<(), IoFailure> {
    let walk = walkdir::WalkDir::new(output)
        .min_depth(1)
        .follow_links(false)
        .contents_first(true);
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(output).to_path_buf();
            IoFailure::new(&path, "read", e.into())
        })?;
        let path = entry.path();
        if path.starts_with(keep) {
            // (`filter_entry` cannot skip a folder whose contents come first.)
            continue;
        }
        if entry.file_type().is_dir() {
            // Fails, as it should, while the folder still holds pages of the site.
            let _ = fs::remove_dir(path);
            continue;
        }
        let relative = path.strip_prefix(output).ok().and_then(Path::to_str);
        if relative.is_none_or(|page| !site.contains(page)) {
            fs::remove_file(path).map_err(|e| IoFailure::new(path, "delete", e))?;
        }
    }
    Ok(())
}

/// Moves a staged file into the output folder, copying when the two are on different file
/// systems (an output folder that is a mount point).
pub(super) fn move_file(from: &Path, to: &Path) -> Result<(), IoFailure> {
    match fs::rename(from, to) {
        Err(e) if e.kind() == io::ErrorKind::CrossesDevices => fs::copy(from, to).map(drop),
        moved => moved,
    }
    .map_err(|e| IoFailure::new(to, "write", e))
}

/// Replaces the output folder with the staged one: the old site is set aside first (in a
/// folder marked as this output's, so an interrupted swap is put right by [`super::journal::recover`]),
/// the staged folder takes the output's name, and the old site is deleted.
pub(super) fn swap_into_place(staging: tempfile::TempDir, output: &Path) -> Result<(), IoFailure> {
    let previous = if fs::symlink_metadata(output).is_ok() {
        Some(set_aside(output)?)
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(error) = fs::rename(&staged, output) {
        // Put the previous site back so a failed swap changes nothing.
        if let Some(old) = &previous {
            let _ = fs::rename(old.join("site"), output);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(IoFailure::new(output, "replace", error));
    }
    for name in [JOURNAL_FILE, OWNER_FILE] {
        let _ = fs::remove_file(output.join(name));
    }
    if let Some(old) = previous {
        // The new site is in place either way; what this leaves, the next build removes.
        let _ = remove_tree(&old, 2);
    }
    Ok(())
}

/// Moves the output folder aside, into `.mentorkit-old-*/site` beside it, marked as this
/// output's; returns the `.mentorkit-old-*` folder.
pub(super) fn set_aside(output: &Path) -> Result<PathBuf, IoFailure> {
    let parent = output.parent().unwrap_or(Path::new("/"));
    let old = tempfile::Builder::new()
        .prefix(OLD_PREFIX)
        .tempdir_in(parent)
        .map_err(|e| IoFailure::new(parent, "write to", e))?
        .keep();
    mark_owner(&old, output)?;
    fs::rename(output, old.join("site")).map_err(|e| IoFailure::new(output, "replace", e))?;
    Ok(old)
}

/// Deletes a folder and everything in it, the subfolders of its first `parallel_levels` levels
/// side by side (deleting a large site is a large part of a rebuild). Symbolic links are
/// removed, never followed.
pub(super) fn remove_tree(path: &Path, parallel_levels: u32) -> io::Result<()> {
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
