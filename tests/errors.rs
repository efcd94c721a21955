//! Bad input is the normal case: every class of problem is reported with file, line, column,
//! the source line and a hint; all problems at once; exit code 1; the previous site untouched.

mod common;

use common::Project;
use predicates::prelude::*;
use predicates::str::contains;

/// Builds and returns stderr, asserting exit code 1.
fn failing_build(project: &Project) -> String {
    let output = project.build().code(1).get_output().stderr.clone();
    String::from_utf8(output).expect("stderr is UTF-8")
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let project = Project::new();
    project.write(
        "content/checklists/first-meeting.yaml",
        "title: First meeting\nsections:\n  - title: [unclosed\n",
    );
    let err = failing_build(&project);
    assert!(
        err.contains("--> content/checklists/first-meeting.yaml:"),
        "{err}"
    );
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let project = Project::new();
    let program = common::PROGRAM.replace("duration_months: 12", "durration_months: 12");
    project.write("content/program.yaml", &program);
    let err = failing_build(&project);
    assert!(
        err.contains("error: unknown key `durration_months`"),
        "{err}"
    );
    assert!(err.contains("--> content/program.yaml:4:1"), "{err}");
    assert!(err.contains("4 | durration_months: 12"), "{err}");
    assert!(
        err.contains("help: did you mean `duration_months`?"),
        "{err}"
    );
}

#[test]
fn wrong_type_is_located() {
    let project = Project::new();
    let module = common::MODULE
        .replace("duration_months", "x")
        .replace("duration_minutes: 60", "duration_minutes: an hour");
    project.write("content/training/listening.yaml", &module);
    let err = failing_build(&project);
    assert!(
        err.contains("--> content/training/listening.yaml:3:"),
        "{err}"
    );
    assert!(err.contains("duration_minutes: an hour"), "{err}");
}

#[test]
fn an_id_referenced_but_not_defined() {
    let project = Project::new();
    project.write(
        "content/program.yaml",
        &common::PROGRAM.replace("checklists: [first-meeting]", "checklists: [first-meting]"),
    );
    let err = failing_build(&project);
    assert!(
        err.contains("error: unknown checklist `first-meting`"),
        "{err}"
    );
    assert!(err.contains("--> content/program.yaml:25:18"), "{err}");
    assert!(err.contains("help: did you mean `first-meeting`?"), "{err}");
}

#[test]
fn unknown_phase_and_assessment_are_errors() {
    let project = Project::new();
    project.write(
        "content/checklists/first-meeting.yaml",
        &common::CHECKLIST.replace("phase: start", "phase: strat"),
    );
    project.write(
        "content/training/listening.yaml",
        &common::MODULE.replace("assessment: first-meeting", "assessment: nothing-here"),
    );
    let err = failing_build(&project);
    assert!(err.contains("error: unknown phase `strat`"), "{err}");
    assert!(
        err.contains("--> content/checklists/first-meeting.yaml:3:8"),
        "{err}"
    );
    assert!(
        err.contains("error: unknown assessment `nothing-here`"),
        "{err}"
    );
}

#[test]
fn broken_link_to_a_content_file() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n---\n\nSee [the checklist](../../checklists/first-meting.yaml) first.\n",
    );
    let err = failing_build(&project);
    assert!(
        err.contains("error: broken link `../../checklists/first-meting.yaml`"),
        "{err}"
    );
    assert!(err.contains("--> content/guides/goals/why.md:5:5"), "{err}");
    assert!(
        err.contains("did you mean `content/checklists/first-meeting.yaml`?"),
        "{err}"
    );
}

#[test]
fn unknown_embed_id() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n---\n\n{{ survey(id=\"baselin\") }}\n",
    );
    let err = failing_build(&project);
    assert!(
        err.contains("error: unknown survey `baselin` in embed"),
        "{err}"
    );
    assert!(err.contains("--> content/guides/goals/why.md:5:1"), "{err}");
}

#[test]
fn duplicate_ids() {
    let project = Project::new();
    project.write(
        "content/checklists/copy.yaml",
        &format!("id: first-meeting\n{}", common::CHECKLIST),
    );
    let program = common::PROGRAM.replace(
        "roles:\n  - id: mentor\n    title: Mentor\n",
        "roles:\n  - id: mentor\n    title: Mentor\n  - id: mentor\n    title: Mentor again\n",
    );
    project.write("content/program.yaml", &program);
    let err = failing_build(&project);
    assert!(
        err.contains("error: duplicate checklist id `first-meeting`"),
        "{err}"
    );
    assert!(
        err.contains("--> content/checklists/first-meeting.yaml:1:1"),
        "{err}"
    );
    assert!(
        err.contains("`content/checklists/copy.yaml` already uses this id"),
        "{err}"
    );
    assert!(err.contains("error: duplicate role id `mentor`"), "{err}");
}

#[test]
fn unclosed_front_matter() {
    let project = Project::new();
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n\nNo closing line.\n",
    );
    let err = failing_build(&project);
    assert!(err.contains("error: front matter is not closed"), "{err}");
    assert!(err.contains("--> content/guides/goals/why.md:1:1"), "{err}");
    assert!(err.contains("help: add a line with only `---`"), "{err}");
}

