//! The search index over the documents given, written as a script (`search-index.js`) so search works from `file://`
//! where pages cannot fetch JSON.
//!
//! Words go through elasticlunr's English pipeline (tokenizer, trimmer, stop words, Porter
//! stemmer), the same one `elasticlunr.min.js` runs on the reader's query in the browser, so
//! both sides agree on every term. The index itself is a compact inverted index rather than
//! elasticlunr's serialized character tree: pages are tokenized in parallel and the postings
//! are delta-coded, which keeps a 10,000-guide index small and quick to build.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use elasticlunr::lang::English;
use elasticlunr::{Language, Pipeline};
use memchr::memchr;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::cache::Memo;

/// Words of a page's text that go into the index; enough to find a page by what it is about,
/// while keeping the index small for large handbooks.
const MAX_INDEXED_WORDS: usize = 600;
const EXCERPT_CHARS: usize = 180;

/// One searchable page.
pub struct SearchDoc<'a> {
    pub title: &'a str,
    /// Output-root-relative path.
    pub path: String,
    /// What the results list calls the page's kind (`guide`), in the theme's words.
    pub kind: &'a str,
    pub summary: Option<&'a str>,
    /// The page body.
    pub text: Text<'a>,
}

/// A page body, as HTML (a guide's rendered Markdown) or as plain text.
pub enum Text<'a> {
    Html(&'a str),
    Plain(String),
}

/// What the results list shows of a page, and its field lengths for scoring.
#[derive(Serialize)]
struct DocView<'a> {
    title: &'a str,
    path: &'a str,
    kind: &'a str,
    excerpt: &'a str,
    /// Number of indexed terms in the title and in the body.
    lengths: [usize; 2],
}

/// A page's terms with how often each occurs, per field (title, body), its field lengths
/// and its excerpt. Kept between rebuilds in `serve` (see [`crate::cache`]).
pub struct Analysis {
    /// Per field, (term id, frequency) sorted by term id.
    fields: [Vec<(TermId, u32)>; 2],
    lengths: [usize; 2],
    excerpt: String,
}

/// A term's number in its [`Terms`].
type TermId = u32;

/// Every index term a build has seen (or every rebuild of `serve`), numbered in order of first
/// sight, so pages store and count small numbers instead of strings.
pub struct Terms {
    /// Tells tables apart, so a thread's memo of words never answers with another table's ids.
    identity: AtomicU64,
    table: Mutex<TermTable>,
}

/// Numbers handed out to [`Terms`] tables; only ever compared for equality.
static NEXT_IDENTITY: AtomicU64 = AtomicU64::new(1);

impl Default for Terms {
    fn default() -> Self {
        Terms {
            identity: AtomicU64::new(NEXT_IDENTITY.fetch_add(1, Ordering::Relaxed)),
            table: Mutex::default(),
        }
    }
}

impl Terms {
    fn identity(&self) -> u64 {
        self.identity.load(Ordering::Relaxed)
    }

    fn lock(&self) -> MutexGuard<'_, TermTable> {
        // A poisoned lock still holds consistent terms: each is added in one step.
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts over with no terms, under a new identity.
    fn reset(&self) {
        *self.lock() = TermTable::default();
        let identity = NEXT_IDENTITY.fetch_add(1, Ordering::Relaxed);
        self.identity.store(identity, Ordering::Relaxed);
    }
}

#[derive(Default)]
struct TermTable {
    ids: HashMap<Arc<str>, TermId>,
    names: Vec<Arc<str>>,
}

impl TermTable {
    fn id(&mut self, term: &str) -> TermId {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        // Fewer than 2^32 distinct terms: each comes from text held in memory.
        let id = TermId::try_from(self.names.len()).unwrap_or(TermId::MAX);
        let term: Arc<str> = Arc::from(term);
        self.names.push(Arc::clone(&term));
        self.ids.insert(term, id);
        id
    }
}

/// Above this many terms, `serve`'s table starts over with its analyses at the next rebuild,
/// so words that edits removed do not pile up.
const MAX_KEPT_TERMS: usize = 1_000_000;

/// Analysed pages and the term table their ids refer to, kept between rebuilds.
#[derive(Default)]
pub struct SearchCache {
    analyses: Memo<Analysis>,
    terms: Terms,
}

impl SearchCache {
    pub fn next_generation(&self) {
        if self.terms.lock().names.len() > MAX_KEPT_TERMS {
            self.analyses.clear();
            self.terms.reset();
        }
        self.analyses.next_generation();
    }
}

/// Above this many distinct words a thread's cache starts over, so memory stays bounded.
const MAX_CACHED_WORDS: usize = 100_000;

