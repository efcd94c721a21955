//! The server's routes: pages from the in-memory site (static files streamed from disk), the
//! status endpoint and the reload WebSocket, all behind the Host and Origin guard.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use super::disk;
use super::guard::Guard;
use super::inject::inject;
use super::site::{Asset, Shared, Snapshot, status_json};
use crate::resolve::NOT_FOUND_PATH;

/// Where the reload channel and the status endpoint live; no site page can be there.
pub(super) const WS_PATH: &str = "/__mentorkit/ws";

pub(super) const STATUS_PATH: &str = "/__mentorkit/status";

pub(super) async fn status(State(shared): State<Arc<Shared>>) -> Response {
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

pub(super) async fn websocket(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| reload_channel(socket, shared))
}

pub(super) async fn reload_channel(mut socket: WebSocket, shared: Arc<Shared>) {
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

pub(super) async fn page(State(shared): State<Arc<Shared>>, request: Request) -> Response {
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
        return serve_asset(&shared.root, &snapshot, &key, asset, StatusCode::OK).await;
    }
    // `/guides/goals` -> `/guides/goals/` when that folder has an index page.
    let folder_index = format!("{key}/index.html");
    if !raw.ends_with('/') && snapshot.files.contains_key(&folder_index) {
        return redirect_to_folder(&key, request.uri().query());
    }
    if snapshot.files.is_empty() {
        // No good build yet: a page that shows the errors and reloads once they are fixed.
        let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>mentorkit: build failed</title></head><body><h1>The handbook does not build yet</h1><p>Fix the errors below; this page reloads by itself.</p></body></html>";
        return html_response(&snapshot, html, StatusCode::SERVICE_UNAVAILABLE);
    }
    match snapshot.files.get(NOT_FOUND_PATH) {
        Some(asset) => {
            serve_asset(
                &shared.root,
                &snapshot,
                NOT_FOUND_PATH,
                asset,
                StatusCode::NOT_FOUND,
            )
            .await
        }
        None => plain(StatusCode::NOT_FOUND, "404 not found"),
    }
}

/// A redirect to the folder `key` names. The target is written from the site key, never from
/// the request: it is always one `/` then the segments, so `//guides/goals` cannot become the
/// protocol-relative `//guides/goals/` (a link to the host `guides`).
fn redirect_to_folder(key: &str, query: Option<&str>) -> Response {
    let mut location = String::from("/");
    for segment in key.split('/') {
        location.extend(percent_encoding::utf8_percent_encode(segment, SEGMENT));
        location.push('/');
    }
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    Response::builder()
        .status(StatusCode::PERMANENT_REDIRECT)
        .header(header::LOCATION, location)
        .body(Body::empty())
        .unwrap_or_else(|_| plain(StatusCode::BAD_REQUEST, "400 bad request"))
}

/// What is escaped in a path segment: the URL standard's path set, `/`, `%` and `\`.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

pub(super) fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

pub(super) fn content_type(key: &str) -> String {
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

pub(super) async fn serve_asset(
    root: &Path,
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
        Asset::Bytes(bytes) => Body::from(bytes.to_vec()),
        Asset::Pdf { pending, name } => {
            let (pending, name) = (pending.clone(), name.clone());
            match tokio::task::spawn_blocking(move || pending.get(&name)).await {
                Ok(Ok(bytes)) => Body::from(bytes.to_vec()),
                Ok(Err(message)) => return plain(StatusCode::INTERNAL_SERVER_ERROR, &message),
                Err(_) => {
                    return plain(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the PDF could not be made",
                    );
                }
            }
        }
        Asset::Embedded(bytes) => Body::from(*bytes),
        // Streamed from disk: a large file never sits in memory, however many download it.
        Asset::Disk(path) => match disk::open(root, path).await {
            Ok((file, length)) => {
                let mut response = with_headers(status, &content_type(key), disk::stream(file));
                response
                    .headers_mut()
                    .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
                return response;
            }
            // Gone, replaced by a link or something that is not a file: not part of the site
            // (the rebuild that notices will drop it too).
            Err(_) => return plain(StatusCode::NOT_FOUND, "404 not found"),
        },
    };
    with_headers(status, &content_type(key), body)
}

pub(super) fn with_headers(status: StatusCode, content_type: &str, body: Body) -> Response {
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

pub(super) fn html_response(snapshot: &Snapshot, html: &str, status: StatusCode) -> Response {
    with_headers(
        status,
        "text/html; charset=utf-8",
        Body::from(inject(html, snapshot)),
    )
}

/// The routes, behind the Host and Origin guard.
pub(super) fn routes(shared: Arc<Shared>, guard: Guard) -> Router {
    Router::new()
        .route(WS_PATH, get(websocket))
        .route(STATUS_PATH, get(status))
        .fallback(page)
        .layer(axum::middleware::from_fn_with_state(guard, guarded))
        .with_state(shared)
}

/// Refuses, before any route runs, a request not addressed to this server by a local page.
async fn guarded(
    State(guard): State<Guard>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    match guard.refusal(request.uri(), request.headers()) {
        Some(reason) => plain(StatusCode::FORBIDDEN, reason),
        None => next.run(request).await,
    }
}
