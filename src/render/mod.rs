//! Stage 4, render: Markdown once per page, then every page through its Tera template, in
//! parallel. Templates receive the typed model as context (documented in docs/templates.md).

pub mod markdown;
pub mod partials;
pub mod search;
pub mod theme;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use self::markdown::{MarkdownInput, Rendered, TocEntry};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, SourceFile};
use crate::model::{
    Audience, Checklist, Entry, Kind, Module, Phase, Question, QuestionKind, Survey, scale_labels,
};
use crate::render::partials::NAV_GUIDES_MARK;
use crate::render::theme::{Theme, error_chain};
use crate::resolve::{
    CHECKLISTS_PATH, CURRICULUM_PATH, HOME_PATH, NOT_FOUND_PATH, SURVEYS_PATH, Site, Target,
    item_path, root_prefix,
};

/// A rendered page, ready to write.
pub struct OutputPage {
    pub path: String,
    pub html: String,
}

/// What a page shows; decides its template and context.
#[derive(Debug, Clone, Copy)]
enum PageKind {
    Home,
    Section(usize),
    Guide(usize),
    Curriculum,
    Module(usize),
    Checklists,
    Checklist(usize),
    Surveys,
    Survey(usize),
    /// Every checklist on one page, each starting on a new printed page.
    ChecklistPack,
    /// The paper version of a survey.
    SurveyPrint(usize),
    /// The data dictionary of a survey: its CSV columns and how answers are coded.
    SurveyDictionary(usize),
    NotFound,
    Search,
    /// The whole handbook on one page, for printing as a binder.
    Print,
    /// One guide section on one page, for printing.
    SectionPrint(usize),
}

/// Above this many guides the whole-handbook print page links to the sections' print pages
/// instead of holding every guide, so its size stays bounded.
const PRINT_ALL_LIMIT: usize = 500;
pub const SEARCH_PATH: &str = "search.html";
pub const SEARCH_INDEX_PATH: &str = "search-index.js";
pub const PRINT_PATH: &str = "print.html";

fn section_print_path(section: &str) -> String {
    format!("guides/{section}/print.html")
}

/// The printable pack of every checklist (a checklist may not use the id `print`).
pub const CHECKLIST_PACK_PATH: &str = "checklists/print.html";

pub fn survey_print_path(id: &str) -> String {
    format!("surveys/{id}/print.html")
}

pub fn survey_dictionary_path(id: &str) -> String {
    format!("surveys/{id}/dictionary.html")
}

pub fn survey_dictionary_csv_path(id: &str) -> String {
    format!("surveys/{id}/dictionary.csv")
}

#[derive(Debug, Clone)]
struct Page {
    kind: PageKind,
    path: String,
}

/// A link to a page, by output-root-relative path (templates prefix it with `root`).
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub path: String,
}

/// A guide in the navigation's guide list. `url` is relative to the page the list is shown
/// on, so the template prints each link with few lookups.
#[derive(Serialize)]
struct NavLink<'a> {
    title: &'a str,
    path: &'a str,
    url: String,
}

#[derive(Serialize)]
struct NavGroup<'a> {
    title: &'a str,
    guides: Vec<NavLink<'a>>,
    /// Guides of a large group left out before and after the listed chunk.
    more_before: usize,
    more_after: usize,
}

/// Most guides a list shows in navigation: a large group is cut into chunks of this many and a
/// page lists the chunk it is in, so a page's navigation (and a build's cost per page) stays
/// the same however large a group grows.
const NAV_WINDOW: usize = 40;

/// Up to this many guides, a section lists every group's guides; above, only the guides of the
/// reader's group.
const NAV_SMALL_SECTION: usize = 60;

/// The guide list of the current section, as `partials/nav-guides.html` receives it. It is
/// rendered once per chunk of guides and page depth, and shared by every page that shows it.
#[derive(Serialize)]
struct NavGuides<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    guides: Vec<NavLink<'a>>,
    more_before: usize,
    more_after: usize,
    groups: Vec<NavGroup<'a>>,
}

#[derive(Serialize)]
struct NavSection<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    /// The page is in this section (or is its index); only its guides are listed.
    current: bool,
    /// The page is the section's index.
    here: bool,
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
    /// The `aria-current` value of each fixed link for this page: `page` on the page it
    /// leads to, `true` on the index of the part of the handbook the page is in, else empty.
    current: NavCurrent,
}

#[derive(Serialize)]
struct NavCurrent {
    home: &'static str,
    curriculum: &'static str,
    checklists: &'static str,
    surveys: &'static str,
    print: &'static str,
}

impl NavCurrent {
    fn of(page_path: &str) -> Self {
        let exactly = |path: &str| if page_path == path { "page" } else { "" };
        let within = |index: &str| match index.split_once('/') {
            _ if page_path == index => "page",
            Some((folder, _))
                if page_path
                    .strip_prefix(folder)
                    .is_some_and(|rest| rest.starts_with('/')) =>
            {
                "true"
            }
            _ => "",
        };
        NavCurrent {
            home: exactly(HOME_PATH),
            curriculum: within(CURRICULUM_PATH),
            checklists: within(CHECKLISTS_PATH),
            surveys: within(SURVEYS_PATH),
            print: exactly(PRINT_PATH),
        }
    }
}

/// Which guides of a section a page's navigation lists: the list the page is in (a group, or
/// `None` for the section's ungrouped guides) and the chunk of that list holding the page.
/// Pages with the same window and depth show the same guide list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct NavWindow {
    section: usize,
    group: Option<usize>,
    chunk: usize,
}

/// Where a guide stands in its section's navigation: its section, its group (`None` when
/// ungrouped) and its position in that list.
#[derive(Debug, Clone, Copy)]
struct NavPlace {
    section: usize,
    group: Option<usize>,
    position: usize,
}

#[derive(Serialize)]
struct GuideCard<'a> {
    title: &'a str,
    path: String,
    summary: Option<&'a str>,
    audience: &'a [Audience],
}

#[derive(Serialize)]
struct ItemLink<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    path: String,
}

#[derive(Serialize)]
struct PhaseView<'a> {
    id: &'a str,
    title: &'a str,
    weeks: [u32; 2],
    summary: Option<&'a str>,
    items: Vec<ItemLink<'a>>,
}

#[derive(Serialize)]
struct AgendaRow<'a> {
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

#[derive(Serialize)]
struct AnswerOption {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct ShowIfView<'a> {
    question: &'a str,
    equals: &'a str,
    /// 1-based number of the question the condition depends on, for "answer only if" hints.
    number: usize,
    text: &'a str,
    /// The answer as the reader sees it (`Yes` for a yes_no question's `yes`).
    label: String,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    number: usize,
    id: &'a str,
    kind: &'static str,
    text: &'a str,
    required: bool,
    options: Vec<AnswerOption>,
    scale: Option<&'a str>,
    min: Option<String>,
    max: Option<String>,
    multiple: bool,
    long: bool,
    show_if: Option<ShowIfView<'a>>,
    /// How many digit boxes the paper version prints for a number.
    digits: usize,
    /// How answers are written in the CSV (also shown in the data dictionary).
    coding: String,
}

#[derive(Serialize)]
struct SurveySectionView<'a> {
    title: Option<&'a str>,
    questions: Vec<QuestionView<'a>>,
}

#[derive(Serialize)]
struct PhaseRef<'a> {
    id: &'a str,
    title: &'a str,
    weeks: [u32; 2],
}

/// Where rendered pages go as they are made: into memory (`serve`, `check`) or straight to
/// disk (`build`, so a large site is never held in memory whole).
pub type PageSink<'a> = &'a (dyn Fn(OutputPage) + Sync);

/// Renders every page of the site. Markdown problems are added to `diagnostics`; lints
/// (reported by `check` only) to `lints`.
pub fn render(
    site: &Site,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
    lints: &mut Diagnostics,
) -> Vec<OutputPage> {
    render_selected(site, theme, diagnostics, lints, &|_| true)
}

/// Like [`render`], but renders only the pages whose output path `keep` accepts (all Markdown
/// is still rendered, so every diagnostic is found). `serve` uses it to re-render just the pages
/// an edit can change. Pages come sorted by path.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
    lints: &mut Diagnostics,
    keep: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<OutputPage> {
    collect_pages(|sink| render_into(site, theme, diagnostics, lints, keep, sink)).1
}

/// Runs `render` with a sink that keeps every page, and returns what it returned and the pages
/// sorted by path.
pub fn collect_pages<R>(render: impl FnOnce(PageSink) -> R) -> (R, Vec<OutputPage>) {
    let pages = Mutex::new(Vec::new());
    let result = render(&|page| {
        // A poisoned lock still holds every page pushed before; none of them is half-made.
        pages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(page)
    });
    let mut pages = pages.into_inner().unwrap_or_else(PoisonError::into_inner);
    pages.sort_unstable_by(|a: &OutputPage, b| a.path.cmp(&b.path));
    (result, pages)
}

