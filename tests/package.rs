//! The crate as `cargo install` and `cargo publish` see it: a licence, the metadata crates.io
//! requires, and every file the binary embeds (the built-in theme, and the example handbook
//! that `mentorkit init` writes).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::example_root;

/// The files `cargo package` would put into the published crate.
fn package_files() -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "package",
            "--list",
            "--allow-dirty",
            "--package",
            "mentorkit",
        ])
        .current_dir(example_root())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo package --list failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| line.replace('\\', "/"))
        .collect()
}

/// Every file below `dir` (relative to the repository root, `/`-separated).
fn files_under(dir: &str) -> Vec<String> {
    let root = example_root();
    walkdir::WalkDir::new(root.join(dir))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn the_package_holds_everything_the_binary_embeds() {
    let files = package_files();
    // `init` embeds these, and the built-in theme is compiled into the binary.
    let mut embedded = vec!["mentorkit.yaml".to_string()];
    for dir in [
        "content",
        "templates",
        "static",
        "themes/default",
        "matching",
        "responses",
    ] {
        let under = files_under(dir);
        assert!(!under.is_empty(), "{dir}/ has files");
        embedded.extend(under);
    }
    for file in &embedded {
        assert!(files.contains(file), "{file} is missing from the package");
    }
    for file in [
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "README.md",
        "CHANGELOG.md",
        "src/main.rs",
    ] {
        assert!(files.contains(file), "{file} is missing from the package");
    }
    // Nothing the binary does not need: tests, benchmarks, fuzzing, the repository's CI.
    for file in &files {
        for prefix in [
            "tests/", "benches/", "fuzz/", "synth/", ".ci/", "public/", "target/",
        ] {
            assert!(!file.starts_with(prefix), "{file} should not be packaged");
        }
    }
}

#[test]
fn the_manifest_has_what_crates_io_and_legal_review_need() {
    let manifest = fs::read_to_string(example_root().join("Cargo.toml")).unwrap();
    let package = manifest.split("\n[").next().unwrap();
    for key in [
        "description = ",
        "license = \"MIT OR Apache-2.0\"",
        "rust-version = ",
        "readme = ",
    ] {
        assert!(package.contains(key), "Cargo.toml's [package] lacks {key}");
    }
    for file in ["LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md"] {
        assert!(
            Path::new(&example_root().join(file)).is_file(),
            "{file} exists"
        );
    }
    let changelog = fs::read_to_string(example_root().join("CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains("## [Unreleased]"),
        "Keep a Changelog layout"
    );
}

/// `rust-version` is at least every locked dependency's own, so it is true.
#[test]
fn rust_version_is_at_least_every_dependencys() {
    let manifest = fs::read_to_string(example_root().join("Cargo.toml")).unwrap();
    let ours = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .map(|v| version(v.trim_end_matches('"')))
        .expect("rust-version is declared");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        // Not --offline: on a new machine the crates of other platforms (macOS, Windows) are
        // not downloaded by a build, and metadata needs them.
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(example_root())
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Only what the binary itself builds with: the normal dependencies of mentorkit, transitively.
    let resolve = &metadata["resolve"]["nodes"];
    let packages = metadata["packages"].as_array().unwrap();
    let root = metadata["resolve"]["root"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let root = if root.is_empty() {
        packages.iter().find(|p| p["name"] == "mentorkit").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    } else {
        root
    };
    let mut seen = BTreeSet::new();
    let mut todo = vec![root];
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let node = resolve
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id.as_str())
            .unwrap();
        for dep in node["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if normal {
                todo.push(dep["pkg"].as_str().unwrap().to_string());
            }
        }
    }
    for package in packages {
        if !seen.contains(package["id"].as_str().unwrap()) {
            continue;
        }
        if let Some(theirs) = package["rust_version"].as_str() {
            assert!(
                version(theirs) <= ours,
                "{} {} needs Rust {theirs}, above rust-version",
                package["name"],
                package["version"]
            );
        }
    }
}

fn version(text: &str) -> (u32, u32) {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}
