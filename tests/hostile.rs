//! Hostile inputs: each ends in a clear error or a bounded build, never a hang, a crash or
//! unbounded memory. Every test builds a small synthetic handbook and breaks one thing.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mentorkit::error::Error as BuildError;
use mentorkit::pipeline::{self, BuildOptions, Written};
use mentorkit_synth::{self as synth, SynthOptions};

fn project(guides: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handbook");
    synth::write(
        &root,
        &SynthOptions {
            guides,
            departments: 0,
            seed: 3,
        },
    )
    .unwrap();
    (dir, root)
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: None,
        department: None,
        drafts: false,
        progress: None,
    }
}

/// Builds with a time limit (the test fails instead of hanging CI).
fn timed_build(options: &BuildOptions, limit: Duration) -> Result<pipeline::Built, BuildError> {
    let started = Instant::now();
    let result = pipeline::build(options);
    assert!(
        started.elapsed() < limit,
        "build took {:?}",
        started.elapsed()
    );
    result
}

fn content_errors(result: Result<pipeline::Built, BuildError>) -> Vec<String> {
    match result {
        Err(BuildError::Content(run)) => run
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.file.clone().unwrap_or_default(),
                    d.line,
                    d.message
                )
            })
            .collect(),
        Ok(_) => panic!("expected content errors, the build succeeded"),
        Err(BuildError::Io(f)) => panic!("expected content errors, got I/O error {f}"),
        Err(BuildError::Usage(m)) => panic!("expected content errors, got usage error {m}"),
    }
}

const GUIDE: &str = "content/guides/goals/group-00/guide-00000.md";

#[test]
fn a_10_mb_guide_builds_in_bounded_time() {
    let (_dir, root) = project(3);
    // Other guides link to its `#key-points`.
    let mut text = String::from("---\ntitle: Huge\n---\n\n# Huge\n\n## Key points\n\n");
    let paragraph = "Mentors **listen** first, then ask [one question](guide-00000.md#huge) about the mentee's goals.\n\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    fs::write(root.join(GUIDE), &text).unwrap();
    let built = timed_build(&options(&root), Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("10 MB guide must build"));
    assert!(matches!(built.written, Written::Site));
    let page = fs::metadata(root.join("public/guides/goals/group-00/guide-00000.html")).unwrap();
    assert!(page.len() > 10 * 1024 * 1024);
}

#[test]
fn a_guide_over_the_size_limit_is_a_clear_error() {
    let (_dir, root) = project(3);
    let file = fs::File::create(root.join(GUIDE)).unwrap();
    file.set_len(17 * 1024 * 1024).unwrap(); // sparse: no 17 MB written to disk
    let errors = content_errors(timed_build(&options(&root), Duration::from_secs(20)));
    assert!(
        errors
            .iter()
            .any(|e| e.contains("guide-00000.md") && e.contains("too large")),
        "{errors:?}"
    );
}

#[test]
fn ten_thousand_deep_nested_lists_and_block_quotes_build() {
    let (_dir, root) = project(3);
    let mut text = String::from("---\ntitle: Deep\n---\n\n## Key points\n\n");
    // `- - - item` opens a list inside a list on one line: 10,000 levels in 20 KB.
    text.push_str(&"- ".repeat(10_000));
    text.push_str("item\n\n");
    text.push_str(&"> ".repeat(10_000));
    text.push_str("quoted\n\n");
    text.push_str(&"1. ".repeat(10_000));
    text.push_str("numbered\n\n");
    text.push_str(&"[".repeat(10_000));
    text.push_str("\n\n");
    text.push_str(&"*".repeat(10_000));
    text.push_str("x\n");
    fs::write(root.join(GUIDE), &text).unwrap();
    let result = timed_build(&options(&root), Duration::from_secs(30));
    assert!(result.is_ok(), "deep nesting must build");
    let page =
        fs::read_to_string(root.join("public/guides/goals/group-00/guide-00000.html")).unwrap();
    assert!(
        page.matches("<blockquote>").count() >= 10_000 && page.matches("<ul>").count() >= 10_000
    );
}

