//! Who runs swcache, from which machine: for the audit's lines and for the holder named in a
//! lock or a pause record read on another machine.

/// This machine's name, for "from which host" (none when it cannot be told).
pub(crate) fn host_name() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// Without USER (cron, containers), the numeric user is still someone.
fn uid_fallback() -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::metadata("/proc/self") {
            return format!("uid {}", m.uid());
        }
    }
    "unknown".into()
}

/// Who runs swcache: the person behind sudo, else the user, else the numeric uid.
pub(crate) fn user_name() -> String {
    std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| uid_fallback())
}

/// `user@host` (or the user alone), for whoever reads a lock or a record on another machine.
pub(crate) fn operator() -> String {
    match host_name() {
        Some(h) => format!("{}@{h}", user_name()),
        None => user_name(),
    }
}
