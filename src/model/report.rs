//! `responses/<survey-id>/map.yaml`: how another tool's export (Google Forms, Microsoft
//! Forms) maps onto a survey's columns and answers, for `mentorkit report`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The map of one survey's exports from another tool.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseMap {
    /// Their column header -> a question id of the survey (or `submitted_at`, `respondent`,
    /// `department`), e.g. `"Timestamp": submitted_at`. Columns not named keep their header.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// Their answer label -> the answer as the survey codes it (an option, `yes`/`no`, a scale
    /// code such as `5`), e.g. `"Strongly agree": "5"`. Applied to every question with options
    /// or a scale.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}
