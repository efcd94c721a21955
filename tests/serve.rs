//! `mentorkit serve`: started on a free port, fetched over plain HTTP on 127.0.0.1: pages,
//! live rebuilds, the error overlay over the last good site, traversal attempts, content types,
//! the 404 page, a port in use and a clean Ctrl-C.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::Project;
use common::serve::{PATIENCE, Server};

#[test]
fn serves_rebuilds_and_keeps_the_last_good_site_while_broken() {
    let project = Project::new();
    let mut server = Server::start(&project);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("/__mentorkit/ws"),
        "the reload script is injected"
    );
    let guide = "/guides/goals/why.html";
    assert!(server.get(guide).body.contains("Mentoring helps."));

    // An edit is served without a restart.
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", "Mentoring helps FIRST-EDIT."),
    );
    server.poll(guide, |r| r.body.contains("FIRST-EDIT"));
    server.wait_for_stderr("Rebuilt in");

    // A broken file: the error is on stderr and in an overlay over the last good page.
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("title:", "titel:"),
    );
    let broken = server.poll(guide, |r| r.body.contains("<div id=\"mentorkit-overlay\""));
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains("FIRST-EDIT"),
        "the last good page is still served"
    );
    assert!(
        broken.body.contains("unknown key `titel`"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("content/guides/goals/why.md:2:1"));
    server.wait_for_stderr("error: unknown key `titel`");
    server.wait_for_stderr("still serving the last good build");
    let status = server.get("/__mentorkit/status");
    assert!(status.body.contains("unknown key"), "{}", status.body);

    // Fixing it clears the overlay and serves the new content.
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", "SECOND-EDIT"),
    );
    let fixed = server.poll(guide, |r| r.body.contains("SECOND-EDIT"));
    assert!(!fixed.body.contains("<div id=\"mentorkit-overlay\""));
    server.wait_for_stderr("(errors fixed)");

    // serve works in memory: it never writes the output folder.
    assert!(!project.path("public").exists());
    // and `build` output never has the reload script.
    project.build().success();
    assert!(!project.read_output("index.html").contains("__mentorkit"));
}

/// Rebuilds reuse the Markdown of unchanged guides; whatever a guide's page depends on
/// besides its own text (an embedded checklist, a linked guide's headings) still shows through.
#[test]
fn rebuilds_reuse_unchanged_guides_without_serving_stale_pages() {
    let project = Project::new();
    let meeting = "---\ntitle: Meetings\nweight: 2\n---\n\nRead [the case](why.md#the-case).\n\n{{ checklist(id=\"first-meeting\") }}\n";
    project.write("content/guides/goals/meeting.md", meeting);
    let mut server = Server::start(&project);
    let page = "/guides/goals/meeting.html";
    assert!(server.get(page).body.contains("First meeting"));

    // The embedded checklist's title changes: the guide that embeds it shows the new one.
    project.write(
        "content/checklists/first-meeting.yaml",
        &common::CHECKLIST.replace("title: First meeting", "title: Our first meeting"),
    );
    server.poll(page, |r| r.body.contains("Our first meeting"));

    // The linked heading disappears from the other guide: the link is reported.
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("## The case", "## The reasons"),
    );
    server.wait_for_stderr("no heading `#the-case`");

    // The guide's own edit is served, and the other guide's edit is not lost.
    project.write(
        "content/guides/goals/meeting.md",
        &meeting.replace("Read [the case]", "Read THIRD-EDIT [the case]"),
    );
    server.poll(page, |r| r.body.contains("THIRD-EDIT"));
    assert!(
        server
            .get("/guides/goals/why.html")
            .body
            .contains("The reasons")
    );
    assert!(server.get(page).body.contains("Our first meeting"));
}