/// Like [`render_selected`], handing each page to `sink` as soon as it is rendered. If any
/// diagnostic is an error, the pages already handed over must be thrown away.
pub fn render_into(
    site: &Site,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
    lints: &mut Diagnostics,
    keep: &(dyn Fn(&str) -> bool + Sync),
    sink: PageSink,
) {
    // A card depends on the page only through its depth: each is rendered once per depth.
    let cards: Mutex<rustc_hash::FxHashMap<(Kind, String, String), Option<String>>> =
        Mutex::default();
    let embed = |kind: Kind, id: &str, page_path: &str| {
        let root = root_prefix(page_path);
        let key = (kind, id.to_string(), root);
        let known = cards
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        known.unwrap_or_else(|| {
            let card = embed_card(site, theme, kind, id, &key.2);
            cards
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(key, card.clone());
            card
        })
    };

    // Markdown first, every guide in parallel, then the module facilitator guides. A guide
    // rendered before (for another department's handbook, or in `serve` before an edit) is
    // reused when its text is the same and the site answers its lookups the same way.
    let guides: HashMap<usize, Arc<Rendered>> = crate::timing::timed("  markdown", || {
        site.reading_order
            .par_iter()
            .with_max_len(crate::MAX_ITEMS_PER_TASK)
            .map(|&index| {
                let guide = site.guide(index);
                let page_path = site.guide_path(index);
                let render = || {
                    let source = SourceFile::new(guide.file.clone(), guide.text.clone());
                    let input = MarkdownInput {
                        source: &source,
                        start: guide.body_start,
                        end: guide.text.len(),
                        page_path,
                        shift_headings: 0,
                    };
                    markdown::render(site, &input, &embed)
                };
                if !crate::cache::enabled() {
                    return (index, Arc::new(render()));
                }
                let key = crate::cache::key([
                    guide.file.as_bytes(),
                    page_path.as_bytes(),
                    &guide.body_start.to_le_bytes()[..],
                    guide.text.as_bytes(),
                ]);
                let rendered = match crate::cache::MARKDOWN.get(key) {
                    Some(kept) if kept.holds_in(site, page_path, &embed) => kept,
                    _ => crate::cache::MARKDOWN.insert(key, render()),
                };
                (index, rendered)
            })
            .collect()
    });
    let module_guides: HashMap<usize, Arc<Rendered>> = site
        .module_order
        .par_iter()
        .filter_map(|&index| {
            let entry = &site.project.modules[index];
            let guide = entry.data.guide.as_ref()?;
            Some((
                index,
                Arc::new(render_module_guide(site, entry, guide, &embed)),
            ))
        })
        .collect();

    for rendered in guides.values().chain(module_guides.values()) {
        diagnostics.extend(rendered.diagnostics.iter().cloned());
        lints.extend(rendered.lints.iter().cloned());
        for link in &rendered.fragment_links {
            let Some(Target::Guide(target)) = link.target else {
                continue;
            };
            let Some(anchors) = guides.get(&target).map(|r| &r.anchors) else {
                continue;
            };
            if !anchors.contains(&link.fragment) {
                let mut d = link.place.clone();
                d.severity = Severity::Warning;
                d.message = format!(
                    "no heading `#{}` in {}",
                    link.fragment,
                    site.guide(target).file
                );
                d.hint = Some(crate::render::markdown::missing_heading_hint(
                    &link.fragment,
                    anchors,
                ));
                diagnostics.push(d);
            }
        }
    }
    if diagnostics.has_errors() {
        return;
    }

    let mut pages = page_list(site);
    pages.retain(|page| keep(&page.path));
    let shared = Shared::of(site);
    // The search index is built beside the pages: on two cores it costs no extra wall time.
    let (failures, search): (Vec<(&str, Diagnostic)>, String) = rayon::join(
        || {
            pages
                .par_iter()
                .with_max_len(crate::MAX_ITEMS_PER_TASK)
                .filter_map(|page| {
                    match render_page(site, theme, page, &guides, &module_guides, &shared) {
                        Ok(page) => {
                            sink(page);
                            None
                        }
                        Err(diagnostic) => Some((page.path.as_str(), diagnostic)),
                    }
                })
                .collect()
        },
        || crate::timing::timed("  search index", || search_index(site, &guides)),
    );
    diagnostics.extend(merge_page_failures(failures));
    sink(OutputPage {
        path: SEARCH_INDEX_PATH.into(),
        html: search,
    });
    // Data dictionaries as CSV, so answers from paper and web merge into one file.
    for entry in &site.project.surveys {
        match dictionary_csv(site, &entry.data) {
            Ok(csv) => sink(OutputPage {
                path: survey_dictionary_csv_path(&entry.id),
                html: csv,
            }),
            Err(error) => diagnostics.push(Diagnostic::error(format!(
                "cannot write the data dictionary of survey `{}`: {error}",
                entry.id
            ))),
        }
    }
    free_in_background((guides, module_guides));
}

/// Frees `value` on a thread of its own: freeing 10,000 rendered guides takes tens of
/// milliseconds, while the build only has its output to finish on one core.
fn free_in_background<T: Send + 'static>(value: T) {
    // If the thread cannot start, `spawn` drops the closure, and `value` is freed right here.
    let _ = std::thread::Builder::new()
        .name("mentorkit-free".into())
        .spawn(move || drop(value));
}

fn render_module_guide(
    site: &Site,
    entry: &Entry<crate::model::Module>,
    guide: &crate::model::Located<String>,
    embed: &markdown::EmbedRenderer,
) -> Rendered {
    // The guide is a YAML block scalar; render it on its own and move diagnostics to the
    // lines of the module file (the text starts on the line after `guide: |`).
    let source = SourceFile::new(
        entry.file.clone(),
        std::sync::Arc::from(guide.value.as_str()),
    );
    let page_path = item_path(Kind::Module, &entry.id);
    let input = MarkdownInput {
        source: &source,
        start: 0,
        end: guide.value.len(),
        page_path: &page_path,
        shift_headings: 1,
    };
    let mut rendered = markdown::render(site, &input, embed);
    let module_source = site.project.sources.get(&entry.file);
    let first_line = guide.referenced.line() as usize;
    let relocate = |d: &mut Diagnostic| {
        if let Some(module_source) = module_source {
            let line = first_line + d.line;
            *d = Diagnostic {
                severity: d.severity,
                message: std::mem::take(&mut d.message),
                hint: d.hint.take(),
                ..Diagnostic::error("").at_line_column(module_source, line, 1)
            };
            let start = module_source.offset_of(line, 1);
            let end = module_source.text[start..]
                .find('\n')
                .map_or(module_source.text.len(), |i| start + i);
            d.span = Some(start..end.max(start + 1).min(module_source.text.len()));
        }
    };
    rendered.diagnostics.iter_mut().for_each(relocate);
    rendered.lints.iter_mut().for_each(relocate);
    rendered
        .fragment_links
        .iter_mut()
        .for_each(|l| relocate(&mut l.place));
    rendered
}

fn page_list(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page {
            kind: PageKind::Home,
            path: HOME_PATH.into(),
        },
        Page {
            kind: PageKind::NotFound,
            path: NOT_FOUND_PATH.into(),
        },
        Page {
            kind: PageKind::Search,
            path: SEARCH_PATH.into(),
        },
        Page {
            kind: PageKind::Print,
            path: PRINT_PATH.into(),
        },
    ];
    for (index, section) in site.sections.iter().enumerate() {
        pages.push(Page {
            kind: PageKind::Section(index),
            path: section.path.clone(),
        });
        pages.push(Page {
            kind: PageKind::SectionPrint(index),
            path: section_print_path(&section.id),
        });
    }
    for index in site.published_guides() {
        pages.push(Page {
            kind: PageKind::Guide(index),
            path: site.guide_path(index).to_string(),
        });
    }
    if !site.project.modules.is_empty() {
        pages.push(Page {
            kind: PageKind::Curriculum,
            path: CURRICULUM_PATH.into(),
        });
    }
    for (index, entry) in site.project.modules.iter().enumerate() {
        pages.push(Page {
            kind: PageKind::Module(index),
            path: item_path(Kind::Module, &entry.id),
        });
    }
    if !site.project.checklists.is_empty() {
        pages.push(Page {
            kind: PageKind::Checklists,
            path: CHECKLISTS_PATH.into(),
        });
    }
    for (index, entry) in site.project.checklists.iter().enumerate() {
        pages.push(Page {
            kind: PageKind::Checklist(index),
            path: item_path(Kind::Checklist, &entry.id),
        });
    }
    if !site.project.checklists.is_empty() {
        pages.push(Page {
            kind: PageKind::ChecklistPack,
            path: CHECKLIST_PACK_PATH.into(),
        });
    }
    if !site.project.surveys.is_empty() {
        pages.push(Page {
            kind: PageKind::Surveys,
            path: SURVEYS_PATH.into(),
        });
    }
    for (index, entry) in site.project.surveys.iter().enumerate() {
        pages.push(Page {
            kind: PageKind::Survey(index),
            path: item_path(Kind::Survey, &entry.id),
        });
        pages.push(Page {
            kind: PageKind::SurveyPrint(index),
            path: survey_print_path(&entry.id),
        });
        pages.push(Page {
            kind: PageKind::SurveyDictionary(index),
            path: survey_dictionary_path(&entry.id),
        });
    }
    pages
}

