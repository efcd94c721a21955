//! What rendering keeps for reuse when its caller carries a [`RenderCache`]: `serve` between
//! rebuilds, and a build with departments between its handbooks.

use crate::cache::Memo;
use crate::render::markdown::Rendered;
use crate::render::search::SearchCache;

/// Rendered Markdown, rebased print HTML and analysed search entries, by what they depend on.
#[derive(Default)]
pub struct RenderCache {
    pub(crate) markdown: Memo<Rendered>,
    pub(crate) rebased: Memo<String>,
    pub(crate) search: SearchCache,
}

impl RenderCache {
    /// Starts a rebuild: results the last two rebuilds did not use are dropped.
    pub fn next_generation(&self) {
        self.markdown.next_generation();
        self.rebased.next_generation();
        self.search.next_generation();
    }
}
