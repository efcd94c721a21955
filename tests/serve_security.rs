//! `mentorkit serve` against hostile clients and hostile files: large files are streamed, only
//! local Host and Origin headers are answered, redirects stay on the server, half-sent requests
//! are dropped, links put in place of static files are not followed, and a source folder that
//! is moved away and back is watched again.

mod common;

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::Project;
use common::serve::{Response, Server, exchange};

#[test]
fn redirects_never_leave_the_server() {
    let project = Project::new();
    let server = Server::start(&project);
    for path in [
        "/guides/goals",
        "//guides/goals",
        "///guides/goals",
        "/%2Fguides/goals",
        "/./guides/goals",
        "/guides//goals",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 308, "{path}");
        assert_eq!(
            response.header("location").as_deref(),
            Some("/guides/goals/"),
            "{path}"
        );
    }
    let with_query = server.get("//guides/goals?x=1");
    assert_eq!(
        with_query.header("location").as_deref(),
        Some("/guides/goals/?x=1")
    );
}
/// The peak resident memory of a process, in bytes (Linux only).
#[cfg(target_os = "linux")]
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc status");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kib * 1024
}

const BIG: u64 = 200 * 1024 * 1024;

/// A sparse file of [`BIG`] bytes: zeros, with a marker at the start, the middle and the end.
fn write_big_file(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = std::fs::File::create(path).unwrap();
    file.set_len(BIG).unwrap();
    for (at, marker) in [(0, b"START"), (BIG / 2, b"MIDDL"), (BIG - 5, b"THEND")] {
        file.seek(SeekFrom::Start(at)).unwrap();
        file.write_all(marker).unwrap();
    }
}

#[test]
fn a_large_static_file_is_streamed_with_its_length_and_bytes() {
    let project = Project::new();
    write_big_file(&project.path("static/big.bin"));
    let server = Server::start(&project);

    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line);
    }
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains(&format!("content-length: {BIG}\r\n")),
        "the length is announced: {head}"
    );
    // Compared a chunk at a time, so the test itself holds little of the file.
    let mut total = 0u64;
    let mut markers = Vec::new();
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let read = reader.read(&mut chunk).unwrap();
        if read == 0 {
            break;
        }
        for (i, byte) in chunk[..read].iter().enumerate() {
            if *byte != 0 {
                markers.push((total + i as u64, *byte));
            }
        }
        total += read as u64;
    }
    assert_eq!(total, BIG);
    let expected: Vec<(u64, u8)> = [(0, b"START"), (BIG / 2, b"MIDDL"), (BIG - 5, b"THEND")]
        .into_iter()
        .flat_map(|(at, marker)| (at..).zip(marker.iter().copied()))
        .collect();
    assert_eq!(markers, expected, "every byte is the file's");

    let head = exchange(
        server.port,
        &format!(
            "HEAD /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            server.port
        ),
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some(BIG.to_string()));
    assert!(head.body.is_empty(), "HEAD sends no body");

    // Read into memory, the file alone would take 200 MB of the server's memory; streamed,
    // it takes a few buffers. The peak is the server's whole life, build included.
    #[cfg(target_os = "linux")]
    {
        let peak = peak_memory(server.child.id());
        assert!(
            peak < BIG / 2,
            "serving a {BIG}-byte file peaked at {peak} bytes of memory"
        );
    }
}

/// Breaks the handbook so every rebuild fails and the last good site (with its list of static
/// files) stays served: the window in which a static file's path is read from disk as it is now.
fn break_handbook(project: &Project, server: &mut Server) {
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("title:", "titel:"),
    );
    server.wait_for_stderr("still serving the last good build");
}

