//! Stage 4, render: Markdown once per page, then every page through its Tera template, in
//! parallel. Templates receive the typed model as context (documented in docs/templates.md).

mod bodies;
mod dictionary;
pub mod markdown;
pub mod partials;
pub mod pdf;
mod rebase;
mod reuse;
pub mod search;
mod shared;
pub mod sitemap;
mod standalone;
mod template_errors;
mod text;
pub mod theme;
mod views;

use rayon::prelude::*;

use self::bodies::render_bodies;
use self::dictionary::dictionary_csv;
use self::pdf::PdfFacts;
use self::shared::Shared;
use self::template_errors::{merge_page_failures, template_failure};
use self::text::DictionaryText;
use self::theme::Theme;
use self::views::{Handbook, page_context};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::resolve::{Page, PageKind, Site, page_list, survey_dictionary_csv_path};

/// The pages `render` writes are listed by the resolve stage; these are re-exported for the
/// callers that count and list them alongside the rendering.
pub use crate::resolve::{PageCounts, page_paths};

pub use self::dictionary::spreadsheet_text;
pub use self::reuse::RenderCache;
pub use self::standalone::render_standalone;
pub use self::text::text as interface_text;

/// What to render, and where results are kept for reuse.
#[derive(Clone, Copy)]
pub struct Request<'a> {
    /// Renders only the pages whose output path this accepts (all Markdown is still rendered,
    /// so every diagnostic is found). `serve` re-renders just the pages an edit can change.
    pub pages: &'a (dyn Fn(&str) -> bool + Sync),
    pub cache: Option<&'a RenderCache>,
    /// Renders the pages even when there are errors, so `check` can look at every link of
    /// every page in the same run (the pages are never written then).
    pub despite_errors: bool,
    /// What to do with the handbook's PDFs.
    pub pdfs: PdfMode,
}

/// What a run does with a handbook's PDFs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfMode {
    /// Typeset them, and hand them to the sink with the pages (`build`).
    Typeset,
    /// Hand their jobs to the sink untypeset (`Content::Pdf`): `serve` typesets one when it
    /// is first asked for, never in the way of a page reload; `check` reads only their
    /// warnings and paths.
    #[default]
    Defer,
}

/// A rendered page or file, ready to write.
pub struct OutputPage {
    pub path: String,
    pub content: Content,
}

/// What an output file holds: text (HTML, scripts, CSV) or bytes (a PDF).
pub enum Content {
    Text(String),
    Bytes(Vec<u8>),
    /// PDFs still to typeset ([`PdfMode::Defer`]): the path is the first file the job makes,
    /// the others are beside it.
    Pdf(Box<pdf::PdfJob>),
}

impl OutputPage {
    pub fn text(path: String, text: String) -> OutputPage {
        OutputPage {
            path,
            content: Content::Text(text),
        }
    }

    /// The page's text; `None` for a binary file.
    pub fn as_text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(text) => Some(text),
            Content::Bytes(_) | Content::Pdf(_) => None,
        }
    }

    /// The bytes to write (none for PDFs not yet typeset, which a build never has).
    pub fn bytes(&self) -> &[u8] {
        match &self.content {
            Content::Text(text) => text.as_bytes(),
            Content::Bytes(bytes) => bytes,
            Content::Pdf(_) => &[],
        }
    }
}

/// Where rendered pages go as they are made: into memory (`serve`, `check`) or straight to
/// disk (`build`, so a large site is never held in memory whole).
pub type PageSink<'a> = &'a (dyn Fn(OutputPage) + Sync);

/// Renders the pages `request` asks for, handing each to `sink` as soon as it is rendered.
/// Markdown problems are added to `diagnostics`, lints (reported by `check` only) to `lints`.
/// If any diagnostic is an error, the pages already handed over must be thrown away.
pub fn render_into(
    site: &Site,
    theme: &Theme,
    request: Request,
    diagnostics: &mut Diagnostics,
    lints: &mut Diagnostics,
    sink: PageSink,
) {
    let markdown = request.cache.map(|cache| &cache.markdown);
    let bodies = render_bodies(site, theme, markdown, diagnostics, lints);
    if diagnostics.has_errors() && !request.despite_errors {
        return;
    }
    let mut pages = page_list(site);
    pages.retain(|page| (request.pages)(&page.path));
    let shared = match Shared::of(site, theme) {
        Ok(shared) => shared,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return;
        }
    };
    let mut handbook = Handbook {
        site,
        theme,
        shared: &shared,
        bodies: &bodies,
        cache: request.cache,
        pdfs: &PdfFacts::default(),
    };
    let facts = make_pdfs(&handbook, request.pdfs, diagnostics, sink);
    if diagnostics.has_errors() && !request.despite_errors {
        return;
    }
    handbook.pdfs = &facts;
    let search_cache = request.cache.map(|cache| &cache.search);
    // The search index is built beside the pages: on two cores it costs no extra wall time.
    let search_sink = |file: search::SearchFile| sink(OutputPage::text(file.path, file.content));
    let (failures, ()) = rayon::join(
        || render_pages(&handbook, &pages, sink),
        || {
            crate::timing::timed("  search index", || {
                let kinds = &shared.text.search_kinds;
                search::search_files(site, &bodies, kinds, search_cache, &search_sink);
            })
        },
    );
    diagnostics.extend(merge_page_failures(failures));
    write_dictionaries(site, &shared.text.dictionary, diagnostics, sink);
    free_in_background(bodies);
}

