//! The files a run writes: `matches.csv` (one row per pair, each criterion's points),
//! `unmatched.csv` (each mentee left, and why) and the review page.

use super::explain::{Review, UnmatchedView};
use crate::render::spreadsheet_text;

/// `matches.csv`: mentee, mentor, score, how the pair came about, then each criterion's points.
pub fn matches_csv(review: &Review) -> Vec<u8> {
    let mut header = vec![
        "mentee",
        "mentee_name",
        "mentor",
        "mentor_name",
        "score",
        "decision",
    ];
    header.extend(review.criteria.iter().map(|c| c.id.as_str()));
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for pair in &review.pairs {
        let mut row = vec![
            pair.mentee.id.clone(),
            pair.mentee.name.clone(),
            pair.mentor.id.clone(),
            pair.mentor.name.clone(),
            pair.score.clone(),
            pair.decision.to_string(),
        ];
        row.extend(pair.reasons.iter().map(|r| r.points.clone()));
        rows.push(row);
    }
    to_csv(rows)
}

/// `unmatched.csv`: each mentee left unmatched, the reason (`rules` or `capacity`) and what
/// lies behind it.
pub fn unmatched_csv(review: &Review) -> Vec<u8> {
    let mut rows = vec![
        ["mentee", "mentee_name", "reason", "detail"]
            .map(String::from)
            .to_vec(),
    ];
    for unmatched in &review.unmatched {
        rows.push(vec![
            unmatched.mentee.id.clone(),
            unmatched.mentee.name.clone(),
            unmatched.reason.to_string(),
            detail(unmatched),
        ]);
    }
    to_csv(rows)
}

/// The reason's detail: the rules that exclude mentors, with how many each excludes, or the
/// full mentors the rules allow.
fn detail(unmatched: &UnmatchedView) -> String {
    let rules = unmatched.excluded.iter().map(|e| {
        let which = if e.rule.must { "must" } else { "must_not" };
        format!("{which} {} {}: {}", e.rule.kind, e.rule.column, e.mentors)
    });
    let forbidden = (unmatched.forbidden > 0)
        .then(|| format!("forbidden in the pairs file: {}", unmatched.forbidden));
    let full = unmatched.allowed.iter().map(|m| m.id.clone());
    rules
        .chain(forbidden)
        .chain(full)
        .collect::<Vec<_>>()
        .join("; ")
}

fn to_csv(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|cell| spreadsheet_text(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_look_like_formulas_are_written_as_text() {
        assert_eq!(spreadsheet_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_text("-1+2"), "'-1+2");
        assert_eq!(spreadsheet_text("Dana Ortiz"), "Dana Ortiz");
        let csv = to_csv(vec![vec!["+cmd".into(), "plain, with comma".into()]]);
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "'+cmd,\"plain, with comma\"\n"
        );
    }
}
