//! Department handbooks and themes: overlays, variants, the switcher, template precedence,
//! theme extension, and the example's three departments.

mod common;

use std::fs;
use std::path::Path;

use common::{Project, broken_links, example_root, html_files, mentorkit};
use predicates::str::contains;

fn build_example(output: &Path) -> String {
    let assert = mentorkit()
        .args(["build", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(output)
        .assert()
        .success();
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of the department switcher on a page.
fn switcher(html: &str) -> &str {
    let start = html
        .find("<details class=\"department-switcher\"")
        .expect("page has a switcher");
    let end = html[start..]
        .find("</details>")
        .expect("switcher is closed")
        + start;
    &html[start..end]
}

#[test]
fn every_department_variant_of_the_example_builds_and_its_links_resolve() {
    let out = tempfile::tempdir().unwrap();
    let stderr = build_example(out.path());
    assert!(stderr.contains("3 department handbooks"), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the example builds without warnings: {stderr}"
    );
    for id in ["radiology", "rehab", "pharmacy"] {
        let base = out.path().join("departments").join(id);
        for page in [
            "index.html",
            "style.css",
            "guides/goals/why-mentoring.html",
            "checklists/first-meeting.html",
            "training/index.html",
        ] {
            assert!(base.join(page).is_file(), "{id} lacks {page}");
        }
        assert!(
            !base.join("404.html").exists(),
            "variants use the root's 404 page"
        );
    }
    // Every href and src of every page, variants included, leads to a file, and every
    // #fragment to an id on that page.
    let broken = broken_links(out.path());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let pages = html_files(out.path());
    assert!(
        pages
            .keys()
            .filter(|p| p.starts_with("departments/"))
            .count()
            > 100
    );
}

#[test]
fn each_example_department_changes_something_real() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path());
    let site = out.path();
    let org_home = read(&site.join("index.html"));
    let radiology = site.join("departments/radiology");
    let rehab = site.join("departments/rehab");
    let pharmacy = site.join("departments/pharmacy");

    // The home page lists the departments, linking their handbooks.
    for (name, href) in [
        (
            "Radiology &amp; Imaging",
            "departments/radiology/index.html",
        ),
        ("Rehabilitation Therapy", "departments/rehab/index.html"),
        ("Pharmacy", "departments/pharmacy/index.html"),
    ] {
        assert!(
            org_home.contains(&format!("<a href=\"{href}\">{name}</a>")),
            "home lacks {name}"
        );
    }

    // Cadence: the meetings map is merged (frequency replaced, format kept).
    let home = read(&radiology.join("index.html"));
    assert!(home.contains("Weekly 30-minute check-ins"));
    assert!(!org_home.contains("Weekly 30-minute check-ins"));
    assert!(
        home.contains("In person on protected, scheduled time"),
        "format merged from program.yaml"
    );
    // An appended role, after the organization-wide ones.
    assert!(home.contains("Modality lead") && home.contains("Executive sponsor"));
    // Branding: accent colour, logo, footer text; name and contact on every page.
    assert!(home.contains("--accent: #0f6a6a"));
    assert!(radiology.join("department-logo.svg").is_file());
    assert!(home.contains("src=\"department-logo.svg\""));
    for (path, html) in html_files(&radiology) {
        assert!(
            html.contains("<strong class=\"department-name\">Radiology &amp; Imaging</strong>"),
            "{path} lacks the name"
        );
        assert!(
            html.contains("imaging-education@riverbendhealth.example"),
            "{path} lacks the contact"
        );
        assert!(
            html.contains("Imaging Education Office"),
            "{path} lacks the footer text"
        );
    }
    // An added checklist and guide, and the navigation override that links them.
    assert!(
        radiology
            .join("checklists/modality-rotation.html")
            .is_file()
    );
    assert!(!site.join("checklists/modality-rotation.html").exists());
    assert!(
        radiology
            .join("guides/expectations/meetings/mentoring-on-a-rota.html")
            .is_file()
    );
    let nav_page = read(&radiology.join("guides/goals/why-mentoring.html"));
    let nav = nav_page
        .split_once("<nav id=\"mk-nav\"")
        .and_then(|(_, rest)| rest.split_once("</nav>"))
        .map(|(nav, _)| nav)
        .expect("the radiology guide has the site navigation");
    assert!(nav.contains("href=\"../../checklists/modality-rotation.html\""));
    // The override keeps everything the theme's navigation links to, marks included.
    assert!(nav.contains("href=\"../../print.html\">Print the handbook</a>"));
    assert!(nav.contains("href=\"../../guides/goals/index.html\">Goals &amp; outcomes</a>"));
    assert!(nav.contains("href=\"../../guides/goals/why-mentoring.html\" aria-current=\"page\""));

    // Rehabilitation: a replaced guide, an appended model and matching criterion.
    let guide = read(&rehab.join("guides/expectations/meetings/running-a-good-meeting.html"));
    assert!(guide.contains("non-patient-facing block"));
    assert!(
        !read(&site.join("guides/expectations/meetings/running-a-good-meeting.html"))
            .contains("non-patient-facing block")
    );
    let rehab_home = read(&rehab.join("index.html"));
    assert!(rehab_home.contains("One-on-one + Peer + Group mentoring"));
    assert!(
        rehab_home.contains("Practice setting") && rehab_home.contains("Discipline and specialty")
    );

    // Pharmacy: a replaced checklist and a footer template override for its pages only.
    assert!(read(&pharmacy.join("checklists/first-meeting.html")).contains("CPD log"));
    assert!(!read(&site.join("checklists/first-meeting.html")).contains("CPD log"));
    assert!(read(&pharmacy.join("index.html")).contains("Medication safety concern?"));
    assert!(!read(&rehab.join("index.html")).contains("Medication safety concern?"));
    assert!(!org_home.contains("Medication safety concern?"));
}

#[test]
fn the_switcher_links_the_same_page_or_the_other_handbooks_home() {
    let out = tempfile::tempdir().unwrap();
    build_example(out.path());
    let site = out.path();

    // An organization-wide page that every department has: the same page everywhere.
    let page = read(&site.join("guides/goals/why-mentoring.html"));
    let links = switcher(&page);
    assert!(
        links.contains("href=\"why-mentoring.html\" aria-current=\"page\">Organization-wide"),
        "{links}"
    );
    for id in ["radiology", "rehab", "pharmacy"] {
        assert!(
            links.contains(&format!(
                "href=\"../../departments/{id}/guides/goals/why-mentoring.html\""
            )),
            "{links}"
        );
    }

    // A department page: the others' same page, back up to the organization-wide one.
    let page = read(&site.join("departments/pharmacy/checklists/first-meeting.html"));
    let links = switcher(&page);
    assert!(
        links.contains("href=\"../../../checklists/first-meeting.html\">Organization-wide"),
        "{links}"
    );
    assert!(
        links.contains("href=\"../../../departments/rehab/checklists/first-meeting.html\""),
        "{links}"
    );

    // A page only Radiology has: the others link to their home pages, and say so.
    let page = read(&site.join("departments/radiology/checklists/modality-rotation.html"));
    let links = switcher(&page);
    assert!(
        links.contains(
            "href=\"../../../index.html\">Organization-wide</a> <span class=\"switcher-note\">"
        ),
        "{links}"
    );
    assert!(
        links.contains("href=\"../../../departments/pharmacy/index.html\">Pharmacy"),
        "{links}"
    );
    assert!(
        links.contains("href=\"modality-rotation.html\" aria-current=\"page\""),
        "{links}"
    );
}

#[test]
fn one_department_builds_alone_at_the_root() {
    let out = tempfile::tempdir().unwrap();
    mentorkit()
        .args(["build", "--department", "pharmacy", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(out.path())
        .assert()
        .success();
    let home = read(&out.path().join("index.html"));
    assert!(home.contains("<strong class=\"department-name\">Pharmacy</strong>"));
    assert!(home.contains("Monthly for the whole year"));
    assert!(
        !home.contains("department-switcher"),
        "one handbook: nothing to switch to"
    );
    assert!(!out.path().join("departments").exists());
    assert!(out.path().join("404.html").is_file());
    assert!(read(&out.path().join("checklists/first-meeting.html")).contains("CPD log"));
    assert!(broken_links(out.path()).is_empty());

    mentorkit()
        .args(["build", "--department", "pharmacie", "--root"])
        .arg(example_root())
        .arg("--output")
        .arg(out.path().join("other"))
        .assert()
        .code(2)
        .stderr(contains("no department `pharmacie`").and(contains("did you mean `pharmacy`?")));
}

use predicates::prelude::PredicateBooleanExt;

/// A small project with two departments, `a` (overrides) and `b` (none).
fn two_departments() -> Project {
    let project = Project::new();
    project.write(
        "content/departments/a/department.yaml",
        "name: Department A\ncontact:\n  name: Ann\n",
    );
    project.write(
        "content/departments/b/department.yaml",
        "name: Department B\n",
    );
    project
}

#[test]
fn template_precedence_is_department_then_site_then_theme() {
    let project = two_departments();
    project.write(
        "templates/partials/footer.html",
        "<footer>SITE-FOOTER</footer>",
    );
    project.write(
        "templates/departments/a/partials/footer.html",
        "<footer>A-FOOTER</footer>",
    );
    project.write(
        "templates/departments/a/partials/breadcrumbs.html",
        "<nav>A-CRUMBS</nav>",
    );
    project.build().success();
    let org = project.read_output("guides/goals/why.html");
    let a = project.read_output("departments/a/guides/goals/why.html");
    let b = project.read_output("departments/b/guides/goals/why.html");
    // Department override, for its own pages only.
    assert!(a.contains("A-FOOTER") && !a.contains("SITE-FOOTER"));
    assert!(a.contains("A-CRUMBS") && !a.contains("class=\"breadcrumbs\""));
    // Site override everywhere else.
    assert!(b.contains("SITE-FOOTER") && !b.contains("A-FOOTER") && !b.contains("A-CRUMBS"));
    assert!(org.contains("SITE-FOOTER") && !org.contains("A-FOOTER"));
    // The theme for what nobody overrides.
    for html in [&org, &a, &b] {
        assert!(html.contains("class=\"site-header\""));
    }
    assert!(
        org.contains("class=\"breadcrumbs\"")
            && b.contains("class=\"breadcrumbs\"")
            && !org.contains("A-CRUMBS")
    );
}

#[test]
fn a_theme_extends_another_and_replaces_only_some_files() {
    let project = Project::new();
    project.write(
        "mentorkit.yaml",
        &format!("{}theme: riverside\n", common::CONFIG),
    );
    project.write(
        "themes/riverside/theme.yaml",
        "name: Riverside\nextends: default\n",
    );
    project.write(
        "themes/riverside/templates/partials/header.html",
        "<header>RIVERSIDE-HEADER</header>",
    );
    project.write(
        "themes/riverside/static/riverside.css",
        "body { color: navy; }",
    );
    // A site override still wins over the theme.
    project.write(
        "templates/partials/footer.html",
        "<footer>SITE-FOOTER</footer>",
    );
    project.build().success();
    let page = project.read_output("index.html");
    assert!(page.contains("RIVERSIDE-HEADER"));
    assert!(page.contains("SITE-FOOTER"));
    assert!(
        page.contains("class=\"glance\""),
        "home.html comes from the extended theme"
    );
    assert!(project.path("public/riverside.css").is_file());
    assert!(
        project.path("public/style.css").is_file(),
        "static files of the extended theme"
    );

    // Two levels: a theme extending a theme extending default.
    project.write(
        "mentorkit.yaml",
        &format!("{}theme: night\n", common::CONFIG),
    );
    project.write("themes/night/theme.yaml", "extends: riverside\n");
    project.write(
        "themes/night/templates/partials/footer.html",
        "<footer>NIGHT-FOOTER</footer>",
    );
    fs::remove_file(project.path("templates/partials/footer.html")).unwrap();
    project.build().success();
    let page = project.read_output("index.html");
    assert!(page.contains("RIVERSIDE-HEADER") && page.contains("NIGHT-FOOTER"));

    // A cycle and a missing parent are errors located at `extends`.
    project.write("themes/riverside/theme.yaml", "extends: night\n");
    project
        .build()
        .code(1)
        .stderr(contains("extends itself").and(contains("themes/riverside/theme.yaml:1:10")));
    project.write("themes/riverside/theme.yaml", "extends: defualt\n");
    project.build().code(1).stderr(
        contains("theme `defualt` not found").and(contains("themes/riverside/theme.yaml:1:10")),
    );
    project.write("themes/riverside/theme.yaml", "extnds: default\n");
    project
        .build()
        .code(1)
        .stderr(contains("unknown key `extnds`").and(contains("did you mean `extends`?")));
}

#[test]
fn department_files_add_and_replace_organization_wide_files() {
    let project = two_departments();
    project.write(
        "content/departments/a/guides/goals/why.md",
        "---\ntitle: Why mentoring in A\n---\n\nSee the [checklist](../../checklists/first-meeting.yaml) and [the extra](extra.md).\n",
    );
    project.write(
        "content/departments/a/guides/goals/extra.md",
        "---\ntitle: Extra for A\n---\n\nOnly in A.\n",
    );
    project.write(
        "content/departments/a/checklists/first-meeting.yaml",
        &common::CHECKLIST.replace("title: First meeting", "title: First meeting in A"),
    );
    project.build().success();
    let a = project.read_output("departments/a/guides/goals/why.html");
    assert!(a.contains("Why mentoring in A"));
    // Links in a department file resolve as if it were at the organization-wide place.
    assert!(
        a.contains("href=\"../../checklists/first-meeting.html\""),
        "{a}"
    );
    assert!(
        a.contains("href=\"../../guides/goals/extra.html\">the extra</a>"),
        "{a}"
    );
    assert!(
        project
            .read_output("departments/a/checklists/first-meeting.html")
            .contains("First meeting in A")
    );
    assert!(
        project
            .path("public/departments/a/guides/goals/extra.html")
            .is_file()
    );
    // Organization-wide and other departments are untouched.
    assert!(
        project
            .read_output("guides/goals/why.html")
            .contains("Why mentoring</h1>")
    );
    assert!(!project.path("public/guides/goals/extra.html").exists());
    assert!(
        !project
            .path("public/departments/b/guides/goals/extra.html")
            .exists()
    );
    assert!(
        project
            .read_output("departments/b/checklists/first-meeting.html")
            .contains("First meeting</h1>")
    );
    assert!(broken_links(&project.path("public")).is_empty());
}

#[test]
fn a_department_file_that_replaces_nothing_because_of_a_typo_is_a_warning() {
    let project = two_departments();
    project.write(
        "content/departments/a/guides/goals/wyh.md",
        "---\ntitle: Typo\n---\n\nText.\n",
    );
    project.write(
        "content/departments/a/checklists/first-meting.yaml",
        common::CHECKLIST,
    );
    project
        .build()
        .success()
        .stderr(
            contains("warning: `content/departments/a/guides/goals/wyh.md` replaces no organization-wide file")
                .and(contains("the closest organization-wide file is `content/guides/goals/why.md`"))
                .and(contains("`content/departments/a/checklists/first-meting.yaml` replaces no organization-wide file"))
                .and(contains("`content/checklists/first-meeting.yaml`")),
        );
}

#[test]
fn an_overlay_key_the_program_does_not_have_is_a_located_error() {
    let project = two_departments();
    project.write(
        "content/departments/a/department.yaml",
        "name: Department A\nprogram:\n  meetings:\n    frequncy: Weekly\n  durration_months: 6\n",
    );
    project.write(
        "content/departments/b/department.yaml",
        "name: B\nbranding:\n  acent: \"#123456\"\n",
    );
    project.build().code(1).stderr(
        contains("unknown key `frequncy`")
            .and(contains("content/departments/a/department.yaml:4:5"))
            .and(contains("did you mean `frequency`?"))
            .and(contains("unknown key `acent`"))
            .and(contains("content/departments/b/department.yaml:3:3"))
            .and(contains("did you mean `accent`?")),
    );
    project.write(
        "content/departments/a/department.yaml",
        "name: A\nprogram:\n  roles:\n    apend: []\n",
    );
    project
        .build()
        .code(1)
        .stderr(contains("unknown key `apend`").and(contains("did you mean `append`?")));
}

#[test]
fn a_department_id_must_be_a_url_segment() {
    let project = Project::new();
    project.write(
        "content/departments/Radiology Dept/department.yaml",
        "name: Radiology\n",
    );
    project.build().code(1).stderr(
        contains("department id `Radiology Dept` (the folder name) is not a valid URL segment")
            .and(contains(
                "content/departments/Radiology Dept/department.yaml:1:1",
            ))
            .and(contains("`radiology-dept`")),
    );
}

#[test]
fn overlay_references_ids_and_branding_are_checked_where_they_are_written() {
    let project = two_departments();
    project.write(
        "content/departments/a/department.yaml",
        "name: A\nbranding:\n  accent: red\n  logo: missing.svg\nprogram:\n  phases:\n    append:\n      - id: start\n        title: Again\n        weeks: [5, 6]\n        checklists: [first-meting]\n",
    );
    project.build().code(1).stderr(
        contains("`red` is not a colour")
            .and(contains("content/departments/a/department.yaml:3:11"))
            .and(contains("logo file `missing.svg` not found"))
            .and(contains("duplicate phase id `start`"))
            .and(contains("content/departments/a/department.yaml:8:13"))
            .and(contains("unknown checklist `first-meting`"))
            .and(contains("content/departments/a/department.yaml:11:22"))
            .and(contains("did you mean `first-meeting`?")),
    );
}

#[test]
fn user_text_of_a_department_is_escaped() {
    let project = Project::new();
    project.write(
        "content/departments/x/department.yaml",
        "name: \"<script>alert(1)</script>\"\nsummary: \"a & b <i>\"\nbranding:\n  footer: \"<b>bold</b>\"\n",
    );
    project.build().success();
    let home = project.read_output("index.html");
    assert!(
        home.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || home.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(!home.contains("<script>alert(1)"));
    let page = project.read_output("departments/x/index.html");
    assert!(page.contains("&lt;b&gt;bold&lt;/b&gt;") && !page.contains("<b>bold</b>"));
}

#[test]
fn a_shared_guide_shows_each_handbooks_own_embeds_and_links() {
    // Handbooks share a guide's rendering only where it comes out the same: this guide, in
    // every handbook, embeds a checklist department `a` replaces and links to a heading of a
    // guide department `b` replaces without that heading.
    let project = two_departments();
    project.write(
        "content/guides/goals/shared.md",
        "---\ntitle: Shared\n---\n\n{{ checklist(id=\"first-meeting\") }}\n\nSee [the case](why.md#the-case).\n",
    );
    project.write(
        "content/departments/a/checklists/first-meeting.yaml",
        &common::CHECKLIST.replace("title: First meeting", "title: First meeting in A"),
    );
    project.write(
        "content/departments/b/guides/goals/why.md",
        "---\ntitle: Why mentoring in B\n---\n\n## Our reasons\n\nOnly B says this.\n",
    );
    let build = project.build().success();
    let stderr = String::from_utf8_lossy(&build.get_output().stderr).into_owned();
    let org = project.read_output("guides/goals/shared.html");
    let a = project.read_output("departments/a/guides/goals/shared.html");
    let b = project.read_output("departments/b/guides/goals/shared.html");
    assert!(org.contains("First meeting</a>") && !org.contains("First meeting in A"));
    assert!(a.contains("First meeting in A</a>"), "{a}");
    assert!(b.contains("First meeting</a>") && !b.contains("First meeting in A"));
    // The missing heading is reported for b's handbook only.
    assert!(
        stderr.contains("no heading `#the-case` in content/departments/b/guides/goals/why.md"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("no heading `#the-case`").count(),
        1,
        "{stderr}"
    );
    // Only b's pages (the guide and the print pages holding it) have the dangling fragment.
    let broken = broken_links(&project.path("public"));
    assert_eq!(broken.len(), 3, "{broken:?}");
    assert!(
        broken.iter().all(|link| link.starts_with("departments/b/")),
        "{broken:?}"
    );
}

/// Every phone link of every handbook, the site's and the departments' template overrides
/// included, dials the number with its extension (RFC 3966: digits, then `;ext=`).
#[test]
fn every_phone_link_dials_the_number_with_its_extension() {
    let copy = tempfile::tempdir().expect("temporary folder");
    common::copy_example(copy.path());
    let edit = |path: &str, from: &str, to: &str| {
        let file = copy.path().join(path);
        let text = read(&file);
        assert!(text.contains(from), "{path} has {from}");
        fs::write(&file, text.replace(from, to)).expect("write");
    };
    edit(
        "mentorkit.yaml",
        "phone: 555-0142",
        "phone: +1 555-0142 ext. 5210",
    );
    edit(
        "content/departments/pharmacy/department.yaml",
        "phone: 555-0168",
        "phone: 555-0168 x12",
    );
    mentorkit()
        .args(["build", "--root"])
        .arg(copy.path())
        .assert()
        .success();
    let mut links = 0;
    for (page, html) in html_files(&copy.path().join("public")) {
        for href in common::attribute_values(&html, "href") {
            let Some(number) = href.strip_prefix("tel:") else {
                continue;
            };
            links += 1;
            let (digits, extension) = number.split_once(";ext=").unwrap_or((number, ""));
            let digits = digits.strip_prefix('+').unwrap_or(digits);
            assert!(
                !digits.is_empty()
                    && digits.chars().all(|c| c.is_ascii_digit())
                    && extension.chars().all(|c| c.is_ascii_digit()),
                "{page}: {href}"
            );
        }
    }
    let home = read(&copy.path().join("public/index.html"));
    assert!(
        home.contains("href=\"tel:+15550142;ext=5210\""),
        "the site's number"
    );
    let pharmacy = read(&copy.path().join("public/departments/pharmacy/index.html"));
    assert!(
        pharmacy.contains("href=\"tel:+15550142;ext=5210\""),
        "Pharmacy's footer override"
    );
    assert!(
        pharmacy.contains("href=\"tel:5550168;ext=12\""),
        "the department's number"
    );
    assert!(links > 400, "{links} phone links");
}
