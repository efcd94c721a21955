//! Writing Typst markup. Every string a user wrote enters a document through [`string`], as a
//! Typst string literal: the engine shows a string as its characters, so a title such as
//! `#read("/etc/passwd")` or `#set page(...)` prints as those characters and runs nothing.
//! The rest of the markup is mentorkit's own.

use std::fmt::Write;

/// `text` as a Typst string literal, quotes included.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_string(&mut out, text);
    out
}

/// Appends `text` as a Typst string literal.
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `text` to markup, shown as it is: an embedded string ended by `;`, so whatever
/// markup follows cannot continue the expression.
pub fn push_text(out: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    out.push('#');
    push_string(out, text);
    out.push(';');
}

/// A Typst label name for `key` under `prefix`: letters, digits and `-` are kept, every other
/// character is written as `_` and its code point, so any heading id or file id makes a valid
/// `<label>`. The `:` between prefix and key appears in no key, so a guide's label with a
/// heading's under it never equals another guide's.
pub fn label(prefix: &str, key: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + key.len() + 1);
    out.push_str(prefix);
    out.push(':');
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            let _ = write!(out, "_{:x}_", c as u32);
        }
    }
    out
}

/// A Typst array of string literals: `("a", "b",)`.
pub fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("(");
    for item in items {
        push_string(&mut out, item);
        out.push(',');
    }
    out.push(')');
    out
}

/// `data` as a Typst value: objects become dictionaries, arrays arrays, strings string
/// literals, `null` is `none`. The pages' typed views go to the PDF style this way, as they go
/// to the HTML templates.
pub fn value(data: &impl serde::Serialize) -> String {
    let mut out = String::new();
    push_value(&mut out, &serde_json::to_value(data).unwrap_or_default());
    out
}

fn push_value(out: &mut String, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str("none"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => push_number(out, n),
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('(');
            for item in items {
                push_value(out, item);
                out.push(',');
            }
            out.push(')');
        }
        Value::Object(map) if map.is_empty() => out.push_str("(:)"),
        Value::Object(map) => {
            out.push('(');
            for (key, item) in map {
                push_string(out, key);
                out.push(':');
                push_value(out, item);
                out.push(',');
            }
            out.push(')');
        }
    }
}

/// A JSON number as a Typst integer or float (`2.0`, never `2`, for a float, so arithmetic in
/// the style keeps its type).
fn push_number(out: &mut String, n: &serde_json::Number) {
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else {
        let f = n.as_f64().unwrap_or_default();
        let text = format!("{f:?}");
        out.push_str(&text);
    }
}

/// A Typst string literal of `text`, or `none` when there is none.
pub fn optional(text: Option<&str>) -> String {
    text.map_or_else(|| "none".to_string(), string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_ends_or_escapes_a_string() {
        assert_eq!(string(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string("line\nnext\ttab"), r#""line\nnext\ttab""#);
        assert_eq!(string("bell\u{7}"), r#""bell\u{7}""#);
        assert_eq!(
            string("#set page(width: 1pt)"),
            r##""#set page(width: 1pt)""##
        );
    }

    #[test]
    fn text_ends_its_expression() {
        let mut out = String::new();
        push_text(&mut out, "x");
        push_text(&mut out, "");
        assert_eq!(out, "#\"x\";");
    }

    #[test]
    fn labels_are_valid_and_distinct() {
        assert_eq!(label("g", "first-meeting"), "g:first-meeting");
        assert_eq!(label("g", "a/b c"), "g:a_2f_b_20_c");
        assert_ne!(label("g", "a_b"), label("g", "a-b"));
        assert_ne!(label(&label("g", "a"), "b"), label("g", "a-b"));
        assert_eq!(label("g", "é"), "g:_e9_");
    }

    #[test]
    fn data_becomes_typst_values() {
        let data = serde_json::json!({"a": [1, 2.5, null, true], "b \"": "x", "e": {}});
        assert_eq!(
            value(&data),
            r#"("a":(1,2.5,none,true,),"b \"":"x","e":(:),)"#
        );
    }

    #[test]
    fn lists_and_optional_values() {
        assert_eq!(strings(["a", "\"b"]), r#"("a","\"b",)"#);
        assert_eq!(optional(None), "none");
        assert_eq!(optional(Some("x")), "\"x\"");
    }
}
