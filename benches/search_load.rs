//! What a reader's browser loads before the first search results, on synthetic handbooks of
//! growing size: the manifest (`search-index.js`), the shards the query's words are in (the
//! rule of `search.js`: stop words dropped; the key shard a word falls in, and for a word of two
//! letters or more the next shards whose first key begins with it, at most three; the postings
//! files of the word's terms and of its closest longer words) and the page files of the first
//! ten results (counted here as the ten largest of the matching pages, an upper bound).
//! Not a test; run it with
//!
//! ```sh
//! cargo bench --bench search_load               # 1,000 and 10,000 guides
//! cargo bench --bench search_load -- 10000      # one size
//! ```
//!
//! Target: at most 150 KB before the first results of a 10,000-guide handbook.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use mentorkit_synth::SynthOptions;
use serde_json::Value;

const QUERIES: [&str; 8] = [
    "mentor",
    "feedback",
    "fe",
    "men",
    "m",
    "confidentiality escalation",
    "psychological safety",
    "preceptor onboarding checklist",
];
const FIRST_RESULTS: usize = 10;

fn main() {
    let sizes = common::sizes(&[1000, 10_000]);
    for guides in sizes {
        let dir = tempfile::tempdir().expect("temporary folder");
        let options = SynthOptions {
            guides,
            departments: 0,
            seed: 1,
        };
        mentorkit_synth::write(dir.path(), &options).expect("synthetic handbook");
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_mentorkit"))
            .args(["build", "--quiet", "--root"])
            .arg(dir.path())
            .status()
            .expect("mentorkit build");
        assert!(status.success(), "the build failed");
        println!(
            "{guides} guides: built in {:.2} s",
            started.elapsed().as_secs_f64()
        );
        report(&dir.path().join("public"));
    }
}

/// The index's files: its manifest, key shards and postings files by number, with sizes.
struct Index {
    manifest: Value,
    manifest_bytes: usize,
    keys: Vec<(Value, usize)>,
    postings: Vec<(Value, usize)>,
    page_bytes: HashMap<u64, usize>,
}

fn script_data(text: &str) -> Value {
    let json = match text.strip_prefix("window.mentorkitSearch = ") {
        Some(manifest) => manifest,
        None => text.split_once("\"] = ").expect("an assignment").1,
    };
    serde_json::from_str(json.trim_end().trim_end_matches(';')).expect("JSON")
}

fn read_parts(public: &Path, name: &str, count: usize) -> Vec<(Value, usize)> {
    (0..count)
        .map(|n| {
            let path = public.join(format!("search/{name}-{n}.js"));
            let text = fs::read_to_string(path).expect("index file");
            (script_data(&text), text.len())
        })
        .collect()
}

fn read_index(public: &Path) -> Index {
    let manifest_text = fs::read_to_string(public.join("search-index.js")).expect("manifest");
    let manifest = script_data(&manifest_text);
    let count = |name: &str| manifest[name].as_array().expect("file list").len();
    let keys = read_parts(public, "keys", count("keys"));
    let postings = read_parts(public, "postings", count("postings"));
    let pages = manifest["pages"].as_u64().expect("pages");
    let page_bytes = (0..pages)
        .map(|n| {
            let path = public.join(format!("search/page-{n}.js"));
            (n, fs::metadata(path).expect("page file").len() as usize)
        })
        .collect();
    Index {
        manifest_bytes: manifest_text.len(),
        manifest,
        keys,
        postings,
        page_bytes,
    }
}

fn report(public: &Path) {
    let index = read_index(public);
    let sizes = |parts: &[(Value, usize)]| -> (usize, usize, usize) {
        let sizes = parts.iter().map(|p| p.1);
        (parts.len(), sizes.clone().sum(), sizes.max().unwrap_or(0))
    };
    let (key_count, key_bytes, key_max) = sizes(&index.keys);
    let (post_count, post_bytes, post_max) = sizes(&index.postings);
    let pages: usize = index.page_bytes.values().sum();
    println!(
        "  index: manifest {:.1} KB; {key_count} key shards {:.1} MB (largest {:.1} KB); {post_count} postings files {:.1} MB (largest {:.1} KB); {} page files {:.1} MB",
        kb(index.manifest_bytes),
        kb(key_bytes) / 1024.0,
        kb(key_max),
        kb(post_bytes) / 1024.0,
        kb(post_max),
        index.page_bytes.len(),
        kb(pages) / 1024.0,
    );
    for query in QUERIES {
        let (keys, postings, matched) = load(&index, query);
        let key_bytes: usize = keys.iter().map(|&n| index.keys[n].1).sum();
        let post_bytes: usize = postings.iter().map(|&n| index.postings[n].1).sum();
        let mut sizes: Vec<usize> = matched.iter().map(|p| index.page_bytes[p]).collect();
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        let page_bytes: usize = sizes.iter().take(FIRST_RESULTS).sum();
        let total = index.manifest_bytes + key_bytes + post_bytes + page_bytes;
        println!(
            "  {query:32} {:6.1} KB before the first results: manifest {:.1} + {} key shard(s) {:.1} + {} postings file(s) {:.1} + {} pages {:.1} ({} pages match)",
            kb(total),
            kb(index.manifest_bytes),
            keys.len(),
            kb(key_bytes),
            postings.len(),
            kb(post_bytes),
            sizes.len().min(FIRST_RESULTS),
            kb(page_bytes),
            matched.len(),
        );
    }
}

