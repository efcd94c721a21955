//! Reading pages for the search index: each page's terms with their weight, and the words
//! its results show a snippet of. Pages are read in parallel; `shards` writes the index.
//!
//! A page's weight for a term is its tf-idf without the idf (which the browser adds, knowing
//! how many pages have the term): `sqrt(tf) / sqrt(field length)`, summed over the title
//! (counted three times) and the body, in thousandths.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use memchr::memchr;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use crate::cache::Memo;
use crate::render::search::analyze::{Language, fold, for_each_token};

/// Words of a page's text that go into the index; enough to find a page by what it is about,
/// while keeping the index small for large handbooks.
pub const MAX_INDEXED_WORDS: usize = 600;
/// How much more a word in the title counts than one in the body.
const TITLE_BOOST: f64 = 3.0;

/// One searchable page.
pub struct SearchDoc<'a> {
    pub title: &'a str,
    /// Output-root-relative path, with a `#fragment` for a part of a page.
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

/// A page's terms with its weight for each, and the words its snippets come from. Kept
/// between rebuilds in `serve` (see [`crate::cache`]).
pub struct Analysis {
    /// (term id, weight in thousandths), sorted by term id.
    pub terms: Vec<(TermId, u32)>,
    /// The summary and the indexed words of the text, joined by single spaces.
    pub text: String,
}

/// A term's number in its [`Terms`].
pub type TermId = u32;

/// Every term a build has seen (or every rebuild of `serve`), numbered in order of first
/// sight, so pages store and count small numbers instead of strings; and every word key
/// (see `analyze`) with the term it stems to.
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

    pub fn lock(&self) -> MutexGuard<'_, TermTable> {
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
pub struct TermTable {
    ids: HashMap<Arc<str>, TermId>,
    pub names: Vec<Arc<str>>,
    /// (word key, term): what a reader's word leads to.
    pub keys: HashSet<(Arc<str>, TermId)>,
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
    /// The language the kept analyses were made in.
    language: Mutex<String>,
}

impl SearchCache {
    pub fn next_generation(&self) {
        if self.terms.lock().names.len() > MAX_KEPT_TERMS {
            self.start_over();
        }
        self.analyses.next_generation();
    }

    fn start_over(&self) {
        self.analyses.clear();
        self.terms.reset();
    }

    /// Keeps the analyses for `language`, dropping those made in another.
    fn keep_for(&self, language: &str) {
        let mut kept = self.language.lock().unwrap_or_else(PoisonError::into_inner);
        if *kept != language {
            self.start_over();
            *kept = language.to_string();
        }
    }
}

/// The term table and kept analyses a build reads pages into.
pub struct Reading<'c> {
    pub terms: &'c Terms,
    kept: Option<&'c Memo<Analysis>>,
    language: &'c str,
}

impl<'c> Reading<'c> {
    /// With a `cache`, analyses of unchanged pages are reused; without, `own` is the table.
    pub fn new(cache: Option<&'c SearchCache>, own: &'c Terms, language: &'c str) -> Self {
        match cache {
            Some(cache) => {
                cache.keep_for(language);
                Reading {
                    terms: &cache.terms,
                    kept: Some(&cache.analyses),
                    language,
                }
            }
            None => Reading {
                terms: own,
                kept: None,
                language,
            },
        }
    }
}

/// Above this many distinct words a thread's cache starts over, so memory stays bounded.
const MAX_CACHED_WORDS: usize = 100_000;

/// The language's analysis with a memo of its answers: stemming every word of every page
/// was most of the index's cost, and pages repeat their words.
struct Analyzer {
    language: Language,
    /// Each word's term id, `None` for a stop word. Words of up to seven bytes, most of them,
    /// are keyed by their bytes packed in a number, which hashes and compares in one step.
    short_words: HashMap<u64, Option<TermId>>,
    long_words: HashMap<String, Option<TermId>>,
    /// Scratch counts by term id for [`Analyzer::frequencies`], all zero between calls.
    counts: Vec<u32>,
    /// The [`Terms`] the remembered words' ids belong to.
    terms_identity: u64,
    /// The language tag it was made for, as the site gives it.
    tag: String,
}

