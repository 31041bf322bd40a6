//! `[paths]` and `[worker]`, the top level's and then the environment's over them (each layer
//! is checked, even one the other overrides).

use super::{DEFAULT_WORKER_PATH, Sources};
use crate::config::{self, Loaded};
use crate::exit::CliError;
use crate::policy::kill_switch::AppCaches;
use crate::vocab::Paths;

/// The app's endpoints and its worker, resolved.
pub(super) struct Worker {
    pub paths: Paths,
    pub worker_paths: Vec<String>,
    pub max_precache_bytes: Option<u64>,
    pub app_caches: AppCaches,
    pub page: String,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            paths: Paths::default(),
            worker_paths: vec![DEFAULT_WORKER_PATH.to_string()],
            max_precache_bytes: None,
            app_caches: AppCaches::default(),
            page: "/".to_string(),
        }
    }
}

pub(super) fn resolve_worker(s: &Sources) -> Result<Worker, CliError> {
    let mut w = Worker::default();
    let Some(l) = s.loaded else {
        return Ok(w);
    };
    let layers = std::iter::once((&l.file.paths, &l.file.worker))
        .chain(s.own.map(|e| (&e.paths, &e.worker)));
    for (table, worker) in layers {
        for (key, path) in table {
            w.paths
                .set(key.get_ref(), path.get_ref().clone())
                .map_err(|e| l.error_at(key.span(), format!("[paths] {e}")))?;
        }
        worker_over(l, worker, &mut w)?;
    }
    Ok(w)
}

/// One layer's `[worker]` over `into`.
fn worker_over(l: &Loaded, worker: &config::WorkerFile, into: &mut Worker) -> Result<(), CliError> {
    if let Some(w) = &worker.paths {
        if w.get_ref().is_empty() || w.get_ref().iter().any(|p| !p.starts_with('/')) {
            return Err(l.error_at(
                w.span(),
                "[worker] paths must be a non-empty list of paths starting with '/'",
            ));
        }
        into.worker_paths = w.get_ref().clone();
    }
    if let Some(b) = &worker.max_precache_bytes {
        into.max_precache_bytes = Some(*b.get_ref());
    }
    app_caches_from(l, worker, &mut into.app_caches)?;
    if let Some(p) = &worker.page {
        if !p.get_ref().starts_with('/') {
            return Err(l.error_at(p.span(), "[worker] page must be a path starting with '/'"));
        }
        into.page = p.get_ref().clone();
    }
    Ok(())
}

/// `[worker] caches` and `cache_prefixes` over `into`: names not empty, prefixes long enough
/// to be the app's alone (a short one would delete other apps' caches on the origin).
fn app_caches_from(
    l: &Loaded,
    worker: &config::WorkerFile,
    into: &mut AppCaches,
) -> Result<(), CliError> {
    use crate::policy::kill_switch::MIN_PREFIX;
    if let Some(c) = &worker.caches {
        if c.get_ref().iter().any(|n| n.trim().is_empty()) {
            return Err(l.error_at(c.span(), "[worker] caches: a cache name is empty"));
        }
        into.names = c.get_ref().clone();
    }
    if let Some(p) = &worker.cache_prefixes {
        if p.get_ref().iter().any(|n| n.chars().count() < MIN_PREFIX) {
            return Err(l.error_at(
                p.span(),
                format!(
                    "[worker] cache_prefixes: each must be {MIN_PREFIX} characters or more (a \
                     shorter one would match other apps' caches on the origin)"
                ),
            ));
        }
        into.prefixes = p.get_ref().clone();
    }
    if into.names.is_empty() && into.prefixes.is_empty() {
        let at = worker.caches.as_ref().map(|c| c.span()).unwrap_or_default();
        return Err(l.error_at(
            at,
            "[worker] caches and cache_prefixes are both empty: the kill switch would delete \
             no cache",
        ));
    }
    Ok(())
}
