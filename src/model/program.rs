//! `content/program.yaml`: the program definition.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, Located, Number, OneOrMany};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub name: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub model: OneOrMany<MentoringModel>,
    #[serde(default)]
    pub duration_months: Option<u32>,
    #[serde(default)]
    pub meetings: Option<Meetings>,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub matching: Option<Matching>,
    #[serde(default)]
    pub expectations: Vec<Expectation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MentoringModel {
    OneOnOne,
    Group,
    Peer,
    Reverse,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meetings {
    pub frequency: String,
    #[serde(default)]
    pub length_minutes: Option<u32>,
    #[serde(default)]
    pub format: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    #[schemars(with = "String")]
    pub id: Located<String>,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub metric: String,
    #[serde(default)]
    pub baseline: Option<Number>,
    pub target: Number,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    #[schemars(with = "String")]
    pub id: Located<String>,
    pub title: String,
    #[serde(default)]
    pub who: Option<String>,
    #[serde(default)]
    pub responsibilities: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    #[schemars(with = "String")]
    pub id: Located<String>,
    pub title: String,
    /// `[from, to]`, inclusive program weeks.
    #[schemars(with = "[u32; 2]")]
    pub weeks: Located<[u32; 2]>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub checklists: Vec<Located<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub surveys: Vec<Located<String>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub modules: Vec<Located<String>>,
}

/// How mentors and mentees are matched: published in the handbook, and what `mentorkit match`
/// scores pairs by.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matching {
    /// How matching works, in plain words, for the handbook's readers.
    #[serde(default)]
    pub method: Option<String>,
    /// What makes a good pair, each with its weight.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// Conditions every proposed pair meets whatever its score, and the mentors' capacity.
    #[serde(default)]
    pub rules: Option<MatchingRules>,
}

/// One matching criterion.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// A short id, unique among the criteria (a column of `matches.csv`).
    #[schemars(with = "String")]
    pub id: Located<String>,
    /// The criterion's name, as the handbook and the review page show it.
    pub label: String,
    /// How much the criterion counts: a whole number from 0 to 1,000,000; a pair that meets
    /// it fully scores this many points.
    #[schemars(range(min = 0, max = 1_000_000))]
    pub weight: i64,
    /// What the criterion means, in plain words.
    #[serde(default)]
    pub description: Option<String>,
    /// How `mentorkit match` compares a mentor with a mentee on this criterion. Without it the
    /// criterion is left to the coordinator's judgement and scores nothing.
    #[serde(default)]
    pub compare: Option<Compare>,
    /// The profile column both sides fill in (default: the criterion's id).
    #[serde(default)]
    pub column: Option<String>,
    /// The mentors' column, where it differs from the mentees' (e.g. the mentor's `expertise`
    /// against the mentee's `career_goals`).
    #[serde(default)]
    pub mentor_column: Option<String>,
    /// The values the column may hold. For `closeness`, required, in order from first to last
    /// step of the scale; for `equal` and `overlap`, optional, and any other value in a profile
    /// is then an error.
    #[serde(default)]
    pub values: Vec<String>,
    /// For `closeness`: how many steps further along the scale the ideal mentor is than the
    /// mentee (default 0: the same step).
    #[serde(default)]
    pub ideal_gap: Option<i64>,
}

/// How a criterion compares a mentor's profile with a mentee's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Compare {
    /// Full points when both give the same value, none otherwise.
    Equal,
    /// Lists (values separated by `;`): the share of the mentee's values the mentor also has.
    Overlap,
    /// A step on an ordered scale (`values`): full points at the ideal gap, fewer the further
    /// from it.
    Closeness,
}

/// The rules of `mentorkit match`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchingRules {
    /// Conditions a proposed pair always meets.
    #[serde(default)]
    pub must: Vec<PairRule>,
    /// Conditions a proposed pair never meets.
    #[serde(default)]
    pub must_not: Vec<PairRule>,
    /// The mentors' column that says how many mentees each may take (default `capacity`; a
    /// mentor with an empty cell, or a file without the column, takes one).
    #[serde(default)]
    pub capacity: Option<String>,
}

/// One condition on a mentor and a mentee, named by the profile column it reads.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PairRule {
    /// Both give the same value in this column (e.g. `campus`).
    Same(String),
    /// Their lists in this column (values separated by `;`) share at least one value (e.g.
    /// `shifts`).
    Overlap(String),
    /// The mentee's column names the mentor's id (e.g. `manager`: the mentor is the mentee's
    /// line manager).
    NamesMentor(String),
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub audience: Audience,
    #[serde(default)]
    pub items: Vec<String>,
}
