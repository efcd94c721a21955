//! Live-reload latency of `mentorkit serve`: edits one guide and measures the time until the
//! new content is served over HTTP. Not a test; run it with
//!
//! ```sh
//! cargo bench --bench serve_latency            # the example handbook and a 2,000-guide one
//! cargo bench --bench serve_latency -- 5000    # another generated size
//! ```
//!
//! Targets: under 100 ms for the example, under 300 ms for 2,000 guides. The time includes the
//! file watcher's debounce, the rebuild and the HTTP round trip.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROUNDS: usize = 15;
const SECTIONS: &[&str] = &["goals", "training", "expectations", "evaluation"];

fn main() {
    let sizes = common::sizes(&[0, 2000]);
    for size in sizes {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("handbook");
        run(&["init", root.to_str().expect("a UTF-8 temporary path")]);
        let (label, guide, page) = if size == 0 {
            (
                "example handbook".to_string(),
                "content/guides/goals/why-mentoring.md".to_string(),
                "/guides/goals/why-mentoring.html".to_string(),
            )
        } else {
            generate(&root, size);
            (
                format!("{size}-guide handbook"),
                "content/guides/goals/generated-0.md".to_string(),
                "/guides/goals/generated-0.html".to_string(),
            )
        };
        measure(&label, &root, &guide, &page);
    }
}

fn run(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_mentorkit"))
        .args(args)
        .stderr(Stdio::null())
        .status()
        .expect("mentorkit runs");
    assert!(status.success(), "mentorkit {args:?} failed");
}

/// Adds `count` guides spread over the four sections (and a few groups) to the example.
fn generate(root: &Path, count: usize) {
    for i in 0..count {
        let section = SECTIONS[i % SECTIONS.len()];
        let folder = if i % 3 == 0 {
            format!("content/guides/{section}/group-{}", i % 7)
        } else {
            format!("content/guides/{section}")
        };
        let folder = if i == 0 {
            "content/guides/goals".to_string()
        } else {
            folder
        };
        let path = root.join(folder).join(format!("generated-{i}.md"));
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create folder");
        std::fs::write(&path, guide_text(i, "first version")).expect("write guide");
    }
}

fn guide_text(i: usize, up: &str) -> String {
    format!(
        "---\ntitle: Generated guide {i}\nsummary: A generated guide for the benchmark.\naudience: [mentor, mentee]\nweight: {i}\n---\n\n\
         ## Why it matters\n\nMentoring helps new staff settle in. See [the first meeting checklist]({up}checklists/first-meeting.yaml).\n\n\
         ## What to do\n\n- Meet every month\n- Agree goals\n- Review progress at the midpoint\n\n\
         | Week | Step |\n| --- | --- |\n| 1 | Meet |\n| 4 | Review |\n\n> [!TIP]\n> Keep notes after each meeting.\n"
    )
}

struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mentorkit"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("mentorkit serve starts");
    let stderr = Arc::new(Mutex::new(String::new()));
    let pipe = child.stderr.take().expect("piped stderr");
    let sink = stderr.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if let Ok(mut text) = sink.lock() {
                text.push_str(&line);
                text.push('\n');
            }
        }
    });
    let started = Instant::now();
    let port = loop {
        let text = stderr.lock().map(|t| t.clone()).unwrap_or_default();
        if let Some(port) = text
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
        {
            break port;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "serve did not start:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let text = stderr.lock().map(|t| t.clone()).unwrap_or_default();
    assert!(text.contains("Built in"), "the first build failed:\n{text}");
    Server {
        child,
        port,
        stderr,
    }
}

fn get(port: u16, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    body
}

fn measure(label: &str, root: &Path, guide: &str, page: &str) {
    let server = start(root);
    let first_build = server
        .stderr
        .lock()
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("Built in"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let path = root.join(guide);
    let original = std::fs::read_to_string(&path).expect("read the guide");
    let mut samples = Vec::new();
    for round in 0..ROUNDS {
        let marker = format!("latency-marker-{round}");
        let text = if original.contains("Mentoring helps") {
            original.replacen("Mentoring helps", &format!("Mentoring helps ({marker})"), 1)
        } else {
            format!("{original}\n\n{marker}\n")
        };
        // Let the watcher settle between rounds so each edit is measured on its own.
        std::thread::sleep(Duration::from_millis(150));
        let started = Instant::now();
        std::fs::write(&path, text).expect("edit the guide");
        loop {
            if get(server.port, page).contains(&marker) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the edit was never served"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        samples.push(started.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = samples[samples.len() / 2];
    let p90 = samples[samples.len() * 9 / 10];
    let rebuilds: Vec<u64> = server
        .stderr
        .lock()
        .map(|t| {
            t.lines()
                .filter_map(|l| l.strip_prefix("Rebuilt in "))
                .filter_map(|l| l.split(' ').next()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let mut sorted = rebuilds.clone();
    sorted.sort_unstable();
    println!(
        "{label}: edit -> served median {:.0} ms, p90 {:.0} ms, min {:.0} ms, max {:.0} ms over {ROUNDS} edits; \
         rebuild alone median {} ms ({first_build})",
        ms(median),
        ms(p90),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        sorted.get(sorted.len() / 2).copied().unwrap_or_default(),
    );
}
