//! `mentorkit report`: turns survey responses (`responses/<survey-id>/*.csv|json`) and the
//! cohort (`responses/cohort.csv`) into an evaluation report: the goals' measures against
//! their targets, every question's results, the same question across phases, and the
//! retention of participants against non-participants, with small groups withheld.
//!
//! Its own small pipeline, like `matching/`, in the order of its files: the `inputs` read
//! (`responses` and `cohort`, every problem located), the `questions` summarized, the
//! `results` above them (goals, comparisons, retention; `stats` has the formulas), groups
//! withheld by `suppress`, and the page rendered through the theme into a private folder
//! (never the site).

mod cohort;
mod inputs;
mod questions;
mod responses;
mod results;
pub mod stats;
pub mod suppress;

use std::path::{Path, PathBuf};

use serde::Serialize;

use self::inputs::{Folder, Inputs, read_inputs};
use self::questions::{QuestionView, Setting, summarize};
use self::responses::{Collected, FileCount};
use self::results::{Answered, Comparison, Data, GoalView, Retention};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, display_path};
use crate::error::{Error, Problems};
use crate::model::{Project, QuestionKind};

/// The template of the report page.
pub const REPORT_TEMPLATE: &str = "report.html";

/// What `mentorkit report` reads and where it writes.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub root: PathBuf,
    pub responses: PathBuf,
    pub output: PathBuf,
    /// Only this department's responses and people.
    pub department: Option<String>,
    /// List free-text answers (default on).
    pub free_text: bool,
}

/// A finished run: the warnings to show, and what was written.
pub struct Reported {
    pub warnings: Problems,
    pub responses: usize,
    pub rejected: usize,
    pub page: PathBuf,
}

/// Reads, checks, summarizes and writes; nothing is written when anything is wrong.
pub fn run(options: &ReportOptions) -> Result<Reported, Error> {
    if let Some(reason) = crate::write::unsafe_private_output(
        &options.root,
        &options.root.join("public"),
        &options.output,
    ) {
        return Err(Error::Usage(format!(
            "refusing to write the report into {}: {reason}",
            options.output.display()
        )));
    }
    let mut problems = Problems::default();
    let project = crate::load::load(&options.root, &mut problems.diagnostics);
    problems.sources = project.sources.clone();
    check_project(&project, options, &mut problems.diagnostics)?;
    let folder = Folder {
        path: &options.responses,
        shown: shown(&options.root, &options.responses),
    };
    let mut inputs = read_inputs(
        &folder,
        &project,
        &mut problems.diagnostics,
        &mut problems.sources,
    );
    if problems.diagnostics.has_errors() {
        return Err(Error::Content(Box::new(problems)));
    }
    if let Some(department) = &options.department {
        keep_department(&mut inputs, department);
    }
    let page = report_page(&project, &inputs, options, &mut problems)?;
    crate::write::write_private(&options.output, &[("index.html", page.into_bytes())])?;
    let files = inputs.surveys.iter().flat_map(|(_, c)| &c.files);
    Ok(Reported {
        responses: files.clone().map(|f| f.accepted).sum(),
        rejected: files.map(|f| f.rejected).sum(),
        warnings: problems,
        page: options.output.join("index.html"),
    })
}

/// The project's settings the report relies on; content errors stop it like a build.
fn check_project(
    project: &Project,
    options: &ReportOptions,
    diagnostics: &mut Diagnostics,
) -> Result<(), Error> {
    if let (Some(config), Some(program)) = (&project.config, &project.program) {
        let validate = crate::validate::report::validate_min_cell;
        validate(config, project.sources.get("mentorkit.yaml"), diagnostics);
        crate::validate::report::validate_measure_sources(
            program,
            &project.surveys,
            config,
            project.sources.get("content/program.yaml"),
            diagnostics,
        );
    }
    if let Some(department) = &options.department
        && !project.departments.iter().any(|d| &d.id == department)
    {
        let ids: Vec<&str> = project.departments.iter().map(|d| d.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "there is no department `{department}` (content/departments/ has: {})",
            ids.join(", ")
        )));
    }
    if !options.responses.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                Code::MissingFile,
                format!("there is no responses folder {}", shown(&options.root, &options.responses)),
            )
            .with_hint("put each survey's response files in responses/<survey-id>/, or pass --responses DIR"),
        );
    }
    Ok(())
}

