//! Browser tests with headless Chromium, driven over the DevTools protocol on a pipe
//! (`--remote-debugging-pipe`: fd 3 in, fd 4 out, NUL-separated JSON), so they need no network
//! port, no WebSocket and no extra crate. Without Chromium (or pdfinfo) they say they are
//! skipped and pass, except with `CI=true`, where a missing tool is a failure.
#![cfg(unix)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};
use std::{env, fs};

use base64::Engine;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(30);

fn in_ci() -> bool {
    env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// The path of a program on PATH, or a skip (a failure in CI) when it is missing.
fn require(names: &[&str]) -> Option<PathBuf> {
    let found = env::var_os("PATH").and_then(|paths| {
        env::split_paths(&paths)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let message = format!("{} not found", names.join(" / "));
        assert!(!in_ci(), "{message}: browser tests cannot be skipped in CI");
        eprintln!("skipped: {message}");
    }
    found
}

fn chromium() -> Option<PathBuf> {
    if let Some(path) = env::var_os("MENTORKIT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    require(&["chromium", "chromium-browser", "google-chrome"])
}

struct Browser {
    child: Child,
    input: ChildStdin,
    messages: Receiver<Value>,
    events: Vec<Value>,
    next_id: u64,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn launch(program: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("profile folder");
        // The shell moves our pipes to fds 3 and 4, where Chromium expects the protocol.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("exec \"$0\" \"$@\" 3<&0 4>&1 </dev/null >/dev/null 2>/dev/null")
            .arg(program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let input = child.stdin.take().expect("pipe to chromium");
        let output = child.stdout.take().expect("pipe from chromium");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(output);
            let mut buffer = Vec::new();
            while reader.read_until(0, &mut buffer).is_ok_and(|n| n > 0) {
                if buffer.last() == Some(&0) {
                    buffer.pop();
                }
                if let Ok(message) = serde_json::from_slice::<Value>(&buffer)
                    && sender.send(message).is_err()
                {
                    break;
                }
                buffer.clear();
            }
        });
        let mut browser = Browser {
            child,
            input,
            messages,
            events: Vec::new(),
            next_id: 0,
            session: String::new(),
            _profile: profile,
        };
        let target = browser.browser_call("Target.createTarget", json!({ "url": "about:blank" }));
        let attached = browser.browser_call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        browser.call("Page.enable", json!({}));
        browser
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("json");
        bytes.push(0);
        self.input.write_all(&bytes).expect("write to chromium");
        self.input.flush().expect("flush");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline, method);
            if message["id"] == json!(id) {
                assert!(
                    message.get("error").is_none(),
                    "{method} failed: {}",
                    message["error"]
                );
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    fn receive(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("chromium did not answer {waiting_for}"),
            Err(RecvTimeoutError::Disconnected) => panic!("chromium exited during {waiting_for}"),
        }
    }

    fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    fn wait_event(&mut self, method: &str) {
        if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
            self.events.drain(..=i);
            return;
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if self.receive(deadline, method)["method"] == method {
                return;
            }
        }
    }

    fn open(&mut self, url: &str) {
        self.events.clear();
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_event("Page.loadEventFired");
    }

    fn reload(&mut self) {
        self.events.clear();
        self.call("Page.reload", json!({}));
        self.wait_event("Page.loadEventFired");
    }

    /// Evaluates JavaScript in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "script failed: {expression}\n{}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Lets the page download files, into `folder`.
    fn allow_downloads(&mut self, folder: &Path) {
        self.browser_call(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": folder.to_string_lossy(), "eventsEnabled": true }),
        );
    }

    /// Evaluates JavaScript that gives a list of strings.
    fn eval_strings(&mut self, expression: &str) -> Vec<String> {
        let value = self.eval(expression);
        let list = value.as_array().expect("a list");
        list.iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect()
    }

    /// Waits until a JavaScript expression is truthy and returns its value.
    fn wait_for(&mut self, expression: &str) -> Value {
        self.eval(&format!(
            "new Promise((resolve, reject) => {{ const start = Date.now(); \
             (function poll() {{ let value; try {{ value = ({expression}); }} catch (e) {{}} \
             if (value) {{ resolve(value); }} else if (Date.now() - start > 10000) {{ \
             reject(new Error('timed out waiting for: ' + {expression:?})); }} \
             else {{ setTimeout(poll, 20); }} }})(); }})"
        ))
    }

    /// Presses a key as a reader would (key down, then up), in the focused element.
    fn press(&mut self, key: &str, code: &str, key_code: u32) {
        let text = if key.chars().count() == 1 { key } else { "" };
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": key_code, "text": text }),
        );
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": key_code }),
        );
    }

    /// Types text into the focused element, as an input method would.
    fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// The page's viewport, as a phone (390 x 844) or a desktop screen would have it.
    fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
        // As on a phone, scrollbars take no room from the page.
        self.call("Emulation.setScrollbarsHidden", json!({ "hidden": true }));
    }

    /// The media the page sees: `media` (screen or print, "" for the default) and the system's
    /// `prefers-color-scheme` ("" for none).
    fn emulate(&mut self, media: &str, scheme: &str) {
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "media": media, "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        );
    }

    /// One key pressed and released, as the keyboard sends it (Tab moves the focus, Enter
    /// activates a button).
    fn press_key(&mut self, key: &str, shift: bool) {
        let (code, text) = match key {
            "Tab" => (9, ""),
            "Enter" => (13, "\r"),
            "Escape" => (27, ""),
            other => panic!("no key code for {other}"),
        };
        let modifiers = if shift { 8 } else { 0 };
        for kind in ["keyDown", "keyUp"] {
            let mut event = json!({ "type": kind, "key": key, "code": key,
                "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code, "modifiers": modifiers });
            if kind == "keyDown" && !text.is_empty() {
                event["text"] = json!(text);
            }
            self.call("Input.dispatchKeyEvent", event);
        }
    }

    fn print_to_pdf(&mut self, url: &str) -> Vec<u8> {
        self.open(url);
        let result = self.call(
            "Page.printToPDF",
            json!({ "preferCSSPageSize": true, "printBackground": true, "displayHeaderFooter": false }),
        );
        base64::engine::general_purpose::STANDARD
            .decode(result["data"].as_str().expect("pdf data"))
            .expect("base64 pdf")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// What a private command (`match`, `report`) writes for the example into a new temporary
/// folder: the folder, and the page `page` in it.
fn private_page(command: &str, page: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("output folder");
    let folder = out.path().join(command);
    common::mentorkit()
        .args([command, "--root"])
        .arg(common::example_root())
        .arg("--output")
        .arg(&folder)
        .assert()
        .success();
    (out, folder.join(page))
}

/// The page `url` printed to `pdf` (written there), and its text page by page
/// (`pdftotext`), empty pages left out.
fn printed_pages(browser: &mut Browser, url: &str, pdf: &Path, pdftotext: &Path) -> Vec<String> {
    fs::write(pdf, browser.print_to_pdf(url)).expect("write pdf");
    let text = Command::new(pdftotext)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(String::from)
        .collect()
}

/// The example's page `page` (under public/) printed on Letter paper and read back page by
/// page, or `None` (a failure in CI) without Chromium or pdftotext.
fn printed_example_page(page: &str) -> Option<Vec<String>> {
    let program = chromium()?;
    let pdftotext = require(&["pdftotext"])?;
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    let url = file_url(&site.path().join("public").join(page));
    let pdf = site.path().join("printed.pdf");
    Some(printed_pages(&mut browser, &url, &pdf, &pdftotext))
}

/// The example handbook built into a temporary folder, with `print.paper` set to `paper`
/// and, when `extra` is given, extra content files.
fn example_site(paper: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("temporary folder");
    common::copy_example(copy.path());
    let config = fs::read_to_string(copy.path().join("mentorkit.yaml")).expect("example config");
    let config = config.replace("paper: letter", &format!("paper: {paper}"));
    assert!(config.contains(&format!("paper: {paper}")));
    fs::write(copy.path().join("mentorkit.yaml"), config).expect("write config");
    for (path, text) in extra {
        fs::write(copy.path().join(path), text).expect("write extra file");
    }
    common::mentorkit()
        .arg("build")
        .arg("--root")
        .arg(copy.path())
        .assert()
        .success();
    copy
}

/// Waits for one finished download in `folder` whose name ends with `suffix`.
fn downloaded(folder: &Path, suffix: &str) -> (String, String) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = fs::read_dir(folder)
            .expect("download folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|name| name.ends_with(suffix));
        // Chromium may create the file before it has written it: take it once it has content
        // that stays the same between two looks.
        if let Some(name) = found {
            let read = || fs::read_to_string(folder.join(&name)).unwrap_or_default();
            let text = read();
            std::thread::sleep(Duration::from_millis(50));
            if !text.is_empty() && read() == text {
                return (name, text);
            }
        }
        assert!(Instant::now() < deadline, "no {suffix} file was downloaded");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn filling_a_survey_downloads_csv_and_json() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let downloads = tempfile::tempdir().expect("download folder");
    let mut browser = Browser::launch(&program);
    browser.allow_downloads(downloads.path());
    browser.open(&file_url(&site.path().join("public/surveys/midpoint.html")));

    // Conditional questions wait for their condition; the download button appears.
    assert_eq!(
        browser.eval("document.getElementById('q-mentee_progress').hidden"),
        json!(true)
    );
    assert_eq!(
        browser.eval("document.querySelector('[data-survey-download=csv]').hidden"),
        json!(false)
    );

    // Submitting with required answers missing shows errors tied to the questions.
    browser.eval("document.querySelector('[data-survey-download=csv]').click()");
    assert_eq!(
        browser.eval("document.getElementById('participant_role-error').textContent"),
        json!("Please answer this question.")
    );
    assert_eq!(
        browser.eval("document.getElementById('participant_role-1').getAttribute('aria-invalid')"),
        json!("true")
    );
    assert_eq!(
        browser.eval("document.querySelector('.error-summary').hidden"),
        json!(false)
    );
    assert_eq!(
        browser.eval("document.activeElement.classList.contains('error-summary')"),
        json!(true)
    );

    // Fill in the form as a person would: click labels, type text.
    browser.eval(
        r#"(() => {
        const click = (id) => document.querySelector(`label[for="${id}"]`).click();
        const type = (id, text) => { const el = document.getElementById(id); el.value = text; el.dispatchEvent(new Event('input', { bubbles: true })); };
        click('participant_role-2');          // Mentee
        type('meetings_held', '6');
        click('meeting_formats-1');           // In person
        click('meeting_formats-2');           // Video
        click('usefulness-4');
        click('speak_openly-5');
        click('mentee_progress-4');           // shown only to mentees
        click('barriers-1');                  // yes
        type('barriers_detail', 'Shift clashes, and "no cover"\non weekends');
        type('change_one_thing', '=HYPERLINK("http://example.test","more time")');
        return true;
    })()"#,
    );
    assert_eq!(
        browser.eval("document.getElementById('q-mentee_progress').hidden"),
        json!(false)
    );
    assert_eq!(
        browser.eval("document.getElementById('q-mentor_support').hidden"),
        json!(true)
    );

    // Answers are kept while filling: a reload restores them.
    browser.reload();
    assert_eq!(
        browser.eval("document.getElementById('participant_role-2').checked"),
        json!(true)
    );
    assert_eq!(
        browser.eval("document.getElementById('meetings_held').value"),
        json!("6")
    );
    assert_eq!(
        browser.eval("document.getElementById('q-barriers_detail').hidden"),
        json!(false)
    );

    browser.eval("document.querySelector('[data-survey-download=csv]').click()");
    let (name, csv) = downloaded(downloads.path(), ".csv");
    assert!(name.starts_with("midpoint-responses-"), "{name}");
    // A byte order mark first, so spreadsheets read the file as UTF-8.
    let csv = csv.strip_prefix('\u{feff}').expect("CSV starts with a BOM");
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "submitted_at,participant_role,meetings_held,meeting_formats,meeting_cadence,usefulness,speak_openly,clear_goals,time_respected,mentee_progress,mentor_support,peer_group_attended,peer_group_satisfaction,barriers,barriers_detail,change_one_thing"
        )
    );
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("csv row")).collect();
    assert_eq!(records.len(), 1, "one row: {csv}");
    let row = &records[0];
    assert!(
        row[0].ends_with('Z') && row[0].contains('T'),
        "ISO time: {}",
        &row[0]
    );
    let answers: Vec<&str> = row.iter().skip(1).collect();
    assert_eq!(
        answers,
        [
            "Mentee",
            "6",
            "In person;Video",
            "",
            "4",
            "5",
            "",
            "",
            "4",
            "",
            "",
            "",
            "yes",
            "Shift clashes, and \"no cover\"\non weekends",
            // Typed text that a spreadsheet would run as a formula is kept as text.
            "'=HYPERLINK(\"http://example.test\",\"more time\")",
        ]
    );
    assert!(
        csv.contains("\"Shift clashes, and \"\"no cover\"\"\non weekends\""),
        "quoted: {csv}"
    );

    browser.eval("document.querySelector('[data-survey-download=json]').click()");
    let (_, text) = downloaded(downloads.path(), ".json");
    let json: Value = serde_json::from_str(&text).expect("json download");
    assert_eq!(json["participant_role"], json!("Mentee"));
    assert_eq!(json["meetings_held"], json!(6));
    assert_eq!(json["meeting_formats"], json!(["In person", "Video"]));
    assert_eq!(json["mentor_support"], Value::Null);
    assert_eq!(
        json["change_one_thing"],
        json!("=HYPERLINK(\"http://example.test\",\"more time\")"),
        "JSON keeps the answer as typed"
    );
    assert!(text.starts_with("{\n  \"submitted_at\": \""), "{text}");
    let order: Vec<usize> = [
        "\"participant_role\"",
        "\"meetings_held\"",
        "\"change_one_thing\"",
    ]
    .iter()
    .map(|key| text.find(key).expect("every column is a key"))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "columns in order: {text}"
    );
}

