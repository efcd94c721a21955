//! Problems found in a handbook project, with their place in the source and a hint.
//!
//! Every stage of the pipeline pushes into one [`Diagnostics`] list so that a run reports all
//! problems at once. Human output follows rustc's layout (via codespan-reporting); JSON output
//! is for editors and CI.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Chars, Config};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a project file where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Path relative to the project root, with `/` separators.
    pub file: Option<String>,
    /// 1-based line and column; 0 when the problem concerns the whole file.
    pub line: usize,
    pub column: usize,
    /// Byte range in the file's text, used to underline the offending source.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            span: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Names the file without a position (e.g. a file that cannot be read).
    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(display_path(file));
        self
    }

    /// Places the diagnostic at a byte range of a known source text.
    pub fn at(mut self, source: &SourceFile, span: Range<usize>) -> Self {
        let (line, column) = source.line_column(span.start);
        self.file = Some(source.name.clone());
        self.line = line;
        self.column = column;
        self.span = Some(span);
        self
    }

    /// Places the diagnostic at a 1-based line and column of a known source text.
    pub fn at_line_column(self, source: &SourceFile, line: usize, column: usize) -> Self {
        let start = source.offset_of(line, column);
        let end = source.token_end(start);
        self.at(source, start..end)
    }

    /// The file, line and column it points at.
    pub fn place(&self) -> (Option<&str>, usize, usize) {
        (self.file.as_deref(), self.line, self.column)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A project file's text, kept so that diagnostics can show the offending line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
    /// Where each line starts, found the first time a diagnostic needs it (most files never
    /// have one) and shared by the file's clones.
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

impl SourceFile {
    pub fn new(name: String, text: Arc<str>) -> Self {
        SourceFile {
            name,
            text,
            line_starts: Arc::default(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line_index = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1, // line_starts[0] == 0, so i >= 1 here
        };
        let start = line_starts[line_index];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line_index + 1, column)
    }

    /// Byte offset of a 1-based line and character column, clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = &self.text[start..];
        let line_end = line_text.find('\n').unwrap_or(line_text.len());
        let within = line_text[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_end, |(i, _)| i);
        start + within
    }

    /// End of the word-like token starting at `start` (for underlining a key or value).
    pub fn token_end(&self, start: usize) -> usize {
        let rest = &self.text[start.min(self.text.len())..];
        let len = rest.find([':', '\n', ',', ']', '}']).unwrap_or(rest.len());
        let len = rest[..len].trim_end().len();
        start + len.max(1).min(rest.len())
    }
}

/// All the texts read during a run, by project-relative name.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<String, SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) {
        self.files.insert(file.name.clone(), file);
    }

    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.get(name)
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: SourceMap) {
        self.files.extend(other.files);
    }

    /// Every file, by name.
    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.values()
    }
}

/// The problems of one run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file and position, duplicates removed, so output is stable.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (a.place(), a.severity, &a.message).cmp(&(b.place(), b.severity, &b.message))
        });
        items.dedup();
        items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Writes diagnostics for people, in rustc's layout: message, ` --> file:line:col`, the source
