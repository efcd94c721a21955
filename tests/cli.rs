//! Command-line conventions: short flags, `--quiet` and `--verbose`, the progress line of a
//! long build, `build --open`, shell completions and man pages for every command, and
//! `init --blank`.

mod common;

use std::fs;
use std::time::{Duration, Instant};

use clap::CommandFactory;
use common::{Project, broken_links, mentorkit};
use predicates::str::contains;

/// Every command's name (`help` aside), from the command line's own definition.
fn commands() -> Vec<String> {
    mentorkit::cmd::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

#[test]
fn every_shell_completes_every_command_and_flag() {
    let names = commands();
    assert!(names.len() >= 8, "{names:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = mentorkit().args(["completions", shell]).assert().success();
        let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell}: no `{name}`");
        }
        for flag in ["base-url", "deny-warnings", "blank", "drafts", "quiet"] {
            assert!(script.contains(flag), "{shell}: no --{flag}");
        }
    }
    mentorkit().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_pages_cover_every_command() {
    let out = mentorkit().arg("man").assert().success();
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(page.contains(".TH mentorkit 1"), "{page}");
    for name in commands() {
        assert!(page.contains(&name), "the main page names `{name}`");
    }

    let dir = tempfile::tempdir().unwrap();
    mentorkit()
        .args(["man", "--output"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("mentorkit.1").is_file());
    for name in commands() {
        let file = dir.path().join(format!("mentorkit-{name}.1"));
        let page = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            page.contains(".SH NAME"),
            "{name}'s page has a NAME section"
        );
    }
    let build = fs::read_to_string(dir.path().join("mentorkit-build.1")).unwrap();
    for flag in [
        "\\-o",
        "\\-\\-output",
        "\\-u",
        "\\-\\-base\\-url",
        "\\-O",
        "\\-\\-open",
    ] {
        assert!(build.contains(flag), "mentorkit-build.1 documents {flag}");
    }
}

#[test]
fn short_flags_work_as_in_zola_and_hugo() {
    let project = Project::new();
    let output = project.path("site");
    mentorkit()
        .args(["build", "-r"])
        .arg(project.root())
        .arg("-o")
        .arg(&output)
        .args(["-u", "https://intranet.example/handbook/", "-D"])
        .assert()
        .success();
    let home = fs::read_to_string(output.join("index.html")).unwrap();
    assert!(
        home.contains("https://intranet.example/handbook/"),
        "-u sets the base URL"
    );
    mentorkit()
        .args(["check", "-r"])
        .arg(project.root())
        .assert()
        .success();
    let schemas = project.path("schemas-here");
    mentorkit()
        .args(["schema", "-o"])
        .arg(&schemas)
        .assert()
        .success();
    assert!(schemas.join("survey.schema.json").is_file());
    mentorkit()
        .args(["new", "guide", "peer-circles", "-s", "expectations", "-r"])
        .arg(project.root())
        .assert()
        .success();
    assert!(
        project
            .path("content/guides/expectations/peer-circles.md")
            .is_file()
    );
    // serve's own: -p, -O, -D (parsed, not started: --help).
    mentorkit()
        .args(["serve", "-p", "1234", "-O", "-D", "--help"])
        .assert()
        .success();
}

#[test]
fn quiet_prints_only_problems_and_verbose_prints_stage_timings() {
    let project = Project::new();
    let quiet = project.path("quiet");
    let out = mentorkit()
        .args(["build", "--quiet", "--root"])
        .arg(project.root())
        .arg("--output")
        .arg(&quiet)
        .env("MENTORKIT_PROGRESS_AFTER_MS", "0")
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stderr), "");
    assert!(quiet.join("index.html").is_file());
    mentorkit()
        .args(["-q", "check", "--root"])
        .arg(project.root())
        .assert()
        .success()
        .stderr("");

    mentorkit()
        .args(["build", "--verbose", "--root"])
        .arg(project.root())
        .arg("--output")
        .arg(project.path("verbose"))
        .env_remove("MENTORKIT_TIMINGS")
        .assert()
        .success()
        .stderr(contains("timing: "))
        .stderr(contains("Built \"Test Program\""));

    // Quiet still reports what is wrong.
    project.write("content/checklists/broken.yaml", "title: [\n");
    mentorkit()
        .args(["check", "-q", "--root"])
        .arg(project.root())
        .assert()
        .code(1)
        .stderr(contains("content/checklists/broken.yaml"));
    mentorkit()
        .args(["build", "-q", "-v"])
        .assert()
        .code(2)
        .stderr(contains("cannot be used with"));
}