/// axe-core's script: `MENTORKIT_AXE`, or `node_modules/axe-core/axe.min.js` in the
/// repository (`.ci/run` installs it there); `None` (a failure in CI) without it.
fn axe_script() -> Option<String> {
    let path = env::var_os("MENTORKIT_AXE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"),
        PathBuf::from,
    );
    let script = fs::read_to_string(&path).ok();
    if script.is_none() {
        let message = format!("axe-core not found at {}", path.display());
        assert!(
            !in_ci(),
            "{message}: the accessibility check cannot be skipped in CI"
        );
        eprintln!("skipped: {message} (npm install --no-save axe-core)");
    }
    script
}

/// A guide with a task list, which the example has none of.
const TASK_LIST_GUIDE: &str = "---\ntitle: Before the first meeting\naudience: [mentor]\n---\n\n\
- [x] Read the expectations, including a line long enough to wrap under a narrow window\n\
- [ ] Book a room\n";

/// Every page of the example (all departments) has no critical or serious axe-core violation;
/// the lesser ones are listed, as the rule and how many pages have it.
#[test]
fn no_page_has_a_critical_or_serious_accessibility_violation() {
    assert_no_serious_axe_violation("");
}

/// The same in dark mode (the system setting, as a reader who never touched the toggle has
/// it): every text, badge, callout, form control and focus ring keeps AA contrast.
#[test]
fn no_page_has_a_critical_or_serious_accessibility_violation_in_dark_mode() {
    assert_no_serious_axe_violation("dark");
}

