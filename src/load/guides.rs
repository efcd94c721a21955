//! Loading the guides below one base folder: their paths checked, the files read many at a
//! time on an I/O pool, the front matter parsed on the shared pool.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::FrontMatterCache;
use super::files::{content_files, invalid_segment, read_text};
use super::front_matter::memo_front_matter;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::{GuideSource, Project};

/// Threads that read guide files. Reading is mostly waiting for the disk when the files are
/// not in the page cache: many reads in flight made a cold load of 10,000 guides about four
/// times faster than one read per core.
const IO_THREADS: usize = 16;

/// A thread pool for reading many files at once, made on first use and kept for the process
/// (each department folder and every `serve` rebuild reads with it); `None` if the system
/// refuses the threads, and the reads then run on the shared pool.
static IO_POOL: std::sync::LazyLock<Option<rayon::ThreadPool>> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(IO_THREADS)
        .thread_name(|i| format!("mentorkit-read-{i}"))
        .build()
        .ok()
});

/// A guide file whose path is a valid guide's: where it is and what its path says.
struct GuidePath {
    relative: PathBuf,
    /// `section/[group/]slug`, the guide's identity.
    key: String,
    section: String,
    group: Option<String>,
    slug: String,
}

/// A guide file read: the source to keep for messages, the text or the problem, and its path.
type ReadGuide = (
    Option<SourceFile>,
    Result<SourceFile, Diagnostic>,
    GuidePath,
);

/// A guide read and parsed: the source to keep for messages, its problems, and the guide.
type LoadedGuide = (Option<SourceFile>, Diagnostics, Option<GuideSource>);

pub(super) fn load_guides(
    project: &mut Project,
    base: &str,
    cache: Option<&FrontMatterCache>,
    diagnostics: &mut Diagnostics,
) -> Vec<GuideSource> {
    let files = crate::timing::timed("  list guides", || {
        content_files(project, base, "guides", diagnostics)
    });
    let found = guide_paths(files, base, diagnostics);
    let loaded = parse_guides(read_guides(&project.root, found), cache);
    // Sources and problems are recorded in file order, so messages come out the same every run.
    let mut guides = Vec::with_capacity(loaded.len());
    for (shown, problems, guide) in loaded {
        if let Some(source) = shown {
            project.sources.add(source);
        }
        diagnostics.extend(problems);
        guides.extend(guide);
    }
    guides
}

/// The Markdown files among `files` whose paths make guides; the others are reported.
fn guide_paths(files: Vec<PathBuf>, base: &str, diagnostics: &mut Diagnostics) -> Vec<GuidePath> {
    let skip = Path::new(base).components().count() + 1;
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    for relative in files {
        if relative.extension().and_then(|e| e.to_str()) != Some("md") {
            continue; // images and other assets beside guides are not pages
        }
        match guide_path(relative, skip, base) {
            Ok(guide) => {
                if !seen.insert(guide.key.clone()) {
                    continue; // cannot happen on a real file system: paths are unique
                }
                found.push(guide);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    found
}

/// What a guide's path says, `skip` components below the project root, or why it is no guide.
fn guide_path(relative: PathBuf, skip: usize, base: &str) -> Result<GuidePath, Diagnostic> {
    // <base> / guides / section / [group /] slug.md
    let parts: Vec<String> = relative
        .components()
        .skip(skip)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (section, group, file_name) = match parts.as_slice() {
        [section, file] => (section.clone(), None, file.clone()),
        [section, group, file] => (section.clone(), Some(group.clone()), file.clone()),
        _ => {
            return Err(
                Diagnostic::error(Code::IgnoredFile, "guide is not in a section folder")
                    .in_file(&relative)
                    .with_hint(format!(
                        "put guides in {base}/guides/<section>/ or {base}/guides/<section>/<group>/"
                    )),
            );
        }
    };
    let slug = file_name.trim_end_matches(".md").to_string();
    let segments = [Some(&section), group.as_ref(), Some(&slug)];
    if let Some((segment, problem)) = segments
        .iter()
        .flatten()
        .find_map(|s| invalid_segment(s).map(|p| (s.to_string(), p)))
    {
        return Err(Diagnostic::error(
            Code::InvalidId,
            format!("`{segment}` in this guide's path {problem}"),
        )
        .in_file(&relative)
        .with_hint("use lowercase letters, digits and hyphens in guide file and folder names"));
    }
    let key = match &group {
        Some(group) => format!("{section}/{group}/{slug}"),
        None => format!("{section}/{slug}"),
    };
    Ok(GuidePath {
        relative,
        key,
        section,
        group,
        slug,
    })
}

/// Reads the guide files on the I/O pool, many files in flight.
fn read_guides(root: &Path, found: Vec<GuidePath>) -> Vec<ReadGuide> {
    let read = || {
        found
            .into_par_iter()
            .map(|guide| {
                let (shown, read) = read_text(root, &guide.relative);
                (shown, read, guide)
            })
            .collect::<Vec<_>>()
    };
    match IO_POOL.as_ref() {
        Some(pool) => pool.install(read),
        None => read(),
    }
}

/// Parses the guides' front matter on the shared pool, one thread per core (on the I/O pool's
/// many threads the parser's memory and caches were shared by more threads than cores).
fn parse_guides(read: Vec<ReadGuide>, cache: Option<&FrontMatterCache>) -> Vec<LoadedGuide> {
    read.into_par_iter()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .map(|(shown, read, path)| {
            let mut problems = Diagnostics::default();
            let guide = read
                .map_err(|diagnostic| problems.push(diagnostic))
                .ok()
                .and_then(|source| {
                    let (front, body_start) = memo_front_matter(&source, cache, &mut problems)?;
                    Some(GuideSource {
                        key: path.key,
                        section: path.section,
                        group: path.group,
                        slug: path.slug,
                        file: source.name.clone(),
                        front,
                        text: source.text.clone(),
                        body_start,
                    })
                });
            (shown, problems, guide)
        })
        .collect()
}
