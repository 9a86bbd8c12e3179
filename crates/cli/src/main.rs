//! The `hjs` binary: everything is in the library, see [`hjs_cli::run`].

fn main() -> std::process::ExitCode {
    hjs_cli::run(std::env::args_os())
}
