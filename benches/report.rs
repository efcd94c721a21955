//! How long `mentorkit report` takes on growing response sets: reading the three surveys'
//! files and the cohort, every question's figures and breakdowns, the comparisons across
//! phases, rendering and writing the page. Not a test; run it with
//!
//! ```sh
//! cargo bench --bench report              # 2,500 up to 20,000 responses
//! cargo bench --bench report -- 10000     # one size
//! ```
//!
//! Target: 10,000 responses across the example's three surveys in under 1 s on 2 cores.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use mentorkit::report::{ReportOptions, run};
use mentorkit_synth::responses::{ResponseOptions, files};

const ROUNDS: usize = 5;

/// The example's set has about 150 responses per copy (baseline, midpoint and close).
const PER_COPY: usize = 150;

fn main() {
    let sizes = common::sizes(&[2_500, 5_000, 10_000, 20_000]);
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    for wanted in sizes {
        let dir = tempfile::tempdir().expect("temporary folder");
        let responses = dir.path().join("responses");
        let set = ResponseOptions {
            copies: wanted.div_ceil(PER_COPY),
            ..ResponseOptions::default()
        };
        for (name, text) in files(&set) {
            let path = responses.join(name);
            fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            fs::write(path, text).expect("responses");
        }
        let options = ReportOptions {
            root: repository.to_path_buf(),
            responses,
            output: dir.path().join("report"),
            department: None,
            free_text: true,
        };
        let mut count = 0;
        let mut times: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                let reported = run(&options).unwrap_or_else(|_| panic!("the report is made"));
                count = reported.responses;
                start.elapsed()
            })
            .collect();
        times.sort();
        let page = fs::metadata(dir.path().join("report/index.html")).map_or(0, |m| m.len());
        println!(
            "{count:>6} responses: median {:>7.1} ms, best {:>7.1} ms; index.html {} KB",
            times[ROUNDS / 2].as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            page / 1024
        );
    }
}
