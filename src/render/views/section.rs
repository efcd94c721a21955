//! A guide section's index page: its guides and groups as cards.

use serde::Serialize;
use tera::Context;

use super::{Handbook, base_context, home_link};
use crate::diagnostics::Diagnostic;
use crate::model::Audience;
use crate::resolve::{Page, Site, section_print_path};

#[derive(Serialize)]
struct GuideCard<'a> {
    title: &'a str,
    path: String,
    summary: Option<&'a str>,
    audience: &'a [Audience],
}

#[derive(Serialize)]
struct GroupView<'a> {
    id: &'a str,
    title: &'a str,
    guides: Vec<GuideCard<'a>>,
}

#[derive(Serialize)]
struct SectionView<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    print_path: String,
    guides: Vec<GuideCard<'a>>,
    groups: Vec<GroupView<'a>>,
}

fn cards<'a>(site: &'a Site, list: &[usize]) -> Vec<GuideCard<'a>> {
    list.iter()
        .map(|&i| {
            let g = site.guide(i);
            GuideCard {
                title: &g.front.title,
                path: site.guide_path(i).to_string(),
                summary: g.front.summary.as_deref(),
                audience: &g.front.audience.0,
            }
        })
        .collect()
}

pub fn context(handbook: &Handbook, page: &Page, index: usize) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let section = &site.sections[index];
    let mut context = base_context(handbook, page, &section.title, Some(&section.id))?;
    let groups = section
        .groups
        .iter()
        .map(|g| GroupView {
            id: &g.id,
            title: &g.title,
            guides: cards(site, &g.guides),
        })
        .collect();
    let view = SectionView {
        id: &section.id,
        title: &section.title,
        path: &section.path,
        print_path: section_print_path(&section.id),
        guides: cards(site, &section.guides),
        groups,
    };
    context.insert("section", &view);
    context.insert("breadcrumbs", &vec![home_link(handbook)]);
    Ok(context)
}
