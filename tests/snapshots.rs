//! Whole-page snapshots of the example handbook: the home page, a guide, a checklist and a
//! survey form. Any change to what a page says or how it is marked up shows here as a diff;
//! review it with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test snapshots`)
//! and commit the new snapshot when the change is intended.

mod common;

use std::path::Path;

use common::{example_root, mentorkit};

/// Builds the example handbook (every department) into a new folder.
fn built_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    mentorkit()
        .args(["build", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(&site)
        .assert()
        .success();
    out
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join("site").join(path))
        .unwrap_or_else(|e| panic!("{path} was not built: {e}"))
}

#[test]
fn example_pages_match_their_snapshots() {
    let out = built_example();
    for (name, path) in [
        ("home", "index.html"),
        ("guide", "guides/expectations/closing-well.html"),
        ("checklist", "checklists/first-meeting.html"),
        ("survey", "surveys/baseline.html"),
        ("department-home", "departments/pharmacy/index.html"),
    ] {
        insta::assert_snapshot!(name, page(out.path(), path));
    }
}
