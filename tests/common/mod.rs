//! Helpers for end-to-end tests: small handbook projects in temporary folders, the binary,
//! and a walker over the links of a built site.
#![allow(dead_code)]

pub mod serve;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn mentorkit() -> Command {
    Command::cargo_bin("mentorkit").expect("the mentorkit binary is built for tests")
}

/// The repository root, which is itself the example handbook project.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the example handbook project (mentorkit.yaml, content/, templates/, static/) into
/// `dest`, so a test can change and build it without touching the repository.
pub fn copy_example(dest: &Path) {
    let root = example_root();
    for top in ["content", "templates", "static", "mentorkit.yaml"] {
        for entry in walkdir::WalkDir::new(root.join(top))
            .into_iter()
            .filter_map(Result::ok)
        {
            let relative = entry
                .path()
                .strip_prefix(&root)
                .expect("inside the example");
            let target = dest.join(relative);
            if entry.file_type().is_dir() {
                fs::create_dir_all(&target).expect("create folder");
            } else {
                fs::copy(entry.path(), &target).expect("copy file");
            }
        }
    }
}

/// A small but complete handbook project, written file by file.
pub struct Project {
    pub dir: tempfile::TempDir,
}

pub const CONFIG: &str = "title: Test Handbook\norganization:\n  name: Test Health\ncontact:\n  name: Pat Lee\n  email: pat@test.example\n";

pub const PROGRAM: &str = "\
name: Test Program
summary: A small program for tests.
model: [one-on-one, peer]
duration_months: 12
meetings:
  frequency: Monthly
  length_minutes: 60
  format: In person
goals:
  - id: retention
    title: Keep new staff
    measures:
      - metric: 12-month retention
        baseline: 80
        target: 90
        unit: '%'
roles:
  - id: mentor
    title: Mentor
    responsibilities: [Meet monthly]
phases:
  - id: start
    title: Getting started
    weeks: [1, 4]
    checklists: [first-meeting]
    surveys: [baseline]
    modules: [listening]
expectations:
  - audience: mentor
    items: [Be on time]
";

pub const CHECKLIST: &str = "\
title: First meeting
audience: [mentor, mentee]
phase: start
intro: Before you start.
sections:
  - title: Agree
    items:
      - Swap contact details
      - text: Sign the agreement
        note: Keep a copy each
sign_off: [Mentor, Mentee]
";

pub const SURVEY: &str = "\
title: Baseline survey
audience: mentee
phase: start
questions:
  - id: confidence
    type: likert
    scale: agreement
    text: I feel confident in my role.
    required: true
";

pub const MODULE: &str = "\
title: Active listening
audience: mentor
duration_minutes: 60
order: 1
objectives: [Listen well]
agenda:
  - minutes: 20
    activity: Welcome
  - minutes: 40
    activity: Triads
    notes: Rotate roles every 10 minutes
materials: [Handout]
guide: |
  ### Before the session
  Print the handout.
assessment: first-meeting
";

pub const GUIDE: &str = "---\ntitle: Why mentoring\nsummary: The case for mentoring.\naudience: [mentor, mentee]\nweight: 1\n---\n\n## The case\n\nMentoring helps.\n";

impl Project {
    /// A valid project: config, program, one guide, checklist, survey and module.
    pub fn new() -> Self {
        let project = Project {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        project.write("mentorkit.yaml", CONFIG);
        project.write("content/program.yaml", PROGRAM);
        project.write("content/checklists/first-meeting.yaml", CHECKLIST);
        project.write("content/surveys/baseline.yaml", SURVEY);
        project.write("content/training/listening.yaml", MODULE);
        project.write("content/guides/goals/why.md", GUIDE);
        project
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("files have a parent")).expect("create folder");
        fs::write(path, bytes).expect("write file");
    }

    pub fn build(&self) -> assert_cmd::assert::Assert {
        mentorkit()
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .assert()
    }

    /// Runs `mentorkit ARGS --root ROOT` on the project: its exit code, stdout and stderr.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = mentorkit()
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run mentorkit");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn read_output(&self, relative: &str) -> String {
        let path = self.path("public").join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// The values of `attribute="..."` in an HTML text.
pub fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        rest = &rest[start + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

/// Every HTML file under `site`, by path relative to it.
pub fn html_files(site: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(site)
                .expect("below site")
                .to_string_lossy()
                .replace('\\', "/");
            (relative, fs::read_to_string(e.path()).expect("read page"))
        })
        .collect()
}

impl Project {
    /// The build's staging folders (`.mentorkit-*`) left next to the output folder; a build,
    /// failed or not, leaves none.
    pub fn staging_leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.root())
            .expect("project folder")
            .map(|e| {
                e.expect("folder entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            // `.mentorkit/` itself is where builds keep their manifest, not a staging folder.
            .filter(|name| name.starts_with(".mentorkit") && name != ".mentorkit")
            .collect()
    }
}

/// Follows every relative href and src of every page (except the 404 page, which links from
/// the base path) and returns the broken ones as `page -> target` lines.
pub fn broken_links(site: &Path) -> Vec<String> {
    let pages = html_files(site);
    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(path, html)| {
            (
                path.as_str(),
                attribute_values(html, "id").into_iter().collect(),
            )
        })
        .collect();
    let mut broken = Vec::new();
    for (path, html) in &pages {
        if path == "404.html" {
            continue;
        }
        let mut links = attribute_values(html, "href");
        links.extend(attribute_values(html, "src"));
        for link in links {
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:") {
                continue;
            }
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let resolved = if target.is_empty() {
                path.clone()
            } else {
                let base = Path::new(path).parent().unwrap_or(Path::new(""));
                normalize(&base.join(&target))
            };
            if !site.join(&resolved).is_file() {
                broken.push(format!("{path} -> {link} (no file {resolved})"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let known = ids
                    .get(resolved.as_str())
                    .is_some_and(|set| set.contains(&fragment));
                if !known {
                    broken.push(format!("{path} -> {link} (no id {fragment} in {resolved})"));
                }
            }
        }
    }
    broken
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}
