//! What the load stage produces and every later stage reads: the project's files, parsed,
//! with their ids and paths.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use super::{Checklist, Config, Department, FrontMatter, Module, Program, Survey};
use crate::diagnostics::SourceMap;

/// Where department overlay folders are in a project (`content/departments/<id>/`).
pub const DEPARTMENTS_FOLDER: &str = "content/departments";

/// Where a department's template overrides are in a project (`templates/departments/<id>/`).
pub const DEPARTMENT_TEMPLATES_FOLDER: &str = "templates/departments";

/// Where department variants go in a full build's output (`departments/<id>/`), which is also
/// the URL prefix of a department's pages.
pub const DEPARTMENTS_DIR: &str = "departments";

/// The kinds of YAML content file, each with its own folder and id space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Checklist,
    Survey,
    Module,
}

impl Kind {
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Checklist => "checklists",
            Kind::Survey => "surveys",
            Kind::Module => "training",
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            Kind::Checklist => "checklist",
            Kind::Survey => "survey",
            Kind::Module => "training module",
        }
    }
}

/// A parsed YAML content file with its id and where it came from.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub id: String,
    /// Project-relative path, e.g. `content/checklists/first-meeting.yaml`.
    pub file: String,
    pub data: T,
}

/// A guide: front matter plus its Markdown body.
#[derive(Debug, Clone)]
pub struct GuideSource {
    /// The guide's identity: its path under guides/ without extension (`goals/overview`).
    pub key: String,
    pub section: String,
    pub group: Option<String>,
    pub slug: String,
    pub file: String,
    pub front: FrontMatter,
    pub text: Arc<str>,
    /// Byte offset where the Markdown body starts in `text`.
    pub body_start: usize,
}

impl GuideSource {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

/// Everything read from a handbook project.
#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    pub config: Option<Config>,
    pub program: Option<Program>,
    pub guides: Vec<GuideSource>,
    pub checklists: Vec<Entry<Checklist>>,
    pub surveys: Vec<Entry<Survey>>,
    pub modules: Vec<Entry<Module>>,
    pub sources: SourceMap,
    /// Ids of files that failed to parse, so references to them are not reported twice.
    pub unparsed: BTreeSet<(Kind, String)>,
    /// Guides marked `draft: true` are published too (`--drafts`, a preview).
    pub publish_drafts: bool,
    /// Department overlays (`content/departments/<id>/`), sorted by id.
    pub departments: Vec<DepartmentSource>,
    /// In a department variant: the real path of each department file -> the organization-wide
    /// path it stands for (`content/departments/x/guides/a/b.md` -> `content/guides/a/b.md`).
    /// Links in a department file are resolved from that place, as if it were there.
    pub logical_paths: HashMap<String, String>,
}

/// A department overlay folder: department.yaml plus the files that add to or replace the
/// organization-wide ones (same kinds, same relative paths).
#[derive(Debug, Clone)]
pub struct DepartmentSource {
    /// The folder name, which is the department's URL segment.
    pub id: String,
    /// `content/departments/<id>`.
    pub folder: String,
    /// `content/departments/<id>/department.yaml`.
    pub file: String,
    pub data: Department,
    pub guides: Vec<GuideSource>,
    pub checklists: Vec<Entry<Checklist>>,
    pub surveys: Vec<Entry<Survey>>,
    pub modules: Vec<Entry<Module>>,
    pub unparsed: BTreeSet<(Kind, String)>,
}

impl Project {
    /// Project-relative names of every content file, for "did you mean" hints on links.
    pub fn sources_names(&self) -> Vec<String> {
        self.guides
            .iter()
            .map(|g| g.file.clone())
            .chain(self.checklists.iter().map(|e| e.file.clone()))
            .chain(self.surveys.iter().map(|e| e.file.clone()))
            .chain(self.modules.iter().map(|e| e.file.clone()))
            .collect()
    }

    /// The path a content file's relative links are resolved from: its own path, or for a
    /// department file the organization-wide path it mirrors.
    pub fn logical_path<'a>(&'a self, file: &'a str) -> &'a str {
        self.logical_paths.get(file).map_or(file, String::as_str)
    }
}
