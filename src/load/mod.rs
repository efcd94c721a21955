//! Stage 1, load: walk the project, read every file and parse it into the typed model
//! ([`Project`]).
//!
//! Problems are collected, not returned early: a run reports every file that fails to parse.

mod departments;
mod entries;
mod files;
mod front_matter;
mod guides;
pub mod table;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::Path;

use serde::de::DeserializeOwned;

pub use files::{invalid_segment, is_real_file, open_no_link, read_named_file};
pub use front_matter::{front_matter_end, parse_front_matter};

use crate::cache::Memo;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::{Checklist, Entry, FrontMatter, GuideSource, Kind, Module, Project, Survey};
use departments::load_departments;
use entries::load_entries;
use files::read_source;
use guides::load_guides;

/// Reads and parses the project at `root`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Project {
    let mut project = load_settings(root, diagnostics);
    load_content(&mut project, None, diagnostics);
    project
}

/// The project with only `mentorkit.yaml` and `content/program.yaml` read: enough to know the
/// theme, which can then load while [`load_content`] reads the rest.
pub fn load_settings(root: &Path, diagnostics: &mut Diagnostics) -> Project {
    let mut project = Project {
        root: root.to_path_buf(),
        ..Project::default()
    };
    project.config = load_yaml_file(&mut project, "mentorkit.yaml", diagnostics, true);
    project.program = load_yaml_file(&mut project, "content/program.yaml", diagnostics, true);
    project
}

/// Parsed front matter kept for reuse, by the text it was parsed from.
pub type FrontMatterCache = Memo<(FrontMatter, usize)>;

/// Reads the guides, checklists, surveys, modules and department folders into `project`,
/// reusing front matter parsed before from `cache`.
pub fn load_content(
    project: &mut Project,
    cache: Option<&FrontMatterCache>,
    diagnostics: &mut Diagnostics,
) {
    let files = load_files(project, "content", cache, diagnostics);
    project.guides = files.guides;
    project.checklists = files.checklists;
    project.surveys = files.surveys;
    project.modules = files.modules;
    project.unparsed = files.unparsed;
    project.departments = load_departments(project, cache, diagnostics);
}

/// The content files below one base folder (`content` or a department folder).
struct ContentFiles {
    guides: Vec<GuideSource>,
    checklists: Vec<Entry<Checklist>>,
    surveys: Vec<Entry<Survey>>,
    modules: Vec<Entry<Module>>,
    unparsed: BTreeSet<(Kind, String)>,
}

/// Loads the guides, checklists, surveys and modules below `base`.
fn load_files(
    project: &mut Project,
    base: &str,
    cache: Option<&FrontMatterCache>,
    diagnostics: &mut Diagnostics,
) -> ContentFiles {
    let mut unparsed = BTreeSet::new();
    let guides = load_guides(project, base, cache, diagnostics);
    let checklists = load_entries(
        project,
        base,
        Kind::Checklist,
        diagnostics,
        &mut unparsed,
        |c: &Checklist| c.id.clone(),
    );
    let surveys = load_entries(
        project,
        base,
        Kind::Survey,
        diagnostics,
        &mut unparsed,
        |s: &Survey| s.id.clone(),
    );
    let modules = load_entries(
        project,
        base,
        Kind::Module,
        diagnostics,
        &mut unparsed,
        |m: &Module| m.id.clone(),
    );
    ContentFiles {
        guides,
        checklists,
        surveys,
        modules,
        unparsed,
    }
}

/// Reads a YAML file the project needs (`required`) or may have.
fn load_yaml_file<T: DeserializeOwned>(
    project: &mut Project,
    relative: &str,
    diagnostics: &mut Diagnostics,
    required: bool,
) -> Option<T> {
    let path = Path::new(relative);
    if !project.root.join(path).is_file() {
        if required {
            diagnostics.push(
                Diagnostic::error(Code::MissingFile, format!("missing {relative}"))
                    .in_file(path)
                    .with_hint(
                        "run this in a handbook project (or pass --root), or create one with `mentorkit init`",
                    ),
            );
        }
        return None;
    }
    let source = read_source(project, path, diagnostics)?;
    match yaml::parse(&source, 0, source.text.len()) {
        Ok(value) => Some(value),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}
