//! How many bytes of each answer swcache reads. Real answers are a few KB; a cap sized to what
//! an endpoint returns keeps a runaway body (and the JSON tree built from it, tens of times its
//! size) from exhausting memory. Each cap can be changed in the config's `[max_body]` table.

use std::collections::BTreeMap;

use crate::vocab::Endpoint;

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

/// The largest cap the config may set: past it, a body is not a figure whatever the endpoint.
pub(crate) const MAX_CAP: usize = 64 * MIB;

/// `[max_body]` key of the served worker script.
pub(crate) const WORKER_KEY: &str = "worker";
/// `[max_body]` key of any other URL read (monitoring and metrics endpoints).
pub(crate) const OTHER_KEY: &str = "other";

/// The first bytes of an error body shown in a message.
pub(crate) const EXCERPT: usize = 200;

#[derive(Clone, Debug, Default)]
pub(crate) struct BodyCaps {
    overrides: BTreeMap<String, usize>,
}

impl BodyCaps {
    /// The built-in cap of a `[max_body]` key (an endpoint key, `worker` or `other`).
    pub(crate) fn default_for(key: &str) -> Option<usize> {
        let ep = Endpoint::ALL.iter().find(|e| e.key() == key);
        match (ep, key) {
            (Some(ep), _) => Some(endpoint_default(*ep)),
            (None, WORKER_KEY) => Some(4 * MIB),
            (None, OTHER_KEY) => Some(4 * MIB),
            _ => None,
        }
    }

    /// Overrides a cap by its key; `Err` names what is wrong.
    pub(crate) fn set(&mut self, key: &str, bytes: u64) -> Result<(), String> {
        if Self::default_for(key).is_none() {
            return Err(format!(
                "unknown key `{key}` (an endpoint key of [paths], `{WORKER_KEY}` or `{OTHER_KEY}`)"
            ));
        }
        if bytes == 0 || bytes > MAX_CAP as u64 {
            return Err(format!("`{key}` must be 1–{MAX_CAP} bytes, got {bytes}"));
        }
        self.overrides.insert(key.to_string(), bytes as usize);
        Ok(())
    }

    fn get(&self, key: &str) -> usize {
        self.overrides
            .get(key)
            .copied()
            .or_else(|| Self::default_for(key))
            .unwrap_or(MAX_CAP)
    }

    pub(crate) fn endpoint(&self, ep: Endpoint) -> usize {
        self.get(ep.key())
    }

    pub(crate) fn worker(&self) -> usize {
        self.get(WORKER_KEY)
    }

    pub(crate) fn other(&self) -> usize {
        self.get(OTHER_KEY)
    }
}

/// What each endpoint returns, with room to spare: small documents, larger lists, reports.
fn endpoint_default(ep: Endpoint) -> usize {
    match ep {
        Endpoint::CacheReport | Endpoint::GenerateReport | Endpoint::LargeCacheEntries => MIB,
        Endpoint::CacheMetrics
        | Endpoint::ErrorMetrics
        | Endpoint::ErrorDetails
        | Endpoint::CacheDiagnostics
        | Endpoint::StorageBreakdown
        | Endpoint::UsageAnalytics => 256 * KIB,
        _ => 64 * KIB,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_has_a_cap_and_overrides_are_checked() {
        let mut c = BodyCaps::default();
        for ep in Endpoint::ALL {
            assert!(c.endpoint(ep) <= MIB, "{ep:?}");
        }
        assert_eq!(c.endpoint(Endpoint::Health), 64 * KIB);
        c.set("cache_report", 2048).unwrap();
        assert_eq!(c.endpoint(Endpoint::CacheReport), 2048);
        c.set("worker", 10).unwrap();
        assert_eq!(c.worker(), 10);
        assert!(c.set("nope", 10).is_err());
        assert!(c.set("health", 0).is_err());
        assert!(c.set("health", MAX_CAP as u64 + 1).is_err());
    }
}
