//! `check`: everything `build` validates, without writing the site, plus what only an author
//! needs to hear about:
//!
//! - every link and image of every generated page, resolved against the built site (catches
//!   broken links in templates, and anchors that templates' pages lack);
//! - checklists and surveys that no phase lists and no guide or module uses (warnings);
//! - guides and the handbook past their review date on the day given (warnings);
//! - raw HTML in Markdown and images without alt text (warnings, collected by the renderer).
//!
//! The project is loaded and rendered once, in memory, every department handbook included,
//! and every page is rendered even when there are errors, so one run reports everything.

use std::path::Path;

use super::{Options, Run};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceMap};
use crate::render::Content;
use crate::validate::links::{self, GeneratedSite};
use crate::validate::{review, unused};

/// The result of a check: every problem, and the sources they point into.
pub struct Report {
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.error_count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.warning_count()
    }
}

/// Checks the project at `root`, with review dates compared with `today`. The caller has
/// checked it is a handbook project.
pub fn check(root: &Path, today: jiff::civil::Date) -> Report {
    let options = Options {
        report_all: true,
        ..Options::default()
    };
    let run = super::run_in_memory(root, &options);
    let mut diagnostics = Diagnostics::default();
    // The same verdict as `build` on every problem both see: `check` adds problems, never
    // changes their weight.
    diagnostics.extend(run.diagnostics.iter().cloned());
    diagnostics.extend(
        run.lints
            .iter()
            .filter(|lint| !said_for_the_pdf(lint, &run.diagnostics))
            .cloned(),
    );
    unused::orphans(&run.project, &run.sources, &mut diagnostics);
    review::overdue(&run.project, &run.sources, today, &mut diagnostics);
    check_generated_links(&run, &mut diagnostics);
    Report {
        diagnostics,
        sources: run.sources,
    }
}

/// Whether `lint` (raw HTML) is at a place where the PDFs' warning already says it, with what
/// it means for the PDF: one warning per place.
fn said_for_the_pdf(lint: &Diagnostic, diagnostics: &Diagnostics) -> bool {
    lint.code == Code::RawHtml
        && diagnostics
            .iter()
            .any(|d| d.code == Code::Pdf && d.file == lint.file && d.line == lint.line)
}

fn check_generated_links(run: &Run, diagnostics: &mut Diagnostics) {
    let Some(site) = &run.site else { return };
    // The PDFs a build writes, handed over untypeset: each job's files, beside its path.
    let pdfs: Vec<String> = site
        .pages
        .iter()
        .filter_map(|page| match &page.content {
            Content::Pdf(job) => Some(job.placed(&page.path)),
            _ => None,
        })
        .flatten()
        .map(|(path, _)| path)
        .collect();
    let generated = GeneratedSite {
        pages: site
            .pages
            .iter()
            .filter_map(|p| Some((p.path.as_str(), p.as_text()?)))
            .collect(),
        statics: site
            .statics
            .iter()
            .map(|f| f.path.as_str())
            .chain(pdfs.iter().map(String::as_str))
            .collect(),
        despite_errors: run.diagnostics.has_errors(),
    };
    links::generated_links(&generated, &run.sources, diagnostics);
}