/// axe-core over every page of the example, with the system colour scheme `scheme`.
fn assert_no_serious_axe_violation(scheme: &str) {
    let Some(program) = chromium() else { return };
    let Some(axe) = axe_script() else { return };
    let site = example_site(
        "letter",
        &[("content/guides/goals/task-list.md", TASK_LIST_GUIDE)],
    );
    let mut browser = Browser::launch(&program);
    browser.emulate("", scheme);
    // Loaded into every page before its own scripts: one browser for all the pages.
    browser.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": axe }),
    );
    let public = site.path().join("public");
    let pages = common::html_files(&public);
    let (mut failures, mut lesser) = (Vec::new(), std::collections::BTreeMap::new());
    for page in pages.keys() {
        browser.open(&file_url(&public.join(page)));
        // The 404 page links its stylesheet from the server's root, which file:// lacks.
        if scheme == "dark" && !page.ends_with("404.html") {
            assert_eq!(
                browser.eval("getComputedStyle(document.body).backgroundColor"),
                json!(DARK_WASH),
                "{page} is dark"
            );
        }
        let found = browser.eval(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => \
             ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) })))",
        );
        for violation in found.as_array().expect("axe answers a list") {
            let (id, impact) = (&violation["id"], violation["impact"].as_str());
            if matches!(impact, Some("critical" | "serious")) {
                failures.push(format!(
                    "{page}: {id} ({impact:?}) at {}",
                    violation["nodes"]
                ));
            } else {
                *lesser.entry(format!("{id} ({impact:?})")).or_insert(0) += 1;
            }
        }
    }
    eprintln!(
        "{} pages checked ({scheme:?} scheme); lesser findings by pages: {lesser:?}",
        pages.len()
    );
    assert!(
        pages.len() > 100,
        "the example has every department's pages"
    );
    assert!(
        failures.is_empty(),
        "axe-core violations ({scheme:?} scheme):\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_ticked_checklist_box_is_kept_after_reload() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    let url = file_url(&site.path().join("public/checklists/first-meeting.html"));
    browser.open(&url);
    assert_eq!(
        browser.eval("document.querySelector('[data-checklist-clear]').hidden"),
        json!(false)
    );
    browser.eval("document.querySelector('label[for=\"first-meeting-1-2\"]').click()");
    browser.reload();
    assert_eq!(
        browser.eval("document.getElementById('first-meeting-1-2').checked"),
        json!(true)
    );
    assert_eq!(
        browser.eval("document.getElementById('first-meeting-1-1').checked"),
        json!(false)
    );
    assert_eq!(
        browser.eval("document.querySelector('[data-checklist-progress]').textContent"),
        json!("1 of 16 done")
    );
    // Another checklist keeps its own state.
    browser.open(&file_url(
        &site.path().join("public/checklists/closing-meeting.html"),
    ));
    assert_eq!(
        browser.eval("document.querySelectorAll('input:checked').length"),
        json!(0)
    );
    // Clear empties the list, and stays cleared.
    browser.open(&url);
    browser.eval("document.querySelector('[data-checklist-clear]').click()");
    browser.reload();
    assert_eq!(
        browser.eval("document.querySelectorAll('input:checked').length"),
        json!(0)
    );
}

