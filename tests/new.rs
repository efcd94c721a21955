//! `mentorkit new`: every skeleton builds as it is, says where it went, never overwrites.

mod common;

use std::fs;

use common::{Project, mentorkit};

fn new(project: &Project, args: &[&str]) -> (i32, String) {
    let (code, _, stderr) = project.run(&[&["new"], args].concat());
    (code, stderr)
}

#[test]
fn every_kind_of_skeleton_builds_and_checks_clean() {
    let project = Project::new();
    let cases: [(&[&str], &str); 8] = [
        (
            &["guide", "handling-conflict", "--section", "expectations"],
            "content/guides/expectations/handling-conflict.md",
        ),
        // The section as part of the name, the way the guide's path reads.
        (
            &["guide", "goals/first-steps"],
            "content/guides/goals/first-steps.md",
        ),
        (
            &["guide", "expectations/meetings/Walking meetings.md"],
            "content/guides/expectations/meetings/walking-meetings.md",
        ),
        (
            &[
                "guide",
                "Peer circles",
                "--section",
                "expectations/meetings",
            ],
            "content/guides/expectations/meetings/peer-circles.md",
        ),
        (
            &["checklist", "exit-interview"],
            "content/checklists/exit-interview.yaml",
        ),
        (
            &["survey", "Pulse check"],
            "content/surveys/pulse-check.yaml",
        ),
        (
            &["module", "coaching-basics"],
            "content/training/coaching-basics.yaml",
        ),
        (
            &["department", "radiology"],
            "content/departments/radiology/department.yaml",
        ),
    ];
    for (args, file) in cases {
        let (code, err) = new(&project, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.contains(file), "{args:?} says where it wrote: {err}");
        assert!(err.contains("Next: "), "{err}");
        let text = fs::read_to_string(project.path(file)).unwrap();
        if file.ends_with(".yaml") {
            let first = text.lines().next().unwrap();
            assert!(
                first.starts_with("# yaml-language-server: $schema="),
                "{file}: {first}"
            );
            assert!(first.ends_with(".schema.json"), "{first}");
            assert!(
                text.lines()
                    .filter(|l| l.trim_start().starts_with('#'))
                    .count()
                    > 2,
                "{file} is commented"
            );
        }
    }
    let survey = fs::read_to_string(project.path("content/surveys/pulse-check.yaml")).unwrap();
    assert!(survey.contains("title: \"Pulse check\""), "{survey}");
    let guide =
        fs::read_to_string(project.path("content/guides/expectations/handling-conflict.md"))
            .unwrap();
    assert!(guide.contains("title: \"Handling conflict\""), "{guide}");
    let guide = fs::read_to_string(
        project.path("content/guides/expectations/meetings/walking-meetings.md"),
    )
    .unwrap();
    assert!(guide.contains("title: \"Walking meetings\""), "{guide}");

    project.build().success();
    assert!(
        project
            .read_output("guides/expectations/handling-conflict.html")
            .contains("Handling conflict")
    );
    assert!(
        project
            .read_output("checklists/exit-interview.html")
            .contains("Exit interview")
    );
    assert!(
        project
            .read_output("surveys/pulse-check.html")
            .contains("Pulse check")
    );
    assert!(
        project
            .read_output("training/coaching-basics.html")
            .contains("Coaching basics")
    );

    // New checklists and surveys are not used yet: check warns about them, nothing else.
    let out = mentorkit()
        .arg("check")
        .arg("--root")
        .arg(project.root())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("check: 0 errors, 2 warnings"), "{err}");
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let project = Project::new();
    let before = fs::read_to_string(project.path("content/checklists/first-meeting.yaml")).unwrap();
    let (code, err) = new(&project, &["checklist", "first-meeting"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("never overwrites"), "{err}");
    let after = fs::read_to_string(project.path("content/checklists/first-meeting.yaml")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn bad_arguments_say_what_to_do() {
    let project = Project::new();
    let (code, err) = new(&project, &["guide", "no-section"]);
    assert_eq!(code, 2);
    assert!(err.contains("--section"), "{err}");
    assert!(err.contains("this handbook has: goals"), "{err}");
    let (code, err) = new(&project, &["guide", "goals/x", "--section", "goals"]);
    assert_eq!(code, 2);
    assert!(err.contains("give the section once"), "{err}");
    let (code, err) = new(&project, &["guide", "a/b/c/d"]);
    assert_eq!(code, 2);
    assert!(err.contains("a section and a group"), "{err}");
    let (code, err) = new(&project, &["checklist", "x", "--section", "goals"]);
    assert_eq!(code, 2);
    assert!(err.contains("--section is for guides only"), "{err}");
    let (code, err) = new(&project, &["survey", "???"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot name a file"), "{err}");
    let (code, _) = new(&project, &["poster", "x"]);
    assert_eq!(code, 2);
    let dir = tempfile::tempdir().unwrap();
    mentorkit()
        .args(["new", "checklist", "x", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a handbook project"));
}