/// The English pipeline with a memo of its answers: running the trimmer, stop-word filter
/// and stemmer on every word of every page was most of the index's cost, and pages repeat
/// their words.
struct Analyzer {
    pipeline: Pipeline,
    language: English,
    /// Each word's term id, `None` for a stop word. Words of up to seven bytes, most of them,
    /// are keyed by their bytes packed in a number, which hashes and compares in one step.
    short_words: HashMap<u64, Option<TermId>>,
    long_words: HashMap<String, Option<TermId>>,
    /// Scratch counts by term id for [`Analyzer::frequencies`], all zero between calls.
    counts: Vec<u32>,
    /// The [`Terms`] the remembered words' ids belong to.
    terms_identity: u64,
}

thread_local! {
    static ANALYZER: RefCell<Analyzer> = RefCell::new(Analyzer::new());
}

/// A word of up to seven bytes as a number: its bytes and, in the top byte, its length.
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 7 {
        return None;
    }
    // Byte by byte rather than through a copy into an array: the copy of a length known only
    // at run time was a call to `memcpy` for every word.
    let key = bytes
        .iter()
        .rev()
        .fold(0u64, |key, &byte| (key << 8) | u64::from(byte));
    Some(key | (bytes.len() as u64) << 56)
}

impl Analyzer {
    fn new() -> Self {
        let language = English::new();
        Analyzer {
            pipeline: language.make_pipeline(),
            language,
            short_words: HashMap::default(),
            long_words: HashMap::default(),
            counts: Vec::new(),
            terms_identity: 0,
        }
    }

    /// Remembers words for `terms` from now on, forgetting those of another table.
    fn use_terms(&mut self, terms: &Terms) {
        if self.terms_identity != terms.identity() {
            self.short_words.clear();
            self.long_words.clear();
            self.terms_identity = terms.identity();
        }
    }

    /// The term id of one whitespace-separated word part, `None` for a stop word.
    fn term(&mut self, terms: &Terms, word: &str) -> Option<TermId> {
        let key = packed(word);
        let known = match key {
            Some(key) => self.short_words.get(&key),
            None => self.long_words.get(word),
        };
        match known {
            Some(&id) => id,
            None => self.new_word(terms, word, key),
        }
    }

    /// Runs the pipeline on a word not seen before and remembers the answer. Out of line: it
    /// is rare, and inlined it made every lookup of a known word pay for its stack frame.
    #[cold]
    #[inline(never)]
    fn new_word(&mut self, terms: &Terms, word: &str, key: Option<u64>) -> Option<TermId> {
        let id = self
            .pipeline
            .run(self.language.tokenize(word))
            .pop()
            .filter(|t| !t.is_empty())
            .map(|term| terms.lock().id(&term));
        if self.short_words.len() + self.long_words.len() >= MAX_CACHED_WORDS {
            self.short_words.clear();
            self.long_words.clear();
        }
        match key {
            Some(key) => self.short_words.insert(key, id),
            None => self.long_words.insert(word.to_string(), id),
        };
        id
    }

    /// Counts one whitespace-separated word, split further at hyphens as elasticlunr.js
    /// splits the query.
    fn add_word(&mut self, terms: &Terms, field: &mut Vec<TermId>, word: &str) {
        if !word.bytes().any(|b| b == b'-') {
            field.extend(self.term(terms, word));
            return;
        }
        for part in word.split('-').filter(|p| !p.is_empty()) {
            field.extend(self.term(terms, part));
        }
    }

    /// Term frequencies of a field's term ids, sorted by term id: counted in place by id, so
    /// only the distinct terms are sorted.
    fn frequencies(&mut self, ids: &[TermId]) -> Vec<(TermId, u32)> {
        let mut distinct = Vec::new();
        for &id in ids {
            let id = id as usize;
            if id >= self.counts.len() {
                self.counts.resize(id + 1, 0);
            }
            if self.counts[id] == 0 {
                distinct.push(id as TermId);
            }
            self.counts[id] += 1;
        }
        distinct.sort_unstable();
        distinct
            .into_iter()
            .map(|id| (id, std::mem::take(&mut self.counts[id as usize])))
            .collect()
    }
}

