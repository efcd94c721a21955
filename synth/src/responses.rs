//! Deterministic, clearly fictional survey responses and cohort for the example program's
//! `mentorkit report`: the baseline, midpoint and close surveys of `content/surveys/`, as the
//! department handbooks' forms download them (a `department` column), and `cohort.csv`.
//!
//! Nobody here is real: ids are `p001`-style placeholders and every comment is written for the
//! example. The set is shaped to show what the report does: confidence and belonging rise
//! from baseline to close, participants stay more often than the comparison group, the
//! pharmacy department has fewer responses than the report publishes (its figures are
//! withheld, and a second department with them), and one response was saved twice (CSV and
//! JSON), which the report finds and leaves out.

use std::fmt::Write as _;

use super::Rng;

/// How many responses and people, and the seed.
#[derive(Debug, Clone, Copy)]
pub struct ResponseOptions {
    /// Mentees and mentors of the cohort.
    pub mentees: usize,
    pub mentors: usize,
    /// Comparable colleagues who did not take part.
    pub comparison: usize,
    /// Multiplies every survey's responses (for benchmarks): respondents answer once per
    /// copy, so 1 gives the example.
    pub copies: usize,
    pub seed: u64,
}

impl Default for ResponseOptions {
    fn default() -> Self {
        ResponseOptions {
            mentees: 40,
            mentors: 30,
            comparison: 45,
            copies: 1,
            seed: 11,
        }
    }
}

/// The departments of the example, with the share of people in each (pharmacy is small).
const DEPARTMENTS: &[(&str, usize)] = &[("rehab", 50), ("radiology", 40), ("pharmacy", 10)];

/// One person of the cohort.
struct Person {
    id: String,
    mentor: bool,
    department: &'static str,
}

fn people(options: &ResponseOptions) -> Vec<Person> {
    let mut out = Vec::new();
    let departments = |count: usize| -> Vec<&'static str> {
        // Whole shares per department, the rounding going to the largest.
        let mut list = Vec::new();
        for (i, (id, share)) in DEPARTMENTS.iter().enumerate() {
            let n = if i == 0 {
                count
                    - DEPARTMENTS[1..]
                        .iter()
                        .map(|(_, s)| count * s / 100)
                        .sum::<usize>()
            } else {
                count * share / 100
            };
            list.extend(std::iter::repeat_n(*id, n));
        }
        list
    };
    for (i, department) in departments(options.mentees).into_iter().enumerate() {
        out.push(Person {
            id: format!("e{:03}", i + 1),
            mentor: false,
            department,
        });
    }
    for (i, department) in departments(options.mentors).into_iter().enumerate() {
        out.push(Person {
            id: format!("m{:03}", i + 1),
            mentor: true,
            department,
        });
    }
    out
}

/// A day of one of `months` months from `first` of `year`.
fn date(rng: &mut Rng, year: u32, first: u32, months: usize) -> String {
    let month = first + rng.below(months) as u32;
    format!("{year}-{month:02}-{:02}", 1 + rng.below(28))
}

/// A step of a 5-step scale around `centre` (1 to 5).
fn step(rng: &mut Rng, centre: usize) -> usize {
    let spread = [0usize, 0, 1, 1, 1, 2, 2];
    let offset = spread[rng.below(spread.len())];
    let up = rng.below(2) == 0;
    let value = if up {
        centre + offset
    } else {
        centre.saturating_sub(offset)
    };
    value.clamp(1, 5)
}

