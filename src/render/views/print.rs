//! The print pages: the whole handbook as one page, and one guide section as one page.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::checklists::ChecklistView;
use super::curriculum::{AgendaRow, agenda_rows};
use super::surveys::{SurveySectionView, survey_sections};
use super::{Handbook, Link, base_context, home_link, insert_owned};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::model::{Audience, Module, OneOrMany};
use crate::render::rebase::{prefix_ids, rebase_links, rebased};
use crate::render::text;
use crate::resolve::{
    Page, Site, item_path, root_prefix, section_print_path, survey_dictionary_path,
};

/// Above this many guides the whole-handbook print page links to the sections' print pages
/// instead of holding every guide, so its size stays bounded.
const PRINT_ALL_LIMIT: usize = 500;

/// A module on the whole-handbook print page.
#[derive(Serialize)]
struct PrintModule<'a> {
    id: &'a str,
    module: &'a Module,
    agenda: Vec<AgendaRow<'a>>,
    /// Its facilitator guide, with links rebased to the print page.
    guide_html: Option<String>,
}

/// A guide on a print page; its rendered content is added as `content` (see [`with_owned`]).
#[derive(Serialize)]
struct PrintGuide<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    audience: &'a OneOrMany<Audience>,
    /// The id of its article, for the table of contents.
    anchor: String,
}

/// A group of a section on a print page; its guides are added as `guides`.
#[derive(Serialize)]
struct PrintGroup<'a> {
    title: &'a str,
}

/// A section on a print page; its guides and groups are added as `guides` and `groups`.
#[derive(Serialize)]
struct PrintSection<'a> {
    id: &'a str,
    title: &'a str,
}

/// `view` as a template value with `value` moved in under `key`. Serializing copies every
/// string, and a section's print page holds every guide of the section: the guides' content
/// is moved in instead.
fn with_owned(view: impl Serialize, key: &str, value: serde_json::Value) -> serde_json::Value {
    // A struct of strings and lists serializes to an object.
    let mut object = serde_json::to_value(view).unwrap_or_default();
    if let serde_json::Value::Object(map) = &mut object {
        map.insert(key.into(), value);
    }
    object
}

/// A guide section with every guide's rendered content, for a print page at `page_path`.
fn print_section(handbook: &Handbook, index: usize, page_path: &str) -> serde_json::Value {
    let site = handbook.site;
    let section = &site.sections[index];
    let target_root = root_prefix(page_path);
    let guide = |&i: &usize| {
        let g = site.guide(i);
        let anchor = format!("guide-{}", g.key.replace('/', "-"));
        let html = handbook
            .bodies
            .guides
            .get(&i)
            .map(|r| {
                let from_root = root_prefix(site.guide_path(i));
                let html = rebased(handbook.rebased(), &r.html, &from_root, &target_root);
                prefix_ids(&html, &format!("{anchor}-"))
            })
            .unwrap_or_default();
        let view = PrintGuide {
            title: &g.front.title,
            summary: g.front.summary.as_deref(),
            audience: &g.front.audience,
            anchor,
        };
        with_owned(view, "content", serde_json::Value::String(html))
    };
    let guides = |list: &[usize]| serde_json::Value::Array(list.par_iter().map(guide).collect());
    let groups = section
        .groups
        .iter()
        .map(|g| with_owned(PrintGroup { title: &g.title }, "guides", guides(&g.guides)))
        .collect();
    let view = PrintSection {
        id: &section.id,
        title: &section.title,
    };
    let view = with_owned(view, "guides", guides(&section.guides));
    with_owned(view, "groups", serde_json::Value::Array(groups))
}

fn print_modules<'a>(handbook: &Handbook<'a>, page: &Page) -> Vec<PrintModule<'a>> {
    let site = handbook.site;
    site.module_order
        .iter()
        .map(|&i| {
            let entry = &site.project.modules[i];
            let from_root = root_prefix(&item_path(Kind::Module, &entry.id));
            PrintModule {
                id: &entry.id,
                module: &entry.data,
                agenda: agenda_rows(&entry.data),
                guide_html: handbook
                    .bodies
                    .modules
                    .get(&i)
                    .map(|r| rebase_links(&r.html, &from_root, &root_prefix(&page.path)))
                    .map(|html| prefix_ids(&html, &format!("print-module-{}-", entry.id))),
            }
        })
        .collect()
}

fn section_links<'a>(site: &'a Site) -> Vec<Link<'a>> {
    site.sections
        .iter()
        .map(|s| Link {
            title: &s.title,
            path: section_print_path(&s.id),
        })
        .collect()
}

/// The whole handbook: every section's guides (up to [`PRINT_ALL_LIMIT`] guides), the
/// modules and the checklists.
pub fn handbook_context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let mut context = base_context(handbook, page, &handbook.shared.text.print, None)?;
    let complete = site.reading_order.len() <= PRINT_ALL_LIMIT;
    let sections: Vec<serde_json::Value> = if complete {
        (0..site.sections.len())
            .map(|i| print_section(handbook, i, &page.path))
            .collect()
    } else {
        Vec::new()
    };
    let models = text::models(handbook.theme, site.program)?;
    let checklists: Vec<ChecklistView> = site
        .project
        .checklists
        .iter()
        .map(|e| ChecklistView {
            id: &e.id,
            data: &e.data,
        })
        .collect();
    context.insert("program", site.program);
    context.insert("models", &models);
    insert_owned(&mut context, "sections", serde_json::Value::Array(sections));
    context.insert("section_links", &section_links(site));
    context.insert("complete", &complete);
    context.insert("modules", &print_modules(handbook, page));
    context.insert("checklists", &checklists);
    context.insert("papers", &paper_surveys(handbook));
    Ok(context)
}

/// A survey's paper form, as the printed handbook shows it.
#[derive(Serialize)]
struct PaperSurvey<'a> {
    id: &'a str,
    survey: &'a crate::model::Survey,
    sections: Vec<SurveySectionView<'a>>,
    phase: Option<super::PhaseRef<'a>>,
    dictionary_path: String,
}

fn paper_surveys<'a>(handbook: &Handbook<'a>) -> Vec<PaperSurvey<'a>> {
    let site = handbook.site;
    site.project
        .surveys
        .iter()
        .map(|entry| PaperSurvey {
            id: &entry.id,
            survey: &entry.data,
            sections: survey_sections(handbook, &entry.data),
            phase: super::phase_of(site, entry.data.phase.as_ref()),
            dictionary_path: survey_dictionary_path(&entry.id),
        })
        .collect()
}

/// One guide section with all its guides.
pub fn section_context(
    handbook: &Handbook,
    page: &Page,
    index: usize,
) -> Result<Context, Diagnostic> {
    let section = &handbook.site.sections[index];
    let mut context = base_context(handbook, page, &section.title, Some(&section.id))?;
    let sections = vec![print_section(handbook, index, &page.path)];
    insert_owned(&mut context, "sections", serde_json::Value::Array(sections));
    let crumbs = vec![
        home_link(handbook),
        Link {
            title: &section.title,
            path: section.path.clone(),
        },
    ];
    context.insert("breadcrumbs", &crumbs);
    Ok(context)
}
