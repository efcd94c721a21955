//! `mentorkit serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a source
//! file changes and reloads the open pages.
//!
//! - The site is served from memory: every rebuild runs the pipeline ([`pipeline::run`]) without
//!   writing, and the new pages replace the old ones atomically. `public/` is never touched.
//! - While a rebuild has errors the last good site stays served; the diagnostics are printed on
//!   stderr and shown as an overlay on every page until the file is fixed.
//! - A request path can only name a page of the built site: paths are percent-decoded, `..`
//!   segments are refused, and the rest is looked up in the in-memory site, so nothing outside
//!   it can ever be read.
//! - A small script is injected into HTML pages here, and only here (never into `build`
//!   output). It opens a WebSocket to `/__mentorkit/ws` and reloads the page when a new build
//!   is ready.
//! - File changes come from notify through notify-debouncer-full (a burst of saves is one
//!   rebuild), with a polling watcher as the fallback where native events are unavailable.

use std::collections::{HashMap, HashSet};
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer, new_debouncer_opt,
};
use tokio::sync::broadcast;

use crate::diagnostics::{print_human, render_plain};
use crate::error::{Error, not_a_project};
use crate::pipeline::{self, Run};
use crate::render::theme::StaticSource;
use crate::resolve::NOT_FOUND_PATH;

/// The port tried first when `--port` is not given; the next ones are tried if it is taken.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the default are tried before giving up.
const PORT_ATTEMPTS: u16 = 10;
/// Quiet time after the last change before rebuilding: a burst of saves is one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often the polling fallback looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// The folders a handbook's sources live in, watched recursively.
const WATCHED_FOLDERS: &[&str] = &["content", "templates", "themes", "static"];
/// Where the reload channel and the status endpoint live; no site page can be there.
const WS_PATH: &str = "/__mentorkit/ws";
const STATUS_PATH: &str = "/__mentorkit/status";

pub struct ServeOptions {
    pub root: PathBuf,
    /// `None`: the default port, or the next free one.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub open: bool,
    /// Use the polling watcher even where native file events work.
    pub poll: bool,
    /// Serve guides marked `draft: true` too.
    pub drafts: bool,
}

impl ServeOptions {
    pub fn new(root: PathBuf) -> Self {
        ServeOptions {
            root,
            port: None,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            open: false,
            poll: false,
            drafts: false,
        }
    }
}

/// One file of the served site.
#[derive(Clone)]
enum Asset {
    Text(Arc<str>),
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// The site being served and the state of the last rebuild.
struct Snapshot {
    files: HashMap<String, Asset>,
    /// Changes with every successful build; pages reload when it differs from theirs.
    version: u64,
    /// The diagnostics of the last rebuild, when it failed (the site is the last good one).
    error: Option<String>,
}

struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<String>,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn replace(&self, snapshot: Snapshot) {
        let message = status_json(&snapshot);
        match self.snapshot.write() {
            Ok(mut guard) => *guard = Arc::new(snapshot),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(snapshot),
        }
        // No open page is not an error.
        let _ = self.events.send(message);
    }
}

fn status_json(snapshot: &Snapshot) -> String {
    serde_json::json!({ "version": snapshot.version, "error": snapshot.error }).to_string()
}

/// Runs the pipeline and turns a good run into a servable site.
fn build_snapshot(root: &Path, drafts: bool) -> (Option<HashMap<String, Asset>>, Run) {
    snapshot_of(
        pipeline::run_in_memory(root, &served(drafts)),
        HashMap::new(),
    )
}

/// The served site links from `/`, whatever base URL the project publishes at.
fn served(drafts: bool) -> pipeline::Options<'static> {
    pipeline::Options {
        base_url: Some("/"),
        drafts,
        ..pipeline::Options::default()
    }
}

/// Rebuilds, re-rendering only `pages` over the `previous` site (the search index is always
/// rebuilt).
fn rebuild_pages(
    root: &Path,
    drafts: bool,
    pages: &HashSet<String>,
    previous: &HashMap<String, Asset>,
) -> (Option<HashMap<String, Asset>>, Run) {
    let keep = |path: &str| pages.contains(path);
    let options = pipeline::Options {
        pages: Some(&keep),
        ..served(drafts)
    };
    snapshot_of(pipeline::run_in_memory(root, &options), previous.clone())
}