/// One pass over a page: its title and body terms and its excerpt. The body is the summary
/// and then the first [`MAX_INDEXED_WORDS`] words of the text; an HTML body is read segment by
/// segment between its tags, without building its plain text first.
fn analyse(doc: &SearchDoc, terms: &Terms) -> Analysis {
    ANALYZER.with_borrow_mut(|analyzer| {
        analyzer.use_terms(terms);
        let mut title = Vec::new();
        let _ = for_each_word(doc.title, |word| {
            analyzer.add_word(terms, &mut title, word);
            ControlFlow::Continue(())
        });
        let mut body = Vec::with_capacity(MAX_INDEXED_WORDS + 64);
        let mut summary_excerpt = Excerpt::default();
        let _ = for_each_word(doc.summary.unwrap_or_default(), |word| {
            analyzer.add_word(terms, &mut body, word);
            summary_excerpt.push(word);
            ControlFlow::Continue(())
        });
        let mut text_excerpt = Excerpt::default();
        let mut budget = MAX_INDEXED_WORDS;
        let mut take = |segment: &str| {
            for_each_word(segment, |word| {
                if budget == 0 {
                    return ControlFlow::Break(());
                }
                budget -= 1;
                analyzer.add_word(terms, &mut body, word);
                text_excerpt.push(word);
                ControlFlow::Continue(())
            })
        };
        match &doc.text {
            Text::Html(html) => for_each_text_segment(html, take),
            Text::Plain(text) => {
                let _ = take(text);
            }
        }
        let lengths = [title.len(), body.len()];
        let excerpt = match doc.summary {
            Some(_) => summary_excerpt,
            None => text_excerpt,
        };
        Analysis {
            fields: [analyzer.frequencies(&title), analyzer.frequencies(&body)],
            lengths,
            excerpt: excerpt.finish(),
        }
    })
}

/// The analysis of a page, reused from `kept` when its title, summary and text are unchanged.
fn analysis(doc: &SearchDoc, terms: &Terms, kept: Option<&Memo<Analysis>>) -> Arc<Analysis> {
    let Some(kept) = kept else {
        return Arc::new(analyse(doc, terms));
    };
    let (form, body) = match &doc.text {
        Text::Html(html) => (&b"h"[..], html.as_bytes()),
        Text::Plain(text) => (&b"p"[..], text.as_bytes()),
    };
    let summary = doc.summary.map_or(&b"\0"[..], str::as_bytes);
    let key = crate::cache::key([doc.title.as_bytes(), summary, form, body]);
    kept.get_or(key, || analyse(doc, terms))
}

/// Postings of one term: for each field, (document number, term frequency) in document order.
type Postings = [Vec<(u32, u32)>; 2];

/// The contents of `search-index.js`:
///
/// ```text
/// window.mentorkitSearch = {"version": 2, "docs": [{title, path, kind, excerpt, lengths}, ...],
///   "terms": [sorted terms], "postings": [[[title postings], [body postings]], ...]};
/// ```
///
/// A postings list is flat, `[doc delta, tf, doc delta, tf, ...]`, document numbers coded as
/// the difference from the previous one.
///
/// With a `cache`, analyses of unchanged pages are reused; without, the index has a term table
/// of its own.
pub fn index_script(docs: &[SearchDoc], cache: Option<&SearchCache>) -> String {
    let own_terms;
    let (terms, kept) = match cache {
        Some(cache) => (&cache.terms, Some(&cache.analyses)),
        None => {
            own_terms = Terms::default();
            (&own_terms, None)
        }
    };
    let analysed: Vec<Arc<Analysis>> = docs
        .par_iter()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .map(|doc| analysis(doc, terms, kept))
        .collect();

    // Postings by term id; then the terms the pages use, in alphabetical order.
    let names = terms.lock().names.clone();
    let mut postings: Vec<Postings> = Vec::new();
    postings.resize_with(names.len(), Postings::default);
    for (number, doc) in analysed.iter().enumerate() {
        // Fewer than 2^32 pages: the page list is held in memory.
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        for (field, counts) in doc.fields.iter().enumerate() {
            for &(id, tf) in counts {
                if let Some(list) = postings.get_mut(id as usize) {
                    list[field].push((number, tf));
                }
            }
        }
    }
    let mut terms: Vec<(&str, &Postings)> = names
        .iter()
        .zip(&postings)
        .filter(|(_, p)| !p[0].is_empty() || !p[1].is_empty())
        .map(|(name, p)| (&**name, p))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));

    let views: Vec<DocView> = docs
        .iter()
        .zip(&analysed)
        .map(|(doc, analysis)| DocView {
            title: doc.title,
            path: &doc.path,
            kind: doc.kind,
            excerpt: &analysis.excerpt,
            lengths: analysis.lengths,
        })
        .collect();
    // Plain data: serializing cannot fail.
    let docs_json = serde_json::to_string(&views).unwrap_or_else(|_| "[]".into());
    let term_list: Vec<&str> = terms.iter().map(|(term, _)| *term).collect();
    let terms_json = serde_json::to_string(&term_list).unwrap_or_else(|_| "[]".into());

    let mut out = String::with_capacity(docs_json.len() + terms_json.len() + 64 * terms.len());
    out.push_str("window.mentorkitSearch = {\"version\": 2, \"docs\": ");
    out.push_str(&docs_json);
    out.push_str(", \"terms\": ");
    out.push_str(&terms_json);
    out.push_str(", \"postings\": [");
    for (i, (_, postings)) in terms.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        for (f, list) in postings.iter().enumerate() {
            if f > 0 {
                out.push(',');
            }
            write_postings(&mut out, list);
        }
        out.push(']');
    }
    out.push_str("]};\n");
    out
}

