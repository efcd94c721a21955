//! The PDFs of a handbook: `handbook.pdf` (the binder), `curriculum-workbook.pdf` and
//! `facilitator-guide.pdf`, typeset by Typst from the typed model and the guides' Markdown.
//!
//! Writing a PDF has two steps. Its Typst source is written from the resolved site (fast,
//! with the located warnings of what it leaves out), as a [`PdfJob`] of owned data; the job is
//! then typeset (the slow part) now (`build`), later on another thread (`serve`), or not at
//! all (`check`).

mod binder;
pub mod engine;
pub mod markdown;
pub mod markup;
mod source;
mod trainer;

use rayon::prelude::*;
use serde::Serialize;

use self::engine::{Document, typeset};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Located, Module};
use crate::render::markdown::CalloutTitles;
use crate::render::views::Handbook;
use crate::resolve::Site;

/// The PDFs' names in a handbook's folder.
pub const HANDBOOK_PDF: &str = "handbook.pdf";
pub const WORKBOOK_PDF: &str = "curriculum-workbook.pdf";
pub const FACILITATOR_PDF: &str = "facilitator-guide.pdf";

/// A PDF to typeset, as owned data, so it can be typeset on any thread at any time.
pub enum PdfJob {
    One {
        path: String,
        document: Document,
    },
    /// The workbook, then the facilitator guide with the workbook's pages filled in.
    Trainer {
        workbook: Document,
        /// The workbook labels whose pages the facilitator guide shows.
        labels: Vec<String>,
        guide: Document,
    },
}

impl PdfJob {
    /// The first file the job makes.
    pub fn first_path(&self) -> &str {
        match self {
            PdfJob::One { path, .. } => path,
            PdfJob::Trainer { .. } => WORKBOOK_PDF,
        }
    }

    /// The names of the files the job makes, all in the folder of [`PdfJob::first_path`].
    pub fn names(&self) -> Vec<String> {
        match self {
            PdfJob::One { path, .. } => vec![file_name(path).to_string()],
            PdfJob::Trainer { .. } => vec![WORKBOOK_PDF.into(), FACILITATOR_PDF.into()],
        }
    }

    /// Where the job's files go when it is handed over at `path` (its first file's path):
    /// each file's path in the site, with its name.
    pub fn placed(&self, path: &str) -> Vec<(String, String)> {
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        self.names()
            .into_iter()
            .map(|name| match folder {
                "" => (name.clone(), name),
                folder => (format!("{folder}/{name}"), name),
            })
            .collect()
    }

    /// A hash of everything the job typesets from: the same key, the same PDFs.
    pub fn key(&self) -> u64 {
        let documents = match self {
            PdfJob::One { document, .. } => vec![document],
            PdfJob::Trainer {
                workbook, guide, ..
            } => vec![workbook, guide],
        };
        let mut parts: Vec<&[u8]> = self.labels_bytes();
        for document in documents {
            parts.push(document.source.as_bytes());
            for (path, bytes) in &document.files {
                parts.push(path.as_bytes());
                parts.push(bytes);
            }
        }
        crate::cache::key(parts)
    }

    fn labels_bytes(&self) -> Vec<&[u8]> {
        match self {
            PdfJob::One { path, .. } => vec![path.as_bytes()],
            PdfJob::Trainer { labels, .. } => labels.iter().map(|l| l.as_bytes()).collect(),
        }
    }
}

/// A typeset PDF, ready to write.
pub struct PdfFile {
    pub path: String,
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// What the web pages say of a handbook's PDFs (`pdfs` in templates): each one's path, and,
/// once typeset, its page count and size.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PdfFacts {
    pub handbook: Option<PdfFact>,
    pub workbook: Option<PdfFact>,
    pub facilitator: Option<PdfFact>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PdfFact {
    pub path: &'static str,
    pub pages: Option<usize>,
    /// The size for people: `84 KB`, `1.2 MB`.
    pub size: Option<String>,
}

impl PdfFacts {
    /// The PDFs a handbook has, before they are typeset.
    pub fn planned(site: &Site) -> PdfFacts {
        let planned = |path| {
            Some(PdfFact {
                path,
                pages: None,
                size: None,
            })
        };
        let trainer = !site.module_order.is_empty();
        PdfFacts {
            handbook: planned(HANDBOOK_PDF),
            workbook: if trainer { planned(WORKBOOK_PDF) } else { None },
            facilitator: if trainer {
                planned(FACILITATOR_PDF)
            } else {
                None
            },
        }
    }

