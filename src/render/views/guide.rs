//! A guide's page: its rendered Markdown, table of contents, breadcrumbs and previous/next.

use serde::Serialize;
use tera::Context;

use super::{Handbook, Link, base_context, home_link, prev_next};
use crate::diagnostics::Diagnostic;
use crate::model::{Audience, OneOrMany};
use crate::resolve::Page;

#[derive(Serialize)]
struct GuideView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    audience: &'a OneOrMany<Audience>,
    /// The title of its section and of its group, if any.
    section: Option<&'a str>,
    group: Option<&'a str>,
    content: &'a str,
    /// The guide's file, for an "edit this page" link.
    source: &'a str,
    draft: bool,
    /// When the content was last checked (`YYYY-MM-DD`), if the front matter says.
    reviewed: Option<&'a str>,
    /// When it is due to be checked again (`reviewed` plus `review_every_months`).
    review_due: Option<String>,
}

pub fn context(handbook: &Handbook, page: &Page, index: usize) -> Result<Context, Diagnostic> {
    let site = handbook.site;
    let guide = site.guide(index);
    let section = site.section(&guide.section);
    let mut context = base_context(handbook, page, &guide.front.title, Some(&guide.section))?;
    let rendered = handbook.bodies.guides.get(&index);
    let mut crumbs = vec![home_link(handbook)];
    if let Some(section) = section {
        crumbs.push(Link {
            title: &section.title,
            path: section.path.clone(),
        });
    }
    let group_title = section
        .and_then(|s| {
            s.groups
                .iter()
                .find(|g| Some(&g.id) == guide.group.as_ref())
        })
        .map(|g| g.title.as_str());
    context.insert("breadcrumbs", &crumbs);
    context.insert(
        "toc",
        &rendered.map(|r| r.toc.as_slice()).unwrap_or_default(),
    );
    let view = GuideView {
        title: &guide.front.title,
        summary: guide.front.summary.as_deref(),
        audience: &guide.front.audience,
        section: section.map(|s| s.title.as_str()),
        group: group_title,
        content: rendered.map_or("", |r| r.html.as_str()),
        source: &guide.file,
        draft: guide.front.draft,
        reviewed: guide.front.reviewed.as_ref().map(|r| r.value.as_str()),
        review_due: crate::validate::review::guide_due(guide).map(|d| d.to_string()),
    };
    context.insert("guide", &view);
    if let Some(&position) = handbook.shared.guides.get(&index) {
        prev_next(&site.reading_order, position, &mut context, |i| Link {
            title: &site.guide(i).front.title,
            path: site.guide_path(i).to_string(),
        });
    }
    Ok(context)
}
