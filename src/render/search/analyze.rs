//! How text becomes search terms, in the site's `language`.
//!
//! A word is a run of letters and digits (an apostrophe between two letters stays in it, so
//! "mentor's" is one word). Its *key* is the word lower-cased with its accents removed
//! (`Préceptorat` → `preceptorat`): what a reader types, accents or not, is compared by key.
//! Its *term* is the word stemmed by the Snowball stemmer of the site's language (English,
//! Spanish and fifteen more) and then folded the same way, so "mentors" and "mentoring" are
//! one term, and "mentorías" and "mentoria" too. Stop words of the language are left out.
//!
//! The browser never stems: the index lists every key the handbook uses with its term, made
//! here by this one stemmer (see `shards`), so the index and the query cannot disagree.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashSet as HashSet;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The stemmer and stop words of one language.
pub struct Language {
    /// The primary subtag of the site's language tag (`en` for `en-GB`).
    code: String,
    /// None for a language Snowball has no stemmer for: words are then only folded.
    stemmer: Option<Stemmer>,
    /// Lower-cased, and folded too, so "está" typed "esta" is a stop word as well.
    stop_words: HashSet<String>,
}

impl Language {
    /// The language of a BCP 47 tag such as `en`, `es-MX` or `pt-BR`.
    pub fn of(tag: &str) -> Self {
        let code = primary_subtag(tag);
        let stop_words = stop_words::lookup(&code)
            .unwrap_or_default()
            .iter()
            .flat_map(|word| [word.to_lowercase(), fold(word)])
            .collect();
        Language {
            stemmer: algorithm(&code).map(Stemmer::create),
            code,
            stop_words,
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// The search term of a lower-cased word, or `None` for a stop word.
    pub fn term(&self, lower: &str) -> Option<String> {
        if self.stop_words.contains(lower) {
            return None;
        }
        let stem = match &self.stemmer {
            Some(stemmer) => stemmer.stem(lower),
            None => Cow::Borrowed(lower),
        };
        Some(fold(&stem))
    }

    /// The language's stop words, folded and sorted, for the browser to drop from a query.
    pub fn stop_word_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.stop_words.iter().map(|w| fold(w)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// `en` of `en-GB`, lower-cased.
fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The Snowball stemmer for an ISO 639-1 code.
fn algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// A word lower-cased, with its accents and other combining marks removed; the browser does
/// the same (`toLowerCase`, `normalize("NFD")`, marks removed).
/// A typographic apostrophe becomes a straight one, so `l’équipe` and `l'equipe` are one key.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// Whether a character is part of a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Calls `each` with the words of `text`: runs of letters and digits, with an apostrophe
/// (' or ’) kept where letters are on both sides of it.
pub fn for_each_token<'t>(text: &'t str, mut each: impl FnMut(&'t str)) {
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if is_word_char(c) {
            start.get_or_insert(at);
            continue;
        }
        let next_is_word = chars.peek().is_some_and(|&(_, next)| is_word_char(next));
        if matches!(c, '\'' | '’') && start.is_some() && next_is_word {
            continue;
        }
        if let Some(from) = start.take() {
            each(&text[from..at]);
        }
    }
    if let Some(from) = start {
        each(&text[from..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        for_each_token(text, |t| found.push(t));
        found
    }

    #[test]
    fn words_are_letters_and_digits_with_inner_apostrophes() {
        assert_eq!(
            tokens("Mentor's (first) meeting—week 2; 'quoted' e-mail"),
            [
                "Mentor's", "first", "meeting", "week", "2", "quoted", "e", "mail"
            ]
        );
        assert_eq!(tokens("préceptorat, l’équipe"), ["préceptorat", "l’équipe"]);
        assert_eq!(tokens("  "), Vec::<&str>::new());
    }

    #[test]
    fn folding_removes_case_and_accents() {
        assert_eq!(fold("Préceptorat"), "preceptorat");
        assert_eq!(fold("MENTORÍA"), "mentoria");
        assert_eq!(fold("Ñandú"), "nandu");
        assert_eq!(fold("Okafor"), "okafor");
        assert_eq!(fold("L’Équipe"), "l'equipe");
    }

    #[test]
    fn english_stems_and_drops_stop_words() {
        let english = Language::of("en-GB");
        assert_eq!(english.code(), "en");
        assert_eq!(english.term("mentoring").as_deref(), Some("mentor"));
        assert_eq!(english.term("mentors").as_deref(), Some("mentor"));
        assert_eq!(english.term("the"), None);
        assert_eq!(english.term("préceptorat").as_deref(), Some("preceptorat"));
    }

    #[test]
    fn spanish_stems_with_its_own_stemmer_and_stop_words() {
        let spanish = Language::of("es");
        assert_eq!(spanish.term("mentorías"), spanish.term("mentoría"));
        assert_eq!(spanish.term("mentorías").as_deref(), Some("mentor"));
        assert_eq!(spanish.term("evaluaciones"), spanish.term("evaluación"));
        assert_eq!(spanish.term("para"), None);
        // An English stop word is a word like any other in Spanish.
        assert_eq!(spanish.term("the").as_deref(), Some("the"));
        assert!(spanish.stop_word_keys().contains(&"esta".to_string()));
    }

    #[test]
    fn a_language_without_a_stemmer_folds_only() {
        let unknown = Language::of("xx");
        assert!(unknown.stemmer.is_none());
        assert_eq!(unknown.term("Mentoring").as_deref(), Some("mentoring"));
    }
}