fn snapshot_of(
    mut run: Run,
    base: HashMap<String, Asset>,
) -> (Option<HashMap<String, Asset>>, Run) {
    let files = run.site.take().map(|site| {
        let mut files = base;
        files.reserve(site.pages.len() + site.statics.len());
        for file in site.statics {
            let asset = match file.source {
                StaticSource::Embedded(bytes) => Asset::Embedded(bytes),
                StaticSource::Disk(path) => Asset::Disk(path),
            };
            files.insert(file.path, asset);
        }
        for page in site.pages {
            files.insert(page.path, Asset::Text(Arc::from(page.html)));
        }
        files
    });
    (files, run)
}

fn diagnostics_text(run: &Run) -> String {
    render_plain(&run.diagnostics, &run.sources)
}

/// Serves until Ctrl-C. Returns the exit code's reason on failure.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    if let Some(error) = not_a_project(&options.root) {
        return Err(error);
    }
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", options.root.display())))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: other machines on the network can read the handbook while this runs; \
             drop --bind to serve on 127.0.0.1 only",
            options.bind
        );
    }
    let listener = bind(options)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot read the server address: {e}")))?;

    // Rebuilds reuse the front matter, Markdown and search entries of unchanged guides.
    crate::cache::enable();
    // First build: serve what there is, even if it fails (the overlay says why).
    let started = Instant::now();
    let first_version = epoch();
    let (files, run) = build_snapshot(&root, options.drafts);
    print_human(&run.diagnostics, &run.sources);
    let error = if files.is_some() {
        eprintln!("Built in {} ms.", started.elapsed().as_millis());
        None
    } else {
        eprintln!(
            "error: the handbook has {} error{}; fix {} and the page will reload",
            run.diagnostics.error_count(),
            if run.diagnostics.error_count() == 1 {
                ""
            } else {
                "s"
            },
            if run.diagnostics.error_count() == 1 {
                "it"
            } else {
                "them"
            },
        );
        Some(diagnostics_text(&run))
    };
    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            files: files.unwrap_or_default(),
            version: first_version,
            error,
        })),
        events,
    });

    let (changes_tx, changes_rx) = mpsc::channel::<Vec<PathBuf>>();
    let _watcher = watch(&root, options.poll, changes_tx)?;
    {
        let shared = shared.clone();
        let root = root.clone();
        let drafts = options.drafts;
        std::thread::Builder::new()
            .name("mentorkit-rebuild".into())
            .spawn(move || rebuild_loop(&root, drafts, &shared, &changes_rx, first_version))
            .map_err(|e| Error::Usage(format!("cannot start the rebuild thread: {e}")))?;
    }

    let url = format!("http://{address}/");
    eprintln!("Serving the handbook at {url} (Ctrl-C to stop)");
    if options.open
        && let Err(error) = opener::open(&url)
    {
        eprintln!("warning: could not open a browser ({error}); open {url} yourself");
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Usage(format!("cannot listen on {address}: {e}")))?;
        let app = Router::new()
            .route(WS_PATH, get(websocket))
            .route(STATUS_PATH, get(status))
            .fallback(page)
            .with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                // If the signal cannot be listened for, serve until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await
            .map_err(|e| Error::Usage(format!("the server stopped: {e}")))
    })?;
    eprintln!("Stopped serving.");
    Ok(())
}

/// A version number that differs between runs, so a page from an earlier `serve` reloads.
fn epoch() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_millis() as u64)
}

fn bind(options: &ServeOptions) -> Result<TcpListener, Error> {
    let open = |port: u16| -> io::Result<TcpListener> {
        let listener = TcpListener::bind(SocketAddr::new(options.bind, port))?;
        listener.set_nonblocking(true)?;
        Ok(listener)
    };
    match options.port {
        Some(port) => open(port).map_err(|e| {
            if e.kind() == io::ErrorKind::AddrInUse {
                Error::Usage(format!(
                    "port {port} is already in use on {}; stop the other server or choose another port with --port",
                    options.bind
                ))
            } else {
                Error::Usage(format!("cannot listen on {}:{port}: {e}", options.bind))
            }
        }),
        None => {
            let mut last = None;
            for port in DEFAULT_PORT..DEFAULT_PORT + PORT_ATTEMPTS {
                match open(port) {
                    Ok(listener) => {
                        if port != DEFAULT_PORT {
                            eprintln!(
                                "note: port {DEFAULT_PORT} is in use; using port {port} instead"
                            );
                        }
                        return Ok(listener);
                    }
                    Err(e) if e.kind() == io::ErrorKind::AddrInUse => last = Some(e),
                    Err(e) => {
                        return Err(Error::Usage(format!(
                            "cannot listen on {}:{port}: {e}",
                            options.bind
                        )));
                    }
                }
            }
            Err(Error::Usage(format!(
                "ports {DEFAULT_PORT} to {} are all in use ({}); choose a port with --port",
                DEFAULT_PORT + PORT_ATTEMPTS - 1,
                last.map_or_else(String::new, |e| e.to_string())
            )))
        }
    }
}

