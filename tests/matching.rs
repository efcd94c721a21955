//! `mentorkit match` end to end: the binary on the example's fictional pool and on a small pool
//! worked out by hand, the coordinator's decisions, every kind of bad input, and where the
//! matches may be written.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use common::{Project, example_root, mentorkit};
use mentorkit_synth::profiles::{PoolOptions, mentees_csv, mentors_csv};

/// A CSV file as rows of cells by column name (the files mentorkit writes have no quoted
/// commas in these tests).
fn rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    lines
        .map(|line| {
            let cells = line.split(',').map(str::to_string);
            header.iter().map(|h| h.to_string()).zip(cells).collect()
        })
        .collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn list(cell: &str) -> BTreeSet<&str> {
    cell.split(';').filter(|v| !v.is_empty()).collect()
}

#[test]
fn the_example_pool_is_matched_within_its_rules_and_explained() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("matches");
    let assert = mentorkit()
        .args(["match", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(&output)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("Matched 57 of 60 mentees"), "{stderr}");
    assert!(
        stderr.contains("no mentor may take mentee `me-060`"),
        "{stderr}"
    );

    let mentors = rows(&read(&example_root().join("matching/mentors.csv")));
    let mentees = rows(&read(&example_root().join("matching/mentees.csv")));
    let by_id = |people: &[BTreeMap<String, String>], id: &str| {
        people
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .expect("a known id")
    };
    let pairs = rows(&read(&output.join("matches.csv")));
    assert_eq!(pairs.len(), 57);
    let mut used: BTreeMap<String, u32> = BTreeMap::new();
    for pair in &pairs {
        let (mentee, mentor) = (
            by_id(&mentees, &pair["mentee"]),
            by_id(&mentors, &pair["mentor"]),
        );
        // The example's rules, checked here from the profiles themselves.
        assert!(
            !list(&mentee["shifts"]).is_disjoint(&list(&mentor["shifts"])),
            "{pair:?}"
        );
        assert_ne!(mentee["manager"], mentor["id"], "{pair:?}");
        assert_ne!(mentee["manager"], mentor["manager"], "{pair:?}");
        *used.entry(mentor["id"].clone()).or_default() += 1;
        // The score is the sum of the criteria's points (each rounded to a tenth).
        let parts: f64 = [
            "discipline",
            "career-goals",
            "experience-gap",
            "shift-pattern",
            "location",
            "communication-style",
        ]
        .iter()
        .map(|c| pair[*c].parse::<f64>().unwrap())
        .sum();
        let score: f64 = pair["score"].parse().unwrap();
        assert!((parts - score).abs() <= 0.31, "{pair:?}");
        let discipline = if mentee["discipline"] == mentor["discipline"] {
            "25.0"
        } else {
            "0.0"
        };
        assert_eq!(pair["discipline"], discipline, "{pair:?}");
    }
    for (mentor, count) in used {
        let capacity: u32 = by_id(&mentors, &mentor)["capacity"].parse().unwrap();
        assert!(
            count <= capacity,
            "{mentor} has {count} mentees for {capacity} places"
        );
    }

    let unmatched = read(&output.join("unmatched.csv"));
    assert!(
        unmatched.contains("me-060,Xavi Ivorydale,rules,must overlap shifts: 30"),
        "{unmatched}"
    );
    assert_eq!(
        unmatched
            .lines()
            .filter(|l| l.contains(",capacity,"))
            .count(),
        2,
        "{unmatched}"
    );

    let review = read(&output.join("review.html"));
    assert!(review.contains("<h2 id=\"pairs\">Pairs (57)</h2>"));
    assert!(review.contains("<h2 id=\"unmatched\">Not matched (3)</h2>"));
    assert!(review.contains("Left to your judgement (not scored): Mentee preferences."));
    assert!(
        review.contains("Never the mentee&#x27;s manager names the mentor")
            || review.contains("Never the mentee's manager names the mentor")
    );
    for pair in &pairs {
        assert!(
            review.contains(&format!("({})</span> with", pair["mentee"])),
            "{}",
            pair["mentee"]
        );
    }
}

