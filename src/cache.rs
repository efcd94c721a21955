//! Results kept between rebuilds by `serve`, so an edit to one guide re-renders that guide's
//! Markdown and search entry rather than every guide's, and shared between the handbooks of a
//! build with departments, where most guides read the same in every handbook. Off in a build
//! without departments, which renders each guide once.
//!
//! Entries are found by a hash of everything the result depends on; an entry no rebuild used
//! in the last two is dropped, so memory stays proportional to the site.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use xxhash_rust::xxh3::Xxh3;

static ENABLED: AtomicBool = AtomicBool::new(false);
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// Turns memoization on for this process (`serve` does, and a build with departments).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Whether memoization is on (keys need not be computed when it is off).
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Starts a rebuild: entries the previous two rebuilds did not use are dropped.
pub fn next_generation() {
    let generation = GENERATION.fetch_add(1, Ordering::Relaxed) + 1;
    FRONT_MATTER.retain(generation);
    MARKDOWN.retain(generation);
    SEARCH.retain(generation);
    REBASED.retain(generation);
}

/// Results by key, each with the generation of the rebuild that last used it.
type Entries<T> = HashMap<u64, (Arc<T>, u64)>;

/// One kind of result, by key.
pub struct Memo<T> {
    entries: LazyLock<Mutex<Entries<T>>>,
}

impl<T> Memo<T> {
    const fn new() -> Self {
        Memo {
            entries: LazyLock::new(|| Mutex::new(HashMap::new())),
        }
    }

    /// The result for `key`, made by `make` when it is not kept (or memoization is off).
    pub fn get_or(&self, key: u64, make: impl FnOnce() -> T) -> Arc<T> {
        match self.get(key) {
            Some(value) => value,
            None => self.insert(key, make()),
        }
    }

    /// The kept result for `key`, marked as used by this rebuild.
    pub fn get(&self, key: u64) -> Option<Arc<T>> {
        if !enabled() {
            return None;
        }
        let generation = GENERATION.load(Ordering::Relaxed);
        // A poisoned lock means a panic elsewhere mid-update: then nothing is reused.
        let mut entries = self.entries.lock().ok()?;
        let (value, used) = entries.get_mut(&key)?;
        *used = generation;
        Some(Arc::clone(value))
    }

    /// Keeps `value` for `key` (when memoization is on) and returns it.
    pub fn insert(&self, key: u64, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if enabled()
            && let Ok(mut entries) = self.entries.lock()
        {
            let generation = GENERATION.load(Ordering::Relaxed);
            entries.insert(key, (Arc::clone(&value), generation));
        }
        value
    }

    fn retain(&self, generation: u64) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (_, used)| *used + 2 >= generation);
        }
    }
}

/// Parsed guide front matter and where the body starts.
pub static FRONT_MATTER: Memo<(crate::model::FrontMatter, usize)> = Memo::new();
/// Rendered Markdown of guides and facilitator guides.
pub static MARKDOWN: Memo<crate::render::markdown::Rendered> = Memo::new();
/// Analysed search entries.
pub static SEARCH: Memo<crate::render::search::Analysis> = Memo::new();
/// Guides' rendered Markdown with links rebased for the print pages.
pub static REBASED: Memo<String> = Memo::new();

/// A key from the parts a result depends on (each part's length goes in too, so parts cannot
/// run into each other).
pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut hasher = Xxh3::new();
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_reused_until_two_rebuilds_leave_them_unused() {
        static NUMBERS: Memo<usize> = Memo::new();
        enable();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = || made.fetch_add(1, Ordering::Relaxed) + 100;
        let first = NUMBERS.get_or(7, make);
        assert_eq!(*NUMBERS.get_or(7, make), *first, "reused");
        assert_eq!(made.load(Ordering::Relaxed), 1);
        let generation = GENERATION.load(Ordering::Relaxed);
        NUMBERS.retain(generation + 2);
        assert!(NUMBERS.get(7).is_some(), "kept while recently used");
        NUMBERS.retain(generation + 3);
        assert!(NUMBERS.get(7).is_none(), "dropped once unused for longer");
    }

    #[test]
    fn keys_separate_their_parts() {
        assert_ne!(key([&b"ab"[..], b"c"]), key([&b"a"[..], b"bc"]));
        assert_eq!(key([&b"a"[..], b"bc"]), key([&b"a"[..], b"bc"]));
    }
}
