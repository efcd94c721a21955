//! Stage 2, resolve: decide every page's output path, the reading order and the navigation.
//!
//! All paths here are relative to the output root with `/` separators (`guides/goals/why.html`).
//! Templates turn them into relative links with the page's `root` prefix, so the site works
//! from `file://` and under any sub-path.

pub mod branding;
pub mod links;
pub mod nav;
pub mod overlay;
pub mod pages;
pub mod urls;
pub mod variants;

pub use self::pages::{Page, PageCounts, PageKind, page_list, page_paths};
pub use self::urls::*;

use std::collections::HashMap;

use crate::model::{Checklist, Config, Entry, GuideSource, Kind, Module, Program, Project, Survey};
use crate::resolve::variants::VariantRef;

/// Sections the content format names, in the order a reader meets them.
const KNOWN_SECTIONS: &[&str] = &["goals", "training", "expectations", "evaluation"];

/// What the theme calls a section (it names those the content format names); `None` titles it
/// from its folder name.
pub type SectionTitles<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// A guide section (`content/guides/<id>/`).
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub path: String,
    /// Guides directly in the section folder, in order (indices into `Project::guides`).
    pub guides: Vec<usize>,
    pub groups: Vec<Group>,
}

/// A sub-folder of a section, shown as a sub-heading in navigation.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub title: String,
    pub guides: Vec<usize>,
}

/// The project with every page placed.
pub struct Site<'p> {
    pub project: &'p Project,
    pub config: &'p Config,
    pub program: &'p Program,
    pub sections: Vec<Section>,
    /// Every published guide in reading order (for previous/next).
    pub reading_order: Vec<usize>,
    /// Modules in curriculum order (indices into `Project::modules`).
    pub module_order: Vec<usize>,
    guide_paths: HashMap<usize, String>,
    by_source: HashMap<String, Target>,
    by_id: HashMap<(Kind, String), usize>,
    draft_sources: HashMap<String, String>,
    /// Which variant of the build this is (organization-wide or a department's), for the
    /// department switcher; `None` when the build has no departments to switch between.
    pub variant: Option<VariantRef<'p>>,
}

/// What a content file turns into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Guide(usize),
    Item(Kind, usize),
}

impl<'p> Site<'p> {
    pub fn guide(&self, index: usize) -> &'p GuideSource {
        &self.project.guides[index]
    }

    pub fn guide_path(&self, index: usize) -> &str {
        self.guide_paths.get(&index).map_or("", String::as_str)
    }

    pub fn checklist(&self, id: &str) -> Option<&'p Entry<Checklist>> {
        self.lookup(Kind::Checklist, id)
            .map(|i| &self.project.checklists[i])
    }

    pub fn survey(&self, id: &str) -> Option<&'p Entry<Survey>> {
        self.lookup(Kind::Survey, id)
            .map(|i| &self.project.surveys[i])
    }

    pub fn module(&self, id: &str) -> Option<&'p Entry<Module>> {
        self.lookup(Kind::Module, id)
            .map(|i| &self.project.modules[i])
    }

    pub fn lookup(&self, kind: Kind, id: &str) -> Option<usize> {
        self.by_id.get(&(kind, id.to_string())).copied()
    }

    /// The page a content file (by project-relative path) is published as.
    pub fn target_of_source(&self, source: &str) -> Option<Target> {
        self.by_source.get(source).copied()
    }

    /// The title of a draft guide at this source path, if it is one (drafts are not published).
    pub fn draft_title(&self, source: &str) -> Option<&str> {
        self.draft_sources.get(source).map(String::as_str)
    }

    pub fn target_path(&self, target: Target) -> String {
        match target {
            Target::Guide(index) => self.guide_path(index).to_string(),
            Target::Item(kind, index) => item_path(kind, self.item_id(kind, index)),
        }
    }

    /// The id of checklist, survey or module `index` (an index into its `Project` list).
    pub fn item_id(&self, kind: Kind, index: usize) -> &'p str {
        match kind {
            Kind::Checklist => &self.project.checklists[index].id,
            Kind::Survey => &self.project.surveys[index].id,
            Kind::Module => &self.project.modules[index].id,
        }
    }

    /// The title of checklist, survey or module `index`.
    pub fn item_title(&self, kind: Kind, index: usize) -> &'p str {
        match kind {
            Kind::Checklist => &self.project.checklists[index].data.title,
            Kind::Survey => &self.project.surveys[index].data.title,
            Kind::Module => &self.project.modules[index].data.title,
        }
    }

    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn published_guides(&self) -> impl Iterator<Item = usize> + '_ {
        self.reading_order.iter().copied()
    }

    /// Whether this is a department's variant (its program is merged from an overlay).
    pub fn is_department(&self) -> bool {
        self.variant.is_some_and(|v| v.department().is_some())
    }
}

/// A readable title for a folder name: `peer-groups` -> `Peer groups`.
pub fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn section_title(id: &str, titles: SectionTitles) -> String {
    titles(id).unwrap_or_else(|| title_from_slug(id))
}

fn section_rank(id: &str) -> usize {
    KNOWN_SECTIONS
        .iter()
        .position(|known| *known == id)
        .unwrap_or(KNOWN_SECTIONS.len())
}

