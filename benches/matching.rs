//! How long `mentorkit match` takes on pools of growing size: reading both CSV files,
//! scoring every pair, the assignment, the review and writing it. Not a test; run it with
//!
//! ```sh
//! cargo bench --bench matching                 # 250/100 up to 2,000/800, capacity 3 each
//! cargo bench --bench matching -- 1000         # one size: 1,000 mentees, 400 mentors
//! ```
//!
//! Target: 1,000 mentees and 400 mentors with capacity 3 in under 1 s on 2 cores.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use mentorkit::matching::{MatchOptions, run};
use mentorkit_synth::profiles::{PoolOptions, mentees_csv, mentors_csv};

const ROUNDS: usize = 5;

fn main() {
    let sizes = common::sizes(&[250, 500, 1000, 2000]);
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    for mentees in sizes {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path();
        fs::create_dir_all(root.join("content")).expect("content folder");
        fs::copy(
            repository.join("mentorkit.yaml"),
            root.join("mentorkit.yaml"),
        )
        .expect("config");
        fs::copy(
            repository.join("content/program.yaml"),
            root.join("content/program.yaml"),
        )
        .expect("program");
        let pool = PoolOptions {
            mentees,
            mentors: mentees * 2 / 5,
            capacity: (3, 3),
            fewer_places: false,
            seed: 11,
        };
        fs::write(root.join("mentors.csv"), mentors_csv(&pool)).expect("mentors");
        fs::write(root.join("mentees.csv"), mentees_csv(&pool)).expect("mentees");
        let options = MatchOptions {
            root: root.to_path_buf(),
            mentors: root.join("mentors.csv"),
            mentees: root.join("mentees.csv"),
            keep: None,
            pairs: None,
            output: root.join("matches"),
        };
        let mut times: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                let matched = run(&options).unwrap_or_else(|_| panic!("the pool matches"));
                assert!(matched.review.summary.matched > 0);
                start.elapsed()
            })
            .collect();
        times.sort();
        let review = fs::metadata(root.join("matches/review.html")).map_or(0, |m| m.len());
        println!(
            "{mentees:>5} mentees, {:>4} mentors (capacity 3): median {:>7.1} ms, best {:>7.1} ms; review.html {} KB",
            pool.mentors,
            times[ROUNDS / 2].as_secs_f64() * 1000.0,
            times[0].as_secs_f64() * 1000.0,
            review / 1024
        );
    }
}
