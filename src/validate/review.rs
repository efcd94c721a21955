//! Document control: the dates of `document:` in mentorkit.yaml and of each guide (`reviewed`,
//! `review_every_months`), and, for `check`, what has passed its review date on a given day.
//! The build itself never reads the clock: `check` is given the day (`--today`, or the
//! command's own clock).

use jiff::ToSpan;
use jiff::civil::Date;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, SourceMap};
use crate::model::{Config, GuideSource, Project};
use crate::resolve::Site;

/// A date written `YYYY-MM-DD` that exists (no 31 April, 29 February only in a leap year).
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    text.parse().ok()
}

/// Whether `text` is a date `YYYY-MM-DD` that exists.
pub fn is_calendar_date(text: &str) -> bool {
    parse_date(text).is_some()
}

/// A front matter value's place: its line counts from the line after the opening `---`.
fn in_front_matter<T>(
    problem: Diagnostic,
    source: Option<&SourceFile>,
    value: &crate::model::Located<T>,
) -> Diagnostic {
    let (line, column) = (
        value.referenced.line() as usize + 1,
        value.referenced.column() as usize,
    );
    match source {
        Some(source) => problem.at_line_column(source, line, column),
        None => problem,
    }
}

/// A guide's `reviewed:` is a real calendar date, and `review_every_months` has a date to
/// count from.
pub(super) fn validate_guide(
    source: Option<&SourceFile>,
    guide: &GuideSource,
    diagnostics: &mut Diagnostics,
) {
    let front = &guide.front;
    if let Some(reviewed) = &front.reviewed
        && !is_calendar_date(&reviewed.value)
    {
        let problem = Diagnostic::error(
            Code::WrongType,
            format!("`reviewed: {}` is not a date", reviewed.value),
        )
        .with_hint("write the date as year-month-day, e.g. `reviewed: 2026-03-12`");
        diagnostics.push(in_front_matter(problem, source, reviewed));
    }
    if let Some(every) = &front.review_every_months {
        let problem = if every.value == 0 || every.value > 120 {
            Diagnostic::error(
                Code::WrongType,
                format!(
                    "`review_every_months: {}` is not between 1 and 120",
                    every.value
                ),
            )
            .with_hint("give the months between reviews, e.g. `review_every_months: 12`")
        } else if front.reviewed.is_none() {
            Diagnostic::warning(
                Code::Review,
                "`review_every_months` without `reviewed`: there is no date to count from",
            )
            .with_hint("add the day the guide was last reviewed, e.g. `reviewed: 2026-03-12`")
        } else {
            return;
        };
        diagnostics.push(in_front_matter(problem, source, every));
    }
}

/// `document:` in mentorkit.yaml: its dates are dates, and the next review comes after the
/// version took effect.
pub(super) fn validate_document(site: &Site, diagnostics: &mut Diagnostics) {
    let Some(document) = &site.config.document else {
        return;
    };
    let source = site.project.sources.get("mentorkit.yaml");
    let mut dates = [None, None];
    for (slot, (key, value)) in dates.iter_mut().zip([
        ("effective:", &document.effective),
        ("next_review:", &document.next_review),
    ]) {
        let Some(value) = value else { continue };
        *slot = parse_date(value);
        if slot.is_none() {
            let problem =
                Diagnostic::error(Code::WrongType, format!("`{key} {value}` is not a date"))
                    .with_hint("write the date as year-month-day, e.g. `2026-09-01`");
            diagnostics.push(super::at_config_key(problem, source, key));
        }
    }
    if let [Some(effective), Some(next)] = dates
        && next <= effective
    {
        let problem = Diagnostic::warning(
            Code::Review,
            format!("the next review ({next}) is not after the version took effect ({effective})"),
        )
        .with_hint("set `next_review` to the day the handbook is due to be reviewed again");
        diagnostics.push(super::at_config_key(problem, source, "next_review:"));
    }
}

/// The day a guide is due for review: `reviewed` plus `review_every_months`.
pub fn guide_due(guide: &GuideSource) -> Option<Date> {
    let reviewed = parse_date(&guide.front.reviewed.as_ref()?.value)?;
    let months = guide.front.review_every_months.as_ref()?.value;
    reviewed.checked_add(i64::from(months).months()).ok()
}

/// `check`: every guide (departments' included) and the handbook itself past its review date
/// on `today`, as warnings.
pub fn overdue(project: &Project, sources: &SourceMap, today: Date, diagnostics: &mut Diagnostics) {
    let departments = project.departments.iter().flat_map(|d| &d.guides);
    for guide in project.guides.iter().chain(departments) {
        let front = &guide.front;
        let (Some(due), Some(every), Some(reviewed)) = (
            guide_due(guide),
            &front.review_every_months,
            &front.reviewed,
        ) else {
            continue;
        };
        if due < today {
            let problem = Diagnostic::warning(
                Code::Review,
                format!(
                    "due for review since {due} (reviewed every {} months)",
                    every.value
                ),
            )
            .with_hint("review the guide, then set `reviewed:` to the day you did");
            diagnostics.push(in_front_matter(problem, sources.get(&guide.file), reviewed));
        }
    }
    document_overdue(project.config.as_ref(), sources, today, diagnostics);
}

fn document_overdue(
    config: Option<&Config>,
    sources: &SourceMap,
    today: Date,
    diagnostics: &mut Diagnostics,
) {
    let next = config
        .and_then(|c| c.document.as_ref())
        .and_then(|d| d.next_review.as_deref())
        .and_then(parse_date);
    if let Some(next) = next
        && next < today
    {
        let problem = Diagnostic::warning(
            Code::Review,
            format!("the handbook was due for review on {next}"),
        )
        .with_hint("review it, then give the new version, `effective` and `next_review` dates");
        let source = sources.get("mentorkit.yaml");
        diagnostics.push(super::at_config_key(problem, source, "next_review:"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_and_written_year_month_day() {
        for ok in ["2026-03-12", "2024-02-29", "2000-02-29", "2026-12-31"] {
            assert!(is_calendar_date(ok), "{ok}");
        }
        for bad in [
            "2026-3-12",
            "2026-04-31",
            "2025-02-29",
            "1900-02-29",
            "12/03/2026",
            "2026-13-01",
            "+02026-03-12",
            "next year",
        ] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_review_is_due_whole_months_after_the_last() {
        let due = |reviewed: &str, months: i64| {
            parse_date(reviewed)
                .unwrap()
                .checked_add(months.months())
                .unwrap()
                .to_string()
        };
        assert_eq!(due("2026-01-31", 1), "2026-02-28");
        assert_eq!(due("2025-09-14", 12), "2026-09-14");
    }
}
