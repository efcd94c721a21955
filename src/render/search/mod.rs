//! Site search: the documents a site offers to search (`documents`) and the index over them
//! that `search-index.js` holds (`index`).

mod documents;
mod index;

pub use self::documents::search_index;
pub use self::index::{Analysis, SearchCache, SearchDoc, Text, index_script};
