//! The build manifest: a stamp of everything a build read, so a rebuild with nothing changed
//! does nothing (about 0.1 s for 10,000 guides).
//!
//! It is kept in the project, under `.mentorkit/builds/` (one file per output folder), not in
//! the output folder: what is published is the site and nothing else. The output folder holds
//! only [`MARKER`], a one-line file that says a build made the folder, so the next build may
//! replace it (see [`crate::write::unsafe_output`]).
//!
//! The stamp covers the identity (path, size, modification time) of `mentorkit.yaml` and of
//! every file under `content/`, `templates/`, `themes/` and `static/`, the build options,
//! and the mentorkit binary itself, so a new version or a rebuilt binary (with a changed
//! embedded theme) always builds again. The manifest also lists every file the build wrote
//! with its size and a hash of its content: if one is missing or altered, the site is built
//! again, and a build leaves the pages whose content it would write unchanged where they are
//! instead of writing them again (see [`crate::write`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::render::PageCounts;
use crate::write::guard::absolute;

/// The file a build leaves in its output folder to recognize it: it says what the folder is
/// and nothing about the build.
pub const MARKER: &str = ".mentorkit-output";

/// What the marker says, for whoever finds it on a server.
pub const MARKER_TEXT: &str =
    "This folder is made by `mentorkit build`, which replaces it on every build.\n";

/// What marked an output folder before the manifest moved into the project: still recognized
/// as a build's folder, and removed by the next build.
pub const LEGACY_MANIFEST: &str = ".mentorkit-manifest.json";

/// The project's folder for what builds keep between runs (never published).
pub const STATE_DIR: &str = ".mentorkit";

/// Where the manifest of the builds of the project at `root` into `output` is kept:
/// `.mentorkit/builds/<hash of the output folder's absolute path>.json`.
pub fn location(root: &Path, output: &Path) -> PathBuf {
    let key = xxhash_rust::xxh3::xxh3_64(absolute(output).as_os_str().as_encoded_bytes());
    root.join(STATE_DIR)
        .join("builds")
        .join(format!("{key:016x}.json"))
}

/// A 128-bit hash of a build's inputs.
pub type Stamp = u128;

/// What a build records about itself in the output folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub version: String,
    pub stamp: String,
    pub program_name: String,
    pub counts: PageCounts,
    pub departments: Vec<(String, usize)>,
    /// Every page: output-relative path, size in bytes and content hash.
    pub files: Vec<PageRecord>,
}

/// A page a build wrote: output-relative path, size in bytes, and the xxh3 hash of its bytes.
pub type PageRecord = (String, u64, u64);

/// The record of a page with these contents.
pub fn page_record(path: &str, contents: &[u8]) -> PageRecord {
    (
        path.to_string(),
        contents.len() as u64,
        xxhash_rust::xxh3::xxh3_64(contents),
    )
}

fn field(hasher: &mut Xxh3, bytes: &[u8]) {
    // Length-prefixed, so ("ab", "c") and ("a", "bc") hash differently.
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

fn identity(hasher: &mut Xxh3, meta: &fs::Metadata) {
    hasher.update(&meta.len().to_le_bytes());
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    hasher.update(&modified.map_or(0, |d| d.as_nanos()).to_le_bytes());
}

/// The stamp of the inputs of a build of the project at `root` with these options.
pub fn stamp(root: &Path, options: &str) -> Stamp {
    let mut hasher = Xxh3::new();
    field(&mut hasher, env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| fs::metadata(exe).ok())
    {
        identity(&mut hasher, &meta);
    }
    field(&mut hasher, options.as_bytes());
    if let Ok(meta) = fs::metadata(root.join("mentorkit.yaml")) {
        identity(&mut hasher, &meta);
    }
    for folder in ["content", "templates", "themes", "static"] {
        for (path, meta) in walk_sorted(&root.join(folder)) {
            field(&mut hasher, path.as_os_str().as_encoded_bytes());
            if let Some(meta) = meta {
                identity(&mut hasher, &meta);
            }
        }
    }
    hasher.digest128()
}

/// Every entry below `dir` with its metadata (links not followed), depth first and sorted by
/// name within each folder. Folders are read in parallel: on a large handbook the walk was
/// most of a no-change rebuild.
fn walk_sorted(dir: &Path) -> Vec<(PathBuf, Option<fs::Metadata>)> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut children: Vec<fs::DirEntry> = read.flatten().collect();
    children.sort_by_key(fs::DirEntry::file_name);
    children
        .par_iter()
        .map(|entry| {
            let path = entry.path();
            let meta = entry.metadata().ok();
            let below = match &meta {
                Some(meta) if meta.is_dir() => walk_sorted(&path),
                _ => Vec::new(),
            };
            std::iter::once((path, meta))
                .chain(below)
                .collect::<Vec<_>>()
        })
        .flatten()
        .collect()
}

pub fn to_hex(stamp: Stamp) -> String {
    format!("{stamp:032x}")
}

/// The manifest as written to its [`location`].
pub fn to_json(manifest: &Manifest) -> String {
    // Serializing strings and numbers to JSON cannot fail.
    serde_json::to_string(manifest).unwrap_or_default()
}

/// The manifest at `location` of the last build in `output`, if there is a readable one and
/// the output folder still has the marker that build left.
pub fn previous(location: &Path, output: &Path) -> Option<Manifest> {
    fs::symlink_metadata(output.join(MARKER)).ok()?;
    let text = fs::read_to_string(location).ok()?;
    serde_json::from_str::<Manifest>(&text).ok()
}

/// Whether `manifest`, the one in `output`, was made from inputs with this stamp and every
/// file it lists is still there with its size.
pub fn up_to_date(manifest: &Manifest, output: &Path, stamp: Stamp) -> bool {
    // The stamp first: when an input changed, the output files need not be looked at.
    manifest.stamp == to_hex(stamp)
        && !manifest.files.is_empty()
        && manifest.files.par_iter().all(|(path, size, _)| {
            fs::metadata(output.join(path)).is_ok_and(|m| m.is_file() && m.len() == *size)
        })
}
