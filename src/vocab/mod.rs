//! The words every layer shares: how bad a figure is ([`Severity`]) and which of the app's
//! endpoints a read or write is for ([`Endpoint`], with the configured [`Paths`]). Here, not in
//! `exit` or `api`, so pure policy names them without depending on the HTTP client or on how a
//! run ends.

mod endpoint;
mod severity;

pub(crate) use endpoint::{Endpoint, Paths};
pub(crate) use severity::Severity;
