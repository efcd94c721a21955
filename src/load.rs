//! Stage 1, load: walk the project, read every file and parse it into the typed model.
//!
//! Problems are collected, not returned early: a run reports every file that fails to parse.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, SourceMap, display_path};
use crate::model::{Checklist, Config, FrontMatter, Located, Module, Program, Survey};
use crate::yaml;

/// Largest file the loader reads; a bigger one is almost certainly a mistake.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

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
}

/// Reads and parses the project at `root`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Project {
    let mut project = Project {
        root: root.to_path_buf(),
        ..Project::default()
    };
    project.config = load_yaml_file(&mut project, "mentorkit.yaml", diagnostics, true);
    project.program = load_yaml_file(&mut project, "content/program.yaml", diagnostics, true);
    load_guides(&mut project, diagnostics);
    project.checklists = load_entries(
        &mut project,
        Kind::Checklist,
        diagnostics,
        |c: &Checklist| c.id.clone(),
    );
    project.surveys = load_entries(&mut project, Kind::Survey, diagnostics, |s: &Survey| {
        s.id.clone()
    });
    project.modules = load_entries(&mut project, Kind::Module, diagnostics, |m: &Module| {
        m.id.clone()
    });
    project
}

/// Reads a project file as UTF-8 text and remembers it for diagnostics.
fn read_source(
    project: &mut Project,
    relative: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<SourceFile> {
    let path = project.root.join(relative);
    let name = display_path(relative);
    let bytes = match fs::metadata(&path) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            diagnostics.push(
                Diagnostic::error(format!(
                    "file is too large ({} MiB; the limit is {} MiB)",
                    meta.len() / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ))
                .in_file(relative)
                .with_hint("split it into smaller files"),
            );
            return None;
        }
        Ok(_) => fs::read(&path),
        Err(e) => Err(e),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(format!("cannot read file: {error}"))
                    .in_file(relative)
                    .with_hint("check that the file exists and is readable"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source = SourceFile::new(name, Arc::from(text));
            project.sources.add(source.clone());
            Some(source)
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            // Shown with the invalid bytes replaced, so the message can quote the line.
            let lossy = SourceFile::new(name, Arc::from(String::from_utf8_lossy(error.as_bytes())));
            project.sources.add(lossy.clone());
            let diagnostic = Diagnostic::error("file is not valid UTF-8 text")
                .at(&lossy, valid..valid)
                .with_hint("save the file as UTF-8 in your editor");
            diagnostics.push(diagnostic);
            None
        }
    }
}

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
                Diagnostic::error(format!("missing {relative}"))
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

/// Files below `content/<folder>`, sorted, symlinks skipped with a warning.
fn content_files(project: &Project, folder: &str, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let base = project.root.join("content").join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&base).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.path_is_symlink() => {
                let relative = entry
                    .path()
                    .strip_prefix(&project.root)
                    .unwrap_or(entry.path());
                diagnostics.push(
                    Diagnostic::warning("symbolic link skipped")
                        .in_file(relative)
                        .with_hint("mentorkit reads only real files inside the project; copy the file here instead"),
                );
            }
            Ok(entry) if entry.file_type().is_file() => {
                let relative = entry
                    .path()
                    .strip_prefix(&project.root)
                    .unwrap_or(entry.path());
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                if !hidden {
                    files.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().unwrap_or(&base).to_path_buf();
                let relative = path
                    .strip_prefix(&project.root)
                    .unwrap_or(&path)
                    .to_path_buf();
                diagnostics.push(
                    Diagnostic::error(format!("cannot read folder: {error}"))
                        .in_file(&relative)
                        .with_hint("check the folder's permissions"),
                );
            }
        }
    }
    files
}

fn load_entries<T: DeserializeOwned>(
    project: &mut Project,
    kind: Kind,
    diagnostics: &mut Diagnostics,
    explicit_id: impl Fn(&T) -> Option<Located<String>>,
) -> Vec<Entry<T>> {
    let mut entries: Vec<Entry<T>> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for relative in content_files(project, kind.folder(), diagnostics) {
        let extension = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
        if extension != "yaml" && extension != "yml" {
            diagnostics.push(
                Diagnostic::warning(format!("ignored: not a YAML {} file", kind.noun()))
                    .in_file(&relative)
                    .with_hint(format!("content/{}/ holds .yaml files only", kind.folder())),
            );
            continue;
        }
        if relative.components().count() != 3 {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "ignored: {} files may not be in sub-folders",
                    kind.noun()
                ))
                .in_file(&relative)
                .with_hint(format!("move it directly into content/{}/", kind.folder())),
            );
            continue;
        }
        let stem = relative
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(source) = read_source(project, &relative, diagnostics) else {
            project.unparsed.insert((kind, stem));
            continue;
        };
        let data: T = match yaml::parse(&source, 0, source.text.len()) {
            Ok(data) => data,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                project.unparsed.insert((kind, stem));
                continue;
            }
        };
        let (id, id_place) = match explicit_id(&data) {
            Some(located) => {
                let place = Diagnostic::error("").at_line_column(
                    &source,
                    located.referenced.line() as usize,
                    located.referenced.column() as usize,
                );
                (located.value, Some(place))
            }
            None => (stem, None),
        };
        let place_here = |message: String| match &id_place {
            Some(place) => Diagnostic {
                message,
                ..place.clone()
            },
            None => Diagnostic::error(message).at(&source, 0..0),
        };
        if let Some(problem) = invalid_segment(&id) {
            diagnostics.push(
                place_here(format!("{} id `{id}` {problem}", kind.noun()))
                    .with_hint("use lowercase letters, digits and hyphens, e.g. `first-meeting`"),
            );
            continue;
        }
        if let Some(other) = seen.get(&id) {
            diagnostics.push(
                place_here(format!("duplicate {} id `{id}`", kind.noun())).with_hint(format!(
                    "`{other}` already uses this id; give one of them another id"
                )),
            );
            continue;
        }
        seen.insert(id.clone(), source.name.clone());
        entries.push(Entry {
            id,
            file: source.name.clone(),
            data,
        });
    }
    entries
}

