//! `mentorkit check`: one fixture with one of each problem; every message, location and hint,
//! the exit codes, `--deny-warnings` and the JSON output.

mod common;

use common::{Project, example_root, mentorkit};
use serde_json::Value;

/// A project with exactly one of each problem `check` reports.
fn fixture() -> Project {
    let project = Project::new();
    // Unknown key (parse error) in a checklist.
    project.write(
        "content/checklists/bad.yaml",
        "title: Bad\nsectons:\n  - title: A\n",
    );
    // A phase naming a survey that does not exist.
    project.write(
        "content/program.yaml",
        &common::PROGRAM.replace("surveys: [baseline]", "surveys: [baselin]"),
    );
    // A checklist nothing uses.
    project.write(
        "content/checklists/unused.yaml",
        "title: Unused\nsections:\n  - title: A\n    items: [x]\n",
    );
    project.write(
        "content/guides/goals/other.md",
        "---\ntitle: Other\n---\n\n## Real heading\n",
    );
    project.write(
        "content/guides/goals/problems.md",
        "---\ntitle: Problems\n---\n\nSee [missing](../../checklists/missing.yaml).\n\nSee [other](other.md#nowhere).\n\n<div>raw</div>\n\n![](pic.png)\n",
    );
    project
}

fn run_check(project: &Project, extra: &[&str]) -> (i32, String, String) {
    project.run(&[&["check"], extra].concat())
}

#[test]
fn every_problem_is_reported_with_its_place_and_hint() {
    let project = fixture();
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 1, "{err}");
    let expect = [
        // (message, location, hint)
        (
            "error: unknown key `sectons`",
            "--> content/checklists/bad.yaml:2:1",
            "help: did you mean `sections`?",
        ),
        (
            "error: unknown survey `baselin`",
            "--> content/program.yaml:26:15",
            "help: did you mean `baseline`?",
        ),
        (
            "error: broken link `../../checklists/missing.yaml`",
            "--> content/guides/goals/problems.md:5:5",
            "no such content file `content/checklists/missing.yaml`",
        ),
        (
            "warning: no heading `#nowhere` in content/guides/goals/other.md",
            "--> content/guides/goals/problems.md:7:5",
            "",
        ),
        (
            "warning: checklist `unused` is not used: no phase lists it and no guide links to or embeds it",
            "--> content/checklists/unused.yaml:1:1",
            "help: add it to a phase's `checklists:` in content/program.yaml",
        ),
        (
            // The PDFs leave it out, and say so with the same hint.
            "is left out of the PDF",
            "--> content/guides/goals/problems.md:9:1",
            "help: prefer Markdown",
        ),
        (
            "warning: image without alt text",
            "--> content/guides/goals/problems.md:11:1",
            "help: describe the image",
        ),
    ];
    for (message, location, hint) in expect {
        let at = err
            .find(message)
            .unwrap_or_else(|| panic!("missing `{message}` in:\n{err}"));
        let block = &err[at..];
        let block = &block[..block[1..]
            .find("\nerror: ")
            .or(block[1..].find("\nwarning: "))
            .map_or(block.len(), |i| i + 1)];
        assert!(
            block.contains(location),
            "`{message}` at `{location}`:\n{block}"
        );
        assert!(block.contains(hint), "`{message}` hint `{hint}`:\n{block}");
    }
    // With the typo, nothing uses the baseline survey any more: a fourth warning.
    assert!(
        err.contains("warning: survey `baseline` is not used"),
        "{err}"
    );
    // The image's file is missing too: a link of the generated page, found in the same run.
    assert!(err.contains("error: broken link `pic.png`"), "{err}");
    assert!(err.contains("check: 4 errors, 5 warnings"), "{err}");
    // The source line and a caret, in rustc's layout.
    assert!(err.contains("2 | sectons:"), "{err}");
    assert!(err.contains("^^^^^^^"), "{err}");
}