/// Keeps the file watcher alive; dropping it stops watching.
enum Watcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Watcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watcher::Native(d) => d.watch(path, mode),
            Watcher::Poll(d) => d.watch(path, mode),
        }
    }
}

/// Whether a changed path is one of the handbook's sources (not the output folder, not an
/// editor's swap or backup file).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = relative.components();
    let Some(first) = components.next() else {
        return false;
    };
    let first = first.as_os_str().to_string_lossy();
    if first != "mentorkit.yaml" && !WATCHED_FOLDERS.contains(&first.as_ref()) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let editor_noise = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    !editor_noise
}

fn watch(root: &Path, poll: bool, changes: mpsc::Sender<Vec<PathBuf>>) -> Result<Watcher, Error> {
    let filter_root = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let paths: Vec<PathBuf> = match result {
            Ok(events) => events
                .into_iter()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.event.paths)
                .filter(|p| is_source(&filter_root, p))
                .collect(),
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching files: {error}");
                }
                Vec::new()
            }
        };
        if !paths.is_empty() {
            // The receiver only goes away when the process is exiting.
            let _ = changes.send(paths);
        }
    };
    let native = if poll {
        None
    } else {
        match new_debouncer(DEBOUNCE, Some(DEBOUNCE / 6), handler.clone()) {
            Ok(debouncer) => Some(Watcher::Native(debouncer)),
            Err(error) => {
                eprintln!(
                    "note: native file events are unavailable ({error}); checking for changes every {} ms instead",
                    POLL_INTERVAL.as_millis()
                );
                None
            }
        }
    };
    let mut watcher = match native {
        Some(watcher) => watcher,
        None => {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            let debouncer =
                new_debouncer_opt::<_, PollWatcher, _>(DEBOUNCE, None, handler, NoCache, config)
                    .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
            Watcher::Poll(debouncer)
        }
    };
    let mut targets = vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
    for folder in WATCHED_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            targets.push((path, RecursiveMode::Recursive));
        }
    }
    for (path, mode) in targets {
        if let Err(error) = watcher.watch(&path, mode) {
            eprintln!(
                "warning: cannot watch {} ({error}); changes there need a restart",
                path.display()
            );
        }
    }
    Ok(watcher)
}

/// The front matter block of a guide's text (between the `---` lines), if it has one.
fn front_matter(text: &str) -> Option<&str> {
    // `front_matter_end` is past the closing `\n---`; the block lies between the two markers.
    let end = crate::load::front_matter_end(text)?;
    text.get(3..end - 4)
}

/// The front matter of every guide, by absolute path: an edit that leaves it alone cannot
/// change navigation, titles or order, so only that guide's page needs rendering again.
fn guide_fronts(root: &Path) -> HashMap<PathBuf, String> {
    walkdir::WalkDir::new(root.join("content/guides"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((e.path().to_path_buf(), front_matter(&text)?.to_string()))
        })
        .collect()
}

/// The pages to re-render when only guide bodies changed, or `None` when a full rebuild is
/// needed (another kind of file, a new or deleted guide, a changed front matter).
fn pages_to_rerender(
    root: &Path,
    paths: &[PathBuf],
    fronts: &HashMap<PathBuf, String>,
) -> Option<HashSet<String>> {
    let guides = root.join("content/guides");
    let mut pages = HashSet::new();
    for path in paths {
        let relative = path.strip_prefix(&guides).ok()?;
        if path.extension().is_none_or(|x| x != "md") {
            return None;
        }
        let text = std::fs::read_to_string(path).ok()?;
        if fronts.get(path).map(String::as_str) != Some(front_matter(&text)?) {
            return None;
        }
        let key = crate::diagnostics::display_path(&relative.with_extension(""));
        pages.insert(format!("guides/{key}.html"));
        // The print pages that hold the guide's text: its section's and the whole handbook's.
        let section = key.split('/').next().unwrap_or_default();
        pages.insert(format!("guides/{section}/print.html"));
        pages.insert("print.html".to_string());
    }
    Some(pages)
}