/// Places every page. Needs the config and program, which the caller has checked are loaded.
/// `section_titles` names the sections the theme has words for.
pub fn resolve<'p>(
    project: &'p Project,
    config: &'p Config,
    program: &'p Program,
    section_titles: SectionTitles,
) -> Site<'p> {
    let mut placed = place_guides(project, section_titles);
    let reading_order = sort_sections(project, &mut placed.sections);
    let by_id = register_items(project, &mut placed.by_source);

    let mut module_order: Vec<usize> = (0..project.modules.len()).collect();
    module_order.sort_by(|&a, &b| {
        let (a, b) = (&project.modules[a].data, &project.modules[b].data);
        (a.order, &a.title).cmp(&(b.order, &b.title))
    });

    Site {
        project,
        config,
        program,
        sections: placed.sections,
        reading_order,
        module_order,
        guide_paths: placed.guide_paths,
        by_source: placed.by_source,
        by_id,
        draft_sources: placed.draft_sources,
        variant: None,
    }
}

/// The published guides placed in sections and groups (not yet sorted), and drafts set aside.
struct PlacedGuides {
    sections: Vec<Section>,
    guide_paths: HashMap<usize, String>,
    by_source: HashMap<String, Target>,
    draft_sources: HashMap<String, String>,
}

fn place_guides(project: &Project, titles: SectionTitles) -> PlacedGuides {
    let mut placed = PlacedGuides {
        sections: Vec::new(),
        guide_paths: HashMap::new(),
        by_source: HashMap::new(),
        draft_sources: HashMap::new(),
    };
    for (index, guide) in project.guides.iter().enumerate() {
        if guide.front.draft && !project.publish_drafts {
            placed.draft_sources.insert(
                project.logical_path(&guide.file).to_string(),
                guide.front.title.clone(),
            );
            continue;
        }
        placed
            .guide_paths
            .insert(index, format!("guides/{}.html", guide.key));
        placed.by_source.insert(
            project.logical_path(&guide.file).to_string(),
            Target::Guide(index),
        );
        add_to_section(&mut placed.sections, guide, index, titles);
    }
    placed
}

/// Adds guide `index` to its section (and group), making them on first use.
fn add_to_section(
    sections: &mut Vec<Section>,
    guide: &GuideSource,
    index: usize,
    titles: SectionTitles,
) {
    let position = match sections.iter().position(|s| s.id == guide.section) {
        Some(position) => position,
        None => {
            sections.push(Section {
                id: guide.section.clone(),
                title: section_title(&guide.section, titles),
                path: section_path(&guide.section),
                guides: Vec::new(),
                groups: Vec::new(),
            });
            sections.len() - 1
        }
    };
    let section = &mut sections[position];
    match &guide.group {
        None => section.guides.push(index),
        Some(group_id) => match section.groups.iter_mut().find(|g| &g.id == group_id) {
            Some(group) => group.guides.push(index),
            None => section.groups.push(Group {
                id: group_id.clone(),
                title: title_from_slug(group_id),
                guides: vec![index],
            }),
        },
    }
}

/// Sorts sections (known ones first), groups by id and guides by weight then title; returns
/// the reading order.
fn sort_sections(project: &Project, sections: &mut [Section]) -> Vec<usize> {
    let order = |list: &mut Vec<usize>| {
        list.sort_by(|&a, &b| {
            let (a, b) = (&project.guides[a].front, &project.guides[b].front);
            (a.weight, &a.title).cmp(&(b.weight, &b.title))
        });
    };
    sections.sort_by(|a, b| (section_rank(&a.id), &a.id).cmp(&(section_rank(&b.id), &b.id)));
    for section in sections.iter_mut() {
        order(&mut section.guides);
        section.groups.sort_by(|a, b| a.id.cmp(&b.id));
        for group in &mut section.groups {
            order(&mut group.guides);
        }
    }
    sections
        .iter()
        .flat_map(|s| {
            s.guides
                .iter()
                .chain(s.groups.iter().flat_map(|g| g.guides.iter()))
        })
        .copied()
        .collect()
}

/// Indexes checklists, surveys and modules by id, and records the page of each file.
fn register_items(
    project: &Project,
    by_source: &mut HashMap<String, Target>,
) -> HashMap<(Kind, String), usize> {
    let mut by_id = HashMap::new();
    let mut register = |kind: Kind, items: Vec<(&String, &String)>| {
        for (index, (id, file)) in items.into_iter().enumerate() {
            by_id.insert((kind, id.clone()), index);
            by_source.insert(
                project.logical_path(file).to_string(),
                Target::Item(kind, index),
            );
        }
    };
    register(
        Kind::Checklist,
        project
            .checklists
            .iter()
            .map(|e| (&e.id, &e.file))
            .collect(),
    );
    register(
        Kind::Survey,
        project.surveys.iter().map(|e| (&e.id, &e.file)).collect(),
    );
    register(
        Kind::Module,
        project.modules.iter().map(|e| (&e.id, &e.file)).collect(),
    );
    by_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(title_from_slug("peer-groups"), "Peer groups");
        let titles = |id: &str| (id == "goals").then(|| "Goals & outcomes".to_string());
        assert_eq!(section_title("goals", &titles), "Goals & outcomes");
        assert_eq!(section_title("wellbeing", &titles), "Wellbeing");
        assert_eq!(section_rank("training"), 1);
        assert_eq!(section_rank("wellbeing"), KNOWN_SECTIONS.len());
    }
}