fn quoted(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

const HOPES: &[&str] = &[
    "Feel settled in the team and know whom to ask.",
    "Build confidence with complex patients.",
    "Work out whether a specialist pathway is right for me.",
    "Get better at managing a full caseload.",
    "Learn how the organization works beyond my ward.",
];
const CHANGES: &[&str] = &[
    "More protected time for meetings.",
    "Peer group sessions on more campuses.",
    "A clearer agenda for the first meeting.",
    "Earlier matching so the first month is not lost.",
    "Nothing to change: it works well.",
];
const REASONS: &[&str] = &[
    "Having someone outside my team to talk to.",
    "Meetings were hard to fit around shifts.",
    "My mentor helped me plan my next step.",
    "The peer groups were the best part.",
];

/// baseline.csv: mentees at the start.
pub fn baseline_csv(options: &ResponseOptions) -> String {
    let mut rng = Rng(options.seed);
    let mut out = String::from(
        "submitted_at,department,discipline,discipline_other,start_date,years_practicing,joining_reason,conf_unfamiliar,conf_speak_up,conf_who_to_ask,conf_career,part_of_team,work_valued,drained,intent_to_stay,mentored_before,mentored_before_rating,focus_areas,meeting_preference,hopes\n",
    );
    let disciplines = [
        "Physical therapy",
        "Occupational therapy",
        "Medical imaging (radiography, CT, MRI, sonography)",
        "Pharmacy",
        "Speech-language pathology",
    ];
    let reasons = [
        "I am new to Riverbend Health",
        "I am a new graduate",
        "I have moved to a new role, specialty or setting",
    ];
    let focus = [
        "Clinical skills and judgment",
        "Workload and time management",
        "Career planning and progression",
        "Wellbeing and work-life balance",
    ];
    for copy in 0..options.copies {
        for (i, p) in people(options).iter().filter(|p| !p.mentor).enumerate() {
            if (i + copy) % 8 == 7 {
                continue; // about one in eight does not answer
            }
            let discipline = match p.department {
                "radiology" => disciplines[2],
                "pharmacy" => disciplines[3],
                _ => disciplines[rng.below(2)],
            };
            let before = rng.below(2) == 0;
            let focus_areas: Vec<&str> = focus
                .iter()
                .copied()
                .filter(|_| rng.below(2) == 0)
                .collect();
            let _ = writeln!(
                out,
                "2026-03-{:02}T09:{:02}:00.000Z,{},{},,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                2 + i % 20,
                (i * 7 + copy) % 60,
                p.department,
                quoted(discipline),
                date(&mut rng, 2025, 9 + (i % 4) as u32, 1),
                rng.below(6),
                quoted(reasons[rng.below(3)]),
                step(&mut rng, 2),
                step(&mut rng, 3),
                step(&mut rng, 3),
                step(&mut rng, 2),
                step(&mut rng, 3),
                step(&mut rng, 4),
                step(&mut rng, 3),
                step(&mut rng, 3),
                if before { "yes" } else { "no" },
                if before {
                    (2 + rng.below(4)).to_string()
                } else {
                    String::new()
                },
                quoted(&focus_areas.join(";")),
                ["In person", "By video", "A mix of both"][rng.below(3)],
                quoted(HOPES[rng.below(HOPES.len())]),
            );
        }
    }
    out
}

/// midpoint.csv: mentors and mentees halfway through.
pub fn midpoint_csv(options: &ResponseOptions) -> String {
    let mut rng = Rng(options.seed + 1);
    let mut out = String::from(
        "submitted_at,department,participant_role,meetings_held,meeting_formats,meeting_cadence,usefulness,speak_openly,clear_goals,time_respected,mentee_progress,mentor_support,peer_group_attended,peer_group_satisfaction,barriers,barriers_detail,change_one_thing\n",
    );
    for copy in 0..options.copies {
        for (i, p) in people(options).iter().enumerate() {
            if (i + copy) % 6 == 5 {
                continue;
            }
            let attended = rng.below(3) > 0;
            let barriers = rng.below(4) == 0;
            let formats = ["In person", "Video", "Phone"];
            let met: Vec<&str> = formats
                .iter()
                .copied()
                .filter(|_| rng.below(2) == 0)
                .collect();
            let met = if met.is_empty() {
                vec!["In person"]
            } else {
                met
            };
            let _ = writeln!(
                out,
                "2026-08-{:02}T14:{:02}:00.000Z,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                3 + i % 25,
                (i * 11 + copy) % 60,
                p.department,
                if p.mentor { "Mentor" } else { "Mentee" },
                5 + rng.below(8),
                quoted(&met.join(";")),
                step(&mut rng, 3),
                step(&mut rng, 4),
                step(&mut rng, 4),
                step(&mut rng, 4),
                step(&mut rng, 4),
                if p.mentor {
                    String::new()
                } else {
                    step(&mut rng, 4).to_string()
                },
                if p.mentor {
                    step(&mut rng, 4).to_string()
                } else {
                    String::new()
                },
                if attended { "yes" } else { "no" },
                if attended {
                    step(&mut rng, 4).to_string()
                } else {
                    String::new()
                },
                if barriers { "yes" } else { "no" },
                if barriers {
                    "Rota changes make it hard to keep the meeting."
                } else {
                    ""
                },
                quoted(CHANGES[rng.below(CHANGES.len())]),
            );
        }
    }
    out
}

/// close.csv: mentors and mentees at the end; `(csv, one response again as JSON)`.
pub fn close_files(options: &ResponseOptions) -> (String, String) {
    let mut rng = Rng(options.seed + 2);
    let header = "submitted_at,department,participant_role,same_pair,overall_satisfaction,recommend,recommend_reason,most_valuable,goals_set,goal_attainment,conf_unfamiliar,conf_career,part_of_team,mentor_skills,intent_to_stay,take_part_again,future_mentor,improvements,anything_else";
    let mut out = format!("{header}\n");
    let mut first_row = String::new();
    let parts = [
        "One-on-one meetings",
        "Peer group sessions",
        "Mentor training",
        "The mentoring agreement and goals",
        "Support from the coordinator",
    ];
    for copy in 0..options.copies {
        for (i, p) in people(options).iter().enumerate() {
            if (i + copy) % 5 == 4 {
                continue;
            }
            let mentee = !p.mentor;
            let valued: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|_| rng.below(2) == 0)
                .collect();
            let valued = if valued.is_empty() {
                vec![parts[0]]
            } else {
                valued
            };
            let recommend = [10, 9, 9, 8, 10, 7, 9, 6, 10, 8, 5][rng.below(11)];
            let row = format!(
                "2027-01-{:02}T10:{:02}:00.000Z,{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},",
                4 + i % 24,
                (i * 13 + copy) % 60,
                p.department,
                if mentee { "Mentee" } else { "Mentor" },
                if rng.below(10) == 0 { "no" } else { "yes" },
                step(&mut rng, 4),
                recommend,
                quoted(REASONS[rng.below(REASONS.len())]),
                quoted(&valued.join(";")),
                1 + rng.below(4),
                [
                    "All of them",
                    "Most of them",
                    "Most of them",
                    "Some of them"
                ][rng.below(4)],
                if mentee {
                    step(&mut rng, 4).to_string()
                } else {
                    String::new()
                },
                if mentee {
                    step(&mut rng, 4).to_string()
                } else {
                    String::new()
                },
                step(&mut rng, 4),
                if mentee {
                    String::new()
                } else {
                    step(&mut rng, 4).to_string()
                },
                step(&mut rng, 4),
                if rng.below(6) == 0 { "no" } else { "yes" },
                if mentee {
                    ["yes", "no"][rng.below(2)]
                } else {
                    ""
                },
                quoted(CHANGES[rng.below(CHANGES.len())]),
            );
            if first_row.is_empty() {
                first_row = row.clone();
            }
            let _ = writeln!(out, "{row}");
        }
    }
    (out, as_json(header, &first_row))
}