/// Only one department's responses and people.
fn keep_department(inputs: &mut Inputs, department: &str) {
    for (_, collected) in &mut inputs.surveys {
        collected
            .responses
            .retain(|r| r.department.as_deref() == Some(department));
    }
    if let Some(cohort) = &mut inputs.cohort {
        cohort.retain(|p| p.department.as_deref() == Some(department));
    }
}

/// A path as messages show it: relative to the project where it is inside it.
fn shown(root: &Path, path: &Path) -> String {
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    match absolute(path).strip_prefix(absolute(root)) {
        Ok(relative) => display_path(relative),
        Err(_) => path.display().to_string(),
    }
}

/// One survey on the page.
#[derive(Serialize)]
struct SurveyView {
    id: String,
    title: String,
    phase: Option<String>,
    responses: usize,
    eligible: Option<usize>,
    rate: Option<String>,
    withheld: bool,
    files: Vec<FileCount>,
    departments: Vec<DepartmentRow>,
    questions: Vec<QuestionView>,
    /// The numbers of the questions with some answers, but fewer than `min_cell`.
    small_questions: Vec<usize>,
    /// Department breakdowns with withheld rows, questions with the same rows together.
    withheld_breakdowns: Vec<WithheldBreakdown>,
}

/// Questions whose breakdowns withhold the same departments.
#[derive(Serialize)]
struct WithheldBreakdown {
    questions: Vec<usize>,
    /// The departments withheld (`None`: responses without a department).
    departments: Vec<Option<String>>,
    /// How many of them are withheld only to protect a smaller one.
    complementary: usize,
}

/// The withheld breakdowns of a survey's questions, grouped by what they withhold.
fn withheld_breakdowns(questions: &[QuestionView]) -> Vec<WithheldBreakdown> {
    let mut groups: Vec<WithheldBreakdown> = Vec::new();
    for question in questions {
        let departments: Vec<Option<String>> = question
            .breakdown
            .iter()
            .filter(|row| row.withheld)
            .map(|row| row.name.clone())
            .collect();
        if departments.is_empty() {
            continue;
        }
        let same = groups
            .iter_mut()
            .find(|g| g.departments == departments && g.complementary == question.complementary);
        match same {
            Some(group) => group.questions.push(question.number),
            None => groups.push(WithheldBreakdown {
                questions: vec![question.number],
                departments,
                complementary: question.complementary,
            }),
        }
    }
    groups
}

/// A department's responses to a survey.
#[derive(Serialize)]
struct DepartmentRow {
    name: Option<String>,
    withheld: bool,
    n: Option<usize>,
    rate: Option<String>,
}

/// A problem the run reported, as the page lists it.
#[derive(Serialize)]
struct ProblemRow {
    place: String,
    message: String,
}

/// The report page's context.
#[derive(Serialize)]
struct ReportPage<'a> {
    program: &'a str,
    organization: Option<&'a str>,
    language: &'a str,
    min_cell: usize,
    department: Option<String>,
    free_text: bool,
    has_cohort: bool,
    goals: Vec<GoalView>,
    surveys: Vec<SurveyView>,
    comparisons: Vec<Comparison>,
    retention: Option<Retention>,
    problems: Vec<ProblemRow>,
}

