//! The site being served: the files of the last good build, in memory, and the state the
//! open pages are told about.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use super::pdfs::{PdfStore, PendingPdf};
use crate::diagnostics::render_plain;
use crate::pipeline::{self, Cache, Run};
use crate::render::Content;
use crate::render::pdf::PdfJob;
use crate::render::theme::StaticSource;

/// One file of the served site.
#[derive(Clone)]
pub(super) enum Asset {
    Text(Arc<str>),
    /// A file made by the build that is not text (a PDF).
    Bytes(Arc<[u8]>),
    Embedded(&'static [u8]),
    Disk(PathBuf),
    /// A PDF, typeset when first asked for: `name` is its file name in the job.
    Pdf {
        pending: Arc<PendingPdf>,
        name: String,
    },
}

/// The site being served and the state of the last rebuild.
#[derive(Clone)]
pub(super) struct Snapshot {
    pub(super) files: HashMap<String, Asset>,
    /// Changes with every successful build; pages reload when it differs from theirs.
    pub(super) version: u64,
    /// The diagnostics of the last rebuild, when it failed (the site is the last good one).
    pub(super) error: Option<String>,
}

pub(super) struct Shared {
    /// The project folder (canonical): static files are served only from inside it.
    pub(super) root: PathBuf,
    pub(super) snapshot: RwLock<Arc<Snapshot>>,
    pub(super) events: broadcast::Sender<String>,
}

impl Shared {
    pub(super) fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub(super) fn replace(&self, snapshot: Snapshot) {
        let message = status_json(&snapshot);
        match self.snapshot.write() {
            Ok(mut guard) => *guard = Arc::new(snapshot),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(snapshot),
        }
        // No open page is not an error.
        let _ = self.events.send(message);
    }
}

/// What an open page is told about the build: its version, and the errors if it failed.
#[derive(serde::Serialize)]
struct Status<'a> {
    version: u64,
    error: Option<&'a str>,
}

pub(super) fn status_json(snapshot: &Snapshot) -> String {
    let status = Status {
        version: snapshot.version,
        error: snapshot.error.as_deref(),
    };
    // A number and a string: serializing cannot fail.
    serde_json::to_string(&status).unwrap_or_default()
}

/// How this session runs the pipeline: the project, whether drafts are shown, and the results
/// kept between rebuilds (front matter, Markdown and search entries of unchanged guides).
pub(super) struct Builder {
    pub(super) root: PathBuf,
    pub(super) drafts: bool,
    pub(super) cache: Cache,
    /// Say nothing about builds that succeed (`--quiet`).
    pub(super) quiet: bool,
    /// The PDFs of the latest site, typeset or not yet.
    pub(super) pdfs: PdfStore,
}

impl Builder {
    /// Runs the pipeline and turns a good run into a servable site.
    pub(super) fn build(&self) -> (Option<HashMap<String, Asset>>, Run) {
        snapshot_of(
            pipeline::run_in_memory(&self.root, &self.options()),
            HashMap::new(),
            &self.pdfs,
        )
    }

    /// Rebuilds, re-rendering only `pages` over the `previous` site (the search index is
    /// always rebuilt).
    pub(super) fn rebuild_pages(
        &self,
        pages: &HashSet<String>,
        previous: &HashMap<String, Asset>,
    ) -> (Option<HashMap<String, Asset>>, Run) {
        let keep = |path: &str| pages.contains(path);
        let options = pipeline::Options {
            pages: Some(&keep),
            ..self.options()
        };
        snapshot_of(
            pipeline::run_in_memory(&self.root, &options),
            previous.clone(),
            &self.pdfs,
        )
    }

    /// The served site links from `/`, whatever base URL the project publishes at.
    fn options(&self) -> pipeline::Options<'_> {
        pipeline::Options {
            base_url: Some("/"),
            drafts: self.drafts,
            cache: Some(&self.cache),
            pdfs: crate::render::PdfMode::Defer,
            ..pipeline::Options::default()
        }
    }
}

pub(super) fn snapshot_of(
    mut run: Run,
    base: HashMap<String, Asset>,
    pdfs: &PdfStore,
) -> (Option<HashMap<String, Asset>>, Run) {
    let files = run.site.take().map(|site| {
        let mut files = base;
        files.reserve(site.pages.len() + site.statics.len());
        for file in site.statics {
            let asset = match file.source {
                StaticSource::Embedded(bytes) => Asset::Embedded(bytes),
                StaticSource::Disk(path) => Asset::Disk(path),
            };
            files.insert(file.path, asset);
        }
        for page in site.pages {
            let asset = match page.content {
                Content::Text(text) => Asset::Text(Arc::from(text)),
                Content::Bytes(bytes) => Asset::Bytes(Arc::from(bytes)),
                Content::Pdf(job) => {
                    add_pdfs(&mut files, &page.path, *job, pdfs);
                    continue;
                }
            };
            files.insert(page.path, asset);
        }
        let kept: Vec<Arc<PendingPdf>> = files
            .values()
            .filter_map(|asset| match asset {
                Asset::Pdf { pending, .. } => Some(pending.clone()),
                _ => None,
            })
            .collect();
        pdfs.keep_only(&kept);
        files
    });
    (files, run)
}

/// The files of a PDF job handed over at `path` (its first file; the others are beside it).
fn add_pdfs(files: &mut HashMap<String, Asset>, path: &str, job: PdfJob, pdfs: &PdfStore) {
    let placed = job.placed(path);
    let pending = pdfs.pending(job);
    for (path, name) in placed {
        let pending = pending.clone();
        files.insert(path, Asset::Pdf { pending, name });
    }
}

pub(super) fn diagnostics_text(run: &Run) -> String {
    render_plain(&run.diagnostics, &run.sources)
}
