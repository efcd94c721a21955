//! What the benchmarks share.

/// The sizes given on the command line (`cargo bench --bench NAME -- 1000 5000`), or
/// `defaults` when none is.
pub fn sizes(defaults: &[usize]) -> Vec<usize> {
    let given: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    if given.is_empty() {
        defaults.to_vec()
    } else {
        given
    }
}
