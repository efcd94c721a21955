//! The interface text that reaches pages as values (page titles, breadcrumbs, durations,
//! labels), read from the theme's `text.txt` by key, so a translation touches templates only.

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