#[test]
fn a_100_000_item_checklist_builds() {
    let (_dir, root) = project(3);
    let mut text = String::from("title: Long\nsections:\n  - title: Everything\n    items:\n");
    for i in 0..100_000 {
        text.push_str(&format!("      - Item {i}\n"));
    }
    fs::write(root.join("content/checklists/checklist-000.yaml"), &text).unwrap();
    timed_build(&options(&root), Duration::from_secs(60)).unwrap_or_else(|_| panic!("must build"));
    let page = fs::read_to_string(root.join("public/checklists/checklist-000.html")).unwrap();
    assert!(page.contains("Item 99999"));
}

#[test]
fn a_guide_with_100_000_broken_links_reports_100_and_a_count() {
    let (_dir, root) = project(3);
    let text = format!(
        "---\ntitle: Broken\n---\n\n{}",
        "[x](missing.md) ".repeat(100_000)
    );
    fs::write(root.join(GUIDE), text).unwrap();
    let errors = content_errors(timed_build(&options(&root), Duration::from_secs(30)));
    let here: Vec<_> = errors.iter().filter(|e| e.starts_with(GUIDE)).collect();
    assert_eq!(here.len(), 101, "{:?}", &here[..3]);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("99900 more errors in this text are not shown")),
        "{:?}",
        errors.last()
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let (_dir, root) = project(3);
    let mut text =
        String::from("title: Bomb\nx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "x{i}: &x{i} [*x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}]\n"
        ));
    }
    for (file, body) in [
        ("content/checklists/checklist-000.yaml", text.clone()),
        ("content/program.yaml", text.replace("title", "name")),
    ] {
        fs::write(root.join(file), body).unwrap();
    }
    let errors = content_errors(timed_build(&options(&root), Duration::from_secs(10)));
    assert!(
        errors.iter().any(|e| e.starts_with("content/program.yaml")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/checklists/checklist-000.yaml")),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_under_content_are_skipped() {
    let (_dir, root) = project(3);
    std::os::unix::fs::symlink("..", root.join("content/guides/goals/loop")).unwrap();
    std::os::unix::fs::symlink("../../content", root.join("content/checklists/self")).unwrap();
    std::os::unix::fs::symlink("a", root.join("content/guides/b")).unwrap();
    std::os::unix::fs::symlink("b", root.join("content/guides/a")).unwrap();
    let built = timed_build(&options(&root), Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("must build"));
    let warnings: Vec<_> = built
        .run
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("symbolic link"))
        .collect();
    assert_eq!(warnings.len(), 4, "{warnings:?}");
}

#[test]
fn a_file_that_is_not_utf8_is_located() {
    let (_dir, root) = project(3);
    fs::write(root.join(GUIDE), b"---\ntitle: Caf\xe9\n---\nbody\n").unwrap();
    let errors = content_errors(timed_build(&options(&root), Duration::from_secs(10)));
    assert!(
        errors
            .iter()
            .any(|e| e == &format!("{GUIDE}:2: file is not valid UTF-8 text")),
        "{errors:?}"
    );
}

