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

pub use human::{print_human, render_plain, visible, write_human};
pub use source::{SourceFile, SourceMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The kind of a problem: stable, so that authors and tools filter on it, and commands that
/// treat a kind apart select it by kind, never by its message text. JSON output names it in
/// kebab-case ([`Code::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A file or folder that cannot be read: an I/O error, a file over the size limit, text
    /// that is not UTF-8.
    UnreadableFile,
    /// A file the project must have is not there: `mentorkit.yaml`, `content/program.yaml`,
    /// a department's `department.yaml`.
    MissingFile,
    /// A symbolic link in the project, skipped: mentorkit reads only real files inside the project.
    Symlink,
    /// A file or folder where mentorkit reads nothing (a stray file, a sub-folder of
    /// checklists, a guide outside a section folder): it is left out.
    IgnoredFile,
    /// YAML the parser rejects: its syntax, tabs, duplicate keys, or the limits on size,
    /// depth and aliases.
    YamlSyntax,
    /// A key the file's format does not have (often a typo).
    UnknownKey,
    /// A key the file's format requires is missing.
    MissingKey,
    /// A value of the wrong type or shape, or not one of the values allowed.
    WrongType,
    /// A guide without front matter, or whose front matter is not closed.
    FrontMatter,
    /// An id (or a file or folder name that becomes one) that is not a valid URL segment,
    /// or is reserved.
    InvalidId,
    /// Two items of one kind with the same id.
    DuplicateId,
    /// A name of something the project does not have: a phase's checklist, survey or
    /// module, an item's phase, a module's assessment, an embed, a `show_if` question, a
    /// survey scale.
    UnknownReference,
    /// A link or image to a file that is not part of the site.
    BrokenLink,
    /// A link to a draft guide, which is not published.
    DraftLink,
    /// A link to `javascript:`, `vbscript:` or `data:`, which would run code when clicked: it
    /// is published as `#`.
    UnsafeLink,
    /// A link to a `#heading` its page (another page or its own) does not have: a warning, in
    /// `build` and `check` alike.
    MissingHeading,
    /// An embed (`{{ checklist(id="...") }}` and the like) that is not written as one.
    BadEmbed,
    /// The count of further errors in one text that are not shown.
    TooManyErrors,
    /// A rule of the program broken: a phase that ends before it starts.
    Program,
    /// A rule of checklists broken: a checklist without items.
    Checklist,
    /// A rule of training modules broken: an agenda whose minutes do not add up to the duration.
    Module,
    /// A rule of surveys broken: their questions, options, scales, `show_if` and submission
    /// settings.
    Survey,
    /// Matching: a criterion or rule `mentorkit match` cannot apply, a profile value a
    /// criterion does not know, a kept or fixed pair that breaks a rule, a mentee nobody may
    /// take.
    Matching,
    /// The evaluation report: `report.min_cell`, a measure's `from:`, a response file, row or
    /// value `mentorkit report` cannot use, a column it does not know, a duplicate submission.
    Report,
    /// A department's overlay or folder: a replacement with another id, a file that
    /// replaces nothing, `meetings` without `frequency`, its branding.
    Department,
    /// A template or template override: Tera syntax, a variable the page does not have, an
    /// override that replaces nothing.
    Template,
    /// A theme that is not found or extends itself.
    Theme,
    /// Raw HTML in Markdown (a lint).
    RawHtml,
    /// An image without alt text (a lint).
    ImageAlt,
    /// A checklist or survey that no phase lists and no guide or module links to, embeds or uses.
    Unused,
    /// Document control: a guide or the handbook past its review date (`check`), a review
    /// interval without a date to count from, a next review before the version took effect.
    Review,
    /// Something a PDF leaves out (raw HTML, an image that is missing or that the engine cannot
    /// read), or a PDF the engine could not typeset.
    Pdf,
}

