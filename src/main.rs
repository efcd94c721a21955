// A build allocates and frees many small strings on every core at once (parsed front matter,
// template values, search terms); jemalloc does that with about a sixth less CPU time than the
// system allocator. It does not build for MSVC, which keeps the system one, and neither does
// a build without the `jemalloc` feature (which then needs no `make`).
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, which it reads from this symbol before `main` (its `malloc_conf`).
/// Allocations over 8 MiB otherwise get an arena of their own that hands memory back to the
/// system as soon as it is freed: every section print page of a large handbook (20 MB and
/// more) was mapped and faulted in afresh, a quarter of a 10,000-guide build's page faults.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: Option<&std::ffi::c_char> = {
    // SAFETY: the pointer is to the first byte of a static NUL-terminated string.
    Some(unsafe { &*c"oversize_threshold:0".as_ptr() })
};

fn main() {
    std::process::exit(mentorkit::cmd::main());
}
