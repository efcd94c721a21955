//! The pipeline: `load -> resolve -> validate -> render -> write`.
//!
//! [`run`] takes [`Options`] through every stage but writing and hands each page to a sink as
//! it renders; [`build`] runs it into a staging folder and swaps the site into place;
//! [`check`](fn@check) runs it in memory and adds the checks only authors need.

mod build;
mod cache;
pub mod check;
mod handbooks;

use std::path::Path;
use std::sync::{Mutex, PoisonError};

pub use build::{BuildOptions, Built, Written, build};
pub use cache::Cache;
pub use check::{Report, check};

use crate::diagnostics::{Diagnostics, SourceMap};
use crate::load;
use crate::model::Project;
use crate::render::theme::{self, StaticFile, Theme};
use crate::render::{OutputPage, PageCounts, PageSink, PdfMode};
use crate::timing::timed;
use handbooks::{Findings, Loaded};

/// What one run does, beyond the project as it is on disk.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Replaces `base_url` of mentorkit.yaml.
    pub base_url: Option<&'a str>,
    /// Publishes guides marked `draft: true`, marked as drafts.
    pub drafts: bool,
    /// Renders this department's handbook alone, at the root (everything is still validated).
    pub department: Option<&'a str>,
    /// Renders only the pages whose path (within its handbook) this accepts; all when `None`.
    /// `serve` re-renders just the pages an edit can change.
    pub pages: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
    /// Renders every page even when validation found errors, and keeps the site, so broken
    /// links and anchors, in Markdown and in the generated pages, are reported in the same run
    /// as the other errors (`check`).
    pub report_all: bool,
    /// Results kept from earlier runs and for later ones (`serve`); a run without one keeps
    /// results only between the handbooks of a build with departments.
    pub cache: Option<&'a Cache>,
    /// What to do with the handbooks' PDFs: typeset them (`build`), or hand them over
    /// untypeset (the default: `serve` typesets them on request, `check` reads their paths).
    pub pdfs: PdfMode,
}

/// A site rendered in memory, not yet written.
pub struct RenderedSite {
    pub pages: Vec<OutputPage>,
    pub statics: Vec<StaticFile>,
    /// Pages of the handbook at the output root (organization-wide, or the one department's).
    pub counts: PageCounts,
    pub program_name: String,
    /// Department handbooks under `departments/<id>/`, with their page counts.
    pub departments: Vec<(String, usize)>,
}

/// What a pipeline run produced, with every diagnostic and the sources they point into.
pub struct Run {
    /// The site, when the run had no errors; with [`Options::report_all`], whenever the
    /// project could be rendered at all (its configuration, program and theme loaded).
    pub site: Option<RenderedSite>,
    /// The project as loaded (its sources are in `sources`).
    pub project: Project,
    pub diagnostics: Diagnostics,
    /// Warnings only `check` reports (raw HTML, images without alt text).
    pub lints: Diagnostics,
    pub sources: SourceMap,
}

/// Runs every stage but writing, handing each page to `sink` as soon as it is rendered. If the
/// run has errors, the pages already handed over must be thrown away.
pub fn run(root: &Path, options: &Options, sink: PageSink) -> Run {
    // Every page's path, for the sitemap.
    let paths = Mutex::new(Vec::new());
    let listing_sink = |page: OutputPage| {
        if crate::render::sitemap::listed(&page.path) {
            paths
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(page.path.clone());
        }
        sink(page);
    };
    let mut run = run_handbooks(root, options, &listing_sink);
    let base_url = run.project.config.as_ref().map(|c| c.base_url.as_str());
    let paths = paths.into_inner().unwrap_or_else(PoisonError::into_inner);
    if run.site.is_some()
        && !run.diagnostics.has_errors()
        && let Some(xml) = base_url.and_then(|url| crate::render::sitemap::sitemap_xml(url, &paths))
    {
        sink(OutputPage::text(
            crate::render::sitemap::SITEMAP_PATH.into(),
            xml,
        ));
        if let Some(site) = &mut run.site {
            site.counts.other += 1;
        }
    }
    run
}

/// Every stage but writing, for every handbook of the project.
fn run_handbooks(root: &Path, options: &Options, sink: PageSink) -> Run {
    let mut found = Findings::default();
    let own_cache = Cache::default();
    let cache = options.cache.unwrap_or(&own_cache);
    let front_matter = cache.front_matter();
    let (mut project, theme) = load_stage(root, options, front_matter, &mut found.diagnostics);
    let site = match (&project.config, &project.program, &theme) {
        (Some(config), Some(program), Some(theme)) => {
            let loaded = Loaded {
                project: &project,
                config,
                program,
                theme,
                cache,
            };
            handbooks::render_handbooks(&loaded, options, &mut found, sink)
        }
        _ => None,
    };
    let mut sources = std::mem::take(&mut project.sources);
    sources.extend(found.department_templates);
    Run {
        site,
        project,
        diagnostics: found.diagnostics,
        lints: found.lints,
        sources,
    }
}

/// Like [`run`], keeping the pages in [`RenderedSite::pages`], sorted by path.
pub fn run_in_memory(root: &Path, options: &Options) -> Run {
    let pages = Mutex::new(Vec::new());
    let mut run = run(root, options, &|page| {
        // A poisoned lock still holds every page pushed before; none of them is half-made.
        pages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(page)
    });
    if let Some(site) = &mut run.site {
        let mut pages = pages.into_inner().unwrap_or_else(PoisonError::into_inner);
        pages.sort_unstable_by(|a: &OutputPage, b| a.path.cmp(&b.path));
        site.pages = pages;
    }
    run
}

/// Loads the project, with the options' overrides, and its theme. The theme compiles on one
/// core while the content loads: compiling is one thread's work.
fn load_stage(
    root: &Path,
    options: &Options,
    front_matter: Option<&load::FrontMatterCache>,
    diagnostics: &mut Diagnostics,
) -> (Project, Option<Theme>) {
    let mut project = load::load_settings(root, diagnostics);
    if let (Some(config), Some(url)) = (project.config.as_mut(), options.base_url) {
        config.base_url = url.to_string();
    }
    project.publish_drafts = options.drafts;
    let theme_name = project.config.as_ref().map(|config| config.theme.clone());
    let mut theme_diagnostics = Diagnostics::default();
    let mut theme_sources = SourceMap::default();
    let ((), theme) = rayon::join(
        || {
            timed("load", || {
                load::load_content(&mut project, front_matter, diagnostics)
            })
        },
        || {
            timed("theme", || {
                let name = theme_name?;
                theme::load(root, &name, &mut theme_diagnostics, &mut theme_sources)
            })
        },
    );
    diagnostics.extend(theme_diagnostics);
    project.sources.extend(theme_sources);
    (project, theme)
}
