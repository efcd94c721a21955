//! The results one run can hand to the next: `serve` keeps a [`Cache`] for its whole session,
//! and a build with departments makes one for the run, so its handbooks share what reads the
//! same in each.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::load::FrontMatterCache;
use crate::render::RenderCache;

/// What the load and render stages keep for reuse. A cache made with [`Cache::default`] keeps
/// nothing until a run with departments turns it on; [`Cache::for_rebuilds`] keeps from the
/// start.
#[derive(Default)]
pub struct Cache {
    enabled: AtomicBool,
    front_matter: FrontMatterCache,
    render: RenderCache,
}

impl Cache {
    /// A cache for a session of rebuilds (`serve`).
    pub fn for_rebuilds() -> Self {
        Cache {
            enabled: AtomicBool::new(true),
            ..Cache::default()
        }
    }

    /// Starts keeping results: a run with department handbooks renders most guides once.
    pub(super) fn enable(&self) {
        self.enabled.store(true, Ordering::Relaxed);
    }

    fn enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }

    /// Parsed guide front matter, when results are kept.
    pub(super) fn front_matter(&self) -> Option<&FrontMatterCache> {
        self.enabled().then_some(&self.front_matter)
    }

    /// Rendered Markdown, print HTML and search entries, when results are kept.
    pub(super) fn render(&self) -> Option<&RenderCache> {
        self.enabled().then_some(&self.render)
    }

    /// Starts a rebuild: results the last two rebuilds did not use are dropped.
    pub fn next_generation(&self) {
        self.front_matter.next_generation();
        self.render.next_generation();
    }
}
