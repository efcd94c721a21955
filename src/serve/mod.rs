//! `mentorkit serve`: builds the site in memory, serves it on 127.0.0.1, rebuilds when a source
//! file changes and reloads the open pages.
//!
//! - The site is served from memory: every rebuild runs the pipeline ([`crate::pipeline::run_in_memory`]) without
//!   writing, and the new pages replace the old ones atomically. `public/` is never touched.
//! - While a rebuild has errors the last good site stays served; the diagnostics are printed on
//!   stderr and shown as an overlay on every page until the file is fixed.
//! - A request path can only name a page of the built site: paths are percent-decoded, `..`
//!   segments are refused, and the rest is looked up in the in-memory site, so nothing outside
//!   it can ever be read. A static file of the site is read from disk as it is sent, opened
//!   without following links and only if it is still a regular file inside the project.
//! - Only requests addressed to the server by a local name (`Host`) and, when a browser says so,
//!   from its own pages (`Origin`) are answered (`guard.rs`): DNS rebinding and other sites'
//!   pages get 403. Each connection has 10 seconds to send a request's headers.
//! - A small script is injected into HTML pages here, and only here (never into `build`
//!   output). It opens a WebSocket to `/__mentorkit/ws` and reloads the page when a new build
//!   is ready.
//! - File changes come from notify through notify-debouncer-full (a burst of saves is one
//!   rebuild), with a polling watcher as the fallback where native events are unavailable. A
//!   source folder deleted or moved and then put back is watched again.

mod disk;
mod guard;
mod http;
mod inject;
mod listen;
mod pdfs;
mod rebuild;
mod site;
mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

pub use http::{PathProblem, site_key};
pub use inject::{InjectState, inject};

use crate::diagnostics::print_human;
use crate::error::{Error, not_a_project};
use crate::pipeline::Cache;
use site::{Builder, Shared, Snapshot, diagnostics_text};

/// The port `serve` tries first.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports from [`DEFAULT_PORT`] on are tried when no port is given.
const PORT_ATTEMPTS: u16 = 10;

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
    /// Print only the address, warnings and errors, not every successful rebuild.
    pub quiet: bool,
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
            quiet: false,
        }
    }
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
    let builder = Builder {
        root,
        drafts: options.drafts,
        cache: Cache::for_rebuilds(),
        quiet: options.quiet,
        pdfs: Default::default(),
    };
    let shared = first_build(&builder);
    let (changes_tx, changes_rx) = mpsc::channel::<Vec<PathBuf>>();
    let watcher = watch::watch(&builder.root, options.poll, changes_tx)?;
    start_rebuilds(builder, &shared, changes_rx, watcher)?;
    let url = format!("http://{address}/");
    eprintln!("Serving the handbook at {url} (Ctrl-C to stop)");
    if options.open
        && let Err(error) = opener::open_browser(&url)
    {
        eprintln!("warning: could not open a browser ({error}); open {url} yourself");
    }
    let guard = guard::Guard {
        bind: options.bind,
        port: address.port(),
    };
    listen::serve_until_stopped(listener, address, http::routes(shared, guard))?;
    eprintln!("Stopped serving.");
    Ok(())
}

/// Builds the site for the first time and serves what there is, even if the build fails (the
/// overlay says why).
fn first_build(builder: &Builder) -> Arc<Shared> {
    let started = Instant::now();
    let (files, run) = builder.build();
    print_human(&run.diagnostics, &run.sources);
    let error = if files.is_some() {
        if !builder.quiet {
            eprintln!("Built in {} ms.", started.elapsed().as_millis());
        }
        None
    } else {
        let count = run.diagnostics.error_count();
        let (plural, pronoun) = if count == 1 {
            ("", "it")
        } else {
            ("s", "them")
        };
        eprintln!(
            "error: the handbook has {count} error{plural}; fix {pronoun} and the page will reload"
        );
        Some(diagnostics_text(&run))
    };
    let (events, _) = broadcast::channel(16);
    Arc::new(Shared {
        root: builder.root.clone(),
        snapshot: RwLock::new(Arc::new(Snapshot {
            files: files.unwrap_or_default(),
            version: epoch(),
            error,
        })),
        events,
    })
}

/// Rebuilds on a thread of its own whenever the watcher reports changes; the thread keeps the
/// watcher, to watch again a source folder that went away and came back.
fn start_rebuilds(
    builder: Builder,
    shared: &Arc<Shared>,
    changes: mpsc::Receiver<Vec<PathBuf>>,
    mut watcher: watch::Watcher,
) -> Result<(), Error> {
    let shared = shared.clone();
    let first = shared.current().version;
    std::thread::Builder::new()
        .name("mentorkit-rebuild".into())
        .spawn(move || rebuild::rebuild_loop(&builder, &shared, &changes, first, &mut watcher))
        .map(|_| ())
        .map_err(|e| Error::Usage(format!("cannot start the rebuild thread: {e}")))
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

#[cfg(test)]
mod tests {
    use super::http::{PathProblem, content_type, site_key};
    use super::inject::inject;
    use super::rebuild::{guide_fronts, pages_to_rerender};
    use super::site::Snapshot;
    use super::watch::is_source;
    use std::collections::HashMap;
    use std::path::Path;

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
