//! Rendering features, end to end on small projects: Markdown extensions, link rewriting,
//! embeds, template overrides, static files, drafts and ordering.

mod common;

use common::{Project, mentorkit};

const RICH_GUIDE: &str = r#"---
title: Running a good meeting
summary: Agenda, notes and follow-up.
audience: mentor
weight: 2
---

## Before the meeting

> [!TIP]
> Send the agenda a day ahead.

> [!WARNING]
> Never discuss patients by name.

| Step | Minutes |
| --- | --- |
| Check in | 5 |

- [x] Book a room
- [ ] Share notes

This is ~~optional~~ required.[^1]

## Notes

### Notes

See [the checklist](../../checklists/first-meeting.yaml), [the module](../../training/listening.yaml#objectives),
[why](why.md#the-case) and [an outside page](https://example.org/guide.md).

{{ checklist(id="first-meeting") }}

{{ module(id="listening") }}

[^1]: Agreed at the launch meeting.
"#;

#[test]
fn markdown_extensions_render() {
    let project = Project::new();
    project.write("content/guides/goals/meeting.md", RICH_GUIDE);
    project.build().success();
    let html = project.read_output("guides/goals/meeting.html");
    assert!(html.contains("class=\"callout callout-tip\""), "callout");
    assert!(
        html.contains("<p class=\"callout-title\">Warning</p>"),
        "callout title"
    );
    assert!(
        html.contains("<div class=\"table-wrap\" tabindex=\"0\"><table>"),
        "table, in a box a keyboard can scroll"
    );
    // A task list is marks with words for screen readers, not unlabelled checkboxes.
    assert!(!html.contains("type=\"checkbox\""), "task list");
    assert!(
        html.contains(
            "aria-hidden=\"true\">☑</span><span class=\"visually-hidden\">Done: </span>Book a room"
        ),
        "done task"
    );
    assert!(
        html.contains("<span class=\"visually-hidden\">Not done: </span>Share notes"),
        "open task"
    );
    assert!(html.contains("<del>optional</del>"), "strikethrough");
    assert!(html.contains("footnote-definition"), "footnote");
    assert!(
        html.contains("<h2 id=\"before-the-meeting\">"),
        "heading anchor"
    );
    assert!(
        html.contains("<h2 id=\"notes\">") && html.contains("<h3 id=\"notes-1\">"),
        "unique anchors"
    );
}

#[test]
fn content_links_are_rewritten_to_relative_page_urls() {
    let project = Project::new();
    project.write("content/guides/goals/meeting.md", RICH_GUIDE);
    project.build().success();
    let html = project.read_output("guides/goals/meeting.html");
    assert!(
        html.contains("href=\"../../checklists/first-meeting.html\""),
        "{html}"
    );
    assert!(html.contains("href=\"../../training/listening.html#objectives\""));
    assert!(html.contains("href=\"../../guides/goals/why.html#the-case\""));
    assert!(
        html.contains("href=\"https://example.org/guide.md\""),
        "external links are untouched"
    );
    assert!(common::broken_links(&project.path("public")).is_empty());
}

#[test]
fn embeds_render_summary_cards() {
    let project = Project::new();
    project.write("content/guides/goals/meeting.md", RICH_GUIDE);
    project.build().success();
    let html = project.read_output("guides/goals/meeting.html");
    assert!(html.contains("class=\"embed-card embed-checklist\""));
    assert!(html.contains("Checklist · 2 items"));
    assert!(html.contains("class=\"embed-card embed-training-module\""));
    assert!(!html.contains("{{ checklist"), "the embed text is replaced");
}

#[test]
fn a_missing_anchor_in_another_guide_is_a_warning() {
    let project = Project::new();
    project.write(
        "content/guides/goals/other.md",
        "---\ntitle: Other\n---\n\n[x](why.md#no-such-heading)\n",
    );
    let out = project.build().success().get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("warning: no heading `#no-such-heading` in content/guides/goals/why.md"),
        "{err}"
    );
}

#[test]
fn guides_are_ordered_by_weight_then_title_with_groups() {
    let project = Project::new();
    project.write(
        "content/guides/goals/b.md",
        "---\ntitle: Beta\nweight: 5\n---\nB\n",
    );
    project.write(
        "content/guides/goals/a.md",
        "---\ntitle: Alpha\nweight: 5\n---\nA\n",
    );
    project.write(
        "content/guides/goals/z.md",
        "---\ntitle: Zulu first\nweight: -1\n---\nZ\n",
    );
    project.write(
        "content/guides/goals/peer-groups/c.md",
        "---\ntitle: Circle\n---\nC\n",
    );
    project.write(
        "content/guides/goals/wip.md",
        "---\ntitle: Unfinished\ndraft: true\n---\nW\n",
    );
    project.build().success();
    let section = project.read_output("guides/goals/index.html");
    let position = |t: &str| section.find(t).unwrap_or_else(|| panic!("{t} missing"));
    assert!(position("Zulu first") < position("Why mentoring"));
    assert!(position("Why mentoring") < position("Alpha"));
    assert!(position("Alpha") < position("Beta"));
    assert!(position("Beta") < position("Peer groups"));
    assert!(position("Peer groups") < position("Circle"));
    assert!(!section.contains("Unfinished"));
    assert!(
        project
            .path("public/guides/goals/peer-groups/c.html")
            .is_file()
    );
    let circle = project.read_output("guides/goals/peer-groups/c.html");
    assert!(
        circle.contains("href=\"../../../style.css\""),
        "relative links climb three folders"
    );
}

#[test]
fn site_templates_override_the_theme_and_static_files_are_copied() {
    let project = Project::new();
    project.write(
        "templates/partials/footer.html",
        "<footer>Custom footer for {{ site.title }}</footer>\n",
    );
    project.write(
        "static/images/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    project.build().success();
    let home = project.read_output("index.html");
    assert!(home.contains("<footer>Custom footer for Test Handbook</footer>"));
    assert!(project.path("public/images/map.svg").is_file());
    assert!(
        project.path("public/style.css").is_file(),
        "theme static files are copied"
    );
}

#[test]
fn base_url_sets_canonical_links_only() {
    let project = Project::new();
    common::mentorkit()
        .args([
            "build",
            "--base-url",
            "https://intranet.example/mentoring/",
            "--root",
        ])
        .arg(project.root())
        .assert()
        .success();
    let page = project.read_output("checklists/first-meeting.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://intranet.example/mentoring/checklists/first-meeting.html\">"));
    assert!(
        page.contains("href=\"../style.css\""),
        "internal links stay relative"
    );
    let not_found = project.read_output("404.html");
    assert!(
        not_found.contains("href=\"/mentoring/style.css\""),
        "the 404 page links from the base path"
    );
}

#[test]
fn module_and_checklist_pages_show_their_content() {
    let project = Project::new();
    project.build().success();
    let module = project.read_output("training/listening.html");
    assert!(module.contains("Rotate roles every 10 minutes"));
    assert!(module.contains("<td class=\"time\">20–60</td>"));
    assert!(module.contains("Before the session"), "facilitator guide");
    assert!(
        module.contains("href=\"../checklists/first-meeting.html\""),
        "assessment link"
    );
    let checklist = project.read_output("checklists/first-meeting.html");
    assert!(checklist.contains("Sign the agreement"));
    assert!(checklist.contains("Keep a copy each"));
    assert!(checklist.contains("Mentee signature"));
    assert!(checklist.contains("Phase: Getting started"));
}

/// The search index's page files (`search/page-N.js`), concatenated.
fn search_pages(project: &Project) -> String {
    let mut files: Vec<_> = std::fs::read_dir(project.path("public/search"))
        .expect("the search folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("page-"))
        })
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn search_index_covers_every_kind_of_page() {
    let project = Project::new();
    project.build().success();
    let index = project.read_output("search-index.js");
    assert!(index.starts_with("window.mentorkitSearch = {\"version\":4,\"language\":\"en\""));
    let pages = search_pages(&project);
    for path in [
        // The program overview, and its parts at their headings.
        "index.html",
        "index.html#goal-retention",
        "index.html#role-mentor",
        "index.html#phase-start",
        "index.html#expectations",
        "guides/goals/why.html",
        "training/listening.html",
        "checklists/first-meeting.html",
        "surveys/baseline.html",
    ] {
        assert!(
            pages.contains(&format!("\"path\":\"{path}\"")),
            "{path} is not indexed"
        );
    }
    // The program contact is found on the overview.
    assert!(pages.contains(
        "\"title\":\"Test Program\",\"path\":\"index.html\",\"kind\":\"program overview\""
    ));
    assert!(pages.contains("Pat Lee pat@test.example"));
    let search = project.read_output("search.html");
    assert!(search.contains("<script src=\"search.js\" defer></script>"));
    assert!(search.contains("<label for=\"mk-search-page\">"));
    let guide = project.read_output("guides/goals/why.html");
    assert!(guide.contains("<script src=\"../../search.js\" defer></script>"));
    assert!(guide.contains("data-root=\"../../\""));
}

/// Accents and case are folded, words stemmed in the handbook's language: the index maps
/// each word the handbook uses to its stem, so the browser needs no stemmer.
#[test]
fn search_terms_are_stemmed_in_the_handbook_language() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &format!("{}language: es\n", common::CONFIG),
    );
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Las mentorías\n---\n\nLos mentores y la Evaluación.\n",
    );
    project.build().success();
    let index = project.read_output("search-index.js");
    assert!(index.contains("\"language\":\"es\""));
    assert!(index.contains("\"para\""), "Spanish stop words");
    let terms: String = std::fs::read_dir(project.path("public/search"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("keys-"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    // Folded keys: no accents, lower case.
    for key in ["\"mentorias\"", "\"mentores\"", "\"evaluacion\""] {
        assert!(terms.contains(key), "{key}");
    }
    assert!(!terms.contains("mentorías") && !terms.contains("Evaluación"));
}

/// The printed handbook opens with the program at a glance and ends with every survey's paper
/// form, each question's id prefixed with its survey's so ids stay unique on the page.
#[test]
fn the_printed_handbook_holds_the_program_at_a_glance_and_every_paper_survey() {
    let project = Project::new();
    project.build().success();
    let print = project.read_output("print.html");
    assert!(print.contains("<li><a href=\"#print-overview\">The program at a glance</a></li>"));
    assert!(print.contains("<li><a href=\"#print-surveys\">Surveys</a></li>"));
    let overview = &print[print.find("id=\"print-overview\"").unwrap()..];
    let overview = &overview[..overview.find("</section>").unwrap()];
    for text in [
        "<h4>Keep new staff</h4>",
        "12-month retention",
        "<h4>Mentor</h4>",
        "<li>Meet monthly</li>",
        "<td>Weeks 1–4</td><td><strong>Getting started</strong>",
        "<li>Be on time</li>",
        "<dd>Monthly, 60 minutes; In person</dd>",
    ] {
        assert!(overview.contains(text), "{text} in {overview}");
    }
    let surveys = &print[print.find("id=\"print-surveys\"").unwrap()..];
    assert!(
        surveys.contains("<h3>Baseline</h3>") || surveys.contains("<h3>"),
        "{surveys}"
    );
    assert!(surveys.contains("id=\"print-survey-baseline-p-confidence\""));
    assert!(surveys.contains("I feel confident in my role."));
    assert!(
        !surveys.contains("data-print"),
        "no Print button inside the handbook"
    );
    // The paper survey's own page is unchanged in its ids.
    let paper = project.read_output("surveys/baseline/print.html");
    assert!(paper.contains("id=\"p-confidence\""));
}

/// A training module page has Print, a link to its place in the printable handbook, a contents
/// list of its parts and the switch to the participant view (shown by the script).
#[test]
fn a_module_page_has_print_a_contents_list_and_a_participant_view() {
    let project = Project::new();
    project.build().success();
    let module = project.read_output("training/listening.html");
    assert!(module.contains("<article class=\"module\" id=\"mk-module\">"));
    assert!(module.contains("data-view-toggle aria-controls=\"mk-module\" aria-pressed=\"false\" hidden>Participant view</button>"));
    assert!(module.contains("href=\"../print.html#print-module-listening\""));
    assert!(module.contains("<nav class=\"on-page\" aria-label=\"Parts of this module\"><ul>\n<li><a href=\"#objectives\">Objectives</a></li>"));
    assert!(module.contains("<li class=\"facilitator-only\"><a href=\"#facilitator-guide\">"));
    assert!(module.contains("<th scope=\"col\" class=\"notes\">Facilitator notes</th>"));
    let print = project.read_output("print.html");
    assert!(print.contains("id=\"print-module-listening\""));
    let curriculum = project.read_output("training/index.html");
    assert!(curriculum.contains("data-print hidden>Print the curriculum</button>"));
}

#[test]
fn print_pages_hold_every_guide_with_links_rebased() {
    let project = Project::new();
    project.write("content/guides/goals/meeting.md", RICH_GUIDE);
    project.build().success();
    let whole = project.read_output("print.html");
    assert!(whole.contains("Running a good meeting") && whole.contains("Why mentoring"));
    assert!(
        whole.contains("href=\"checklists/first-meeting.html\""),
        "links climb from the site root"
    );
    assert!(
        !whole.contains("href=\"../../checklists"),
        "links are rebased to the print page"
    );
    assert!(
        whole.contains("Mentor training curriculum"),
        "modules are included"
    );
    assert!(
        whole.contains("Sign the agreement"),
        "checklists are included"
    );
    let section = project.read_output("guides/goals/print.html");
    assert!(section.contains("href=\"../../checklists/first-meeting.html\""));
    assert!(
        project
            .read_output("guides/goals/index.html")
            .contains("href=\"../../guides/goals/print.html\"")
    );
    assert!(common::broken_links(&project.path("public")).is_empty());
}

/// The identity of a file on disk: pages kept from the previous build are the same file.
#[cfg(unix)]
fn inode(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .ino()
}

/// The test project with a second goals guide, built once.
#[cfg(unix)]
fn built_with_a_second_guide() -> Project {
    let project = Project::new();
    project.write(
        "content/guides/goals/second.md",
        "---\ntitle: Second guide\nweight: 2\n---\n\nUnrelated text.\n",
    );
    project.build().success();
    project
}

#[cfg(unix)]
#[test]
fn a_rebuild_keeps_unchanged_pages_and_writes_changed_ones() {
    let project = built_with_a_second_guide();
    let checklist = project.path("public/checklists/first-meeting.html");
    let edited = project.path("public/guides/goals/why.html");
    let (checklist_before, edited_before) = (inode(&checklist), inode(&edited));

    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", "Mentoring helps a lot."),
    );
    project.build().success();
    assert_eq!(
        inode(&checklist),
        checklist_before,
        "an unchanged page is left in place, not written again"
    );
    assert_eq!(
        inode(&edited),
        edited_before,
        "a changed page is written over its old file"
    );
    assert!(
        project
            .read_output("guides/goals/why.html")
            .contains("Mentoring helps a lot.")
    );
    // Its neighbour shows the new text nowhere but is still complete.
    assert!(
        project
            .read_output("guides/goals/second.html")
            .contains("Unrelated text.")
    );
    // Nothing of the build's staging is left next to the output folder.
    let leftovers = project.staging_leftovers();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_rebuild_deletes_the_pages_the_site_no_longer_has() {
    let project = built_with_a_second_guide();
    let checklist = project.path("public/checklists/first-meeting.html");
    let checklist_before = inode(&checklist);
    std::fs::write(project.path("public/notes.txt"), "put here by hand").unwrap();

    std::fs::remove_file(project.path("content/guides/goals/second.md")).unwrap();
    project.build().success();
    assert!(!project.path("public/guides/goals/second.html").exists());
    assert!(!project.path("public/notes.txt").exists());
    assert_eq!(inode(&checklist), checklist_before);
    assert!(
        !project
            .read_output("guides/goals/why.html")
            .contains("second.html"),
        "no page links to the deleted guide"
    );
    assert!(common::broken_links(&project.path("public")).is_empty());
    let leftovers = project.staging_leftovers();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The navigation column of a page.
fn navigation(page: &str) -> &str {
    let start = page
        .find("<nav id=\"mk-nav\"")
        .expect("a navigation column");
    let end = start + page[start..].find("</nav>").expect("the navigation ends");
    &page[start..end]
}

#[test]
fn navigation_marks_the_link_to_the_page_and_the_part_of_the_handbook_it_is_in() {
    let project = Project::new();
    project.build().success();
    // (page, the link marked, its aria-current)
    let cases = [
        ("index.html", "index.html", "page"),
        ("print.html", "print.html", "page"),
        ("training/index.html", "training/index.html", "page"),
        ("training/listening.html", "training/index.html", "true"),
        ("checklists/index.html", "checklists/index.html", "page"),
        (
            "checklists/first-meeting.html",
            "checklists/index.html",
            "true",
        ),
    ];
    for (page, link, current) in cases {
        let html = project.read_output(page);
        let nav = navigation(&html);
        assert_eq!(nav.matches("aria-current=").count(), 1, "{page}: {nav}");
        assert!(
            nav.contains(&format!("{link}\" aria-current=\"{current}\">")),
            "{page}: {nav}"
        );
    }
    // A guide page marks only its own entry in the guide list.
    let html = project.read_output("guides/goals/why.html");
    let nav = navigation(&html);
    assert_eq!(nav.matches("aria-current=").count(), 1, "{nav}");
    assert!(nav.contains("why.html\" aria-current=\"page\">"), "{nav}");
}

#[test]
fn navigation_lists_the_chunk_of_the_group_a_guide_is_in_and_marks_the_guide() {
    let project = Project::new();
    for i in 0..45 {
        project.write(
            &format!("content/guides/goals/big/g{i:02}.md"),
            &format!("---\ntitle: Big {i:02}\n---\nText.\n"),
        );
    }
    for i in 0..20 {
        project.write(
            &format!("content/guides/goals/small/s{i:02}.md"),
            &format!("---\ntitle: Small {i:02}\n---\nText.\n"),
        );
    }
    project.build().success();
    let link = |i: usize| format!("href=\"../../../guides/goals/big/g{i:02}.html\"");

    // The first chunk of 40: the page's own link is the one marked current.
    let first = project.read_output("guides/goals/big/g00.html");
    let nav = navigation(&first);
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{nav}");
    assert!(nav.contains(&format!("{} aria-current=\"page\">Big 00</a>", link(0))));
    assert!(nav.contains("Big 39") && !nav.contains("Big 40"), "{nav}");
    assert!(nav.contains(">5 more guides</a>"), "{nav}");
    // Above 60 guides a section lists only the reader's group.
    assert!(nav.contains("<span class=\"nav-group-title\">Small</span></li>"));
    assert!(!nav.contains("Small 00"));

    // Another page of the same chunk shares the list but marks itself only.
    let seventh = project.read_output("guides/goals/big/g07.html");
    let nav = navigation(&seventh);
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{nav}");
    assert!(nav.contains(&format!("{} aria-current=\"page\">Big 07</a>", link(7))));
    assert!(nav.contains(&format!("{}>Big 00</a>", link(0))));

    // The last chunk holds the rest and links back to the section for the earlier ones.
    let last = project.read_output("guides/goals/big/g42.html");
    let nav = navigation(&last);
    assert!(nav.contains(">40 earlier guides</a>"), "{nav}");
    assert!(nav.contains("Big 40") && nav.contains("Big 44") && !nav.contains("Big 39"));
    assert!(nav.contains(&format!("{} aria-current=\"page\">Big 42</a>", link(42))));

    // The reader's group in the other group of the section.
    let small = project.read_output("guides/goals/small/s03.html");
    let nav = navigation(&small);
    assert!(nav.contains("Small 19") && !nav.contains("Big 00"), "{nav}");
    assert!(nav.contains(
        "href=\"../../../guides/goals/small/s03.html\" aria-current=\"page\">Small 03</a>"
    ));

    // The section's own page marks the section link, and no guide.
    let section = project.read_output("guides/goals/index.html");
    let nav = navigation(&section);
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{nav}");
    assert!(nav.contains("href=\"../../guides/goals/index.html\" aria-current=\"page\">"));
    assert!(nav.contains("class=\"nav-section is-current\""));
}

#[test]
fn a_site_can_replace_the_navigation_guide_list() {
    let project = Project::new();
    project.write(
        "content/guides/goals/setting-goals.md",
        "---\ntitle: Setting goals\n---\nText.\n",
    );
    project.write(
        "templates/partials/nav-guides.html",
        "<ol class=\"my-guides\">{% for g in section.guides %}<li><a href=\"{{ g.url }}\">{{ g.title | upper }}</a></li>{% endfor %}</ol>",
    );
    project.build().success();
    let page = project.read_output("guides/goals/why.html");
    let nav = navigation(&page);
    assert!(nav.contains(
        "<ol class=\"my-guides\"><li><a href=\"../../guides/goals/setting-goals.html\">SETTING GOALS</a></li><li><a href=\"../../guides/goals/why.html\" aria-current=\"page\">WHY MENTORING</a></li></ol>"
    ), "{nav}");
}

#[test]
fn a_header_is_rendered_for_each_depth_and_an_override_reading_the_page_for_each_page() {
    let project = Project::new();
    project.build().success();
    // The default header prints only site-wide values and links from the page's depth.
    let home = project.read_output("index.html");
    let guide = project.read_output("guides/goals/why.html");
    let module = project.read_output("training/listening.html");
    assert!(
        home.contains("<a class=\"brand\" href=\"index.html\">"),
        "{home}"
    );
    assert!(
        guide.contains("<a class=\"brand\" href=\"../../index.html\">"),
        "{guide}"
    );
    assert!(
        module.contains("<a class=\"brand\" href=\"../index.html\">"),
        "{module}"
    );

    // An override that prints the page title is rendered on every page, with its own title.
    project.write(
        "templates/partials/header.html",
        "<header class=\"mine\">{{ page.title }} in {{ site.title }} from {{ root }}</header>",
    );
    project.build().success();
    let guide = project.read_output("guides/goals/why.html");
    assert!(
        guide
            .contains("<header class=\"mine\">Why mentoring in Test Handbook from ../../</header>"),
        "{guide}"
    );
    let module = project.read_output("training/listening.html");
    assert!(
        module
            .contains("<header class=\"mine\">Active listening in Test Handbook from ../</header>"),
        "{module}"
    );
}

#[test]
fn drafts_are_previewed_with_the_drafts_flag_and_left_out_again_without_it() {
    let project = Project::new();
    project.write(
        "content/guides/goals/wip.md",
        "---\ntitle: Unfinished\ndraft: true\n---\n\nSee [why](why.md).\n",
    );
    // A published guide may link to the draft while drafts are previewed.
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", "Mentoring helps. Next: [wip](wip.md)."),
    );
    let build = |drafts: bool| {
        let mut command = mentorkit();
        command.arg("build").arg("--root").arg(project.root());
        if drafts {
            command.arg("--drafts");
        }
        command.assert()
    };

    build(true).success();
    let draft = project.read_output("guides/goals/wip.html");
    assert!(
        draft.contains("class=\"callout callout-warning draft-notice\""),
        "{draft}"
    );
    assert!(draft.contains("<h1>Unfinished</h1>"), "{draft}");
    let why = project.read_output("guides/goals/why.html");
    assert!(
        !why.contains("draft-notice"),
        "only drafts carry the notice"
    );
    assert!(
        why.contains("href=\"../../guides/goals/wip.html\""),
        "{why}"
    );
    assert!(
        project
            .read_output("guides/goals/index.html")
            .contains("Unfinished")
    );

    // Without the flag the draft is gone again (the flag is part of what a rebuild compares),
    // and the link to it is an error as before.
    project.write("content/guides/goals/why.md", common::GUIDE);
    build(false).success();
    assert!(!project.path("public/guides/goals/wip.html").exists());
    assert!(
        !project
            .read_output("guides/goals/index.html")
            .contains("Unfinished")
    );
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", "Mentoring helps. Next: [wip](wip.md)."),
    );
    build(false)
        .code(1)
        .stderr(predicates::str::contains("link to a draft guide"));
}

/// The theme's interface text, translated by overriding `text.txt`: page titles, breadcrumbs,
/// callout titles, audience names and mentoring models all come from it.
#[test]
fn interface_text_is_translated_by_overriding_text_txt() {
    let project = Project::new();
    let default_text =
        std::fs::read_to_string(common::example_root().join("themes/default/templates/text.txt"))
            .unwrap();
    let spanish = default_text
        .replace("key == \"home\" -%}Home", "key == \"home\" -%}Inicio")
        .replace(
            "key == \"callout_warning\" -%}Warning",
            "key == \"callout_warning\" -%}Atención",
        )
        .replace("set label = \"Mentors\"", "set label = \"Mentores\"")
        .replace("One-on-one", "Individual")
        .replace("Goals & outcomes", "Metas y resultados")
        .replace(
            "search_kind_guide\" -%}guide",
            "search_kind_guide\" -%}guía",
        )
        .replace(
            "key == \"dictionary_respondent\" -%}Your name",
            "key == \"dictionary_respondent\" -%}Su nombre",
        )
        .replace(
            "-%}whole number from 1 to {{ max }}",
            "-%}número entero de 1 a {{ max }}",
        );
    assert_ne!(spanish, default_text, "the keys this test translates exist");
    project.write("templates/text.txt", &spanish);
    project.write("content/guides/goals/meeting.md", RICH_GUIDE);
    project.build().success();
    let guide = project.read_output("guides/goals/meeting.html");
    assert!(
        guide.contains("<p class=\"callout-title\">Atención</p>"),
        "callout title"
    );
    assert!(guide.contains("aria-label=\"Atención\""), "callout label");
    assert!(guide.contains(">Inicio</a>"), "breadcrumb");
    assert!(guide.contains("Metas y resultados"), "section title");
    let home = project.read_output("index.html");
    assert!(home.contains("Individual"), "mentoring model");
    assert!(
        search_pages(&project).contains("\"kind\":\"guía\""),
        "search result kind"
    );
    let checklists = project.read_output("checklists/index.html");
    assert!(
        checklists.contains("For mentores and mentees"),
        "audience name"
    );
    project.write(
        "content/surveys/baseline.yaml",
        "title: Baseline\nanonymous: false\nquestions:\n  - {id: score, type: rating, max: 7, text: How ready are you?}\n",
    );
    project.build().success();
    let dictionary = project.read_output("surveys/baseline/dictionary.csv");
    assert!(
        dictionary.contains("respondent,,Su nombre,"),
        "{dictionary}"
    );
    assert!(
        dictionary.contains("número entero de 1 a 7"),
        "{dictionary}"
    );
}

/// With an absolute `base_url` the site gets a sitemap of every readable page, departments
/// included; with a path, none.
#[test]
fn a_sitemap_lists_every_page_when_the_site_knows_its_address() {
    let project = Project::new();
    project.write("content/departments/rehab/department.yaml", "name: Rehab\n");
    project.build().success();
    assert!(!project.path("public/sitemap.xml").exists());
    mentorkit()
        .args(["build", "--root"])
        .arg(project.root())
        .args(["--base-url", "https://intranet.example.org/mentoring/"])
        .assert()
        .success();
    let xml = project.read_output("sitemap.xml");
    assert!(xml.starts_with("<?xml"), "{xml}");
    for page in [
        "index.html",
        "guides/goals/why.html",
        "departments/rehab/index.html",
        "checklists/first-meeting.html",
    ] {
        assert!(
            xml.contains(&format!(
                "<loc>https://intranet.example.org/mentoring/{page}</loc>"
            )),
            "{page}: {xml}"
        );
    }
    assert!(
        !xml.contains("404.html") && !xml.contains("search.html"),
        "{xml}"
    );
}

#[test]
fn a_guide_shows_when_it_was_last_reviewed_and_a_date_that_is_none_is_refused() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why mentoring\nreviewed: 2026-03-12\n---\n\n## The case\n\nMentoring helps.\n",
    );
    project.build().success();
    let page = project.read_output("guides/goals/why.html");
    assert!(
        page.contains("Last reviewed <time datetime=\"2026-03-12\">2026-03-12</time>"),
        "{page}"
    );
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why mentoring\nreviewed: 2026-04-31\n---\n\n## The case\n",
    );
    let assert = project.build().code(1);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains("`reviewed: 2026-04-31` is not a date"),
        "{err}"
    );
    assert!(err.contains("--> content/guides/goals/why.md:3:"), "{err}");
}