#[test]
fn file_that_is_not_utf8() {
    let project = Project::new();
    project.write_bytes(
        "content/guides/goals/latin1.md",
        b"---\ntitle: Caf\xe9\n---\n",
    );
    let err = failing_build(&project);
    assert!(err.contains("error: file is not valid UTF-8 text"), "{err}");
    assert!(
        err.contains("--> content/guides/goals/latin1.md:2:11"),
        "{err}"
    );
    assert!(err.contains("help: save the file as UTF-8"), "{err}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let project = Project::new();
    project.write(
        "content/program.yaml",
        &common::PROGRAM.replace("summary:", "sumary:"),
    );
    project.write("content/surveys/baseline.yaml", "title: [broken\n");
    project.write("content/guides/goals/why.md", "no front matter\n");
    let err = failing_build(&project);
    assert!(err.contains("unknown key `sumary`"), "{err}");
    assert!(err.contains("content/surveys/baseline.yaml"), "{err}");
    assert!(err.contains("guide has no front matter"), "{err}");
    assert!(err.contains("build failed with 3 errors"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let project = Project::new();
    project.build().success();
    let before = project.read_output("guides/goals/why.html");
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\n---\n\n[x](missing.md)\n",
    );
    failing_build(&project);
    assert_eq!(project.read_output("guides/goals/why.html"), before);
    let leftovers = project.staging_leftovers();
    assert!(
        leftovers.is_empty(),
        "no staging folders are left behind: {leftovers:?}"
    );
}

#[test]
fn a_template_error_while_pages_are_written_leaves_the_previous_site_untouched() {
    // Pages go to the staging folder as they render; a template that fails on one kind of page
    // must still leave the old site whole and no staging folder behind.
    let project = Project::new();
    project.build().success();
    let guide = project.read_output("guides/goals/why.html");
    let checklist = project.read_output("checklists/first-meeting.html");
    project.write(
        "templates/checklist.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_variable.title }}{% endblock content %}",
    );
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", "Mentoring helps, edited."),
    );
    common::mentorkit()
        .args(["build", "--root"])
        .arg(project.root())
        .assert()
        .code(1)
        .stderr(contains("cannot render checklists/first-meeting.html"));
    assert_eq!(project.read_output("guides/goals/why.html"), guide);
    assert_eq!(
        project.read_output("checklists/first-meeting.html"),
        checklist
    );
    let leftovers = project.staging_leftovers();
    assert!(
        leftovers.is_empty(),
        "no staging folders are left behind: {leftovers:?}"
    );
}

#[test]
fn a_missing_project_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    common::mentorkit()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("not a handbook project").and(contains("mentorkit init")));
}

#[test]
fn output_folder_may_not_hold_the_project() {
    let project = Project::new();
    common::mentorkit()
        .args(["build", "--root"])
        .arg(project.root())
        .arg("--output")
        .arg(project.root())
        .assert()
        .code(2)
        .stderr(contains("refusing to use"));
    assert!(
        project.path("content/program.yaml").is_file(),
        "the project is intact"
    );
}

#[test]
fn a_program_name_with_markup_is_escaped_everywhere() {
    let project = Project::new();
    project.write(
        "content/program.yaml",
        &common::PROGRAM.replace(
            "name: Test Program",
            "name: \"<script>alert('x')</script> & Co\"",
        ),
    );
    project.write(
        "mentorkit.yaml",
        &common::CONFIG.replace("title: Test Handbook", "title: \"<b>Bold</b> handbook\""),
    );
    project.build().success();
    let pages = common::html_files(&project.path("public"));
    assert!(pages.len() > 5);
    for (path, html) in &pages {
        assert!(
            !html.contains("<script>alert"),
            "{path} has the raw program name"
        );
        assert!(
            !html.contains("<b>Bold</b>"),
            "{path} has the raw site title"
        );
    }
    let home = project.read_output("index.html");
    assert!(
        home.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2F;script&gt; &amp; Co")
            || home.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co"),
        "{home}"
    );
    let checklist = project.read_output("checklists/first-meeting.html");
    assert!(
        checklist.contains("&lt;script&gt;"),
        "the checklist header shows the escaped program name"
    );
}

#[test]
fn an_error_in_the_navigation_guide_list_fails_the_build_and_names_the_partial() {
    let project = Project::new();
    project.build().success();
    let before = project.read_output("guides/goals/why.html");
    project.write(
        "templates/partials/nav-guides.html",
        "<ul>{{ section.no_such_key.title }}</ul>",
    );
    let err = failing_build(&project);
    // Every page that lists the section's guides fails the same way: one error for them all.
    assert!(err.contains("cannot render guides/goals/"), "{err}");
    assert!(err.contains("other pages"), "{err}");
    assert!(err.contains("partials/nav-guides.html"), "{err}");
    assert!(
        err.contains("--> templates/partials/nav-guides.html:1:8"),
        "{err}"
    );
    assert_eq!(project.read_output("guides/goals/why.html"), before);
}

