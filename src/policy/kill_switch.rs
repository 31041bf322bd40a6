//! The kill-switch worker (`rollback emergency --kill-switch`): a worker published at the
//! worker's own URL that takes over every client and leaves them network-only. A server can
//! neither empty clients' Cache Storage nor unregister their worker (a 404 on the script
//! unregisters nothing); a new script at the same URL is the one lever that reaches them.
//! Pure: the script's text from the app's cache names, and what it does, in words.

use serde::Serialize;

/// Its `SW_VERSION`: what `validate`, `sw-status` beacons and `--wait-clients` see it as.
pub(crate) const VERSION: &str = "kill-switch";

/// The caches of this app, as the config names them (`[worker] caches`, `cache_prefixes`):
/// only these are deleted. Cache Storage is per origin, and another app on the same origin
/// keeps its own.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct AppCaches {
    pub names: Vec<String>,
    pub prefixes: Vec<String>,
}

impl Default for AppCaches {
    /// The guide's runtime caches, and Workbox's precache (`workbox-precache-v2-<scope>`).
    fn default() -> AppCaches {
        AppCaches {
            names: [
                "feed-cache",
                "community-cache",
                "marketplace-cache",
                "images-cache",
            ]
            .map(String::from)
            .to_vec(),
            prefixes: vec!["workbox-precache".into()],
        }
    }
}

/// A prefix shorter than this would match caches that are not the app's (`w` matches
/// everything a Workbox app of the origin keeps).
pub(crate) const MIN_PREFIX: usize = 3;

/// The kill switch's script: installs at once (`skipWaiting`), deletes the app's caches and
/// claims every open client on activation, and has no fetch handler, so the browser sends
/// every request to the network as if no worker were there. It stays registered: a later
/// deploy of a fixed worker at the same URL replaces it as any update does.
pub(crate) fn script(caches: &AppCaches) -> String {
    // JSON string arrays are JavaScript array literals: a name cannot break out of its quotes.
    let names = serde_json::to_string(&caches.names).unwrap_or_else(|_| "[]".into());
    let prefixes = serde_json::to_string(&caches.prefixes).unwrap_or_else(|_| "[]".into());
    format!(
        r#"const SW_VERSION = "{VERSION}";
// Published by `swcache rollback emergency --kill-switch`. No fetch handler: every request
// goes to the network. Only this app's caches are deleted (others on the origin are kept).
const APP_CACHES = {names};
const APP_CACHE_PREFIXES = {prefixes};
const isAppCache = (name) =>
  APP_CACHES.includes(name) || APP_CACHE_PREFIXES.some((p) => name.startsWith(p));
self.addEventListener("install", () => {{
  self.skipWaiting();
}});
self.addEventListener("activate", (event) => {{
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter(isAppCache).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
}});
"#
    )
}

/// What the kill switch does to clients, said before the question and in the dry-run plan:
/// short lines (an 80-column prompt, indented); the cache list is cut with "+N more" (the
/// JSON and the config have it whole).
pub(crate) fn effects(caches: &AppCaches) -> Vec<String> {
    let mut which: Vec<String> = caches.names.clone();
    which.extend(caches.prefixes.iter().map(|p| format!("{p}*")));
    let mut shown = String::new();
    for (i, name) in which.iter().enumerate() {
        let more = format!(" +{} more", which.len() - i);
        if i > 0 && shown.chars().count() + 2 + name.chars().count() + more.len() > 50 {
            shown.push_str(&more);
            break;
        }
        if i > 0 {
            shown.push_str(", ");
        }
        shown.push_str(name);
    }
    vec![
        "takes over every client on its next navigation or update check".into(),
        format!("deletes the app's caches: {shown}"),
        "clients go network-only (no offline use) until a fixed worker ships".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_declares_its_version_and_only_the_apps_caches() {
        let s = script(&AppCaches::default());
        assert_eq!(
            crate::policy::validate::script_version(&s).as_deref(),
            Some(VERSION)
        );
        assert!(s.contains(r#"const APP_CACHES = ["feed-cache","community-cache""#));
        assert!(s.contains("skipWaiting()") && s.contains("clients.claim()"));
        assert!(!s.contains("\"fetch\""), "no fetch handler");
        // A name cannot close its string literal.
        let odd = AppCaches {
            names: vec!["a\"];alert(1);//".into()],
            prefixes: vec![],
        };
        assert!(script(&odd).contains(r#"["a\"];alert(1);//"]"#));
    }

    #[test]
    fn the_effects_fit_a_prompt() {
        let many = AppCaches {
            names: (0..30).map(|i| format!("cache-number-{i}")).collect(),
            prefixes: vec!["workbox-precache".into()],
        };
        for caches in [AppCaches::default(), many] {
            for l in effects(&caches) {
                assert!(l.chars().count() <= 74, "{l}");
            }
        }
        assert!(effects(&AppCaches::default())[1].contains("feed-cache, community-cache"));
    }

    #[test]
    fn the_same_caches_give_the_same_bytes() {
        // What is verified is its SHA-256: one config, one script.
        assert_eq!(script(&AppCaches::default()), script(&AppCaches::default()));
    }
}