#[test]
fn the_same_profiles_give_the_same_bytes_whatever_their_row_order() {
    let project = Project::new();
    fs::copy(
        example_root().join("content/program.yaml"),
        project.path("content/program.yaml"),
    )
    .unwrap();
    for (file, text) in [
        (
            "mentors",
            read(&example_root().join("matching/mentors.csv")),
        ),
        (
            "mentees",
            read(&example_root().join("matching/mentees.csv")),
        ),
    ] {
        let mut lines: Vec<&str> = text.lines().collect();
        lines[1..].reverse();
        project.write(&format!("shuffled/{file}.csv"), &(lines.join("\n") + "\n"));
    }
    let run = |output: &str, folder: &str| {
        mentorkit()
            .args(["match", "--root"])
            .arg(project.root())
            .arg("--mentors")
            .arg(if folder == "example" {
                example_root().join("matching/mentors.csv")
            } else {
                project.path("shuffled/mentors.csv")
            })
            .arg("--mentees")
            .arg(if folder == "example" {
                example_root().join("matching/mentees.csv")
            } else {
                project.path("shuffled/mentees.csv")
            })
            .arg("--output")
            .arg(project.path(output))
            .assert()
            .success();
    };
    run("first", "example");
    run("second", "example");
    run("shuffled-out", "shuffled");
    for file in ["matches.csv", "unmatched.csv", "review.html"] {
        let first = fs::read(project.path("first").join(file)).unwrap();
        assert_eq!(
            first,
            fs::read(project.path("second").join(file)).unwrap(),
            "{file}"
        );
        if file != "review.html" {
            // The review names its input files, which differ here.
            assert_eq!(
                first,
                fs::read(project.path("shuffled-out").join(file)).unwrap(),
                "{file}"
            );
        }
    }
}

#[test]
fn the_examples_profiles_are_what_the_generator_writes() {
    let options = PoolOptions::default();
    assert_eq!(
        read(&example_root().join("matching/mentors.csv")),
        mentors_csv(&options)
    );
    assert_eq!(
        read(&example_root().join("matching/mentees.csv")),
        mentees_csv(&options)
    );
}

/// A pool small enough to work out by hand (see `a_small_pool_is_matched_as_worked_out_by_hand`).
const SMALL_MATCHING: &str = "\
matching:
  criteria:
    - {id: discipline, label: Discipline, weight: 10, compare: equal, values: [physio, occupational]}
    - {id: goals, label: Goals, weight: 6, compare: overlap, mentor_column: expertise}
    - {id: level, label: Level, weight: 4, compare: closeness, values: [a, b, c, d], ideal_gap: 2}
    - {id: taste, label: Taste, weight: 3}
  rules:
    must: [{same: campus}]
    must_not: [{names_mentor: manager}]
";

const SMALL_MENTORS: &str = "\
id,name,discipline,expertise,level,campus,capacity
m1,M One,physio,lead;teach,c,north,1
m2,M Two,occupational,teach,d,north,2
m3,M Three,physio,research,b,south,
";

const SMALL_MENTEES: &str = "\
id,name,discipline,goals,level,campus,manager
e1,E One,physio,lead,a,north,
e2,E Two,occupational,teach;research,b,north,m2
e3,E Three,physio,research,a,south,
e4,E Four,physio,lead,a,east,
";

fn small_project() -> Project {
    let project = Project::new();
    project.write(
        "content/program.yaml",
        &(common::PROGRAM.to_string() + SMALL_MATCHING),
    );
    project.write("matching/mentors.csv", SMALL_MENTORS);
    project.write("matching/mentees.csv", SMALL_MENTEES);
    project
}

