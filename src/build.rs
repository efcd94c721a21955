//! The pipeline: load -> resolve -> validate -> render -> write, one module per stage.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostics, IoFailure, SourceMap};
use crate::render::{OutputPage, PageCounts};
use crate::theme::StaticFile;
use crate::{load, output, render, resolve, theme, validate};

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
}

/// A site rendered in memory, not yet written.
pub struct RenderedSite {
    pub pages: Vec<OutputPage>,
    pub statics: Vec<StaticFile>,
    pub counts: PageCounts,
    pub program_name: String,
}

/// What a pipeline run produced, with every diagnostic and the sources they point into.
pub struct Run {
    pub site: Option<RenderedSite>,
    pub diagnostics: Diagnostics,
    /// Warnings only `check` reports (raw HTML, images without alt text).
    pub lints: Diagnostics,
    pub sources: SourceMap,
}

/// Runs every stage but writing.
pub fn run(root: &Path, base_url: Option<&str>) -> Run {
    let mut diagnostics = Diagnostics::default();
    let mut lints = Diagnostics::default();
    let mut project = load::load(root, &mut diagnostics);
    if let (Some(config), Some(url)) = (project.config.as_mut(), base_url) {
        config.base_url = url.to_string();
    }
    let theme = project
        .config
        .as_ref()
        .and_then(|config| theme::load(root, &config.theme, &mut diagnostics));
    let site = match (&project.config, &project.program, &theme) {
        (Some(config), Some(program), Some(theme)) => {
            let site = resolve::resolve(&project, config, program);
            validate::validate(&site, &mut diagnostics);
            let pages = if diagnostics.has_errors() {
                Vec::new()
            } else {
                render::render(&site, theme, &mut diagnostics, &mut lints)
            };
            (!diagnostics.has_errors()).then(|| RenderedSite {
                pages,
                statics: theme.static_files.clone(),
                counts: PageCounts::of(&site),
                program_name: program.name.clone(),
            })
        }
        _ => None,
    };
    Run {
        site,
        diagnostics,
        lints,
        sources: project.sources,
    }
}

pub enum BuildError {
    /// Content problems (exit code 1), reported as diagnostics.
    Content(Box<Run>),
    /// I/O or usage problems (exit code 2).
    Io(IoFailure),
    Usage(String),
}

pub struct Built {
    pub run: Run,
    pub elapsed: Duration,
}

/// Builds the site and writes it to the output folder.
pub fn build(options: &BuildOptions) -> Result<Built, BuildError> {
    let started = Instant::now();
    if !options.root.join("mentorkit.yaml").is_file() {
        return Err(BuildError::Usage(format!(
            "{} is not a handbook project (no mentorkit.yaml); create one with `mentorkit init` or pass --root",
            options.root.display()
        )));
    }
    if let Some(reason) = output::unsafe_output(&options.root, &options.output) {
        return Err(BuildError::Usage(format!(
            "refusing to use {} as the output folder: {reason} (building replaces the output folder)",
            options.output.display()
        )));
    }
    let run = run(&options.root, options.base_url.as_deref());
    let Some(site) = &run.site else {
        return Err(BuildError::Content(Box::new(run)));
    };
    if let Err(failure) = output::write_site(&options.output, &site.pages, &site.statics) {
        return Err(BuildError::Io(failure));
    }
    Ok(Built {
        run,
        elapsed: started.elapsed(),
    })
}
