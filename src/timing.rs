//! Stage timings for profiling large handbooks: with `--verbose` or `MENTORKIT_TIMINGS` set,
//! each timed stage prints how long it took to stderr, and how much memory the process held
//! after it.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Set by `--verbose`: a switch of the command line, like the variable it stands for.
static REQUESTED: AtomicBool = AtomicBool::new(false);

fn enabled() -> bool {
    static FROM_ENV: OnceLock<bool> = OnceLock::new();
    REQUESTED.load(Ordering::Relaxed)
        || *FROM_ENV.get_or_init(|| std::env::var_os("MENTORKIT_TIMINGS").is_some())
}

/// Turns stage timings on for the rest of the process (`--verbose`).
pub fn enable() {
    REQUESTED.store(true, Ordering::Relaxed);
}

/// Runs `stage`, printing its duration under `label` when timings are on.
pub fn timed<T>(label: &str, stage: impl FnOnce() -> T) -> T {
    if !enabled() {
        return stage();
    }
    let started = Instant::now();
    let cpu_before = process_cpu_ms();
    let result = stage();
    let cpu = match (cpu_before, process_cpu_ms()) {
        (Some(before), Some(after)) => format!(", cpu {:>6.0} ms", after - before),
        _ => String::new(),
    };
    let resident = resident_mib().map_or(String::new(), |mib| format!(", rss {mib:>5} MiB"));
    eprintln!(
        "timing: {label:<28} {:>8.1} ms{cpu}{resident}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    result
}

/// CPU time used so far by every thread of the process, from `/proc` (Linux only; to the
/// clock tick, 10 ms), so a stage's wall time can be read against how busy the cores were.
fn process_cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Some((ticks(11)? + ticks(12)?) * 10.0)
}

/// Memory the process holds in RAM, from `/proc` (Linux only).
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    // Pages of 4 KiB, the size on every Linux platform mentorkit builds for but a few.
    Some(pages * 4 / 1024)
}
