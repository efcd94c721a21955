//! `build`: the pipeline run into a staging folder, and the site swapped into the output folder
//! once it has succeeded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{Options, RenderedSite, Run};
use crate::diagnostics::{Diagnostics, SourceMap, did_you_mean};
use crate::error::{Error, Problems, not_a_project};
use crate::model::DEPARTMENTS_FOLDER;
use crate::render::PdfMode;
use crate::timing::timed;
use crate::write::{self, manifest};

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    /// Build this department's handbook alone, at the root of the output.
    pub department: Option<String>,
    /// Publish guides marked `draft: true` too, marked as drafts (a preview).
    pub drafts: bool,
    /// Counts the pages written so far, for a progress line.
    pub progress: Option<Arc<AtomicUsize>>,
}

impl BuildOptions {
    fn pipeline(&self) -> Options<'_> {
        Options {
            base_url: self.base_url.as_deref(),
            drafts: self.drafts,
            department: self.department.as_deref(),
            pdfs: PdfMode::Typeset,
            ..Options::default()
        }
    }

    /// What the output depends on besides the input files, for the manifest's stamp.
    fn key(&self) -> String {
        format!(
            "base_url={:?} department={:?} drafts={}",
            self.base_url, self.department, self.drafts
        )
    }
}

pub struct Built {
    pub run: Run,
    pub elapsed: Duration,
    pub written: Written,
}

/// What a build did to the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The site was rendered and swapped into place.
    Site,
    /// Nothing changed since the build that made the output folder (same inputs, options and
    /// binary, every page still there): nothing was read, rendered or written.
    UpToDate,
}

/// Builds the site and writes it to the output folder.
pub fn build(options: &BuildOptions) -> Result<Built, Error> {
    let started = Instant::now();
    refuse_bad_usage(options)?;
    let location = manifest::location(&options.root, &options.output);
    let _lock = write::lock_builds(&location.with_extension("lock")).map_err(Error::Usage)?;
    // A build into this folder that was cut short is finished (or its leftovers removed)
    // before anything else.
    write::recover(&options.output)?;
    // Nothing changed since the last build (by file metadata): done without reading a file.
    let (stamp, previous) = rayon::join(
        || timed("stamp", || manifest::stamp(&options.root, &options.key())),
        || manifest::previous(&location, &options.output),
    );
    let up_to_date = |m: &&manifest::Manifest| manifest::up_to_date(m, &options.output, stamp);
    if let Some(done) = previous.as_ref().filter(up_to_date) {
        return Ok(Built {
            run: unchanged_run(done),
            elapsed: started.elapsed(),
            written: Written::UpToDate,
        });
    }
    // Pages are written into a staging folder as they render; they reach the output folder
    // only if the whole build succeeds, and are deleted otherwise.
    let staged = write::Staged::new(
        &options.output,
        write::PreviousPages::new(&options.output, previous.as_ref()),
    )?;
    let run = super::run(&options.root, &options.pipeline(), &|page| {
        staged.add_page(page);
        if let Some(progress) = &options.progress {
            progress.fetch_add(1, Ordering::Relaxed);
        }
    });
    let Some(site) = &run.site else {
        return Err(Error::Content(Box::new(Problems {
            diagnostics: run.diagnostics,
            sources: run.sources,
        })));
    };
    timed("write", || {
        staged.add_statics(&site.statics);
        let files = staged.records()?;
        let manifest = manifest::to_json(&manifest::Manifest {
            version: env!("CARGO_PKG_VERSION").into(),
            stamp: manifest::to_hex(stamp),
            program_name: site.program_name.clone(),
            counts: site.counts,
            departments: site.departments.clone(),
            files,
        });
        staged.finish(&manifest, &location)
    })?;
    Ok(Built {
        run,
        elapsed: started.elapsed(),
        written: Written::Site,
    })
}

/// A run that read nothing: the output folder already holds this build.
fn unchanged_run(done: &manifest::Manifest) -> Run {
    let site = RenderedSite {
        pages: Vec::new(),
        statics: Vec::new(),
        counts: done.counts,
        program_name: done.program_name.clone(),
        departments: done.departments.clone(),
    };
    Run {
        site: Some(site),
        project: Default::default(),
        diagnostics: Diagnostics::default(),
        lints: Diagnostics::default(),
        sources: SourceMap::default(),
    }
}

/// Refuses a folder that is not a project, an output folder a build must not replace, and a
/// department the project does not have.
fn refuse_bad_usage(options: &BuildOptions) -> Result<(), Error> {
    if let Some(error) = not_a_project(&options.root) {
        return Err(error);
    }
    if let Some(reason) = write::unsafe_output(&options.root, &options.output) {
        return Err(Error::Usage(format!(
            "refusing to use {} as the output folder: {reason} (building replaces the output folder)",
            options.output.display()
        )));
    }
    match &options.department {
        Some(id) => known_department(&options.root, id),
        None => Ok(()),
    }
}

fn known_department(root: &Path, id: &str) -> Result<(), Error> {
    let folder = root.join(DEPARTMENTS_FOLDER).join(id);
    if folder.join("department.yaml").is_file() {
        return Ok(());
    }
    let known = department_folders(root);
    let hint = match did_you_mean(id, known.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None if known.is_empty() => format!("this project has no {DEPARTMENTS_FOLDER}/ folders"),
        None => format!("the departments are: {}", known.join(", ")),
    };
    Err(Error::Usage(format!(
        "no department `{id}` (no {DEPARTMENTS_FOLDER}/{id}/department.yaml); {hint}"
    )))
}

/// The department folder names of a project, sorted.
fn department_folders(root: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(root.join(DEPARTMENTS_FOLDER)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .filter(|e| e.path().join("department.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
