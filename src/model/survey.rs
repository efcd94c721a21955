//! `content/surveys/*.yaml`: survey forms.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Audience, Located, Number, OneOrMany};

/// Columns a survey response has besides its question ids (`department` in a department
/// handbook's forms).
pub const RESERVED_COLUMNS: &[&str] = &["submitted_at", "respondent", "department"];

/// The Likert scales every survey may use without defining them.
pub const BUILTIN_SCALES: &[(&str, &[&str])] = &[
    (
        "agreement",
        &[
            "Strongly disagree",
            "Disagree",
            "Neither agree nor disagree",
            "Agree",
            "Strongly agree",
        ],
    ),
    (
        "frequency",
        &["Never", "Rarely", "Sometimes", "Often", "Always"],
    ),
    (
        "satisfaction",
        &[
            "Very dissatisfied",
            "Dissatisfied",
            "Neutral",
            "Satisfied",
            "Very satisfied",
        ],
    ),
];

/// The labels of a Likert scale, from the survey, then mentorkit.yaml, then the built-ins.
pub fn scale_labels<'a>(
    name: &str,
    survey: &'a Survey,
    site_scales: &'a BTreeMap<String, Vec<String>>,
) -> Option<Vec<&'a str>> {
    if let Some(labels) = survey.scales.get(name).or_else(|| site_scales.get(name)) {
        return Some(labels.iter().map(String::as_str).collect());
    }
    BUILTIN_SCALES
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, labels)| labels.to_vec())
}

/// The answers a question can have, as `show_if.equals` compares them.
pub fn answer_values(question: &Question) -> Option<Vec<String>> {
    match question.kind.value {
        QuestionKind::YesNo => Some(vec!["yes".into(), "no".into()]),
        QuestionKind::Choice => question.options.as_ref().map(|o| o.value.clone()),
        _ => None,
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    /// Defaults to the file stem.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Located<String>>,
    /// The survey's title, e.g. "Mentee baseline survey".
    pub title: String,
    /// Who it is for: mentor, mentee, coordinator or leadership; one value or a list.
    #[serde(default)]
    pub audience: OneOrMany<Audience>,
    /// The id of the program phase this survey belongs to.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub phase: Option<Located<String>>,
    /// `true` (default): the form asks for no name; `false`: it asks who is answering (a
    /// `respondent` field and CSV column).
    #[serde(default = "default_true", deserialize_with = "super::common::plain")]
    pub anonymous: bool,
    /// A paragraph shown above the questions: why the survey is asked and how long it takes.
    #[serde(default)]
    pub intro: Option<String>,
    /// Custom Likert scales for this survey: `NAME: [label, ...]`.
    #[serde(default)]
    pub scales: BTreeMap<String, Vec<String>>,
    /// The questions, in order (also the order of the CSV columns); or use `sections`.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Groups of questions, each with a title; the questions' order across sections is the CSV
    /// column order.
    #[serde(default)]
    pub sections: Vec<SurveySection>,
}

fn default_true() -> bool {
    true
}

impl Survey {
    /// Every question in document order (and so CSV column order).
    pub fn all_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.questions.iter()))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveySection {
    /// The section's heading.
    pub title: String,
    /// The section's questions, in order.
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Likert,
    Rating,
    Nps,
    Choice,
    YesNo,
    Number,
    Text,
    Date,
}

impl QuestionKind {
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Likert => "likert",
            QuestionKind::Rating => "rating",
            QuestionKind::Nps => "nps",
            QuestionKind::Choice => "choice",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Number => "number",
            QuestionKind::Text => "text",
            QuestionKind::Date => "date",
        }
    }
}

/// One question. The per-type keys are optional here and checked against `type` by the
/// validator, which can then say which key does not belong to which type.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// A unique id within the survey (letters, digits, underscores): the form field's name and the
    /// CSV column's.
    #[schemars(with = "String")]
    pub id: Located<String>,
    /// The kind of answer: likert, rating, nps, choice, yes_no, number, text or date.
    #[serde(rename = "type")]
    #[schemars(with = "QuestionKind")]
    pub kind: Located<QuestionKind>,
    /// The question as the respondent reads it.
    pub text: String,
    /// Whether the question must be answered before the form can be submitted.
    #[serde(default, deserialize_with = "super::common::plain")]
    pub required: bool,
    /// Show the question only when another question has a given answer.
    #[serde(default)]
    pub show_if: Option<ShowIf>,
    /// likert: agreement | frequency | satisfaction | a custom scale name.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub scale: Option<Located<String>>,
    /// rating: the top of the 1..max range; number: the largest allowed value.
    #[serde(default)]
    #[schemars(with = "Option<Number>")]
    pub max: Option<Located<Number>>,
    /// number: the smallest allowed value.
    #[serde(default)]
    #[schemars(with = "Option<Number>")]
    pub min: Option<Located<Number>>,
    /// choice: the options, in order.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub options: Option<Located<Vec<String>>>,
    /// choice: allow several answers.
    #[serde(default, deserialize_with = "super::common::plain")]
    pub multiple: bool,
    /// text: a multi-line answer.
    #[serde(default, deserialize_with = "super::common::plain")]
    pub long: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowIf {
    /// The id of an earlier question in the same survey.
    #[schemars(with = "String")]
    pub question: Located<String>,
    /// The answer that shows this question: an option's text, or `yes`/`no` for a yes_no question.
    #[schemars(with = "String")]
    pub equals: Located<String>,
}
