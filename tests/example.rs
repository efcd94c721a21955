//! The example handbook (the repository root) builds into a complete, linked site, and
//! `mentorkit init` writes the same example anywhere.

mod common;

use std::fs;

use common::{broken_links, example_root, html_files, mentorkit};
use predicates::str::contains;

fn build_example(output: &std::path::Path) {
    mentorkit()
        .args(["build", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(output)
        .assert()
        .success()
        .stderr(contains("Built \"Allied Health Mentorship Program\""));
}

#[test]
fn example_builds_every_page_kind() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_example(&site);
    for page in [
        "index.html",
        "404.html",
        "style.css",
        "logo.svg",
        "guides/goals/index.html",
        "guides/training/index.html",
        "guides/expectations/index.html",
        "guides/evaluation/index.html",
        "guides/evaluation/how-we-evaluate.html",
        "guides/expectations/meetings/running-a-good-meeting.html",
        "training/index.html",
        "training/active-listening.html",
        "training/cultural-competence.html",
        "checklists/index.html",
        "checklists/first-meeting.html",
        "surveys/index.html",
        "surveys/close.html",
    ] {
        assert!(site.join(page).is_file(), "missing {page}");
    }
    let pages = html_files(&site);
    let guides = pages
        .keys()
        .filter(|p| p.starts_with("guides/") && !p.ends_with("index.html"))
        .count();
    assert!(guides >= 12, "only {guides} guide pages");
    assert_eq!(
        pages
            .keys()
            .filter(|p| p.starts_with("training/") && !p.ends_with("index.html"))
            .count(),
        5
    );
    assert!(
        pages
            .keys()
            .filter(|p| p.starts_with("checklists/") && !p.ends_with("index.html"))
            .count()
            >= 4
    );
    assert!(
        pages
            .keys()
            .filter(|p| p.starts_with("surveys/") && !p.ends_with("index.html"))
            .count()
            >= 3
    );
}

#[test]
fn home_page_shows_the_program_at_a_glance() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path());
    let home = fs::read_to_string(out.path().join("index.html")).unwrap();
    for text in [
        "Allied Health Mentorship Program",
        "One-on-one + Peer mentoring",
        "12 months",
        "Goals and how we measure them",
        "Roles and responsibilities",
        "Timeline",
        "How mentors and mentees are matched",
        "What we expect of each other",
        "href=\"training/active-listening.html\"",
        "href=\"checklists/first-meeting.html\"",
        "href=\"surveys/baseline.html\"",
    ] {
        assert!(home.contains(text), "home page lacks {text}");
    }
    // The site override of the footer (templates/partials/footer.html) replaced the theme's.
    assert!(home.contains("Printed copies are uncontrolled"));
}

#[test]
fn every_link_and_fragment_of_the_example_resolves() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path());
    let broken = broken_links(out.path());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn guide_pages_have_toc_breadcrumbs_and_prev_next() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path());
    let page =
        fs::read_to_string(out.path().join("guides/evaluation/how-we-evaluate.html")).unwrap();
    assert!(page.contains("aria-label=\"Breadcrumb\""));
    assert!(page.contains("href=\"../../index.html\">Home</a>"));
    assert!(page.contains("On this page"));
    assert!(page.contains("id=\"how-we-count-a-leaver\""));
    assert!(page.contains("href=\"#how-we-count-a-leaver\""));
    assert!(page.contains("rel=\"prev\""));
    assert!(page.contains("rel=\"next\""));
}

#[test]
fn drafts_are_not_published() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path());
    assert!(
        !out.path()
            .join("guides/evaluation/department-comparisons.html")
            .exists()
    );
    let section = fs::read_to_string(out.path().join("guides/evaluation/index.html")).unwrap();
    assert!(!section.contains("department-comparisons"));
}

#[test]
fn module_page_has_agenda_with_running_total() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path());
    let page = fs::read_to_string(out.path().join("training/feedback.html")).unwrap();
    assert!(page.contains("Objectives"));
    assert!(page.contains("class=\"agenda\""));
    assert!(page.contains("Facilitator guide"));
    assert!(
        page.contains("<td class=\"minutes\">120</td>"),
        "the agenda total is the module's duration"
    );
    let curriculum = fs::read_to_string(out.path().join("training/index.html")).unwrap();
    assert!(curriculum.contains("7 h 30 min"), "total contact hours");
}

#[test]
fn two_builds_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    build_example(&a);
    build_example(&b);
    let first = html_files(&a);
    let second = html_files(&b);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, html) in &first {
        assert!(html == &second[path], "{path} differs between builds");
    }
}

#[test]
fn init_writes_a_project_that_builds() {
    let out = tempfile::tempdir().unwrap();
    let project = out.path().join("handbook");
    mentorkit()
        .arg("init")
        .arg(&project)
        .assert()
        .success()
        .stderr(contains("Created an example handbook project"));
    assert!(project.join("mentorkit.yaml").is_file());
    assert!(project.join("content/program.yaml").is_file());
    mentorkit()
        .args(["build", "--root"])
        .arg(&project)
        .assert()
        .success();
    assert!(project.join("public/index.html").is_file());
    assert!(broken_links(&project.join("public")).is_empty());
    let original = fs::read_to_string(example_root().join("content/program.yaml")).unwrap();
    assert_eq!(
        fs::read_to_string(project.join("content/program.yaml")).unwrap(),
        original
    );
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("notes.txt"), "mine").unwrap();
    mentorkit()
        .arg("init")
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(contains("is not empty"));
    assert_eq!(
        fs::read_to_string(out.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!out.path().join("mentorkit.yaml").exists());
}
