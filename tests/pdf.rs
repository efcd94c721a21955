//! The PDFs `build` writes: the handbook binder, the curriculum workbook and the facilitator
//! guide, read back with poppler's `pdftotext` and `pdfinfo` (which CI installs; elsewhere the
//! tests say they are skipped without them).

mod common;

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{Project, copy_example, mentorkit};

fn in_ci() -> bool {
    env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Whether poppler's tools are here; a failure in CI when they are not.
fn poppler() -> bool {
    let found = ["pdftotext", "pdfinfo"].iter().all(|name| {
        env::var_os("PATH")
            .is_some_and(|paths| env::split_paths(&paths).any(|d| d.join(name).is_file()))
    });
    if !found {
        assert!(!in_ci(), "pdftotext and pdfinfo are needed in CI");
        eprintln!("skipped: pdftotext or pdfinfo not found");
    }
    found
}

/// The example handbook, built once for every test of this file.
fn example_site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, site) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_example(dir.path());
        let site = dir.path().join("public");
        mentorkit()
            .args(["build", "--quiet", "--root"])
            .arg(dir.path())
            .assert()
            .success();
        (dir, site)
    });
    site
}

/// The text of every page of `pdf`, in order (`pdftotext -layout`, pages split at form feeds).
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 text");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// `pdfinfo`'s fields.
fn info(pdf: &Path) -> BTreeMap<String, String> {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            Some((key.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

/// Whitespace collapsed to single spaces, so text that wraps still matches.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The contents' entries: each title with the page number it gives.
fn contents_entries(pages: &[String]) -> Vec<(String, usize)> {
    let start = pages
        .iter()
        .position(|p| p.lines().any(|l| l.trim() == "Contents"))
        .expect("a contents page");
    let mut entries = Vec::new();
    for page in &pages[start..] {
        let mut found = false;
        for line in page.lines() {
            // The page number follows a word joiner (U+2060) after the dotted leader.
            let line = line.replace('\u{2060}', " ");
            let line = line.trim();
            let Some((title, number)) = line.rsplit_once(' ') else {
                continue;
            };
            let (Ok(number), title) = (number.parse::<usize>(), title.trim_end_matches(['.', ' ']))
            else {
                continue;
            };
            if title.contains(". .") || title.ends_with('.') || title.is_empty() {
                continue;
            }
            // A dotted leader separates the title from its page.
            if line.contains(" . ") || line.contains("..") {
                entries.push((title.trim().to_string(), number));
                found = true;
            }
        }
        if !found && !entries.is_empty() {
            break;
        }
    }
    entries
}

#[test]
fn build_writes_the_three_pdfs_for_each_handbook() {
    let site = example_site();
    for folder in [
        "",
        "departments/pharmacy/",
        "departments/radiology/",
        "departments/rehab/",
    ] {
        for name in [
            "handbook.pdf",
            "curriculum-workbook.pdf",
            "facilitator-guide.pdf",
        ] {
            let path = site.join(folder).join(name);
            let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(bytes.starts_with(b"%PDF-"), "{} is a PDF", path.display());
        }
    }
}

#[test]
fn every_contents_entry_points_at_the_page_of_its_heading() {
    if !poppler() {
        return;
    }
    let pdf = example_site().join("handbook.pdf");
    let pages = pages(&pdf);
    let entries = contents_entries(&pages);
    for title in [
        "Document control",
        "The program at a glance",
        "Training curriculum",
        "Checklists",
        "Surveys",
    ] {
        assert!(
            entries.iter().any(|(t, _)| t == title),
            "{title} is in the contents: {entries:?}"
        );
    }
    assert!(
        entries.len() >= 20,
        "sections and guides are listed: {entries:?}"
    );
    for (title, page) in &entries {
        let text = flat(&pages[page - 1]);
        assert!(
            text.contains(title.as_str()),
            "`{title}` is on page {page}, as the contents say:\n{text}"
        );
    }
}

#[test]
fn every_page_but_the_cover_has_the_header_with_the_version_and_page_x_of_y() {
    if !poppler() {
        return;
    }
    for name in [
        "handbook.pdf",
        "curriculum-workbook.pdf",
        "facilitator-guide.pdf",
    ] {
        let pdf = example_site().join(name);
        let pages = pages(&pdf);
        let count = info(&pdf)["Pages"].parse::<usize>().expect("a page count");
        assert_eq!(pages.len(), count, "{name}");
        assert!(
            !pages[0].contains("Version 2.1 · Effective"),
            "{name}: the cover has no header"
        );
        assert!(
            pages[0].contains("Riverbend Health"),
            "{name}: the cover names the organization"
        );
        for (i, page) in pages.iter().enumerate().skip(1) {
            let text = flat(page);
            assert!(
                text.contains("Version 2.1 · Effective 2026-09-01"),
                "{name} page {}: {text}",
                i + 1
            );
            assert!(
                text.contains("Uncontrolled when printed"),
                "{name} page {}",
                i + 1
            );
            assert!(
                text.contains(&format!("Page {} of {count}", i + 1)),
                "{name} page {}: {text}",
                i + 1
            );
            assert!(
                text.contains("Allied Health Mentoring Program Office"),
                "{name} page {}",
                i + 1
            );
        }
    }
}

#[test]
fn the_binder_holds_the_overview_guides_curriculum_checklists_and_paper_surveys() {
    if !poppler() {
        return;
    }
    let pdf = example_site().join("handbook.pdf");
    let pages = pages(&pdf);
    let all = flat(&pages.join("\n"));
    let cover = flat(&pages[0]);
    for fact in [
        "Riverbend Health Allied Health Mentorship Handbook",
        "Version 2.1",
        "2026-09-01",
        "Director of Allied Health",
    ] {
        assert!(cover.contains(fact), "the cover shows {fact}: {cover}");
    }
    for text in [
        "Goals and how we measure them",
        "Roles and responsibilities",
        "Timeline",
        "How mentors and mentees are matched",
        "What we expect of each other",
        "Guide reviews",
        "Facilitator guide",
        "signature",
        "How to fill it in",
    ] {
        assert!(all.contains(text), "the binder has {text}");
    }
    // Each checklist and each survey starts a page of its own.
    let root = common::example_root();
    for folder in ["content/checklists", "content/surveys"] {
        for entry in fs::read_dir(root.join(folder)).expect("example folder") {
            let yaml = fs::read_to_string(entry.expect("entry").path()).expect("read");
            let title = yaml
                .lines()
                .find_map(|l| l.strip_prefix("title: "))
                .expect("a title")
                .trim_matches('"')
                .to_string();
            let starts = pages.iter().any(|page| {
                let lines: Vec<&str> = page
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                // Only the running header (and the part's title) come first.
                lines.iter().take(4).any(|l| *l == title)
            });
            assert!(starts, "`{title}` starts a page");
        }
    }
}

#[test]
fn paper_surveys_in_the_binder_show_no_field_ids() {
    if !poppler() {
        return;
    }
    let all = pages(&example_site().join("handbook.pdf")).join("\n");
    let root = common::example_root();
    for entry in fs::read_dir(root.join("content/surveys")).expect("surveys") {
        let yaml = fs::read_to_string(entry.expect("entry").path()).expect("read");
        for id in yaml.lines().filter_map(|l| l.trim().strip_prefix("- id: ")) {
            if id.contains('_') {
                assert!(!all.contains(id), "the field id {id} is not printed");
            }
        }
    }
}

#[test]
fn each_workbook_module_starts_a_page_and_the_facilitator_guide_gives_its_workbook_pages() {
    if !poppler() {
        return;
    }
    let workbook = pages(&example_site().join("curriculum-workbook.pdf"));
    let guide = flat(&pages(&example_site().join("facilitator-guide.pdf")).join("\n"));
    let root = common::example_root();
    let mut checked = 0;
    for entry in fs::read_dir(root.join("content/training")).expect("modules") {
        let yaml = fs::read_to_string(entry.expect("entry").path()).expect("read");
        let title = yaml
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .expect("title")
            .trim_matches('"');
        let start = workbook.iter().position(|page| {
            let lines: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            // Only the running header comes before the module's title.
            let at = lines.iter().position(|l| *l == title);
            at.is_some_and(|at| {
                lines[..at]
                    .iter()
                    .all(|l| l.contains("curriculum workbook") || l.contains("Version 2.1"))
            })
        });
        assert!(
            start.is_some(),
            "module `{title}` starts a workbook page after the header"
        );
        let activities: Vec<&str> = yaml
            .lines()
            .filter_map(|l| l.trim().strip_prefix("activity: "))
            .map(|a| a.trim_matches('"'))
            .collect();
        // The module's part of the guide starts with its title and its minutes.
        let module_at = guide
            .match_indices(title)
            .map(|(at, _)| at)
            .find(|&at| {
                let after = &guide[at + title.len()..];
                after.trim_start().starts_with(|c: char| c.is_ascii_digit())
                    && after.contains(" minutes")
            })
            .unwrap_or_else(|| panic!("module `{title}` has a part in the facilitator guide"));
        for (n, activity) in activities.iter().enumerate() {
            // The agenda's row, in this module's part: the activity, then its workbook page.
            let marker = format!("{activity} (Workbook p. ");
            let at = guide[module_at..]
                .find(&marker)
                .map(|at| module_at + at)
                .unwrap_or_else(|| panic!("`{marker}` is in the facilitator guide"));
            let page: usize = guide[at + marker.len()..]
                .split(')')
                .next()
                .unwrap()
                .parse()
                .expect("a page number");
            let heading = format!("Activity {}: {activity}", n + 1);
            assert!(
                flat(&workbook[page - 1]).contains(&heading),
                "`{heading}` is on workbook page {page}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "the example's activities were checked: {checked}"
    );
}

#[test]
fn the_home_and_print_pages_link_the_pdf_with_its_pages_and_size() {
    if !poppler() {
        return;
    }
    let site = example_site();
    let count = info(&site.join("handbook.pdf"))["Pages"].clone();
    for page in ["index.html", "print.html"] {
        let html = fs::read_to_string(site.join(page)).expect("page");
        assert!(
            html.contains("href=\"handbook.pdf\""),
            "{page} links the PDF"
        );
        assert!(
            html.contains(&format!("(PDF, {count} pages, ")),
            "{page} gives the page count {count}"
        );
    }
    let curriculum = fs::read_to_string(site.join("training/index.html")).expect("curriculum page");
    assert!(
        curriculum.contains("curriculum-workbook.pdf")
            && curriculum.contains("facilitator-guide.pdf")
    );
}

#[test]
fn the_same_project_makes_the_same_pdf_bytes_and_the_paper_size_follows_print_paper() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_example(dir.path());
    let config = dir.path().join("mentorkit.yaml");
    let yaml = fs::read_to_string(&config)
        .expect("config")
        .replace("paper: letter", "paper: a4");
    fs::write(&config, yaml).expect("write config");
    mentorkit()
        .args(["build", "--quiet", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    let a4 = dir.path().join("public/handbook.pdf");
    assert!(info(&a4)["Page size"].contains("(A4)"), "{:?}", info(&a4));
    assert!(info(&example_site().join("handbook.pdf"))["Page size"].contains("(letter)"));
    let first = fs::read(&a4).expect("pdf");
    mentorkit()
        .args(["build", "--quiet", "--output"])
        .arg(dir.path().join("again"))
        .arg("--root")
        .arg(dir.path())
        .assert()
        .success();
    let second = fs::read(dir.path().join("again/handbook.pdf")).expect("pdf");
    assert!(first == second, "two builds write the same PDF bytes");
}

#[test]
fn user_strings_print_as_text_and_run_nothing() {
    if !poppler() {
        return;
    }
    let project = Project::new();
    let hostile = r##"#read("/etc/passwd") #set page(width: 1cm) \ ] ) " <x> @y $z$ *b* _i_"##;
    project.write(
        "mentorkit.yaml",
        &format!("title: '{}'\norganization:\n  name: Test Health\ndocument:\n  version: '#sys.version'\n", hostile.replace('\'', "''")),
    );
    project.write(
        "content/guides/goals/why.md",
        &format!("---\ntitle: '{}'\n---\n\n## {hostile}\n\nA paragraph: {hostile}\n\n- item `#eval(\"1\")`\n", hostile.replace('\'', "''")),
    );
    project.build().success();
    let text = flat(&pages(&project.path("public/handbook.pdf")).join("\n"));
    assert!(text.contains("#read(\"/etc/passwd\")"), "{text}");
    assert!(text.contains("#set page(width: 1cm)"));
    assert!(text.contains("*b* _i_"));
    assert!(text.contains("Version #sys.version"));
    assert!(!text.contains("root:x:0:0"));
}

#[test]
fn what_the_pdf_leaves_out_is_a_located_warning() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why mentoring\n---\n\n## Intro\n\n<div class=\"box\">A box</div>\n\n![A chart](https://example.org/chart.png)\n\n![Not an image](/notes.png)\n",
    );
    project.write("static/notes.png", "this is not a PNG");
    project.write(
        "mentorkit.yaml",
        "title: Test Handbook\norganization:\n  name: Test Health\n  logo: logo.png\n",
    );
    project.write("static/logo.png", "not an image either");
    let (code, _, stderr) = project.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    for expected in [
        "content/guides/goals/why.md:7:1",
        "raw HTML `<div class=\"box\">A box</div>` is left out of the PDF",
        "content/guides/goals/why.md:9:1",
        "the image `https://example.org/chart.png` is left out of the PDF: the PDF engine reads no network",
        "the image `/notes.png` is left out of the PDF",
        "the logo `static/logo.png` is left off the PDFs' covers",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(
        project.path("public/handbook.pdf").is_file(),
        "the PDF is written without them"
    );
}

#[test]
fn print_pdf_false_writes_no_pdf() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &format!("{}print:\n  pdf: false\n", common::CONFIG),
    );
    project.build().success();
    assert!(!project.path("public/handbook.pdf").exists());
    let home = project.read_output("index.html");
    assert!(
        !home.contains("handbook.pdf"),
        "no link to a PDF that is not there"
    );
}

#[test]
fn the_binder_has_bookmarks_and_links_that_land_inside_it() {
    if !poppler() {
        return;
    }
    let pdf = example_site().join("handbook.pdf");
    let bytes = fs::read(&pdf).expect("pdf");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(
        has(b"/Type/Outlines"),
        "the sections and guides are bookmarks"
    );
    assert!(
        has(b"/Type/Annot"),
        "the contents and the guides' links are links"
    );
    // Every guide is a named destination, on the page the contents give for it.
    let out = Command::new("pdfinfo")
        .arg("-dests")
        .arg(&pdf)
        .output()
        .expect("pdfinfo -dests");
    let dests = String::from_utf8_lossy(&out.stdout);
    let pages = pages(&pdf);
    let entries = contents_entries(&pages);
    let why = entries
        .iter()
        .find(|(title, _)| title == "Why Riverbend runs a mentorship program")
        .expect("the guide is in the contents");
    let line = dests
        .lines()
        .find(|l| l.contains("\"g:goals_2f_why-mentoring\""))
        .unwrap_or_else(|| panic!("the guide is a destination:\n{dests}"));
    let page: usize = line.split_whitespace().next().unwrap().parse().unwrap();
    assert_eq!(page, why.1, "{line}");
}

#[test]
fn a_handbook_of_many_guides_prints_each_sections_guides_apart() {
    if !poppler() {
        return;
    }
    let project = Project::new();
    // 501 short guides over two sections: over the limit of one binder.
    for i in 0..501 {
        let section = if i % 2 == 0 { "goals" } else { "expectations" };
        project.write(
            &format!("content/guides/{section}/g{i:03}.md"),
            &format!("---\ntitle: Guide {section} {i}\n---\n\nText of guide {i}.\n"),
        );
    }
    project.build().success();
    let binder = flat(&pages(&project.path("public/handbook.pdf")).join("\n"));
    assert!(binder.contains("guides/goals/section.pdf"), "{binder}");
    assert!(binder.contains("guides/expectations/section.pdf"));
    assert!(
        !binder.contains("Text of guide 7."),
        "the binder holds no guide"
    );
    assert!(binder.contains("Training curriculum") && binder.contains("Checklists"));
    let goals = flat(&pages(&project.path("public/guides/goals/section.pdf")).join("\n"));
    assert!(goals.contains("Guide goals 4") && goals.contains("Text of guide 500."));
    assert!(
        !goals.contains("Guide expectations 1"),
        "one section's guides only"
    );
    assert!(
        project
            .path("public/guides/expectations/section.pdf")
            .is_file()
    );
}
