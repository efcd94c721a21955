//! The index as files, split so that a reader's first results load only what they need:
//!
//! - `search-index.js`, loaded when the reader starts typing: how many pages there are, the
//!   language's stop words, the first word key of each key shard and the first term of each
//!   postings file;
//! - `search/keys-N.js`: a run of word keys in sorted order, each with the number of the term
//!   it stems to (terms are numbered in the order of their first key, so the terms of
//!   neighbouring keys are neighbours too);
//! - `search/postings-N.js`: the postings of a run of terms, each the pages that have the term
//!   with their weight, as base64 of variable-length numbers (`page delta, weight, ...`, page
//!   numbers coded as the difference from the previous one): about 2.7 bytes a page;
//! - `search/page-N.js`, one per page: what a result shows (title, path, kind) and the words
//!   its snippet is cut from. Only the pages shown are loaded.
//!
//! They are scripts that store their data in `window.mentorkitSearchParts`, not JSON, so
//! search works from `file://`, where a page can load a script but not fetch a file.

use std::cmp::Ordering;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::render::search::analyze::Language;
use crate::render::search::index::{Analysis, SearchDoc, TermId, TermTable};
use crate::resolve::SEARCH_INDEX_PATH;

/// The folder of the key shards, postings and page files.
pub const SEARCH_FOLDER: &str = "search/";
/// A key shard or postings file is closed once it passes this size (one term's postings are
/// never split, so a term on most pages of a large handbook makes a file of its own).
const FILE_BYTES: usize = 16 * 1024;

/// One file of the index.
pub struct SearchFile {
    /// Output-root-relative path.
    pub path: String,
    pub content: String,
}

/// Pages by term: (page number, weight), in page order.
type Postings = Vec<Vec<(u32, u32)>>;

/// Where the index's files go as they are made.
pub type FileSink<'s> = &'s (dyn Fn(SearchFile) + Sync);

/// The index files of `docs`, whose analyses (term ids of `table`) are `analysed`, each handed
/// to `emit` as soon as it is made (the page files in parallel, so the index is never held
/// whole).
pub fn index_files(
    docs: &[SearchDoc],
    analysed: &[Arc<Analysis>],
    table: &TermTable,
    language: &Language,
    emit: FileSink,
) {
    let postings = postings(analysed, table.names.len());
    let keys = sorted_keys(table, &postings);
    let (numbered, order) = number_terms(&keys);
    // Every (key, term) of one key in one shard.
    let key_shards = runs(
        numbered.iter().map(|(key, _)| key.len() + 8),
        |last, next| numbered[last].0 != numbered[next].0,
    );
    let encoded: Vec<String> = order
        .iter()
        .map(|&term| encode(&postings[term as usize]))
        .collect();
    let postings_runs = runs(encoded.iter().map(|e| e.len() + 3), |_, _| true);
    let postings_files: Vec<SearchFile> = postings_runs
        .iter()
        .enumerate()
        .map(|(n, run)| postings_file(n, run.start, &encoded[run.clone()]))
        .collect();
    let firsts = postings_runs.iter().map(|run| run.start).collect();
    emit(manifest(
        docs.len(),
        language,
        &numbered,
        &key_shards,
        &postings_files,
        firsts,
    ));
    for (n, run) in key_shards.iter().enumerate() {
        emit(keys_file(n, &numbered[run.clone()]));
    }
    postings_files.into_iter().for_each(emit);
    docs.par_iter()
        .zip(analysed)
        .enumerate()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .for_each(|(n, (doc, analysis))| emit(page_file(n, doc, analysis)));
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

/// Each key with its term's number (terms numbered in order of their first key), and the
/// term ids in number order.
fn number_terms<'k>(keys: &[(&'k str, TermId)]) -> (Vec<(&'k str, usize)>, Vec<TermId>) {
    let mut numbers: HashMap<TermId, usize> = HashMap::default();
    let mut order = Vec::new();
    let numbered = keys
        .iter()
        .map(|&(key, term)| {
            let number = *numbers.entry(term).or_insert_with(|| {
                order.push(term);
                order.len() - 1
            });
            (key, number)
        })
        .collect();
    (numbered, order)
}

/// Splits items of the given sizes into runs of about [`FILE_BYTES`]; a run ends only where
/// `may_end(last, next)` allows.
fn runs(
    sizes: impl Iterator<Item = usize>,
    may_end: impl Fn(usize, usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    let mut count = 0;
    for (i, size) in sizes.enumerate() {
        if bytes >= FILE_BYTES && may_end(i - 1, i) {
            runs.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
        count = i + 1;
    }
    runs.push(start..count);
    runs
}

/// Where the key shard, postings and page scripts put their data.
const PARTS: &str = "(window.mentorkitSearchParts = window.mentorkitSearchParts || {})";

fn keys_file(number: usize, keys: &[(&str, usize)]) -> SearchFile {
    let (names, terms): (Vec<&str>, Vec<usize>) = keys.iter().copied().unzip();
    SearchFile {
        path: format!("{SEARCH_FOLDER}keys-{number}.js"),
        content: format!(
            "{PARTS}[\"keys-{number}\"] = {{\"keys\": {}, \"terms\": {}}};\n",
            json(&names),
            json(&terms)
        ),
    }
}

fn postings_file(number: usize, first: usize, encoded: &[String]) -> SearchFile {
    SearchFile {
        path: format!("{SEARCH_FOLDER}postings-{number}.js"),
        content: format!(
            "{PARTS}[\"postings-{number}\"] = {{\"first\": {first}, \"postings\": {}}};\n",
            json(&encoded)
        ),
    }
}

/// A term's postings as base64 of LEB128 numbers: page delta, weight, page delta, weight...
fn encode(list: &[(u32, u32)]) -> String {
    let mut bytes = Vec::with_capacity(list.len() * 3);
    let mut previous = 0;
    for &(page, weight) in list {
        push_varint(&mut bytes, page - previous);
        push_varint(&mut bytes, weight);
        previous = page;
    }
    BASE64.encode(bytes)
}

fn push_varint(bytes: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        bytes.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    language: &'a str,
    pages: usize,
    /// Query words dropped as the index dropped them.
    stop: Vec<String>,
    /// The first key of each key shard (the first shard's is "").
    keys: Vec<&'a str>,
    /// The first term number of each postings file.
    postings: Vec<usize>,
    /// The size of each postings file in bytes, so that a short prefix stops adding longer
    /// words before it loads too much.
    sizes: Vec<usize>,
}

fn manifest(
    pages: usize,
    language: &Language,
    keys: &[(&str, usize)],
    key_shards: &[std::ops::Range<usize>],
    postings_files: &[SearchFile],
    firsts: Vec<usize>,
) -> SearchFile {
    let manifest = Manifest {
        version: 4,
        language: language.code(),
        pages,
        stop: language.stop_word_keys(),
        keys: key_shards
            .iter()
            .map(|run| match run.start {
                0 => "",
                start => keys[start].0,
            })
            .collect(),
        postings: firsts,
        sizes: postings_files.iter().map(|f| f.content.len()).collect(),
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
