//! The support desk on the desktop.
//!
//! # Layout
//!
//! - [`desk`]: tickets opened, changed and answered, checked against the
//!   cache and queued.
//! - [`operations`]: those edits as outbox entries.
//! - [`queries`]: the queue, its views and counts, and a ticket's thread
//!   with its SLA, from the cache.

pub mod desk;
pub mod operations;
pub mod queries;