#[test]
fn files_removed_while_the_build_runs_give_an_error_or_a_build() {
    let (_dir, root) = project(8);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::spawn(move || {
            let text = synth::guide_text(
                &SynthOptions {
                    guides: 8,
                    departments: 0,
                    seed: 3,
                },
                0,
            );
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let path = root.join(format!("content/guides/training/churn-{}.md", n % 4));
                let _ = fs::write(&path, &text);
                let _ = fs::remove_file(root.join(GUIDE));
                let _ = fs::write(root.join(GUIDE), &text);
                let _ = fs::remove_file(&path);
                n += 1;
            }
        })
    };
    for _ in 0..6 {
        match timed_build(&options(&root), Duration::from_secs(30)) {
            Ok(_) => {}
            Err(BuildError::Content(run)) => {
                for d in run.diagnostics.iter().filter(|d| d.is_error()) {
                    assert!(
                        d.message.contains("cannot read")
                            || d.message.contains("front matter")
                            || d.message.contains("link"),
                        "unexpected error: {d:?}"
                    );
                }
            }
            Err(BuildError::Io(failure)) => {
                // Only the output folder may fail to be written; never a panic.
                assert!(
                    failure.path.starts_with(root.join("public"))
                        || failure.path.starts_with(&root),
                    "{failure}"
                );
            }
            Err(BuildError::Usage(m)) => panic!("unexpected usage error: {m}"),
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
}

#[test]
fn an_output_folder_that_cannot_be_written_is_an_io_error() {
    let (dir, root) = project(3);
    // A regular file where a parent folder should be: nobody, not even root, can write there.
    let blocker = dir.path().join("not-a-folder");
    fs::write(&blocker, "x").unwrap();
    let mut opts = options(&root);
    opts.output = blocker.join("public");
    match timed_build(&opts, Duration::from_secs(20)) {
        Err(BuildError::Io(failure)) => {
            assert!(failure.to_string().contains("not-a-folder"), "{failure}")
        }
        _ => panic!("expected an I/O error"),
    }
    assert_eq!(fs::read_to_string(&blocker).unwrap(), "x");
}

#[cfg(unix)]
#[test]
fn an_output_folder_in_a_read_only_parent_is_built_into_from_inside() {
    let (dir, root) = project(3);
    let parent = dir.path().join("site");
    let mut opts = options(&root);
    opts.output = parent.join("public");
    timed_build(&opts, Duration::from_secs(20)).unwrap_or_else(|_| panic!("first build"));
    let Some(_read_only) = ReadOnly::make(&parent) else {
        return; // neither permissions nor the immutable attribute are enforced here
    };
    let before: Vec<_> = fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    fs::write(
        root.join("content/guides/goals/group-00/new.md"),
        "---\ntitle: New\n---\nx\n",
    )
    .unwrap();
    let result = timed_build(&opts, Duration::from_secs(20));
    if let Err(error) = &result {
        panic!("the output folder itself can be written: {error:?}");
    }
    assert!(opts.output.join("guides/goals/group-00/new.html").is_file());
    let after: Vec<_> = fs::read_dir(&parent)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        before, after,
        "nothing was written beside the output folder"
    );
    let inside: Vec<_> = fs::read_dir(&opts.output)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".mentorkit-build-"))
        .collect();
    assert!(inside.is_empty(), "the staging folder is gone: {inside:?}");
}

/// A folder nothing can be created in, for the length of a test: by its permissions, or, for
/// root (who ignores them), by the immutable attribute where the file system has it.
struct ReadOnly(std::path::PathBuf, bool);

impl ReadOnly {
    fn make(folder: &Path) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(folder, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(folder.join("probe"), "x").is_err() {
            return Some(ReadOnly(folder.to_path_buf(), false));
        }
        fs::remove_file(folder.join("probe")).unwrap();
        fs::set_permissions(folder, fs::Permissions::from_mode(0o755)).unwrap();
        let immutable = std::process::Command::new("chattr")
            .arg("+i")
            .arg(folder)
            .status();
        if immutable.is_ok_and(|s| s.success()) && fs::write(folder.join("probe"), "x").is_err() {
            return Some(ReadOnly(folder.to_path_buf(), true));
        }
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(folder)
            .status();
        None
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755));
    }
}

fn cli() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("mentorkit").unwrap()
}

/// Runs `mentorkit build --root ROOT --output OUTPUT`.
fn build_into(root: &Path, output: &Path) -> assert_cmd::assert::Assert {
    cli()
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .assert()
}

#[test]
fn an_output_folder_containing_the_project_is_refused_end_to_end() {
    let (dir, root) = project(3);
    let before = fs::read_to_string(root.join(GUIDE)).unwrap();
    for output in [
        root.clone(),
        dir.path().to_path_buf(),
        root.join("content"),
        root.join("content/guides/out"),
    ] {
        let assert = build_into(&root, &output).code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains("refusing to use"), "{stderr}");
    }
    assert_eq!(
        fs::read_to_string(root.join(GUIDE)).unwrap(),
        before,
        "content untouched"
    );
    assert!(root.join("mentorkit.yaml").is_file() && !root.join("public").exists());
}

