//! Loading the YAML entries below one base folder: checklists, surveys and training modules,
//! each with an id that is unique within its kind.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use super::files::{content_files, invalid_segment, read_text};
use super::yaml;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::{Entry, Kind, Located, Project};

/// A checklist, survey or module file read and parsed: its file stem, the source to keep for
/// messages, and the parsed file or the problem.
type ParsedEntry<T> = (
    String,
    Option<SourceFile>,
    Result<(SourceFile, T), Diagnostic>,
);

/// Loads the files of one kind below `base`. A file that fails to parse is added to
/// `unparsed`, so references to it are not reported as unknown too.
pub(super) fn load_entries<T: DeserializeOwned + Send>(
    project: &mut Project,
    base: &str,
    kind: Kind,
    diagnostics: &mut Diagnostics,
    unparsed: &mut BTreeSet<(Kind, String)>,
    explicit_id: impl Fn(&T) -> Option<Located<String>>,
) -> Vec<Entry<T>> {
    let files = entry_files(project, base, kind, diagnostics);
    let parsed: Vec<ParsedEntry<T>> = parse_entries(&project.root, &files);
    // Checked in file order, so messages come out the same every run.
    let mut entries: Vec<Entry<T>> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
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
        match checked_id(kind, stem, explicit_id(&data), &source, &seen) {
            Ok(id) => {
                seen.insert(id.clone(), source.name.clone());
                entries.push(Entry {
                    id,
                    file: source.name.clone(),
                    data,
                });
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    entries
}

/// The YAML files directly in `<base>/<kind's folder>/`; other files are reported and skipped.
fn entry_files(
    project: &Project,
    base: &str,
    kind: Kind,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let depth = Path::new(base).components().count() + 2;
    let mut files = Vec::new();
    for relative in content_files(project, base, kind.folder(), diagnostics) {
        let extension = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
        if extension != "yaml" && extension != "yml" {
            diagnostics.push(
                Diagnostic::warning(
                    Code::IgnoredFile,
                    format!("ignored: not a YAML {} file", kind.noun()),
                )
                .in_file(&relative)
                .with_hint(format!("{base}/{}/ holds .yaml files only", kind.folder())),
            );
            continue;
        }
        if relative.components().count() != depth {
            diagnostics.push(
                Diagnostic::warning(
                    Code::IgnoredFile,
                    format!("ignored: {} files may not be in sub-folders", kind.noun()),
                )
                .in_file(&relative)
                .with_hint(format!("move it directly into {base}/{}/", kind.folder())),
            );
            continue;
        }
        files.push(relative);
    }
    files
}

/// Reads and parses the files in parallel (a large handbook has hundreds of them), in order.
fn parse_entries<T: DeserializeOwned + Send>(
    root: &Path,
    files: &[PathBuf],
) -> Vec<ParsedEntry<T>> {
    files
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
        .collect()
}

/// An entry's id: its `id:` (`explicit`) or else its file stem, unless that is not a valid URL
/// segment or `seen` (id -> file) has it already. A problem is located at the `id:` key, or at
/// the file's start when the id comes from the file name.
fn checked_id(
    kind: Kind,
    stem: String,
    explicit: Option<Located<String>>,
    source: &SourceFile,
    seen: &BTreeMap<String, String>,
) -> Result<String, Diagnostic> {
    let (id, id_place) = match explicit {
        Some(located) => {
            let place = Diagnostic::error(Code::InvalidId, "").at_value(source, &located);
            (located.value, Some(place))
        }
        None => (stem, None),
    };
    let place_here = |code: Code, message: String| match &id_place {
        Some(place) => Diagnostic {
            code,
            message,
            ..place.clone()
        },
        None => Diagnostic::error(code, message).at(source, 0..0),
    };
    if let Some(problem) = invalid_segment(&id) {
        return Err(place_here(
            Code::InvalidId,
            format!("{} id `{id}` {problem}", kind.noun()),
        )
        .with_hint("use lowercase letters, digits and hyphens, e.g. `first-meeting`"));
    }
    if let Some(other) = seen.get(&id) {
        return Err(place_here(
            Code::DuplicateId,
            format!("duplicate {} id `{id}`", kind.noun()),
        )
        .with_hint(format!(
            "`{other}` already uses this id; give one of them another id"
        )));
    }
    Ok(id)
}
