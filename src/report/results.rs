//! The parts of the report above single questions: the goals' measures against their
//! targets, the same question across phases, and the retention of participants against
//! non-participants.

use serde::Serialize;

use super::cohort::Person;
use super::responses::{Answer, Response};
use super::stats::{Interval, mean, paired, percent, proportions, shown, welch};
use crate::model::{Measure, Program, Question, QuestionKind, Statistic, Survey};
use crate::validate::report::allowed_answers;

/// One survey with its accepted responses, in the order of the program's phases.
pub struct Answered<'a> {
    pub id: &'a str,
    pub survey: &'a Survey,
    pub responses: &'a [Response],
}

impl Answered<'_> {
    fn question(&self, id: &str) -> Option<(usize, &Question)> {
        self.survey
            .all_questions()
            .enumerate()
            .find(|(_, q)| q.id.value == id)
    }

    fn answers(&self, index: usize) -> impl Iterator<Item = (&Response, &Answer)> {
        self.responses
            .iter()
            .map(move |r| (r, &r.answers[index]))
            .filter(|(_, a)| **a != Answer::Missing)
    }
}

/// A measure of a goal, against its baseline and target.
#[derive(Debug, Serialize)]
pub struct MeasureView {
    pub metric: String,
    pub unit: Option<String>,
    pub baseline: Option<String>,
    pub target: String,
    pub actual: Option<String>,
    /// survey | retention | actual | none
    pub from: &'static str,
    pub survey: Option<String>,
    pub question: Option<String>,
    pub statistic: Option<&'static str>,
    /// The answer to another question the responses are limited to (`only:`).
    pub only: Option<String>,
    pub months: Option<u32>,
    pub source: Option<String>,
    /// How many responses or people the actual value comes from.
    pub n: Option<usize>,
    /// Fewer than `min_cell`: no value is shown.
    pub withheld: bool,
    /// From baseline (0) to target (100), clamped.
    pub progress: Option<f64>,
    pub progress_shown: Option<String>,
    pub met: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct GoalView {
    pub id: String,
    pub title: String,
    pub measures: Vec<MeasureView>,
}

/// What the measures read.
pub struct Data<'a> {
    pub surveys: &'a [Answered<'a>],
    pub cohort: Option<&'a [Person]>,
    pub config: &'a crate::model::Config,
    pub min_cell: usize,
}

pub fn goals(program: &Program, data: &Data) -> Vec<GoalView> {
    program
        .goals
        .iter()
        .map(|goal| GoalView {
            id: goal.id.value.clone(),
            title: goal.title.clone(),
            measures: goal.measures.iter().map(|m| measure(m, data)).collect(),
        })
        .collect()
}

fn measure(measure: &Measure, data: &Data) -> MeasureView {
    let mut view = MeasureView {
        metric: measure.metric.clone(),
        unit: measure.unit.clone(),
        baseline: measure.baseline.map(|b| shown(b.0, decimals(b.0))),
        target: shown(measure.target.0, decimals(measure.target.0)),
        actual: None,
        from: "none",
        survey: None,
        question: None,
        statistic: None,
        only: None,
        months: None,
        source: measure.source.clone(),
        n: None,
        withheld: false,
        progress: None,
        progress_shown: None,
        met: None,
    };
    let Some(from) = &measure.from else {
        return view;
    };
    let value = if let Some(actual) = from.actual {
        view.from = "actual";
        view.source = from.source.clone().or(view.source);
        Some((actual.0, None))
    } else if let Some(months) = from.retention_months {
        view.from = "retention";
        view.months = Some(months);
        data.cohort
            .and_then(|c| retained(c, months, Person::participates))
            .map(|(stayed, n)| (stayed as f64 * 100.0 / n as f64, Some(n)))
    } else {
        view.from = "survey";
        survey_value(from, data, &mut view)
    };
    let Some((actual, n)) = value else {
        return view;
    };
    view.n = n;
    if n.is_some_and(|n| n < data.min_cell) {
        view.withheld = true;
        return view;
    }
    view.actual = Some(shown(actual, 1));
    let baseline = measure.baseline.map_or(0.0, |b| b.0);
    let target = measure.target.0;
    let upward = target >= baseline;
    view.met = Some(if upward {
        actual >= target
    } else {
        actual <= target
    });
    if target != baseline {
        let progress = ((actual - baseline) / (target - baseline) * 100.0).clamp(0.0, 100.0);
        view.progress = Some(progress);
        view.progress_shown = Some(shown(progress, 0));
    }
    view
}

fn decimals(value: f64) -> usize {
    if value.fract() == 0.0 { 0 } else { 1 }
}

