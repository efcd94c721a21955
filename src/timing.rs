//! Stage timings for profiling large handbooks: with `MENTORKIT_TIMINGS` set, each timed
//! stage prints how long it took to stderr.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("MENTORKIT_TIMINGS").is_some())
}

/// Runs `stage`, printing its duration under `label` when timings are on.
pub fn timed<T>(label: &str, stage: impl FnOnce() -> T) -> T {
    if !enabled() {
        return stage();
    }
    let started = Instant::now();
    let result = stage();
    eprintln!(
        "timing: {label:<28} {:>8.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    result
}
