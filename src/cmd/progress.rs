//! The progress line of a long build: after a second, how many pages are written so far, so a
//! large handbook does not look stuck. On a terminal the line updates in place and is cleared
//! when the build ends; elsewhere (a CI log) it is printed once.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How long a build runs before the line appears (`MENTORKIT_PROGRESS_AFTER_MS` changes it).
const DEFAULT_DELAY_MS: u64 = 1000;
const REFRESH: Duration = Duration::from_millis(200);

pub struct Progress {
    pub pages: Arc<AtomicUsize>,
    stop: Mutex<Option<(mpsc::Sender<()>, JoinHandle<()>)>>,
}

impl Progress {
    /// Starts watching `pages`; prints nothing until the delay has passed.
    pub fn start() -> Progress {
        let pages = Arc::new(AtomicUsize::new(0));
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let counter = Arc::clone(&pages);
        let handle = thread::spawn(move || report(&counter, &stop_rx));
        Progress {
            pages,
            stop: Mutex::new(Some((stop_tx, handle))),
        }
    }

    /// Stops the line (clearing it on a terminal) before the build's summary is printed.
    pub fn finish(&self) {
        let taken = self.stop.lock().ok().and_then(|mut stop| stop.take());
        if let Some((stop, handle)) = taken {
            let _ = stop.send(());
            let _ = handle.join();
        }
    }
}

fn delay() -> Duration {
    let ms = std::env::var("MENTORKIT_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_DELAY_MS);
    Duration::from_millis(ms)
}

fn report(pages: &AtomicUsize, stop: &mpsc::Receiver<()>) {
    if stop.recv_timeout(delay()) != Err(RecvTimeoutError::Timeout) {
        return;
    }
    let terminal = std::io::stderr().is_terminal();
    let line = |count: usize| match count {
        0 => "Building... reading and checking the handbook".to_string(),
        _ => format!("Building... {count} pages written so far"),
    };
    if !terminal {
        eprintln!("{}", line(pages.load(Ordering::Relaxed)));
        let _ = stop.recv();
        return;
    }
    loop {
        eprint!("\r{}", line(pages.load(Ordering::Relaxed)));
        let _ = std::io::stderr().flush();
        if stop.recv_timeout(REFRESH) != Err(RecvTimeoutError::Timeout) {
            // Clears the line for the summary that follows.
            eprint!("\r\x1b[2K");
            return;
        }
    }
}
