//! Diagnostics for people, in rustc's layout: file, line and column, the offending line with
//! a caret, and the hint.

use std::collections::BTreeMap;
use std::io::{self, Write};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Chars, Config};

use super::{Diagnostics, Severity, SourceMap};

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
        .with_message(visible(&diagnostic.message));
        let located = match (&diagnostic.file, &diagnostic.span) {
            (Some(name), Some(span)) => sources.get(name).map(|source| (name, source, span)),
            _ => None,
        };
        if let Some((name, source, span)) = located {
            let id = *ids
                .entry(name.clone())
                .or_insert_with(|| files.add(visible(name), printable(&source.text)));
            report = report.with_labels(vec![Label::primary(id, span.clone())]);
        } else if let Some(name) = &diagnostic.file {
            let place = if diagnostic.line > 0 {
                format!("{name}:{}:{}", diagnostic.line, diagnostic.column)
            } else {
                name.clone()
            };
            report = report.with_notes(vec![format!("in {}", visible(&place))]);
        }
        if let Some(hint) = &diagnostic.hint {
            report.notes.push(format!("help: {}", visible(hint)));
        }
        term::emit_to_write_style(out, &config, &files, &report)
            .map_err(|e| io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// Text from content (a key, a value, a file name) with its control characters written out
/// (`\u{1b}`): printed raw, an escape sequence in a file could retitle, recolour or clear the
/// author's terminal.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A source text safe to quote: every control character but line breaks and tabs becomes `?`
/// (one per byte, so the spans that point into the text stay right).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Diagnostic, SourceFile};
    use std::sync::Arc;

    #[test]
    fn control_characters_from_content_never_reach_the_terminal() {
        let text = "title: \u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}x\nsectons: 1\n";
        let source = SourceFile::new(
            "content/checklists/a\u{1b}[31m.yaml".into(),
            Arc::from(text),
        );
        let mut sources = SourceMap::default();
        sources.add(source.clone());
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            Diagnostic::error(Code::UnknownKey, "unknown key `\u{1b}[2J`")
                .at(&source, 0..5)
                .with_hint("did you mean `\u{7}`?"),
        );
        let shown = render_plain(&diagnostics, &sources);
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(shown.contains("unknown key `\\u{1b}[2J`"), "{shown}");
        assert!(shown.contains("a\\u{1b}[31m.yaml:1:1"), "{shown}");
        assert!(shown.contains("title: ?]0;pwned??[2J??x"), "{shown}");
    }
}