/// The output path of every page of a site, as `render` will write them.
pub fn page_paths(site: &Site) -> Vec<String> {
    page_list(site).into_iter().map(|page| page.path).collect()
}

/// Counts of pages by kind, for the build summary.
#[derive(Debug, Default, Clone, Copy, Serialize, serde::Deserialize)]
pub struct PageCounts {
    pub guides: usize,
    pub sections: usize,
    pub modules: usize,
    pub checklists: usize,
    pub surveys: usize,
    pub print: usize,
    pub other: usize,
}

impl PageCounts {
    pub fn of(site: &Site) -> Self {
        let listed = page_list(site);
        let mut counts = PageCounts::default();
        for page in listed {
            match page.kind {
                PageKind::Guide(_) => counts.guides += 1,
                PageKind::Section(_) => counts.sections += 1,
                PageKind::SectionPrint(_) => counts.print += 1,
                PageKind::Print => counts.print += 1,
                PageKind::Module(_) => counts.modules += 1,
                PageKind::Checklist(_) => counts.checklists += 1,
                PageKind::Survey(_) => counts.surveys += 1,
                _ => counts.other += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.guides
            + self.sections
            + self.modules
            + self.checklists
            + self.surveys
            + self.print
            + self.other
    }
}

/// The partial that draws the current section's guide list in the navigation.
const NAV_GUIDES_TEMPLATE: &str = "partials/nav-guides.html";

/// The navigation of `page`, which belongs to the guide section `section` (if any); `root`
/// leads from the page to the handbook's root.
fn nav<'a>(
    site: &'a Site,
    theme: &Theme,
    shared: &Shared,
    page: &Page,
    root: &str,
    section: Option<&str>,
) -> Result<Nav<'a>, Diagnostic> {
    let current = section.and_then(|id| site.sections.iter().position(|s| s.id == id));
    let sections = site
        .sections
        .iter()
        .enumerate()
        .map(|(index, s)| NavSection {
            id: &s.id,
            title: &s.title,
            path: &s.path,
            current: current == Some(index),
            here: page.path == s.path,
        })
        .collect();
    let guides = match current {
        Some(section) => {
            let window = shared.nav_window(page, section);
            let list = shared.nav_guides(site, theme, window, root)?;
            mark_current(&list, &format!("{root}{}", page.path))
        }
        None => String::new(),
    };
    Ok(Nav {
        sections,
        guides,
        curriculum: !site.project.modules.is_empty(),
        checklists: !site.project.checklists.is_empty(),
        surveys: !site.project.surveys.is_empty(),
        current: NavCurrent::of(&page.path),
    })
}

/// The guides of a section that the navigation lists in `window`, with URLs from `root`.
fn nav_guides<'a>(site: &'a Site, window: NavWindow, root: &str) -> NavGuides<'a> {
    let section = &site.sections[window.section];
    let links = |list: &[usize]| -> Vec<NavLink<'a>> {
        list.iter()
            .map(|&i| {
                let path = site.guide_path(i);
                NavLink {
                    title: &site.guide(i).front.title,
                    path,
                    url: format!("{root}{path}"),
                }
            })
            .collect()
    };
    // The chunk of a list to show: the page's own chunk in its own list, the first elsewhere.
    let chunk = |list: &[usize], own: bool| -> (usize, usize) {
        let chunk = if own { window.chunk } else { 0 };
        let start = (chunk * NAV_WINDOW).min(list.len());
        (start, (start + NAV_WINDOW).min(list.len()))
    };
    let total: usize =
        section.guides.len() + section.groups.iter().map(|g| g.guides.len()).sum::<usize>();
    let small_section = total <= NAV_SMALL_SECTION;
    let groups = section
        .groups
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let own = window.group == Some(index);
            if !(small_section || own) {
                return NavGroup {
                    title: &group.title,
                    guides: Vec::new(),
                    more_before: 0,
                    more_after: 0,
                };
            }
            let (start, end) = chunk(&group.guides, own);
            NavGroup {
                title: &group.title,
                guides: links(&group.guides[start..end]),
                more_before: start,
                more_after: group.guides.len() - end,
            }
        })
        .collect();
    let (start, end) = chunk(&section.guides, window.group.is_none());
    NavGuides {
        id: &section.id,
        title: &section.title,
        path: &section.path,
        guides: links(&section.guides[start..end]),
        more_before: start,
        more_after: section.guides.len() - end,
        groups,
    }
}

/// `list` with every link to `url` marked as the current page, the way the template would
/// print the link (`href="{{ g.url }}"`).
fn mark_current(list: &str, url: &str) -> String {
    let link = format!("href=\"{}\"", crate::render::theme::escape_html(url));
    let mut marked = String::with_capacity(list.len() + 32);
    let mut copied = 0;
    for at in memchr::memmem::find_iter(list.as_bytes(), link.as_bytes()) {
        let end = at + link.len();
        marked.push_str(&list[copied..end]);
        marked.push_str(" aria-current=\"page\"");
        copied = end;
    }
    marked.push_str(&list[copied..]);
    marked
}

fn base_context(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    page: &Page,
    title: &str,
    section: Option<&str>,
) -> Result<Context, Diagnostic> {
    let mut context = shared.context.clone();
    let root = root_prefix(&page.path);
    context.insert("nav", &nav(site, theme, shared, page, &root, section)?);
    context.insert("root", &root);
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
        &site
            .variant
            .map(|v| v.switcher(&page.path))
            .unwrap_or_default(),
    );
    Ok(context)
}

/// Moves a value built for one page into its context. `Context::insert` serializes its
/// argument, which deep-copies a `serde_json::Value`: for a guide that is its whole HTML, for a
/// section's print page every guide of the section.
fn insert_owned(context: &mut Context, key: &str, value: serde_json::Value) {
    let mut map = serde_json::Map::new();
    map.insert(key.to_string(), value);
    // Only a non-object fails `from_value`, and this is an object.
    if let Ok(owned) = Context::from_value(serde_json::Value::Object(map)) {
        context.extend(owned);
    }
}

#[derive(Serialize)]
struct PageView<'a> {
    path: &'a str,
    title: &'a str,
}

fn phase_of<'a>(
    site: &'a Site,
    id: Option<&crate::model::Located<String>>,
) -> Option<PhaseRef<'a>> {
    let id = id?;
    site.program
        .phases
        .iter()
        .find(|p| p.id.value == id.value)
        .map(phase_ref)
}

fn phase_ref(phase: &Phase) -> PhaseRef<'_> {
    PhaseRef {
        id: &phase.id.value,
        title: &phase.title,
        weeks: phase.weeks.value,
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

/// A page's navigation as a partial that reads `nav` is rendered for many pages: the same for
/// every page of a section at one depth, with the page's own guide list put in afterwards.
struct SharedNavigation {
    /// `nav` as text, its guide list replaced by [`NAV_GUIDES_MARK`]: pages whose navigation
    /// prints the same share a rendering.
    key: String,
    /// The page's guide list.
    guides: String,
}

impl SharedNavigation {
    fn of(context: &Context) -> Option<Self> {
        let serde_json::Value::Object(nav) = context.get("nav")? else {
            return None;
        };
        let guides = match nav.get("guides") {
            Some(serde_json::Value::String(guides)) => guides.clone(),
            _ => String::new(),
        };
        // A map of strings, numbers and lists: serializing it cannot fail.
        let key = serde_json::to_string(&MarkedNavigation(nav)).unwrap_or_default();
        Some(SharedNavigation { key, guides })
    }

    /// `nav` as the shared rendering sees it: its guide list replaced by the mark.
    fn marked(context: &Context) -> Option<serde_json::Value> {
        let serde_json::Value::Object(nav) = context.get("nav")? else {
            return None;
        };
        serde_json::to_value(MarkedNavigation(nav)).ok()
    }
}

/// Serializes `nav` with its guide list replaced by the mark, without copying it.
struct MarkedNavigation<'a>(&'a serde_json::Map<String, serde_json::Value>);

