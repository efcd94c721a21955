//! Every page of the example handbook (all departments), of a blank project, of a page with
//! each Markdown extension, of the synthetic handbook the benchmarks build (with departments)
//! and the pages of `match` and `report` pass the W3C Nu HTML validator (vnu.jar) without an
//! error.
//! Without Java or vnu.jar the test says it is skipped and passes, except with `CI=true`,
//! where a missing tool is a failure (`.ci/run` installs both).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

fn in_ci() -> bool {
    env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// `java` and the validator's jar (`MENTORKIT_VNU_JAR`, or npm's `vnu-jar` package in the
/// repository's node_modules), or a skip (a failure in CI) when either is missing.
fn validator() -> Option<(PathBuf, PathBuf)> {
    let java = env::var_os("PATH").and_then(|paths| {
        env::split_paths(&paths)
            .map(|dir| dir.join("java"))
            .find(|p| p.is_file())
    });
    let jar = env::var_os("MENTORKIT_VNU_JAR").map_or_else(
        || common::example_root().join("node_modules/vnu-jar/build/dist/vnu.jar"),
        PathBuf::from,
    );
    let missing = match (&java, jar.is_file()) {
        (None, _) => Some("java not found".to_string()),
        (_, false) => Some(format!("{} not found (npm install vnu-jar)", jar.display())),
        _ => None,
    };
    if let Some(message) = missing {
        assert!(
            !in_ci(),
            "{message}: the HTML validation cannot be skipped in CI"
        );
        eprintln!("skipped: {message}");
        return None;
    }
    java.map(|java| (java, jar))
}

/// A guide with every Markdown extension: a table, a task list, a footnote, a callout, and a
/// heading named like one of the print page's guides'.
const RICH_GUIDE: &str = "---\ntitle: Before the first meeting\naudience: [mentor]\n---\n\n\
> [!TIP]\n> Book early.\n\n| Step | Minutes |\n| --- | --- |\n| Welcome | 10 |\n\n\
- [x] Read the expectations\n- [ ] Book a room\n\nAgreed.[^1]\n\n## For coordinators\n\n\
See [above](#for-coordinators).\n\n[^1]: At the launch meeting.\n";

/// Builds the project at `dir` into `dir/public`.
fn build(dir: &Path) -> PathBuf {
    common::mentorkit()
        .args(["build", "--quiet", "--root"])
        .arg(dir)
        .assert()
        .success();
    dir.join("public")
}

/// `mentorkit init` (with `args`) into `dir`, plus `extra` files, built into `dir/public`.
fn built(dir: &Path, args: &[&str], extra: &[(&str, &str)]) -> PathBuf {
    common::mentorkit()
        .arg("init")
        .args(args)
        .arg(dir)
        .assert()
        .success();
    for (path, text) in extra {
        fs::write(dir.join(path), text).expect("write extra file");
    }
    build(dir)
}

/// The synthetic handbook of the benchmarks (tables, lists, callouts, links, embeds in every
/// guide), with two departments, built into `dir/public`.
fn synthetic(dir: &Path) -> PathBuf {
    let options = mentorkit_synth::SynthOptions {
        guides: 60,
        departments: 2,
        seed: 7,
    };
    mentorkit_synth::write(dir, &options).expect("synthetic handbook");
    build(dir)
}

/// The page a private command (`match`, `report`) writes for the project at `root` into
/// `output`.
fn private_page(command: &str, root: &Path, output: &Path, page: &str) -> PathBuf {
    common::mentorkit()
        .args([command, "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .assert()
        .success();
    output.join(page)
}

#[test]
fn every_page_passes_the_nu_html_validator() {
    let Some((java, jar)) = validator() else {
        return;
    };
    let folder = tempfile::tempdir().expect("temporary folder");
    let example = built(
        &folder.path().join("example"),
        &[],
        &[(
            "content/guides/goals/before-the-first-meeting.md",
            RICH_GUIDE,
        )],
    );
    let blank = built(&folder.path().join("blank"), &["--blank"], &[]);
    let synthetic = synthetic(&folder.path().join("synthetic"));
    let root = folder.path().join("example");
    // The match review and the evaluation report, from the example's fictional data.
    let review = private_page("match", &root, &root.join("matches"), "review.html");
    let report = private_page("report", &root, &root.join("report"), "index.html");
    let sites = [&example, &blank, &synthetic];
    let pages: usize = sites
        .iter()
        .map(|s| common::html_files(s).len())
        .sum::<usize>()
        + 2;
    assert!(pages > 400, "every department's pages are checked: {pages}");
    // One Java run over every site: starting the validator takes longer than checking a page.
    let output = Command::new(java)
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "gnu", "--skip-non-html"])
        .args(sites)
        .args([review, report])
        .output()
        .expect("run the Nu validator");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && errors.trim().is_empty(),
        "Nu validator errors in {pages} pages:\n{errors}"
    );
}
