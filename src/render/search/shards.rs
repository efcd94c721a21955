//! The index as files, split so that a reader's first results load only what they need:
//!
//! - `search-index.js`, loaded when the reader starts typing: how many pages there are, the
//!   language's stop words, and the first word key of each shard;
//! - `search/terms-N.js`, the shards: a run of word keys in sorted order, each with the term it
//!   stems to, and the postings of those terms (`[page delta, weight, page delta, weight,
//!   ...]`, page numbers coded as the difference from the previous one). A query word loads
//!   the shards its keys may be in, and no other;
//! - `search/page-N.js`, one per page: what a result shows (title, path, kind) and the words
//!   its snippet is cut from. Only the pages shown are loaded.
//!
//! They are scripts that store their data in `window.mentorkitSearchParts`, not JSON, so
//! search works from `file://`, where a page can load a script but not fetch a file.

use std::cmp::Ordering;
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::render::search::analyze::Language;
use crate::render::search::index::{Analysis, SearchDoc, TermId, TermTable};
use crate::resolve::SEARCH_INDEX_PATH;

/// The folder of the shards and page files.
pub const SEARCH_FOLDER: &str = "search/";
/// A shard is closed once its keys and postings pass this size (a term's postings are never
/// split, so a very common term makes a larger shard).
const SHARD_BYTES: usize = 24 * 1024;

/// One file of the index.
pub struct SearchFile {
    /// Output-root-relative path.
    pub path: String,
    pub content: String,
}

/// Pages by term: (page number, weight), in page order.
type Postings = Vec<Vec<(u32, u32)>>;

/// The index files of `docs`, whose analyses (term ids of `table`) are `analysed`.
pub fn index_files(
    docs: &[SearchDoc],
    analysed: &[Arc<Analysis>],
    table: &TermTable,
    language: &Language,
) -> Vec<SearchFile> {
    let postings = postings(analysed, table.names.len());
    let keys = sorted_keys(table, &postings);
    let shards = shards(&keys, &postings);
    let mut files = Vec::with_capacity(shards.len() + docs.len() + 1);
    files.push(manifest(docs.len(), language, &shards));
    files.extend(shards.iter().enumerate().map(|(n, shard)| shard.file(n)));
    files.extend(
        docs.iter()
            .zip(analysed)
            .enumerate()
            .map(|(n, (doc, analysis))| page_file(n, doc, analysis)),
    );
    files
}

fn postings(analysed: &[Arc<Analysis>], terms: usize) -> Postings {
    let mut postings: Postings = vec![Vec::new(); terms];
    for (number, analysis) in analysed.iter().enumerate() {
        // Fewer than 2^32 pages: the page list is held in memory.
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        for &(id, weight) in &analysis.terms {
            if let Some(list) = postings.get_mut(id as usize) {
                list.push((number, weight));
            }
        }
    }
    postings
}

/// Every (key, term) whose term some page has, sorted as the browser compares strings (by
/// UTF-16 code units), then by term.
fn sorted_keys<'t>(table: &'t TermTable, postings: &Postings) -> Vec<(&'t str, TermId)> {
    let mut keys: Vec<(&str, TermId)> = table
        .keys
        .iter()
        .filter(|(_, term)| postings.get(*term as usize).is_some_and(|p| !p.is_empty()))
        .map(|(key, term)| (&**key, *term))
        .collect();
    keys.sort_unstable_by(|a, b| utf16_order(a.0, b.0).then(a.1.cmp(&b.1)));
    keys
}

fn utf16_order(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A run of keys and the postings of their terms.
#[derive(Default)]
struct Shard<'k> {
    keys: Vec<&'k str>,
    /// For each key, its term's place in `postings`.
    terms: Vec<usize>,
    /// The place in `postings` of each term the shard has.
    places: HashMap<TermId, usize>,
    /// Each term's number in the whole index, by place.
    numbers: Vec<usize>,
    postings: Vec<String>,
    bytes: usize,
}

