//! The checklists' index (by phase, then audience), each checklist's page and the printable
//! pack of them all.

use serde::Serialize;
use tera::Context;

use super::{Handbook, Link, PhaseRef, base_context, home_link, phase_by_id, phase_ids, phase_of};
use crate::diagnostics::Diagnostic;
use crate::model::{Audience, Checklist};
use crate::model::{Entry, Kind};
use crate::render::text;
use crate::render::theme::Theme;
use crate::resolve::{CHECKLIST_PACK_PATH, CHECKLISTS_PATH, Page, item_path};

/// Checklists of one audience (or combination of audiences) within a phase.
#[derive(Serialize)]
struct AudienceGroup<'a> {
    label: String,
    items: Vec<ChecklistCard<'a>>,
}

#[derive(Serialize)]
struct ChecklistCard<'a> {
    id: &'a str,
    title: &'a str,
    path: String,
    intro: Option<&'a str>,
    audience: &'a [Audience],
    item_count: usize,
}

#[derive(Serialize)]
struct ChecklistGroup<'a> {
    phase: Option<PhaseRef<'a>>,
    audiences: Vec<AudienceGroup<'a>>,
}

/// A whole checklist, as the print pages show it.
#[derive(Serialize)]
pub(super) struct ChecklistView<'a> {
    pub id: &'a str,
    pub data: &'a Checklist,
}

/// A whole checklist in the printable pack, with its phase.
#[derive(Serialize)]
struct PackedChecklist<'a> {
    id: &'a str,
    data: &'a Checklist,
    phase: Option<PhaseRef<'a>>,
}

/// A checklist's audiences in their natural order.
fn sorted_audience(entry: &Entry<Checklist>) -> Vec<Audience> {
    let mut list = entry.data.audience.0.clone();
    list.sort();
    list
}

/// The checklists of one phase by audience: single audiences in their natural order first,
/// then combinations. Each group is labelled by the theme ("Mentors and mentees").
fn by_audience<'a>(
    theme: &Theme,
    mut members: Vec<&'a Entry<Checklist>>,
) -> Result<Vec<AudienceGroup<'a>>, Diagnostic> {
    members.sort_by(|a, b| {
        let key = |e: &Entry<Checklist>| {
            let list = sorted_audience(e);
            (list.len() != 1, list)
        };
        key(a).cmp(&key(b))
    });
    let mut audiences: Vec<(Vec<Audience>, AudienceGroup)> = Vec::new();
    for entry in members {
        let list = sorted_audience(entry);
        let card = ChecklistCard {
            id: &entry.id,
            title: &entry.data.title,
            path: item_path(Kind::Checklist, &entry.id),
            intro: entry.data.intro.as_deref(),
            audience: &entry.data.audience.0,
            item_count: entry.data.item_count(),
        };
        match audiences.last_mut() {
            Some((same, group)) if *same == list => group.items.push(card),
            _ => {
                let label = text::audiences(theme, &list)?;
                let group = AudienceGroup {
                    label,
                    items: vec![card],
                };
                audiences.push((list, group));
            }
        }
    }
    Ok(audiences.into_iter().map(|(_, group)| group).collect())
}

/// Checklists by phase (program order; no phase last), then by audience.
fn checklist_groups<'a>(handbook: &Handbook<'a>) -> Result<Vec<ChecklistGroup<'a>>, Diagnostic> {
    let site = handbook.site;
    let mut groups = Vec::new();
    for phase_id in phase_ids(site) {
        let members: Vec<&Entry<Checklist>> = site
            .project
            .checklists
            .iter()
            .filter(|e| e.data.phase.as_ref().map(|p| p.value.as_str()) == phase_id)
            .collect();
        if members.is_empty() {
            continue;
        }
        groups.push(ChecklistGroup {
            phase: phase_by_id(site, phase_id),
            audiences: by_audience(handbook.theme, members)?,
        });
    }
    Ok(groups)
}

/// The breadcrumbs of a page below the checklists' index.
fn crumbs<'a>(handbook: &Handbook<'a>) -> Vec<Link<'a>> {
    let checklists = Link {
        title: &handbook.shared.text.checklists,
        path: CHECKLISTS_PATH.into(),
    };
    vec![home_link(handbook), checklists]
}

pub fn index_context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let mut context = base_context(handbook, page, &handbook.shared.text.checklists, None)?;
    context.insert("groups", &checklist_groups(handbook)?);
    context.insert("pack_path", CHECKLIST_PACK_PATH);
    context.insert("breadcrumbs", &vec![home_link(handbook)]);
    Ok(context)
}

pub fn checklist_context(
    handbook: &Handbook,
    page: &Page,
    index: usize,
) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let entry = &site.project.checklists[index];
    let mut context = base_context(handbook, page, &entry.data.title, None)?;
    context.insert("checklist", &entry.data);
    context.insert("checklist_id", &entry.id);
    context.insert("item_count", &entry.data.item_count());
    context.insert("phase", &phase_of(site, entry.data.phase.as_ref()));
    context.insert("pack_path", CHECKLIST_PACK_PATH);
    context.insert("breadcrumbs", &crumbs(handbook));
    Ok(context)
}

pub fn pack_context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let mut context = base_context(handbook, page, &handbook.shared.text.checklist_pack, None)?;
    let checklists: Vec<PackedChecklist> = checklist_groups(handbook)?
        .iter()
        .flat_map(|group| group.audiences.iter())
        .flat_map(|audience| audience.items.iter())
        .filter_map(|item| site.checklist(item.id))
        .map(|entry| PackedChecklist {
            id: &entry.id,
            data: &entry.data,
            phase: phase_of(site, entry.data.phase.as_ref()),
        })
        .collect();
    context.insert("checklists", &checklists);
    context.insert("breadcrumbs", &crumbs(handbook));
    Ok(context)
}