#[test]
fn search_finds_pages_by_stemmed_words_and_prefixes_from_file_urls() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    let search = site.path().join("public/search.html");
    // "mentors" is stemmed to the index's "mentor"; "feedb" is the start of "feedback".
    browser.open(&format!("{}?q=mentors%20feedb", file_url(&search)));
    browser.wait_for("document.querySelectorAll('#mk-search-results a').length");
    let results = browser.eval_strings(
        "Array.from(document.querySelectorAll('#mk-search-results a')).map(a => a.getAttribute('href'))",
    );
    assert_eq!(results.len(), 10, "ten results at a time: {results:?}");
    let top: Vec<&str> = results.iter().take(5).map(String::as_str).collect();
    assert!(
        top.contains(&"guides/training/giving-and-receiving-feedback.html"),
        "a page with both words in its title ranks near the top: {top:?}"
    );
    let status = browser.eval("document.getElementById('mk-search-status').textContent");
    let total: usize = status
        .as_str()
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count in the status");
    assert_eq!(
        status,
        json!(format!("{total} pages match “mentors feedb”."))
    );
    assert!(total > 10, "{total}");
    // The snippet marks the words found, stemmed forms included.
    let marks = browser.eval_strings(
        "Array.from(document.querySelectorAll('#mk-search-results mark')).map(m => m.textContent.toLowerCase())",
    );
    assert!(marks.iter().any(|m| m.starts_with("feedb")), "{marks:?}");
    assert!(marks.iter().any(|m| m.starts_with("mentor")), "{marks:?}");
    // More results come ten at a time; modules are found too.
    browser.eval("document.getElementById('mk-search-more').click()");
    browser.wait_for("document.querySelectorAll('#mk-search-results li').length > 10");
    browser.wait_for(&format!(
        "document.querySelectorAll('#mk-search-results li').length === {}",
        total.min(20)
    ));
    // Typing narrows the results; stop words alone find nothing.
    browser.eval(
        "const i = document.getElementById('mk-search-page'); i.value = 'the and of'; i.dispatchEvent(new Event('input'))",
    );
    browser
        .wait_for("document.getElementById('mk-search-status').textContent.startsWith('No pages')");
    assert_eq!(
        browser.eval("document.querySelectorAll('#mk-search-results li').length"),
        json!(0)
    );
    assert_eq!(
        browser.eval("document.getElementById('mk-search-status').textContent"),
        json!("No pages match “the and of”.")
    );
}

/// The option texts of the header's search results, once they are shown.
fn header_options(browser: &mut Browser) -> Vec<String> {
    browser.wait_for("!document.getElementById('mk-search-options').hidden");
    let options = browser.eval(
        "Array.from(document.querySelectorAll('#mk-search-options [role=option]')).map(o => o.getAttribute('data-href') + ' | ' + o.textContent)",
    );
    options
        .as_array()
        .expect("options")
        .iter()
        .filter_map(Value::as_str)
        .map(String::from)
        .collect()
}

/// Search as you type from the header of any page, from file://: "/" gets there, a name from
/// the program overview and an accented word typed without its accent are found, with the
/// words marked, and the arrow keys and Enter open a result.
#[test]
fn search_as_you_type_from_the_header_finds_names_and_unaccented_words() {
    let Some(program) = chromium() else { return };
    let guide = "---\ntitle: Le préceptorat\nsummary: How the préceptorat model pairs a new nurse with a preceptor.\n---\n\nThe préceptorat started in Montréal.\n";
    let site = example_site("letter", &[("content/guides/goals/preceptorat.md", guide)]);
    let mut browser = Browser::launch(&program);
    let page = site
        .path()
        .join("public/guides/expectations/closing-well.html");
    browser.open(&file_url(&page));
    browser.press("/", "Slash", 191);
    assert_eq!(
        browser.eval("document.activeElement.id"),
        json!("mk-search")
    );
    // The program contact's surname, on the home page only.
    browser.type_text("okafo");
    let options = header_options(&mut browser);
    assert!(
        options[0].starts_with("../../index.html |"),
        "the program overview comes first: {options:?}"
    );
    assert!(options[0].contains("Okafor"), "{options:?}");
    let mark = browser.eval("document.querySelector('#mk-search-options mark').textContent");
    assert_eq!(mark, json!("Okafor"));
    // The open list of results is as accessible as the page, in light and in dark mode.
    if let Some(axe) = axe_script() {
        browser.eval(&axe);
        for scheme in ["light", "dark"] {
            browser.emulate("", scheme);
            let serious = browser.eval(
                "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations \
                 .filter(v => v.impact === 'critical' || v.impact === 'serious') \
                 .map(v => v.id + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
            );
            assert_eq!(
                serious,
                json!([]),
                "axe-core with the results open ({scheme})"
            );
        }
        browser.emulate("", "");
    }
    assert_eq!(
        browser.eval("document.getElementById('mk-search').getAttribute('aria-expanded')"),
        json!("true")
    );
    // An accented word typed without its accent.
    browser.eval("const box = document.getElementById('mk-search'); box.value = '';");
    browser.type_text("preceptorat");
    browser.wait_for(
        "document.querySelector('#mk-search-options [role=option]').getAttribute('data-href').includes('preceptorat')",
    );
    let marks = browser.eval(
        "Array.from(document.querySelectorAll('#mk-search-options mark')).map(m => m.textContent)",
    );
    assert!(
        marks.as_array().unwrap().iter().any(|m| m == "préceptorat"),
        "{marks}"
    );
    // Down to the first result, and Enter opens it.
    browser.press("ArrowDown", "ArrowDown", 40);
    assert_eq!(
        browser.eval("document.getElementById('mk-search').getAttribute('aria-activedescendant')"),
        json!("mk-search-option-0")
    );
    browser.events.clear();
    browser.press("Enter", "Enter", 13);
    browser.wait_event("Page.loadEventFired");
    let location = browser.eval("location.href");
    assert!(
        location
            .as_str()
            .unwrap()
            .ends_with("/public/guides/goals/preceptorat.html"),
        "{location}"
    );
    // A new page loads no piece of the index until the reader searches.
    let loaded = browser.eval(
        "Array.from(document.scripts).map(s => s.src).filter(n => n.includes('/search-index') || n.includes('/search/'))",
    );
    assert_eq!(loaded, json!([]));
}

