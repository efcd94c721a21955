//! `handbook.pdf`, the printed binder: cover, document control, contents with page numbers,
//! the program at a glance, every guide in reading order, the curriculum, every checklist
//! and every survey's paper form.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::markdown::{Text, convert};
use super::markup::{self, label};
use super::source::{PdfPlaces, Source, guide_label, guide_source, item_label, with_cover};
use super::{AgendaRow, agenda_rows, phase_title};
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::model::{Checklist, Kind, Survey};
use crate::render::markdown::{CalloutTitles, top_heading_level};
use crate::render::views::Handbook;
use crate::render::views::surveys::survey_sections;
use crate::resolve::{Site, Target};

/// A guide's row in the document-control table.
#[derive(Serialize)]
struct GuideReview<'a> {
    title: &'a str,
    reviewed: Option<&'a str>,
    next_review: Option<String>,
}

/// The binder's Typst source, and what it left out.
pub fn binder(
    handbook: &Handbook,
    callouts: &CalloutTitles,
) -> (super::engine::Document, Vec<Diagnostic>) {
    let site = handbook.site;
    let (mut source, mut warnings) = with_cover(site, site.config.title.clone());
    source.line(&format!(
        "#document-control(meta, {}, \"document-control\")",
        markup::value(&guide_reviews(site))
    ));
    source.line("#contents(\"contents\")");
    source.line(&format!(
        "#glance({}, {}, \"overview\")",
        markup::value(site.program),
        markup::value(
            &crate::render::text::models(handbook.theme, site.program).unwrap_or_default()
        )
    ));
    if splits(site) {
        section_list(site, &mut source);
    } else {
        guides(handbook, None, callouts, &mut source, &mut warnings);
    }
    curriculum(handbook, callouts, &mut source, &mut warnings);
    checklists(site, &mut source);
    surveys(handbook, &mut source);
    (source.into_document(), warnings)
}

/// Above this many guides the binder holds every part but the guides, and each section's
/// guides are a PDF of their own ([`section_pdf_path`]), typeset side by side: as the
/// whole-handbook print page links to the sections' print pages at this size.
pub const SPLIT_ABOVE_GUIDES: usize = 500;

/// Whether the handbook's guides are printed section by section.
pub fn splits(site: &Site) -> bool {
    site.reading_order.len() > SPLIT_ABOVE_GUIDES
}

/// The most guides a section's own PDF holds. A section with more is printed from its web
/// print page: typesetting thousands of pages would take minutes and gigabytes, for a
/// binder nobody prints whole.
pub const SECTION_PDF_GUIDES: usize = 500;

/// Whether section `index` of a handbook that [`splits`] has a PDF of its own.
pub fn has_own_pdf(site: &Site, index: usize) -> bool {
    let section = &site.sections[index];
    let grouped: usize = section.groups.iter().map(|g| g.guides.len()).sum();
    section.guides.len() + grouped <= SECTION_PDF_GUIDES
}

/// The PDF of section `id`'s guides, for a handbook that [`splits`].
pub fn section_pdf_path(id: &str) -> String {
    format!("guides/{id}/section.pdf")
}

/// In a binder that [`splits`]: where each section's guides are printed.
fn section_list(site: &Site, source: &mut Source) {
    let sections: Vec<(&str, String, bool)> = site
        .sections
        .iter()
        .enumerate()
        .map(|(index, s)| match has_own_pdf(site, index) {
            true => (s.title.as_str(), section_pdf_path(&s.id), true),
            false => (
                s.title.as_str(),
                crate::resolve::section_print_path(&s.id),
                false,
            ),
        })
        .collect();
    source.line(&format!(
        "#sections-apart({}, \"guides\")",
        markup::value(&sections)
    ));
}

/// A section's guides as a PDF of their own: cover, contents and the guides.
pub fn section_binder(
    handbook: &Handbook,
    index: usize,
    callouts: &CalloutTitles,
) -> (super::engine::Document, Vec<Diagnostic>) {
    let site = handbook.site;
    let section = &site.sections[index];
    let (mut source, mut warnings) =
        with_cover(site, format!("{}: {}", site.config.title, section.title));
    source.line("#contents(\"contents\")");
    guides(handbook, Some(index), callouts, &mut source, &mut warnings);
    (source.into_document(), warnings)
}

/// The guides in the binder: every published guide but drafts.
fn in_binder(site: &Site, index: usize) -> bool {
    !site.guide(index).front.draft
}

