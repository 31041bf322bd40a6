//! The app's admin and metrics API: endpoints, client, errors.

pub mod caps;
mod client;
mod endpoint;
mod error;

pub use caps::BodyCaps;
pub use client::{Client, ClientConfig, MAX_BACKOFF, Raw, Secret, parse_json, parse_retry_after};
pub use endpoint::{Endpoint, Paths};
pub use error::ApiError;
