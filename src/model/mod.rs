//! The typed content model: one serde struct per file kind, with exactly the field names of the
//! content format. Every struct denies unknown keys so a typo is an error with a hint.
//!
//! [`Project`] is what the load stage makes of a whole handbook and every later stage reads.

mod checklist;
mod common;
mod config;
mod department;
mod guide;
mod module;
mod program;
mod project;
mod report;
pub mod schema;
mod survey;

pub use checklist::{Checklist, ChecklistItem, ChecklistSection};
pub use common::{Audience, Located, Number, OneOrMany};
pub use config::{
    Config, Contact, DEFAULT_MIN_CELL, LOWEST_MIN_CELL, Organization, Paper, Print, ReportSettings,
    Submit, SurveyCollection,
};
pub use department::{Branding, Department, ListPatch, MatchingPatch, MeetingsPatch, ProgramPatch};
pub use guide::FrontMatter;
pub use module::{AgendaItem, Module};
pub use program::{
    Compare, Criterion, Expectation, Goal, Matching, MatchingRules, Measure, MeasureFrom, Meetings,
    MentoringModel, OnlyIf, PairRule, Phase, Program, Role, Statistic,
};
pub use project::{
    DEPARTMENT_TEMPLATES_FOLDER, DEPARTMENTS_DIR, DEPARTMENTS_FOLDER, DepartmentSource, Entry,
    GuideSource, Kind, Project,
};
pub use report::ResponseMap;
pub use survey::{
    BUILTIN_SCALES, Question, QuestionKind, RESERVED_COLUMNS, ShowIf, Survey, SurveySection,
    answer_values, scale_labels,
};
