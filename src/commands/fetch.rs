//! Reads shared by several commands, each turned into what the policy takes: the document or
//! a one-line reason it could not be had.

use sha2::{Digest, Sha256};

use crate::api::{Client, Endpoint};
use crate::output::Printer;
use crate::policy::validate::{Fetched, ServedWorker, script_version};

pub async fn json(client: &Client, printer: &Printer, ep: Endpoint) -> Fetched {
    printer.verbose(format!("GET {}", client.url(ep)));
    let r = client.get_json(ep).await.map_err(|e| e.to_string());
    if let Err(e) = &r {
        printer.verbose(format!("  failed: {e}"));
    }
    r
}

/// The served worker script: version, hash and caching headers.
pub async fn worker(client: &Client, printer: &Printer, path: &str) -> ServedWorker {
    printer.verbose(format!("GET {path}"));
    match client.get_raw(path).await {
        Ok(raw) => {
            let body = String::from_utf8_lossy(&raw.body);
            ServedWorker {
                path: path.to_string(),
                version: script_version(&body),
                sha256: Some(sha256_hex(&raw.body)),
                etag: raw.header("etag").map(String::from),
                last_modified: raw.header("last-modified").map(String::from),
                error: None,
            }
        }
        Err(e) => ServedWorker {
            path: path.to_string(),
            version: None,
            sha256: None,
            etag: None,
            last_modified: None,
            error: Some(e.to_string()),
        },
    }
}

/// The SHA-256 of some bytes, as lower-case hex (what workers are compared by).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