/// Writes the handbook's PDFs as `mode` asks, and returns what its pages say of them.
fn make_pdfs(
    handbook: &Handbook,
    mode: PdfMode,
    diagnostics: &mut Diagnostics,
    sink: PageSink,
) -> PdfFacts {
    let site = handbook.site;
    if !site.config.print.pdf {
        return PdfFacts::default();
    }
    let callouts = text::callout_titles(handbook.theme).unwrap_or_default();
    let mut warnings = Vec::new();
    let jobs = crate::timing::timed("  PDF sources", || {
        pdf::jobs(handbook, &callouts, &mut warnings)
    });
    diagnostics.extend(warnings);
    let mut facts = PdfFacts::planned(site);
    match mode {
        PdfMode::Defer => {
            for job in jobs {
                let path = job.first_path().to_string();
                sink(OutputPage {
                    path,
                    content: Content::Pdf(Box::new(job)),
                });
            }
        }
        PdfMode::Typeset => {
            let (files, errors) =
                crate::timing::timed("  PDF typesetting", || pdf::typeset_all(jobs));
            diagnostics.extend(errors);
            for file in files {
                facts.record(&file);
                sink(OutputPage {
                    path: file.path,
                    content: Content::Bytes(file.bytes),
                });
            }
        }
    }
    facts
}

/// Renders `pages` in parallel into `sink`, and returns the failures by page path.
fn render_pages<'p>(
    handbook: &Handbook,
    pages: &'p [Page],
    sink: PageSink,
) -> Vec<(&'p str, Diagnostic)> {
    pages
        .par_iter()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .filter_map(|page| match render_page(handbook, page) {
            Ok(page) => {
                sink(page);
                None
            }
            Err(diagnostic) => Some((page.path.as_str(), diagnostic)),
        })
        .collect()
}

fn render_page(handbook: &Handbook, page: &Page) -> Result<OutputPage, Diagnostic> {
    let theme = handbook.theme;
    let (template, mut context) = page_context(handbook, page)?;
    handbook.shared.insert_partials(theme, &mut context)?;
    let mut html = Vec::with_capacity(page_capacity(handbook, page));
    theme
        .tera
        .render_to(template, &context, &mut html)
        .map_err(|error| template_failure(theme, template, &error))?;
    // Tera writes only whole strings.
    let html = String::from_utf8(html)
        .map_err(|error| Diagnostic::error(Code::Template, error.to_string()))?;
    Ok(OutputPage::text(page.path.clone(), html))
}

/// Room for a page's HTML before it renders: the rendered guides it shows and the theme around
/// them, so the buffer seldom grows by copying what it holds.
fn page_capacity(handbook: &Handbook, page: &Page) -> usize {
    const THEME_BYTES: usize = 24 * 1024;
    // A print page's markup around each guide: its article, title and summary. Without it a
    // 2,500-guide section outgrew its buffer by a few percent and was copied to one twice
    // the size.
    const PRINTED_GUIDE_BYTES: usize = 1024;
    let guides = &handbook.bodies.guides;
    let guide_bytes = |i: &usize| guides.get(i).map_or(0, |r| r.html.len());
    THEME_BYTES
        + match page.kind {
            PageKind::Guide(index) => guide_bytes(&index),
            PageKind::SectionPrint(index) => {
                let section = &handbook.site.sections[index];
                let grouped = section.groups.iter().flat_map(|g| &g.guides);
                section
                    .guides
                    .iter()
                    .chain(grouped)
                    .map(|i| guide_bytes(i) + PRINTED_GUIDE_BYTES)
                    .sum()
            }
            _ => 0,
        }
}

/// Data dictionaries as CSV, so answers from paper and web merge into one file.
fn write_dictionaries(
    site: &Site,
    words: &DictionaryText,
    diagnostics: &mut Diagnostics,
    sink: PageSink,
) {
    for entry in &site.project.surveys {
        match dictionary_csv(site, &entry.data, words) {
            Ok(csv) => sink(OutputPage::text(survey_dictionary_csv_path(&entry.id), csv)),
            Err(error) => diagnostics.push(Diagnostic::error(
                Code::Survey,
                format!(
                    "cannot write the data dictionary of survey `{}`: {error}",
                    entry.id
                ),
            )),
        }
    }
}

/// Frees `value` on a thread of its own: freeing 10,000 rendered guides takes tens of
/// milliseconds, while the build only has its output to finish on one core.
fn free_in_background<T: Send + 'static>(value: T) {
    // If the thread cannot start, `spawn` drops the closure, and `value` is freed right here.
    let _ = std::thread::Builder::new()
        .name("mentorkit-free".into())
        .spawn(move || drop(value));
}