/// A survey question's statistic: (value, responses it comes from).
fn survey_value(
    from: &crate::model::MeasureFrom,
    data: &Data,
    view: &mut MeasureView,
) -> Option<(f64, Option<usize>)> {
    let survey_id = &from.survey.as_ref()?.value;
    let question_id = &from.question.as_ref()?.value;
    let statistic = from.statistic?;
    view.statistic = Some(crate::validate::report::statistic_name(statistic));
    let answered = data.surveys.iter().find(|s| s.id == survey_id)?;
    view.survey = Some(answered.survey.title.clone());
    let (index, question) = answered.question(question_id)?;
    view.question = Some(question.text.clone());
    let only = from.only.as_ref().and_then(|only| {
        let (at, asked) = answered.question(&only.question.value)?;
        let allowed = allowed_answers(asked, answered.survey, data.config);
        let code = allowed.iter().position(|a| *a == only.equals)?;
        view.only = Some(only.equals.clone());
        Some((at, code, only.equals.as_str()))
    });
    let kept = |r: &Response| {
        only.is_none_or(|(at, code, equals)| match &r.answers[at] {
            Answer::Code(c) => *c == code,
            Answer::Many(list) => list.contains(&code),
            Answer::Number(n) => shown(*n, 0) == equals,
            _ => false,
        })
    };
    let answers: Vec<&Answer> = answered
        .answers(index)
        .filter(|(r, _)| kept(r))
        .map(|(_, a)| a)
        .collect();
    let n = answers.len();
    let value = statistic_value(
        statistic,
        question,
        &answers,
        (answered.survey, data, &from.answers),
    )?;
    Some((value, Some(n)))
}

fn statistic_value(
    statistic: Statistic,
    question: &Question,
    answers: &[&Answer],
    (survey, data, counted): (&Survey, &Data, &[String]),
) -> Option<f64> {
    let n = answers.len();
    let numbers: Vec<f64> = answers.iter().filter_map(|a| number(a)).collect();
    match statistic {
        Statistic::Mean => mean(&numbers),
        Statistic::Nps => {
            let promoters = numbers.iter().filter(|v| **v >= 9.0).count();
            let detractors = numbers.iter().filter(|v| **v <= 6.0).count();
            Some(percent(promoters, n)? - percent(detractors, n)?)
        }
        Statistic::Top2 => {
            let k = allowed_answers(question, survey, data.config).len();
            let top = answers
                .iter()
                .filter(|a| matches!(a, Answer::Code(c) if *c + 2 >= k))
                .count();
            percent(top, n)
        }
        Statistic::Share => {
            let allowed = allowed_answers(question, survey, data.config);
            let wanted: Vec<usize> = counted
                .iter()
                .filter_map(|c| allowed.iter().position(|a| a == c))
                .collect();
            let numeric = matches!(
                question.kind.value,
                QuestionKind::Rating | QuestionKind::Nps
            );
            let hit = |a: &Answer| match a {
                Answer::Code(c) => wanted.contains(c),
                Answer::Many(list) => list.iter().any(|c| wanted.contains(c)),
                Answer::Number(v) if numeric => wanted.iter().any(|&w| allowed[w] == shown(*v, 0)),
                _ => false,
            };
            percent(answers.iter().filter(|a| hit(a)).count(), n)
        }
    }
}

/// An answer as a number: a scale step coded from 1, a rating, a score, a number.
pub fn number(answer: &Answer) -> Option<f64> {
    match answer {
        Answer::Number(n) => Some(*n),
        Answer::Code(c) => Some(*c as f64 + 1.0),
        _ => None,
    }
}

/// (stayed, of) among the people `who` picks.
fn retained(
    cohort: &[Person],
    months: u32,
    who: impl Fn(&Person) -> bool,
) -> Option<(usize, usize)> {
    let group: Vec<&Person> = cohort.iter().filter(|p| who(p)).collect();
    let stayed = group.iter().filter(|p| p.stayed(months)).count();
    (!group.is_empty()).then_some((stayed, group.len()))
}

/// A difference with its interval, as the page says it.
#[derive(Debug, Serialize)]
pub struct Difference {
    pub difference: String,
    pub low: String,
    pub high: String,
    /// up | down | unclear (the interval includes no change)
    pub direction: &'static str,
}

fn difference(interval: Interval, decimals: usize) -> Difference {
    let direction = if interval.low > 0.0 {
        "up"
    } else if interval.high < 0.0 {
        "down"
    } else {
        "unclear"
    };
    Difference {
        difference: shown(interval.difference, decimals),
        low: shown(interval.low, decimals),
        high: shown(interval.high, decimals),
        direction,
    }
}

/// One survey's figures in a comparison.
#[derive(Debug, Serialize)]
pub struct PhaseFigure {
    pub survey: String,
    pub n: usize,
    pub mean: Option<String>,
    pub top2: Option<String>,
    /// Where the mean is on the chart, in % of the scale.
    pub x: f64,
}

/// The same question in the first and the last survey that ask it.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub id: String,
    pub text: String,
    pub kind: &'static str,
    pub phases: Vec<PhaseFigure>,
    pub scale_max: String,
    /// Paired by respondent id, and how many pairs.
    pub paired: bool,
    pub pairs: usize,
    pub mean: Option<Difference>,
    pub top2: Option<Difference>,
    pub withheld: bool,
}

