//! A guide's YAML front matter.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, OneOrMany};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The guide's title, shown as its heading, in navigation and in search results.
    pub title: String,
    /// One or two sentences, shown under the title on the section page and in search results.
    #[serde(default)]
    pub summary: Option<String>,
    /// Who it is for: mentor, mentee, coordinator or leadership; one value or a list.
    #[serde(default)]
    pub audience: OneOrMany<Audience>,
    /// Order within the section or group; ties are broken by title.
    #[serde(default, deserialize_with = "super::common::plain")]
    pub weight: i64,
    /// When the guide's content was last checked, as a date (`2026-03-12`): shown under its
    /// title as "Last reviewed".
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub reviewed: Option<super::Located<String>>,
    /// How often the guide is reviewed, in months, counted from `reviewed`: `check` warns
    /// about a guide past its review date.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 120))]
    pub review_every_months: Option<super::Located<u32>>,
    /// A draft is left out of the site unless the build is run with `--drafts` (then it is marked
    /// "Draft").
    #[serde(default, deserialize_with = "super::common::plain")]
    pub draft: bool,
}
