//! Document control: `document:` in mentorkit.yaml and guides' `reviewed` and
//! `review_every_months`, on the pages (footer, guide, print pages' running header and footer)
//! and in `check` (what is past its review date on `--today`).

mod common;

use common::{CONFIG, Project, mentorkit};

const DOCUMENT: &str = "document:\n  version: \"2.1\"\n  effective: 2026-09-01\n  next_review: 2027-09-01\n  owner: Program Office\n  approved_by: Director of Allied Health\n";

const REVIEWED_GUIDE: &str =
    "---\ntitle: Reviewed yearly\nreviewed: 2026-03-14\nreview_every_months: 12\n---\n\nText.\n";

fn project() -> Project {
    let project = Project::new();
    project.write("mentorkit.yaml", &format!("{CONFIG}{DOCUMENT}"));
    project.write("content/guides/goals/yearly.md", REVIEWED_GUIDE);
    project
}

fn check(project: &Project, today: &str) -> (i32, String) {
    let (code, _, stderr) = project.run(&["check", "--today", today]);
    (code, stderr)
}

#[test]
fn pages_show_the_version_and_the_next_review() {
    let project = project();
    project.build().success();
    let guide = project.read_output("guides/goals/yearly.html");
    assert!(guide.contains(
        "Last reviewed <time datetime=\"2026-03-14\">2026-03-14</time> · next review due <time datetime=\"2027-03-14\">2027-03-14</time>"
    ));
    assert!(guide.contains(
        "<p class=\"document-control-line\">Version 2.1, effective <time datetime=\"2026-09-01\">2026-09-01</time> · Owner: Program Office · Approved by Director of Allied Health</p>"
    ));
    let print = project.read_output("print.html");
    assert!(print.contains("<caption>Document control</caption>"));
    assert!(print.contains("<tr><th scope=\"row\">Next review</th><td><time datetime=\"2027-09-01\">2027-09-01</time></td></tr>"));
    // The running header and footer of the printed pages.
    assert!(
        print.contains(
            "@top-left { content: \"Test Handbook · Version 2.1 · Effective 2026-09-01\";"
        )
    );
    assert!(
        print.contains("@bottom-left { content: \"Program Office · Uncontrolled when printed\";")
    );
    assert!(print.contains("content: \"Page \" counter(page) \" of \" counter(pages);"));
    let section = project.read_output("guides/goals/print.html");
    assert!(section.contains("Version 2.1"));
}

#[test]
fn a_title_cannot_break_out_of_the_running_header() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &CONFIG.replace(
            "title: Test Handbook",
            "title: 'A\"; } body { display: none } </style><script>alert(1)</script>'",
        ),
    );
    project.build().success();
    let print = project.read_output("print.html");
    let style = &print[print.find("@top-left").unwrap()..];
    let style = &style[..style.find("</style>").unwrap()];
    assert!(
        style.starts_with("@top-left { content: \"A\\22 \\3b  \\7d  body"),
        "{style}"
    );
    assert!(!print.contains("<script>alert(1)</script>"));
}

#[test]
fn check_warns_about_what_is_past_its_review_date() {
    let project = project();
    let (code, err) = check(&project, "2026-12-01");
    assert_eq!(code, 0, "nothing is due yet: {err}");
    let (code, err) = check(&project, "2027-10-01");
    assert_eq!(code, 0, "warnings only: {err}");
    assert!(
        err.contains("warning: due for review since 2027-03-14 (reviewed every 12 months)"),
        "{err}"
    );
    assert!(
        err.contains("--> content/guides/goals/yearly.md:3:11"),
        "{err}"
    );
    assert!(err.contains("help: review the guide, then set `reviewed:` to the day you did"));
    assert!(
        err.contains("warning: the handbook was due for review on 2027-09-01"),
        "{err}"
    );
    assert!(err.contains("--> mentorkit.yaml:"), "{err}");
    let out = mentorkit()
        .args([
            "check",
            "--today",
            "2027-10-01",
            "--deny-warnings",
            "--root",
        ])
        .arg(project.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "--deny-warnings");
    // The build never reads the clock: a due review is not its business.
    project.build().success();
}

#[test]
fn a_day_that_is_not_a_date_is_a_usage_error() {
    let project = project();
    let (code, err) = check(&project, "2027-02-30");
    assert_eq!(code, 2);
    assert!(
        err.contains("error: `--today 2027-02-30` is not a date"),
        "{err}"
    );
}

#[test]
fn document_control_problems_are_located() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &format!("{CONFIG}document:\n  version: \"3\"\n  effective: 2026-31-01\n  next_review: 2025-01-01\n"),
    );
    project.write(
        "content/guides/goals/yearly.md",
        "---\ntitle: Yearly\nreview_every_months: 12\n---\n\nText.\n",
    );
    project.write(
        "content/guides/goals/never.md",
        "---\ntitle: Never\nreviewed: 2026-01-01\nreview_every_months: 0\n---\n\nText.\n",
    );
    let (code, err) = check(&project, "2026-01-01");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: `effective: 2026-31-01` is not a date"),
        "{err}"
    );
    assert!(
        err.contains("warning: `review_every_months` without `reviewed`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/guides/goals/yearly.md:3:22"),
        "{err}"
    );
    assert!(
        err.contains("error: `review_every_months: 0` is not between 1 and 120"),
        "{err}"
    );
    // A version is text: written as a number it is a located error with a hint.
    project.write(
        "mentorkit.yaml",
        &format!("{CONFIG}document:\n  version: 3.10\n"),
    );
    let (code, err) = check(&project, "2026-01-01");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--> mentorkit.yaml:8:12"), "{err}");
    assert!(
        err.contains("put it in quotes to keep it as text: \"3.10\""),
        "{err}"
    );
    project.write(
        "mentorkit.yaml",
        &format!("{CONFIG}document:\n  version: \"3.10\"\n"),
    );
    project.write(
        "content/guides/goals/yearly.md",
        "---\ntitle: Yearly\n---\n\nText.\n",
    );
    project.write(
        "content/guides/goals/never.md",
        "---\ntitle: Never\n---\n\nText.\n",
    );
    project.build().success();
    assert!(project.read_output("index.html").contains("Version 3.10"));
}
