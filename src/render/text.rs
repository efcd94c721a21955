//! The interface text that reaches pages as values (page titles, breadcrumbs, durations,
//! labels), read from the theme's `text.txt` by key, so a translation touches templates only.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::model::{Audience, MentoringModel, Program};
use crate::render::markdown::CalloutTitles;
use crate::render::template_errors::template_failure;
use crate::render::theme::Theme;

/// The template that holds the interface text. Every theme has it: a theme that extends no
/// other gets the default theme's (see [`crate::render::theme::load`]).
pub const TEXT_TEMPLATE: &str = "text.txt";

/// The text for `key`, with `args` (a struct of named values, or `()`) for its placeholders.
pub fn text(theme: &Theme, key: &str, args: impl Serialize) -> Result<String, Diagnostic> {
    let mut context = Context::from_serialize(args).unwrap_or_default();
    context.insert("key", key);
    theme
        .tera
        .render(TEXT_TEMPLATE, &context)
        .map_err(|error| template_failure(theme, TEXT_TEMPLATE, &error))
}

/// The words every page's breadcrumbs and fixed titles use, read once per handbook.
pub struct FixedText {
    pub home: String,
    pub not_found: String,
    pub search: String,
    pub print: String,
    pub curriculum: String,
    pub checklists: String,
    pub checklist_pack: String,
    pub surveys: String,
    pub yes: String,
    pub no: String,
    pub dictionary: DictionaryText,
    pub search_kinds: SearchKinds,
}

/// What the search results call each kind of page.
pub struct SearchKinds {
    pub guide: String,
    pub module: String,
    pub checklist: String,
    pub survey: String,
    /// The program overview's parts (the program, a goal, a role, a phase).
    pub program: String,
    /// Another handbook of the build.
    pub department: String,
    /// The titles of the overview's matching and expectations parts.
    pub matching: String,
    pub expectations: String,
}

/// The data dictionary's words. Phrases that hold values (`whole number from 1 to 5`) are
/// read once per handbook with a mark in each value's place, which [`fill`] replaces.
pub struct DictionaryText {
    pub submitted_at: String,
    pub submitted_at_coding: String,
    pub respondent: String,
    pub department: String,
    pub department_coding: String,
    pub free_text: String,
    pub long_text: String,
    pub date: String,
    pub nps: String,
    /// Marks: `max`.
    pub rating: String,
    /// Marks: `options`.
    pub any_of: String,
    pub one_of: String,
    pub number: String,
    /// Marks: `min`, `max`.
    pub number_from_to: String,
    pub number_at_least: String,
    pub number_at_most: String,
    /// Marks: `number`, `question`, `equals`.
    pub condition: String,
}

/// Encloses the name of a value in a phrase read with marks: a character of Unicode's private
/// use area, which interface text never contains.
const MARK: char = '\u{F8FE}';

/// Where the value named `name` goes in a phrase read with marks.
fn mark(name: &str) -> String {
    format!("{MARK}{name}{MARK}")
}

/// `phrase` with each mark replaced by its value in `values`, in one pass: a value is put in
/// as it is, never read for marks itself.
pub fn fill(phrase: &str, values: &[(&str, &str)]) -> String {
    let mut filled = String::with_capacity(phrase.len() + 32);
    for (i, part) in phrase.split(MARK).enumerate() {
        // Parts alternate: text, a mark's name, text, ...
        let value = values.iter().find(|(name, _)| *name == part);
        match value {
            Some((_, value)) if i % 2 == 1 => filled.push_str(value),
            _ => filled.push_str(part),
        }
    }
    filled
}

impl DictionaryText {
    fn of(theme: &Theme) -> Result<Self, Diagnostic> {
        let get = |key: &str| text(theme, key, ());
        let marked = |key: &str, names: &[&str]| {
            let marks: HashMap<&str, String> = names.iter().map(|n| (*n, mark(n))).collect();
            text(theme, key, marks)
        };
        Ok(DictionaryText {
            submitted_at: get("dictionary_submitted_at")?,
            submitted_at_coding: get("dictionary_submitted_at_coding")?,
            respondent: get("dictionary_respondent")?,
            department: get("dictionary_department")?,
            department_coding: get("dictionary_department_coding")?,
            free_text: get("coding_free_text")?,
            long_text: get("coding_long_text")?,
            date: get("coding_date")?,
            nps: get("coding_nps")?,
            rating: marked("coding_rating", &["max"])?,
            any_of: marked("coding_any_of", &["options"])?,
            one_of: marked("coding_one_of", &["options"])?,
            number: get("coding_number")?,
            number_from_to: marked("coding_number_from_to", &["min", "max"])?,
            number_at_least: marked("coding_number_at_least", &["min"])?,
            number_at_most: marked("coding_number_at_most", &["max"])?,
            condition: marked("dictionary_condition", &["number", "question", "equals"])?,
        })
    }
}