fn report_page(
    project: &Project,
    inputs: &Inputs,
    options: &ReportOptions,
    problems: &mut Problems,
) -> Result<String, Error> {
    let (Some(config), Some(program)) = (&project.config, &project.program) else {
        return Err(Error::Content(Box::new(std::mem::take(problems))));
    };
    let min_cell = config.report.min_cell as usize;
    let departments: Vec<(String, String)> = project
        .departments
        .iter()
        .filter(|_| options.department.is_none())
        .map(|d| (d.id.clone(), d.data.name.clone()))
        .collect();
    let ordered = in_phase_order(project, inputs);
    let answered: Vec<Answered> = ordered
        .iter()
        .map(|(id, survey, collected)| Answered {
            id,
            survey,
            responses: &collected.responses,
        })
        .collect();
    let data = Data {
        surveys: &answered,
        cohort: inputs.cohort.as_deref(),
        config,
        min_cell,
    };
    let surveys = ordered
        .iter()
        .map(|(id, survey, collected)| {
            let setting = Setting {
                survey,
                config,
                min_cell,
                free_text: options.free_text,
                departments: &departments,
            };
            survey_view(id, project, collected, (&setting, inputs.cohort.as_deref()))
        })
        .collect();
    let months = retention_months(program);
    let context = ReportPage {
        program: &program.name,
        organization: config.organization.as_ref().map(|o| o.name.as_str()),
        language: &config.language,
        min_cell,
        department: options.department.as_ref().and_then(|id| {
            let found = project.departments.iter().find(|d| &d.id == id);
            found.map(|d| d.data.name.clone())
        }),
        free_text: options.free_text,
        has_cohort: inputs.cohort.is_some(),
        goals: results::goals(program, &data),
        surveys,
        comparisons: results::comparisons(&data),
        retention: inputs
            .cohort
            .as_deref()
            .map(|c| results::retention(c, months, min_cell)),
        problems: problem_rows(&problems.diagnostics),
    };
    render(project, &context, options, problems)
}

/// The months retention is shown at: the first a measure names, else the program's length.
fn retention_months(program: &crate::model::Program) -> u32 {
    program
        .goals
        .iter()
        .flat_map(|g| &g.measures)
        .find_map(|m| m.from.as_ref()?.retention_months)
        .or(program.duration_months)
        .unwrap_or(12)
}

/// The surveys that have responses, in the order of the program's phases (then by id).
fn in_phase_order<'a>(
    project: &'a Project,
    inputs: &'a Inputs,
) -> Vec<(&'a str, &'a crate::model::Survey, &'a Collected)> {
    let phases: Vec<&str> = project
        .program
        .iter()
        .flat_map(|p| &p.phases)
        .map(|p| p.id.value.as_str())
        .collect();
    let mut found: Vec<(usize, &str, &crate::model::Survey, &Collected)> = inputs
        .surveys
        .iter()
        .filter_map(|(id, collected)| {
            let entry = project.surveys.iter().find(|s| &s.id == id)?;
            let phase = entry.data.phase.as_ref().map(|p| p.value.as_str());
            let order = phase
                .and_then(|p| phases.iter().position(|q| *q == p))
                .unwrap_or(usize::MAX);
            Some((order, id.as_str(), &entry.data, collected))
        })
        .collect();
    found.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    found.into_iter().map(|(_, id, s, c)| (id, s, c)).collect()
}

fn survey_view(
    id: &str,
    project: &Project,
    collected: &Collected,
    (setting, cohort): (&Setting, Option<&[cohort::Person]>),
) -> SurveyView {
    let survey = setting.survey;
    let n = collected.responses.len();
    let withheld = n < setting.min_cell;
    let audience = |p: &&cohort::Person| in_audience(p, survey);
    let eligible = cohort.map(|c| c.iter().filter(audience).count());
    let rate = |n: usize, of: Option<usize>| {
        of.and_then(|of| stats::percent(n, of))
            .map(|p| stats::shown(p, 0))
    };
    let phase = project.program.as_ref().and_then(|p| {
        let id = survey.phase.as_ref()?;
        p.phases
            .iter()
            .find(|ph| ph.id.value == id.value)
            .map(|ph| ph.title.clone())
    });
    let mut numbered = 0;
    let questions: Vec<QuestionView> = survey
        .all_questions()
        .enumerate()
        .filter(|(_, q)| q.kind.value != QuestionKind::Text || setting.free_text)
        .map(|(index, q)| {
            numbered += 1;
            summarize(q, (index, numbered), &collected.responses, setting)
        })
        .collect();
    let departments = department_rows(collected, setting, cohort);
    SurveyView {
        id: id.to_string(),
        title: survey.title.clone(),
        phase,
        responses: n,
        eligible,
        rate: rate(n, eligible),
        withheld,
        files: collected.files.clone(),
        departments,
        small_questions: questions
            .iter()
            .filter(|q: &&QuestionView| q.withheld && q.answered > 0)
            .map(|q| q.number)
            .collect(),
        withheld_breakdowns: withheld_breakdowns(&questions),
        questions,
    }
}