#[cfg(unix)]
#[test]
fn links_put_in_place_of_static_files_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("handout.txt"), "SECRET-OUTSIDE").unwrap();
    std::fs::create_dir(outside.path().join("docs")).unwrap();
    std::fs::write(outside.path().join("docs/notes.txt"), "SECRET-FOLDER").unwrap();

    let project = Project::new();
    project.write("static/handout.txt", "public handout");
    project.write("static/docs/notes.txt", "public notes");
    project.write("static/pipe-to-be.txt", "public");
    let mut server = Server::start(&project);
    assert_eq!(server.get("/handout.txt").body, "public handout");
    assert_eq!(server.get("/docs/notes.txt").body, "public notes");

    break_handbook(&project, &mut server);
    std::fs::remove_file(project.path("static/handout.txt")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("handout.txt"),
        project.path("static/handout.txt"),
    )
    .unwrap();
    std::fs::remove_dir_all(project.path("static/docs")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("docs"), project.path("static/docs")).unwrap();
    // A named pipe would block a plain open for reading until someone writes to it.
    std::fs::remove_file(project.path("static/pipe-to-be.txt")).unwrap();
    let made = Command::new("mkfifo")
        .arg(project.path("static/pipe-to-be.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    server.wait_for_stderr_lines("still serving the last good build", 2);

    for path in ["/handout.txt", "/docs/notes.txt", "/pipe-to-be.txt"] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "{path}: {}", response.body);
        assert!(!response.body.contains("SECRET"), "{path} leaked");
    }
    // Still the last good pages, and the overlay.
    assert_eq!(server.get("/").status, 200);
}
fn websocket_upgrade(port: u16, host: &str, origin: Option<&str>) -> Response {
    let origin = origin.map_or_else(String::new, |o| format!("Origin: {o}\r\n"));
    exchange(
        port,
        &format!(
            "GET /__mentorkit/ws HTTP/1.1\r\nHost: {host}\r\n{origin}Connection: Upgrade\r\n\
             Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        ),
    )
}

#[test]
fn only_local_hosts_are_answered() {
    let project = Project::new();
    let server = Server::start(&project);
    let port = server.port;
    let ask = |host: &str| {
        exchange(
            port,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = ask(&host);
        assert_eq!(response.status, 200, "{host}");
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        format!("127.0.0.1:{port}@evil.example"),
        format!("10.0.0.1:{port}"),
        "127.0.0.1".to_string(),
        String::new(),
    ] {
        let response = ask(&host);
        assert_eq!(response.status, 403, "Host: {host} is refused");
        assert!(!response.body.contains("Test Handbook"), "{host}");
    }
    // No Host header at all (HTTP/1.0): refused too.
    let bare = exchange(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(bare.status, 403, "{}", bare.headers);
    // The status endpoint (build diagnostics) is behind the same check.
    let status = exchange(
        port,
        &format!(
            "GET /__mentorkit/status HTTP/1.1\r\nHost: rebound.example:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status.status, 403);
    assert!(!status.body.contains("version"));
}

#[test]
fn the_reload_channel_refuses_other_origins() {
    let project = Project::new();
    let server = Server::start(&project);
    let port = server.port;
    let local = format!("127.0.0.1:{port}");
    for origin in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let response = websocket_upgrade(port, &local, Some(&origin));
        assert_eq!(response.status, 101, "{origin}: {}", response.headers);
        assert!(
            response.body.contains("\"version\""),
            "the build's state is sent"
        );
    }
    // A tool that is not a browser sends no Origin: nothing cross-site about it.
    assert_eq!(websocket_upgrade(port, &local, None).status, 101);
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        format!("https://127.0.0.1:{port}"),
        format!("http://127.0.0.1:{}", port.wrapping_add(1)),
        "null".to_string(),
    ] {
        let response = websocket_upgrade(port, &local, Some(&origin));
        assert_eq!(response.status, 403, "Origin: {origin} is refused");
    }
    // DNS rebinding: the attacker's name resolves to 127.0.0.1, Host and Origin agree.
    let rebound = websocket_upgrade(
        port,
        &format!("rebound.example:{port}"),
        Some(&format!("http://rebound.example:{port}")),
    );
    assert_eq!(rebound.status, 403);
}
/// Waits until the server closes `stream`; how long it took.
fn time_until_closed(mut stream: TcpStream) -> Duration {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut sink = Vec::new();
    // A reset is a close too.
    let _ = stream.read_to_end(&mut sink);
    started.elapsed()
}

#[test]
fn half_sent_and_silent_connections_are_dropped() {
    let project = Project::new();
    let server = Server::start(&project);
    let bound = Duration::from_secs(30);

    let mut half = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    half.write_all(b"GET /index.html HT").unwrap();
    let silent = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let mut headers_only = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        headers_only,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Slow: ",
        server.port
    )
    .unwrap();

    // A whole request, its response, then nothing: the kept-alive connection is let go too.
    let mut kept_alive = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        kept_alive,
        "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    )
    .unwrap();

    let threads: Vec<_> = [half, silent, headers_only, kept_alive]
        .into_iter()
        .map(|stream| std::thread::spawn(move || time_until_closed(stream)))
        .collect();
    for (thread, what) in threads.into_iter().zip([
        "half a request line",
        "nothing",
        "unfinished headers",
        "a request and then nothing",
    ]) {
        let waited = thread.join().unwrap();
        assert!(
            waited < bound,
            "a client that sent {what} was held for {waited:?}"
        );
    }
    // The server still answers.
    assert_eq!(server.get("/").status, 200);
}
/// Edits a guide and waits until the served page has the new text.
fn edit_is_served(project: &Project, server: &Server, marker: &str) {
    project.write(
        "content/guides/goals/why.md",
        &common::GUIDE.replace("Mentoring helps.", marker),
    );
    server.poll("/guides/goals/why.html", |r| r.body.contains(marker));
}

#[test]
fn a_source_folder_moved_away_and_back_is_watched_again() {
    let project = Project::new();
    let mut server = Server::start(&project);
    edit_is_served(&project, &server, "EDIT-BEFORE");

    // Moved away (the build fails: no program) and back.
    std::fs::rename(project.path("content"), project.path("content-away")).unwrap();
    server.wait_for_stderr("still serving the last good build");
    std::fs::rename(project.path("content-away"), project.path("content")).unwrap();
    server.wait_for_stderr("(errors fixed)");
    edit_is_served(&project, &server, "EDIT-AFTER-MOVE");

    // Deleted and written anew.
    let saved = project.path("saved-content");
    copy_folder(&project.path("content"), &saved);
    std::fs::remove_dir_all(project.path("content")).unwrap();
    server.wait_for_stderr_lines("still serving the last good build", 2);
    copy_folder(&saved, &project.path("content"));
    server.wait_for_stderr_lines("(errors fixed)", 2);
    edit_is_served(&project, &server, "EDIT-AFTER-DELETE");
}

fn copy_folder(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