/// One CSV row again as the form's JSON download (numbers as numbers, lists as lists).
fn as_json(header: &str, row: &str) -> String {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    for c in row.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    let mut out = String::from("{\n");
    let names: Vec<&str> = header.split(',').collect();
    for (i, (name, value)) in names.iter().zip(&cells).enumerate() {
        let json = if value.is_empty() {
            "null".to_string()
        } else if value.parse::<f64>().is_ok() {
            value.clone()
        } else if *name == "most_valuable" {
            let items: Vec<String> = value.split(';').map(|v| format!("\"{v}\"")).collect();
            format!("[{}]", items.join(", "))
        } else {
            format!("\"{}\"", value.replace('"', "\\\""))
        };
        let comma = if i + 1 < names.len() { "," } else { "" };
        let _ = writeln!(out, "  \"{name}\": {json}{comma}");
    }
    out.push_str("}\n");
    out
}

/// cohort.csv: every participant, and the comparison group; some have left.
pub fn cohort_csv(options: &ResponseOptions) -> String {
    let mut rng = Rng(options.seed + 3);
    let mut out = String::from("id,role,department,start,end\n");
    for p in people(options) {
        let start = date(&mut rng, 2026, 1, 2);
        // About one participant in ten leaves within the year.
        let end = if rng.below(10) == 0 {
            date(&mut rng, 2026, 5, 6)
        } else {
            String::new()
        };
        let role = if p.mentor { "mentor" } else { "mentee" };
        let _ = writeln!(out, "{},{role},{},{start},{end}", p.id, p.department);
    }
    for i in 0..options.comparison {
        let department = DEPARTMENTS[i % DEPARTMENTS.len()].0;
        let start = date(&mut rng, 2026, 1, 2);
        // About one in four of the comparison group leaves within the year.
        let end = if rng.below(4) == 0 {
            date(&mut rng, 2026, 4, 8)
        } else {
            String::new()
        };
        let _ = writeln!(out, "c{:03},comparison,{department},{start},{end}", i + 1);
    }
    out
}

/// Every file, relative to the responses folder.
pub fn files(options: &ResponseOptions) -> Vec<(String, String)> {
    let (close, duplicate) = close_files(options);
    vec![
        ("baseline/responses.csv".into(), baseline_csv(options)),
        ("midpoint/responses.csv".into(), midpoint_csv(options)),
        ("close/responses.csv".into(), close),
        (
            "close/close-responses-20270104-101300.json".into(),
            duplicate,
        ),
        ("cohort.csv".into(), cohort_csv(options)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_options_give_the_same_files() {
        let options = ResponseOptions::default();
        assert_eq!(files(&options), files(&options));
        let pharmacy = baseline_csv(&options)
            .lines()
            .filter(|l| l.contains(",pharmacy,"))
            .count();
        assert!(
            pharmacy > 0 && pharmacy < 5,
            "pharmacy is below min_cell: {pharmacy}"
        );
    }
}
