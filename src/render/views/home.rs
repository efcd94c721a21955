//! The home page: the program, its phases with what each uses, and the guide sections.

use serde::Serialize;
use tera::Context;

use super::{Handbook, ItemLink, base_context, kind_link};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::model::Phase;
use crate::render::text;
use crate::render::text::duration;
use crate::resolve::{Page, Site};

#[derive(Serialize)]
struct PhaseView<'a> {
    id: &'a str,
    title: &'a str,
    weeks: [u32; 2],
    summary: Option<&'a str>,
    items: Vec<ItemLink<'a>>,
}

/// A guide section as the home page lists it, with how many guides it has.
#[derive(Serialize)]
struct SectionSummary<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    count: usize,
}

fn phase_view<'a>(site: &'a Site, phase: &'a Phase) -> PhaseView<'a> {
    let references = [
        (Kind::Module, &phase.modules),
        (Kind::Checklist, &phase.checklists),
        (Kind::Survey, &phase.surveys),
    ];
    let items = references
        .into_iter()
        .flat_map(|(kind, ids)| {
            ids.iter()
                .filter_map(move |id| kind_link(site, kind, &id.value))
        })
        .collect();
    PhaseView {
        id: &phase.id.value,
        title: &phase.title,
        weeks: phase.weeks.value,
        summary: phase.summary.as_deref(),
        items,
    }
}

pub fn context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let mut context = base_context(handbook, page, &site.program.name, None)?;
    let phases: Vec<PhaseView> = site
        .program
        .phases
        .iter()
        .map(|phase| phase_view(site, phase))
        .collect();
    let sections: Vec<SectionSummary> = site
        .sections
        .iter()
        .map(|s| SectionSummary {
            id: &s.id,
            title: &s.title,
            path: &s.path,
            count: s.guides.len() + s.groups.iter().map(|g| g.guides.len()).sum::<usize>(),
        })
        .collect();
    let models = text::models(handbook.theme, site.program)?;
    let total: u32 = site
        .project
        .modules
        .iter()
        .map(|m| m.data.duration_minutes)
        .sum();
    context.insert("program", site.program);
    context.insert("models", &models);
    context.insert("phases", &phases);
    context.insert("sections", &sections);
    context.insert("module_count", &site.project.modules.len());
    context.insert("curriculum_hours", &duration(handbook.theme, total)?);
    context.insert("checklist_count", &site.project.checklists.len());
    context.insert("survey_count", &site.project.surveys.len());
    context.insert(
        "departments",
        &site
            .variant
            .map(|v| v.departments(&page.path))
            .unwrap_or_default(),
    );
    context.insert(
        "organization_home",
        &site.variant.and_then(|v| v.organization_home(&page.path)),
    );
    Ok(context)
}
