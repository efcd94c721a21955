//! Problems found in a handbook project, with their place in the source and a hint.
//!
//! Every stage of the pipeline pushes into one [`Diagnostics`] list so that a run reports all
//! problems at once. Human output follows rustc's layout (via codespan-reporting); JSON output
//! is for editors and CI.

use std::ops::Range;
use std::path::Path;

use serde::Serialize;

mod human;
pub mod json;
mod source;

pub use human::{print_human, render_plain, write_human};
pub use source::{SourceFile, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A kind of problem whose handling depends on the command, named so that rules select it by
/// kind, never by its message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A link to a `#heading` the target page does not have: a warning for `build`, an error
    /// for `check`.
    MissingHeading,
}

/// One problem, located in a project file where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of problem, where a command treats it apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
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
            code: None,
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

    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

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