/// What a binder holds: every guide (or one section's, `only`) and every checklist, survey
/// and module (none in a section's PDF).
fn holds<'a>(site: &'a Site<'a>, only: Option<usize>) -> impl Fn(Target) -> bool + Sync + 'a {
    let section = only.map(|index| {
        let section = &site.sections[index];
        let grouped = section.groups.iter().flat_map(|g| g.guides.iter());
        section
            .guides
            .iter()
            .chain(grouped)
            .copied()
            .collect::<HashSet<usize>>()
    });
    move |target| match (target, &section) {
        (Target::Guide(index), Some(guides)) => in_binder(site, index) && guides.contains(&index),
        (Target::Guide(index), None) => {
            in_binder(site, index) && !site.guide_path(index).is_empty()
        }
        (Target::Item(..), Some(_)) => false,
        (Target::Item(..), None) => true,
    }
}

fn guide_reviews<'a>(site: &'a Site) -> Vec<GuideReview<'a>> {
    site.reading_order
        .iter()
        .filter(|&&i| in_binder(site, i))
        .map(|&i| {
            let guide = site.guide(i);
            GuideReview {
                title: &guide.front.title,
                reviewed: guide.front.reviewed.as_ref().map(|r| r.value.as_str()),
                next_review: crate::validate::review::guide_due(guide).map(|d| d.to_string()),
            }
        })
        .collect()
}

/// Every section: its title, then its guides and groups in reading order.
fn guides(
    handbook: &Handbook,
    only: Option<usize>,
    callouts: &CalloutTitles,
    source: &mut Source,
    warnings: &mut Vec<Diagnostic>,
) {
    let site = handbook.site;
    let holds = holds(site, only);
    let places = PdfPlaces {
        site,
        theme_files: &handbook.theme.static_files,
        source,
        holds: &holds,
    };
    let order: Vec<usize> = site
        .reading_order
        .iter()
        .copied()
        .filter(|&index| holds(Target::Guide(index)))
        .collect();
    let converted: Vec<(String, Vec<Diagnostic>)> = order
        .par_iter()
        .map(|&index| guide_markup(site, index, callouts, &places))
        .collect();
    let mut by_index: HashMap<usize, (String, Vec<Diagnostic>)> =
        order.iter().copied().zip(converted).collect();
    let mut text = String::new();
    let sections = site.sections.iter().enumerate();
    for (_, section) in sections.filter(|(i, _)| only.is_none_or(|only| only == *i)) {
        text.push_str(&format!(
            "#part({}, \"{}\")\n",
            markup::string(&section.title),
            label("sec", &section.id)
        ));
        let mut add = |text: &mut String, list: &[usize]| {
            for index in list {
                if let Some((markup, found)) = by_index.remove(index) {
                    text.push_str(&markup);
                    warnings.extend(found);
                }
            }
        };
        add(&mut text, &section.guides);
        for group in &section.groups {
            text.push_str(&format!("#group-title({})\n", markup::string(&group.title)));
            add(&mut text, &group.guides);
        }
    }
    source.line(&text);
}

/// One guide: its title and facts, then its Markdown.
fn guide_markup(
    site: &Site,
    index: usize,
    callouts: &CalloutTitles,
    places: &PdfPlaces,
) -> (String, Vec<Diagnostic>) {
    if !in_binder(site, index) {
        return (String::new(), Vec::new());
    }
    let guide = site.guide(index);
    let name = guide_label(site, index);
    let front = &guide.front;
    let mut out = format!(
        "#guide({}, \"{name}\", summary: {}, audience: {}, reviewed: {})\n",
        markup::string(&front.title),
        markup::optional(front.summary.as_deref()),
        markup::value(&front.audience),
        markup::optional(front.reviewed.as_ref().map(|r| r.value.as_str())),
    );
    let source = guide_source(site, index);
    // The guide's title is level 2, so its top headings are level 3.
    let top = top_heading_level(guide.body());
    let text = Text {
        source: &source,
        range: guide.body_start..guide.text.len(),
        from: &guide.file,
        page_path: site.guide_path(index),
        heading_offset: 3u8.saturating_sub(top.min(3)),
        label: &name,
        callouts,
    };
    let converted = convert(&text, places);
    out.push_str(&converted.markup);
    out.push('\n');
    (out, converted.warnings)
}

/// The curriculum: each module with its agenda (and the facilitator's notes) and guide.
fn curriculum(
    handbook: &Handbook,
    callouts: &CalloutTitles,
    source: &mut Source,
    warnings: &mut Vec<Diagnostic>,
) {
    let site = handbook.site;
    if site.module_order.is_empty() {
        return;
    }
    let mut text = String::from("#curriculum-part(\"curriculum\")\n");
    let holds = holds(site, None);
    for &index in &site.module_order {
        let entry = &site.project.modules[index];
        let rows: Vec<AgendaRow> = agenda_rows(&entry.data, &|_| None);
        text.push_str(&format!(
            "#module({}, {}, \"{}\")\n",
            markup::value(&entry.data),
            markup::value(&rows),
            item_label(Kind::Module, &entry.id)
        ));
        let places = PdfPlaces {
            site,
            theme_files: &handbook.theme.static_files,
            source,
            holds: &holds,
        };
        if let Some((markup, found)) = module_guide(site, index, 4, callouts, &places) {
            text.push_str("#heading(level: 3, outlined: false)[Facilitator guide]\n");
            text.push_str(&markup);
            warnings.extend(found);
        }
    }
    source.line(&text);
}

