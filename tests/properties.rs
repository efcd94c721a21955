//! Property tests: user text is always escaped, any valid model renders, and ids and slugs
//! always make valid URL segments.

use std::fs;
use std::path::Path;

use mentorkit::load::invalid_segment;
use mentorkit::pipeline;
use mentorkit::render::markdown::slugify;
use mentorkit_synth::{self as synth, SynthOptions};
use proptest::prelude::*;

/// A YAML double-quoted scalar for any string (JSON strings are valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Builds the project in memory and returns every page's HTML.
fn render(root: &Path) -> Vec<(String, String)> {
    let run = pipeline::run_in_memory(root, &pipeline::Options::default());
    let errors: Vec<_> = run.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    run.site
        .unwrap()
        .pages
        .into_iter()
        .filter_map(|p| Some((p.path.clone(), p.as_text()?.to_string())))
        .collect()
}

fn small_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("h");
    synth::write(
        &root,
        &SynthOptions {
            guides: 4,
            departments: 0,
            seed: 5,
        },
    )
    .unwrap();
    (dir, root)
}

const MARK: &str = "<x-inject a='1'>";

fn user_text() -> impl Strategy<Value = String> {
    // Printable text with the characters that matter to HTML, plus a marker tag.
    "[ -~\u{a0}-\u{24f}\u{4e00}-\u{4e10}]{0,24}".prop_map(|s| format!("{s}{MARK}&amp;\"{s}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Any string in a user-text field (titles, summaries, checklist items and notes, survey
    /// questions and options, module agendas, program and site names) comes out escaped.
    #[test]
    fn user_text_is_html_escaped(text in user_text()) {
        let (_dir, root) = small_project();
        let q = quoted(&text);
        fs::write(root.join("content/guides/goals/group-00/guide-00000.md"), format!(
            "---\ntitle: {q}\nsummary: {q}\n---\n\n## Heading {}\n\nBody.\n", text.replace(['<', '>', '&', '\\', '`', '*', '_', '[', ']'], "")
        )).unwrap();
        fs::write(root.join("content/checklists/checklist-000.yaml"), format!(
            "title: {q}\nintro: {q}\nsections:\n  - title: {q}\n    items:\n      - {q}\n      - text: {q}\n        note: {q}\nsign_off: [{q}]\n"
        )).unwrap();
        fs::write(root.join("content/surveys/survey-000.yaml"), format!(
            "title: {q}\nintro: {q}\nquestions:\n  - id: a\n    type: choice\n    text: {q}\n    options: [{q}, plain]\n  - id: b\n    type: text\n    text: {q}\n"
        )).unwrap();
        fs::write(root.join("content/training/module-000.yaml"), format!(
            "title: {q}\nduration_minutes: 30\nobjectives: [{q}]\nagenda:\n  - minutes: 30\n    activity: {q}\n    notes: {q}\nmaterials: [{q}]\n"
        )).unwrap();
        let program = fs::read_to_string(root.join("content/program.yaml")).unwrap();
        fs::write(root.join("content/program.yaml"), program.replacen("name: Synthetic Mentorship Program", &format!("name: {q}"), 1)).unwrap();
        let config = fs::read_to_string(root.join("mentorkit.yaml")).unwrap();
        fs::write(root.join("mentorkit.yaml"), config.replacen("title: Synthetic Handbook", &format!("title: {q}"), 1)).unwrap();
        let pages = render(&root);
        prop_assert!(pages.len() > 10);
        // HTML pages only: the search index (JavaScript) and the survey data dictionaries (CSV)
        // carry the text JSON- and CSV-encoded, which is what those formats need.
        for (path, html) in pages.iter().filter(|(p, _)| p.ends_with(".html")) {
            prop_assert!(!html.contains("<x-inject"), "unescaped user text in {}", path);
        }
        let checklist = &pages.iter().find(|(p, _)| p == "checklists/checklist-000.html").unwrap().1;
        prop_assert!(checklist.contains("&lt;x-inject"));
    }

    /// Any valid synthetic handbook (sizes, seeds, departments folder present or not) renders
    /// without a single error, and two runs give the same pages.
    #[test]
    fn any_valid_model_renders(guides in 1usize..24, seed in any::<u64>(), weight in -5i64..5) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("h");
        synth::write(&root, &SynthOptions { guides, departments: 0, seed }).unwrap();
        let guide = root.join("content/guides/goals/group-00/guide-00000.md");
        let text = fs::read_to_string(&guide).unwrap();
        fs::write(&guide, text.replacen("weight:", &format!("draft: false\nweight: {weight}\n# was:"), 1)).unwrap();
        let first = render(&root);
        prop_assert_eq!(first.iter().filter(|(p, _)| p.starts_with("guides/") && p.contains("/guide-") && p.ends_with(".html")).count(), guides);
        prop_assert_eq!(first, render(&root));
    }

    /// Heading anchors never contain characters that break a URL fragment or an HTML id.
    #[test]
    fn heading_slugs_are_valid_fragments(text in "\\PC{0,40}") {
        let slug = slugify(&text);
        prop_assert!(!slug.chars().any(|c| c.is_whitespace() || "\"'<>#%/?&\\`{}|^[]".contains(c)), "{:?}", slug);
    }

    /// What `invalid_segment` accepts is a safe URL path segment and file name.
    #[test]
    fn accepted_ids_are_url_segments(id in "\\PC{0,12}") {
        if invalid_segment(&id).is_none() {
            prop_assert!(!id.is_empty() && id != "." && id != "..");
            prop_assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'));
        }
    }

    /// Ids from file names become page paths that stay inside the site.
    #[test]
    fn ids_make_page_paths_inside_the_site(id in "[a-z0-9][a-z0-9_-]{0,20}") {
        prop_assert!(invalid_segment(&id).is_none());
        let path = mentorkit::resolve::item_path(mentorkit::model::Kind::Checklist, &id);
        prop_assert_eq!(path.matches('/').count(), 1);
        prop_assert!(Path::new(&path).components().all(|c| matches!(c, std::path::Component::Normal(_))));
    }
}