fn rebuild_loop(
    root: &Path,
    drafts: bool,
    shared: &Shared,
    changes: &mpsc::Receiver<Vec<PathBuf>>,
    first: u64,
) {
    let mut version = first;
    let mut fronts = guide_fronts(root);
    while let Ok(mut paths) = changes.recv() {
        // Changes that arrived meanwhile join this rebuild.
        while let Ok(more) = changes.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(root).ok())
            .map(crate::diagnostics::display_path)
            .collect();
        let started = Instant::now();
        crate::cache::next_generation();
        let previous = shared.current();
        let partial = if previous.error.is_none() && !previous.files.is_empty() {
            pages_to_rerender(root, &paths, &fronts)
        } else {
            None
        };
        let (files, run) = match &partial {
            Some(pages) => rebuild_pages(root, drafts, pages, &previous.files),
            None => build_snapshot(root, drafts),
        };
        let elapsed = started.elapsed().as_millis();
        let changed = summarize(&names);
        match files {
            Some(files) => {
                print_human(&run.diagnostics, &run.sources);
                version += 1;
                let fixed = if previous.error.is_some() {
                    " (errors fixed)"
                } else {
                    ""
                };
                let scope = match &partial {
                    Some(pages) => format!(
                        ", {} page{} re-rendered",
                        pages.len(),
                        if pages.len() == 1 { "" } else { "s" }
                    ),
                    None => String::new(),
                };
                eprintln!("Rebuilt in {elapsed} ms after a change to {changed}{scope}{fixed}.");
                shared.replace(Snapshot {
                    files,
                    version,
                    error: None,
                });
                if partial.is_none() {
                    fronts = guide_fronts(root);
                }
            }
            None => {
                print_human(&run.diagnostics, &run.sources);
                let count = run.diagnostics.error_count();
                eprintln!(
                    "error: rebuild after a change to {changed} failed with {count} error{}; still serving the last good build",
                    if count == 1 { "" } else { "s" }
                );
                shared.replace(Snapshot {
                    files: previous.files.clone(),
                    version: previous.version,
                    error: Some(diagnostics_text(&run)),
                });
            }
        }
    }
}

fn summarize(names: &[String]) -> String {
    match names {
        [] => "the project".into(),
        [one] => one.clone(),
        [first, rest @ ..] => format!(
            "{first} and {} other file{}",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let snapshot = shared.current();
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        status_json(&snapshot),
    )
        .into_response()
}

async fn websocket(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| reload_channel(socket, shared))
}