#[test]
fn json_output_lists_every_diagnostic() {
    let project = fixture();
    let (code, out, _) = run_check(&project, &["--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).expect("stdout is JSON");
    assert_eq!(json["errors"], 4);
    assert_eq!(json["warnings"], 5);
    let items = json["diagnostics"].as_array().unwrap();
    let bad = items
        .iter()
        .find(|d| d["message"] == "unknown key `sectons`")
        .expect("the unknown key is in the JSON");
    assert_eq!(bad["severity"], "error");
    assert_eq!(bad["file"], "content/checklists/bad.yaml");
    assert_eq!(
        (bad["line"].as_u64(), bad["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(bad["hint"], "did you mean `sections`?");
    let orphan = items
        .iter()
        .find(|d| d["file"] == "content/checklists/unused.yaml")
        .unwrap();
    assert_eq!(orphan["severity"], "warning");
}

#[test]
fn json_output_gives_every_diagnostic_its_code() {
    let project = fixture();
    let (_, out, _) = run_check(&project, &["--format", "json"]);
    let json: Value = serde_json::from_str(&out).expect("stdout is JSON");
    let items = json["diagnostics"].as_array().unwrap();
    let code_of = |message: &str| {
        items
            .iter()
            .find(|d| {
                d["message"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with(message)
            })
            .unwrap_or_else(|| panic!("no `{message}` in {out}"))["code"]
            .clone()
    };
    assert_eq!(code_of("unknown key `sectons`"), "unknown-key");
    assert_eq!(code_of("unknown survey `baselin`"), "unknown-reference");
    assert_eq!(
        code_of("broken link `../../checklists/missing.yaml`"),
        "broken-link"
    );
    assert_eq!(code_of("no heading `#nowhere`"), "missing-heading");
    assert_eq!(code_of("checklist `unused` is not used"), "unused");
    // Raw HTML: the PDFs' warning, which says what they leave out.
    assert_eq!(
        code_of("raw HTML `<div>raw</div>` is left out of the PDF"),
        "pdf"
    );
    assert_eq!(code_of("image without alt text"), "image-alt");
    // Every diagnostic has one, in kebab-case.
    for item in items {
        let code = item["code"].as_str().unwrap_or_else(|| panic!("{item}"));
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{item}"
        );
    }
}

#[test]
fn warnings_pass_unless_denied() {
    let project = Project::new();
    project.write(
        "content/checklists/unused.yaml",
        "title: Unused\nsections:\n  - title: A\n    items: [x]\n",
    );
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("check: 0 errors, 1 warning"), "{err}");
    let (code, _, err) = run_check(&project, &["--deny-warnings"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--deny-warnings"), "{err}");
}

#[test]
fn links_of_generated_pages_are_checked() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n---\n\n## The case\n\nPrint [the handout](handout.pdf).\n\n![The year at a glance](img/year.png)\n",
    );
    // A department handbook carries the guide too, as do the print pages.
    project.write(
        "content/departments/pharmacy/department.yaml",
        "name: Pharmacy\n",
    );
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: broken link `handout.pdf`"), "{err}");
    assert!(err.contains("--> content/guides/goals/why.md:7:"), "{err}");
    assert!(
        err.contains("`guides/goals/handout.pdf` is not part of the site"),
        "{err}"
    );
    assert!(
        err.contains("--> content/guides/goals/why.md:9:25"),
        "{err}"
    );
    // Each is reported once, where it is written, not again for every page that carries it.
    assert_eq!(
        err.matches("error: broken link `handout.pdf`").count(),
        1,
        "{err}"
    );
    assert_eq!(
        err.matches("error: broken link `img/year.png`").count(),
        1,
        "{err}"
    );
    assert!(!err.contains("comes from a template"), "{err}");
    assert!(err.contains("check: 2 errors"), "{err}");
    // `build` finds the same two problems, in the same words, and writes nothing.
    let build = project.build().code(1);
    let built = String::from_utf8_lossy(&build.get_output().stderr).into_owned();
    for line in err
        .lines()
        .filter(|l| l.starts_with("error: broken link") || l.starts_with("  -->"))
    {
        assert!(built.contains(line), "build lacks `{line}`:\n{built}");
    }
    assert!(!project.path("public").exists());
}

#[test]
fn the_example_is_clean_and_usage_errors_exit_2() {
    let out = mentorkit()
        .arg("check")
        .arg("--root")
        .arg(example_root())
        .arg("--deny-warnings")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    mentorkit()
        .arg("check")
        .arg("--root")
        .arg(dir.path())
        .assert()
        .code(2);
    mentorkit()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn unused_checklists_of_a_department_are_reported_in_its_file() {
    let project = Project::new();
    project.write(
        "content/departments/icu/department.yaml",
        "name: ICU\nprogram:\n  phases:\n    append:\n      - id: icu-start\n        title: ICU start\n        weeks: [1, 2]\n        checklists: [icu-listed]\n",
    );
    let checklist = |title: &str| common::CHECKLIST.replace("title: First meeting", title);
    // Added by the department and used by nothing in its handbook: reported.
    project.write(
        "content/departments/icu/checklists/icu-unused.yaml",
        &checklist("title: ICU unused"),
    );
    // Listed by the department's own phase: used.
    project.write(
        "content/departments/icu/checklists/icu-listed.yaml",
        &checklist("title: ICU listed"),
    );
    // Linked from a department guide, written as if it were at the organization-wide place.
    project.write(
        "content/departments/icu/checklists/icu-linked.yaml",
        &checklist("title: ICU linked"),
    );
    project.write(
        "content/departments/icu/guides/goals/icu.md",
        "---\ntitle: ICU guide\n---\n\nSee [the checklist](../../checklists/icu-linked.yaml).\n",
    );
    let output = mentorkit()
        .args(["check", "--root"])
        .arg(project.root())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("warning: checklist `icu-unused` is not used"),
        "{err}"
    );
    assert!(
        err.contains("--> content/departments/icu/checklists/icu-unused.yaml:1:1"),
        "{err}"
    );
    assert!(
        err.contains("in the `program:` of content/departments/icu/department.yaml"),
        "{err}"
    );
    assert!(!err.contains("`icu-listed` is not used"), "{err}");
    assert!(!err.contains("`icu-linked` is not used"), "{err}");
    assert_eq!(err.matches("is not used").count(), 1, "{err}");
}

#[test]
fn a_file_that_fails_to_load_is_reported_once_not_at_every_reference() {
    let project = Project::new();
    // A checklist and a guide with one typo each: both files are there but do not load.
    project.write(
        "content/checklists/kickoff.yaml",
        "title: Kickoff\nsectons:\n  - title: A\n",
    );
    project.write(
        "content/guides/goals/broken.md",
        "---\ntitle: Broken\nwieght: 2\n---\n\nText.\n",
    );
    project.write(
        "content/guides/goals/refers.md",
        "---\ntitle: Refers\n---\n\nSee the [kickoff list](../../checklists/kickoff.yaml) and \
         [the other guide](broken.md).\n\n{{ checklist(id=\"kickoff\") }}\n\n\
         A [real typo](brokn.md) is still reported.\n",
    );
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: unknown key `sectons`"), "{err}");
    assert!(err.contains("error: unknown key `wieght`"), "{err}");
    assert!(err.contains("error: broken link `brokn.md`"), "{err}");
    assert!(!err.contains("kickoff.yaml`"), "{err}");
    assert!(!err.contains("`broken.md`"), "{err}");
    assert!(!err.contains("unknown checklist"), "{err}");
    assert!(err.contains("check: 3 errors"), "{err}");
}

#[test]
fn every_code_is_documented() {
    let doc = include_str!("../docs/authoring.md");
    for code in mentorkit::diagnostics::Code::ALL {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "docs/authoring.md has no row for `{code}`"
        );
    }
}

#[test]
fn a_link_to_a_missing_heading_is_a_warning_in_check_as_in_build() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n---\n\n## The case\n\nSee [below](#nowhere).\n",
    );
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: no heading `#nowhere` on this page"),
        "{err}"
    );
    let (code, _, _) = run_check(&project, &["--deny-warnings"]);
    assert_eq!(code, 1, "--deny-warnings fails on it");
    let build = project.build().success();
    let built = String::from_utf8_lossy(&build.get_output().stderr).into_owned();
    assert!(
        built.contains("warning: no heading `#nowhere` on this page"),
        "{built}"
    );
    let (_, out, _) = run_check(&project, &["--format", "json"]);
    let json: Value = serde_json::from_str(&out).expect("stdout is JSON");
    let item = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"] == "no heading `#nowhere` on this page")
        .unwrap_or_else(|| panic!("{out}"))
        .clone();
    assert_eq!(item["code"], "missing-heading");
    assert_eq!(item["severity"], "warning");
}

