//! The support desk on the desktop.
//!
//! # Layout
//!
//! - [`desk`]: tickets opened, changed and answered, checked against the
//!   cache and queued.
//! - [`operations`]: those edits as outbox entries.

pub mod desk;
pub mod operations;
