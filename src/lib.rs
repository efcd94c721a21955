//! mentorkit: a static site generator for mentorship program handbooks.
//!
//! Every command that reads a project runs one pipeline, and each stage is a folder:
//!
//! ```text
//! load -> resolve -> validate -> render -> write
//! ```
//!
//! - [`load`] reads and parses every file into the typed [`model`] (a [`model::Project`]);
//! - [`resolve`] decides output paths, reading order, navigation and department overlays
//!   (a [`resolve::Site`] per handbook);
//! - [`validate`] checks references, ids and the rules that span several keys;
//! - [`render`] renders Markdown once per guide, then every page through its template;
//! - [`write`](mod@write) stages the site beside the output folder and puts it in place once it is whole.
//!
//! [`pipeline`] runs them ([`pipeline::run`](fn@pipeline::run), [`pipeline::build`](fn@pipeline::build),
//! [`pipeline::check`](fn@pipeline::check));
//! [`matching`] is the pipeline of `mentorkit match` (profiles to proposed pairs), beside it,
//! and [`report`] that of `mentorkit report` (survey responses to an evaluation report).
//! [`cmd`] holds one thin module per command; every stage reports into [`diagnostics`], and a
//! command stops with an [`error::Error`]. ARCHITECTURE.md describes each module.

pub mod cache;
pub mod cmd;
pub mod diagnostics;
pub mod error;
pub mod load;
pub mod matching;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod report;
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