async fn reload_channel(mut socket: WebSocket, shared: Arc<Shared>) {
    let mut events = shared.events.subscribe();
    // The current state first: a page that loaded just before a rebuild catches up at once.
    let current = status_json(&shared.current());
    if socket.send(Message::Text(current.into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(message) => {
                    if socket.send(Message::Text(message.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let current = status_json(&shared.current());
                    if socket.send(Message::Text(current.into())).await.is_err() {
                        return;
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => {}
                _ => return,
            },
        }
    }
}

/// Why a request path cannot name a file of the site.
#[derive(Debug, PartialEq, Eq)]
pub enum PathProblem {
    /// Not valid percent-encoding or UTF-8, or a backslash or NUL in it.
    Malformed,
    /// A `..` segment: the path climbs out of the site.
    OutsideSite,
}

/// The site-relative key of a request path (`/guides/goals/` -> `guides/goals/index.html`).
pub fn site_key(raw_path: &str) -> Result<String, PathProblem> {
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| PathProblem::Malformed)?;
    if decoded.contains(['\\', '\0']) {
        return Err(PathProblem::Malformed);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(PathProblem::OutsideSite),
            other => segments.push(other),
        }
    }
    let mut key = segments.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

async fn page(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
    }
    let snapshot = shared.current();
    let raw = request.uri().path();
    let key = match site_key(raw) {
        Ok(key) => key,
        Err(PathProblem::OutsideSite) => {
            return plain(
                StatusCode::FORBIDDEN,
                "403 forbidden: the path leaves the site",
            );
        }
        Err(PathProblem::Malformed) => return plain(StatusCode::BAD_REQUEST, "400 bad request"),
    };
    if let Some(asset) = snapshot.files.get(&key) {
        return serve_asset(&snapshot, &key, asset, StatusCode::OK).await;
    }
    // `/guides/goals` -> `/guides/goals/` when that folder has an index page.
    let folder_index = format!("{key}/index.html");
    if !raw.ends_with('/') && snapshot.files.contains_key(&folder_index) {
        let mut location = format!("{raw}/");
        if let Some(query) = request.uri().query() {
            location.push('?');
            location.push_str(query);
        }
        return Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "redirect failed"));
    }
    if snapshot.files.is_empty() {
        // No good build yet: a page that shows the errors and reloads once they are fixed.
        let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mentorkit: build failed</title></head><body><h1>The handbook does not build yet</h1><p>Fix the errors below; this page reloads by itself.</p></body></html>";
        return html_response(&snapshot, html, StatusCode::SERVICE_UNAVAILABLE);
    }
    match snapshot.files.get(NOT_FOUND_PATH) {
        Some(asset) => serve_asset(&snapshot, NOT_FOUND_PATH, asset, StatusCode::NOT_FOUND).await,
        None => plain(StatusCode::NOT_FOUND, "404 not found"),
    }
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let essence = mime.essence_str();
    let textual = mime.type_() == "text"
        || essence == "application/javascript"
        || essence == "application/json"
        || essence == "image/svg+xml";
    if textual {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

async fn serve_asset(
    snapshot: &Snapshot,
    key: &str,
    asset: &Asset,
    status: StatusCode,
) -> Response {
    if key.ends_with(".html")
        && let Asset::Text(text) = asset
    {
        return html_response(snapshot, text, status);
    }
    let body = match asset {
        Asset::Text(text) => Body::from(text.to_string()),
        Asset::Embedded(bytes) => Body::from(*bytes),
        // Static files are small; reading them inline keeps the server simple.
        Asset::Disk(path) => match std::fs::read(path) {
            Ok(bytes) => Body::from(bytes),
            Err(error) => {
                return plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("cannot read {}: {error}", path.display()),
                );
            }
        },
    };
    with_headers(status, &content_type(key), body)
}

