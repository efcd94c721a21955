//! Strict YAML parsing with located, helpful errors.
//!
//! serde-saphyr is the YAML layer: it is pure Rust, reports line and column for every error
//! (including serde's "unknown field"), and enforces budgets on alias expansion, depth and size,
//! so a "billion laughs" file fails fast instead of exhausting memory.

use serde::de::DeserializeOwned;
use serde_saphyr::options::AliasLimits;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Error, MessageFormatter};

use crate::diagnostics::{Code, Diagnostic, SourceFile, did_you_mean};

/// Limits for one YAML document. Generous for a hand-written handbook, small enough that a
/// hostile file cannot take the tool down.
fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_nodes = 2_000_000;
    budget.max_total_scalar_bytes = 64 * 1024 * 1024;
    budget
}

/// Aliases are rare in hand-written handbooks; a hundred thousand replayed events is far more
/// than any real file needs and small enough to refuse an alias bomb in milliseconds.
fn alias_limits() -> AliasLimits {
    let mut limits = AliasLimits::default();
    limits.max_total_replayed_events = 100_000;
    limits.max_alias_expansions_per_anchor = 10_000;
    limits
}

/// Parses the YAML text at `start..` of `source` (the whole file, or a guide's front matter).
pub fn parse<T: DeserializeOwned>(
    source: &SourceFile,
    start: usize,
    end: usize,
) -> Result<T, Diagnostic> {
    let text = &source.text[start..end];
    let options = serde_saphyr::options! {
        budget: Some(budget()),
        duplicate_keys: DuplicateKeyPolicy::Error,
        alias_limits: alias_limits(),
        with_snippet: false,
        // Typed as the JSON Schemas type it: a number or `true` where text is expected is an
        // error (quote it), and only `true`/`false` are booleans (`yes` is text), so an editor
        // validating against the schema and `check` never disagree.
        no_schema: true,
        strict_booleans: true,
    };
    serde_saphyr::from_str_with_options::<T>(text, options)
        .map_err(|error| to_diagnostic(&error, source, start))
}

/// The error as a diagnostic in the authors' terms, located in the file.
fn to_diagnostic(error: &Error, source: &SourceFile, start: usize) -> Diagnostic {
    let error = error.without_snippet();
    let (code, message, hint) = message_and_hint(error);
    let diagnostic = match error.location() {
        Some(location) if location.line() > 0 => {
            let (base_line, _) = source.line_column(start);
            let line = base_line + location.line() as usize - 1;
            let at = source.offset_of(line, location.column() as usize);
            match first_tab(source, at, &message) {
                // The parser reports a tab where the token before it ended, often on the line
                // above: point at the tab itself.
                Some(tab) => Diagnostic::error(code, message).at(source, tab..tab + 1),
                None => Diagnostic::error(code, message).at_line_column(
                    source,
                    line,
                    location.column() as usize,
                ),
            }
        }
        _ => Diagnostic::error(code, message).at(source, start..start),
    };
    diagnostic.with_hint(hint)
}

/// For an error about a tab, the first tab from `at` on (within a few lines).
fn first_tab(source: &SourceFile, at: usize, message: &str) -> Option<usize> {
    if !message.contains("tab") {
        return None;
    }
    let rest = source.text.get(at..)?;
    let window: usize = rest.split_inclusive('\n').take(3).map(str::len).sum();
    rest[..window].find('\t').map(|i| at + i)
}

/// What kind of problem it is, what went wrong and how to fix it. The library's own message
/// is kept where it already speaks of the file; errors about keys, values and shapes are
/// reworded.
fn message_and_hint(error: &Error) -> (Code, String, String) {
    if let Some(wrong) = wrong_type(error) {
        return wrong;
    }
    let formatter = serde_saphyr::DefaultMessageFormatter;
    let message = formatter.format_message(error).into_owned();
    match error {
        Error::SerdeUnknownField {
            field, expected, ..
        } => (
            Code::UnknownKey,
            format!("unknown key `{field}`"),
            match did_you_mean(field, expected.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the keys allowed here are: {}", expected.join(", ")),
            },
        ),
        Error::SerdeMissingField { field, .. } => (
            Code::MissingKey,
            format!("missing required key `{field}`"),
            format!("add `{field}:` to this mapping"),
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            Code::WrongType,
            format!("unknown value `{variant}`"),
            match did_you_mean(variant, expected.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("expected one of: {}", expected.join(", ")),
            },
        ),
        Error::DuplicateMappingKey { key, .. } => (
            Code::YamlSyntax,
            // The library's own message names its API (`DuplicateKeyPolicy`), not the file.
            match key {
                Some(key) => format!("duplicate key `{key}`"),
                None => "duplicate key".into(),
            },
            "each key may appear only once in a mapping; remove one".into(),
        ),
        Error::Budget { breach, .. } => (
            Code::YamlSyntax,
            budget_message(breach),
            "the file is too large or too deeply nested (or expands too many aliases)".into(),
        ),
        _ => {
            let hint = syntax_hint(&message);
            let code = if is_wrong_value(error) || message.contains("invalid type") {
                Code::WrongType
            } else {
                Code::YamlSyntax
            };
            (code, message, hint.into())
        }
    }
}

