//! The curriculum's index of training modules and each module's page.

use serde::Serialize;
use tera::Context;

use super::{
    Handbook, ItemLink, Link, PhaseRef, base_context, home_link, kind_link, phase_ref, prev_next,
};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::model::{Audience, Module};
use crate::render::text::duration;
use crate::resolve::{CURRICULUM_PATH, Page, Site, item_path};

#[derive(Serialize)]
pub(in crate::render) struct AgendaRow<'a> {
    minutes: u32,
    activity: &'a str,
    notes: Option<&'a str>,
    /// Minutes from the start of the session when this activity starts and ends.
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct ModuleCard<'a> {
    id: &'a str,
    title: &'a str,
    path: String,
    order: i64,
    duration_minutes: u32,
    audience: &'a [Audience],
    objectives: &'a [String],
}

fn module_card<'a>(site: &'a Site, index: usize) -> ModuleCard<'a> {
    let entry = &site.project.modules[index];
    ModuleCard {
        id: &entry.id,
        title: &entry.data.title,
        path: item_path(Kind::Module, &entry.id),
        order: entry.data.order,
        duration_minutes: entry.data.duration_minutes,
        audience: &entry.data.audience.0,
        objectives: &entry.data.objectives,
    }
}

pub(in crate::render) fn agenda_rows(module: &Module) -> Vec<AgendaRow<'_>> {
    let mut elapsed = 0;
    module
        .agenda
        .iter()
        .map(|item| {
            let start = elapsed;
            elapsed += item.minutes;
            AgendaRow {
                minutes: item.minutes,
                activity: &item.activity,
                notes: item.notes.as_deref(),
                start,
                end: elapsed,
            }
        })
        .collect()
}

/// A link to a checklist or survey by id (checklists first), for a module's assessment.
fn item_link<'a>(site: &'a Site, id: &str) -> Option<ItemLink<'a>> {
    kind_link(site, Kind::Checklist, id).or_else(|| kind_link(site, Kind::Survey, id))
}

/// The phases of the program that use this item.
fn phases_using<'a>(site: &'a Site, kind: Kind, id: &str) -> Vec<PhaseRef<'a>> {
    site.program
        .phases
        .iter()
        .filter(|p| {
            let list = match kind {
                Kind::Checklist => &p.checklists,
                Kind::Survey => &p.surveys,
                Kind::Module => &p.modules,
            };
            list.iter().any(|r| r.value == id)
        })
        .map(phase_ref)
        .collect()
}

pub fn index_context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let mut context = base_context(handbook, page, &handbook.shared.text.curriculum, None)?;
    let modules: Vec<ModuleCard> = site
        .module_order
        .iter()
        .map(|&i| module_card(site, i))
        .collect();
    let total: u32 = modules.iter().map(|m| m.duration_minutes).sum();
    context.insert("modules", &modules);
    context.insert("total_minutes", &total);
    context.insert("total_hours", &duration(handbook.theme, total)?);
    context.insert("breadcrumbs", &vec![home_link(handbook)]);
    Ok(context)
}

pub fn module_context(
    handbook: &Handbook,
    page: &Page,
    index: usize,
) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let entry = &site.project.modules[index];
    let guide = handbook.bodies.modules.get(&index);
    let mut context = base_context(handbook, page, &entry.data.title, None)?;
    context.insert("module", &entry.data);
    context.insert("module_id", &entry.id);
    context.insert("agenda", &agenda_rows(&entry.data));
    context.insert(
        "duration_hours",
        &duration(handbook.theme, entry.data.duration_minutes)?,
    );
    context.insert("guide_html", &guide.map(|r| r.html.as_str()));
    context.insert("toc", &guide.map(|r| r.toc.as_slice()).unwrap_or_default());
    let assessment = entry.data.assessment.as_ref();
    context.insert(
        "assessment",
        &assessment.and_then(|a| item_link(site, &a.value)),
    );
    context.insert("phases", &phases_using(site, Kind::Module, &entry.id));
    let curriculum = Link {
        title: &handbook.shared.text.curriculum,
        path: CURRICULUM_PATH.into(),
    };
    context.insert("breadcrumbs", &vec![home_link(handbook), curriculum]);
    if let Some(&position) = handbook.shared.modules.get(&index) {
        prev_next(&site.module_order, position, &mut context, |i| {
            let m = &site.project.modules[i];
            Link {
                title: &m.data.title,
                path: item_path(Kind::Module, &m.id),
            }
        });
    }
    Ok(context)
}