thread_local! {
    static ANALYZER: RefCell<Option<Analyzer>> = const { RefCell::new(None) };
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
    fn new(language: &str) -> Self {
        Analyzer {
            language: Language::of(language),
            tag: language.to_string(),
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

    /// The term id of one word, `None` for a stop word.
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

    /// Stems a word not seen before, records its key, and remembers the answer. Out of line:
    /// it is rare, and inlined it made every lookup of a known word pay for its stack frame.
    #[cold]
    #[inline(never)]
    fn new_word(&mut self, terms: &Terms, word: &str, key: Option<u64>) -> Option<TermId> {
        let id = self.language.term(&word.to_lowercase()).map(|term| {
            let key: Arc<str> = Arc::from(fold(word));
            let mut table = terms.lock();
            let id = table.id(&term);
            table.keys.insert((key, id));
            id
        });
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

    /// Adds the terms of one whitespace-separated word to `field`.
    fn add_word(&mut self, terms: &Terms, field: &mut Vec<TermId>, word: &str) {
        for_each_token(word, |token| field.extend(self.term(terms, token)));
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

/// Runs `work` with this thread's analyzer for `language`.
fn with_analyzer<T>(language: &str, work: impl FnOnce(&mut Analyzer) -> T) -> T {
    ANALYZER.with_borrow_mut(|slot| {
        let analyzer = match slot {
            // Compared as given, so reading a page allocates nothing here.
            Some(analyzer) if analyzer.tag == language => analyzer,
            _ => slot.insert(Analyzer::new(language)),
        };
        work(analyzer)
    })
}

/// One pass over a page: its title and body terms and its snippet text. The body is the
/// summary and then the first [`MAX_INDEXED_WORDS`] words of the text; an HTML body is read
/// segment by segment between its tags, without building its plain text first.
fn analyse(doc: &SearchDoc, terms: &Terms, language: &str) -> Analysis {
    with_analyzer(language, |analyzer| {
        analyzer.use_terms(terms);
        let mut title = Vec::new();
        let _ = for_each_word(doc.title, |word| {
            analyzer.add_word(terms, &mut title, word);
            ControlFlow::Continue(())
        });
        let mut body = Vec::with_capacity(MAX_INDEXED_WORDS + 64);
        let mut text = String::new();
        let mut read = |word: &str, body: &mut Vec<TermId>| {
            analyzer.add_word(terms, body, word);
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(word);
        };
        let _ = for_each_word(doc.summary.unwrap_or_default(), |word| {
            read(word, &mut body);
            ControlFlow::Continue(())
        });
        let mut budget = MAX_INDEXED_WORDS;
        let mut take = |segment: &str| {
            for_each_word(segment, |word| {
                if budget == 0 {
                    return ControlFlow::Break(());
                }
                budget -= 1;
                read(word, &mut body);
                ControlFlow::Continue(())
            })
        };
        match &doc.text {
            Text::Html(html) => for_each_text_segment(html, take),
            Text::Plain(plain) => {
                let _ = take(plain);
            }
        }
        let fields = [analyzer.frequencies(&title), analyzer.frequencies(&body)];
        Analysis {
            terms: weights(&fields, [title.len(), body.len()]),
            text,
        }
    })
}

/// A page's weight for each of its terms, from the title's and the body's frequencies.
fn weights(fields: &[Vec<(TermId, u32)>; 2], lengths: [usize; 2]) -> Vec<(TermId, u32)> {
    let mut by_term: Vec<(TermId, f64)> = Vec::with_capacity(fields[1].len() + fields[0].len());
    for (field, counts) in fields.iter().enumerate() {
        let boost = if field == 0 { TITLE_BOOST } else { 1.0 };
        let length = (lengths[field].max(1) as f64).sqrt();
        by_term.extend(
            counts
                .iter()
                .map(|&(id, tf)| (id, boost * f64::from(tf).sqrt() / length)),
        );
    }
    by_term.sort_unstable_by_key(|&(id, _)| id);
    let mut merged: Vec<(TermId, u32)> = Vec::with_capacity(by_term.len());
    for (id, weight) in by_term {
        // Rounded to thousandths, at least 1: small numbers keep the index small.
        let thousandths = ((weight * 1000.0).round() as u32).max(1);
        match merged.last_mut() {
            Some((last, total)) if *last == id => *total += thousandths,
            _ => merged.push((id, thousandths)),
        }
    }
    merged
}

/// The analysis of a page, reused from `kept` when its title, summary and text are unchanged.
pub fn analysis(doc: &SearchDoc, reading: &Reading) -> Arc<Analysis> {
    let Some(kept) = reading.kept else {
        return Arc::new(analyse(doc, reading.terms, reading.language));
    };
    let (form, body) = match &doc.text {
        Text::Html(html) => (&b"h"[..], html.as_bytes()),
        Text::Plain(text) => (&b"p"[..], text.as_bytes()),
    };
    let summary = doc.summary.map_or(&b"\0"[..], str::as_bytes);
    let key = crate::cache::key([doc.title.as_bytes(), summary, form, body]);
    kept.get_or(key, || analyse(doc, reading.terms, reading.language))
}

/// Calls `each` with the text between the tags of an HTML fragment, common entities decoded,
/// until it breaks. Tags separate words, as a space would. A heading's `#` anchor is left out.
fn for_each_text_segment(html: &str, mut each: impl FnMut(&str) -> ControlFlow<()>) {
    let mut decoded = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        let (segment, tag) = rest.split_at(memchr(b'<', rest.as_bytes()).unwrap_or(rest.len()));
        let flow = if segment == "#" {
            // A heading's anchor link, not the page's words.
            ControlFlow::Continue(())
        } else if memchr(b'&', segment.as_bytes()).is_some() {
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
/// whitespace.
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
    const ENTITIES: [(&str, char); 7] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#x27;", '\''),
        ("&#39;", '\''),
        ("&nbsp;", '\u{a0}'),
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

    fn term_id(terms: &Terms, term: &str) -> Option<TermId> {
        terms.lock().ids.get(term).copied()
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            words_of_html(
                "<h2 id=\"a\">Fish &amp; chips <a class=\"anchor\" href=\"#a\">#</a></h2><p>Eat <em>well</em>&lt;3 &copy;</p>",
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
        let doc = SearchDoc {
            title: "Long",
            path: "long.html".into(),
            kind: "guide",
            summary: None,
            text: Text::Html(&html),
        };
        let analysis = analyse(&doc, &terms, "en");
        assert_eq!(analysis.terms.len(), 2, "long and mentor");
        assert!(term_id(&terms, "zebra").is_none());
        assert_eq!(analysis.text.split(' ').count(), MAX_INDEXED_WORDS);
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
        let mut analyzer = Analyzer::new("en");
        assert_eq!(
            analyzer.frequencies(&[7, 3, 7, 0, 7]),
            [(0, 1), (3, 1), (7, 3)]
        );
        // The scratch counts are left at zero for the next field.
        assert_eq!(analyzer.frequencies(&[3]), [(3, 1)]);
        assert!(analyzer.counts.iter().all(|&c| c == 0));
    }

    #[test]
    fn words_find_their_stem_and_record_their_key() {
        // Packed keys keep the length, so a word and the same word with a NUL never collide.
        assert_ne!(packed("care"), packed("care\0"));
        assert_eq!(packed("eightchr"), None);
        let mut analyzer = Analyzer::new("en");
        let terms = Terms::default();
        let listen = analyzer.term(&terms, "listen");
        assert!(listen.is_some());
        assert_eq!(analyzer.term(&terms, "Listening"), listen);
        assert_eq!(analyzer.term(&terms, "listens"), listen);
        assert_eq!(analyzer.term(&terms, "the"), None, "a stop word");
        let keys = &terms.lock().keys;
        let listen = listen.unwrap();
        for key in ["listen", "listening", "listens"] {
            assert!(keys.contains(&(Arc::from(key), listen)), "{key}");
        }
        assert_eq!(keys.len(), 3);
    }

    #[test]
    fn a_title_word_weighs_three_times_a_body_word() {
        let terms = Terms::default();
        let doc = SearchDoc {
            title: "Feedback",
            path: "f.html".into(),
            kind: "guide",
            summary: None,
            text: Text::Plain("feedback".into()),
        };
        let analysis = analyse(&doc, &terms, "en");
        // Title: 3 × sqrt(1) / sqrt(1); body: sqrt(1) / sqrt(1).
        assert_eq!(analysis.terms, [(0, 4000)]);
        let doc = SearchDoc {
            title: "Other",
            text: Text::Plain("feedback feedback listening listening".into()),
            ..doc
        };
        let analysis = analyse(&doc, &terms, "en");
        let feedback = term_id(&terms, "feedback").unwrap();
        let weight = analysis.terms.iter().find(|t| t.0 == feedback).unwrap().1;
        // sqrt(2) / sqrt(4) = 0.7071.
        assert_eq!(weight, 707);
    }
}
