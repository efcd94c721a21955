//! The surveys' index, and each survey's three pages: the web form, the paper version and the
//! data dictionary.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::{Handbook, Link, PhaseRef, base_context, home_link, phase_by_id, phase_ids, phase_of};
use crate::diagnostics::Diagnostic;
use crate::model::{Entry, Kind};
use crate::model::{Located, Number, Question, QuestionKind, Survey};
use crate::render::dictionary::{AnswerOption, answer_options, dictionary_rows, value_coding};
use crate::render::text::{self, FixedText};
use crate::resolve::{
    Page, PageKind, SURVEYS_PATH, Site, item_path, survey_dictionary_csv_path,
    survey_dictionary_path, survey_print_path,
};

#[derive(Serialize)]
struct ShowIfView<'a> {
    question: &'a str,
    equals: &'a str,
    /// 1-based number of the question the condition depends on, for "answer only if" hints.
    number: usize,
    text: &'a str,
    /// The answer as the reader sees it (`Yes` for a yes_no question's `yes`).
    label: String,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    number: usize,
    id: &'a str,
    kind: &'static str,
    text: &'a str,
    required: bool,
    options: Vec<AnswerOption>,
    scale: Option<&'a str>,
    min: Option<String>,
    max: Option<String>,
    multiple: bool,
    long: bool,
    show_if: Option<ShowIfView<'a>>,
    /// How many digit boxes the paper version prints for a number.
    digits: usize,
    /// How answers are written in the CSV (also shown in the data dictionary).
    coding: String,
}

#[derive(Serialize)]
pub(in crate::render) struct SurveySectionView<'a> {
    title: Option<&'a str>,
    questions: Vec<QuestionView<'a>>,
}

/// A survey in the index's list.
#[derive(Serialize)]
struct SurveyItem<'a> {
    id: &'a str,
    path: String,
    print_path: String,
    dictionary_path: String,
    data: &'a Survey,
}

/// The surveys of one phase (or of none, last).
#[derive(Serialize)]
struct PhaseGroup<'a> {
    phase: Option<PhaseRef<'a>>,
    items: Vec<SurveyItem<'a>>,
}

/// Digit boxes for a number on paper: enough for `min` and `max`, 3 when unbounded.
fn number_digits(question: &Question) -> usize {
    let width = |n: &Located<Number>| n.value.to_string().len();
    let widest = question
        .min
        .iter()
        .chain(question.max.iter())
        .map(width)
        .max()
        .unwrap_or(3);
    widest.clamp(1, 8)
}

/// What the questions of one survey know of each other: each question's number and text, and
/// its kind, by id, for the conditions that refer to them.
struct QuestionIndex<'a> {
    numbers: HashMap<&'a str, (usize, &'a str)>,
    kinds: HashMap<&'a str, QuestionKind>,
}

impl<'a> QuestionIndex<'a> {
    fn of(survey: &'a Survey) -> Self {
        QuestionIndex {
            numbers: survey
                .all_questions()
                .enumerate()
                .map(|(i, q)| (q.id.value.as_str(), (i + 1, q.text.as_str())))
                .collect(),
            kinds: survey
                .all_questions()
                .map(|q| (q.id.value.as_str(), q.kind.value))
                .collect(),
        }
    }

    fn show_if(&self, question: &'a Question, words: &FixedText) -> Option<ShowIfView<'a>> {
        let s = question.show_if.as_ref()?;
        let (number, text) = self
            .numbers
            .get(s.question.value.as_str())
            .copied()
            .unwrap_or((0, ""));
        let label = match self.kinds.get(s.question.value.as_str()) {
            Some(QuestionKind::YesNo) if s.equals.value == "yes" => words.yes.clone(),
            Some(QuestionKind::YesNo) if s.equals.value == "no" => words.no.clone(),
            _ => s.equals.value.clone(),
        };
        Some(ShowIfView {
            question: &s.question.value,
            equals: &s.equals.value,
            number,
            text,
            label,
        })
    }
}

/// A question's answers as the reader sees them: a yes/no question's in the theme's words.
fn reader_options(
    site: &Site,
    survey: &Survey,
    question: &Question,
    text: &FixedText,
) -> Vec<AnswerOption> {
    let mut options = answer_options(question, survey, site);
    if question.kind.value == QuestionKind::YesNo {
        for option in &mut options {
            option.label = match option.value.as_str() {
                "yes" => text.yes.clone(),
                _ => text.no.clone(),
            };
        }
    }
    options
}

fn question_view<'a>(
    handbook: &Handbook<'a>,
    survey: &'a Survey,
    index: &QuestionIndex<'a>,
    question: &'a Question,
) -> QuestionView<'a> {
    let (site, text) = (handbook.site, &handbook.shared.text);
    let id = question.id.value.as_str();
    QuestionView {
        number: index.numbers.get(id).map_or(0, |(n, _)| *n),
        id,
        kind: question.kind.value.name(),
        text: &question.text,
        required: question.required,
        coding: value_coding(
            question,
            &answer_options(question, survey, site),
            &text.dictionary,
        ),
        digits: number_digits(question),
        options: reader_options(site, survey, question, text),
        scale: question.scale.as_ref().map(|s| s.value.as_str()),
        min: question.min.as_ref().map(|m| m.value.to_string()),
        max: question.max.as_ref().map(|m| m.value.to_string()),
        multiple: question.multiple,
        long: question.long,
        show_if: index.show_if(question, text),
    }
}