/// A value of the wrong type or shape, in the authors' terms: what was expected, and how to
/// write it.
fn wrong_type(error: &Error) -> Option<(Code, String, String)> {
    let (message, hint) = match error {
        Error::Unexpected { expected, .. } => {
            let (what, how) = expected_shape(expected);
            (format!("expected {what} here"), how.into())
        }
        Error::QuotingRequired { value, .. } => (
            format!("expected text (a string) here, found `{value}`"),
            format!("put it in quotes to keep it as text: \"{value}\""),
        ),
        Error::NullIntoString { .. } => (
            "expected text (a string) here, found nothing".into(),
            "write the text after the colon, or remove the key if it is optional".into(),
        ),
        Error::InvalidScalar { ty, .. } => {
            let (what, how) = scalar_type(ty);
            (format!("expected {what} here"), how.into())
        }
        Error::InvalidBooleanStrict { .. } => {
            let (what, how) = scalar_type("bool");
            (format!("expected {what} here"), how.into())
        }
        Error::SerdeInvalidLength { len, expected, .. } => (
            match expected.strip_prefix("a tuple of size ") {
                Some(size) => format!("expected a list of {size} values here, found {len}"),
                None => format!("expected {expected} here, found {len} values"),
            },
            "check the number of values against the content format reference".into(),
        ),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let (what, how) = scalar_type(expected);
            (
                format!("expected {what} here, found {unexpected}"),
                how.into(),
            )
        }
        _ => return None,
    };
    Some((Code::WrongType, message, hint))
}

/// A parser limit, in the author's terms (the library's message is its own debug text).
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { .. } => format!(
            "the file nests lists and maps more than {} levels deep",
            budget().max_depth
        ),
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => {
            "the file uses aliases (`*name`) too many times".into()
        }
        B::Anchors { .. } => "the file defines too many anchors (`&name`)".into(),
        B::Nodes { .. } | B::Events { .. } => "the file has too many values to read".into(),
        B::ScalarBytes { .. } | B::InputBytes { .. } => {
            "the file's text is too long to read".into()
        }
        _ => "the file is beyond what mentorkit reads".into(),
    }
}

/// Whether the error is about a value the file has, not about the YAML around it: a number
/// that is not one, a value of another type, a list of the wrong length.
fn is_wrong_value(error: &Error) -> bool {
    matches!(
        error,
        Error::InvalidScalar { .. }
            | Error::NonFiniteFloat { .. }
            | Error::SerdeInvalidType { .. }
            | Error::SerdeInvalidValue { .. }
            | Error::SerdeInvalidLength { .. }
            | Error::InvalidBooleanStrict { .. }
            | Error::InvalidCharNull { .. }
            | Error::InvalidCharNotSingleScalar { .. }
            | Error::NullIntoString { .. }
    )
}

/// A value of the wrong shape: the library names parser events, authors think in lists, keys
/// and text. What was expected, and how to write it.
fn expected_shape(expected: &'static str) -> (&'static str, &'static str) {
    match expected {
        "sequence start" => (
            "a list",
            "write a list: `[first, second]` on one line, or one `- item` per line",
        ),
        "mapping start" => (
            "keys and values",
            "write `key: value` pairs, one per line, indented under their parent",
        ),
        "string scalar" | "scalar" => (
            "a single value",
            "write text or a number after the colon; put text that starts with [ { * & ! in quotes",
        ),
        _ => (
            expected,
            "check the value's type against the content format reference",
        ),
    }
}

/// A scalar type as the library names it (a Rust type), in the authors' words with the JSON
/// Schema type in parentheses, so `check` and an editor validating against the schema make the
/// same complaint; and how to write one.
fn scalar_type(ty: &str) -> (String, &'static str) {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => (
            "a whole number of 0 or more (an integer)".into(),
            "write digits only, without quotes or units, e.g. `12`",
        ),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => (
            "a whole number (an integer)".into(),
            "write digits only, without quotes or units, e.g. `12`",
        ),
        "f32" | "f64" | "floating point" => (
            "a number".into(),
            "write a number without quotes or units, e.g. `85` or `2.5`",
        ),
        "bool" | "a boolean" => (
            "true or false (a boolean)".into(),
            "write `true` or `false`",
        ),
        "a string" | "string" | "str" | "String" => (
            "text (a string)".into(),
            "write the text after the colon; quote it if it looks like a number or starts with [ { * & !",
        ),
        other => (
            other.to_string(),
            "check the value's type against the content format reference",
        ),
    }
}

