//! A running `mentorkit serve` for end-to-end tests, and raw HTTP/1.1 exchanges with it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Project;

pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `mentorkit serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub stderr: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(project: &Project) -> Server {
        Server::start_with(project, &[])
    }

    pub fn start_with(project: &Project, options: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("mentorkit"))
            .args(["serve", "--port", "0", "--root"])
            .arg(project.root())
            .args(options)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mentorkit serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = sink.lock().unwrap();
                text.push_str(&line);
                text.push('\n');
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stderr,
        };
        let line = server.wait_for_stderr("Serving the handbook at http://127.0.0.1:");
        server.port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("the address is printed");
        server
    }

    /// Waits until stderr contains `needle`; returns the line that has it.
    pub fn wait_for_stderr(&mut self, needle: &str) -> String {
        self.wait_for_stderr_lines(needle, 1)
    }

    /// Waits until stderr has `count` lines with `needle`; returns the last of them.
    pub fn wait_for_stderr_lines(&mut self, needle: &str, count: usize) -> String {
        let started = Instant::now();
        loop {
            let text = self.stderr.lock().unwrap().clone();
            let found: Vec<&str> = text.lines().filter(|l| l.contains(needle)).collect();
            if found.len() >= count {
                return found[count - 1].to_string();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("serve exited ({status}) before printing `{needle}`:\n{text}");
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no {count} `{needle}` on stderr:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A raw HTTP/1.1 GET with the server's own Host header, the path sent exactly as written
    /// (no client normalization).
    pub fn get(&self, path: &str) -> Response {
        let port = self.port;
        exchange(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
        )
    }

    /// Fetches `path` until `accept` says yes, or fails after a while.
    pub fn poll(&self, path: &str, accept: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let response = self.get(path);
            if accept(&response) {
                return response;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{path} never became as expected; last:\n{}\nstderr:\n{}",
                response.body,
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// Sends `request` exactly as written and reads the response: its head, and its body as long
/// as `Content-Length` says (or to the end). A switch to the WebSocket protocol is its head and
/// the first frame the reload channel sends.
pub fn exchange(port: u16, request: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = stream.read(&mut buffer).expect("read the response");
        if read == 0 {
            break;
        }
        raw.extend_from_slice(&buffer[..read]);
        if complete(&raw) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    Response {
        status: head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        headers: head.to_string(),
        body: body.to_string(),
    }
}

/// Whether `raw` holds a whole response (a kept-alive connection stays open after it).
fn complete(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    if head.starts_with("http/1.1 101") {
        // The reload channel's first frame: the current build's state.
        return raw[end..].windows(9).any(|w| w == b"\"version\"");
    }
    head.lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|length| length.trim().parse::<usize>().ok())
        .is_some_and(|length| raw.len() >= end + 4 + length)
}
