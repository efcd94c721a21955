//! Stage 1, load: walk the project, read every file and parse it into the typed model.
//!
//! Problems are collected, not returned early: a run reports every file that fails to parse.

pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, display_path};
use crate::model::{
    Checklist, Department, DepartmentSource, Entry, FrontMatter, GuideSource, Kind, Located,
    Module, Project, Survey,
};

/// Largest file the loader reads; a bigger one is almost certainly a mistake.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads and parses the project at `root`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Project {
    let mut project = load_settings(root, diagnostics);
    load_content(&mut project, diagnostics);
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

/// Reads the guides, checklists, surveys, modules and department folders into `project`.
pub fn load_content(project: &mut Project, diagnostics: &mut Diagnostics) {
    let files = load_files(project, "content", diagnostics);
    project.guides = files.guides;
    project.checklists = files.checklists;
    project.surveys = files.surveys;
    project.modules = files.modules;
    project.unparsed = files.unparsed;
    project.departments = load_departments(project, diagnostics);
}

/// The content files below one base folder (`content` or a department folder).
struct ContentFiles {
    guides: Vec<GuideSource>,
    checklists: Vec<Entry<Checklist>>,
    surveys: Vec<Entry<Survey>>,
    modules: Vec<Entry<Module>>,
    unparsed: BTreeSet<(Kind, String)>,
}

fn load_files(project: &mut Project, base: &str, diagnostics: &mut Diagnostics) -> ContentFiles {
    let mut unparsed = BTreeSet::new();
    let guides = load_guides(project, base, diagnostics);
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

/// What may sit in a department folder besides department.yaml and its logo.
const DEPARTMENT_FOLDERS: &[&str] = &["guides", "checklists", "surveys", "training"];

/// Loads every `content/departments/<id>/`, sorted by id.
fn load_departments(project: &mut Project, diagnostics: &mut Diagnostics) -> Vec<DepartmentSource> {
    let base = project.root.join("content").join("departments");
    if !base.is_dir() {
        return Vec::new();
    }
    let mut entries: Vec<(String, bool)> = match fs::read_dir(&base) {
        Ok(read) => read
            .filter_map(Result::ok)
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (e.file_name().to_string_lossy().into_owned(), is_dir)
            })
            .collect(),
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(format!("cannot read folder: {error}"))
                    .in_file(Path::new("content/departments"))
                    .with_hint("check the folder's permissions"),
            );
            return Vec::new();
        }
    };
    entries.sort();
    let mut departments = Vec::new();
    for (name, is_dir) in entries {
        let folder = format!("content/departments/{name}");
        if !is_dir {
            diagnostics.push(
                Diagnostic::warning("ignored: not a department folder")
                    .in_file(Path::new(&folder))
                    .with_hint("content/departments/ holds one folder per department, each with a department.yaml"),
            );
            continue;
        }
        let file = format!("{folder}/department.yaml");
        if !project.root.join(&file).is_file() {
            diagnostics.push(
                Diagnostic::error("department folder has no department.yaml")
                    .in_file(Path::new(&folder))
                    .with_hint(format!(
                        "create {file} with at least `name:` (or run `mentorkit new department {name}`)"
                    )),
            );
            continue;
        }
        let Some(source) = read_source(project, Path::new(&file), diagnostics) else {
            continue;
        };
        if let Some(problem) = invalid_segment(&name) {
            let mut diagnostic = Diagnostic::error(format!(
                "department id `{name}` (the folder name) {problem}"
            ))
            .at(&source, 0..0)
            .with_hint(format!(
                "the folder name becomes the department's URL (departments/<id>/); rename the folder to e.g. `{}`",
                slugify(&name)
            ));
            // The id is the folder's name, not a place in the file: report it at the file's start.
            diagnostic.span = None;
            diagnostics.push(diagnostic);
            continue;
        }
        let data: Department = match yaml::parse(&source, 0, source.text.len()) {
            Ok(data) => data,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                continue;
            }
        };
        warn_stray_department_files(project, &folder, &data, diagnostics);
        let files = load_files(project, &folder, diagnostics);
        departments.push(DepartmentSource {
            id: name,
            folder,
            file,
            data,
            guides: files.guides,
            checklists: files.checklists,
            surveys: files.surveys,
            modules: files.modules,
            unparsed: files.unparsed,
        });
    }
    departments
}