impl Serialize for MarkedNavigation<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            match value {
                serde_json::Value::String(guides) if key == "guides" && !guides.is_empty() => {
                    map.serialize_entry(key, NAV_GUIDES_MARK)?
                }
                _ => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

/// A shared navigation's HTML with the page's guide list where it printed
/// [`NAV_GUIDES_MARK`], built in one buffer of the final size.
fn with_guides(shared: &str, guides: &str) -> String {
    // Set up once: a search for a string pattern otherwise prepares itself on every call.
    static MARK: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(NAV_GUIDES_MARK));
    let mut html = String::with_capacity(shared.len() + guides.len());
    let mut copied = 0;
    for at in MARK.find_iter(shared.as_bytes()) {
        html.push_str(&shared[copied..at]);
        html.push_str(guides);
        copied = at + NAV_GUIDES_MARK.len();
    }
    html.push_str(&shared[copied..]);
    html
}

/// What every page's rendering shares, computed once per handbook: where each guide and
/// module stands in its reading order and its section's navigation, the template variables
/// that are the same on every page, and the navigation's guide lists rendered so far.
struct Shared {
    guides: HashMap<usize, usize>,
    modules: HashMap<usize, usize>,
    nav_places: HashMap<usize, NavPlace>,
    context: Context,
    nav_lists: NavLists,
    /// Shared partials rendered so far, by their index in the theme's list, page depth and,
    /// for those that read `nav`, the navigation (see [`SharedNavigation`]).
    partials: Mutex<rustc_hash::FxHashMap<(usize, String, String), Arc<str>>>,
}

/// Rendered guide lists by window and page depth (`root`).
type NavLists = Mutex<rustc_hash::FxHashMap<(NavWindow, String), Arc<str>>>;

impl Shared {
    fn of(site: &Site) -> Self {
        let positions = |order: &[usize]| order.iter().enumerate().map(|(p, &i)| (i, p)).collect();
        let mut context = Context::new();
        context.insert("site", site.config);
        context.insert("program_name", &site.program.name);
        // Department variants: the department this handbook is for (none for the
        // organization-wide one).
        context.insert("department", &site.variant.and_then(|v| v.department()));
        Shared {
            guides: positions(&site.reading_order),
            modules: positions(&site.module_order),
            nav_places: nav_places(site),
            context,
            nav_lists: Mutex::default(),
            partials: Mutex::default(),
        }
    }

    /// Puts the theme's shared partials, rendered once per depth, into a page's context; each
    /// reads only the handbook-wide values and the context's `root` (see [`crate::render::partials`]).
    fn insert_partials(&self, theme: &Theme, context: &mut Context) -> Result<(), Diagnostic> {
        if theme.shared_partials.is_empty() {
            return Ok(());
        }
        let root = context
            .get("root")
            .and_then(|r| r.as_str())
            .unwrap_or_default()
            .to_string();
        let rendered = || self.partials.lock().unwrap_or_else(PoisonError::into_inner);
        for (index, partial) in theme.shared_partials.iter().enumerate() {
            let navigation = partial
                .by_nav
                .then(|| SharedNavigation::of(context))
                .flatten();
            if partial.by_nav && navigation.is_none() {
                // No navigation on this page: its stub renders the partial itself.
                continue;
            }
            let (nav_key, guides) = match navigation {
                Some(SharedNavigation { key, guides }) => (key, Some(guides)),
                None => (String::new(), None),
            };
            let key = (index, root.clone(), nav_key);
            let known = rendered().get(&key).cloned();
            let html = match known {
                Some(html) => html,
                None => {
                    let mut handbook = self.context.clone();
                    handbook.insert("root", &root);
                    if let Some(nav) = guides
                        .as_ref()
                        .and_then(|_| SharedNavigation::marked(context))
                    {
                        insert_owned(&mut handbook, "nav", nav);
                    }
                    let html: Arc<str> = theme
                        .tera
                        .render(&partial.template, &handbook)
                        .map_err(|error| template_failure(theme, &partial.name, &error))?
                        .into();
                    rendered().insert(key, Arc::clone(&html));
                    html
                }
            };
            match &guides {
                Some(guides) => {
                    let html = with_guides(&html, guides);
                    insert_owned(context, &partial.variable, serde_json::Value::String(html));
                }
                None => context.insert(&partial.variable, &*html),
            }
        }
        Ok(())
    }

    /// The window of `section`'s guides that `page` lists: for a guide of that section, the
    /// chunk of its own list; otherwise the first chunk of every list.
    fn nav_window(&self, page: &Page, section: usize) -> NavWindow {
        let place = match page.kind {
            PageKind::Guide(index) => self.nav_places.get(&index),
            _ => None,
        };
        match place {
            Some(place) if place.section == section => NavWindow {
                section,
                group: place.group,
                chunk: place.position / NAV_WINDOW,
            },
            _ => NavWindow {
                section,
                group: None,
                chunk: 0,
            },
        }
    }

    /// The guide list for `window` at depth `root`, rendered by the first page that needs it.
    fn nav_guides(
        &self,
        site: &Site,
        theme: &Theme,
        window: NavWindow,
        root: &str,
    ) -> Result<Arc<str>, Diagnostic> {
        let key = (window, root.to_string());
        let lists = || {
            self.nav_lists
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(list) = lists().get(&key) {
            return Ok(Arc::clone(list));
        }
        let mut context = self.context.clone();
        context.insert("root", root);
        context.insert("section", &nav_guides(site, window, root));
        let list: Arc<str> = theme
            .tera
            .render(NAV_GUIDES_TEMPLATE, &context)
            .map_err(|error| template_failure(theme, NAV_GUIDES_TEMPLATE, &error))?
            .into();
        lists().insert(key, Arc::clone(&list));
        Ok(list)
    }
}

/// Where each guide stands in its section's navigation.
fn nav_places(site: &Site) -> HashMap<usize, NavPlace> {
    let mut places = HashMap::new();
    for (section_index, section) in site.sections.iter().enumerate() {
        let lists = std::iter::once((None, &section.guides)).chain(
            section
                .groups
                .iter()
                .enumerate()
                .map(|(group, g)| (Some(group), &g.guides)),
        );
        for (group, list) in lists {
            for (position, &guide) in list.iter().enumerate() {
                places.insert(
                    guide,
                    NavPlace {
                        section: section_index,
                        group,
                        position,
                    },
                );
            }
        }
    }
    places
}

/// Names the pages a failure stopped. One mistake in a template fails every page that uses
/// it in the same way: each distinct failure is reported once, with the first page it stopped
/// and how many more.
fn merge_page_failures(failures: Vec<(&str, Diagnostic)>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, Vec<&str>)> = Vec::new();
    for (page, diagnostic) in failures {
        match merged.iter_mut().find(|(first, _)| *first == diagnostic) {
            Some((_, pages)) => pages.push(page),
            None => merged.push((diagnostic, vec![page])),
        }
    }
    merged
        .into_iter()
        .map(|(mut diagnostic, pages)| {
            let stopped = match pages.as_slice() {
                [first, _, rest @ ..] => {
                    let others = rest.len() + 1;
                    let noun = if others == 1 { "page" } else { "pages" };
                    format!("{first} and {others} other {noun}")
                }
                _ => pages.concat(),
            };
            diagnostic.message = format!("cannot render {stopped}: {}", diagnostic.message);
            diagnostic
        })
        .collect()
}

/// The error for a template (or a partial) that failed to render; the caller names the page.
fn template_failure(theme: &Theme, template: &str, error: &tera::Error) -> Diagnostic {
    let message = error_chain(error);
    match unknown_variable(theme, &message) {
        Some((variable, template, source, at)) => {
            Diagnostic::error(format!("unknown variable `{variable}` in `{template}`"))
                .at(&source, at..at + variable.len())
                .with_hint(
                    "the page has no such value; docs/templates.md lists what each template gets",
                )
        }
        None => Diagnostic::error(message).with_hint(format!(
            "check the template `{template}` and the partials it includes"
        )),
    }
}

/// Reads a "Variable `x` not found ... while rendering 'name'" error and finds the variable's
/// first use in that template (Tera's run-time errors say which variable, but not where): the
/// variable, the template, its text and the variable's offset in it.
fn unknown_variable<'a>(
    theme: &Theme,
    message: &'a str,
) -> Option<(&'a str, &'a str, crate::diagnostics::SourceFile, usize)> {
    let (_, after) = message.split_once("Variable `")?;
    let (variable, after) = after.split_once("` not found")?;
    let (_, after) = after.split_once("while rendering '")?;
    let (template, _) = after.split_once('\'')?;
    let source = theme.template_source(template)?;
    let at = source.text.find(variable)?;
    Some((variable, template, source, at))
}

