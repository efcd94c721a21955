//! Reading project files safely: one file as UTF-8 text within a size limit, the files of a
//! content folder without following links, and which names can be URL segments.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, display_path};
use crate::model::Project;

/// Largest file the loader reads; a bigger one is almost certainly a mistake.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Opens a file for reading, refusing a symbolic link in its place (`O_NOFOLLOW`, so a link
/// put there after it was listed is refused too) and anything but a regular file. Every file a
/// build reads from a project (content, department files, templates, static files) is opened
/// through this, and so is every static file `serve` sends (which also checks that its real
/// path is inside the project, `serve/disk.rs`).
pub fn open_no_link(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // O_NONBLOCK: opening a named pipe put in a file's place would otherwise wait forever.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    #[cfg(not(unix))]
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(link_refused());
    }
    let file = options.open(path).map_err(|error| {
        // ELOOP is how O_NOFOLLOW says "a link".
        #[cfg(unix)]
        if error.raw_os_error() == Some(libc::ELOOP) {
            return link_refused();
        }
        error
    })?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("it is not a regular file"));
    }
    Ok(file)
}

/// The error of a file refused because it is a symbolic link.
#[derive(Debug)]
struct LinkRefused;

impl std::fmt::Display for LinkRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("it is a symbolic link")
    }
}

impl std::error::Error for LinkRefused {}

fn link_refused() -> io::Error {
    io::Error::other(LinkRefused)
}

/// Whether an error is [`open_no_link`] refusing a symbolic link.
pub fn is_link_refused(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|e| e.is::<LinkRefused>())
}

/// Whether `relative` names a real file inside `root`: no folder on the way, and not the
/// file, is a symbolic link. For paths content names (a department's logo), which no folder
/// walk has vouched for.
pub fn is_real_file(root: &Path, relative: &Path) -> bool {
    let mut path = root.to_path_buf();
    for component in relative.components() {
        match component {
            std::path::Component::Normal(name) => path.push(name),
            _ => return false,
        }
        match fs::symlink_metadata(&path) {
            Ok(meta) if !meta.file_type().is_symlink() => {}
            _ => return false,
        }
    }
    path.is_file()
}

/// Reads a project file as UTF-8 text and remembers it for diagnostics.
pub(super) fn read_source(
    project: &mut Project,
    relative: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<SourceFile> {
    let (shown, read) = read_text(&project.root, relative);
    if let Some(source) = shown {
        project.sources.add(source);
    }
    read.map_err(|diagnostic| diagnostics.push(diagnostic)).ok()
}

/// Reads a file as UTF-8 text. Returns the source to keep for messages (also for a file that
/// is not UTF-8, with the invalid bytes replaced, so a message can quote it) and the text or
/// the problem. Needs no `&mut Project`, so guides can be read in parallel.
pub(super) fn read_text(
    root: &Path,
    relative: &Path,
) -> (Option<SourceFile>, Result<SourceFile, Diagnostic>) {
    decode_file(open_no_link(&root.join(relative)), relative)
}

/// Reads a data file a command was given by name (matching profiles), wherever it is: the
/// user chose it, so a symbolic link is followed. Shown in messages as `shown`.
pub fn read_named_file(
    path: &Path,
    shown: &Path,
) -> (Option<SourceFile>, Result<SourceFile, Diagnostic>) {
    decode_file(fs::File::open(path), shown)
}

/// A file opened for reading, read whole as UTF-8 text within the size limit.
fn decode_file(
    opened: io::Result<fs::File>,
    relative: &Path,
) -> (Option<SourceFile>, Result<SourceFile, Diagnostic>) {
    let name = display_path(relative);
    // One open, then the size from the open file: a path lookup fewer per guide.
    let opened = opened.and_then(|file| Ok((file.metadata()?.len(), file)));
    let bytes = match opened {
        Ok((len, _)) if len > MAX_FILE_BYTES => {
            let diagnostic = Diagnostic::error(
                Code::UnreadableFile,
                format!(
                    "file is too large ({} MiB; the limit is {} MiB)",
                    len / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .in_file(relative)
            .with_hint("split it into smaller files");
            return (None, Err(diagnostic));
        }
        Ok((len, mut file)) => {
            // The size is a hint: the file may change while it is read. Reading through
            // `take` skips `File::read_to_end`'s own size lookup (two more system calls).
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            Read::take(&mut file, u64::MAX)
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        }
        Err(e) => Err(e),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) if is_link_refused(&error) => {
            let diagnostic = Diagnostic::error(Code::Symlink, "this file is a symbolic link")
                .in_file(relative)
                .with_hint("mentorkit reads only real files inside the project; copy the file here instead");
            return (None, Err(diagnostic));
        }
        Err(error) => {
            let diagnostic =
                Diagnostic::error(Code::UnreadableFile, format!("cannot read file: {error}"))
                    .in_file(relative)
                    .with_hint("check that the file exists and is readable");
            return (None, Err(diagnostic));
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source = SourceFile::new(name, Arc::from(text));
            (Some(source.clone()), Ok(source))
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = SourceFile::new(name, Arc::from(String::from_utf8_lossy(error.as_bytes())));
            let diagnostic =
                Diagnostic::error(Code::UnreadableFile, "file is not valid UTF-8 text")
                    .at(&lossy, valid..valid)
                    .with_hint("save the file as UTF-8 in your editor");
            (Some(lossy), Err(diagnostic))
        }
    }
}

/// Files below `<base>/<folder>` (base is `content` or a department folder), sorted, symlinks
/// skipped with a warning.
pub(super) fn content_files(
    project: &Project,
    base: &str,
    folder: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let base = project.root.join(base).join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&base).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.path_is_symlink() => {
                let relative = entry
                    .path()
                    .strip_prefix(&project.root)
                    .unwrap_or(entry.path());
                diagnostics.push(
                    Diagnostic::warning(Code::Symlink, "symbolic link skipped")
                        .in_file(relative)
                        .with_hint("mentorkit reads only real files inside the project; copy the file here instead"),
                );
            }
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry
                    .path()
                    .strip_prefix(&project.root)
                    .unwrap_or(entry.path());
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden {
                    files.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().unwrap_or(&base).to_path_buf();
                let relative = path
                    .strip_prefix(&project.root)
                    .unwrap_or(&path)
                    .to_path_buf();
                diagnostics.push(
                    Diagnostic::error(Code::UnreadableFile, format!("cannot read folder: {error}"))
                        .in_file(&relative)
                        .with_hint("check the folder's permissions"),
                );
            }
        }
    }
    files
}

/// Why `segment` cannot be used in a URL, if it cannot.
pub fn invalid_segment(segment: &str) -> Option<&'static str> {
    if segment.is_empty() {
        return Some("is empty");
    }
    let valid = segment
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        return Some("is not a valid URL segment");
    }
    if segment.starts_with('-') || segment.starts_with('_') {
        return Some("must start with a letter or digit");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_segments() {
        assert_eq!(invalid_segment("first-meeting"), None);
        assert_eq!(invalid_segment("mid_point2"), None);
        assert!(invalid_segment("First Meeting").is_some());
        assert!(invalid_segment("").is_some());
        assert!(invalid_segment("-x").is_some());
    }
}
