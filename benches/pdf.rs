//! What the PDFs cost a build: the example handbook (organization-wide and three departments,
//! twelve PDFs) with and without them, then synthetic handbooks of growing size: the build's
//! time with and without PDFs, the binder's pages and its bytes per page. Not a test; run it
//! with
//!
//! ```sh
//! cargo bench --bench pdf                 # the example, then 100, 250 and 1,000 guides
//! cargo bench --bench pdf -- 10000        # the example, then one size
//! ```
//!
//! Targets: the example's PDFs add under 1 s to its build on 2 cores; a 300-page binder in
//! under 3 s. Page counts come from poppler's `pdfinfo`, when it is installed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use mentorkit::pipeline::{BuildOptions, build};
use mentorkit_synth::SynthOptions;

const ROUNDS: usize = 5;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let example = dir.path().join("example");
    copy_example(&example);
    compare("the example (4 handbooks)", &example, ROUNDS);
    for guides in common::sizes(&[100, 250, 1_000]) {
        let root = dir.path().join(format!("synthetic-{guides}"));
        let options = SynthOptions {
            guides,
            departments: 0,
            seed: 42,
        };
        mentorkit_synth::write(&root, &options).expect("synthetic handbook");
        let rounds = if guides > 2_000 { 1 } else { ROUNDS };
        compare(&format!("{guides} guides"), &root, rounds);
    }
}

/// Times the build of `root` with and without its PDFs, and describes the binder.
fn compare(name: &str, root: &Path, rounds: usize) {
    set_pdf(root, true);
    let with = median_build(root, rounds);
    let binder = root.join("out-0/handbook.pdf");
    let bytes = fs::metadata(&binder).map_or(0, |m| m.len());
    let pages = page_count(&binder);
    set_pdf(root, false);
    let without = median_build(root, rounds);
    let per_page = pages.map_or(String::from("?"), |p| (bytes / p.max(1) as u64).to_string());
    println!(
        "{name:>28}: build {:>8.1} ms with PDFs, {:>8.1} ms without (+{:.1} ms); binder {} pages, {} KB, {per_page} bytes/page",
        ms(with),
        ms(without),
        ms(with.saturating_sub(without)),
        pages.map_or(String::from("?"), |p| p.to_string()),
        bytes / 1024,
    );
}

fn median_build(root: &Path, rounds: usize) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|round| {
            let output = root.join(format!("out-{round}"));
            let _ = fs::remove_dir_all(&output);
            let options = BuildOptions {
                root: root.to_path_buf(),
                output,
                base_url: None,
                department: None,
                drafts: false,
                progress: None,
            };
            // Each round as a new process starts: without what the engine memoized in the
            // rounds before (the same PDF again would cost next to nothing).
            typst::comemo::evict(0);
            let start = Instant::now();
            build(&options).unwrap_or_else(|_| panic!("{} builds", root.display()));
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Turns the project's PDFs on or off (`print.pdf` in mentorkit.yaml).
fn set_pdf(root: &Path, on: bool) {
    let config = root.join("mentorkit.yaml");
    let text = fs::read_to_string(&config).expect("mentorkit.yaml");
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            !l.starts_with("print:") && !l.starts_with("  pdf:") && !l.starts_with("  paper:")
        })
        .collect();
    let mut text = kept.join("\n");
    text.push_str(&format!("\nprint:\n  paper: letter\n  pdf: {on}\n"));
    fs::write(&config, text).expect("write mentorkit.yaml");
}

fn page_count(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The repository's example handbook, copied so its configuration can change.
fn copy_example(dest: &Path) {
    let repository = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for top in ["content", "templates", "static", "mentorkit.yaml"] {
        for entry in walkdir::WalkDir::new(repository.join(top))
            .into_iter()
            .filter_map(Result::ok)
        {
            let relative = entry.path().strip_prefix(&repository).expect("inside");
            let target = dest.join(relative);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).expect("folder");
            } else {
                fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
}
