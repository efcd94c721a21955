//! Per question, what the report shows: the distribution (as chart geometry the theme draws
//! as SVG, and as a table), the summary figures, and the breakdown by department, all
//! withheld below `min_cell`.

use serde::Serialize;

use super::responses::{Answer, Response};
use super::stats::{mean, median, percent, shown};
use super::suppress::withheld;
use crate::model::{Config, Question, QuestionKind, Survey, scale_labels};

/// One bar of a chart: its label, count, share and where it is drawn (in % of the plot).
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub percent: String,
    pub x: f64,
    pub width: f64,
    /// How the theme fills it: `neg-strong`, `neg`, `mid`, `pos`, `pos-strong` (light to dark
    /// grey levels apart, so a grey-scale print keeps them apart) or `bar`.
    pub tone: &'static str,
}

/// Promoters, passives and detractors, and the score.
#[derive(Debug, Clone, Serialize)]
pub struct Nps {
    pub detractors: Bar,
    pub passives: Bar,
    pub promoters: Bar,
    pub score: String,
}

/// A department's row of a breakdown.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    /// The department's id (`None`: responses that name no department).
    pub id: Option<String>,
    pub name: Option<String>,
    pub withheld: bool,
    /// The number of answers (only when not withheld).
    pub n: Option<usize>,
    /// The headline figure, as the question kind has it.
    pub figure: Option<String>,
    pub second: Option<String>,
}

/// What the report shows of one question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: String,
    pub number: usize,
    pub text: String,
    pub kind: &'static str,
    pub multiple: bool,
    pub answered: usize,
    /// Fewer answers than `min_cell`: nothing else is shown.
    pub withheld: bool,
    pub bars: Vec<Bar>,
    /// Likert: the width left of the middle of the diverging bar, in % of the plot.
    pub negative: f64,
    pub top2: Option<String>,
    pub mean: Option<String>,
    pub median: Option<String>,
    pub scale_max: Option<String>,
    pub nps: Option<Nps>,
    pub earliest: Option<String>,
    pub latest: Option<String>,
    /// Free-text answers, each distinct text once with how many gave it, sorted.
    pub texts: Vec<(String, usize)>,
    pub breakdown: Vec<GroupRow>,
    /// Departments withheld in the breakdown only because another was.
    pub complementary: usize,
}

/// What `summarize` needs besides the answers.
pub struct Setting<'a> {
    pub survey: &'a Survey,
    pub config: &'a Config,
    pub min_cell: usize,
    pub free_text: bool,
    /// The departments to break down by: (id, name), in order.
    pub departments: &'a [(String, String)],
}

/// The view of question `index` of the survey.
pub fn summarize(
    question: &Question,
    (index, number): (usize, usize),
    responses: &[Response],
    setting: &Setting,
) -> QuestionView {
    let answers: Vec<&Answer> = responses
        .iter()
        .map(|r| &r.answers[index])
        .filter(|a| **a != Answer::Missing)
        .collect();
    let mut view = QuestionView {
        id: question.id.value.clone(),
        number,
        text: question.text.clone(),
        kind: question.kind.value.name(),
        multiple: question.multiple,
        answered: answers.len(),
        withheld: answers.len() < setting.min_cell,
        bars: Vec::new(),
        negative: 0.0,
        top2: None,
        mean: None,
        median: None,
        scale_max: None,
        nps: None,
        earliest: None,
        latest: None,
        texts: Vec::new(),
        breakdown: Vec::new(),
        complementary: 0,
    };
    if view.withheld {
        return view;
    }
    fill(&mut view, question, &answers, setting);
    breakdown(&mut view, question, (index, responses), setting);
    view
}