impl FixedText {
    pub fn of(theme: &Theme) -> Result<Self, Diagnostic> {
        let get = |key: &str| text(theme, key, ());
        Ok(FixedText {
            home: get("home")?,
            not_found: get("not_found")?,
            search: get("search")?,
            print: get("print")?,
            curriculum: get("curriculum")?,
            checklists: get("checklists")?,
            checklist_pack: get("checklist_pack")?,
            surveys: get("surveys")?,
            yes: get("yes")?,
            no: get("no")?,
            dictionary: DictionaryText::of(theme)?,
            search_kinds: SearchKinds {
                guide: get("search_kind_guide")?,
                module: get("search_kind_module")?,
                checklist: get("search_kind_checklist")?,
                survey: get("search_kind_survey")?,
                program: get("search_kind_program")?,
                department: get("search_kind_department")?,
                matching: get("search_matching")?,
                expectations: get("search_expectations")?,
            },
        })
    }
}

/// A duration in hours and minutes, as `7 h 30 min` reads in English.
pub fn duration(theme: &Theme, minutes: u32) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Duration {
        hours: u32,
        minutes: u32,
    }
    let args = Duration {
        hours: minutes / 60,
        minutes: minutes % 60,
    };
    text(theme, "duration", args)
}

/// A count for `key` (`checklist_meta`: `12 items`).
pub fn counted(theme: &Theme, key: &str, count: usize) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Count {
        count: usize,
    }
    text(theme, key, Count { count })
}

/// A page title made from an item's title (`survey_print`: `Exit survey (paper version)`).
pub fn titled(theme: &Theme, key: &str, title: &str) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Title<'a> {
        title: &'a str,
    }
    text(theme, key, Title { title })
}

/// A list of audiences as one phrase (`Mentors and mentees`, `Everyone`).
pub fn audiences(theme: &Theme, audiences: &[Audience]) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Audiences<'a> {
        audiences: &'a [Audience],
    }
    text(theme, "audiences", Audiences { audiences })
}

/// The titles of callouts (`Note`, `Tip`, ...).
pub fn callout_titles(theme: &Theme) -> Result<CalloutTitles, Diagnostic> {
    let get = |key: &str| text(theme, key, ());
    Ok(CalloutTitles {
        note: get("callout_note")?,
        tip: get("callout_tip")?,
        important: get("callout_important")?,
        warning: get("callout_warning")?,
        caution: get("callout_caution")?,
        task_done: get("task_done")?,
        task_open: get("task_open")?,
    })
}

/// A mentoring model's name (`One-on-one`).
pub fn model(theme: &Theme, model: MentoringModel) -> Result<String, Diagnostic> {
    #[derive(Serialize)]
    struct Model {
        id: MentoringModel,
    }
    text(theme, "model", Model { id: model })
}

/// The program's mentoring models by name, in the order the program lists them.
pub fn models(theme: &Theme, program: &Program) -> Result<Vec<String>, Diagnostic> {
    program.model.iter().map(|&m| model(theme, m)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostics, SourceMap};

    fn default_theme() -> Theme {
        let folder = tempfile::tempdir().unwrap();
        let mut diagnostics = Diagnostics::default();
        crate::render::theme::load(
            folder.path(),
            "default",
            &mut diagnostics,
            &mut SourceMap::default(),
        )
        .expect("the default theme compiles")
    }

    #[test]
    fn phrases_read_with_marks_are_filled_with_values() {
        let words = DictionaryText::of(&default_theme()).unwrap();
        let filled = fill(&words.number_from_to, &[("min", "1"), ("max", "9")]);
        assert_eq!(filled, "number from 1 to 9");
        // A value is put in as it is, never read for marks itself.
        let tricky = mark("max");
        let filled = fill(&words.number_from_to, &[("min", &tricky), ("max", "9")]);
        assert_eq!(filled, format!("number from {tricky} to 9"));
    }

    #[test]
    fn hours_read_naturally() {
        let theme = default_theme();
        assert_eq!(duration(&theme, 45).unwrap(), "45 min");
        assert_eq!(duration(&theme, 120).unwrap(), "2 h");
        assert_eq!(duration(&theme, 450).unwrap(), "7 h 30 min");
    }

    #[test]
    fn audiences_read_as_one_phrase() {
        let theme = default_theme();
        assert_eq!(audiences(&theme, &[]).unwrap(), "Everyone");
        assert_eq!(audiences(&theme, &[Audience::Mentor]).unwrap(), "Mentors");
        let three = [Audience::Mentor, Audience::Mentee, Audience::Coordinator];
        assert_eq!(
            audiences(&theme, &three).unwrap(),
            "Mentors, mentees and coordinators"
        );
        assert_eq!(
            audiences(&theme, &[Audience::Leadership]).unwrap(),
            "Leadership"
        );
        let models: Vec<String> = [MentoringModel::OneOnOne, MentoringModel::Reverse]
            .into_iter()
            .map(|m| model(&theme, m).unwrap())
            .collect();
        assert_eq!(models, ["One-on-one", "Reverse"]);
        assert_eq!(
            titled(&theme, "survey_print", "A & B").unwrap(),
            "A & B (paper version)"
        );
    }
}