/// A module's facilitator guide as markup, its top headings at `level`.
pub fn module_guide(
    site: &Site,
    index: usize,
    level: u8,
    callouts: &CalloutTitles,
    places: &PdfPlaces,
) -> Option<(String, Vec<Diagnostic>)> {
    let entry = &site.project.modules[index];
    let guide = entry.data.guide.as_ref()?;
    let file = site.project.sources.get(&entry.file)?;
    let (source, range) = located_text(file, &guide.value);
    let top = top_heading_level(&guide.value);
    let name = label("mg", &entry.id);
    let text = Text {
        source: &source,
        range,
        from: &entry.file,
        page_path: &crate::resolve::item_path(Kind::Module, &entry.id),
        heading_offset: level.saturating_sub(top.min(level)),
        label: &name,
        callouts,
    };
    let converted = convert(&text, places);
    Some((converted.markup + "\n", converted.warnings))
}

/// A text from a YAML block: where its lines are in the file when it is there as written,
/// else the text alone (its warnings then name the file without a line).
fn located_text(file: &SourceFile, text: &str) -> (SourceFile, std::ops::Range<usize>) {
    match file.text.find(text) {
        Some(start) => (file.clone(), start..start + text.len()),
        None => (
            SourceFile::new(file.name.clone(), std::sync::Arc::from(text)),
            0..text.len(),
        ),
    }
}

/// A part of forms: its title, then each form (its heading and body) from a new page, the
/// first on the part's own page.
fn forms_part(part: &str, forms: impl Iterator<Item = (String, String)>) -> String {
    let mut text = format!("{part}\n");
    for (n, (heading, body)) in forms.enumerate() {
        if n > 0 {
            text.push_str("#pagebreak(weak: true)\n");
        }
        text.push_str(&heading);
        text.push_str(&body);
    }
    text
}

/// A form's heading in the binder, with its label.
fn form_heading(kind: Kind, id: &str, title: &str) -> String {
    format!(
        "#titled(2, {}, \"{}\")\n",
        markup::string(title),
        item_label(kind, id)
    )
}

/// A checklist as the style's `checklist` call: its items to tick and sign-off lines.
pub(super) fn checklist_call(site: &Site, checklist: &Checklist) -> String {
    format!(
        "#checklist({}, phase: {})",
        markup::value(checklist),
        markup::optional(phase_title(site, checklist.phase.as_ref())),
    )
}

/// A survey as the style's `paper-survey` call; `contact` is whom to return it to.
pub(super) fn paper_survey_call(
    handbook: &Handbook,
    survey: &Survey,
    contact: Option<&str>,
) -> String {
    format!(
        "#paper-survey({}, {}, contact: {}, phase: {})",
        markup::value(survey),
        markup::value(&survey_sections(handbook, survey)),
        markup::optional(contact),
        markup::optional(phase_title(handbook.site, survey.phase.as_ref())),
    )
}

/// Every checklist, each from a new page, with its sign-off lines.
fn checklists(site: &Site, source: &mut Source) {
    if site.project.checklists.is_empty() {
        return;
    }
    let forms = site.project.checklists.iter().map(|entry| {
        let body = checklist_call(site, &entry.data) + "\n";
        (
            form_heading(Kind::Checklist, &entry.id, &entry.data.title),
            body,
        )
    });
    source.line(&forms_part("#checklists-part(\"checklists\")", forms));
}

/// Every survey's paper form, each from a new page.
fn surveys(handbook: &Handbook, source: &mut Source) {
    let site = handbook.site;
    if site.project.surveys.is_empty() {
        return;
    }
    let contact = site.config.contact.as_ref().map(|c| match &c.email {
        Some(email) => format!("{} ({email})", c.name),
        None => c.name.clone(),
    });
    let forms = site.project.surveys.iter().map(|entry| {
        let body = paper_survey_call(handbook, &entry.data, contact.as_deref()) + "\n";
        (
            form_heading(Kind::Survey, &entry.id, &entry.data.title),
            body,
        )
    });
    source.line(&forms_part("#surveys-part(\"surveys\")", forms));
}