/// One run reports everything: a broken link that only the generated pages show comes in the
/// same report as the content errors, not after they are fixed.
#[test]
fn links_of_generated_pages_are_reported_with_the_other_errors() {
    let project = fixture();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n---\n\n## The case\n\nPrint [the handout](handout.pdf).\n",
    );
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 1, "{err}");
    for expected in [
        "error: unknown key `sectons`",
        "error: broken link `handout.pdf`",
        "--> content/guides/goals/why.md:7:",
        "`guides/goals/handout.pdf` is not part of the site",
        "baselin",
        "../../checklists/missing.yaml",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert_eq!(
        err.matches("error: broken link `handout.pdf`").count(),
        1,
        "{err}"
    );
    // `build` stops at the content errors and writes nothing.
    project.build().code(1);
    assert!(!project.path("public").exists());
}

/// A guide's link to a missing heading is reported once, where it is written, not again for
/// the whole-handbook print page that carries the guide.
#[test]
fn a_missing_heading_is_not_reported_again_for_the_print_page() {
    let project = Project::new();
    project.write(
        "content/guides/goals/other.md",
        "---\ntitle: Other\n---\n\n## Real heading\n\nSee [why](why.md#nowhere).\n",
    );
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: no heading `#nowhere`"), "{err}");
    assert!(!err.contains("print.html"), "{err}");
    assert!(err.contains("check: 0 errors, 1 warning"), "{err}");
}

/// A guide's broken link to a file outside the content folder is reported once, where it is
/// written: not again, rebased, for the print page and each department's print page.
#[test]
fn a_broken_link_is_not_reported_again_for_the_print_pages() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n---\n\nThe [form](../../static/gone.pdf).\n",
    );
    project.write(
        "content/departments/pharmacy/department.yaml",
        "name: Pharmacy\n",
    );
    let (code, _, err) = run_check(&project, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: broken link `../../static/gone.pdf`"),
        "{err}"
    );
    assert!(err.contains("--> content/guides/goals/why.md:5:"), "{err}");
    assert!(!err.contains("comes from a template"), "{err}");
    assert!(err.contains("check: 1 error,"), "{err}");
}