impl Code {
    /// Every code, in the order of the documentation.
    pub const ALL: &'static [Code] = &[
        Code::UnreadableFile,
        Code::MissingFile,
        Code::Symlink,
        Code::IgnoredFile,
        Code::YamlSyntax,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::FrontMatter,
        Code::InvalidId,
        Code::DuplicateId,
        Code::UnknownReference,
        Code::BrokenLink,
        Code::DraftLink,
        Code::UnsafeLink,
        Code::MissingHeading,
        Code::BadEmbed,
        Code::TooManyErrors,
        Code::Program,
        Code::Checklist,
        Code::Module,
        Code::Survey,
        Code::Matching,
        Code::Report,
        Code::Department,
        Code::Template,
        Code::Theme,
        Code::RawHtml,
        Code::ImageAlt,
        Code::Unused,
        Code::Review,
        Code::Pdf,
    ];

    /// The code's kebab-case name, as JSON output gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::UnreadableFile => "unreadable-file",
            Code::MissingFile => "missing-file",
            Code::Symlink => "symlink",
            Code::IgnoredFile => "ignored-file",
            Code::YamlSyntax => "yaml-syntax",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::FrontMatter => "front-matter",
            Code::InvalidId => "invalid-id",
            Code::DuplicateId => "duplicate-id",
            Code::UnknownReference => "unknown-reference",
            Code::BrokenLink => "broken-link",
            Code::DraftLink => "draft-link",
            Code::UnsafeLink => "unsafe-link",
            Code::MissingHeading => "missing-heading",
            Code::BadEmbed => "bad-embed",
            Code::TooManyErrors => "too-many-errors",
            Code::Program => "program",
            Code::Checklist => "checklist",
            Code::Module => "module",
            Code::Survey => "survey",
            Code::Matching => "matching",
            Code::Review => "review",
            Code::Report => "report",
            Code::Department => "department",
            Code::Template => "template",
            Code::Theme => "theme",
            Code::RawHtml => "raw-html",
            Code::ImageAlt => "image-alt",
            Code::Unused => "unused",
            Code::Pdf => "pdf",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, located in a project file where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The kind of problem.
    pub code: Code,
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
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            span: None,
            hint: None,
        }
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
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

    /// Places the diagnostic where a located value was read from in a known source text.
    pub fn at_value<T>(self, source: &SourceFile, value: &serde_saphyr::Spanned<T>) -> Self {
        let (line, column) = (value.referenced.line(), value.referenced.column());
        self.at_line_column(source, line as usize, column as usize)
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

    /// How many errors are printed: the same problem found twice (say, in the organization's
    /// handbook and a department's) is printed, and counted, once.
    pub fn error_count(&self) -> usize {
        self.sorted().iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings are printed, counted like [`Diagnostics::error_count`].
    pub fn warning_count(&self) -> usize {
        self.sorted().iter().filter(|d| !d.is_error()).count()
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
    let mut shown = String::new();
    for component in path.components() {
        if !shown.is_empty() && !shown.ends_with(['/', '\\']) {
            shown.push('/');
        }
        match component {
            std::path::Component::RootDir => shown.push('/'),
            other => shown.push_str(&other.as_os_str().to_string_lossy()),
        }
    }
    shown
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
    code: Code,
    source: Option<&SourceFile>,
    value: &serde_saphyr::Spanned<T>,
    message: String,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(code, message);
    match source {
        Some(source) => diagnostic.at_value(source, value),
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
    fn a_problem_found_twice_is_counted_once_as_it_is_printed_once() {
        let mut diagnostics = Diagnostics::default();
        for _ in 0..3 {
            diagnostics
                .push(Diagnostic::warning(Code::Unused, "unused").in_file(Path::new("a.yaml")));
        }
        diagnostics.push(Diagnostic::error(Code::BrokenLink, "broken").in_file(Path::new("a.md")));
        assert_eq!(
            (diagnostics.error_count(), diagnostics.warning_count()),
            (1, 1)
        );
        assert_eq!(
            render_plain(&diagnostics, &SourceMap::default())
                .matches("warning:")
                .count(),
            1
        );
    }

    #[test]
    fn paths_are_shown_with_slashes_and_their_root() {
        assert_eq!(
            display_path(Path::new("content/guides/a.md")),
            "content/guides/a.md"
        );
        assert_eq!(
            display_path(Path::new("/tmp/x/mentors.csv")),
            "/tmp/x/mentors.csv"
        );
        assert_eq!(
            display_path(Path::new("./matching/m.csv")),
            "./matching/m.csv"
        );
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
            Diagnostic::error(Code::UnknownKey, "unknown key `durration_months`")
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

    #[test]
    fn codes_serialize_to_their_kebab_case_names() {
        for code in Code::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(code.to_string(), code.as_str());
        }
        assert_eq!(
            serde_json::to_string(&Code::UnknownKey).unwrap(),
            "\"unknown-key\""
        );
        assert_eq!(
            serde_json::to_string(&Code::MissingHeading).unwrap(),
            "\"missing-heading\""
        );
        assert_eq!(
            serde_json::to_string(&Code::UnknownReference).unwrap(),
            "\"unknown-reference\""
        );
        assert_eq!(Code::RawHtml.as_str(), "raw-html");
        assert_eq!(Code::ImageAlt.as_str(), "image-alt");
    }

    #[test]
    fn every_code_is_listed_once_and_is_kebab_case() {
        let names: std::collections::BTreeSet<&str> =
            Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), Code::ALL.len());
        for name in names {
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
        }
    }
}
