//! `mentorkit report` end to end: the example's figures computed again here, independently,
//! from the response files and compared with the page; the subtraction attack on every
//! published breakdown; every kind of bad input with its message and place; and the
//! example's responses never reaching the published site.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{Project, example_root, mentorkit};

const MIN_CELL: usize = 5;

/// A CSV text as rows of cells by column name, following quotes.
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut records = Vec::new();
    let (mut record, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => record.push(std::mem::take(&mut cell)),
            '\n' if !quoted => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            '\r' if !quoted => {}
            _ => cell.push(c),
        }
    }
    let header = records.remove(0);
    records
        .into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The example's report, made once per test into a temporary folder.
fn example_report(args: &[&str]) -> (tempfile::TempDir, String, String) {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("report");
    let assert = mentorkit()
        .args(["report", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(&output)
        .args(args)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let html = read(&output.join("index.html"));
    (out, html, stderr)
}

fn responses(survey: &str) -> Vec<BTreeMap<String, String>> {
    csv_rows(&read(
        &example_root().join(format!("responses/{survey}/responses.csv")),
    ))
}

/// The figures of one question's box on the page: `dt` -> `dd`.
fn figures(html: &str, survey: &str, question: &str) -> BTreeMap<String, String> {
    let start = html
        .find(&format!("id=\"q-{survey}-{question}\""))
        .unwrap_or_else(|| panic!("question {survey}/{question} on the page"));
    let article = &html[start..start + html[start..].find("</article>").unwrap()];
    let mut found = BTreeMap::new();
    let mut rest = article;
    while let Some(at) = rest.find("<dt>") {
        rest = &rest[at + 4..];
        let term = &rest[..rest.find("</dt>").unwrap()];
        let value_at = rest.find("<dd>").unwrap() + 4;
        let value = &rest[value_at..value_at + rest[value_at..].find("</dd>").unwrap()];
        found.insert(term.to_string(), value.to_string());
    }
    found
}

/// Rounded half away from zero, as a report writes a figure.
fn rounded(value: f64, decimals: i32) -> String {
    let factor = 10f64.powi(decimals);
    let r = (value * factor).round() / factor;
    let text = format!("{:.*}", decimals as usize, r.abs());
    if r < 0.0 {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

fn numbers(rows: &[BTreeMap<String, String>], column: &str) -> Vec<f64> {
    rows.iter()
        .filter_map(|r| r[column].parse::<f64>().ok())
        .collect()
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn top2(values: &[f64]) -> f64 {
    values.iter().filter(|v| **v >= 4.0).count() as f64 * 100.0 / values.len() as f64
}

fn nps(values: &[f64]) -> f64 {
    let share = |low: f64, high: f64| {
        values.iter().filter(|v| **v >= low && **v <= high).count() as f64 * 100.0
            / values.len() as f64
    };
    share(9.0, 10.0) - share(0.0, 6.0)
}

/// The two-sided 95% quantile of Student's t, found here by bisection on the t distribution
/// function, itself integrated numerically (Simpson's rule): a different road from the
/// report's table.
fn t_quantile(df: f64) -> f64 {
    let ln_gamma = |x: f64| {
        // Stirling's series, with the argument shifted up for accuracy.
        let (mut x, mut shift) = (x, 0.0);
        while x < 10.0 {
            shift -= x.ln();
            x += 1.0;
        }
        shift + (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * x)
            - 1.0 / (360.0 * x.powi(3))
    };
    let c = (ln_gamma((df + 1.0) / 2.0) - ln_gamma(df / 2.0)).exp()
        / (df * std::f64::consts::PI).sqrt();
    let density = |t: f64| c * (1.0 + t * t / df).powf(-(df + 1.0) / 2.0);
    let area = |to: f64| {
        let n = 2000;
        let h = to / n as f64;
        (0..=n)
            .map(|i| {
                let w = if i == 0 || i == n {
                    1.0
                } else if i % 2 == 1 {
                    4.0
                } else {
                    2.0
                };
                w * density(i as f64 * h)
            })
            .sum::<f64>()
            * h
            / 3.0
    };
    let (mut low, mut high) = (0.0, 20.0);
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if area(mid) < 0.475 {
            low = mid
        } else {
            high = mid
        }
    }
    low
}

#[test]
fn the_example_report_shows_the_figures_computed_here_from_the_files() {
    let (_out, html, stderr) = example_report(&[]);
    // The response saved both as CSV and as JSON is counted once and named.
    assert!(stderr.contains("duplicate submission"), "{stderr}");
    assert!(
        stderr.contains("responses/close/responses.csv:2:1"),
        "{stderr}"
    );

    let cohort = csv_rows(&read(&example_root().join("responses/cohort.csv")));
    let mentees = cohort.iter().filter(|p| p["role"] == "mentee").count();
    let participants = cohort.iter().filter(|p| p["role"] != "comparison").count();
    let baseline = responses("baseline");
    let close = responses("close");
    let midpoint = responses("midpoint");

    // Responses and rates.
    let rate = |n: usize, of: usize| rounded(n as f64 * 100.0 / of as f64, 0);
    assert!(html.contains(&format!("<dt>Responses</dt><dd>{}</dd>", baseline.len())));
    assert!(html.contains(&format!(
        "<dt>Response rate</dt><dd>{}% of {mentees}</dd>",
        rate(baseline.len(), mentees)
    )));
    assert!(html.contains(&format!(
        "<dt>Response rate</dt><dd>{}% of {participants}</dd>",
        rate(close.len(), participants)
    )));

    // Every Likert, rating, number and NPS question of the three surveys.
    let likert = [
        (
            "baseline",
            &baseline,
            vec![
                "conf_unfamiliar",
                "conf_speak_up",
                "conf_who_to_ask",
                "conf_career",
                "part_of_team",
                "work_valued",
                "drained",
                "intent_to_stay",
            ],
        ),
        (
            "midpoint",
            &midpoint,
            vec![
                "meeting_cadence",
                "speak_openly",
                "clear_goals",
                "time_respected",
                "mentee_progress",
                "mentor_support",
                "peer_group_satisfaction",
            ],
        ),
        (
            "close",
            &close,
            vec![
                "overall_satisfaction",
                "conf_unfamiliar",
                "conf_career",
                "part_of_team",
                "mentor_skills",
                "intent_to_stay",
            ],
        ),
    ];
    let mut checked = 0;
    for (survey, rows, questions) in &likert {
        for question in questions {
            let values = numbers(rows, question);
            let shown = figures(&html, survey, question);
            assert_eq!(
                shown["Answers"],
                values.len().to_string(),
                "{survey}/{question}"
            );
            assert_eq!(
                shown["Top-2-box"],
                format!("{}%", rounded(top2(&values), 0)),
                "{survey}/{question}"
            );
            assert_eq!(
                shown["Mean (1 to 5)"],
                rounded(mean(&values), 2),
                "{survey}/{question}"
            );
            checked += 1;
        }
    }
    for (survey, rows, question) in [
        ("baseline", &baseline, "years_practicing"),
        ("baseline", &baseline, "mentored_before_rating"),
        ("midpoint", &midpoint, "meetings_held"),
        ("midpoint", &midpoint, "usefulness"),
        ("close", &close, "goals_set"),
    ] {
        let mut values = numbers(rows, question);
        values.sort_by(f64::total_cmp);
        let middle = values.len() / 2;
        let median = if values.len().is_multiple_of(2) {
            (values[middle - 1] + values[middle]) / 2.0
        } else {
            values[middle]
        };
        let shown = figures(&html, survey, question);
        assert_eq!(
            shown["Mean"],
            rounded(mean(&values), 1),
            "{survey}/{question}"
        );
        assert_eq!(shown["Median"], rounded(median, 1), "{survey}/{question}");
        checked += 1;
    }
    let recommend = numbers(&close, "recommend");
    assert_eq!(
        figures(&html, "close", "recommend")["Net Promoter Score"],
        rounded(nps(&recommend), 0)
    );
    assert!(checked > 25);

    // Goals: the close survey's statistics and the cohort's retention, as actual values.
    let measure = |metric: &str| {
        let at = html.find(metric).unwrap_or_else(|| panic!("{metric}"));
        html[at..at + html[at..].find("</tr>").unwrap()].to_string()
    };
    let row = measure("Program Net Promoter Score");
    assert!(
        row.contains(&format!(">{} points<", rounded(nps(&recommend), 1))),
        "{row}"
    );
    // `only: {question: participant_role, equals: Mentee}` (or Mentor) limits a measure.
    let role = |r: &str| -> Vec<BTreeMap<String, String>> {
        close
            .iter()
            .filter(|x| x["participant_role"] == r)
            .cloned()
            .collect()
    };
    let row = measure("Mentees likely or very likely to stay");
    let intent = numbers(&role("Mentee"), "intent_to_stay");
    assert!(
        row.contains(&format!(">{}%<", rounded(top2(&intent), 1))),
        "{row}"
    );
    let mentors = role("Mentor");
    let yes = mentors
        .iter()
        .filter(|r| r["take_part_again"] == "yes")
        .count();
    let answered = mentors
        .iter()
        .filter(|r| !r["take_part_again"].is_empty())
        .count();
    let row = measure("Mentors who would take part again");
    assert!(
        row.contains(&format!(
            ">{}%<",
            rounded(yes as f64 * 100.0 / answered as f64, 1)
        )),
        "{row}"
    );
    let stayed = |role: &dyn Fn(&str) -> bool| {
        let group: Vec<_> = cohort.iter().filter(|p| role(&p["role"])).collect();
        let kept = group
            .iter()
            .filter(|p| {
                let end = &p["end"];
                let (y, m, d) = (&p["start"][0..4], &p["start"][5..7], &p["start"][8..10]);
                let until = format!("{}-{m}-{d}", y.parse::<u32>().unwrap() + 1);
                end.is_empty() || end.as_str() >= until.as_str()
            })
            .count();
        (kept, group.len())
    };
    let (kept, of) = stayed(&|r| r != "comparison");
    let row = measure("12-month retention of allied health hires");
    assert!(
        row.contains(&format!(
            ">{}%<",
            rounded(kept as f64 * 100.0 / of as f64, 1)
        )),
        "{row}"
    );
    let (c_kept, c_of) = stayed(&|r| r == "comparison");
    assert!(html.contains(&format!(
        "<td class=\"num\">{c_of}</td><td class=\"num\">{c_kept}</td><td class=\"num\">{}%</td>",
        rounded(c_kept as f64 * 100.0 / c_of as f64, 1)
    )));

    // Baseline against close, as separate groups (the surveys are anonymous): Welch's interval.
    let (b, a) = (
        numbers(&baseline, "conf_unfamiliar"),
        numbers(&close, "conf_unfamiliar"),
    );
    let var = |v: &[f64]| {
        let m = mean(v);
        v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
    };
    let (sa, sb) = (var(&a) / a.len() as f64, var(&b) / b.len() as f64);
    let df = (sa + sb).powi(2) / (sa * sa / (a.len() - 1) as f64 + sb * sb / (b.len() - 1) as f64);
    let difference = mean(&a) - mean(&b);
    // The report rounds Welch's degrees of freedom down below 30 (the cautious side).
    let df = if df < 30.0 { df.floor() } else { df };
    let half = t_quantile(df) * (sa + sb).sqrt();
    let start = html
        .find("id=\"h-cmp-conf_unfamiliar\"")
        .expect("the comparison");
    let words = &html[start..start + html[start..].find("</article>").unwrap()];
    let interval = words
        .split("95% confidence interval ")
        .nth(1)
        .expect("an interval");
    let parse = |s: &str| s.replace('\u{2212}', "-").parse::<f64>().unwrap();
    let low = parse(interval.split(" to ").next().unwrap());
    let high = parse(
        interval
            .split(" to ")
            .nth(1)
            .unwrap()
            .split(')')
            .next()
            .unwrap(),
    );
    assert!(
        (low - (difference - half)).abs() <= 0.011,
        "{low} against {}",
        difference - half
    );
    assert!(
        (high - (difference + half)).abs() <= 0.011,
        "{high} against {}",
        difference + half
    );
    assert!(words.contains("separate groups"), "{words}");
}

#[test]
fn no_published_breakdown_lets_subtraction_reveal_a_small_group() {
    let (_out, html, _) = example_report(&[]);
    let mut tables = 0;
    let mut withheld_seen = 0;
    for part in html.split("<table class=\"").skip(1) {
        if !(part.starts_with("breakdown") || part.starts_with("departments")) {
            continue;
        }
        let table = &part[..part.find("</table>").unwrap()];
        let total: usize = table
            .split("data-total=\"")
            .nth(1)
            .and_then(|t| t.split('"').next())
            .and_then(|t| t.parse().ok())
            .expect("a breakdown says its total");
        let published: Vec<usize> = table
            .split("data-n=\"")
            .skip(1)
            .map(|t| t.split('"').next().unwrap().parse().unwrap())
            .collect();
        let withheld = table.matches("data-withheld").count();
        withheld_seen += withheld;
        // The attack: the total minus every published group.
        let revealed = total - published.iter().sum::<usize>();
        for n in &published {
            assert!(*n >= MIN_CELL, "a published group of {n}: {table}");
        }
        assert!(
            revealed == 0 || revealed >= MIN_CELL,
            "subtraction reveals a group of {revealed}: {table}"
        );
        assert!(withheld != 1, "a lone withheld group: {table}");
        tables += 1;
    }
    assert!(tables > 20, "{tables} breakdowns");
    assert!(
        withheld_seen > 0,
        "the example has a department below min_cell"
    );
    // A department below min_cell in a survey (pharmacy in the baseline) never shows a number
    // in that survey's section.
    let names = [
        ("pharmacy", "Pharmacy"),
        ("radiology", "Radiology &amp; Imaging"),
        ("rehab", "Rehabilitation Therapy"),
    ];
    let mut small_groups = 0;
    for survey in ["baseline", "midpoint", "close"] {
        let start = html.find(&format!("<h2 id=\"survey-{survey}\">")).unwrap();
        let section = &html[start..start + html[start..].find("</section>").unwrap()];
        for (id, name) in names {
            let count = responses(survey)
                .iter()
                .filter(|r| r["department"] == id)
                .count();
            if count >= MIN_CELL {
                continue;
            }
            small_groups += 1;
            for row in section
                .split(&format!("<th scope=\"row\">{name}</th>"))
                .skip(1)
            {
                let cells = &row[..row.find("</tr>").unwrap()];
                assert!(!cells.contains("data-n="), "{survey} {id}: {cells}");
            }
        }
    }
    assert!(
        small_groups > 0,
        "the example has a department below min_cell"
    );
    assert!(html.contains("only so that the smaller one cannot be worked out by subtraction"));
}

#[test]
fn one_department_s_report_and_no_free_text() {
    let (_out, html, _) = example_report(&["--department", "rehab", "--no-free-text"]);
    assert!(
        html.contains("<h1>Evaluation report: Rehabilitation Therapy</h1>"),
        "{}",
        &html[..2000]
    );
    let rehab = responses("close")
        .iter()
        .filter(|r| r["department"] == "rehab")
        .count();
    assert!(html.contains(&format!("<dt>Responses</dt><dd>{rehab}</dd>")));
    assert!(!html.contains("More protected time for meetings."));
    assert!(html.contains("Free-text answers: left out"));
    let out = tempfile::tempdir().unwrap();
    mentorkit()
        .args(["report", "--department", "cardiology", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(out.path().join("r"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "there is no department `cardiology`",
        ));
}

#[test]
fn the_example_responses_are_never_published() {
    let dir = tempfile::tempdir().unwrap();
    mentorkit()
        .args(["build", "--quiet", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(dir.path().join("public"))
        .assert()
        .success();
    let comment = "Rota changes make it hard to keep the meeting.";
    assert!(read(&example_root().join("responses/midpoint/responses.csv")).contains(comment));
    for entry in walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            for secret in [
                comment,
                "e001,mentee",
                "c001,comparison",
                "2027-01-04T10:00:00.000Z",
            ] {
                assert!(
                    !text.contains(secret),
                    "{} holds `{secret}`",
                    entry.path().display()
                );
            }
        }
    }
    // And the report refuses to be written into the site or the content.
    for inside in ["public/report", "content/report"] {
        let project = Project::new();
        fs::create_dir_all(project.path("responses")).unwrap();
        mentorkit()
            .args(["report", "--root"])
            .arg(project.root())
            .arg("--output")
            .arg(project.path(inside))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("refusing to write the report"));
    }
}

/// A small project (the common baseline survey: one agreement question, `confidence`) with
/// `min_cell: 3`, and response files.
fn project(files: &[(&str, &[u8])]) -> Project {
    let project = Project::new();
    let config = format!("{}report:\n  min_cell: 3\n", common::CONFIG);
    project.write("mentorkit.yaml", &config);
    for (path, bytes) in files {
        project.write_bytes(path, bytes);
    }
    project
}

/// Runs the report; (exit code, stderr, the page if one was written).
fn run(project: &Project) -> (i32, String, Option<String>) {
    let output = project.path("report");
    let done = mentorkit()
        .args(["report", "--root"])
        .arg(project.root())
        .output()
        .unwrap();
    let page = fs::read_to_string(output.join("index.html")).ok();
    (
        done.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&done.stderr).to_string(),
        page,
    )
}

const GOOD: &str = "submitted_at,confidence\n2026-03-01T09:00:00Z,4\n2026-03-02T09:00:00Z,5\n2026-03-03T09:00:00Z,2\n";

#[test]
fn an_unknown_column_is_a_warning_with_its_place_and_a_suggestion() {
    let text = "submitted_at,confidence,confidense\n2026-03-01T09:00:00Z,4,4\n2026-03-02T09:00:00Z,5,5\n2026-03-03T09:00:00Z,2,1\n";
    let (code, stderr, page) = run(&project(&[("responses/baseline/a.csv", text.as_bytes())]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("unknown column `confidense`"), "{stderr}");
    assert!(stderr.contains("responses/baseline/a.csv:1:25"), "{stderr}");
    assert!(stderr.contains("did you mean `confidence`?"), "{stderr}");
    let page = page.expect("the report is written");
    assert!(page.contains("<code>responses/baseline/a.csv:1:25</code>"));
}

#[test]
fn a_value_outside_the_scale_rejects_its_row_and_the_report_counts_it() {
    let text = format!("{GOOD}2026-03-04T09:00:00Z,7\n");
    let (code, stderr, page) = run(&project(&[("responses/baseline/a.csv", text.as_bytes())]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "`7` is not an answer question `confidence` (likert) can have; the row is left out"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("responses/baseline/a.csv:5:22"), "{stderr}");
    assert!(stderr.contains("one of: 1 | 2 | 3 | 4 | 5"), "{stderr}");
    let page = page.unwrap();
    assert!(page.contains("<th scope=\"row\"><code>responses/baseline/a.csv</code></th><td class=\"num\">4</td><td class=\"num\">3</td><td class=\"num\">1</td>"), "{page}");
    assert!(page.contains("<dt>Answers</dt><dd>3</dd>"));
}

#[test]
fn a_duplicate_submission_is_counted_once_and_named() {
    let json = "{\n  \"submitted_at\": \"2026-03-01T09:00:00Z\",\n  \"confidence\": 4\n}\n";
    let (code, stderr, page) = run(&project(&[
        ("responses/baseline/a.csv", GOOD.as_bytes()),
        ("responses/baseline/b.json", json.as_bytes()),
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("duplicate submission: the same response is at responses/baseline/a.csv:2"),
        "{stderr}"
    );
    assert!(stderr.contains("responses/baseline/b.json:1:1"), "{stderr}");
    assert!(page.unwrap().contains("<dt>Answers</dt><dd>3</dd>"));
}

#[test]
fn files_that_cannot_be_read_stop_the_report_with_their_place() {
    let cases: [(&str, &[u8], &str, &str); 5] = [
        (
            "responses/baseline/a.csv",
            b"",
            "the file is empty",
            "responses/baseline/a.csv",
        ),
        (
            "responses/baseline/a.csv",
            b"submitted_at,confidence\n2026-03-01,4\nJos\xe9,5\n",
            "UTF-8",
            "responses/baseline/a.csv:3",
        ),
        (
            "responses/baseline/a.csv",
            b"submitted_at;confidence\n2026-03-01;4\n",
            "separated by `;`",
            "responses/baseline/a.csv:1:1",
        ),
        (
            "responses/baseline/a.json",
            b"{\"confidence\": 4,}",
            "not valid JSON",
            "responses/baseline/a.json:1:",
        ),
        (
            "responses/baselin/a.csv",
            GOOD.as_bytes(),
            "unknown survey `baselin`",
            "did you mean `baseline`?",
        ),
    ];
    for (path, bytes, message, place) in cases {
        let (code, stderr, page) = run(&project(&[(path, bytes)]));
        assert_eq!(code, 1, "{path}: {stderr}");
        assert!(stderr.contains(message), "{path}: {stderr}");
        assert!(stderr.contains(place), "{path}: {stderr}");
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert!(page.is_none(), "{path}");
    }
}

#[test]
fn another_tool_s_export_is_read_through_map_yaml() {
    let export = "Timestamp,I feel confident in my role.,Email\n2026-03-01,Agree,a@x.example\n2026-03-02,Strongly agree,b@x.example\n2026-03-03,Disagree,c@x.example\n";
    let map = "columns:\n  Timestamp: submitted_at\n  I feel confident in my role.: confidence\nanswers:\n  Strongly agree: \"5\"\n  Agree: \"4\"\n  Disagree: \"2\"\n";
    let (code, stderr, page) = run(&project(&[
        ("responses/baseline/forms.csv", export.as_bytes()),
        ("responses/baseline/map.yaml", map.as_bytes()),
    ]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("unknown column `Email`"), "{stderr}");
    let page = page.unwrap();
    assert!(page.contains("<dt>Top-2-box</dt><dd>67%</dd>"), "{page}");
    assert!(page.contains("<dt>Mean (1 to 5)</dt><dd>3.67</dd>"));
}

#[test]
fn small_cells_below_three_and_unknown_measure_sources_are_refused() {
    let project = project(&[("responses/baseline/a.csv", GOOD.as_bytes())]);
    let config = format!("{}report:\n  min_cell: 2\n", common::CONFIG);
    project.write("mentorkit.yaml", &config);
    let (code, stderr, page) = run(&project);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`report.min_cell` is 2; it must be at least 3"),
        "{stderr}"
    );
    assert!(stderr.contains("mentorkit.yaml:"), "{stderr}");
    assert!(page.is_none());

    let project = self::project(&[("responses/baseline/a.csv", GOOD.as_bytes())]);
    let program = common::PROGRAM.replace(
        "        unit: '%'\n",
        "        unit: '%'\n        from:\n          survey: baseline\n          question: confidance\n          statistic: top2\n",
    );
    project.write("content/program.yaml", &program);
    mentorkit()
        .args(["check", "--root"])
        .arg(project.root())
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "survey `baseline` has no question `confidance`",
        ))
        .stderr(predicates::str::contains("content/program.yaml:"))
        .stderr(predicates::str::contains("did you mean `confidence`?"));
    let (code, stderr, _) = run(&project);
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn the_same_input_gives_the_same_report() {
    let (_a, first, _) = example_report(&[]);
    let (_b, second, _) = example_report(&[]);
    assert!(first == second, "two runs differ");
}

#[test]
fn answers_linked_by_respondent_are_compared_paired() {
    let named = |title: &str| {
        format!(
            "title: {title}\naudience: mentee\nanonymous: false\nquestions:\n  - id: confidence\n    type: likert\n    scale: agreement\n    text: I feel confident in my role.\n"
        )
    };
    let before = "submitted_at,respondent,confidence\n2026-03-01,Ana,2\n2026-03-01,Ben,3\n2026-03-01,Cy,2\n2026-03-01,Di,3\n";
    let after = "submitted_at,respondent,confidence\n2027-01-01,Ana,4\n2027-01-01,Ben,4\n2027-01-01,Cy,3\n2027-01-01,Di,5\n";
    let project = project(&[
        ("responses/baseline/a.csv", before.as_bytes()),
        ("responses/close/a.csv", after.as_bytes()),
    ]);
    project.write(
        "content/surveys/baseline.yaml",
        &format!("{}phase: start\n", named("Before")),
    );
    project.write("content/surveys/close.yaml", &named("After"));
    let (code, stderr, page) = run(&project);
    assert_eq!(code, 0, "{stderr}");
    let page = page.unwrap();
    // Differences 2, 1, 1, 2: mean 1.5, sd √(1/3), t(0.975, 3) = 3.182.
    let half = 3.182 * (1.0f64 / 3.0).sqrt() / 2.0;
    let expected = format!(
        "the mean rose by 1.50 points (95% confidence interval {} to {})",
        rounded(1.5 - half, 2),
        rounded(1.5 + half, 2)
    );
    assert!(page.contains(&expected), "{expected}\n{page}");
    assert!(page.contains("The 4 people who answered both surveys are compared with themselves"));
    // A second answer from the same person is a duplicate submission.
    let again = format!("{after}2027-01-02,Ana,1\n");
    project.write("responses/close/a.csv", &again);
    let (_, stderr, _) = run(&project);
    assert!(
        stderr.contains(
            "duplicate submission: `Ana` answered this survey already, at responses/close/a.csv:2"
        ),
        "{stderr}"
    );
}

#[test]
fn a_wrong_cohort_row_stops_the_report_at_its_cell() {
    let cohort = "id,role,department,start,end\np1,mentee,,2026-01-05,\np2,mentorr,,2026-01-05,\np3,mentee,,2026-02-30,\np4,comparison,,2026-03-01,2026-02-01\n";
    let (code, stderr, page) = run(&project(&[
        ("responses/baseline/a.csv", GOOD.as_bytes()),
        ("responses/cohort.csv", cohort.as_bytes()),
    ]));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown role `mentorr`"), "{stderr}");
    assert!(stderr.contains("responses/cohort.csv:3:4"), "{stderr}");
    assert!(stderr.contains("`2026-02-30` is not a date"), "{stderr}");
    assert!(stderr.contains("responses/cohort.csv:4:"), "{stderr}");
    assert!(
        stderr.contains("the end date is before the start date"),
        "{stderr}"
    );
    assert!(page.is_none());
}

#[test]
fn extreme_numbers_and_odd_json_do_not_stop_the_report() {
    let survey = "title: Numbers\naudience: mentee\nquestions:\n  - id: confidence\n    type: likert\n    scale: agreement\n    text: I feel confident.\n  - id: hours\n    type: number\n    text: Hours?\n";
    let csv = "submitted_at,confidence,hours\n1,4,-1e308\n2,4,1e308\n3,5,0\n4,2,12.5\n";
    let json = "[{\"confidence\": 3, \"hours\": 1e300}, {\"hours\": [\"x\"]}, {}]";
    let project = project(&[
        ("responses/baseline/a.csv", csv.as_bytes()),
        ("responses/baseline/b.json", json.as_bytes()),
    ]);
    project.write("content/surveys/baseline.yaml", survey);
    let (code, stderr, page) = run(&project);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("`x` is not an answer question `hours`"),
        "{stderr}"
    );
    let page = page.unwrap();
    assert!(page.contains("id=\"q-baseline-hours\""));
    assert!(
        page.contains("b.json</code></th><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">1</td>"),
        "{page}"
    );
}
