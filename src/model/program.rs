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

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Matching {
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    #[schemars(with = "String")]
    pub id: Located<String>,
    pub label: String,
    pub weight: i64,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub audience: Audience,
    #[serde(default)]
    pub items: Vec<String>,
}
