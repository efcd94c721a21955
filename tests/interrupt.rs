//! Builds cut short: killed at random moments (`kill -9`), interrupted (Ctrl-C), or racing
//! another build. The output folder is always the whole previous site or the whole new one, and
//! nothing a build made is left behind.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mentorkit::write::{self, manifest};
use mentorkit_synth::{self as synth, SynthOptions};

/// Every file of a site (the folder marker left out) with its bytes' hash.
fn snapshot(site: &Path) -> BTreeMap<String, u64> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != manifest::MARKER)
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                relative,
                xxhash_rust::xxh3::xxh3_64(&fs::read(e.path()).unwrap()),
            )
        })
        .collect()
}

fn build_command(root: &Path, output: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mentorkit"));
    command
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn build(root: &Path, output: &Path) {
    let status = build_command(root, output).status().unwrap();
    assert!(status.success(), "build into {}", output.display());
}

/// What builds left beside `output`: staging and set-aside folders.
fn leftovers(output: &Path) -> Vec<String> {
    fs::read_dir(output.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(write::STAGING_PREFIX) || n.starts_with(write::OLD_PREFIX))
        .collect()
}

struct Handbook {
    _dir: tempfile::TempDir,
    root: PathBuf,
    output: PathBuf,
    /// The site before and after the title changes, as built into folders of their own.
    old: BTreeMap<String, u64>,
    new: BTreeMap<String, u64>,
}

const OLD_TITLE: &str = "title: Synthetic Handbook\n";

fn handbook() -> Handbook {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handbook");
    synth::write(
        &root,
        &SynthOptions {
            guides: 600,
            departments: 0,
            seed: 5,
        },
    )
    .unwrap();
    let config = fs::read_to_string(root.join("mentorkit.yaml")).unwrap();
    assert!(config.contains(OLD_TITLE), "{config}");
    // The synthetic handbook has no PDFs: they go through the same staging as every page, and
    // typesetting 600 guides many times over would only make the test slow (tests/pdf.rs
    // covers them).
    assert!(config.contains("pdf: false"), "{config}");
    build(&root, &dir.path().join("reference-old"));
    set_title(&root, true);
    build(&root, &dir.path().join("reference-new"));
    set_title(&root, false);
    Handbook {
        old: snapshot(&dir.path().join("reference-old")),
        new: snapshot(&dir.path().join("reference-new")),
        output: dir.path().join("site"),
        root,
        _dir: dir,
    }
}

/// Switches the title (on every page) to the new one, or back.
fn set_title(root: &Path, new: bool) {
    let path = root.join("mentorkit.yaml");
    let config = fs::read_to_string(&path).unwrap();
    let (from, to) = (OLD_TITLE, "title: Synthetic Handbook, Second Edition\n");
    let config = if new {
        config.replace(from, to)
    } else {
        config.replace(to, from)
    };
    fs::write(path, config).unwrap();
}

/// Starts building the new site into the output folder, and kills the build with SIGKILL
/// after `wait`, or as soon as it begins to put the site in place (its journal appears).
fn kill_build(handbook: &Handbook, wait: Option<Duration>) {
    let mut child: Child = build_command(&handbook.root, &handbook.output)
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let placing = wait.is_none() && journal_written(&handbook.output);
        let waited = wait.is_some_and(|w| started.elapsed() >= w);
        if placing || waited || child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the build never ended"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn journal_written(output: &Path) -> bool {
    let parent = output.parent().unwrap();
    leftovers(output)
        .iter()
        .any(|name| parent.join(name).join(".mentorkit-journal.json").exists())
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one_whole() {
    let handbook = handbook();
    build(&handbook.root, &handbook.output);
    let started = Instant::now();
    set_title(&handbook.root, true);
    build(&handbook.root, &handbook.output);
    let duration = started.elapsed();
    // Kills spread over a whole build, and kills the moment the site starts going in place.
    let mut waits: Vec<Option<Duration>> = (0..6).map(|i| Some(duration * i / 6)).collect();
    waits.extend([None, None, None]);
    let mut outcomes = BTreeMap::new();
    for wait in waits {
        set_title(&handbook.root, false);
        build(&handbook.root, &handbook.output);
        assert_eq!(snapshot(&handbook.output), handbook.old);
        set_title(&handbook.root, true);
        kill_build(&handbook, wait);
        let recovered = write::recover(&handbook.output).unwrap();
        let site = snapshot(&handbook.output);
        let which = if site == handbook.old {
            "old"
        } else if site == handbook.new {
            "new"
        } else {
            let mixed = site
                .iter()
                .filter(|(p, h)| handbook.new.get(*p) == Some(h))
                .count();
            panic!(
                "killed after {wait:?}: {mixed} of {} files new ({recovered:?})",
                site.len()
            );
        };
        *outcomes.entry(which).or_insert(0) += 1;
        assert!(
            leftovers(&handbook.output).is_empty(),
            "{:?}",
            leftovers(&handbook.output)
        );
    }
    // The kills the moment the journal appeared caught builds in the middle of placing.
    assert!(
        outcomes.get("new").copied().unwrap_or(0) >= 3,
        "{outcomes:?}"
    );
}

#[test]
fn a_first_build_killed_at_any_moment_leaves_no_site_or_the_whole_site() {
    let handbook = handbook();
    let started = Instant::now();
    build(&handbook.root, &handbook.output);
    let duration = started.elapsed();
    for i in 0..5 {
        let _ = fs::remove_dir_all(&handbook.output);
        kill_build(&handbook, Some(duration * i / 4));
        write::recover(&handbook.output).unwrap();
        if handbook.output.exists() {
            assert_eq!(snapshot(&handbook.output), handbook.old, "killed at {i}/4");
        }
        assert!(leftovers(&handbook.output).is_empty());
    }
}

#[test]
fn ctrl_c_removes_the_staging_folder_and_leaves_the_site() {
    let handbook = handbook();
    build(&handbook.root, &handbook.output);
    set_title(&handbook.root, true);
    let mut child = build_command(&handbook.root, &handbook.output)
        .spawn()
        .unwrap();
    let started = Instant::now();
    while leftovers(&handbook.output).is_empty() && child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(1));
    }
    if child.try_wait().unwrap().is_none() {
        // SAFETY-free: sends SIGINT to our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    }
    let status = child.wait().unwrap();
    let site = snapshot(&handbook.output);
    // Interrupted (130) or already done (0), never killed by the signal's default action.
    assert!(status.code() == Some(130) || status.success(), "{status:?}");
    // The old site, or, when the interrupt came while the new one was going into place (it
    // waits for that), the new one: never a mix, and nothing left beside it.
    assert!(
        site == handbook.old || site == handbook.new,
        "a mix after {status:?}"
    );
    let left = leftovers(&handbook.output);
    assert!(left.is_empty(), "{status:?} {left:?}");
}

#[test]
fn the_next_build_removes_its_own_stale_staging_folders_only() {
    let handbook = handbook();
    build(&handbook.root, &handbook.output);
    let parent = handbook.output.parent().unwrap();
    let ours = parent.join(format!("{}stale", write::STAGING_PREFIX));
    fs::create_dir_all(ours.join("guides")).unwrap();
    fs::write(ours.join("guides/page.html"), "half a build").unwrap();
    fs::write(
        ours.join(".mentorkit-for"),
        handbook.output.to_string_lossy().as_bytes(),
    )
    .unwrap();
    // Named like one, but not marked as a build's: never touched.
    let foreign = parent.join(format!("{}notes", write::STAGING_PREFIX));
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("mine.txt"), "keep me").unwrap();
    set_title(&handbook.root, true);
    build(&handbook.root, &handbook.output);
    assert!(!ours.exists(), "the interrupted build's folder is removed");
    assert_eq!(
        fs::read_to_string(foreign.join("mine.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_second_build_into_the_same_folder_waits_for_none_and_is_refused() {
    let handbook = handbook();
    let lock = manifest::location(&handbook.root, &handbook.output).with_extension("lock");
    let held = write::lock_builds(&lock)
        .unwrap()
        .expect("the test holds the lock");
    let out = build_command(&handbook.root, &handbook.output)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("another build into this output folder is running"),
        "{err}"
    );
    assert!(!handbook.output.exists());
    drop(held);
    build(&handbook.root, &handbook.output);
}
