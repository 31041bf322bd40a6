//! A command's typed result. One value gives both outputs: its serialized fields are the JSON
//! document's command-specific keys, and [`Payload::tables`] are the tables people read, so the
//! two cannot drift apart.

use serde::Serialize;

use crate::output::report::Section;

pub trait Payload: Serialize {
    /// The tables for people, in the order they are shown (after the checks, before the
    /// actions). A table with no rows is shown as "none", not as an empty frame.
    fn tables(&self) -> Vec<Section>;
}