#[test]
fn a_long_build_shows_a_progress_line() {
    let project = Project::new();
    // The line appears once a build has run for the delay (a second by default).
    mentorkit()
        .args(["build", "--root"])
        .arg(project.root())
        .env("MENTORKIT_PROGRESS_AFTER_MS", "0")
        .assert()
        .success()
        .stderr(contains("Building..."))
        .stderr(contains("Built \"Test Program\""));
    // A short build says only what it built.
    let out = mentorkit()
        .args(["build", "--root"])
        .arg(project.root())
        .arg("--output")
        .arg(project.path("second"))
        .env("MENTORKIT_PROGRESS_AFTER_MS", "60000")
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(!err.contains("Building..."), "{err}");
}

#[cfg(unix)]
#[test]
fn build_open_opens_the_home_page() {
    use std::os::unix::fs::PermissionsExt;
    let project = Project::new();
    let opened = project.path("opened.txt");
    let browser = project.path("browser.sh");
    fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(&browser, fs::Permissions::from_mode(0o755)).unwrap();
    mentorkit()
        .args(["build", "-O", "--root"])
        .arg(project.root())
        .env("BROWSER", &browser)
        .assert()
        .success();
    let started = Instant::now();
    while !opened.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let target = fs::read_to_string(&opened).expect("the browser was started");
    assert!(target.trim().ends_with("public/index.html"), "{target}");
}

#[test]
fn init_blank_writes_a_minimal_project_that_builds_and_checks_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("handbook");
    mentorkit()
        .args(["init", "--blank"])
        .arg(&project)
        .assert()
        .success()
        .stderr(contains("Created a blank handbook project"));
    // One guide per section, one checklist, one survey, a commented configuration.
    for section in ["goals", "training", "expectations", "evaluation"] {
        let guides = fs::read_dir(project.join("content/guides").join(section))
            .unwrap()
            .count();
        assert_eq!(guides, 1, "one guide in {section}");
    }
    assert_eq!(
        fs::read_dir(project.join("content/checklists"))
            .unwrap()
            .count(),
        1
    );
    assert_eq!(
        fs::read_dir(project.join("content/surveys"))
            .unwrap()
            .count(),
        1
    );
    assert!(!project.join("content/departments").exists());
    let config = fs::read_to_string(project.join("mentorkit.yaml")).unwrap();
    assert!(
        config
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            >= 5
    );
    assert!(project.join("schemas/config.schema.json").is_file());
    let ignored = fs::read_to_string(project.join(".gitignore")).unwrap();
    assert!(
        ignored.contains("public/") && ignored.contains(".mentorkit/"),
        "{ignored}"
    );

    mentorkit()
        .args(["check", "--deny-warnings", "--root"])
        .arg(&project)
        .assert()
        .success()
        .stderr(contains("No problems found."));
    mentorkit()
        .args(["build", "--root"])
        .arg(&project)
        .assert()
        .success();
    let public = project.join("public");
    assert!(public.join("index.html").is_file());
    assert!(public.join("checklists/first-meeting.html").is_file());
    assert!(
        broken_links(&public).is_empty(),
        "{:?}",
        broken_links(&public)
    );
}

/// Splits a shell command line into words (quotes grouped, no expansion).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut word, mut quote, mut started) = (String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => (quote, started) = (Some(c), true),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// Every `mentorkit ...` command the README and the deployment guide show in their code blocks
/// is one the command line accepts, with the flags they name.
#[test]
fn documented_command_lines_parse() {
    use clap::Parser;
    let root = common::example_root();
    let mut checked = 0;
    for doc in ["README.md", "docs/deploy.md", "docs/authoring.md"] {
        let text = fs::read_to_string(root.join(doc)).unwrap();
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if !in_code {
                continue;
            }
            let line = line
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ");
            let line = line
                .trim_start_matches("command = \"")
                .trim_end_matches('"');
            for command in line.split("&&") {
                let command = command.split(" #").next().unwrap().trim();
                let command = command.strip_prefix("bin/").unwrap_or(command);
                if !command.starts_with("mentorkit ") || command.contains('|') {
                    continue;
                }
                let args = words(command);
                if let Err(error) = mentorkit::cmd::Cli::try_parse_from(&args) {
                    panic!("{doc}: `{command}` does not parse: {error}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "checked {checked} command lines");
}