/// Only the pieces of the index a query needs are loaded: the manifest, the key shard its
/// word is in, the postings of its terms, and the pages shown.
#[test]
fn a_query_loads_only_the_index_pieces_it_needs() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let count = |prefix: &str| {
        fs::read_dir(site.path().join("public/search"))
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .count()
    };
    assert!(
        count("postings-") >= 2 && count("keys-") >= 2,
        "the example's index is split"
    );
    let mut browser = Browser::launch(&program);
    let search = site.path().join("public/search.html");
    browser.open(&format!("{}?q=okafor", file_url(&search)));
    browser.wait_for("document.querySelectorAll('#mk-search-results a').length");
    let loaded = browser.eval_strings(
        "Array.from(document.scripts).filter(s => s.src).map(s => s.src.split('/public/')[1]).filter(n => n.startsWith('search'))",
    );
    let of = |prefix: &str| loaded.iter().filter(|n| n.starts_with(prefix)).count();
    assert!(loaded.iter().any(|n| n == "search-index.js"), "{loaded:?}");
    assert_eq!(
        of("search/keys-"),
        1,
        "one key shard for one word: {loaded:?}"
    );
    assert_eq!(of("search/postings-"), 1, "one term's postings: {loaded:?}");
    let results = browser.eval("document.querySelectorAll('#mk-search-results li').length");
    assert_eq!(
        json!(of("search/page-")),
        results,
        "a page file per result shown: {loaded:?}"
    );
}

/// 25 items with notes in five sections and a sign-off: the largest checklist that must fit.
fn twenty_five_items() -> String {
    let mut yaml = String::from(
        "title: Twenty-five items\naudience: [mentor, mentee]\nphase: midpoint\nintro: The largest checklist that must still fit on one printed page, with notes and a sign-off block.\nsections:\n",
    );
    for section in 1..=5 {
        yaml.push_str(&format!("  - title: Section {section}\n    items:\n"));
        for item in 1..=5 {
            if item == 1 {
                yaml.push_str(&format!("      - text: Item {item} of section {section}, long enough to read like a real checklist line\n        note: A short note under the item\n"));
            } else {
                yaml.push_str(&format!(
                    "      - Item {item} of section {section}, written out as a full sentence\n"
                ));
            }
        }
    }
    yaml.push_str("sign_off: [Mentor, Mentee]\n");
    yaml
}

#[test]
fn every_checklist_prints_on_one_page_on_letter_and_a4() {
    let Some(program) = chromium() else { return };
    let Some(pdfinfo) = require(&["pdfinfo"]) else {
        return;
    };
    let extra = twenty_five_items();
    let mut browser = Browser::launch(&program);
    let out = tempfile::tempdir().expect("pdf folder");
    for (paper, size) in [("letter", (612.0, 792.0)), ("a4", (595.3, 841.9))] {
        let site = example_site(paper, &[("content/checklists/twenty-five.yaml", &extra)]);
        let folder = site.path().join("public/checklists");
        let mut names: Vec<String> = fs::read_dir(&folder)
            .expect("checklists folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html") && n != "index.html" && n != "print.html")
            .collect();
        names.sort();
        assert_eq!(names.len(), 6, "{names:?}");
        for name in &names {
            let pdf = browser.print_to_pdf(&file_url(&folder.join(name)));
            let file = out.path().join(format!("{paper}-{name}.pdf"));
            fs::write(&file, pdf).expect("write pdf");
            let info = Command::new(&pdfinfo)
                .arg(&file)
                .output()
                .expect("run pdfinfo");
            let info = String::from_utf8_lossy(&info.stdout);
            let field = |key: &str| {
                info.lines()
                    .find(|l| l.starts_with(key))
                    .map(|l| l[key.len()..].trim().to_string())
                    .unwrap_or_default()
            };
            assert_eq!(field("Pages:"), "1", "{name} on {paper}:\n{info}");
            let dimensions: Vec<f64> = field("Page size:")
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            assert!(
                dimensions.len() == 2
                    && (dimensions[0] - size.0).abs() < 1.0
                    && (dimensions[1] - size.1).abs() < 1.0,
                "{name} on {paper}:\n{info}"
            );
        }
        // The printable pack: one page per checklist.
        let pdf = browser.print_to_pdf(&file_url(&folder.join("print.html")));
        let file = out.path().join(format!("{paper}-pack.pdf"));
        fs::write(&file, pdf).expect("write pdf");
        let info = Command::new(&pdfinfo)
            .arg(&file)
            .output()
            .expect("run pdfinfo");
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.contains(&format!("Pages:           {}", names.len())),
            "pack on {paper}:\n{info}"
        );
    }
}

/// The match review of the example's fictional pool prints with no pair split across pages.
#[test]
fn the_match_review_prints_each_pair_whole_on_one_page() {
    let Some(program) = chromium() else { return };
    let Some(pdftotext) = require(&["pdftotext"]) else {
        return;
    };
    let (out, review) = private_page("match", "review.html");
    let mut browser = Browser::launch(&program);
    let pdf = out.path().join("review.pdf");
    let pages = printed_pages(&mut browser, &file_url(&review), &pdf, &pdftotext);
    let text = pages.concat();
    assert!(pages.len() > 5, "{} pages", pages.len());
    let mut pairs = 0;
    for (number, page) in pages.iter().enumerate() {
        // A pair opens with its score line and closes with its runner-up line.
        let opened = page.matches("Score ").count();
        let closed =
            page.matches("Runner-up: ").count() + page.matches("No other mentor meets").count();
        assert_eq!(opened, closed, "page {} splits a pair:\n{page}", number + 1);
        pairs += opened;
    }
    assert_eq!(pairs, 57);
    assert!(text.contains("Proposed matches") && text.contains("Not matched (3)"));
}