fn render_page(
    site: &Site,
    theme: &Theme,
    page: &Page,
    guides: &HashMap<usize, Arc<Rendered>>,
    module_guides: &HashMap<usize, Arc<Rendered>>,
    shared: &Shared,
) -> Result<OutputPage, Diagnostic> {
    let home = Link {
        title: "Home",
        path: HOME_PATH.into(),
    };
    let (template, mut context) = match page.kind {
        PageKind::Home => ("home.html", home_context(site, theme, shared, page)?),
        PageKind::NotFound => {
            // Servers show the 404 page at any depth, so relative links would break there:
            // it links from the site's base path instead.
            let mut context = base_context(site, theme, shared, page, "Page not found", None)?;
            context.insert("root", &not_found_root(&site.config.base_url));
            // Relative switcher links would break at the depths a server shows this page at.
            context.insert("switcher", &Vec::<()>::new());
            ("404.html", context)
        }
        PageKind::Search => {
            let mut context = base_context(site, theme, shared, page, "Search", None)?;
            context.insert("breadcrumbs", &vec![home]);
            ("search.html", context)
        }
        PageKind::Print => {
            let mut context = base_context(site, theme, shared, page, "The whole handbook", None)?;
            let guide_count = site.reading_order.len();
            let sections: Vec<serde_json::Value> = if guide_count <= PRINT_ALL_LIMIT {
                (0..site.sections.len())
                    .map(|i| print_section(site, i, &page.path, guides))
                    .collect()
            } else {
                Vec::new()
            };
            let section_links: Vec<Link> = site
                .sections
                .iter()
                .map(|s| Link {
                    title: &s.title,
                    path: section_print_path(&s.id),
                })
                .collect();
            let modules: Vec<serde_json::Value> = site
                .module_order
                .iter()
                .map(|&i| {
                    let entry = &site.project.modules[i];
                    serde_json::json!({
                        "id": entry.id,
                        "module": entry.data,
                        "agenda": agenda_rows(&entry.data),
                        "guide_html": module_guides.get(&i).map(|r| rebase_links(&r.html, &root_prefix(&item_path(Kind::Module, &entry.id)), &root_prefix(&page.path))),
                    })
                })
                .collect();
            context.insert("program", site.program);
            context.insert(
                "models",
                &site
                    .program
                    .model
                    .iter()
                    .map(|m| m.label())
                    .collect::<Vec<_>>(),
            );
            insert_owned(&mut context, "sections", serde_json::Value::Array(sections));
            context.insert("section_links", &section_links);
            context.insert("complete", &(guide_count <= PRINT_ALL_LIMIT));
            context.insert("modules", &modules);
            context.insert(
                "checklists",
                &site
                    .project
                    .checklists
                    .iter()
                    .map(|e| serde_json::json!({"id": e.id, "data": e.data}))
                    .collect::<Vec<_>>(),
            );
            ("print.html", context)
        }
        PageKind::SectionPrint(index) => {
            let section = &site.sections[index];
            let mut context =
                base_context(site, theme, shared, page, &section.title, Some(&section.id))?;
            insert_owned(
                &mut context,
                "sections",
                serde_json::Value::Array(vec![print_section(site, index, &page.path, guides)]),
            );
            context.insert(
                "breadcrumbs",
                &vec![
                    home,
                    Link {
                        title: &section.title,
                        path: section.path.clone(),
                    },
                ],
            );
            ("section-print.html", context)
        }
        PageKind::Section(index) => {
            let section = &site.sections[index];
            let mut context =
                base_context(site, theme, shared, page, &section.title, Some(&section.id))?;
            let cards = |list: &[usize]| -> Vec<GuideCard> {
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
            };
            let groups: Vec<serde_json::Value> = section
                .groups
                .iter()
                .map(|g| serde_json::json!({ "id": g.id, "title": g.title, "guides": cards(&g.guides) }))
                .collect();
            insert_owned(
                &mut context,
                "section",
                serde_json::json!({
                    "id": section.id, "title": section.title, "path": section.path,
                    "print_path": section_print_path(&section.id),
                    "guides": cards(&section.guides), "groups": groups,
                }),
            );
            context.insert("breadcrumbs", &vec![home]);
            ("section.html", context)
        }
        PageKind::Guide(index) => {
            let guide = site.guide(index);
            let section = site.section(&guide.section);
            let mut context = base_context(
                site,
                theme,
                shared,
                page,
                &guide.front.title,
                Some(&guide.section),
            )?;
            let rendered = guides.get(&index);
            let mut crumbs = vec![home];
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
            insert_owned(
                &mut context,
                "guide",
                serde_json::json!({
                    "title": guide.front.title,
                    "summary": guide.front.summary,
                    "audience": guide.front.audience,
                    "section": section.map(|s| &s.title),
                    "group": group_title,
                    "content": rendered.map_or("", |r| r.html.as_str()),
                    "source": guide.file,
                    "draft": guide.front.draft,
                }),
            );
            if let Some(&position) = shared.guides.get(&index) {
                prev_next(&site.reading_order, position, &mut context, |i| Link {
                    title: &site.guide(i).front.title,
                    path: site.guide_path(i).to_string(),
                });
            }
            ("guide.html", context)
        }
        PageKind::Curriculum => {
            let mut context = base_context(site, theme, shared, page, "Curriculum", None)?;
            let modules: Vec<ModuleCard> = site
                .module_order
                .iter()
                .map(|&i| module_card(site, i))
                .collect();
            let total: u32 = modules.iter().map(|m| m.duration_minutes).sum();
            context.insert("modules", &modules);
            context.insert("total_minutes", &total);
            context.insert("total_hours", &format_hours(total));
            context.insert("breadcrumbs", &vec![home]);
            ("curriculum.html", context)
        }
        PageKind::Module(index) => {
            let entry = &site.project.modules[index];
            let mut context = base_context(site, theme, shared, page, &entry.data.title, None)?;
            context.insert("module", &entry.data);
            context.insert("module_id", &entry.id);
            context.insert("agenda", &agenda_rows(&entry.data));
            context.insert("duration_hours", &format_hours(entry.data.duration_minutes));
            context.insert(
                "guide_html",
                &module_guides.get(&index).map(|r| r.html.as_str()),
            );
            context.insert(
                "toc",
                &module_guides
                    .get(&index)
                    .map(|r| r.toc.as_slice())
                    .unwrap_or_default(),
            );
            context.insert(
                "assessment",
                &entry
                    .data
                    .assessment
                    .as_ref()
                    .and_then(|a| item_link(site, &a.value)),
            );
            context.insert("phases", &phases_using(site, Kind::Module, &entry.id));
            context.insert(
                "breadcrumbs",
                &vec![
                    home,
                    Link {
                        title: "Curriculum",
                        path: CURRICULUM_PATH.into(),
                    },
                ],
            );
            if let Some(&position) = shared.modules.get(&index) {
                prev_next(&site.module_order, position, &mut context, |i| {
                    let m = &site.project.modules[i];
                    Link {
                        title: &m.data.title,
                        path: item_path(Kind::Module, &m.id),
                    }
                });
            }
            ("module.html", context)
        }
        PageKind::Checklists => {
            let mut context = base_context(site, theme, shared, page, "Checklists", None)?;
            context.insert("groups", &checklist_groups(site));
            context.insert("pack_path", CHECKLIST_PACK_PATH);
            context.insert("breadcrumbs", &vec![home]);
            ("checklists.html", context)
        }
        PageKind::Checklist(index) => {
            let entry = &site.project.checklists[index];
            let mut context = base_context(site, theme, shared, page, &entry.data.title, None)?;
            context.insert("checklist", &entry.data);
            context.insert("checklist_id", &entry.id);
            context.insert("item_count", &entry.data.item_count());
            context.insert("phase", &phase_of(site, entry.data.phase.as_ref()));
            context.insert("pack_path", CHECKLIST_PACK_PATH);
            context.insert(
                "breadcrumbs",
                &vec![
                    home,
                    Link {
                        title: "Checklists",
                        path: CHECKLISTS_PATH.into(),
                    },
                ],
            );
            ("checklist.html", context)
        }
        PageKind::ChecklistPack => {
            let mut context = base_context(
                site,
                theme,
                shared,
                page,
                "All checklists, ready to print",
                None,
            )?;
            let checklists: Vec<serde_json::Value> = checklist_groups(site)
                .iter()
                .flat_map(|group| group.audiences.iter())
                .flat_map(|audience| audience.items.iter())
                .filter_map(|item| site.checklist(item.id))
                .map(|entry| {
                    serde_json::json!({
                        "id": entry.id,
                        "data": entry.data,
                        "phase": phase_of(site, entry.data.phase.as_ref()),
                    })
                })
                .collect();
            context.insert("checklists", &checklists);
            context.insert(
                "breadcrumbs",
                &vec![
                    home,
                    Link {
                        title: "Checklists",
                        path: CHECKLISTS_PATH.into(),
                    },
                ],
            );
            ("checklist-pack.html", context)
        }
        PageKind::Surveys => {
            let mut context = base_context(site, theme, shared, page, "Surveys", None)?;
            context.insert(
                "groups",
                &by_phase(
                    site,
                    site.project
                        .surveys
                        .iter()
                        .map(|e| (e, e.data.phase.as_ref())),
                ),
            );
            context.insert("breadcrumbs", &vec![home]);
            ("surveys.html", context)
        }
        PageKind::Survey(index)
        | PageKind::SurveyPrint(index)
        | PageKind::SurveyDictionary(index) => {
            let entry = &site.project.surveys[index];
            let (title, template) = match page.kind {
                PageKind::SurveyPrint(_) => (
                    format!("{} (paper version)", entry.data.title),
                    "survey-print.html",
                ),
                PageKind::SurveyDictionary(_) => (
                    format!("{}: data dictionary", entry.data.title),
                    "survey-dictionary.html",
                ),
                _ => (entry.data.title.clone(), "survey.html"),
            };
            let mut context = base_context(site, theme, shared, page, &title, None)?;
            context.insert("survey", &entry.data);
            context.insert("survey_id", &entry.id);
            context.insert("sections", &survey_sections(site, &entry.data));
            let rows = dictionary_rows(site, &entry.data);
            context.insert(
                "columns",
                &rows.iter().map(|r| r.column).collect::<Vec<_>>(),
            );
            context.insert(
                "question_ids",
                &entry
                    .data
                    .all_questions()
                    .map(|q| q.id.value.as_str())
                    .collect::<Vec<_>>(),
            );
            context.insert("dictionary", &rows);
            context.insert("phase", &phase_of(site, entry.data.phase.as_ref()));
            context.insert("survey_path", &item_path(Kind::Survey, &entry.id));
            context.insert("print_path", &survey_print_path(&entry.id));
            context.insert("dictionary_path", &survey_dictionary_path(&entry.id));
            context.insert(
                "dictionary_csv_path",
                &survey_dictionary_csv_path(&entry.id),
            );
            let mut crumbs = vec![
                home,
                Link {
                    title: "Surveys",
                    path: SURVEYS_PATH.into(),
                },
            ];
            if !matches!(page.kind, PageKind::Survey(_)) {
                crumbs.push(Link {
                    title: &entry.data.title,
                    path: item_path(Kind::Survey, &entry.id),
                });
            }
            context.insert("breadcrumbs", &crumbs);
            (template, context)
        }
    };
    shared.insert_partials(theme, &mut context)?;
    let mut html = Vec::with_capacity(page_capacity(site, page, guides));
    theme
        .tera
        .render_to(template, &context, &mut html)
        .map_err(|error| template_failure(theme, template, &error))?;
    // Tera writes only whole strings.
    let html = String::from_utf8(html).map_err(|error| Diagnostic::error(error.to_string()))?;
    Ok(OutputPage {
        path: page.path.clone(),
        html,
    })
}