fn write_postings(out: &mut String, list: &[(u32, u32)]) {
    let mut number = itoa::Buffer::new();
    out.push('[');
    let mut previous = 0;
    for (i, &(doc, tf)) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(number.format(doc - previous));
        out.push(',');
        out.push_str(number.format(tf));
        previous = doc;
    }
    out.push(']');
}

/// The start of a page's text for the results list: its words joined by single spaces, cut
/// at a word after [`EXCERPT_CHARS`] characters. Words past the cut are not kept.
#[derive(Default)]
struct Excerpt {
    text: String,
    chars: usize,
}

impl Excerpt {
    fn push(&mut self, word: &str) {
        if self.chars > EXCERPT_CHARS {
            return;
        }
        if !self.text.is_empty() {
            self.text.push(' ');
            self.chars += 1;
        }
        self.text.push_str(word);
        self.chars += word.chars().count();
    }

    fn finish(self) -> String {
        if self.chars <= EXCERPT_CHARS {
            return self.text;
        }
        let cut: String = self.text.chars().take(EXCERPT_CHARS).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
        format!("{cut}…")
    }
}

/// Calls `each` with the text between the tags of an HTML fragment, common entities decoded,
/// until it breaks. Tags separate words, as a space would.
fn for_each_text_segment(html: &str, mut each: impl FnMut(&str) -> ControlFlow<()>) {
    let mut decoded = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (segment, tag) = rest.split_at(memchr(b'<', rest.as_bytes()).unwrap_or(rest.len()));
        let flow = if memchr(b'&', segment.as_bytes()).is_some() {
            decoded.clear();
            push_decoded(&mut decoded, segment);
            each(&decoded)
        } else {
            each(segment)
        };
        if flow.is_break() {
            return;
        }
        rest = memchr(b'>', tag.as_bytes()).map_or("", |end| &tag[end + 1..]);
    }
}

/// Calls `each` with the whitespace-separated words of `text` until it breaks. ASCII text,
/// nearly every page, is split at ASCII whitespace, byte by byte; other text at any Unicode
/// whitespace, as elasticlunr.js splits the query.
fn for_each_word<'t>(
    text: &'t str,
    mut each: impl FnMut(&'t str) -> ControlFlow<()>,
) -> ControlFlow<()> {
    if !text.is_ascii() {
        for word in text.split_whitespace() {
            each(word)?;
        }
        return ControlFlow::Continue(());
    }
    for word in text.split_ascii_whitespace() {
        each(word)?;
    }
    ControlFlow::Continue(())
}