#[test]
fn an_error_in_a_partial_rendered_once_per_depth_names_the_partial() {
    let project = Project::new();
    project.build().success();
    let before = project.read_output("guides/goals/why.html");
    // Reads only site-wide values, so it is rendered once per depth, and fails there.
    project.write(
        "templates/partials/footer.html",
        "<footer>{{ site.title | round }}</footer>",
    );
    let err = failing_build(&project);
    assert!(err.contains("cannot render"), "{err}");
    assert!(err.contains("partials/footer.html"), "{err}");
    assert!(!err.contains("mentorkit/shared"), "{err}");
    assert_eq!(project.read_output("guides/goals/why.html"), before);
}

#[test]
fn a_template_syntax_error_names_its_file_line_and_column() {
    let project = Project::new();
    project.write(
        "templates/partials/footer.html",
        "<footer>\n<p>{% if site.contact %}Contact{% endiff %}</p>\n</footer>\n",
    );
    let err = failing_build(&project);
    assert!(
        err.contains("error: template syntax error: expected"),
        "{err}"
    );
    assert!(
        err.contains("--> templates/partials/footer.html:2:"),
        "{err}"
    );
    assert!(err.contains("help: fix the template syntax"), "{err}");
    // The offending line, as for content files.
    assert!(
        err.contains("2 | <p>{% if site.contact %}Contact{% endiff %}</p>"),
        "{err}"
    );
    // The parser's own multi-line layout is not pasted into the message.
    assert!(!err.contains("^---"), "{err}");
}

#[test]
fn an_unknown_variable_is_reported_once_where_the_template_uses_it() {
    let project = Project::new();
    project.write(
        "templates/partials/footer.html",
        "<footer>\n<p>Office: {{ site.contact.nmae }}</p>\n</footer>\n",
    );
    let err = failing_build(&project);
    assert_eq!(
        err.matches("error: ").count(),
        2,
        "one error and the summary: {err}"
    );
    assert!(
        err.contains("unknown variable `site.contact.nmae` in `partials/footer.html`"),
        "{err}"
    );
    assert!(
        err.contains("other pages"),
        "it names how many pages it stopped: {err}"
    );
    assert!(
        err.contains("--> templates/partials/footer.html:2:15"),
        "{err}"
    );
    assert!(
        err.contains("2 | <p>Office: {{ site.contact.nmae }}</p>"),
        "{err}"
    );
}

#[test]
fn an_error_in_a_department_template_shows_the_line_of_that_file() {
    let project = Project::new();
    project.write(
        "content/departments/pharmacy/department.yaml",
        "name: Pharmacy\n",
    );
    project.write(
        "templates/departments/pharmacy/partials/footer.html",
        "<footer>{{ department.contakt.name }}</footer>\n",
    );
    let err = failing_build(&project);
    assert!(
        err.contains("unknown variable `department.contakt.name`"),
        "{err}"
    );
    assert!(
        err.contains("--> templates/departments/pharmacy/partials/footer.html:1:12"),
        "{err}"
    );
    assert!(
        err.contains("1 | <footer>{{ department.contakt.name }}</footer>"),
        "{err}"
    );
}

/// A broken link in a module's `guide` text is shown at its own line and column of the module
/// file, whether the text is a block (`guide: |`, indented) or on the key's line.
#[test]
fn a_broken_link_in_a_module_guide_is_located_in_the_module_file() {
    let project = Project::new();
    let module = common::MODULE.replace(
        "guide: |\n  ### Before the session\n  Print the handout.\n",
        "guide: |\n  [first](a.md) on the first line.\n\n  ### Before the session\n  Print the handout, then see [later](b.md).\n",
    );
    project.write("content/training/listening.yaml", &module);
    let err = failing_build(&project);
    let line_of = |needle: &str| module.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(
        err.contains(&format!(
            "--> content/training/listening.yaml:{}:3",
            line_of("[first]")
        )),
        "{err}"
    );
    let column = module
        .lines()
        .nth(line_of("[later]") - 1)
        .unwrap()
        .find("[later]")
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "--> content/training/listening.yaml:{}:{column}",
            line_of("[later]")
        )),
        "{err}"
    );

    let inline = common::MODULE.replace(
        "guide: |\n  ### Before the session\n  Print the handout.\n",
        "guide: \"Read [this](c.md) first.\"\n",
    );
    project.write("content/training/listening.yaml", &inline);
    let err = failing_build(&project);
    let line = line_of_in(&inline, "guide:");
    let column = inline
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("[this]")
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "--> content/training/listening.yaml:{line}:{column}"
        )),
        "{err}"
    );
}

fn line_of_in(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}