    /// Adds a typeset PDF's page count and size.
    pub fn record(&mut self, file: &PdfFile) {
        let slot = match file.path.as_str() {
            HANDBOOK_PDF => &mut self.handbook,
            WORKBOOK_PDF => &mut self.workbook,
            FACILITATOR_PDF => &mut self.facilitator,
            _ => return,
        };
        if let Some(fact) = slot {
            fact.pages = Some(file.pages);
            fact.size = Some(human_size(file.bytes.len()));
        }
    }
}

/// The last segment of a path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `bytes` for people, in kilobytes below a megabyte.
pub fn human_size(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

/// Writes the Typst sources of a handbook's PDFs. What they leave out is added to `warnings`.
pub fn jobs(
    handbook: &Handbook,
    callouts: &CalloutTitles,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<PdfJob> {
    let ((binder, found), trainer) = rayon::join(
        || binder::binder(handbook, callouts),
        || {
            if handbook.site.module_order.is_empty() {
                return None;
            }
            let (workbook, labels, mut found) = trainer::workbook(handbook);
            let (guide, more) = trainer::facilitator_guide(handbook, callouts);
            found.extend(more);
            Some((workbook, labels, guide, found))
        },
    );
    warnings.extend(found);
    let mut jobs = vec![PdfJob::One {
        path: HANDBOOK_PDF.to_string(),
        document: binder,
    }];
    if binder::splits(handbook.site) {
        jobs.extend(section_jobs(handbook, callouts, warnings));
    }
    if let Some((workbook, labels, guide, found)) = trainer {
        // The covers' logo warning is the binder's too: say it once.
        let new: Vec<Diagnostic> = found
            .into_iter()
            .filter(|w| !warnings_has(warnings, w))
            .collect();
        warnings.extend(new);
        jobs.push(PdfJob::Trainer {
            workbook,
            labels,
            guide,
        });
    }
    jobs
}

/// The PDFs of each section's guides, for a handbook that [`binder::splits`].
fn section_jobs(
    handbook: &Handbook,
    callouts: &CalloutTitles,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<PdfJob> {
    let site = handbook.site;
    let made: Vec<(PdfJob, Vec<Diagnostic>)> = (0..site.sections.len())
        .into_par_iter()
        .filter(|&index| binder::has_own_pdf(site, index))
        .map(|index| {
            let (document, found) = binder::section_binder(handbook, index, callouts);
            let path = binder::section_pdf_path(&site.sections[index].id);
            (PdfJob::One { path, document }, found)
        })
        .collect();
    made.into_iter()
        .map(|(job, found)| {
            let new: Vec<Diagnostic> = found
                .into_iter()
                .filter(|w| !warnings_has(warnings, w))
                .collect();
            warnings.extend(new);
            job
        })
        .collect()
}

fn warnings_has(warnings: &[Diagnostic], warning: &Diagnostic) -> bool {
    warnings.iter().any(|w| w == warning)
}

/// Typesets the jobs, in parallel; a PDF the engine cannot typeset is an error.
pub fn typeset_all(jobs: Vec<PdfJob>) -> (Vec<PdfFile>, Vec<Diagnostic>) {
    let results: Vec<Result<Vec<PdfFile>, Diagnostic>> =
        jobs.into_par_iter().map(typeset_job).collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(made) => files.extend(made),
            Err(error) => errors.push(error),
        }
    }
    (files, errors)
}

/// Typesets one job: one PDF, or the workbook and then the facilitator guide.
pub fn typeset_job(job: PdfJob) -> Result<Vec<PdfFile>, Diagnostic> {
    match job {
        PdfJob::One { path, document } => Ok(vec![typeset_file(path, document, &[])?.0]),
        PdfJob::Trainer {
            workbook,
            labels,
            mut guide,
        } => {
            let (workbook, pages) = typeset_file(WORKBOOK_PDF.to_string(), workbook, &labels)?;
            guide.source = trainer::with_workbook_pages(&guide.source, &pages);
            let (guide, _) = typeset_file(FACILITATOR_PDF.to_string(), guide, &[])?;
            Ok(vec![workbook, guide])
        }
    }
}

/// Typesets `document` as the PDF at `path`, with the page of each of `labels` (in order).
fn typeset_file(
    path: String,
    document: Document,
    labels: &[String],
) -> Result<(PdfFile, Vec<(String, usize)>), Diagnostic> {
    let made = typeset(document, &path, labels).map_err(|error| {
        Diagnostic::error(
            Code::Pdf,
            format!(
                "the PDF engine could not typeset {path}: {}",
                error.messages.join("; ")
            ),
        )
        .with_hint(
            "a fault in the PDF style or in mentorkit, not in your content; please report it",
        )
    })?;
    let pages = labels
        .iter()
        .filter_map(|name| Some((name.clone(), *made.label_pages.get(name)?)))
        .collect();
    let file = PdfFile {
        path,
        bytes: made.bytes,
        pages: made.pages,
    };
    Ok((file, pages))
}

/// A row of a module's agenda in a PDF: the curriculum page's row (minutes, activity, notes,
/// the running clock's start and end) and, for the facilitator guide, the label of the
/// workbook space where participants write about it.
#[derive(Serialize)]
struct AgendaRow<'a> {
    #[serde(flatten)]
    row: crate::render::views::curriculum::AgendaRow<'a>,
    workbook_key: Option<String>,
}

/// The agenda of `module`; `workbook_key` gives the label of activity `n` (from 1).
fn agenda_rows<'a>(
    module: &'a Module,
    workbook_key: &dyn Fn(usize) -> Option<String>,
) -> Vec<AgendaRow<'a>> {
    crate::render::views::curriculum::agenda_rows(module)
        .into_iter()
        .enumerate()
        .map(|(n, row)| AgendaRow {
            row,
            workbook_key: workbook_key(n + 1),
        })
        .collect()
}

/// The title of the phase `id` names, for a checklist's or survey's facts.
fn phase_title<'a>(site: &'a Site, id: Option<&Located<String>>) -> Option<&'a str> {
    crate::render::views::phase_of(site, id).map(|phase| phase.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(999), "1 KB");
        assert_eq!(human_size(84_200), "85 KB");
        assert_eq!(human_size(1_260_000), "1.3 MB");
    }
}