/// line with a caret, then `= help: ...`.
pub fn write_human(
    out: &mut dyn term::termcolor::WriteColor,
    diagnostics: &Diagnostics,
    sources: &SourceMap,
) -> io::Result<()> {
    let config = Config {
        chars: Chars::ascii(),
        ..Config::default()
    };
    let mut files = SimpleFiles::new();
    let mut ids = BTreeMap::new();
    for diagnostic in diagnostics.sorted() {
        let mut report = match diagnostic.severity {
            Severity::Error => Report::new(ReportSeverity::Error),
            Severity::Warning => Report::new(ReportSeverity::Warning),
        }
        .with_message(&diagnostic.message);
        let located = match (&diagnostic.file, &diagnostic.span) {
            (Some(name), Some(span)) => sources.get(name).map(|source| (name, source, span)),
            _ => None,
        };
        if let Some((name, source, span)) = located {
            let id = *ids
                .entry(name.clone())
                .or_insert_with(|| files.add(name.clone(), source.text.clone()));
            report = report.with_labels(vec![Label::primary(id, span.clone())]);
        } else if let Some(name) = &diagnostic.file {
            let place = if diagnostic.line > 0 {
                format!("{name}:{}:{}", diagnostic.line, diagnostic.column)
            } else {
                name.clone()
            };
            report = report.with_notes(vec![format!("in {place}")]);
        }
        if let Some(hint) = &diagnostic.hint {
            report.notes.push(format!("help: {hint}"));
        }
        term::emit_to_write_style(out, &config, &files, &report)
            .map_err(|e| io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// Writes diagnostics to stderr, coloured when stderr is a terminal.
pub fn print_human(diagnostics: &Diagnostics, sources: &SourceMap) {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let choice = if std::io::IsTerminal::is_terminal(&io::stderr()) {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stderr = StandardStream::stderr(choice);
    // A failed write to stderr leaves nothing useful to report it to.
    let _ = write_human(&mut stderr, diagnostics, sources);
    let _ = stderr.flush();
}

/// Renders to a plain string (used by tests and the JSON output's `rendered` field).
pub fn render_plain(diagnostics: &Diagnostics, sources: &SourceMap) -> String {
    let mut buffer = term::termcolor::NoColor::new(Vec::new());
    // Writing to memory cannot fail.
    let _ = write_human(&mut buffer, diagnostics, sources);
    String::from_utf8_lossy(&buffer.into_inner()).into_owned()
}

/// A project-relative path with `/` separators, for messages and URLs.
pub fn display_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The closest candidate to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// Builds a diagnostic at the place a located value was read from.
///
/// `Spanned` is the model's `Located`, named by its YAML crate so that diagnostics does not
/// depend on the model (the model's `Project` holds a [`SourceMap`]).
pub fn located_error<T>(
    source: Option<&SourceFile>,
    value: &serde_saphyr::Spanned<T>,
    message: String,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(message);
    match source {
        Some(source) => diagnostic.at_line_column(
            source,
            value.referenced.line() as usize,
            value.referenced.column() as usize,
        ),
        None => diagnostic,
    }
}

/// An I/O problem that stops a command (exit code 2), with the path involved.
#[derive(Debug)]
pub struct IoFailure {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

impl std::fmt::Display for IoFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "could not {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for IoFailure {}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> SourceFile {
        SourceFile::new("content/program.yaml".into(), Arc::from(text))
    }

    #[test]
    fn line_column_counts_from_one() {
        let s = source("name: x\nduration: 12\n");
        assert_eq!(s.line_column(0), (1, 1));
        assert_eq!(s.line_column(8), (2, 1));
        assert_eq!(s.line_column(18), (2, 11));
        assert_eq!(s.offset_of(2, 11), 18);
    }

    #[test]
    fn human_output_has_location_source_line_and_help() {
        let s = source("name: x\ndurration_months: 12\n");
        let mut map = SourceMap::default();
        map.add(s.clone());
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            Diagnostic::error("unknown key `durration_months`")
                .at_line_column(&s, 2, 1)
                .with_hint("did you mean `duration_months`?"),
        );
        let text = render_plain(&diagnostics, &map);
        assert!(
            text.contains("error: unknown key `durration_months`"),
            "{text}"
        );
        assert!(text.contains("--> content/program.yaml:2:1"), "{text}");
        assert!(text.contains("durration_months: 12"), "{text}");
        assert!(text.contains("^^^^^^^^^^^^^^^^"), "{text}");
        assert!(
            text.contains("help: did you mean `duration_months`?"),
            "{text}"
        );
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let keys = ["duration_months", "summary", "name"];
        assert_eq!(
            did_you_mean("durration_months", keys),
            Some("duration_months")
        );
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