#[test]
fn an_output_folder_of_the_users_files_is_refused_and_left_untouched() {
    let (dir, root) = project(3);
    // A mistyped --output: a folder of somebody's files (a home folder), and a file.
    let home = dir.path().join("home");
    fs::create_dir_all(home.join("documents")).unwrap();
    fs::write(home.join("documents/cv.txt"), "mine").unwrap();
    fs::write(home.join(".profile"), "PATH=~/bin").unwrap();
    let file = dir.path().join("notes.html");
    fs::write(&file, "mine").unwrap();
    let before = tree(dir.path());
    for (output, reason) in [(&home, "is not empty"), (&file, "is a file")] {
        let assert = build_into(&root, output).code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains("refusing to use"), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
    }
    assert_eq!(
        tree(dir.path()),
        before,
        "nothing deleted, nothing left behind"
    );
    assert_eq!(
        fs::read_to_string(home.join("documents/cv.txt")).unwrap(),
        "mine"
    );

    // An empty folder is built into, and so is the folder that build made, again.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    for _ in 0..2 {
        fs::write(
            root.join("mentorkit.yaml"),
            fs::read(root.join("mentorkit.yaml")).unwrap(),
        )
        .unwrap();
        build_into(&root, &empty).code(0);
        assert!(empty.join("index.html").is_file());
    }
}

/// Every path below `dir`, for before/after comparisons.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .collect();
    paths.sort();
    paths
}