/// Appends `segment` (HTML text, no tags) with its common entities decoded.
fn push_decoded(text: &mut String, segment: &str) {
    const ENTITIES: [(&str, char); 6] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#x27;", '\''),
        ("&#39;", '\''),
    ];
    let mut rest = segment;
    while let Some(at) = rest.find('&') {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
            Some((name, c)) => {
                text.push(*c);
                rest = &rest[name.len()..];
            }
            None => {
                text.push('&');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `for_each_text_segment` gives, stopping after `max` of them.
    fn words_of_html(html: &str, max: usize) -> Vec<String> {
        let mut found = Vec::new();
        for_each_text_segment(html, |segment| {
            for_each_word(segment, |word| {
                if found.len() == max {
                    return ControlFlow::Break(());
                }
                found.push(word.to_string());
                ControlFlow::Continue(())
            })
        });
        found
    }

    fn words(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let _ = for_each_word(text, |word| {
            found.push(word);
            ControlFlow::Continue(())
        });
        found
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            words_of_html(
                "<h2 id=\"a\">Fish &amp; chips</h2><p>Eat <em>well</em>&lt;3 &copy;</p>",
                100
            ),
            vec!["Fish", "&", "chips", "Eat", "well", "<3", "&copy;"]
        );
        // Reading stops once the words wanted are there.
        let long = "<p>one two three</p>".repeat(100);
        assert_eq!(words_of_html(&long, 5).len(), 5);
    }

    #[test]
    fn only_the_first_words_of_a_long_page_are_indexed() {
        let html = format!("<p>{}</p><p>zebra</p>", "mentor ".repeat(MAX_INDEXED_WORDS));
        let terms = Terms::default();
        let analysis = analyse(
            &SearchDoc {
                title: "Long",
                path: "long.html".into(),
                kind: "guide",
                summary: None,
                text: Text::Html(&html),
            },
            &terms,
        );
        assert_eq!(analysis.lengths, [1, MAX_INDEXED_WORDS]);
        let zebra = terms.lock().ids.get("zebra").copied();
        assert!(zebra.is_none_or(|id| analysis.fields[1].iter().all(|&(t, _)| t != id)));
        assert!(analysis.excerpt.starts_with("mentor mentor") && analysis.excerpt.ends_with('…'));
    }

    #[test]
    fn words_split_at_any_whitespace() {
        let ascii = words(" Mentor\tand\nmentee  meet ");
        assert_eq!(ascii, ["Mentor", "and", "mentee", "meet"]);
        // A no-break space separates words as it does in the browser's query.
        let unicode = words("caf\u{e9}\u{a0}au lait");
        assert_eq!(words("last"), ["last"]);
        assert_eq!(unicode, ["caf\u{e9}", "au", "lait"]);
    }

    #[test]
    fn frequencies_count_each_term_once_in_id_order() {
        let mut analyzer = Analyzer::new();
        assert_eq!(
            analyzer.frequencies(&[7, 3, 7, 0, 7]),
            [(0, 1), (3, 1), (7, 3)]
        );
        // The scratch counts are left at zero for the next field.
        assert_eq!(analyzer.frequencies(&[3]), [(3, 1)]);
        assert!(analyzer.counts.iter().all(|&c| c == 0));
    }

    #[test]
    fn short_and_long_words_find_the_same_terms() {
        // Packed keys keep the length, so a word and the same word with a NUL never collide.
        assert_ne!(packed("care"), packed("care\0"));
        assert_eq!(packed("eightchr"), None);
        let mut analyzer = Analyzer::new();
        let terms = Terms::default();
        let listen = analyzer.term(&terms, "listen");
        assert!(listen.is_some());
        assert_eq!(analyzer.term(&terms, "listening"), listen);
        assert_eq!(analyzer.term(&terms, "listens"), listen);
        assert_eq!(analyzer.term(&terms, "the"), None, "a stop word");
    }

    #[test]
    fn excerpts_cut_at_a_word() {
        let mut excerpt = Excerpt::default();
        for _ in 0..100 {
            excerpt.push("word");
        }
        let cut = excerpt.finish();
        assert!(cut.ends_with("word…"));
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn index_script_defines_the_docs_terms_and_postings() {
        let docs = [
            SearchDoc {
                title: "Giving feedback",
                path: "guides/training/feedback.html".into(),
                kind: "guide",
                summary: Some("How to give feedback"),
                text: Text::Plain("Specific, timely and kind feedback.".into()),
            },
            SearchDoc {
                title: "Listening",
                path: "training/listening.html".into(),
                kind: "training module",
                summary: None,
                text: Text::Html("<p>Listen before <em>giving</em> advice.</p>"),
            },
        ];
        let script = index_script(&docs, None);
        let json = script
            .strip_prefix("window.mentorkitSearch = ")
            .and_then(|s| s.strip_suffix(";\n"))
            .expect("a script assigning the index");
        let index: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(index["docs"][0]["path"], "guides/training/feedback.html");
        assert_eq!(index["docs"][1]["kind"], "training module");
        let terms: Vec<&str> = index["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        let mut sorted = terms.clone();
        sorted.sort_unstable();
        assert_eq!(terms, sorted, "terms are sorted for prefix search");
        // Stemmed like elasticlunr.js stems the query, stop words dropped.
        assert!(terms.contains(&"feedback") && terms.contains(&"listen"));
        assert!(!terms.contains(&"and") && !terms.contains(&"how"));
        let feedback = terms.iter().position(|t| *t == "feedback").unwrap();
        // In the title of page 0 once; in its body twice (summary and text).
        assert_eq!(index["postings"][feedback][0], serde_json::json!([0, 1]));
        assert_eq!(index["postings"][feedback][1], serde_json::json!([0, 2]));
        let give = terms.iter().position(|t| *t == "give").unwrap();
        // Body postings are delta-coded: pages 0 and 1 are [0, tf, 1, tf].
        assert_eq!(index["postings"][give][1], serde_json::json!([0, 1, 1, 1]));
        assert_eq!(index["docs"][0]["lengths"], serde_json::json!([2, 6]));
    }
}
