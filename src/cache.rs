//! Results kept by key, so work done once is not done again: between the rebuilds of `serve`
//! (an edit to one guide re-renders that guide's Markdown and search entry, not every guide's)
//! and between the handbooks of a build with departments (most guides read the same in every
//! handbook).
//!
//! A [`Memo`] is a value that its owner carries (the pipeline's `Cache`), never process
//! state: a run without one computes everything, and two runs never see each other's results.
//! Entries are found by a hash of everything the result depends on; an entry that the last two
//! generations (rebuilds) did not use is dropped, so memory stays proportional to the site.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::Xxh3;

/// Results by key, each with the generation that last used it.
type Entries<T> = HashMap<u64, (Arc<T>, u64)>;

/// One kind of result, by key.
pub struct Memo<T> {
    entries: Mutex<Entries<T>>,
    generation: AtomicU64,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            entries: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }
}

impl<T> Memo<T> {
    /// The result for `key`, made by `make` when it is not kept.
    pub fn get_or(&self, key: u64, make: impl FnOnce() -> T) -> Arc<T> {
        match self.get(key) {
            Some(value) => value,
            None => self.insert(key, make()),
        }
    }

    /// The kept result for `key`, marked as used by this generation.
    pub fn get(&self, key: u64) -> Option<Arc<T>> {
        let generation = self.generation.load(Ordering::Relaxed);
        // A poisoned lock means a panic elsewhere mid-update: then nothing is reused.
        let mut entries = self.entries.lock().ok()?;
        let (value, used) = entries.get_mut(&key)?;
        *used = generation;
        Some(Arc::clone(value))
    }

    /// Keeps `value` for `key` and returns it.
    pub fn insert(&self, key: u64, value: T) -> Arc<T> {
        let value = Arc::new(value);
        if let Ok(mut entries) = self.entries.lock() {
            let generation = self.generation.load(Ordering::Relaxed);
            entries.insert(key, (Arc::clone(&value), generation));
        }
        value
    }

    /// Starts a generation (a rebuild): entries the previous two did not use are dropped.
    pub fn next_generation(&self) {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (_, used)| *used + 2 >= generation);
        }
    }

    /// Drops every kept result.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}

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
    fn a_kept_result_is_reused_until_two_generations_pass_it_by() {
        let memo: Memo<String> = Memo::default();
        let made = memo.get_or(1, || "first".to_string());
        assert_eq!(*memo.get_or(1, || "again".to_string()), *made);
        memo.next_generation();
        memo.next_generation();
        assert!(memo.get(1).is_some(), "used two generations ago");
        memo.next_generation();
        memo.next_generation();
        memo.next_generation();
        assert!(memo.get(1).is_none());
    }

    #[test]
    fn two_memos_share_nothing() {
        let (a, b): (Memo<u32>, Memo<u32>) = (Memo::default(), Memo::default());
        a.insert(7, 1);
        assert!(b.get(7).is_none());
    }

    #[test]
    fn keys_keep_parts_apart() {
        assert_ne!(key([&b"ab"[..], b"c"]), key([&b"a"[..], b"bc"]));
    }
}
