fn main() -> std::process::ExitCode {
    ignore_sigxfsz();
    swcache::main_entry()
}

/// Past a file-size limit (`ulimit -f`), a write then fails with EFBIG, which the run reports
/// (an audit log, a state file it could not write), instead of SIGXFSZ killing the run after a
/// write was sent, with no report.
fn ignore_sigxfsz() {
    #[cfg(unix)]
    // SAFETY: at the start of main, before any thread; SIG_IGN runs no code of ours.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
