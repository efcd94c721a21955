//! Each page's template and Tera context, one module per family of pages; this module holds
//! what every page has (navigation, breadcrumbs, previous and next) and picks the family.

mod checklists;
pub(in crate::render) mod curriculum;
mod guide;
mod home;
mod other;
mod print;
mod section;
pub(in crate::render) mod surveys;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::model::{Located, Phase};
use crate::render::RenderCache;
use crate::render::bodies::Bodies;
use crate::render::markdown::TocEntry;
use crate::render::shared::{Shared, mark_current};
use crate::render::theme::Theme;
use crate::resolve::nav::{NavCurrent, NavSection, nav_sections};
use crate::resolve::{HOME_PATH, Page, PageKind, Site, item_path, root_prefix};

/// One handbook being rendered: what every page's context is made from.
pub struct Handbook<'a> {
    pub site: &'a Site<'a>,
    pub theme: &'a Theme,
    pub shared: &'a Shared,
    pub bodies: &'a Bodies,
    pub cache: Option<&'a RenderCache>,
    /// The handbook's PDFs: their paths and, once typeset, pages and size.
    pub pdfs: &'a crate::render::pdf::PdfFacts,
}

impl Handbook<'_> {
    /// Where rebased print HTML is kept, when results are kept.
    pub fn rebased(&self) -> Option<&crate::cache::Memo<String>> {
        self.cache.map(|cache| &cache.rebased)
    }
}

/// The template of `page` and its context, without the shared partials.
pub fn page_context(
    handbook: &Handbook,
    page: &Page,
) -> Result<(&'static str, Context), Diagnostic> {
    Ok(match page.kind {
        PageKind::Home => ("home.html", home::context(handbook, page)?),
        PageKind::NotFound => ("404.html", other::not_found_context(handbook, page)?),
        PageKind::Search => ("search.html", other::search_context(handbook, page)?),
        PageKind::Print => ("print.html", print::handbook_context(handbook, page)?),
        PageKind::SectionPrint(index) => (
            "section-print.html",
            print::section_context(handbook, page, index)?,
        ),
        PageKind::Section(index) => ("section.html", section::context(handbook, page, index)?),
        PageKind::Guide(index) => ("guide.html", guide::context(handbook, page, index)?),
        PageKind::Curriculum => (
            "curriculum.html",
            curriculum::index_context(handbook, page)?,
        ),
        PageKind::Module(index) => (
            "module.html",
            curriculum::module_context(handbook, page, index)?,
        ),
        PageKind::Checklists => (
            "checklists.html",
            checklists::index_context(handbook, page)?,
        ),
        PageKind::Checklist(index) => (
            "checklist.html",
            checklists::checklist_context(handbook, page, index)?,
        ),
        PageKind::ChecklistPack => (
            "checklist-pack.html",
            checklists::pack_context(handbook, page)?,
        ),
        PageKind::Surveys => ("surveys.html", surveys::index_context(handbook, page)?),
        PageKind::Survey(index)
        | PageKind::SurveyPrint(index)
        | PageKind::SurveyDictionary(index) => surveys::survey_context(handbook, page, index)?,
    })
}

/// A link to a page, by output-root-relative path (templates prefix it with `root`).
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub path: String,
}

/// The first breadcrumb of every page below the home page.
fn home_link<'a>(handbook: &Handbook<'a>) -> Link<'a> {
    Link {
        title: &handbook.shared.text.home,
        path: HOME_PATH.into(),
    }
}

#[derive(Serialize)]
struct PageView<'a> {
    path: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Nav<'a> {
    sections: Vec<NavSection<'a>>,
    /// The current section's guide list, rendered by `partials/nav-guides.html` with the link
    /// to this page marked `aria-current="page"`; empty on pages outside the guide sections.
    guides: String,
    curriculum: bool,
    checklists: bool,
    surveys: bool,
    /// The `aria-current` value of each fixed link for this page.
    current: NavCurrent,
}

/// The navigation of `page`, which belongs to the guide section `section` (if any); `root`
/// leads from the page to the handbook's root.
fn nav<'a>(
    handbook: &Handbook<'a>,
    page: &Page,
    root: &str,
    section: Option<&str>,
) -> Result<Nav<'a>, Diagnostic> {
    let site = handbook.site;
    let current = section.and_then(|id| site.sections.iter().position(|s| s.id == id));
    let guides = match current {
        Some(section) => {
            let window = handbook.shared.nav_places.window(page, section);
            let list = handbook
                .shared
                .nav_guides(site, handbook.theme, window, root)?;
            mark_current(&list, &format!("{root}{}", page.path))
        }
        None => String::new(),
    };
    Ok(Nav {
        sections: nav_sections(site, &page.path, current),
        guides,
        curriculum: !site.project.modules.is_empty(),
        checklists: !site.project.checklists.is_empty(),
        surveys: !site.project.surveys.is_empty(),
        current: NavCurrent::of(&page.path),
    })
}

