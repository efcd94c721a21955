//! The search index: built once per build with elasticlunr-rs and written as a script
//! (`search-index.js`), so search works from `file://` where pages cannot fetch JSON.

use std::collections::BTreeMap;

use elasticlunr::IndexBuilder;
use serde::Serialize;

/// Words of a page's text that go into the index; enough to find a page by what it is about,
/// while keeping the index small for large handbooks.
const MAX_INDEXED_WORDS: usize = 600;
const EXCERPT_CHARS: usize = 180;

/// One searchable page.
pub struct SearchDoc<'a> {
    pub title: &'a str,
    /// Output-root-relative path.
    pub path: String,
    pub kind: &'static str,
    pub summary: Option<&'a str>,
    /// Plain text of the page body.
    pub text: String,
}

#[derive(Serialize)]
struct DocView<'a> {
    title: &'a str,
    path: &'a str,
    kind: &'static str,
    excerpt: String,
}

/// The contents of `search-index.js`.
pub fn index_script(docs: &[SearchDoc]) -> String {
    let mut index = IndexBuilder::new()
        .save_docs(false)
        .add_fields(&["title", "body"])
        .build();
    let mut views = BTreeMap::new();
    for (number, doc) in docs.iter().enumerate() {
        let reference = number.to_string();
        let body: String = doc
            .text
            .split_whitespace()
            .take(MAX_INDEXED_WORDS)
            .collect::<Vec<_>>()
            .join(" ");
        let searchable = match doc.summary {
            Some(summary) => format!("{summary} {body}"),
            None => body,
        };
        index.add_doc(&reference, [doc.title, searchable.as_str()]);
        let excerpt_source = doc.summary.map_or(doc.text.as_str(), |s| s);
        views.insert(
            reference,
            DocView {
                title: doc.title,
                path: &doc.path,
                kind: doc.kind,
                excerpt: excerpt(excerpt_source),
            },
        );
    }
    // Both values serialize plain data and cannot fail.
    let docs_json = serde_json::to_string(&views).unwrap_or_else(|_| "{}".into());
    format!(
        "window.mentorkitSearch = {{\"index\": {}, \"docs\": {}}};\n",
        index.to_json(),
        docs_json
    )
}

fn excerpt(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// The readable text of an HTML fragment: tags dropped, common entities decoded.
pub fn text_of_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            text_of_html("<h2 id=\"a\">Fish &amp; chips</h2><p>Eat <em>well</em></p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            vec!["Fish", "&", "chips", "Eat", "well"]
        );
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        let long = "word ".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with("word…"));
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn index_script_defines_the_index_and_docs() {
        let docs = [SearchDoc {
            title: "Giving feedback",
            path: "guides/training/feedback.html".into(),
            kind: "guide",
            summary: Some("How to give feedback"),
            text: "Specific, timely and kind.".into(),
        }];
        let script = index_script(&docs);
        assert!(script.starts_with("window.mentorkitSearch = {\"index\": {"));
        assert!(script.contains("\"path\":\"guides/training/feedback.html\""));
        assert!(script.contains("feedback"));
    }
}
