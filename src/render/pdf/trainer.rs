//! The trainer's PDFs: `curriculum-workbook.pdf` (the participant view: each module from a new
//! page, its objectives, agenda without the facilitator's notes, materials, lined space for
//! each activity and its assessment) and `facilitator-guide.pdf` (per module: timing first,
//! the agenda with a running clock, the notes and the workbook page of each activity, a
//! materials checklist, the facilitator guide text).

use super::binder::{checklist_call, module_guide, paper_survey_call};
use super::engine::Document;
use super::markup::{self, label};
use super::source::{PdfPlaces, item_label, with_cover};
use super::{AgendaRow, agenda_rows};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::render::markdown::CalloutTitles;
use crate::render::views::Handbook;
use crate::resolve::{Site, Target};

/// The line of the facilitator guide's source that the workbook's page numbers replace, once
/// the workbook is typeset.
pub const WORKBOOK_PAGES: &str = "#let workbook-pages = (:)\n";

/// The label of an activity's notes space in the workbook.
fn activity_label(module_id: &str, number: usize) -> String {
    label(&label("wb", module_id), &number.to_string())
}

fn assessment_label(module_id: &str) -> String {
    label(&label("wb", module_id), "assessment")
}

/// The workbook's Typst source, the labels whose pages the facilitator guide shows, and what
/// was left out.
pub fn workbook(handbook: &Handbook) -> (Document, Vec<String>, Vec<Diagnostic>) {
    let site = handbook.site;
    let title = format!("{}: curriculum workbook", site.config.title);
    let (mut source, warnings) = with_cover(site, title);
    source.line("#trainer-contents(\"contents\")");
    let mut labels = Vec::new();
    let mut text = String::new();
    for &index in &site.module_order {
        let entry = &site.project.modules[index];
        let rows = agenda_rows(&entry.data, &|n| Some(activity_label(&entry.id, n)));
        text.push_str(&format!(
            "#workbook-module({}, {}, \"{}\")\n",
            markup::value(&entry.data),
            markup::value(&rows),
            label("wb", &entry.id),
        ));
        for (n, item) in entry.data.agenda.iter().enumerate() {
            let name = activity_label(&entry.id, n + 1);
            text.push_str(&format!(
                "#activity-notes({}, {}, \"{name}\")\n",
                n + 1,
                markup::string(&item.activity)
            ));
            labels.push(name);
        }
        if let Some(assessment) = &entry.data.assessment
            && let Some(form) = assessment_form(handbook, &assessment.value)
        {
            let name = assessment_label(&entry.id);
            text.push_str(&format!(
                "#pagebreak(weak: true)\n#[#assessment-title({})#label(\"{name}\")]\n{form}\n",
                markup::string(&form_title(site, &assessment.value).unwrap_or_default()),
            ));
            labels.push(name);
        }
    }
    source.line(&text);
    (source.into_document(), labels, warnings)
}

/// The facilitator guide's Typst source, with [`WORKBOOK_PAGES`] to be replaced by the
/// workbook's page of each activity, and what was left out.
pub fn facilitator_guide(
    handbook: &Handbook,
    callouts: &CalloutTitles,
) -> (Document, Vec<Diagnostic>) {
    let site = handbook.site;
    let title = format!("{}: facilitator guide", site.config.title);
    let (mut source, mut warnings) = with_cover(site, title);
    source.line(WORKBOOK_PAGES.trim_end());
    source.line("#trainer-contents(\"contents\")");
    let only_modules = |target: Target| matches!(target, Target::Item(Kind::Module, _));
    let mut text = String::new();
    for &index in &site.module_order {
        let entry = &site.project.modules[index];
        let rows: Vec<AgendaRow> =
            agenda_rows(&entry.data, &|n| Some(activity_label(&entry.id, n)));
        text.push_str(&format!(
            "#facilitator-module({}, {}, \"{}\", workbook-pages)\n",
            markup::value(&entry.data),
            markup::value(&rows),
            item_label(Kind::Module, &entry.id),
        ));
        let places = PdfPlaces {
            site,
            theme_files: &handbook.theme.static_files,
            source: &source,
            holds: &only_modules,
        };
        if let Some((guide, found)) = module_guide(site, index, 3, callouts, &places) {
            text.push_str("#facilitator-guide-title()\n");
            text.push_str(&guide);
            warnings.extend(found);
        }
        if let Some(assessment) = &entry.data.assessment
            && let Some(title) = form_title(site, &assessment.value)
        {
            text.push_str(&format!(
                "#assessment-ref({}, workbook-pages.at(\"{}\", default: none))\n",
                markup::string(&title),
                assessment_label(&entry.id)
            ));
        }
    }
    source.line(&text);
    (source.into_document(), warnings)
}

/// The title of the checklist or survey a module's assessment names.
fn form_title(site: &Site, id: &str) -> Option<String> {
    if let Some(checklist) = site.checklist(id) {
        return Some(checklist.data.title.clone());
    }
    site.survey(id).map(|survey| survey.data.title.clone())
}

/// The markup of an assessment: the checklist, or the survey's paper form.
fn assessment_form(handbook: &Handbook, id: &str) -> Option<String> {
    let site = handbook.site;
    if let Some(checklist) = site.checklist(id) {
        return Some(checklist_call(site, &checklist.data));
    }
    let survey = site.survey(id)?;
    Some(paper_survey_call(handbook, &survey.data, None))
}

/// The facilitator guide's source with the workbook's pages: `pages` holds the page of each
/// label the workbook was asked for.
pub fn with_workbook_pages(source: &str, pages: &[(String, usize)]) -> String {
    let mut dictionary = String::from("#let workbook-pages = (");
    for (name, page) in pages {
        markup::push_string(&mut dictionary, name);
        dictionary.push_str(&format!(": {page},"));
    }
    if pages.is_empty() {
        dictionary.push(':');
    }
    dictionary.push_str(")\n");
    source.replacen(WORKBOOK_PAGES, &dictionary, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_pages_replace_the_placeholder_once() {
        let source = format!("a\n{WORKBOOK_PAGES}b\n");
        let pages = vec![("wb:x:1".to_string(), 7), ("wb:x:2".to_string(), 9)];
        let filled = with_workbook_pages(&source, &pages);
        assert_eq!(
            filled,
            "a\n#let workbook-pages = (\"wb:x:1\": 7,\"wb:x:2\": 9,)\nb\n"
        );
        assert_eq!(
            with_workbook_pages(&source, &[]),
            format!("a\n{WORKBOOK_PAGES}b\n")
        );
    }
}