fn with_headers(status: StatusCode, content_type: &str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn html_response(snapshot: &Snapshot, html: &str, status: StatusCode) -> Response {
    with_headers(
        status,
        "text/html; charset=utf-8",
        Body::from(inject(html, snapshot)),
    )
}

/// The reload script (and the error overlay, while a build error exists) added before
/// `</body>`. Served pages only; `build` output never has it.
pub fn inject(html: &str, snapshot_version: &impl InjectState) -> String {
    let mut addition = String::new();
    if let Some(error) = snapshot_version.error() {
        addition.push_str(&overlay_html(error));
    }
    addition.push_str(
        &RELOAD_SCRIPT
            .replace("__VERSION__", &snapshot_version.version().to_string())
            .replace("OVERLAY_STYLE", OVERLAY_STYLE),
    );
    match html.rfind("</body>") {
        Some(at) => {
            let mut out = String::with_capacity(html.len() + addition.len());
            out.push_str(&html[..at]);
            out.push_str(&addition);
            out.push_str(&html[at..]);
            out
        }
        None => format!("{html}{addition}"),
    }
}

/// What [`inject`] needs to know about the served build.
pub trait InjectState {
    fn version(&self) -> u64;
    fn error(&self) -> Option<&str>;
}

impl InjectState for Snapshot {
    fn version(&self) -> u64 {
        self.version
    }
    fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

const OVERLAY_STYLE: &str = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:70vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#fde8e8;border:2px solid #e5484d;border-radius:8px;padding:1rem 1.25rem;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";

fn overlay_html(error: &str) -> String {
    format!(
        "<div id=\"mentorkit-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>mentorkit: the handbook has errors; this is the last good build.</strong> <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right\">Dismiss</button><pre style=\"white-space:pre-wrap;margin:.75rem 0 0\">{}</pre></div>",
        crate::render::theme::escape_html(error)
    )
}

const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var version = __VERSION__;
  var style = "OVERLAY_STYLE";
  function overlay(text) {
    var box = document.getElementById("mentorkit-overlay");
    if (!text) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "mentorkit-overlay";
      box.setAttribute("role", "alert");
      box.setAttribute("style", style);
      document.body.appendChild(box);
    }
    box.innerHTML = "<strong>mentorkit: the handbook has errors; this is the last good build.</strong> "
      + "<button type=\"button\" style=\"float:right\">Dismiss</button><pre style=\"white-space:pre-wrap;margin:.75rem 0 0\"></pre>";
    box.querySelector("pre").textContent = text;
    box.querySelector("button").onclick = function () { box.remove(); };
  }
  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__mentorkit/ws");
    socket.onopen = function () { delay = 250; };
    socket.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.version !== version && !state.error) { location.reload(); return; }
      overlay(state.error);
    };
    socket.onclose = function () { setTimeout(function () { connect(Math.min(delay * 2, 5000)); }, delay); };
  }
  connect(250);
})();
</script>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_site_keys() {
        assert_eq!(site_key("/").unwrap(), "index.html");
        assert_eq!(
            site_key("/guides/goals/").unwrap(),
            "guides/goals/index.html"
        );
        assert_eq!(site_key("/style.css").unwrap(), "style.css");
        assert_eq!(site_key("//etc/passwd").unwrap(), "etc/passwd");
        assert_eq!(site_key("/a%20b.html").unwrap(), "a b.html");
    }

    #[test]
    fn climbing_out_is_refused() {
        assert_eq!(site_key("/../Cargo.toml"), Err(PathProblem::OutsideSite));
        assert_eq!(
            site_key("/%2e%2e/Cargo.toml"),
            Err(PathProblem::OutsideSite)
        );
        assert_eq!(
            site_key("/a/%2E%2E/%2e%2e/x"),
            Err(PathProblem::OutsideSite)
        );
        assert_eq!(site_key("/..%2fCargo.toml"), Err(PathProblem::OutsideSite));
        assert_eq!(site_key("/a%5c..%5cb"), Err(PathProblem::Malformed));
        assert_eq!(site_key("/%ff"), Err(PathProblem::Malformed));
    }

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let snapshot = Snapshot {
            files: HashMap::new(),
            version: 7,
            error: Some("error: <bad>".into()),
        };
        let html = inject("<html><body><p>x</p></body></html>", &snapshot);
        assert!(html.ends_with("</script>\n</body></html>"), "{html}");
        assert!(html.contains("var version = 7;"));
        assert!(html.contains("error: &lt;bad&gt;"));
        assert!(!html.contains("OVERLAY_STYLE"));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("search-index.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
    }

    #[test]
    fn a_body_edit_re_renders_only_its_pages() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let guide = root.join("content/guides/goals/why.md");
        std::fs::create_dir_all(guide.parent().unwrap()).unwrap();
        std::fs::write(&guide, "---\ntitle: Why\n---\n\nBody\n").unwrap();
        let fronts = guide_fronts(root);
        std::fs::write(&guide, "---\ntitle: Why\n---\n\nNew body\n").unwrap();
        let pages = pages_to_rerender(root, std::slice::from_ref(&guide), &fronts).unwrap();
        let mut pages: Vec<_> = pages.into_iter().collect();
        pages.sort();
        assert_eq!(
            pages,
            [
                "guides/goals/print.html",
                "guides/goals/why.html",
                "print.html"
            ]
        );
        // A new title changes navigation everywhere: full rebuild.
        std::fs::write(&guide, "---\ntitle: Why not\n---\n\nNew body\n").unwrap();
        assert!(pages_to_rerender(root, std::slice::from_ref(&guide), &fronts).is_none());
        // Any other file: full rebuild.
        assert!(pages_to_rerender(root, &[root.join("mentorkit.yaml")], &fronts).is_none());
    }

    #[test]
    fn editor_noise_is_not_a_change() {
        let root = Path::new("/p");
        assert!(is_source(root, Path::new("/p/content/guides/a.md")));
        assert!(is_source(root, Path::new("/p/mentorkit.yaml")));
        assert!(!is_source(root, Path::new("/p/public/index.html")));
        assert!(!is_source(root, Path::new("/p/content/.a.md.swp")));
        assert!(!is_source(root, Path::new("/p/content/a.md~")));
    }
}