/// The arrow keys go to the previous and next guide, but not while the reader types.
#[test]
fn arrow_keys_go_to_the_previous_and_next_page() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    let page = site
        .path()
        .join("public/guides/expectations/closing-well.html");
    browser.open(&file_url(&page));
    let next = browser.eval("document.querySelector('.prev-next a[rel=next]').href");
    let prev = browser.eval("document.querySelector('.prev-next a[rel=prev]').href");
    // Typing in the search box moves nowhere.
    browser.eval(
        "var box = document.querySelector('input[type=search]'); box.focus(); \
         box.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}))",
    );
    assert_eq!(browser.eval("location.href"), json!(file_url(&page)));
    for (key, expected) in [("ArrowRight", next), ("ArrowLeft", prev)] {
        browser.open(&file_url(&page));
        browser.events.clear();
        browser.eval(&format!(
            "document.body.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}', bubbles: true}}))"
        ));
        browser.wait_event("Page.loadEventFired");
        assert_eq!(browser.eval("location.href"), expected, "{key}");
    }
}

/// Every page of the printed handbook carries the example's version in its running header
/// and "Page x of y" in its footer (`@page` margin boxes), with "Uncontrolled when printed".
#[test]
fn every_printed_page_of_the_handbook_carries_its_version_and_number() {
    let Some(pages) = printed_example_page("print.html") else {
        return;
    };
    let text = pages.concat();
    assert!(pages.len() > 20, "{} pages", pages.len());
    for (number, page) in pages.iter().enumerate() {
        assert!(
            page.contains("Version 2.1 · Effective 2026-09-01"),
            "page {}: {page}",
            number + 1
        );
        assert!(
            page.contains("Uncontrolled when printed"),
            "page {}",
            number + 1
        );
        let footer = format!("Page {} of {}", number + 1, pages.len());
        assert!(page.contains(&footer), "page {}: no {footer:?}", number + 1);
    }
    assert!(pages[0].contains("Document control"));
    // Screen-only bands stay off paper; the organization's footer stays on.
    assert!(
        !text.to_lowercase().contains("organization-wide handbook"),
        "{}",
        pages[0]
    );
    assert!(text.contains("Printed copies are uncontrolled"));
}

/// The evaluation report of the example's fictional responses: no critical or serious axe-core
/// violation, and it prints (from file://, charts and all) as a PDF of many pages.
#[test]
fn the_evaluation_report_is_accessible_and_prints() {
    let Some(program) = chromium() else { return };
    let Some(axe) = axe_script() else { return };
    let Some(pdftotext) = require(&["pdftotext"]) else {
        return;
    };
    let (out, report) = private_page("report", "index.html");
    let mut browser = Browser::launch(&program);
    browser.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": axe }),
    );
    let url = file_url(&report);
    browser.open(&url);
    let found = browser.eval(
        "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => \
         ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) })))",
    );
    let serious: Vec<&Value> = found
        .as_array()
        .expect("axe answers a list")
        .iter()
        .filter(|v| matches!(v["impact"].as_str(), Some("critical" | "serious")))
        .collect();
    assert!(serious.is_empty(), "axe-core violations: {serious:?}");
    let pdf = out.path().join("report.pdf");
    let pages = printed_pages(&mut browser, &url, &pdf, &pdftotext);
    let text = pages.concat();
    assert!(pages.len() > 10, "{} pages", pages.len());
    assert!(text.contains("Evaluation report") && text.contains("What is withheld, and why"));
    assert!(text.matches("Net Promoter Score").count() >= 2);
}

/// A department handbook's form records its department in a column of its own, which
/// `mentorkit report` breaks the answers down by.
#[test]
fn a_department_form_downloads_its_department_with_the_answers() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let downloads = tempfile::tempdir().expect("download folder");
    let mut browser = Browser::launch(&program);
    browser.allow_downloads(downloads.path());
    browser.open(&file_url(
        &site
            .path()
            .join("public/departments/rehab/surveys/midpoint.html"),
    ));
    browser.eval(
        r#"(() => {
        const click = (id) => document.querySelector(`label[for="${id}"]`).click();
        const type = (id, text) => { const el = document.getElementById(id); el.value = text; el.dispatchEvent(new Event('input', { bubbles: true })); };
        click('participant_role-1');
        type('meetings_held', '4');
        click('usefulness-5');
        return true;
    })()"#,
    );
    browser.eval("document.querySelector('[data-survey-download=csv]').click()");
    let (_, csv) = downloaded(downloads.path(), ".csv");
    let mut lines = csv.trim_start_matches('\u{feff}').split("\r\n");
    let header = lines.next().expect("a header");
    assert!(
        header.starts_with("submitted_at,department,participant_role,"),
        "{header}"
    );
    let row = lines.next().expect("a row");
    assert!(row.contains(",rehab,Mentor,4,"), "{row}");
    browser.eval("document.querySelector('[data-survey-download=json]').click()");
    let (_, text) = downloaded(downloads.path(), ".json");
    let json: Value = serde_json::from_str(&text).expect("json download");
    assert_eq!(json["department"], json!("rehab"));
}

/// The page background (`--wash`) in the light and the dark palette.
const LIGHT_WASH: &str = "rgb(244, 246, 249)";
const DARK_WASH: &str = "rgb(17, 21, 27)";

/// A phone screen, the size the issue measured.
const PHONE: (u32, u32) = (390, 844);