/// What every page's context has: the handbook-wide values, the navigation, the page's path
/// and title, and empty breadcrumbs, table of contents and previous/next links for the page
/// to fill in.
fn base_context(
    handbook: &Handbook,
    page: &Page,
    title: &str,
    section: Option<&str>,
) -> Result<Context, Diagnostic> {
    let mut context = handbook.shared.context.clone();
    let root = root_prefix(&page.path);
    context.insert("nav", &nav(handbook, page, &root, section)?);
    context.insert("root", &root);
    context.insert("pdfs", handbook.pdfs);
    context.insert(
        "page",
        &PageView {
            path: &page.path,
            title,
        },
    );
    context.insert("toc", &Vec::<TocEntry>::new());
    context.insert("breadcrumbs", &Vec::<Link>::new());
    context.insert("prev", &None::<Link>);
    context.insert("next", &None::<Link>);
    // Links to the same page in the other handbooks of the build.
    context.insert(
        "switcher",
        &handbook
            .site
            .variant
            .map(|v| v.switcher(&page.path))
            .unwrap_or_default(),
    );
    Ok(context)
}

/// Moves a value built for one page into its context. `Context::insert` serializes its
/// argument, which deep-copies a `serde_json::Value`: for a section's print page that is every
/// guide of the section.
pub fn insert_owned(context: &mut Context, key: &str, value: serde_json::Value) {
    let mut map = serde_json::Map::new();
    map.insert(key.to_string(), value);
    // Only a non-object fails `from_value`, and this is an object.
    if let Ok(owned) = Context::from_value(serde_json::Value::Object(map)) {
        context.extend(owned);
    }
}

/// Previous and next page of the page at `position` in `order`. Positions are looked up once
/// per build (see [`Shared`]), so a page costs the same however long the handbook is (building
/// the whole list for every page made 10,000 guides take 58 s).
fn prev_next<'a>(
    order: &[usize],
    position: usize,
    context: &mut Context,
    link: impl Fn(usize) -> Link<'a>,
) {
    let at = |p: usize| order.get(p).map(|&i| link(i));
    context.insert("prev", &position.checked_sub(1).and_then(at));
    context.insert("next", &at(position + 1));
}

#[derive(Serialize)]
pub(in crate::render) struct PhaseRef<'a> {
    id: &'a str,
    pub(in crate::render) title: &'a str,
    weeks: [u32; 2],
}

fn phase_ref(phase: &Phase) -> PhaseRef<'_> {
    PhaseRef {
        id: &phase.id.value,
        title: &phase.title,
        weeks: phase.weeks.value,
    }
}

/// The phase an item names, if the program has it.
pub(in crate::render) fn phase_of<'a>(
    site: &'a Site,
    id: Option<&Located<String>>,
) -> Option<PhaseRef<'a>> {
    let id = id?;
    site.program
        .phases
        .iter()
        .find(|p| p.id.value == id.value)
        .map(phase_ref)
}

/// The phase ids in program order, then `None` for items without a phase.
fn phase_ids<'a>(site: &'a Site) -> impl Iterator<Item = Option<&'a str>> {
    site.program
        .phases
        .iter()
        .map(|p| Some(p.id.value.as_str()))
        .chain(std::iter::once(None))
}

/// The phase with this id, as a reference for a group's heading.
fn phase_by_id<'a>(site: &'a Site, id: Option<&str>) -> Option<PhaseRef<'a>> {
    id.and_then(|id| site.program.phases.iter().find(|p| p.id.value == id))
        .map(phase_ref)
}

#[derive(Serialize)]
struct ItemLink<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    path: String,
}

/// A link to the checklist, survey or module of this kind and id, if it exists.
fn kind_link<'a>(site: &'a Site, kind: Kind, id: &str) -> Option<ItemLink<'a>> {
    let (name, id, title) = match kind {
        Kind::Checklist => site
            .checklist(id)
            .map(|e| ("checklist", &e.id, &e.data.title))?,
        Kind::Survey => site.survey(id).map(|e| ("survey", &e.id, &e.data.title))?,
        Kind::Module => site.module(id).map(|e| ("module", &e.id, &e.data.title))?,
    };
    Some(ItemLink {
        kind: name,
        id,
        title,
        path: item_path(kind, id),
    })
}