/// Warns about files in a department folder that mentorkit does not read.
fn warn_stray_department_files(
    project: &Project,
    folder: &str,
    data: &Department,
    diagnostics: &mut Diagnostics,
) {
    let Ok(read) = fs::read_dir(project.root.join(folder)) else {
        return;
    };
    let logo = data.branding.logo.as_ref().map(|l| l.value.as_str());
    let mut names: Vec<(String, bool)> = read
        .filter_map(Result::ok)
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.file_type().is_ok_and(|t| t.is_dir()),
            )
        })
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    names.sort();
    for (name, is_dir) in names {
        let known = if is_dir {
            DEPARTMENT_FOLDERS.contains(&name.as_str())
                || logo.is_some_and(|l| l.starts_with(&format!("{name}/")))
        } else {
            name == "department.yaml" || logo == Some(name.as_str())
        };
        if known {
            continue;
        }
        let mut candidates: Vec<&str> = DEPARTMENT_FOLDERS.to_vec();
        candidates.push("department.yaml");
        let hint = match crate::diagnostics::did_you_mean(&name, candidates) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "a department folder holds department.yaml, its logo, and guides/, checklists/, surveys/ and training/".into(),
        };
        diagnostics.push(
            Diagnostic::warning(if is_dir {
                "ignored folder in a department"
            } else {
                "ignored file in a department"
            })
            .in_file(&Path::new(folder).join(&name))
            .with_hint(hint),
        );
    }
}

/// A URL-safe version of a name, for hints: `Radiology & Imaging` -> `radiology-imaging`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "department".into()
    } else {
        slug
    }
}