/// Room for a page's HTML before it renders: the rendered guides it shows and the theme around
/// them, so the buffer seldom grows by copying what it holds.
fn page_capacity(site: &Site, page: &Page, guides: &HashMap<usize, Arc<Rendered>>) -> usize {
    const THEME_BYTES: usize = 24 * 1024;
    // A print page's markup around each guide: its article, title and summary. Without it a
    // 2,500-guide section outgrew its buffer by a few percent and was copied to one twice
    // the size.
    const PRINTED_GUIDE_BYTES: usize = 1024;
    let guide_bytes = |i: &usize| guides.get(i).map_or(0, |r| r.html.len());
    THEME_BYTES
        + match page.kind {
            PageKind::Guide(index) => guide_bytes(&index),
            PageKind::SectionPrint(index) => {
                let section = &site.sections[index];
                let grouped = section.groups.iter().flat_map(|g| &g.guides);
                section
                    .guides
                    .iter()
                    .chain(grouped)
                    .map(|i| guide_bytes(i) + PRINTED_GUIDE_BYTES)
                    .sum()
            }
            _ => 0,
        }
}

/// A guide section with every guide's rendered content, for a print page at `page_path`.
fn print_section(
    site: &Site,
    index: usize,
    page_path: &str,
    guides: &HashMap<usize, Arc<Rendered>>,
) -> serde_json::Value {
    let section = &site.sections[index];
    let target_root = root_prefix(page_path);
    let guide = |&i: &usize| {
        let g = site.guide(i);
        let html = guides
            .get(&i)
            .map(|r| rebased(&r.html, &root_prefix(site.guide_path(i)), &target_root))
            .unwrap_or_default();
        let mut value = serde_json::json!({
            "title": g.front.title, "summary": g.front.summary, "audience": g.front.audience,
            "anchor": format!("guide-{}", g.key.replace('/', "-")),
        });
        // Moved in, not through `json!`, which would copy it: a section's print page holds
        // every guide of the section.
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("content".into(), serde_json::Value::String(html));
        }
        value
    };
    let groups: Vec<serde_json::Value> = section
        .groups
        .iter()
        .map(|g| serde_json::json!({ "title": g.title, "guides": g.guides.par_iter().map(guide).collect::<Vec<_>>() }))
        .collect();
    serde_json::json!({
        "id": section.id, "title": section.title,
        "guides": section.guides.par_iter().map(guide).collect::<Vec<_>>(), "groups": groups,
    })
}

/// [`rebase_links`], kept in the memo when it is on: every department's print pages mostly
/// hold the same guides.
fn rebased(html: &str, from_root: &str, to_root: &str) -> String {
    if !crate::cache::enabled() {
        return rebase_links(html, from_root, to_root);
    }
    let key = crate::cache::key([from_root.as_bytes(), to_root.as_bytes(), html.as_bytes()]);
    String::clone(&crate::cache::REBASED.get_or(key, || rebase_links(html, from_root, to_root)))
}