/// The labels of a question's coded answers.
fn labels(question: &Question, setting: &Setting) -> Vec<String> {
    match question.kind.value {
        QuestionKind::Likert => question
            .scale
            .as_ref()
            .and_then(|s| scale_labels(&s.value, setting.survey, &setting.config.scales))
            .unwrap_or_default()
            .into_iter()
            .map(str::to_string)
            .collect(),
        QuestionKind::YesNo => vec!["yes".into(), "no".into()],
        QuestionKind::Choice => question
            .options
            .as_ref()
            .map(|o| o.value.clone())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn numbers(answers: &[&Answer]) -> Vec<f64> {
    answers
        .iter()
        .filter_map(|a| match a {
            Answer::Number(n) => Some(*n),
            Answer::Code(c) => Some(*c as f64 + 1.0),
            _ => None,
        })
        .collect()
}

fn fill(view: &mut QuestionView, question: &Question, answers: &[&Answer], setting: &Setting) {
    let n = answers.len();
    match question.kind.value {
        QuestionKind::Likert => likert(view, question, answers, setting),
        QuestionKind::Choice | QuestionKind::YesNo => {
            let labels = labels(question, setting);
            let mut counts = vec![0usize; labels.len()];
            for answer in answers {
                match answer {
                    Answer::Code(c) => counts[*c] += 1,
                    Answer::Many(list) => list.iter().for_each(|c| counts[*c] += 1),
                    _ => {}
                }
            }
            view.bars = bars(&labels, &counts, n);
        }
        QuestionKind::Rating | QuestionKind::Number => {
            let values = numbers(answers);
            view.bars = histogram(question, &values);
            view.mean = mean(&values).map(|m| shown(m, 1));
            view.median = median(&values).map(|m| shown(m, 1));
        }
        QuestionKind::Nps => view.nps = Some(nps(&numbers(answers))),
        QuestionKind::Date => {
            let mut dates: Vec<&str> = answers
                .iter()
                .filter_map(|a| match a {
                    Answer::Date(d) => Some(d.as_str()),
                    _ => None,
                })
                .collect();
            dates.sort_unstable();
            view.earliest = dates.first().map(|d| d.to_string());
            view.latest = dates.last().map(|d| d.to_string());
        }
        QuestionKind::Text if setting.free_text => {
            // Sorted, so the order of the files says nothing about who wrote what.
            let mut texts: Vec<String> = answers
                .iter()
                .filter_map(|a| match a {
                    Answer::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect();
            texts.sort();
            for text in texts {
                match view.texts.last_mut() {
                    Some((last, count)) if *last == text => *count += 1,
                    _ => view.texts.push((text, 1)),
                }
            }
        }
        QuestionKind::Text => {}
    }
}

/// Likert: the diverging bar (the middle step split across the centre line), top-2-box and
/// mean (steps coded 1 to k).
fn likert(view: &mut QuestionView, question: &Question, answers: &[&Answer], setting: &Setting) {
    let labels = labels(question, setting);
    let k = labels.len();
    let mut counts = vec![0usize; k];
    for answer in answers {
        if let Answer::Code(c) = answer {
            counts[*c] += 1;
        }
    }
    let n = answers.len();
    let share = |c: usize| c as f64 * 100.0 / n as f64;
    // Below the middle: the lower half, and half of the middle step of an odd scale.
    let lower: f64 = counts[..k / 2].iter().map(|&c| share(c)).sum::<f64>()
        + if k % 2 == 1 {
            share(counts[k / 2]) / 2.0
        } else {
            0.0
        };
    // The plot is 200 wide in units of %: the centre line at 100.
    let mut x = 100.0 - lower;
    view.negative = lower;
    view.bars = labels
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(i, (label, &count))| {
            let bar = Bar {
                label: label.clone(),
                count,
                percent: shown(share(count), 0),
                x,
                width: share(count),
                tone: tone(i, k),
            };
            x += share(count);
            bar
        })
        .collect();
    let top: usize = counts[k.saturating_sub(2)..].iter().sum();
    view.top2 = percent(top, n).map(|p| shown(p, 0));
    view.mean = mean(&numbers(answers)).map(|m| shown(m, 2));
    view.scale_max = Some(k.to_string());
}

/// The fill of step `i` of a `k`-step scale: strong at both ends, light in the middle.
fn tone(i: usize, k: usize) -> &'static str {
    match i {
        0 => "neg-strong",
        _ if i + 1 == k => "pos-strong",
        _ if 2 * i + 1 == k => "mid",
        _ if 2 * i + 1 < k => "neg",
        _ => "pos",
    }
}

fn bars(labels: &[String], counts: &[usize], n: usize) -> Vec<Bar> {
    labels
        .iter()
        .zip(counts)
        .map(|(label, &count)| {
            let share = percent(count, n).unwrap_or(0.0);
            Bar {
                label: label.clone(),
                count,
                percent: shown(share, 0),
                x: 0.0,
                width: share,
                tone: "bar",
            }
        })
        .collect()
}

/// Ratings and numbers: one bar per whole value of a rating, up to ten equal bins of a number.
fn histogram(question: &Question, values: &[f64]) -> Vec<Bar> {
    let n = values.len();
    if question.kind.value == QuestionKind::Rating {
        let max = question.max.as_ref().map_or(5, |m| m.value.0 as usize);
        let labels: Vec<String> = (1..=max).map(|v| v.to_string()).collect();
        let mut counts = vec![0usize; max];
        for v in values {
            counts[(*v as usize).clamp(1, max) - 1] += 1;
        }
        return bars(&labels, &counts, n);
    }
    let low = values.iter().copied().fold(f64::INFINITY, f64::min).floor();
    let high = values
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max)
        .floor();
    let span = (high - low + 1.0).max(1.0);
    let step = (span / 10.0).ceil().max(1.0);
    // At most ten; one where the values are too far apart for their span to be a number.
    let bins = ((span / step).ceil() as usize).clamp(1, 10);
    let mut counts = vec![0usize; bins];
    for v in values {
        counts[(((v.floor() - low) / step) as usize).min(bins - 1)] += 1;
    }
    let labels: Vec<String> = (0..bins)
        .map(|b| {
            let from = low + b as f64 * step;
            let to = from + step - 1.0;
            if step == 1.0 {
                shown(from, 0)
            } else {
                format!("{}\u{2013}{}", shown(from, 0), shown(to, 0))
            }
        })
        .collect();
    bars(&labels, &counts, n)
}

/// The Net Promoter Score: % of 9–10 minus % of 0–6.
pub fn nps(values: &[f64]) -> Nps {
    let n = values.len();
    let count = |low: f64, high: f64| values.iter().filter(|v| **v >= low && **v <= high).count();
    let (d, p, pr) = (count(0.0, 6.0), count(7.0, 8.0), count(9.0, 10.0));
    let share = |c| percent(c, n).unwrap_or(0.0);
    let bar = |label: &str, c: usize, x: f64, tone: &'static str| Bar {
        label: label.into(),
        count: c,
        percent: shown(share(c), 0),
        x,
        width: share(c),
        tone,
    };
    Nps {
        detractors: bar("detractors", d, 0.0, "neg-strong"),
        passives: bar("passives", p, share(d), "mid"),
        promoters: bar("promoters", pr, share(d) + share(p), "pos-strong"),
        score: shown(share(pr) - share(d), 0),
    }
}

