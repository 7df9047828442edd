//! The `claimcheck` binary: everything is in the library; this only hands it the
//! arguments and the exit status.

fn main() {
    let args = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    std::process::exit(claimcheck::cli::run_process(args));
}
