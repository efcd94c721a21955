//! The navigation's data: the sections, which guides a page's guide list shows (in chunks, so a
//! page's navigation stays the same size however large a section grows) and which fixed link
//! leads to the page.

use std::collections::HashMap;

use serde::Serialize;

use crate::resolve::Site;
use crate::resolve::pages::{Page, PageKind};
use crate::resolve::urls::{CHECKLISTS_PATH, CURRICULUM_PATH, HOME_PATH, PRINT_PATH, SURVEYS_PATH};

/// Most guides a list shows in navigation: a large group is cut into chunks of this many and a
/// page lists the chunk it is in, so a page's navigation (and a build's cost per page) stays
/// the same however large a group grows.
const NAV_WINDOW: usize = 40;

/// Up to this many guides, a section lists every group's guides; above, only the guides of the
/// reader's group.
const NAV_SMALL_SECTION: usize = 60;

/// A guide in the navigation's guide list. `url` is relative to the page the list is shown
/// on, so the template prints each link with few lookups.
#[derive(Serialize)]
pub struct NavLink<'a> {
    pub title: &'a str,
    pub path: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct NavGroup<'a> {
    pub title: &'a str,
    pub guides: Vec<NavLink<'a>>,
    /// Guides of a large group left out before and after the listed chunk.
    pub more_before: usize,
    pub more_after: usize,
}

/// The guide list of the current section, as `partials/nav-guides.html` receives it. It is
/// rendered once per chunk of guides and page depth, and shared by every page that shows it.
#[derive(Serialize)]
pub struct NavGuides<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    pub guides: Vec<NavLink<'a>>,
    pub more_before: usize,
    pub more_after: usize,
    pub groups: Vec<NavGroup<'a>>,
}

#[derive(Serialize)]
pub struct NavSection<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    /// The page is in this section (or is its index); only its guides are listed.
    pub current: bool,
    /// The page is the section's index.
    pub here: bool,
}

/// The `aria-current` value of each fixed link for a page: `page` on the page it leads to,
/// `true` on the index of the part of the handbook the page is in, else empty.
#[derive(Serialize)]
pub struct NavCurrent {
    pub home: &'static str,
    pub curriculum: &'static str,
    pub checklists: &'static str,
    pub surveys: &'static str,
    pub print: &'static str,
}

impl NavCurrent {
    pub fn of(page_path: &str) -> Self {
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

/// Every guide section, as the navigation of the page at `page_path` lists it; `current` is the
/// index of the section the page belongs to.
pub fn nav_sections<'a>(
    site: &'a Site,
    page_path: &str,
    current: Option<usize>,
) -> Vec<NavSection<'a>> {
    site.sections
        .iter()
        .enumerate()
        .map(|(index, s)| NavSection {
            id: &s.id,
            title: &s.title,
            path: &s.path,
            current: current == Some(index),
            here: page_path == s.path,
        })
        .collect()
}

/// Which guides of a section a page's navigation lists: the list the page is in (a group, or
/// `None` for the section's ungrouped guides) and the chunk of that list holding the page.
/// Pages with the same window and depth show the same guide list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NavWindow {
    pub section: usize,
    pub group: Option<usize>,
    pub chunk: usize,
}

/// Where a guide stands in its section's navigation: its section, its group (`None` when
/// ungrouped) and its position in that list.
#[derive(Debug, Clone, Copy)]
struct NavPlace {
    section: usize,
    group: Option<usize>,
    position: usize,
}

/// Where each guide stands in its section's navigation, looked up once per handbook.
pub struct NavPlaces(HashMap<usize, NavPlace>);

impl NavPlaces {
    pub fn of(site: &Site) -> Self {
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
        NavPlaces(places)
    }

    /// The window of `section`'s guides that `page` lists: for a guide of that section, the
    /// chunk of its own list; otherwise the first chunk of every list.
    pub fn window(&self, page: &Page, section: usize) -> NavWindow {
        let place = match page.kind {
            PageKind::Guide(index) => self.0.get(&index),
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
}

/// The guides of a section that the navigation lists in `window`, with URLs from `root`.
pub fn nav_guides<'a>(site: &'a Site, window: NavWindow, root: &str) -> NavGuides<'a> {
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
