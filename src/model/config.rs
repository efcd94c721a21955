//! `mentorkit.yaml`: the site configuration.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The handbook's title, shown in every page's header, the browser tab and on the print cover.
    pub title: String,
    /// Where the site will be published; used for canonical links only, since every internal
    /// link is relative.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The language of the pages, as a BCP 47 tag such as `en` or `en-GB` (the pages' `lang`
    /// attribute and the search stemmer). Default: `en`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The theme: `default` (built in) or the name of a folder in themes/. Default: `default`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The organization that runs the program: its name and logo, shown in the header.
    #[serde(default)]
    pub organization: Option<Organization>,
    /// Who readers contact about the program, shown in every page's footer.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// How survey answers are collected: downloaded by the respondent (the default; nothing leaves
    /// the browser) or posted to an endpoint.
    #[serde(default)]
    pub surveys: SurveyCollection,
    /// Print settings: the paper size the print pages are laid out for.
    #[serde(default)]
    pub print: Print,
    /// Custom Likert scales shared by every survey.
    #[serde(default)]
    pub scales: BTreeMap<String, Vec<String>>,
    /// Document control: the handbook's version, when it took effect and is next reviewed, who
    /// owns and who approved it; shown in every page's footer and on printed copies.
    #[serde(default)]
    pub document: Option<DocumentControl>,
    /// The evaluation report (`mentorkit report`): how small a group may be before its
    /// figures are withheld.
    #[serde(default)]
    pub report: ReportSettings,
}

/// `document:` in mentorkit.yaml. Dates are written `YYYY-MM-DD`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentControl {
    /// The handbook's version, e.g. `2.1`.
    pub version: String,
    /// The day this version took effect.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub effective: Option<String>,
    /// The day the handbook is next reviewed; `check` warns once it has passed.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub next_review: Option<String>,
    /// Who owns the handbook: a person or an office.
    #[serde(default)]
    pub owner: Option<String>,
    /// Who approved this version.
    #[serde(default)]
    pub approved_by: Option<String>,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// The organization's name, e.g. "Riverbend Health".
    pub name: String,
    /// An image file in static/ (copied to the site root), e.g. `logo.svg`, shown in the header.
    #[serde(default)]
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The contact's name or the name of the team, e.g. "Program office".
    pub name: String,
    /// An email address, shown as a mailto: link.
    #[serde(default)]
    pub email: Option<String>,
    /// A phone number or extension, shown as written.
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Submit {
    #[default]
    Download,
    Post,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyCollection {
    /// `download` (default): the respondent saves the answers as CSV or JSON and sends them on;
    /// `post`: the form sends them to `endpoint`.
    #[serde(default)]
    pub submit: Submit,
    /// The URL survey answers are POSTed to when `submit: post` (required then).
    #[serde(default)]
    pub endpoint: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    Letter,
    A4,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Print {
    /// The paper size of the print pages and the PDFs: `letter` (default) or `a4`.
    #[serde(default)]
    pub paper: Paper,
    /// Whether `build` writes the PDFs: handbook.pdf, and with a curriculum
    /// curriculum-workbook.pdf and facilitator-guide.pdf (default `true`).
    #[serde(default = "yes")]
    pub pdf: bool,
}

impl Default for Print {
    fn default() -> Self {
        Print {
            paper: Paper::default(),
            pdf: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// Settings of `mentorkit report`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The fewest responses a figure, chart, free-text answer or breakdown may come from
    /// (default 5; below 3 is refused). Smaller groups are withheld, and so is the next
    /// smallest where subtracting from the total would reveal them.
    #[serde(
        default = "default_min_cell",
        deserialize_with = "super::common::plain"
    )]
    #[schemars(range(min = 3))]
    pub min_cell: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings {
            min_cell: default_min_cell(),
        }
    }
}

/// The smallest group the report publishes by default.
pub const DEFAULT_MIN_CELL: u32 = 5;
/// Below this, groups are too small to protect anyone: `min_cell` is refused.
pub const LOWEST_MIN_CELL: u32 = 3;

fn default_min_cell() -> u32 {
    DEFAULT_MIN_CELL
}
