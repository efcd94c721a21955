//! Rebuilding on change: which pages an edit can change, and the loop that rebuilds and tells
//! the open pages.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use super::site::{Builder, Shared, Snapshot, diagnostics_text};
use super::watch::Watcher;
use crate::diagnostics::print_human;
use crate::pipeline::Run;

/// The front matter block of a guide's text (between the `---` lines), if it has one.
pub(super) fn front_matter(text: &str) -> Option<&str> {
    // `front_matter_end` is past the closing `\n---`; the block lies between the two markers.
    let end = crate::load::front_matter_end(text)?;
    text.get(3..end - 4)
}

/// The front matter of every guide, by absolute path: an edit that leaves it alone cannot
/// change navigation, titles or order, so only that guide's page needs rendering again.
pub(super) fn guide_fronts(root: &Path) -> HashMap<PathBuf, String> {
    walkdir::WalkDir::new(root.join("content/guides"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((e.path().to_path_buf(), front_matter(&text)?.to_string()))
        })
        .collect()
}

/// The pages to re-render when only guide bodies changed, or `None` when a full rebuild is
/// needed (another kind of file, a new or deleted guide, a changed front matter).
pub(super) fn pages_to_rerender(
    root: &Path,
    paths: &[PathBuf],
    fronts: &HashMap<PathBuf, String>,
) -> Option<HashSet<String>> {
    let guides = root.join("content/guides");
    let mut pages = HashSet::new();
    for path in paths {
        let relative = path.strip_prefix(&guides).ok()?;
        if path.extension().is_none_or(|x| x != "md") {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        if fronts.get(path).map(String::as_str) != Some(front_matter(&text)?) {
            return None;
        }
        let key = crate::diagnostics::display_path(&relative.with_extension(""));
        pages.insert(format!("guides/{key}.html"));
        // The print pages that hold the guide's text: its section's and the whole handbook's.
        let section = key.split('/').next().unwrap_or_default();
        pages.insert(format!("guides/{section}/print.html"));
        pages.insert("print.html".to_string());
    }
    Some(pages)
}

pub(super) fn rebuild_loop(
    builder: &Builder,
    shared: &Shared,
    changes: &mpsc::Receiver<Vec<PathBuf>>,
    first: u64,
    watcher: &mut Watcher,
) {
    let root = builder.root.as_path();
    let mut version = first;
    let mut fronts = guide_fronts(root);
    while let Ok(mut paths) = changes.recv() {
        // Changes that arrived meanwhile join this rebuild.
        while let Ok(more) = changes.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        // Before the build, so an edit made while it runs is reported, not missed.
        watcher.rewatch(root, &paths);
        let started = Instant::now();
        builder.cache.next_generation();
        let previous = shared.current();
        let partial = if previous.error.is_none() && !previous.files.is_empty() {
            pages_to_rerender(root, &paths, &fronts)
        } else {
            None
        };
        let (files, run) = match &partial {
            Some(pages) => builder.rebuild_pages(pages, &previous.files),
            None => builder.build(),
        };
        print_human(&run.diagnostics, &run.sources);
        let change = Change {
            names: summarize_paths(root, &paths),
            elapsed: started.elapsed().as_millis(),
            pages: partial.as_ref().map(HashSet::len),
        };
        let Some(files) = files else {
            report_failure(&change, &run);
            shared.replace(Snapshot {
                error: Some(diagnostics_text(&run)),
                ..(*previous).clone()
            });
            continue;
        };
        if !builder.quiet {
            report_success(&change, previous.error.is_some());
        }
        version += 1;
        shared.replace(Snapshot {
            files,
            version,
            error: None,
        });
        if partial.is_none() {
            fronts = guide_fronts(root);
        }
    }
}

/// What a rebuild was about, for its message.
struct Change {
    /// The changed files, in a few words.
    names: String,
    elapsed: u128,
    /// How many pages were re-rendered, when not all.
    pages: Option<usize>,
}

fn report_success(change: &Change, had_errors: bool) {
    let fixed = if had_errors { " (errors fixed)" } else { "" };
    let scope = match change.pages {
        Some(count) => format!(
            ", {count} page{} re-rendered",
            if count == 1 { "" } else { "s" }
        ),
        None => String::new(),
    };
    eprintln!(
        "Rebuilt in {} ms after a change to {}{scope}{fixed}.",
        change.elapsed, change.names
    );
}

fn report_failure(change: &Change, run: &Run) {
    let count = run.diagnostics.error_count();
    eprintln!(
        "error: rebuild after a change to {} failed with {count} error{}; still serving the last good build",
        change.names,
        if count == 1 { "" } else { "s" }
    );
}

/// The changed files' names within the project, in a few words.
fn summarize_paths(root: &Path, paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(crate::diagnostics::display_path)
        .collect();
    summarize(&names)
}

pub(super) fn summarize(names: &[String]) -> String {
    match names {
        [] => "the project".into(),
        [one] => one.clone(),
        [first, rest @ ..] => format!(
            "{first} and {} other file{}",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}