/// Why `segment` cannot be used in a URL, if it cannot.
pub fn invalid_segment(segment: &str) -> Option<&'static str> {
    if segment.is_empty() {
        return Some("is empty");
    }
    let valid = segment
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        return Some("is not a valid URL segment");
    }
    if segment.starts_with('-') || segment.starts_with('_') {
        return Some("must start with a letter or digit");
    }
    None
}

fn load_guides(project: &mut Project, diagnostics: &mut Diagnostics) {
    let mut seen = BTreeSet::new();
    for relative in content_files(project, "guides", diagnostics) {
        if relative.extension().and_then(|e| e.to_str()) != Some("md") {
            continue; // images and other assets beside guides are not pages
        }
        // content / guides / section / [group /] slug.md
        let parts: Vec<String> = relative
            .components()
            .skip(2)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let (section, group, file_name) = match parts.as_slice() {
            [section, file] => (section.clone(), None, file.clone()),
            [section, group, file] => (section.clone(), Some(group.clone()), file.clone()),
            _ => {
                diagnostics.push(
                    Diagnostic::error("guide is not in a section folder")
                        .in_file(&relative)
                        .with_hint(
                            "put guides in content/guides/<section>/ or content/guides/<section>/<group>/",
                        ),
                );
                continue;
            }
        };
        let slug = file_name.trim_end_matches(".md").to_string();
        let segments = [Some(&section), group.as_ref(), Some(&slug)];
        if let Some((segment, problem)) = segments
            .iter()
            .flatten()
            .find_map(|s| invalid_segment(s).map(|p| (s.to_string(), p)))
        {
            diagnostics.push(
                Diagnostic::error(format!("`{segment}` in this guide's path {problem}"))
                    .in_file(&relative)
                    .with_hint(
                        "use lowercase letters, digits and hyphens in guide file and folder names",
                    ),
            );
            continue;
        }
        let key = match &group {
            Some(group) => format!("{section}/{group}/{slug}"),
            None => format!("{section}/{slug}"),
        };
        if !seen.insert(key.clone()) {
            continue; // cannot happen on a real file system: paths are unique
        }
        let Some(source) = read_source(project, &relative, diagnostics) else {
            continue;
        };
        let Some((front, body_start)) = parse_front_matter(&source, diagnostics) else {
            continue;
        };
        project.guides.push(GuideSource {
            key,
            section,
            group,
            slug,
            file: source.name.clone(),
            front,
            text: source.text.clone(),
            body_start,
        });
    }
}

/// Splits `---` front matter from the body and parses it; returns the body's start offset.
fn parse_front_matter(
    source: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> Option<(FrontMatter, usize)> {
    let text = &source.text;
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        diagnostics.push(
            Diagnostic::error("guide has no front matter")
                .at(source, 0..first_line_end.saturating_sub(1))
                .with_hint(
                    "start the file with a `---` line, then `title: ...`, then another `---` line",
                ),
        );
        return None;
    }
    let mut offset = first_line_end;
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..line_end].trim_end() == "---" {
            return match yaml::parse::<FrontMatter>(source, first_line_end, offset) {
                Ok(front) => Some((front, line_end)),
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    None
                }
            };
        }
        offset = line_end;
    }
    diagnostics.push(
        Diagnostic::error("front matter is not closed")
            .at(source, 0..3)
            .with_hint("add a line with only `---` after the front matter"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_segments() {
        assert_eq!(invalid_segment("first-meeting"), None);
        assert_eq!(invalid_segment("mid_point2"), None);
        assert!(invalid_segment("First Meeting").is_some());
        assert!(invalid_segment("").is_some());
        assert!(invalid_segment("-x").is_some());
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let source = SourceFile::new(
            "content/guides/goals/a.md".into(),
            Arc::from("---\ntitle: A\nweight: 2\n---\n\nBody text\n"),
        );
        let mut diagnostics = Diagnostics::default();
        let (front, start) = parse_front_matter(&source, &mut diagnostics).unwrap();
        assert_eq!(front.title, "A");
        assert_eq!(front.weight, 2);
        assert_eq!(&source.text[start..], "\nBody text\n");
    }

    #[test]
    fn unclosed_front_matter_is_reported_at_line_one() {
        let source = SourceFile::new(
            "content/guides/goals/a.md".into(),
            Arc::from("---\ntitle: A\nbody"),
        );
        let mut diagnostics = Diagnostics::default();
        assert!(parse_front_matter(&source, &mut diagnostics).is_none());
        let d = diagnostics.iter().next().unwrap();
        assert_eq!(d.message, "front matter is not closed");
        assert_eq!(d.line, 1);
    }
}