/// The headline figure of a group's answers, and a second one (the mean of a Likert item).
fn headline(
    question: &Question,
    answers: &[&Answer],
    k: usize,
) -> (Option<String>, Option<String>) {
    let n = answers.len();
    match question.kind.value {
        QuestionKind::Likert => {
            let top = answers
                .iter()
                .filter(|a| matches!(a, Answer::Code(c) if *c + 2 >= k))
                .count();
            (
                percent(top, n).map(|p| shown(p, 0)),
                mean(&numbers(answers)).map(|m| shown(m, 2)),
            )
        }
        QuestionKind::Rating | QuestionKind::Number => {
            (mean(&numbers(answers)).map(|m| shown(m, 1)), None)
        }
        QuestionKind::Nps => (Some(nps(&numbers(answers)).score), None),
        QuestionKind::YesNo => {
            let yes = answers.iter().filter(|a| ***a == Answer::Code(0)).count();
            (percent(yes, n).map(|p| shown(p, 0)), None)
        }
        _ => (None, None),
    }
}

/// The department breakdown of the headline figure, with small cells withheld.
fn breakdown(
    view: &mut QuestionView,
    question: &Question,
    (index, responses): (usize, &[Response]),
    setting: &Setting,
) {
    let kind = question.kind.value;
    let broken_down = matches!(
        kind,
        QuestionKind::Likert
            | QuestionKind::Rating
            | QuestionKind::Number
            | QuestionKind::Nps
            | QuestionKind::YesNo
    );
    if !broken_down || setting.departments.is_empty() {
        return;
    }
    let steps = labels(question, setting).len();
    let mut groups: Vec<(Option<&str>, Option<&str>)> = setting
        .departments
        .iter()
        .map(|(id, name)| (Some(id.as_str()), Some(name.as_str())))
        .collect();
    groups.push((None, None));
    let answers: Vec<Vec<&Answer>> = groups
        .iter()
        .map(|(id, _)| {
            responses
                .iter()
                .filter(|r| r.department.as_deref() == *id)
                .map(|r| &r.answers[index])
                .filter(|a| **a != Answer::Missing)
                .collect()
        })
        .collect();
    let counts: Vec<usize> = answers.iter().map(Vec::len).collect();
    if counts.iter().filter(|&&n| n > 0).count() < 2 {
        return;
    }
    let hidden = withheld(&counts, setting.min_cell);
    view.complementary = counts
        .iter()
        .zip(&hidden)
        .filter(|(n, h)| **h && **n >= setting.min_cell)
        .count();
    for (((id, name), group), hide) in groups.iter().zip(&answers).zip(hidden) {
        if group.is_empty() && id.is_none() {
            continue;
        }
        let (figure, second) = if hide || group.is_empty() {
            (None, None)
        } else {
            headline(question, group, steps)
        };
        view.breakdown.push(GroupRow {
            id: id.map(str::to_string),
            name: name.map(str::to_string),
            withheld: hide,
            n: (!hide).then_some(group.len()),
            figure,
            second,
        });
    }
}
