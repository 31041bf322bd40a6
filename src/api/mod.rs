//! The app's admin and metrics API: endpoints, client, errors.

mod client;
mod endpoint;
mod error;

pub use client::{Client, ClientConfig, Raw, Secret, parse_json, parse_retry_after};
pub use endpoint::{Endpoint, Paths};
pub use error::ApiError;