/// Every question asked (same id, same kind, a number or a scale) in two or more surveys.
pub fn comparisons(data: &Data) -> Vec<Comparison> {
    let mut found = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, first) in data.surveys.iter().enumerate() {
        for question in first.survey.all_questions() {
            let id = &question.id.value;
            let kind = question.kind.value;
            let numeric = matches!(
                kind,
                QuestionKind::Likert
                    | QuestionKind::Rating
                    | QuestionKind::Nps
                    | QuestionKind::Number
            );
            if !numeric || seen.contains(id) {
                continue;
            }
            let later: Vec<&Answered> = data.surveys[i..]
                .iter()
                .filter(|s| s.question(id).is_some_and(|(_, q)| q.kind.value == kind))
                .collect();
            if later.len() > 1 {
                seen.insert(id.clone());
                found.push(compare(question, &later, data));
            }
        }
    }
    found
}

fn compare(question: &Question, surveys: &[&Answered], data: &Data) -> Comparison {
    let id = &question.id.value;
    let first = surveys[0];
    let k = allowed_answers(question, first.survey, data.config).len();
    let likert = question.kind.value == QuestionKind::Likert;
    let scale_max = if likert || question.kind.value == QuestionKind::Rating {
        k as f64
    } else {
        10.0
    };
    let mut phases = Vec::new();
    let mut all_big = true;
    for answered in surveys {
        let Some((index, _)) = answered.question(id) else {
            continue;
        };
        let numbers: Vec<f64> = answered
            .answers(index)
            .filter_map(|(_, a)| number(a))
            .collect();
        let big = numbers.len() >= data.min_cell;
        all_big &= big;
        let m = mean(&numbers).filter(|_| big);
        let top = numbers.iter().filter(|v| **v + 1.0 >= k as f64).count();
        phases.push(PhaseFigure {
            survey: answered.survey.title.clone(),
            n: numbers.len(),
            mean: m.map(|m| shown(m, 2)),
            top2: (likert && big)
                .then(|| percent(top, numbers.len()).map(|p| shown(p, 0)))
                .flatten(),
            x: m.map_or(0.0, |m| (m / scale_max * 100.0).clamp(0.0, 100.0)),
        });
    }
    let last = surveys[surveys.len() - 1];
    let series = |a: &Answered| -> Vec<(Option<String>, f64)> {
        a.question(id)
            .map(|(index, _)| {
                a.answers(index)
                    .filter_map(|(r, ans)| number(ans).map(|n| (r.respondent.clone(), n)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (before, after) = (series(first), series(last));
    let pairs: Vec<f64> = after
        .iter()
        .filter_map(|(who, value)| {
            let who = who.as_ref()?;
            let earlier = before.iter().find(|(w, _)| w.as_ref() == Some(who))?;
            Some(value - earlier.1)
        })
        .collect();
    let is_paired = pairs.len() >= data.min_cell;
    let values = |s: &[(Option<String>, f64)]| s.iter().map(|(_, v)| *v).collect::<Vec<f64>>();
    let (b, a) = (values(&before), values(&after));
    let mean_interval = if is_paired {
        paired(&pairs)
    } else {
        welch(&b, &a)
    };
    let top = |v: &[f64]| v.iter().filter(|x| **x + 1.0 >= k as f64).count();
    let top2 = likert
        .then(|| proportions(top(&b), b.len(), top(&a), a.len()))
        .flatten()
        .map(|i| difference(i, 0));
    Comparison {
        id: id.clone(),
        text: question.text.clone(),
        kind: question.kind.value.name(),
        phases,
        scale_max: shown(scale_max, 0),
        paired: is_paired,
        pairs: pairs.len(),
        mean: mean_interval.filter(|_| all_big).map(|i| difference(i, 2)),
        top2: top2.filter(|_| all_big),
        withheld: !all_big,
    }
}

/// Participants against comparable non-participants.
#[derive(Debug, Serialize)]
pub struct Retention {
    pub months: u32,
    pub participants: Option<Group>,
    pub comparison: Option<Group>,
    pub difference: Option<Difference>,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub n: usize,
    pub stayed: Option<usize>,
    pub percent: Option<String>,
    pub withheld: bool,
}

pub fn retention(cohort: &[Person], months: u32, min_cell: usize) -> Retention {
    let group = |who: &dyn Fn(&Person) -> bool| {
        retained(cohort, months, who).map(|(stayed, n)| {
            let withheld = n < min_cell;
            Group {
                n,
                stayed: (!withheld).then_some(stayed),
                percent: (!withheld)
                    .then(|| percent(stayed, n).map(|p| shown(p, 1)))
                    .flatten(),
                withheld,
            }
        })
    };
    let participants = group(&Person::participates);
    let comparison = group(&|p: &Person| !p.participates());
    let counts = |who: &dyn Fn(&Person) -> bool| retained(cohort, months, who);
    let difference = match (&participants, &comparison) {
        (Some(p), Some(c)) if !p.withheld && !c.withheld => {
            let (ps, pn) = counts(&Person::participates).unwrap_or((0, 0));
            let (cs, cn) = counts(&|p: &Person| !p.participates()).unwrap_or((0, 0));
            proportions(cs, cn, ps, pn).map(|i| difference(i, 1))
        }
        _ => None,
    };
    Retention {
        months,
        participants,
        comparison,
        difference,
    }
}