/// Reads a project file as UTF-8 text and remembers it for diagnostics.
fn read_source(
    project: &mut Project,
    relative: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<SourceFile> {
    let (shown, read) = read_text(&project.root, relative);
    if let Some(source) = shown {
        project.sources.add(source);
    }
    read.map_err(|diagnostic| diagnostics.push(diagnostic)).ok()
}

/// Reads a file as UTF-8 text. Returns the source to keep for messages (also for a file that
/// is not UTF-8, with the invalid bytes replaced, so a message can quote it) and the text or
/// the problem. Needs no `&mut Project`, so guides can be read in parallel.
fn read_text(root: &Path, relative: &Path) -> (Option<SourceFile>, Result<SourceFile, Diagnostic>) {
    let path = root.join(relative);
    let name = display_path(relative);
    // One open, then the size from the open file: a path lookup fewer per guide.
    let opened = fs::File::open(&path).and_then(|file| Ok((file.metadata()?.len(), file)));
    let bytes = match opened {
        Ok((len, _)) if len > MAX_FILE_BYTES => {
            let diagnostic = Diagnostic::error(format!(
                "file is too large ({} MiB; the limit is {} MiB)",
                len / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ))
            .in_file(relative)
            .with_hint("split it into smaller files");
            return (None, Err(diagnostic));
        }
        Ok((len, mut file)) => {
            // The size is a hint: the file may change while it is read. Reading through
            // `take` skips `File::read_to_end`'s own size lookup (two more system calls).
            let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            Read::take(&mut file, u64::MAX)
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        }
        Err(e) => Err(e),
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            let diagnostic = Diagnostic::error(format!("cannot read file: {error}"))
                .in_file(relative)
                .with_hint("check that the file exists and is readable");
            return (None, Err(diagnostic));
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source = SourceFile::new(name, Arc::from(text));
            (Some(source.clone()), Ok(source))
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = SourceFile::new(name, Arc::from(String::from_utf8_lossy(error.as_bytes())));
            let diagnostic = Diagnostic::error("file is not valid UTF-8 text")
                .at(&lossy, valid..valid)
                .with_hint("save the file as UTF-8 in your editor");
            (Some(lossy), Err(diagnostic))
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

/// Files below `<base>/<folder>` (base is `content` or a department folder), sorted, symlinks
/// skipped with a warning.
fn content_files(
    project: &Project,
    base: &str,
    folder: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let base = project.root.join(base).join(folder);
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

/// A checklist, survey or module file read and parsed: its file stem, the source to keep for
/// messages, and the parsed file or the problem.
type ParsedEntry<T> = (
    String,
    Option<SourceFile>,
    Result<(SourceFile, T), Diagnostic>,
);

fn load_entries<T: DeserializeOwned + Send>(
    project: &mut Project,
    base: &str,
    kind: Kind,
    diagnostics: &mut Diagnostics,
    unparsed: &mut BTreeSet<(Kind, String)>,
    explicit_id: impl Fn(&T) -> Option<Located<String>>,
) -> Vec<Entry<T>> {
    let mut entries: Vec<Entry<T>> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let depth = Path::new(base).components().count() + 2;
    let mut files = Vec::new();
    for relative in content_files(project, base, kind.folder(), diagnostics) {
        let extension = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
        if extension != "yaml" && extension != "yml" {
            diagnostics.push(
                Diagnostic::warning(format!("ignored: not a YAML {} file", kind.noun()))
                    .in_file(&relative)
                    .with_hint(format!("{base}/{}/ holds .yaml files only", kind.folder())),
            );
            continue;
        }
        if relative.components().count() != depth {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "ignored: {} files may not be in sub-folders",
                    kind.noun()
                ))
                .in_file(&relative)
                .with_hint(format!("move it directly into {base}/{}/", kind.folder())),
            );
            continue;
        }
        files.push(relative);
    }
    // Read and parsed in parallel (a large handbook has hundreds of these files), then
    // checked in file order, so messages come out the same every run.
    let root = &project.root;
    let parsed: Vec<ParsedEntry<T>> = files
        .par_iter()
        .map(|relative| {
            let stem = relative
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (shown, read) = read_text(root, relative);
            let parsed = read.and_then(|source| {
                let data = yaml::parse(&source, 0, source.text.len())?;
                Ok((source, data))
            });
            (stem, shown, parsed)
        })
        .collect();
    for (stem, shown, parsed) in parsed {
        if let Some(shown) = shown {
            project.sources.add(shown);
        }
        let (source, data) = match parsed {
            Ok(parsed) => parsed,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                unparsed.insert((kind, stem));
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

/// Threads that read guide files. Reading is mostly waiting for the disk when the files are
/// not in the page cache: many reads in flight made a cold load of 10,000 guides about four
/// times faster than one read per core.
const IO_THREADS: usize = 16;

/// A thread pool for reading many files at once, made on first use and kept for the process
/// (each department folder and every `serve` rebuild reads with it); `None` if the system
/// refuses the threads, and the reads then run on the shared pool.
static IO_POOL: std::sync::LazyLock<Option<rayon::ThreadPool>> = std::sync::LazyLock::new(|| {
    rayon::ThreadPoolBuilder::new()
        .num_threads(IO_THREADS)
        .thread_name(|i| format!("mentorkit-read-{i}"))
        .build()
        .ok()
});

fn load_guides(
    project: &mut Project,
    base: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<GuideSource> {
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    let skip = Path::new(base).components().count() + 1;
    let files = crate::timing::timed("  list guides", || {
        content_files(project, base, "guides", diagnostics)
    });
    for relative in files {
        if relative.extension().and_then(|e| e.to_str()) != Some("md") {
            continue; // images and other assets beside guides are not pages
        }
        // <base> / guides / section / [group /] slug.md
        let parts: Vec<String> = relative
            .components()
            .skip(skip)
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
                            format!("put guides in {base}/guides/<section>/ or {base}/guides/<section>/<group>/"),
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
        found.push((relative, key, section, group, slug));
    }
    // Reading on the I/O pool, many files in flight; parsing on the shared pool, one thread
    // per core (on the I/O pool's many threads the parser's memory and caches were shared
    // by more threads than cores). Sources and problems are then recorded in file order, so
    // messages come out the same every run.
    let read = || {
        found
            .into_par_iter()
            .map(|(relative, key, section, group, slug)| {
                let (shown, read) = read_text(&project.root, &relative);
                (shown, read, (key, section, group, slug))
            })
            .collect::<Vec<_>>()
    };
    let read = match IO_POOL.as_ref() {
        Some(pool) => pool.install(read),
        None => read(),
    };
    let loaded: Vec<(Option<SourceFile>, Diagnostics, Option<GuideSource>)> = read
        .into_par_iter()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .map(|(shown, read, (key, section, group, slug))| {
            let mut problems = Diagnostics::default();
            let guide = read
                .map_err(|diagnostic| problems.push(diagnostic))
                .ok()
                .and_then(|source| {
                    let (front, body_start) = memo_front_matter(&source, &mut problems)?;
                    Some(GuideSource {
                        key,
                        section,
                        group,
                        slug,
                        file: source.name.clone(),
                        front,
                        text: source.text.clone(),
                        body_start,
                    })
                });
            (shown, problems, guide)
        })
        .collect();
    let mut guides = Vec::with_capacity(loaded.len());
    for (shown, problems, guide) in loaded {
        if let Some(source) = shown {
            project.sources.add(source);
        }
        diagnostics.extend(problems);
        guides.extend(guide);
    }
    guides
}

/// [`parse_front_matter`], reusing the last parse of the same text in `serve`.
fn memo_front_matter(
    source: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> Option<(FrontMatter, usize)> {
    use crate::cache::{FRONT_MATTER, enabled, key};
    if !enabled() {
        return parse_front_matter(source, diagnostics);
    }
    let text_key = key([source.name.as_bytes(), source.text.as_bytes()]);
    if let Some(parsed) = FRONT_MATTER.get(text_key) {
        return Some((*parsed).clone());
    }
    let parsed = parse_front_matter(source, diagnostics)?;
    Some((*FRONT_MATTER.insert(text_key, parsed)).clone())
}

/// Where a guide's front matter ends (after its closing `---` line), if it has one.
pub fn front_matter_end(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("---")?;
    let close = rest.find("\n---")?;
    Some(3 + close + 4)
}

/// Splits `---` front matter from the body and parses it; returns the body's start offset.
pub fn parse_front_matter(
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
