//! The server's connections: HTTP/1 with a deadline for each request's headers, until Ctrl-C.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

use crate::error::Error;

/// How long a client has to send a request's headers, counted from when the server starts
/// waiting for them: on a new connection and between the requests of a kept-alive one. A
/// browser on this machine takes milliseconds; without a deadline, a client that sends half a
/// request (or nothing) holds its connection and its memory forever. An open WebSocket is no
/// longer HTTP and is not affected.
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener`, bound to `address`, until Ctrl-C.
pub(super) fn serve_until_stopped(
    listener: TcpListener,
    address: SocketAddr,
    app: Router,
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Usage(format!("cannot listen on {address}: {e}")))?;
        let stop = async {
            // If the signal cannot be listened for, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        };
        tokio::pin!(stop);
        loop {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        tokio::spawn(connection(stream, app.clone()));
                    }
                    // Out of file descriptors, or a connection reset before it was accepted:
                    // a moment's pause, then the server goes on.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                },
                () = &mut stop => return Ok(()),
            }
        }
    })
}

async fn connection(stream: tokio::net::TcpStream, app: Router) {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let served = builder
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app))
        .with_upgrades();
    // A client that goes away, times out or sends garbage ends only its own connection.
    let _ = served.await;
}