pub(in crate::render) fn survey_sections<'a>(
    handbook: &Handbook<'a>,
    survey: &'a Survey,
) -> Vec<SurveySectionView<'a>> {
    let index = QuestionIndex::of(survey);
    let view = |question: &'a Question| question_view(handbook, survey, &index, question);
    let mut sections = Vec::new();
    if !survey.questions.is_empty() {
        sections.push(SurveySectionView {
            title: None,
            questions: survey.questions.iter().map(view).collect(),
        });
    }
    for section in &survey.sections {
        sections.push(SurveySectionView {
            title: Some(&section.title),
            questions: section.questions.iter().map(view).collect(),
        });
    }
    sections
}

/// Surveys grouped by their phase, in program order; surveys without a phase come last.
fn by_phase<'a>(site: &'a Site) -> Vec<PhaseGroup<'a>> {
    let mut groups = Vec::new();
    for phase_id in phase_ids(site) {
        let items: Vec<SurveyItem> = site
            .project
            .surveys
            .iter()
            .filter(|e| e.data.phase.as_ref().map(|p| p.value.as_str()) == phase_id)
            .map(|entry| SurveyItem {
                id: &entry.id,
                path: format!("{}/{}.html", folder_of(site, entry), entry.id),
                print_path: survey_print_path(&entry.id),
                dictionary_path: survey_dictionary_path(&entry.id),
                data: &entry.data,
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        groups.push(PhaseGroup {
            phase: phase_by_id(site, phase_id),
            items,
        });
    }
    groups
}

fn folder_of<'a, T>(site: &'a Site, entry: &'a Entry<T>) -> &'a str {
    // A department file stands for the organization-wide path it mirrors.
    site.project
        .logical_path(&entry.file)
        .split('/')
        .nth(1)
        .unwrap_or("")
}

pub fn index_context(handbook: &Handbook, page: &Page) -> Result<Context, Diagnostic> {
    let mut context = base_context(handbook, page, &handbook.shared.text.surveys, None)?;
    context.insert("groups", &by_phase(handbook.site));
    context.insert("breadcrumbs", &vec![home_link(handbook)]);
    Ok(context)
}

/// The context of one of a survey's pages, with the template of that page.
pub fn survey_context(
    handbook: &Handbook,
    page: &Page,
    index: usize,
) -> Result<(&'static str, Context), Diagnostic> {
    let site = handbook.site;
    let entry = &site.project.surveys[index];
    let titled = |key| text::titled(handbook.theme, key, &entry.data.title);
    let (title, template) = match page.kind {
        PageKind::SurveyPrint(_) => (titled("survey_print")?, "survey-print.html"),
        PageKind::SurveyDictionary(_) => (titled("survey_dictionary")?, "survey-dictionary.html"),
        _ => (entry.data.title.clone(), "survey.html"),
    };
    let mut context = base_context(handbook, page, &title, None)?;
    insert_survey(&mut context, handbook, entry);
    let mut crumbs = vec![
        home_link(handbook),
        Link {
            title: &handbook.shared.text.surveys,
            path: SURVEYS_PATH.into(),
        },
    ];
    if !matches!(page.kind, PageKind::Survey(_)) {
        crumbs.push(Link {
            title: &entry.data.title,
            path: item_path(Kind::Survey, &entry.id),
        });
    }
    context.insert("breadcrumbs", &crumbs);
    Ok((template, context))
}

/// What all three pages of a survey show: its questions, its CSV's columns and the paths of
/// its pages.
fn insert_survey(context: &mut Context, handbook: &Handbook, entry: &Entry<Survey>) {
    let (site, survey) = (handbook.site, &entry.data);
    context.insert("survey", survey);
    context.insert("survey_id", &entry.id);
    context.insert("sections", &survey_sections(handbook, survey));
    let rows = dictionary_rows(site, survey, &handbook.shared.text.dictionary);
    context.insert(
        "columns",
        &rows.iter().map(|r| r.column).collect::<Vec<_>>(),
    );
    context.insert(
        "question_ids",
        &survey
            .all_questions()
            .map(|q| q.id.value.as_str())
            .collect::<Vec<_>>(),
    );
    context.insert("dictionary", &rows);
    context.insert("phase", &phase_of(site, survey.phase.as_ref()));
    context.insert("survey_path", &item_path(Kind::Survey, &entry.id));
    context.insert("print_path", &survey_print_path(&entry.id));
    context.insert("dictionary_path", &survey_dictionary_path(&entry.id));
    context.insert(
        "dictionary_csv_path",
        &survey_dictionary_csv_path(&entry.id),
    );
}