#[test]
fn build_writes_only_inside_the_output_folder() {
    let (dir, root) = project(5);
    let output = dir.path().join("out/site");
    fs::create_dir_all(dir.path().join("out")).unwrap();
    fs::write(dir.path().join("out/keep.txt"), "mine").unwrap();
    let before = tree(dir.path());
    for _ in 0..2 {
        // The second build replaces the first (and must not leave its old copy behind).
        build_into(&root, &output).code(0);
        fs::write(
            root.join(GUIDE),
            synth::guide_text(
                &SynthOptions {
                    guides: 5,
                    departments: 0,
                    seed: 9,
                },
                0,
            ),
        )
        .unwrap();
    }
    // Besides the output folder, a build writes only its manifest and its lock, in the
    // project's own `.mentorkit/` folder (never published).
    let record = root.join(".mentorkit");
    let elsewhere = |p: &PathBuf| !p.starts_with(&output) && !p.starts_with(&record);
    let after: Vec<PathBuf> = tree(dir.path()).into_iter().filter(elsewhere).collect();
    let before: Vec<PathBuf> = before.into_iter().filter(elsewhere).collect();
    assert_eq!(after, before, "only the output folder changed");
    let mut kept: Vec<String> = fs::read_dir(record.join("builds"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .extension()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    kept.sort();
    assert_eq!(kept, ["json", "lock"]);
    assert_eq!(
        fs::read_to_string(dir.path().join("out/keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn an_unchanged_project_is_not_rendered_again() {
    let (_dir, root) = project(6);
    let first =
        timed_build(&options(&root), Duration::from_secs(20)).unwrap_or_else(|_| panic!("first"));
    assert!(matches!(first.written, Written::Site));
    let page = root.join("public/guides/training/group-00/guide-00001.html");
    let html = fs::read_to_string(&page).unwrap();
    let second =
        timed_build(&options(&root), Duration::from_secs(20)).unwrap_or_else(|_| panic!("second"));
    assert_eq!(second.written, Written::UpToDate);
    // A deleted page, an edited guide or a new template makes the next build render again.
    fs::remove_file(&page).unwrap();
    let third =
        timed_build(&options(&root), Duration::from_secs(20)).unwrap_or_else(|_| panic!("third"));
    assert!(matches!(third.written, Written::Site));
    assert_eq!(
        fs::read_to_string(&page).unwrap(),
        html,
        "same input, same page"
    );
    fs::write(
        root.join(GUIDE),
        synth::guide_text(
            &SynthOptions {
                guides: 6,
                departments: 0,
                seed: 99,
            },
            0,
        ),
    )
    .unwrap();
    assert!(matches!(
        timed_build(&options(&root), Duration::from_secs(20))
            .ok()
            .map(|b| b.written),
        Some(Written::Site)
    ));
    fs::create_dir_all(root.join("templates/partials")).unwrap();
    fs::write(
        root.join("templates/partials/footer.html"),
        "<footer>changed footer</footer>",
    )
    .unwrap();
    assert!(matches!(
        timed_build(&options(&root), Duration::from_secs(20))
            .ok()
            .map(|b| b.written),
        Some(Written::Site)
    ));
    assert!(
        fs::read_to_string(&page)
            .unwrap()
            .contains("changed footer")
    );
}

/// What is published is the site: the output folder holds no build manifest, only a one-line
/// marker that lets the next build recognize (and replace) the folder it made.
#[test]
fn the_output_folder_holds_the_site_and_a_one_line_marker_only() {
    let (dir, root) = project(3);
    let output = dir.path().join("site");
    build_into(&root, &output).code(0);
    let hidden: Vec<String> = walkdir::WalkDir::new(&output)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert_eq!(hidden, [".mentorkit-output"]);
    let marker = fs::read_to_string(output.join(".mentorkit-output")).unwrap();
    assert_eq!(marker.lines().count(), 1, "{marker}");
    assert!(
        !marker.contains("stamp") && !marker.contains('{'),
        "{marker}"
    );
    for entry in walkdir::WalkDir::new(&output)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap_or_default();
            assert!(!text.contains("\"stamp\""), "{}", entry.path().display());
        }
    }
    // The manifest is in the project, and still makes an unchanged rebuild instant.
    assert!(root.join(".mentorkit/builds").is_dir());
    build_into(&root, &output)
        .code(0)
        .stderr(predicates::str::contains("is up to date"));

    // Without the marker the folder is somebody else's: refused, as before.
    fs::remove_file(output.join(".mentorkit-output")).unwrap();
    build_into(&root, &output)
        .code(2)
        .stderr(predicates::str::contains("no mentorkit build made it"));

    // A folder an earlier version built, its manifest inside: recognized, rebuilt, and the
    // old manifest is gone from what is published.
    fs::write(output.join(".mentorkit-manifest.json"), "{}").unwrap();
    build_into(&root, &output).code(0);
    assert!(!output.join(".mentorkit-manifest.json").exists());
    assert!(output.join(".mentorkit-output").is_file());
}

/// A guide of 50,000 headings with the same title: each gets its id in one step (searching
/// `-1`, `-2`... from the start every time took minutes here).
#[test]
fn fifty_thousand_identical_headings_build_in_bounded_time() {
    let (_dir, root) = project(3);
    let text = format!(
        "---\ntitle: Same\n---\n\n## Key points\n\n{}",
        "## Notes\n\nText.\n\n".repeat(50_000)
    );
    fs::write(root.join(GUIDE), text).unwrap();
    timed_build(&options(&root), Duration::from_secs(60)).unwrap_or_else(|_| panic!("must build"));
    let page =
        fs::read_to_string(root.join("public/guides/goals/group-00/guide-00000.html")).unwrap();
    assert!(page.contains("id=\"notes-49999\""));
}

/// 20,000 links to headings that do not exist, on a build that fails: each is reported (the
/// first hundred shown), in bounded time.
#[test]
fn twenty_thousand_broken_heading_links_are_reported_in_bounded_time() {
    let (_dir, root) = project(3);
    let links: String = (0..20_000)
        .map(|i| format!("[x](../../training/group-00/guide-00001.md#nowhere-{i}) "))
        .collect();
    let own: String = (0..20_000).map(|i| format!("[y](#here-{i}) ")).collect();
    let text = format!("---\ntitle: Broken\n---\n\n{links}\n\n{own}\n\n[z](missing.md)\n");
    fs::write(root.join(GUIDE), text).unwrap();
    let errors = content_errors(timed_build(&options(&root), Duration::from_secs(60)));
    assert!(
        errors.iter().any(|e| e.contains("missing.md")),
        "{:?}",
        &errors[..3]
    );
}