fn shards<'k>(keys: &[(&'k str, TermId)], postings: &Postings) -> Vec<Shard<'k>> {
    let mut done = Vec::new();
    let mut current = Shard::default();
    let mut previous = "";
    // Terms numbered in order of their first key: the same in every shard a term is in, so
    // the browser counts a term once when two shards have it.
    let mut numbers: HashMap<TermId, usize> = HashMap::default();
    for &(key, term) in keys {
        // Every (key, term) of one key stays in one shard.
        if current.bytes >= SHARD_BYTES && key != previous {
            done.push(std::mem::take(&mut current));
        }
        let next = numbers.len();
        let number = *numbers.entry(term).or_insert(next);
        current.add(key, (term, number), postings);
        previous = key;
    }
    done.push(current);
    done
}

impl<'k> Shard<'k> {
    /// Adds a key and its term, given as (id, number in the index).
    fn add(&mut self, key: &'k str, (term, number): (TermId, usize), postings: &Postings) {
        let place = *self.places.entry(term).or_insert_with(|| {
            let text = postings_text(&postings[term as usize]);
            self.bytes += text.len();
            self.postings.push(text);
            self.numbers.push(number);
            self.postings.len() - 1
        });
        self.bytes += key.len() + 6;
        self.keys.push(key);
        self.terms.push(place);
    }

    fn file(&self, number: usize) -> SearchFile {
        let mut content = format!("{}[\"terms-{number}\"] = {{\"keys\": ", PARTS);
        content.push_str(&json(&self.keys));
        content.push_str(", \"terms\": ");
        content.push_str(&json(&self.terms));
        content.push_str(", \"numbers\": ");
        content.push_str(&json(&self.numbers));
        content.push_str(", \"postings\": [");
        content.push_str(&self.postings.join(","));
        content.push_str("]};\n");
        SearchFile {
            path: format!("{SEARCH_FOLDER}terms-{number}.js"),
            content,
        }
    }
}

/// Where the shard and page scripts put their data.
const PARTS: &str = "(window.mentorkitSearchParts = window.mentorkitSearchParts || {})";

fn postings_text(list: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 8 + 2);
    let mut number = itoa::Buffer::new();
    out.push('[');
    let mut previous = 0;
    for (i, &(page, weight)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(number.format(page - previous));
        out.push(',');
        out.push_str(number.format(weight));
        previous = page;
    }
    out.push(']');
    out
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    language: &'a str,
    pages: usize,
    /// Query words dropped as the index dropped them.
    stop: Vec<String>,
    /// The first key of each shard (the first shard's is "").
    shards: Vec<&'a str>,
}

fn manifest(pages: usize, language: &Language, shards: &[Shard]) -> SearchFile {
    let manifest = Manifest {
        version: 3,
        language: language.code(),
        pages,
        stop: language.stop_word_keys(),
        shards: shards
            .iter()
            .enumerate()
            .map(|(n, s)| match n {
                0 => "",
                _ => s.keys.first().copied().unwrap_or_default(),
            })
            .collect(),
    };
    SearchFile {
        path: SEARCH_INDEX_PATH.into(),
        content: format!("window.mentorkitSearch = {};\n", json(&manifest)),
    }
}

/// What a result shows of a page.
#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    path: &'a str,
    kind: &'a str,
    text: &'a str,
}

fn page_file(number: usize, doc: &SearchDoc, analysis: &Analysis) -> SearchFile {
    let view = PageView {
        title: doc.title,
        path: &doc.path,
        kind: doc.kind,
        text: &analysis.text,
    };
    SearchFile {
        path: format!("{SEARCH_FOLDER}page-{number}.js"),
        content: format!("{PARTS}[\"page-{number}\"] = {};\n", json(&view)),
    }
}

fn json(value: &impl Serialize) -> String {
    // Plain data: serializing cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}
