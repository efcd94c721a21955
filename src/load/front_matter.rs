//! A guide's `---` front matter: where it ends and what it says.

use super::{FrontMatterCache, yaml};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::FrontMatter;

/// [`parse_front_matter`], reusing the parse of the same text kept in `cache`.
pub(super) fn memo_front_matter(
    source: &SourceFile,
    cache: Option<&FrontMatterCache>,
    diagnostics: &mut Diagnostics,
) -> Option<(FrontMatter, usize)> {
    let Some(cache) = cache else {
        return parse_front_matter(source, diagnostics);
    };
    let text_key = crate::cache::key([source.name.as_bytes(), source.text.as_bytes()]);
    if let Some(parsed) = cache.get(text_key) {
        return Some((*parsed).clone());
    }
    let parsed = parse_front_matter(source, diagnostics)?;
    Some((*cache.insert(text_key, parsed)).clone())
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
            Diagnostic::error(Code::FrontMatter, "guide has no front matter")
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
        Diagnostic::error(Code::FrontMatter, "front matter is not closed")
            .at(source, 0..3)
            .with_hint("add a line with only `---` after the front matter"),
    );
    None
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

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