/// A survey's responses by department (and without one), small groups withheld.
fn department_rows(
    collected: &Collected,
    setting: &Setting,
    cohort: Option<&[cohort::Person]>,
) -> Vec<DepartmentRow> {
    let survey = setting.survey;
    let audience = |p: &&cohort::Person| in_audience(p, survey);
    let rate = |n: usize, of: Option<usize>| {
        of.and_then(|of| stats::percent(n, of))
            .map(|p| stats::shown(p, 0))
    };
    let counts: Vec<usize> = setting
        .departments
        .iter()
        .map(|(d, _)| {
            collected
                .responses
                .iter()
                .filter(|r| r.department.as_deref() == Some(d))
                .count()
        })
        .chain([collected
            .responses
            .iter()
            .filter(|r| r.department.is_none())
            .count()])
        .collect();
    let hidden = suppress::withheld(&counts, setting.min_cell);
    let names = setting
        .departments
        .iter()
        .map(|(d, name)| (Some(d.as_str()), Some(name.clone())));
    names
        .chain([(None, None)])
        .zip(counts.iter().zip(&hidden))
        .filter(|((d, _), (count, _))| d.is_some() || **count > 0)
        .filter(|_| counts.iter().filter(|&&c| c > 0).count() > 1)
        .map(|((d, name), (&count, &hide))| {
            let of = d.and_then(|d| {
                cohort.map(|c| {
                    c.iter()
                        .filter(audience)
                        .filter(|p| p.department.as_deref() == Some(d))
                        .count()
                })
            });
            DepartmentRow {
                name,
                withheld: hide,
                n: (!hide).then_some(count),
                rate: if hide { None } else { rate(count, of) },
            }
        })
        .collect()
}

/// Whether a person of the cohort is one the survey is for (mentors and mentees; all
/// participants when the survey names no audience).
fn in_audience(person: &cohort::Person, survey: &crate::model::Survey) -> bool {
    let role = match person.role {
        cohort::Role::Mentor => crate::model::Audience::Mentor,
        cohort::Role::Mentee => crate::model::Audience::Mentee,
        cohort::Role::Comparison => return false,
    };
    survey.audience.0.is_empty() || survey.audience.0.contains(&role)
}

/// The warnings of the run (rejected rows, unknown columns), for the page's data section.
fn problem_rows(diagnostics: &Diagnostics) -> Vec<ProblemRow> {
    diagnostics
        .sorted()
        .into_iter()
        .map(|d| ProblemRow {
            place: match &d.file {
                Some(file) if d.line > 0 => format!("{file}:{}:{}", d.line, d.column),
                Some(file) => file.clone(),
                None => String::new(),
            },
            message: d.message,
        })
        .collect()
}

fn render(
    project: &Project,
    context: &ReportPage,
    options: &ReportOptions,
    problems: &mut Problems,
) -> Result<String, Error> {
    let theme_name = project
        .config
        .as_ref()
        .map_or("default", |c| c.theme.as_str());
    let theme = crate::render::theme::load(
        &options.root,
        theme_name,
        &mut problems.diagnostics,
        &mut problems.sources,
    );
    // A theme that does not load or render has said why in the diagnostics.
    let page = theme.and_then(|theme| {
        crate::render::render_standalone(&theme, REPORT_TEMPLATE, context)
            .map_err(|problem| problems.diagnostics.push(problem))
            .ok()
    });
    match page {
        Some(page) if !problems.diagnostics.has_errors() => Ok(page),
        _ => Err(Error::Content(Box::new(std::mem::take(problems)))),
    }
}
