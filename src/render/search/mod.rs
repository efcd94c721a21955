//! Site search: the documents a site offers to search (`documents`), how text becomes terms
//! in the site's language (`analyze`), each page read into terms and weights (`index`), and the
//! index files the browser loads piece by piece (`shards`).

mod analyze;
mod documents;
mod index;
mod shards;

use std::sync::Arc;

use rayon::prelude::*;

pub use self::index::SearchCache;
pub use self::shards::{FileSink, SearchFile};

use self::index::{Analysis, Reading, SearchDoc, Terms};
use crate::render::bodies::Bodies;
use crate::render::text::SearchKinds;
use crate::resolve::Site;

/// The search index of a site, its files handed to `emit`; `kinds` names each kind of page in
/// the results. With a `cache`, pages unchanged since the last call are not read again.
pub fn search_files(
    site: &Site,
    bodies: &Bodies,
    kinds: &SearchKinds,
    cache: Option<&SearchCache>,
    emit: FileSink,
) {
    let docs = documents::documents(site, bodies, kinds);
    index_files(&docs, &site.config.language, cache, emit);
}

/// The index files of `docs` in `language`, handed to `emit`.
fn index_files(docs: &[SearchDoc], language: &str, cache: Option<&SearchCache>, emit: FileSink) {
    let own = Terms::default();
    let reading = Reading::new(cache, &own, language);
    let analysed: Vec<Arc<Analysis>> = docs
        .par_iter()
        .with_max_len(crate::MAX_ITEMS_PER_TASK)
        .map(|doc| index::analysis(doc, &reading))
        .collect();
    let table = reading.terms.lock();
    let language = analyze::Language::of(language);
    shards::index_files(docs, &analysed, &table, &language, emit);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::search::index::Text;
    use serde_json::Value;
    use std::sync::Mutex;

    /// The index files of `docs`, in the order they are made (page files sorted).
    fn files_of(docs: &[SearchDoc], language: &str) -> Vec<SearchFile> {
        let files = Mutex::new(Vec::new());
        index_files(docs, language, None, &|file| {
            files.lock().unwrap().push(file)
        });
        let mut files = files.into_inner().unwrap();
        let pages = files
            .iter()
            .position(|f| f.path.contains("/page-"))
            .unwrap_or(files.len());
        files[pages..].sort_by(|a, b| (a.path.len(), &a.path).cmp(&(b.path.len(), &b.path)));
        files
    }

    fn doc<'a>(title: &'a str, text: &str) -> SearchDoc<'a> {
        SearchDoc {
            title,
            path: format!("{title}.html"),
            kind: "guide",
            summary: None,
            text: Text::Plain(text.into()),
        }
    }

    /// The data a script of the index stores, as JSON.
    fn data(file: &SearchFile) -> Value {
        let json = match file.content.strip_prefix("window.mentorkitSearch = ") {
            Some(manifest) => manifest,
            None => file.content.split_once("\"] = ").expect("an assignment").1,
        };
        serde_json::from_str(json.trim_end().trim_end_matches(';')).expect("JSON")
    }

    /// The numbers of base64 LEB128 postings.
    fn decode(encoded: &str) -> Vec<u64> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        let (mut numbers, mut value, mut shift) = (Vec::new(), 0u64, 0);
        for byte in bytes {
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                numbers.push(value);
                (value, shift) = (0, 0);
            } else {
                shift += 7;
            }
        }
        numbers
    }

    /// Each term's postings by number, from the postings files.
    fn postings(files: &[SearchFile]) -> Vec<Vec<u64>> {
        let mut all: Vec<(u64, Vec<Vec<u64>>)> = files
            .iter()
            .filter(|f| f.path.contains("/postings-"))
            .map(|f| {
                let data = data(f);
                let lists = data["postings"].as_array().unwrap();
                let lists = lists.iter().map(|p| decode(p.as_str().unwrap())).collect();
                (data["first"].as_u64().unwrap(), lists)
            })
            .collect();
        all.sort_by_key(|(first, _)| *first);
        let mut terms = Vec::new();
        for (first, lists) in all {
            assert_eq!(
                first as usize,
                terms.len(),
                "postings files follow each other"
            );
            terms.extend(lists);
        }
        terms
    }

    /// Each key of the index with its term's number and the pages of that term.
    fn keys(files: &[SearchFile]) -> Vec<(String, u64, Vec<u64>)> {
        let postings = postings(files);
        let mut found = Vec::new();
        for file in files.iter().filter(|f| f.path.contains("/keys-")) {
            let shard = data(file);
            for (k, key) in shard["keys"].as_array().unwrap().iter().enumerate() {
                let number = shard["terms"][k].as_u64().unwrap();
                let mut page = 0;
                let pages = postings[number as usize]
                    .chunks(2)
                    .map(|pair| {
                        page += pair[0];
                        page
                    })
                    .collect();
                found.push((key.as_str().unwrap().to_string(), number, pages));
            }
        }
        found
    }

    fn key<'k>(keys: &'k [(String, u64, Vec<u64>)], word: &str) -> &'k (String, u64, Vec<u64>) {
        keys.iter()
            .find(|k| k.0 == word)
            .unwrap_or_else(|| panic!("no key {word}"))
    }

    #[test]
    fn words_of_one_stem_lead_to_the_same_pages_in_the_handbook_language() {
        let docs = [doc("Uno", "Las mentorías"), doc("Dos", "Los mentores")];
        let spanish = keys(&files_of(&docs, "es"));
        let (_, mentorias, pages) = key(&spanish, "mentorias");
        assert_eq!(key(&spanish, "mentores").1, *mentorias, "one stem");
        assert_eq!(pages, &[0, 1]);
        // English stems them apart.
        let english = keys(&files_of(&docs, "en"));
        assert_ne!(key(&english, "mentorias").1, key(&english, "mentores").1);
        assert!(spanish.iter().all(|k| k.0 != "las"), "a Spanish stop word");
    }

    #[test]
    fn a_large_index_is_split_into_shards_in_key_order() {
        let texts: Vec<String> = (0..2000)
            .map(|n| format!("word{n} mentor common{} shared", n % 7))
            .collect();
        let titles: Vec<String> = (0..2000).map(|n| format!("Page {n}")).collect();
        let docs: Vec<SearchDoc> = titles.iter().zip(&texts).map(|(t, x)| doc(t, x)).collect();
        let files = files_of(&docs, "en");
        let manifest = data(&files[0]);
        assert_eq!(files[0].path, "search-index.js");
        assert_eq!(manifest["pages"], 2000);
        let starts: Vec<&str> = manifest["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert!(starts.len() > 1, "{starts:?}");
        let shards: Vec<&SearchFile> = files.iter().filter(|f| f.path.contains("keys-")).collect();
        assert_eq!(shards.len(), starts.len());
        for (n, shard) in shards.iter().enumerate() {
            let keys = data(shard)["keys"].clone();
            let keys: Vec<&str> = keys
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]), "sorted");
            assert!(
                n == 0 || keys[0] == starts[n],
                "the manifest gives each shard's first key"
            );
            assert!(
                shard.content.len() < 40 * 1024,
                "{} bytes",
                shard.content.len()
            );
        }
        let all = keys(&files);
        assert_eq!(key(&all, "mentor").2.len(), 2000);
        assert_eq!(key(&all, "word1999").2, [1999]);
        assert_eq!(key(&all, "common3").2.len(), 286);
        let postings_files = files
            .iter()
            .filter(|f| f.path.contains("postings-"))
            .count();
        assert!(postings_files > 1, "{postings_files}");
        assert_eq!(
            manifest["postings"].as_array().unwrap().len(),
            postings_files
        );
        // A page file per page, with what its result shows.
        let page = data(files.iter().find(|f| f.path == "search/page-7.js").unwrap());
        assert_eq!(page["title"], "Page 7");
        assert_eq!(page["text"], "word7 mentor common0 shared");
    }
}