fn eval_str(browser: &mut Browser, expression: &str) -> String {
    browser
        .eval(expression)
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// On a phone the header's menu button opens the navigation over the page and closes it
/// again, by keyboard alone: Tab reaches the button, Enter opens the menu and moves the focus
/// into it, Escape closes it and gives the focus back to the button.
#[test]
fn the_phone_menu_opens_and_closes_by_keyboard() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    browser.viewport(PHONE.0, PHONE.1);
    let page = "public/departments/radiology/guides/goals/why-mentoring.html";
    browser.open(&file_url(&site.path().join(page)));
    let nav_at_middle = "!!document.elementFromPoint(195, 600).closest('#mk-nav')";
    assert_eq!(browser.eval(nav_at_middle), json!(false), "closed at first");
    let on_button = "document.activeElement.matches('[data-menu-button]')";
    let mut tabs = 0;
    while browser.eval(on_button) != json!(true) {
        tabs += 1;
        assert!(tabs <= 6, "Tab does not reach the menu button soon");
        browser.press_key("Tab", false);
    }
    assert_eq!(
        eval_str(&mut browser, "document.activeElement.textContent"),
        "Menu"
    );
    browser.press_key("Enter", false);
    assert_eq!(
        eval_str(
            &mut browser,
            "document.querySelector('[data-menu-button]').getAttribute('aria-expanded')"
        ),
        "true"
    );
    assert_eq!(
        browser.eval("document.getElementById('mk-nav').contains(document.activeElement)"),
        json!(true),
        "the focus moves into the menu"
    );
    // The navigation covers the page below the header, which stays visible above it.
    assert_eq!(
        browser.eval(nav_at_middle),
        json!(true),
        "the menu is over the page"
    );
    assert_eq!(
        browser.eval("!!document.elementFromPoint(195, 10).closest('.site-header')"),
        json!(true)
    );
    assert_eq!(
        browser.eval("document.querySelector('#mk-nav').getBoundingClientRect().top < 300"),
        json!(true)
    );
    assert_eq!(
        browser.eval("document.getElementById('mk-main').inert"),
        json!(true)
    );
    // Tab stays in the menu and the header: the page behind is inert.
    browser.press_key("Tab", true);
    assert_eq!(
        browser.eval("!!document.activeElement.closest('#mk-nav, .site-header')"),
        json!(true)
    );
    browser.press_key("Escape", false);
    assert_eq!(
        browser.eval(on_button),
        json!(true),
        "the focus is back on the button"
    );
    assert_eq!(
        eval_str(
            &mut browser,
            "document.activeElement.getAttribute('aria-expanded')"
        ),
        "false"
    );
    assert_eq!(browser.eval(nav_at_middle), json!(false), "closed again");
    assert_eq!(
        browser.eval("document.getElementById('mk-main').inert"),
        json!(false)
    );
    // The button closes the menu too.
    browser.press_key("Enter", false);
    browser.eval("document.querySelector('[data-menu-button]').focus()");
    browser.press_key("Enter", false);
    assert_eq!(
        browser.eval(nav_at_middle),
        json!(false),
        "the button closes it"
    );
    assert_eq!(browser.eval(on_button), json!(true));
}

/// Without JavaScript there is no menu button, and the header's "Contents" link leads to
/// the navigation instead.
#[test]
fn without_javascript_the_phone_header_links_to_the_navigation() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    browser.viewport(PHONE.0, PHONE.1);
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    );
    browser.open(&file_url(&site.path().join("public/index.html")));
    browser.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": false }),
    );
    let visible = |selector: &str| {
        format!(
            "(() => {{ const e = document.querySelector('{selector}'); return !!e && e.getClientRects().length > 0; }})()"
        )
    };
    assert_eq!(browser.eval(&visible("[data-menu-button]")), json!(false));
    assert_eq!(browser.eval(&visible("[data-theme-toggle]")), json!(false));
    assert_eq!(
        browser.eval(&visible(".nav-jump a[href=\"#mk-nav\"]")),
        json!(true)
    );
}

/// On a phone the header and the department bar take at most a fifth of the screen, on every
/// handbook's pages; the department bar is one line (the department and the switcher).
#[test]
fn the_header_and_department_bar_take_at_most_a_fifth_of_a_phone_screen() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    let limit = f64::from(PHONE.1) * 0.2;
    // Where the switcher's button is: its right edge, and its top from the bar's top.
    let switcher = "(() => { const r = document.querySelector('.department-switcher summary').getBoundingClientRect(); \
        return [Math.round(r.right), Math.round(r.top - document.querySelector('.department-bar').getBoundingClientRect().top)]; })()";
    for handbook in [
        "",
        "departments/pharmacy/",
        "departments/radiology/",
        "departments/rehab/",
    ] {
        for page in [
            "index.html",
            "guides/goals/why-mentoring.html",
            "surveys/midpoint.html",
        ] {
            let path = format!("public/{handbook}{page}");
            browser.viewport(PHONE.0, PHONE.1);
            browser.open(&file_url(&site.path().join(&path)));
            let bottom = browser
                .eval("document.querySelector('.department-bar').getBoundingClientRect().bottom");
            let bottom = bottom.as_f64().expect("a department bar");
            eprintln!("{path}: header and department bar end at {bottom} px");
            assert!(bottom <= limit, "{path}: {bottom} px > {limit} px");
            // One line: the department's name beside the switcher, the contact in the menu.
            assert_eq!(browser.eval(switcher), json!([378, 6]), "{path} on a phone");
            assert_eq!(
                browser.eval("getComputedStyle(document.querySelector('.department-contact') || document.body).display !== 'none' && !!document.querySelector('.department-contact')"),
                json!(false),
                "{path}"
            );
            // The switcher stays at the same place in every handbook on a wide screen too.
            browser.viewport(1280, 900);
            browser.open(&file_url(&site.path().join(&path)));
            assert_eq!(
                browser.eval(switcher),
                json!([1260, 8]),
                "{path} on a wide screen"
            );
        }
    }
}

