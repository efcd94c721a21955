//! `content/program.yaml`: the program definition.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, Located, Number, OneOrMany};

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// The program's name, e.g. "Allied Health Mentorship Program".
    pub name: String,
    /// A paragraph on what the program is, shown first on the home page.
    #[serde(default)]
    pub summary: Option<String>,
    /// The mentoring model: one-on-one, group, peer or reverse; one value or a list.
    #[serde(default)]
    pub model: OneOrMany<MentoringModel>,
    /// How long one cohort's program lasts, in months (usually 6 to 12).
    #[serde(default, deserialize_with = "super::common::plain_option")]
    pub duration_months: Option<u32>,
    /// How often the pairs or groups meet, for how long and in what format.
    #[serde(default)]
    pub meetings: Option<Meetings>,
    /// What the program sets out to achieve, each with measurable outcomes.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Who does what: sponsor, coordinator, mentors, mentees.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// The program's timeline: each phase's weeks and the checklists, surveys and training modules
    /// that belong to it.
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// How mentors and mentees are paired: the method and the weighted criteria.
    #[serde(default)]
    pub matching: Option<Matching>,
    /// What is expected of each audience (communication, meetings, confidentiality), as a list per
    /// audience.
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
    /// How often they meet, as free text, e.g. "Every two weeks for the first three months, then
    /// monthly".
    pub frequency: String,
    /// How long a meeting lasts, in minutes.
    #[serde(default, deserialize_with = "super::common::plain_option")]
    pub length_minutes: Option<u32>,
    /// Where and how they meet, as free text, e.g. "In person or by video call".
    #[serde(default)]
    pub format: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// A unique id for the goal (letters, digits, hyphens), e.g. `retention`.
    #[schemars(with = "String")]
    pub id: Located<String>,
    /// The goal in a few words, e.g. "Keep new staff".
    pub title: String,
    /// What the goal means and why it matters.
    #[serde(default)]
    pub description: Option<String>,
    /// How progress towards the goal is measured: a metric with a baseline and a target.
    #[serde(default)]
    pub measures: Vec<Measure>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// What is measured, e.g. "12-month retention of new allied health staff".
    pub metric: String,
    /// The value before the program (a number).
    #[serde(default)]
    pub baseline: Option<Number>,
    /// The value the program aims for (a number).
    pub target: Number,
    /// The unit of the baseline and target, e.g. `%` or `days`.
    #[serde(default)]
    pub unit: Option<String>,
    /// Where the figure comes from, e.g. "HR turnover report".
    #[serde(default)]
    pub source: Option<String>,
    /// Where `mentorkit report` finds the measure's actual value: a survey question with a
    /// statistic, the cohort's retention at N months, or a figure entered by hand.
    #[serde(default)]
    pub from: Option<MeasureFrom>,
}

/// The data a measure's actual value comes from: exactly one of `survey` (with `question` and
/// `statistic`), `retention_months` or `actual`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureFrom {
    /// The id of the survey whose responses give the value (a folder of responses/).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub survey: Option<Located<String>>,
    /// The id of the question in that survey.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub question: Option<Located<String>>,
    /// `top2` (share in the two highest answers of a Likert scale), `mean`, `nps` (Net
    /// Promoter Score of a 0-10 question) or `share` (the share giving one of `answers`).
    #[serde(default)]
    pub statistic: Option<Statistic>,
    /// For `share`: the answers counted (options, `yes`/`no`, or scale codes).
    #[serde(default)]
    pub answers: Vec<String>,
    /// Count only the responses that gave this answer to another question of the survey, e.g.
    /// `{question: participant_role, equals: Mentee}`.
    #[serde(default)]
    pub only: Option<OnlyIf>,
    /// Retention of the cohort's participants (mentors and mentees) N months after their
    /// start, from responses/cohort.csv, in %.
    #[serde(default, deserialize_with = "super::common::plain_option")]
    pub retention_months: Option<u32>,
    /// A figure entered by hand (from a system mentorkit does not read); give its `source`.
    #[serde(default)]
    pub actual: Option<Number>,
    /// Where a hand-entered `actual` comes from, e.g. "HR report, March 2027".
    #[serde(default)]
    pub source: Option<String>,
}

/// A condition on another question of the survey, like a question's `show_if`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnlyIf {
    /// The id of a question of the same survey.
    #[schemars(with = "String")]
    pub question: Located<String>,
    /// The answer, as the responses code it: an option, `yes`/`no`, a scale code.
    pub equals: String,
}

/// A statistic of a survey question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    Top2,
    Mean,
    Nps,
    Share,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// A unique id for the role, e.g. `mentor`.
    #[schemars(with = "String")]
    pub id: Located<String>,
    /// The role's name, e.g. "Program coordinator".
    pub title: String,
    /// Who takes the role, e.g. "An experienced colleague with two or more years at the
    /// organization".
    #[serde(default)]
    pub who: Option<String>,
    /// What the role does, one item per responsibility.
    #[serde(default)]
    pub responsibilities: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// A unique id for the phase, e.g. `match-launch`; checklists and surveys name it in their
    /// `phase` key.
    #[schemars(with = "String")]
    pub id: Located<String>,
    /// The phase's name, e.g. "Matching and launch".
    pub title: String,
    /// `[from, to]`, inclusive program weeks.
    #[schemars(with = "[u32; 2]")]
    pub weeks: Located<[u32; 2]>,
    /// What happens in this phase.
    #[serde(default)]
    pub summary: Option<String>,
    /// The ids of the checklists used in this phase (their file names without .yaml).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub checklists: Vec<Located<String>>,
    /// The ids of the surveys asked in this phase (their file names without .yaml).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub surveys: Vec<Located<String>>,
    /// The ids of the training modules held in this phase (their file names without .yaml).
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
    /// Whose expectations these are: mentor, mentee, coordinator or leadership.
    pub audience: Audience,
    /// The expectations, one per item.
    #[serde(default)]
    pub items: Vec<String>,
}