fn kb(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

/// The key shards and postings files a query loads, and the pages it matches, as
/// `search.js` does it.
fn load(index: &Index, query: &str) -> (BTreeSet<usize>, BTreeSet<usize>, BTreeSet<u64>) {
    let starts = strings(&index.manifest["keys"]);
    let firsts: Vec<u64> = index.manifest["postings"]
        .as_array()
        .expect("postings")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let stop = strings(&index.manifest["stop"]);
    let (mut keys, mut postings, mut matched) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let words = query.split_whitespace().map(str::to_lowercase);
    for word in words.filter(|w| !stop.contains(&w.as_str())) {
        let prefix = word.chars().count() > 1;
        let first = starts
            .partition_point(|s| *s <= word.as_str())
            .saturating_sub(1);
        let mut shards = vec![first];
        let mut next = first + 1;
        while prefix && next < starts.len() && shards.len() < 3 && starts[next].starts_with(&word) {
            shards.push(next);
            next += 1;
        }
        for term in terms_of(index, &shards, &word, prefix, &firsts) {
            let file = firsts.partition_point(|&f| f <= term).saturating_sub(1);
            postings.insert(file);
            matched.extend(pages_of(&index.postings[file].0, term));
        }
        keys.extend(shards);
    }
    (keys, postings, matched)
}

/// The terms a word leads to: those of the keys equal to it, then those of the closest
/// longer keys (three, or one for a word of two letters) while the postings files they add
/// stay within 64 KB.
fn terms_of(index: &Index, shards: &[usize], word: &str, prefix: bool, firsts: &[u64]) -> Vec<u64> {
    let mut best: HashMap<u64, usize> = HashMap::new();
    for &n in shards {
        let shard = &index.keys[n].0;
        for (k, key) in strings(&shard["keys"]).into_iter().enumerate() {
            if key == word || (prefix && key.starts_with(word)) {
                let term = shard["terms"][k].as_u64().unwrap_or(0);
                let extra = key.len() - word.len();
                let known = best.entry(term).or_insert(extra);
                *known = (*known).min(extra);
            }
        }
    }
    let mut terms: Vec<(usize, u64)> = best.into_iter().map(|(t, e)| (e, t)).collect();
    terms.sort_unstable();
    let file_of = |term: u64| firsts.partition_point(|&f| f <= term).saturating_sub(1);
    let mut picked: Vec<u64> = terms
        .iter()
        .filter(|(e, _)| *e == 0)
        .map(|(_, t)| *t)
        .collect();
    let mut files: BTreeSet<usize> = picked.iter().map(|&t| file_of(t)).collect();
    let (mut left, mut spent) = (if word.chars().count() > 2 { 3 } else { 1 }, 0);
    for &(extra, term) in &terms {
        if extra == 0 || left == 0 {
            continue;
        }
        let file = file_of(term);
        let cost = if files.contains(&file) {
            0
        } else {
            index.manifest["sizes"][file].as_u64().unwrap_or(0)
        };
        if spent + cost > 64 * 1024 {
            continue;
        }
        picked.push(term);
        files.insert(file);
        spent += cost;
        left -= 1;
    }
    picked
}

fn pages_of(file: &Value, term: u64) -> Vec<u64> {
    use base64::Engine;
    let first = file["first"].as_u64().unwrap_or(0);
    let encoded = file["postings"][(term - first) as usize]
        .as_str()
        .unwrap_or_default();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("base64");
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
    let mut page = 0;
    numbers
        .chunks(2)
        .map(|pair| {
            page += pair[0];
            page
        })
        .collect()
}
