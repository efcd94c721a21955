//! Watching the project's sources: native file events through a debouncer, or polling.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};

use crate::error::Error;

/// Quiet time after the last change before rebuilding: a burst of saves is one rebuild.
pub(super) const DEBOUNCE: Duration = Duration::from_millis(30);

/// How often the polling fallback looks at the files.
pub(super) const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders a handbook's sources live in, watched recursively.
pub(super) const WATCHED_FOLDERS: &[&str] = &["content", "templates", "themes", "static"];

/// Keeps the file watcher alive; dropping it stops watching.
pub(super) enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.unwatch(path),
            Watcher::Poll(d) => d.unwatch(path),
        }
    }

    /// Watches again each source folder that `changed` names itself: one created, deleted, or
    /// moved away or back (the project's own watch reports those). Native events follow a
    /// folder, not its name: once `content/` is deleted or moved, its watch is gone or reports
    /// another path, and the `content/` that takes its place would go unwatched.
    pub(super) fn rewatch(&mut self, root: &Path, changed: &[PathBuf]) {
        for folder in WATCHED_FOLDERS {
            let path = root.join(folder);
            if !changed.contains(&path) {
                continue;
            }
            // The old watch may have gone with the folder: failing to remove it is expected.
            let _ = self.unwatch(&path);
            if path.is_dir()
                && let Err(error) = self.watch(&path, RecursiveMode::Recursive)
            {
                eprintln!(
                    "warning: cannot watch {} ({error}); changes there need a restart",
                    path.display()
                );
            }
        }
    }
}

/// Whether a changed path is one of the handbook's sources (not the output folder, not an
/// editor's swap or backup file).
pub(super) fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    if first != "mentorkit.yaml" && !WATCHED_FOLDERS.contains(&first.as_ref()) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let editor_noise = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    !editor_noise
}

pub(super) fn watch(
    root: &Path,
    poll: bool,
    changes: mpsc::Sender<Vec<PathBuf>>,
) -> Result<Watcher, Error> {
    let filter_root = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let paths: Vec<PathBuf> = match result {
            Ok(events) => events
                .into_iter()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.event.paths)
                .filter(|p| is_source(&filter_root, p))
                .collect(),
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching files: {error}");
                }
                Vec::new()
            }
        };
        if !paths.is_empty() {
            // The receiver only goes away when the process is exiting.
            let _ = changes.send(paths);
        }
    };
    let native = if poll {
        None
    } else {
        match new_debouncer(DEBOUNCE, Some(DEBOUNCE / 6), handler.clone()) {
            Ok(debouncer) => Some(Watcher::Native(debouncer)),
            Err(error) => {
                eprintln!(
                    "note: native file events are unavailable ({error}); checking for changes every {} ms instead",
                    POLL_INTERVAL.as_millis()
                );
                None
            }
        }
    };
    let mut watcher = match native {
        Some(watcher) => watcher,
        None => {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            let debouncer =
                new_debouncer_opt::<_, PollWatcher, _>(DEBOUNCE, None, handler, NoCache, config)
                    .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
            Watcher::Poll(debouncer)
        }
    };
    let mut targets = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for folder in WATCHED_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            targets.push((path, RecursiveMode::Recursive));
        }
    }
    for (path, mode) in targets {
        if let Err(error) = watcher.watch(&path, mode) {
            eprintln!(
                "warning: cannot watch {} ({error}); changes there need a restart",
                path.display()
            );
        }
    }
    Ok(watcher)
}