/// The hint for another error, from what the library's message says.
fn syntax_hint(message: &str) -> &'static str {
    if message.contains("tabs disallowed") || message.contains("found a tab") {
        "indent with spaces: YAML does not allow tabs for indentation"
    } else if message.contains("invalid type") {
        "check the value's type against the content format reference"
    } else {
        "check the YAML syntax (indentation, colons, quotes) near here"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::sync::Arc;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        duration_months: u32,
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/program.yaml".into(), Arc::from(text))
    }

    #[test]
    fn a_tab_is_pointed_at_where_it_is() {
        let s = file("name: A\n\tduration_months: 12\n");
        let err = parse::<Sample>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err:?}");
        assert!(err.hint.unwrap().contains("indent with spaces"));
    }

    #[test]
    fn a_parser_limit_is_said_in_words_not_debug_text() {
        let text = format!("[{}]\n", vec!["a"; 2_100_000].join(","));
        let s = file(&text);
        let err = parse::<Vec<String>>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!(err.message, "the file has too many values to read");
        assert!(!err.message.contains('{'), "{}", err.message);
    }

    #[test]
    fn unknown_key_points_at_the_key_with_a_hint() {
        let s = file("name: x\ndurration_months: 12\n");
        let err = parse::<Sample>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!(err.message, "unknown key `durration_months`");
        assert_eq!((err.line, err.column), (2, 1));
        assert_eq!(err.hint.as_deref(), Some("did you mean `duration_months`?"));
        assert_eq!(err.code, Code::UnknownKey);
    }

    #[test]
    fn missing_key_has_its_code() {
        let s = file("name: x\n");
        let err = parse::<Sample>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!(err.message, "missing required key `duration_months`");
        assert_eq!(err.code, Code::MissingKey);
    }

    #[test]
    fn wrong_type_is_located() {
        let s = file("name: x\nduration_months: twelve\n");
        let err = parse::<Sample>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!(err.line, 2);
        assert_eq!(
            err.message,
            "expected a whole number of 0 or more (an integer) here"
        );
        assert_eq!(err.code, Code::WrongType, "{err:?}");
    }

    #[test]
    fn text_that_yaml_reads_as_a_number_or_boolean_must_be_quoted() {
        for (value, found) in [("42", "42"), ("true", "true"), ("2.5", "2.5")] {
            let s = file(&format!(
                "name: {value}
duration_months: 12
"
            ));
            let err = parse::<Sample>(&s, 0, s.text.len()).unwrap_err();
            assert_eq!(
                err.message,
                format!("expected text (a string) here, found `{found}`")
            );
            assert_eq!((err.line, err.column), (1, 7));
            assert_eq!(err.code, Code::WrongType);
            assert!(
                err.hint.as_deref().unwrap_or("").contains("quotes"),
                "{err:?}"
            );
        }
        let s = file("name:\nduration_months: 12\n");
        let err = parse::<Sample>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!(err.message, "expected text (a string) here, found nothing");
        // Quoted, it is text; and `yes` is text, not a boolean (YAML 1.2).
        for value in ["\"42\"", "yes", "'true'"] {
            let s = file(&format!(
                "name: {value}
duration_months: 12
"
            ));
            assert!(parse::<Sample>(&s, 0, s.text.len()).is_ok(), "{value}");
        }
    }

    #[test]
    fn duplicate_key_names_the_key_in_the_authors_terms() {
        let s = file("name: x\nduration_months: 12\nname: y\n");
        let err = parse::<Sample>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!(err.message, "duplicate key `name`");
        assert_eq!((err.line, err.column), (3, 1));
        assert_eq!(
            err.hint.as_deref(),
            Some("each key may appear only once in a mapping; remove one")
        );
        assert_eq!(err.code, Code::YamlSyntax);
    }

    #[test]
    fn a_value_of_the_wrong_shape_says_what_was_expected() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Shapes {
            title: Option<String>,
            items: Option<Vec<String>>,
            contact: Option<std::collections::BTreeMap<String, String>>,
        }
        let cases = [
            ("items: 3\n", "expected a list here", "`- item`"),
            (
                "contact: someone\n",
                "expected keys and values here",
                "`key: value`",
            ),
            ("title: [X]\n", "expected a single value here", "in quotes"),
        ];
        for (text, message, hint) in cases {
            let s = file(text);
            let err = parse::<Shapes>(&s, 0, s.text.len()).unwrap_err();
            assert_eq!(err.message, message, "{text}");
            assert_eq!(err.line, 1, "{text}");
            assert_eq!(err.code, Code::WrongType, "{text}");
            assert!(
                err.hint.as_deref().unwrap_or("").contains(hint),
                "{text}: {err:?}"
            );
        }
    }

    #[test]
    fn tab_indentation_says_to_use_spaces() {
        let s = file("name: x\nlist:\n\t- a\n");
        let err = parse::<serde_json::Value>(&s, 0, s.text.len()).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.hint
                .as_deref()
                .unwrap_or("")
                .contains("indent with spaces"),
            "{err:?}"
        );
        assert_eq!(err.code, Code::YamlSyntax);
    }

    #[test]
    fn offset_documents_report_file_lines() {
        let s = file("---\nname: x\nbogus: 1\n---\nbody");
        let err = parse::<Sample>(&s, 4, 22).unwrap_err();
        assert_eq!(err.line, 3);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            text.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let s = file(&text);
        let result = parse::<serde_json::Value>(&s, 0, s.text.len());
        assert_eq!(result.unwrap_err().code, Code::YamlSyntax);
    }
}
