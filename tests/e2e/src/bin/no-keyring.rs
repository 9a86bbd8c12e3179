//! Runs a program the way a container with Docker's default seccomp
//! profile would: every kernel keyring call (`keyctl`, `add_key`,
//! `request_key`) fails with EPERM, so the program has no session keyring
//! and no kernel keyring at all. The end-to-end tests start the app through
//! it to see the first run on such a machine.
//!
//! Usage: `HJS_NO_KEYRING_EXEC=<program> no-keyring [args…]` (the program
//! comes from the environment because WebKitWebDriver starts this binary
//! with arguments of its own, which are passed on).

use std::os::unix::process::CommandExt;

use seccompiler::{BpfProgram, SeccompAction, SeccompFilter};

fn main() {
    let Some(program) = std::env::var_os("HJS_NO_KEYRING_EXEC") else {
        eprintln!("no-keyring: HJS_NO_KEYRING_EXEC must name the program to run");
        std::process::exit(2);
    };
    let keyring_calls = [libc::SYS_keyctl, libc::SYS_add_key, libc::SYS_request_key];
    let filter: BpfProgram = SeccompFilter::new(
        keyring_calls.into_iter().map(|call| (call, vec![])).collect(),
        SeccompAction::Allow,
        SeccompAction::Errno(libc::EPERM as u32),
        std::env::consts::ARCH.try_into().expect("a target seccompiler knows"),
    )
    .and_then(TryInto::try_into)
    .expect("the filter compiles");
    seccompiler::apply_filter(&filter).expect("the filter applies");
    let error = std::process::Command::new(&program).args(std::env::args_os().skip(1)).exec();
    eprintln!("no-keyring: could not run {}: {error}", program.to_string_lossy());
    std::process::exit(127);
}
