//! mentorkit: a static site generator for mentorship program handbooks.
//!
//! The pipeline is `load -> resolve -> validate -> render -> write`, one folder per stage;
//! [`pipeline`] runs it. The typed model in [`model`] is the single source of truth.

pub mod cache;
pub mod cmd;
pub mod diagnostics;
pub mod error;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod timing;
pub mod validate;
pub mod write;

/// The most items one task of a parallel loop over guides or pages takes. Rayon otherwise
/// splits a loop only a few times on two cores, and a core that runs out of work near the end
/// of a stage cannot take part of another's last block of a thousand guides: it sat idle for
/// about a tenth of a 10,000-guide build.
pub const MAX_ITEMS_PER_TASK: usize = 16;
