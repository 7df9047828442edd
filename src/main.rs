//! The `claimcheck` binary: everything is in the library; this only hands it the
//! arguments and the exit status.

/// mimalloc rather than the system allocator: claims, rows and output lines are
/// many small short-lived allocations, and on two threads glibc's arenas cost
/// more (see the `mimalloc` feature in `Cargo.toml`).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    std::process::exit(claimcheck::cli::run_process(args));
}
