//! The app's admin and metrics API: endpoints, client, errors.

pub(crate) mod caps;
mod client;
mod error;
mod permit;

// The API: an answer as read and its parsing (the property tests). The rest is the crate's.
pub(crate) use caps::BodyCaps;
pub(crate) use client::Raw;
#[cfg(test)]
pub(crate) use client::parse_json;
pub(crate) use client::{Client, ClientConfig, Secret};
pub(crate) use error::ApiError;
pub(crate) use permit::WritePermit;
