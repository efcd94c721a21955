//! A guide's YAML front matter.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, OneOrMany};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub audience: OneOrMany<Audience>,
    /// Order within the section or group; ties are broken by title.
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub draft: bool,
}