/// Moves rendered HTML from a page at one depth to another: links that climb to the site root
/// (`../../x.html`) are re-prefixed. Links to content pages are always written that way.
fn rebase_links(html: &str, from_root: &str, to_root: &str) -> String {
    if from_root == to_root {
        return html.to_string();
    }
    if from_root.is_empty() {
        return html
            .replace("href=\"", &format!("href=\"{to_root}"))
            .replace(&format!("href=\"{to_root}#"), "href=\"#");
    }
    // One pass over the HTML: a section's print page rebases thousands of guides.
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), from_root.as_bytes()) {
        let before = &html[..at];
        if at >= copied && (before.ends_with("href=\"") || before.ends_with("src=\"")) {
            out.push_str(&html[copied..at]);
            out.push_str(to_root);
            copied = at + from_root.len();
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The search index over guides, modules, checklists and surveys.
fn search_index(site: &Site, guides: &HashMap<usize, Arc<Rendered>>) -> String {
    use crate::render::search::{SearchDoc, Text, index_script};
    let mut docs: Vec<SearchDoc> = site
        .reading_order
        .par_iter()
        .map(|&i| {
            let g = site.guide(i);
            SearchDoc {
                title: &g.front.title,
                path: site.guide_path(i).to_string(),
                kind: "guide",
                summary: g.front.summary.as_deref(),
                text: Text::Html(guides.get(&i).map_or("", |r| r.html.as_str())),
            }
        })
        .collect();
    for &i in &site.module_order {
        let e = &site.project.modules[i];
        docs.push(SearchDoc {
            title: &e.data.title,
            path: item_path(Kind::Module, &e.id),
            kind: "training module",
            summary: e.data.objectives.first().map(String::as_str),
            text: Text::Plain(
                e.data.objectives.join(" ")
                    + " "
                    + &e.data
                        .agenda
                        .iter()
                        .map(|a| a.activity.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
            ),
        });
    }
    for e in &site.project.checklists {
        docs.push(SearchDoc {
            title: &e.data.title,
            path: item_path(Kind::Checklist, &e.id),
            kind: "checklist",
            summary: e.data.intro.as_deref(),
            text: Text::Plain(
                e.data
                    .sections
                    .iter()
                    .flat_map(|s| s.items.iter().map(|i| i.text.as_str()))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        });
    }
    for e in &site.project.surveys {
        docs.push(SearchDoc {
            title: &e.data.title,
            path: item_path(Kind::Survey, &e.id),
            kind: "survey",
            summary: e.data.intro.as_deref(),
            text: Text::Plain(
                e.data
                    .all_questions()
                    .map(|q| q.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        });
    }
    index_script(&docs)
}

/// The link prefix for the 404 page: the path part of `base_url`, ending in `/`.
fn not_found_root(base_url: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    if path.starts_with('/') {
        format!("{}/", path.trim_end_matches('/'))
    } else {
        "/".to_string()
    }
}

fn format_hours(minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (hours, rest) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
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

fn agenda_rows(module: &Module) -> Vec<AgendaRow<'_>> {
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

/// A link to a checklist, survey or module by id (checklists first for assessments).
fn item_link<'a>(site: &'a Site, id: &str) -> Option<ItemLink<'a>> {
    kind_link(site, Kind::Checklist, id).or_else(|| kind_link(site, Kind::Survey, id))
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

/// Items grouped by their phase, in program order; items without a phase come last.
fn by_phase<'a, T: Serialize + 'a>(
    site: &'a Site,
    items: impl Iterator<Item = (&'a Entry<T>, Option<&'a crate::model::Located<String>>)>,
) -> Vec<serde_json::Value> {
    let items: Vec<_> = items.collect();
    let mut groups = Vec::new();
    let phase_ids: Vec<Option<&str>> = site
        .program
        .phases
        .iter()
        .map(|p| Some(p.id.value.as_str()))
        .chain(std::iter::once(None))
        .collect();
    for phase_id in phase_ids {
        let members: Vec<serde_json::Value> = items
            .iter()
            .filter(|(_, phase)| phase.map(|p| p.value.as_str()) == phase_id)
            .map(|(entry, _)| {
                serde_json::json!({ "id": entry.id, "path": format!("{}/{}.html", folder_of(site, entry), entry.id), "data": entry.data })
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let phase = phase_id
            .and_then(|id| site.program.phases.iter().find(|p| p.id.value == id))
            .map(phase_ref);
        groups.push(serde_json::json!({ "phase": phase, "items": members }));
    }
    groups
}

fn folder_of<'a, T>(site: &'a Site, entry: &'a Entry<T>) -> &'a str {
    // A department file stands for the organization-wide path it mirrors.
    site.project
        .logical_path(&entry.file)
        .split('/')
        .nth(1)
        .unwrap_or("")
}

fn home_context(
    site: &Site,
    theme: &Theme,
    shared: &Shared,
    page: &Page,
) -> Result<Context, Diagnostic> {
    let mut context = base_context(site, theme, shared, page, &site.program.name, None)?;
    let phases: Vec<PhaseView> = site
        .program
        .phases
        .iter()
        .map(|phase| {
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
        })
        .collect();
    let sections: Vec<serde_json::Value> = site
        .sections
        .iter()
        .map(|s| {
            let count = s.guides.len() + s.groups.iter().map(|g| g.guides.len()).sum::<usize>();
            serde_json::json!({ "id": s.id, "title": s.title, "path": s.path, "count": count })
        })
        .collect();
    let models: Vec<&str> = site.program.model.iter().map(|m| m.label()).collect();
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
    context.insert("curriculum_hours", &format_hours(total));
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

/// Answer options of a question as `value`/`label` pairs, as they are coded in the CSV.
fn answer_options(question: &Question, survey: &Survey, site: &Site) -> Vec<AnswerOption> {
    let numbered = |from: i64, to: i64| -> Vec<AnswerOption> {
        (from..=to)
            .map(|n| AnswerOption {
                value: n.to_string(),
                label: n.to_string(),
            })
            .collect()
    };
    match question.kind.value {
        QuestionKind::Likert => question
            .scale
            .as_ref()
            .and_then(|s| scale_labels(&s.value, survey, &site.config.scales))
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, label)| AnswerOption {
                value: (i + 1).to_string(),
                label: label.to_string(),
            })
            .collect(),
        QuestionKind::Rating => numbered(1, question.max.as_ref().map_or(5, |m| m.value.0 as i64)),
        QuestionKind::Nps => numbered(0, 10),
        QuestionKind::YesNo => vec![
            AnswerOption {
                value: "yes".into(),
                label: "Yes".into(),
            },
            AnswerOption {
                value: "no".into(),
                label: "No".into(),
            },
        ],
        QuestionKind::Choice => question
            .options
            .as_ref()
            .map(|o| {
                o.value
                    .iter()
                    .map(|v| AnswerOption {
                        value: v.clone(),
                        label: v.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Digit boxes for a number on paper: enough for `min` and `max`, 3 when unbounded.
fn number_digits(question: &Question) -> usize {
    let width = |n: &crate::model::Located<crate::model::Number>| n.value.to_string().len();
    let widest = question
        .min
        .iter()
        .chain(question.max.iter())
        .map(width)
        .max()
        .unwrap_or(3);
    widest.clamp(1, 8)
}

fn survey_sections<'a>(site: &'a Site, survey: &'a Survey) -> Vec<SurveySectionView<'a>> {
    let numbers: HashMap<&str, (usize, &str)> = survey
        .all_questions()
        .enumerate()
        .map(|(i, q)| (q.id.value.as_str(), (i + 1, q.text.as_str())))
        .collect();
    let kinds: HashMap<&str, QuestionKind> = survey
        .all_questions()
        .map(|q| (q.id.value.as_str(), q.kind.value))
        .collect();
    let view = |question: &'a Question| -> QuestionView<'a> {
        let id = question.id.value.as_str();
        QuestionView {
            number: numbers.get(id).map_or(0, |(n, _)| *n),
            id,
            kind: question.kind.value.name(),
            text: &question.text,
            required: question.required,
            coding: value_coding(question, &answer_options(question, survey, site)),
            digits: number_digits(question),
            options: answer_options(question, survey, site),
            scale: question.scale.as_ref().map(|s| s.value.as_str()),
            min: question.min.as_ref().map(|m| m.value.to_string()),
            max: question.max.as_ref().map(|m| m.value.to_string()),
            multiple: question.multiple,
            long: question.long,
            show_if: question.show_if.as_ref().map(|s| {
                let (number, text) = numbers
                    .get(s.question.value.as_str())
                    .copied()
                    .unwrap_or((0, ""));
                let label = match kinds.get(s.question.value.as_str()) {
                    Some(QuestionKind::YesNo) if s.equals.value == "yes" => "Yes".to_string(),
                    Some(QuestionKind::YesNo) if s.equals.value == "no" => "No".to_string(),
                    _ => s.equals.value.clone(),
                };
                ShowIfView {
                    question: &s.question.value,
                    equals: &s.equals.value,
                    number,
                    text,
                    label,
                }
            }),
        }
    };
    let mut sections = Vec::new();
    if !survey.questions.is_empty() {
        sections.push(SurveySectionView {
            title: None,
            questions: survey.questions.iter().map(view).collect(),
        });
    }
    for section in &survey.sections {
        sections.push(SurveySectionView {
            title: Some(&section.title),
            questions: section.questions.iter().map(view).collect(),
        });
    }
    sections
}

/// The inline summary card for `{{ checklist(id="...") }}` and friends, on a page `root` away
/// from the handbook's root.
fn embed_card(site: &Site, theme: &Theme, kind: Kind, id: &str, root: &str) -> Option<String> {
    let (title, summary, meta) = match kind {
        Kind::Checklist => {
            let e = site.checklist(id)?;
            (&e.data.title, e.data.intro.clone(), checklist_meta(&e.data))
        }
        Kind::Survey => {
            let e = site.survey(id)?;
            let n = e.data.all_questions().count();
            (
                &e.data.title,
                e.data.intro.clone(),
                format!("{n} questions"),
            )
        }
        Kind::Module => {
            let e = site.module(id)?;
            (
                &e.data.title,
                e.data.objectives.first().cloned(),
                format_hours(e.data.duration_minutes),
            )
        }
    };
    let mut context = Context::new();
    context.insert("kind", kind.noun());
    context.insert("id", id);
    context.insert("title", title);
    context.insert("summary", &summary);
    context.insert("meta", &meta);
    let url = format!("{root}{}", item_path(kind, id));
    context.insert("url", &url);
    // A broken embed template is reported when the theme's pages render; here it falls back
    // to a plain link so the guide still renders.
    Some(
        theme
            .tera
            .render("partials/embed.html", &context)
            .unwrap_or_else(|_| {
                format!(
                    "<p><a href=\"{url}\">{}</a></p>",
                    crate::render::theme::escape_html(title)
                )
            }),
    )
}

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

/// "Mentors", "Mentors and mentees", "Everyone".
fn audience_label(list: &[Audience]) -> String {
    let labels: Vec<String> = list
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i == 0 {
                a.label().to_string()
            } else {
                a.label().to_lowercase()
            }
        })
        .collect();
    match labels.as_slice() {
        [] => "Everyone".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Checklists by phase (program order; no phase last), then by audience.
fn checklist_groups<'a>(site: &'a Site<'a>) -> Vec<ChecklistGroup<'a>> {
    let phase_ids = site
        .program
        .phases
        .iter()
        .map(|p| Some(p.id.value.as_str()))
        .chain(std::iter::once(None));
    let mut groups = Vec::new();
    for phase_id in phase_ids {
        let mut members: Vec<&Entry<Checklist>> = site
            .project
            .checklists
            .iter()
            .filter(|e| e.data.phase.as_ref().map(|p| p.value.as_str()) == phase_id)
            .collect();
        if members.is_empty() {
            continue;
        }
        // Single audiences in their natural order first, then combinations.
        members.sort_by(|a, b| {
            let key = |e: &Entry<Checklist>| {
                let mut list = e.data.audience.0.clone();
                list.sort();
                (list.len() != 1, list)
            };
            key(a).cmp(&key(b))
        });
        let mut audiences: Vec<AudienceGroup> = Vec::new();
        for entry in members {
            let mut list = entry.data.audience.0.clone();
            list.sort();
            let label = audience_label(&list);
            let card = ChecklistCard {
                id: &entry.id,
                title: &entry.data.title,
                path: item_path(Kind::Checklist, &entry.id),
                intro: entry.data.intro.as_deref(),
                audience: &entry.data.audience.0,
                item_count: entry.data.item_count(),
            };
            match audiences.last_mut() {
                Some(group) if group.label == label => group.items.push(card),
                _ => audiences.push(AudienceGroup {
                    label,
                    items: vec![card],
                }),
            }
        }
        let phase = phase_id
            .and_then(|id| site.program.phases.iter().find(|p| p.id.value == id))
            .map(phase_ref);
        groups.push(ChecklistGroup { phase, audiences });
    }
    groups
}

/// One column of a survey's CSV, as the data dictionary describes it.
#[derive(Serialize)]
struct DictionaryRow<'a> {
    column: &'a str,
    number: Option<usize>,
    question: &'a str,
    kind: &'static str,
    required: bool,
    section: Option<&'a str>,
    coding: String,
    condition: Option<String>,
}

/// How the answers to a question are written in the CSV.
fn value_coding(question: &Question, options: &[AnswerOption]) -> String {
    let list = |options: &[AnswerOption]| {
        options
            .iter()
            .map(|o| o.value.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    match question.kind.value {
        QuestionKind::Likert => {
            let codes: Vec<String> = options
                .iter()
                .map(|o| format!("{} = {}", o.value, o.label))
                .collect();
            codes.join(" | ")
        }
        QuestionKind::Rating => format!(
            "whole number from 1 to {}",
            options.last().map_or("5", |o| o.value.as_str())
        ),
        QuestionKind::Nps => {
            "whole number from 0 (not at all likely) to 10 (extremely likely)".into()
        }
        QuestionKind::YesNo => "yes | no".into(),
        QuestionKind::Choice if question.multiple => format!(
            "any of: {}; several answers are joined with \";\" in the order listed",
            list(options)
        ),
        QuestionKind::Choice => format!("one of: {}", list(options)),
        QuestionKind::Number => match (&question.min, &question.max) {
            (Some(min), Some(max)) => format!("number from {} to {}", min.value, max.value),
            (Some(min), None) => format!("number, at least {}", min.value),
            (None, Some(max)) => format!("number, at most {}", max.value),
            (None, None) => "number".into(),
        },
        QuestionKind::Text if question.long => "free text (several lines)".into(),
        QuestionKind::Text => "free text".into(),
        QuestionKind::Date => "date as YYYY-MM-DD".into(),
    }
}

/// The columns of a survey's CSV in order: `submitted_at`, `respondent` for a survey that is
/// not anonymous, then every question id in document order.
fn dictionary_rows<'a>(site: &'a Site, survey: &'a Survey) -> Vec<DictionaryRow<'a>> {
    let mut rows = vec![DictionaryRow {
        column: "submitted_at",
        number: None,
        question: "When the answers were saved",
        kind: "datetime",
        required: false,
        section: None,
        coding: "date and time in UTC, ISO 8601 (2025-03-14T09:30:00.000Z); empty on paper".into(),
        condition: None,
    }];
    if !survey.anonymous {
        rows.push(DictionaryRow {
            column: "respondent",
            number: None,
            question: "Your name",
            kind: "text",
            required: true,
            section: None,
            coding: "free text".into(),
            condition: None,
        });
    }
    let sections = survey.questions.iter().map(|q| (None, q)).chain(
        survey
            .sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (Some(s.title.as_str()), q))),
    );
    let numbers: HashMap<&str, usize> = survey
        .all_questions()
        .enumerate()
        .map(|(i, q)| (q.id.value.as_str(), i + 1))
        .collect();
    for (number, (section, question)) in sections.enumerate() {
        let options = answer_options(question, survey, site);
        rows.push(DictionaryRow {
            column: &question.id.value,
            number: Some(number + 1),
            question: &question.text,
            kind: question.kind.value.name(),
            required: question.required,
            section,
            coding: value_coding(question, &options),
            condition: question.show_if.as_ref().map(|s| {
                let n = numbers.get(s.question.value.as_str()).copied().unwrap_or(0);
                format!(
                    "only if question {n} ({}) is \"{}\"; empty otherwise",
                    s.question.value, s.equals.value
                )
            }),
        });
    }
    rows
}

/// The data dictionary as CSV: one row per column of the survey's responses CSV.
fn dictionary_csv(site: &Site, survey: &Survey) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record([
        "column",
        "number",
        "question",
        "type",
        "required",
        "section",
        "coding",
        "condition",
    ])?;
    for row in dictionary_rows(site, survey) {
        let number = row.number.map(|n| n.to_string()).unwrap_or_default();
        writer.write_record([
            row.column,
            &number,
            row.question,
            row.kind,
            if row.required { "yes" } else { "no" },
            row.section.unwrap_or(""),
            &row.coding,
            row.condition.as_deref().unwrap_or(""),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Every field written above is a Rust string, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn checklist_meta(checklist: &Checklist) -> String {
    format!("{} items", checklist.item_count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_page_links_from_the_base_path() {
        assert_eq!(not_found_root("/"), "/");
        assert_eq!(not_found_root("/handbook"), "/handbook/");
        assert_eq!(
            not_found_root("https://intranet.example/mentoring/"),
            "/mentoring/"
        );
        assert_eq!(not_found_root("https://intranet.example"), "/");
    }

    #[test]
    fn the_current_link_is_marked_by_its_exact_url() {
        let list = "<a href=\"../a.html\">A</a><a href=\"../aa.html\">AA</a><a class=\"x\" href=\"../a.html\">A again</a>";
        assert_eq!(
            mark_current(list, "../a.html"),
            "<a href=\"../a.html\" aria-current=\"page\">A</a><a href=\"../aa.html\">AA</a><a class=\"x\" href=\"../a.html\" aria-current=\"page\">A again</a>"
        );
        // The URL is matched as the template printed it: escaped.
        assert_eq!(
            mark_current("<a href=\"q&amp;a.html\">", "q&a.html"),
            "<a href=\"q&amp;a.html\" aria-current=\"page\">"
        );
        assert_eq!(mark_current(list, "../b.html"), list);
    }

    #[test]
    fn links_to_the_site_root_are_rebased_to_the_new_depth() {
        let html = concat!(
            "<a href=\"../../../guides/a.html\">A</a><img src=\"../../../img/x.png\" alt=\"\">",
            "<a href=\"#top\">top</a><a href=\"https://example.org/\">out</a>",
            "<p>../../../ stays in text</p><a href=\"../../../../up.html\">up</a>"
        );
        assert_eq!(
            rebase_links(html, "../../../", "../../"),
            concat!(
                "<a href=\"../../guides/a.html\">A</a><img src=\"../../img/x.png\" alt=\"\">",
                "<a href=\"#top\">top</a><a href=\"https://example.org/\">out</a>",
                "<p>../../../ stays in text</p><a href=\"../../../up.html\">up</a>"
            )
        );
        assert_eq!(rebase_links(html, "../", "../"), html);
        // From the site root every relative link gains the prefix, but in-page anchors stay.
        assert_eq!(
            rebase_links("<a href=\"a.html\">a</a><a href=\"#b\">b</a>", "", "../"),
            "<a href=\"../a.html\">a</a><a href=\"#b\">b</a>"
        );
    }

    #[test]
    fn a_shared_navigation_gets_the_page_guide_list_at_each_mark() {
        let shared = format!("<ul>{NAV_GUIDES_MARK}</ul><p>{NAV_GUIDES_MARK}</p>");
        assert_eq!(
            with_guides(&shared, "<li>a</li>"),
            "<ul><li>a</li></ul><p><li>a</li></p>"
        );
        assert_eq!(with_guides("<nav></nav>", "<li>a</li>"), "<nav></nav>");
    }

    #[test]
    fn hours_read_naturally() {
        assert_eq!(format_hours(45), "45 min");
        assert_eq!(format_hours(120), "2 h");
        assert_eq!(format_hours(450), "7 h 30 min");
    }
}