#[test]
fn drafts_are_served_with_the_drafts_flag_also_after_an_edit() {
    let project = Project::new();
    let draft = "---\ntitle: Unfinished\ndraft: true\n---\n\nFirst words.\n";
    project.write("content/guides/goals/wip.md", draft);
    let server = Server::start_with(&project, &["--drafts"]);
    let page = "/guides/goals/wip.html";
    let first = server.get(page);
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains("draft-notice"), "{}", first.body);
    // Rebuilds keep previewing drafts.
    project.write(
        "content/guides/goals/wip.md",
        &draft.replace("First words.", "Second words."),
    );
    server.poll(page, |r| {
        r.status == 200 && r.body.contains("Second words.")
    });

    // Without the flag the draft is not served.
    drop(server);
    let server = Server::start(&project);
    assert_eq!(server.get(page).status, 404);
}

#[test]
fn only_the_site_is_served_with_the_right_types_and_the_404_page() {
    let project = Project::new();
    project.write("static/handout.pdf", "%PDF-1.4 test");
    let server = Server::start(&project);

    for path in [
        "/../mentorkit.yaml",
        "/%2e%2e/mentorkit.yaml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/guides/../../mentorkit.yaml",
        "/..%2fmentorkit.yaml",
        "/..%5cmentorkit.yaml",
        "//etc/passwd",
        "/etc/passwd",
        &format!("/{}", project.path("mentorkit.yaml").display()),
        "/content/program.yaml",
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 400 | 403 | 404),
            "{path} is refused, got {}",
            response.status
        );
        assert!(
            !response.body.contains("organization:"),
            "{path} leaked the project"
        );
        assert!(
            !response.body.contains("root:x:0"),
            "{path} leaked /etc/passwd"
        );
    }

    let missing = server.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page: {}",
        missing.body
    );
    assert_eq!(
        missing.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );

    let types = [
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/handout.pdf", "application/pdf"),
    ];
    for (path, expected) in types {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type").as_deref(),
            Some(expected),
            "{path}"
        );
        assert_eq!(
            response.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
    }
    assert!(
        !server.get("/style.css").body.contains("__mentorkit"),
        "only HTML gets the script"
    );
    assert_eq!(server.get("/handout.pdf").body, "%PDF-1.4 test");

    let folder = server.get("/guides/goals");
    assert_eq!(folder.status, 308);
    assert_eq!(folder.header("location").as_deref(), Some("/guides/goals/"));
    assert_eq!(server.get("/guides/goals/").status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let project = Project::new();
    let out = common::mentorkit()
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(project.root())
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn not_a_project_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    common::mentorkit()
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a handbook project"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let project = Project::new();
    let mut server = Server::start(&project);
    assert_eq!(server.get("/").status, 200);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < PATIENCE, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    server.wait_for_stderr("Stopped serving.");
}

#[test]
fn quiet_says_where_it_serves_and_what_is_wrong_but_not_every_build() {
    let project = Project::new();
    let mut server = Server::start_with(&project, &["--quiet"]);
    assert_eq!(server.get("/").status, 200);
    project.write(
        "content/guides/goals/why.md",
        "---\ntitle: Why\nwieght: 1\n---\n\nText.\n",
    );
    server.wait_for_stderr("unknown key `wieght`");
    let text = server.stderr.lock().unwrap().clone();
    assert!(!text.contains("Built in"), "{text}");
}

#[test]
fn serves_the_pdfs_when_asked_for() {
    let project = Project::new();
    let server = Server::start(&project);
    let home = server.get("/");
    assert!(
        home.body.contains("href=\"handbook.pdf\""),
        "the home page links the PDF"
    );
    for name in [
        "handbook.pdf",
        "curriculum-workbook.pdf",
        "facilitator-guide.pdf",
    ] {
        let pdf = server.get(&format!("/{name}"));
        assert_eq!(pdf.status, 200, "{name}");
        assert_eq!(
            pdf.header("content-type").as_deref(),
            Some("application/pdf")
        );
        assert!(pdf.body.starts_with("%PDF-"), "{name} is a PDF");
    }
    // An edit makes a new PDF.
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", "Mentoring helps EDITED."),
    );
    server.poll("/guides/goals/why.html", |r| r.body.contains("EDITED"));
    assert!(server.get("/handbook.pdf").body.starts_with("%PDF-"));
}