fn run_match(project: &Project, extra: &[&str]) -> assert_cmd::assert::Assert {
    mentorkit()
        .args(["match", "--root"])
        .arg(project.root())
        .args(extra)
        .assert()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

#[test]
fn a_small_pool_is_matched_as_worked_out_by_hand() {
    // e1 scores 20 with m1 and 2.7 with m2; e2 may take only m1 (m2 is their manager, m3 is on
    // another campus). Matching e1 with m1 would leave e2 out: the most mentees matched comes
    // first, so e1 takes m2. e4 is on a campus no mentor is on.
    let project = small_project();
    run_match(&project, &[]).success();
    assert_eq!(
        read(&project.path("matches/matches.csv")),
        "mentee,mentee_name,mentor,mentor_name,score,decision,discipline,goals,level\n\
         e1,E One,m2,M Two,2.7,proposed,0.0,0.0,2.7\n\
         e2,E Two,m1,M One,5.7,proposed,0.0,3.0,2.7\n\
         e3,E Three,m3,M Three,18.7,proposed,10.0,6.0,2.7\n"
    );
    assert_eq!(
        read(&project.path("matches/unmatched.csv")),
        "mentee,mentee_name,reason,detail\ne4,E Four,rules,must same campus: 3\n"
    );
    let review = read(&project.path("matches/review.html"));
    assert!(review.contains("Runner-up: M One <span class=\"id\">(m1)</span>, score 20.0, whose places are all taken in this assignment."), "{review}");
    assert!(
        review.contains("3 mentors: not the same campus"),
        "{review}"
    );
    assert!(review.contains("<dd>3 of 4</dd>"));
    assert!(review.contains("Left to your judgement (not scored): Taste."));
}

#[test]
fn fixed_kept_and_forbidden_pairs_are_honoured() {
    let project = small_project();
    project.write(
        "matching/pairs.csv",
        "mentee,mentor,decision\ne1,m1,fix\ne3,m3,forbid\n",
    );
    run_match(&project, &[]).success();
    let matches = read(&project.path("matches/matches.csv"));
    assert!(
        matches.contains("e1,E One,m1,M One,20.0,fixed,"),
        "{matches}"
    );
    assert!(
        !matches.contains("e3,"),
        "a forbidden pair is never proposed: {matches}"
    );
    let unmatched = read(&project.path("matches/unmatched.csv"));
    assert!(unmatched.contains("e2,E Two,capacity,m1"), "{unmatched}");
    assert!(
        unmatched.contains("e3,E Three,rules,must same campus: 2; forbidden in the pairs file: 1"),
        "{unmatched}"
    );

    // A re-match keeps the earlier pairs and matches only the people left.
    fs::remove_file(project.path("matching/pairs.csv")).unwrap();
    fs::copy(
        project.path("matches/matches.csv"),
        project.path("kept.csv"),
    )
    .unwrap();
    let kept = project.path("kept.csv");
    run_match(
        &project,
        &[
            "--keep",
            kept.to_str().unwrap(),
            "--output",
            project.path("again").to_str().unwrap(),
        ],
    )
    .success();
    let again = read(&project.path("again/matches.csv"));
    assert!(again.contains("e1,E One,m1,M One,20.0,kept,"), "{again}");
    assert!(
        again.contains("e3,E Three,m3,M Three,18.7,proposed,"),
        "{again}"
    );
}

#[test]
fn a_kept_or_fixed_pair_must_still_meet_the_rules_and_capacities() {
    let project = small_project();
    project.write(
        "matching/pairs.csv",
        "mentee,mentor,decision\ne4,m1,fix\ne2,m2,fix\ne1,m1,fix\ne3,m1,fix\ne2,m3,fixx\n",
    );
    let assert = run_match(&project, &[]).code(1);
    let err = stderr(&assert);
    assert!(
        err.contains("the pair e4 and m1 breaks the rule `must: {same: campus}`"),
        "{err}"
    );
    assert!(err.contains("--> matching/pairs.csv:2:1"), "{err}");
    assert!(
        err.contains("the pair e2 and m2 breaks the rule `must_not: {names_mentor: manager}`"),
        "{err}"
    );
    assert!(
        err.contains("mentor `m1` takes 1 mentee(s), and this pair is one more"),
        "{err}"
    );
    assert!(err.contains("`fixx` is not a decision"), "{err}");
    assert!(err.contains("did you mean `fix`?"), "{err}");
    assert!(!project.path("matches").exists(), "nothing is written");
}

#[test]
fn bad_profiles_are_all_reported_at_once_with_their_place() {
    let project = small_project();
    project.write(
        "matching/mentors.csv",
        "id,name,discipline,expertise,level,campuss,capacity\nm1,M One,physio,lead,c,north,1\n",
    );
    project.write(
        "matching/mentees.csv",
        "id,name,discipline,goals,level,campus,manager\n\
         e1,E One,phsyio,lead,a,north,\n\
         e2,E Two,physio,lead,z,north,\n\
         e1,E Again,physio,lead,a,north,\n",
    );
    let assert = run_match(&project, &[]).code(1);
    let err = stderr(&assert);
    assert!(
        err.contains("mentors.csv has no `campus` column (a `same` rule reads it)"),
        "{err}"
    );
    assert!(err.contains("did you mean `campuss`?"), "{err}");
    assert!(err.contains("--> matching/mentors.csv:1:"), "{err}");
    assert!(
        err.contains("`phsyio` is not a value of criterion `discipline`"),
        "{err}"
    );
    assert!(err.contains("did you mean `physio`?"), "{err}");
    assert!(err.contains("--> matching/mentees.csv:2:10"), "{err}");
    assert!(
        err.contains("`z` is not a value of criterion `level`"),
        "{err}"
    );
    assert!(err.contains("`e1` is in the file twice"), "{err}");
    assert!(
        err.contains("the first row with this id is on line 2"),
        "{err}"
    );
    assert!(
        err.contains("matching stopped with 4 errors; nothing was written"),
        "{err}"
    );
    assert!(!project.path("matches").exists());

    project.write("matching/mentors.csv", "id,discipline,expertise,level,campus,capacity\nm1,physio,lead,c,north,two\nm2,physio,lead,c,north,1.5\n");
    project.write("matching/mentees.csv", SMALL_MENTEES);
    let err = stderr(&run_match(&project, &[]).code(1));
    assert!(
        err.contains("`capacity` is `two`, not a whole number"),
        "{err}"
    );
    assert!(
        err.contains("`capacity` is `1.5`, not a whole number"),
        "{err}"
    );
    assert!(err.contains("--> matching/mentors.csv:3:24"), "{err}");
}

#[test]
fn files_a_spreadsheet_exported_wrongly_are_refused_with_a_reason() {
    let project = small_project();
    for (text, message) in [
        ("".as_bytes(), "the file is empty"),
        (
            "id;name;discipline\nm1;M;physio\n".as_bytes(),
            "the columns are separated by `;`, not by commas",
        ),
        (
            b"id,name\nm1,Jos\xe9\n".as_slice(),
            "file is not valid UTF-8 text",
        ),
        (
            "id,name\nm1,M One,extra\n".as_bytes(),
            "this row has 3 cells, the header 2",
        ),
    ] {
        project.write_bytes("matching/mentors.csv", text);
        let err = stderr(&run_match(&project, &[]).code(1));
        assert!(err.contains(message), "{message}: {err}");
        assert!(err.contains("matching/mentors.csv"), "{err}");
    }
    let missing = stderr(&run_match(&project, &["--mentors", "nowhere.csv"]).code(1));
    assert!(missing.contains("cannot read file"), "{missing}");
}

#[test]
fn a_mentee_nobody_may_take_is_a_warning_at_their_row() {
    let project = small_project();
    let err = stderr(&run_match(&project, &[]).success());
    assert!(
        err.contains("warning: no mentor may take mentee `e4`: every one breaks a rule"),
        "{err}"
    );
    assert!(err.contains("--> matching/mentees.csv:5:1"), "{err}");
}

#[test]
fn matches_are_never_written_into_the_site_or_the_content_or_over_other_files() {
    let project = small_project();
    for (output, reason) in [
        (
            "public/matches",
            "inside the site's output folder, which is published",
        ),
        ("content/matches", "inside the project's content/ folder"),
        ("static", "inside the project's static/ folder"),
    ] {
        let err = stderr(
            &run_match(
                &project,
                &["--output", project.path(output).to_str().unwrap()],
            )
            .code(2),
        );
        assert!(err.contains(reason), "{output}: {err}");
    }
    project.write("mine/notes.txt", "my own notes");
    let err = stderr(
        &run_match(
            &project,
            &["--output", project.path("mine").to_str().unwrap()],
        )
        .code(2),
    );
    assert!(
        err.contains("it is not empty and mentorkit did not make it"),
        "{err}"
    );
    assert_eq!(read(&project.path("mine/notes.txt")), "my own notes");

    // The site built from the project holds none of the profiles.
    run_match(&project, &[]).success();
    project.build().success();
    for page in walkdir::WalkDir::new(project.path("public"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if page.file_type().is_file() {
            let text = String::from_utf8_lossy(&fs::read(page.path()).unwrap()).to_string();
            assert!(
                !text.contains("E Three") && !text.contains("M One"),
                "{}",
                page.path().display()
            );
        }
    }
}

#[test]
fn a_program_without_scored_criteria_says_what_to_add() {
    let project = Project::new();
    project.write("matching/mentors.csv", SMALL_MENTORS);
    project.write("matching/mentees.csv", SMALL_MENTEES);
    let err = stderr(&run_match(&project, &[]).code(1));
    assert!(
        err.contains("`matching` in program.yaml has no criterion with `compare`"),
        "{err}"
    );
    assert!(err.contains("docs/matching.md"), "{err}");
}

#[test]
fn check_reports_a_criterion_match_could_not_apply() {
    let project = Project::new();
    let program = common::PROGRAM.to_string()
        + "matching:\n  criteria:\n    - {id: level, label: Level, weight: 5, compare: closeness, values: [a]}\n";
    project.write("content/program.yaml", &program);
    let assert = mentorkit()
        .args(["check", "--root"])
        .arg(project.root())
        .assert()
        .code(1);
    let err = stderr(&assert);
    assert!(
        err.contains(
            "criterion `level` compares by closeness but its scale has fewer than two steps"
        ),
        "{err}"
    );
    assert!(err.contains("--> content/program.yaml:"), "{err}");
}

#[test]
fn the_review_page_is_a_theme_template_a_site_may_override() {
    let project = small_project();
    project.write(
        "templates/matching-review.html",
        "<!DOCTYPE html><html lang=\"{{ language }}\"><title>Parejas</title><p>{{ summary.matched }} de {{ summary.mentees }}</p></html>\n",
    );
    run_match(&project, &[]).success();
    assert!(read(&project.path("matches/review.html")).contains("<p>3 de 4</p>"));

    project.write(
        "templates/matching-review.html",
        "<p>{{ summary.nope }}</p>\n",
    );
    let err = stderr(
        &run_match(
            &project,
            &["--output", project.path("second").to_str().unwrap()],
        )
        .code(1),
    );
    assert!(err.contains("matching-review.html"), "{err}");
    assert!(!project.path("second").exists(), "nothing is written");
}

#[test]
fn quiet_keeps_only_problems_and_short_flags_work() {
    let project = small_project();
    let out = mentorkit()
        .args(["match", "-q", "-r"])
        .arg(project.root())
        .arg("-o")
        .arg(project.path("quiet"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("Matched"), "{err}");
    assert!(
        err.contains("warning: no mentor may take mentee `e4`"),
        "{err}"
    );
    assert!(project.path("quiet/matches.csv").is_file());
}

#[test]
fn profiles_kept_in_static_are_warned_about() {
    let project = small_project();
    project.write("static/mentees.csv", SMALL_MENTEES);
    let err = stderr(
        &run_match(
            &project,
            &[
                "--mentees",
                project.path("static/mentees.csv").to_str().unwrap(),
            ],
        )
        .success(),
    );
    assert!(
        err.contains("the profiles are inside static/, which the site is built from"),
        "{err}"
    );
}