/// No page of the example, in any handbook, is wider than a phone: wide tables scroll in
/// their own box and long words wrap.
#[test]
fn no_page_is_wider_than_a_phone_screen() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    browser.viewport(PHONE.0, PHONE.1);
    let public = site.path().join("public");
    let pages = common::html_files(&public);
    assert!(pages.len() > 200, "every handbook's pages");
    let mut wide = Vec::new();
    for page in pages.keys() {
        browser.open(&file_url(&public.join(page)));
        let width = browser.eval("document.documentElement.scrollWidth");
        if width.as_u64().expect("a width in pixels") > u64::from(PHONE.0) {
            wide.push(format!("{page}: {width} px"));
        }
    }
    assert!(
        wide.is_empty(),
        "wider than {} px:\n{}",
        PHONE.0,
        wide.join("\n")
    );
    // The curriculum table scrolls inside its own box.
    browser.open(&file_url(&public.join("training/index.html")));
    assert_eq!(
        browser.eval("(() => { const t = document.querySelector('main table'); const box = t.parentElement; return [getComputedStyle(box).overflowX, box.clientWidth < 390]; })()"),
        json!(["auto", true])
    );
}

/// Dark mode follows the system setting; the header's toggle overrides it, is remembered
/// across pages and reloads, and choosing what the system says forgets the choice. Print is
/// always light.
#[test]
fn dark_mode_follows_the_system_and_the_toggle_is_remembered() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    let home = file_url(&site.path().join("public/index.html"));
    let checklist = file_url(&site.path().join("public/checklists/first-meeting.html"));
    let background = "getComputedStyle(document.body).backgroundColor";
    let theme = "document.documentElement.getAttribute('data-theme')";
    let pressed = "document.querySelector('[data-theme-toggle]').getAttribute('aria-pressed')";
    let stored = "localStorage.getItem('mentorkit-theme')";
    let toggle = "document.querySelector('[data-theme-toggle]').click()";

    browser.emulate("", "light");
    browser.open(&home);
    assert_eq!(browser.eval(background), json!(LIGHT_WASH));
    assert_eq!(browser.eval(pressed), json!("false"));
    browser.eval(toggle);
    assert_eq!(browser.eval(theme), json!("dark"));
    assert_eq!(browser.eval(background), json!(DARK_WASH));
    assert_eq!(browser.eval(pressed), json!("true"));
    assert_eq!(browser.eval(stored), json!("dark"));
    // Remembered: after a reload and on another page, set before the page's own scripts.
    browser.reload();
    assert_eq!(browser.eval(theme), json!("dark"));
    assert_eq!(browser.eval(background), json!(DARK_WASH));
    browser.open(&checklist);
    assert_eq!(browser.eval(background), json!(DARK_WASH));
    assert_eq!(browser.eval(pressed), json!("true"));
    // Printing is light whatever the screen shows.
    browser.emulate("print", "dark");
    assert_eq!(
        browser.eval("getComputedStyle(document.querySelector('main')).color"),
        json!("rgb(27, 35, 48)")
    );
    assert_eq!(browser.eval(background), json!("rgb(255, 255, 255)"));
    browser.emulate("", "light");
    // Back to light, which is what the system says: the choice is forgotten.
    browser.eval(toggle);
    assert_eq!(browser.eval(theme), Value::Null);
    assert_eq!(browser.eval(stored), Value::Null);
    assert_eq!(browser.eval(background), json!(LIGHT_WASH));

    // A dark system makes the page dark with no choice made; the toggle then chooses light.
    browser.emulate("", "dark");
    browser.open(&home);
    assert_eq!(browser.eval(theme), Value::Null);
    assert_eq!(browser.eval(background), json!(DARK_WASH));
    assert_eq!(browser.eval(pressed), json!("true"));
    browser.eval(toggle);
    assert_eq!(browser.eval(theme), json!("light"));
    assert_eq!(browser.eval(background), json!(LIGHT_WASH));
    browser.reload();
    assert_eq!(browser.eval(background), json!(LIGHT_WASH));
    assert_eq!(browser.eval(pressed), json!("false"));
    // The system turning light while the page is open updates the button (the media query's
    // change event comes a moment later).
    browser.eval(toggle);
    assert_eq!(browser.eval(pressed), json!("true"));
    browser.emulate("", "light");
    assert_eq!(browser.eval(background), json!(LIGHT_WASH));
    assert_eq!(
        browser.eval(&format!(
            "new Promise(done => {{ const end = Date.now() + 5000; (function look() {{ const v = {pressed}; \
             if (v === 'false' || Date.now() > end) {{ done(v); }} else {{ setTimeout(look, 20); }} }})(); }})"
        )),
        json!("false")
    );
}

/// A training module's participant view hides the facilitator notes and guide, on screen and
/// on paper, and is remembered; the facilitator view (the default) shows them.
#[test]
fn a_module_switches_between_the_facilitator_and_the_participant_view() {
    let Some(program) = chromium() else { return };
    let site = example_site("letter", &[]);
    let mut browser = Browser::launch(&program);
    let module = site.path().join("public/training/feedback.html");
    browser.open(&file_url(&module));
    let visible = "getComputedStyle(document.querySelector('td.notes')).display !== 'none' \
                   && getComputedStyle(document.querySelector('.facilitator-guide')).display !== 'none'";
    assert_eq!(
        browser.eval(visible),
        json!(true),
        "the facilitator view first"
    );
    browser.eval("document.querySelector('[data-view-toggle]').click()");
    assert_eq!(browser.eval(visible), json!(false));
    assert_eq!(
        browser.eval("document.querySelector('[data-view-toggle]').getAttribute('aria-pressed')"),
        json!("true")
    );
    browser.reload();
    assert_eq!(browser.eval(visible), json!(false), "remembered");
    let text = browser.eval("document.querySelector('main').innerText");
    assert!(!text.as_str().unwrap().contains("Facilitator notes"));
    browser.eval("document.querySelector('[data-view-toggle]').click()");
    assert_eq!(browser.eval(visible), json!(true));
}

/// A paper survey's closing line stays with its last question: the example's midpoint survey
/// prints on two Letter pages, not a third holding one line.
#[test]
fn a_paper_survey_leaves_no_page_with_only_its_closing_line() {
    let Some(pages) = printed_example_page("surveys/midpoint/print.html") else {
        return;
    };
    assert_eq!(pages.len(), 2, "{pages:?}");
    let last = pages.last().expect("a page");
    assert!(
        last.contains("Thank you.") && last.matches('?').count() >= 3,
        "{last}"
    );
}
