//! The list of pages a site has, each with what it shows and its output path.

use serde::Serialize;

use crate::model::Kind;
use crate::resolve::Site;
use crate::resolve::urls::{
    CHECKLIST_PACK_PATH, CHECKLISTS_PATH, CURRICULUM_PATH, HOME_PATH, NOT_FOUND_PATH, PRINT_PATH,
    SEARCH_PATH, SURVEYS_PATH, item_path, section_print_path, survey_dictionary_path,
    survey_print_path,
};

/// What a page shows; decides its template and context.
#[derive(Debug, Clone, Copy)]
pub enum PageKind {
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

#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    pub path: String,
}

impl Page {
    fn new(kind: PageKind, path: impl Into<String>) -> Self {
        Page {
            kind,
            path: path.into(),
        }
    }
}

/// Every page of the site, in the order they are listed (not sorted).
pub fn page_list(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::new(PageKind::Home, HOME_PATH),
        Page::new(PageKind::NotFound, NOT_FOUND_PATH),
        Page::new(PageKind::Search, SEARCH_PATH),
        Page::new(PageKind::Print, PRINT_PATH),
    ];
    for (index, section) in site.sections.iter().enumerate() {
        pages.push(Page::new(PageKind::Section(index), section.path.clone()));
        pages.push(Page::new(
            PageKind::SectionPrint(index),
            section_print_path(&section.id),
        ));
    }
    for index in site.published_guides() {
        pages.push(Page::new(PageKind::Guide(index), site.guide_path(index)));
    }
    push_module_pages(site, &mut pages);
    push_checklist_pages(site, &mut pages);
    push_survey_pages(site, &mut pages);
    pages
}

fn push_module_pages(site: &Site, pages: &mut Vec<Page>) {
    if !site.project.modules.is_empty() {
        pages.push(Page::new(PageKind::Curriculum, CURRICULUM_PATH));
    }
    for (index, entry) in site.project.modules.iter().enumerate() {
        pages.push(Page::new(
            PageKind::Module(index),
            item_path(Kind::Module, &entry.id),
        ));
    }
}

fn push_checklist_pages(site: &Site, pages: &mut Vec<Page>) {
    if !site.project.checklists.is_empty() {
        pages.push(Page::new(PageKind::Checklists, CHECKLISTS_PATH));
    }
    for (index, entry) in site.project.checklists.iter().enumerate() {
        pages.push(Page::new(
            PageKind::Checklist(index),
            item_path(Kind::Checklist, &entry.id),
        ));
    }
    if !site.project.checklists.is_empty() {
        pages.push(Page::new(PageKind::ChecklistPack, CHECKLIST_PACK_PATH));
    }
}

fn push_survey_pages(site: &Site, pages: &mut Vec<Page>) {
    if !site.project.surveys.is_empty() {
        pages.push(Page::new(PageKind::Surveys, SURVEYS_PATH));
    }
    for (index, entry) in site.project.surveys.iter().enumerate() {
        pages.push(Page::new(
            PageKind::Survey(index),
            item_path(Kind::Survey, &entry.id),
        ));
        pages.push(Page::new(
            PageKind::SurveyPrint(index),
            survey_print_path(&entry.id),
        ));
        pages.push(Page::new(
            PageKind::SurveyDictionary(index),
            survey_dictionary_path(&entry.id),
        ));
    }
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
