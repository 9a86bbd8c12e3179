//! The support desk on the desktop.
//!
//! # Layout
//!
//! - [`desk`]: tickets opened, changed and answered, checked against the
//!   cache and queued.
//! - [`operations`]: those edits as outbox entries.
//! - [`drafts`]: the reply being written on each ticket, kept in the cache.
//! - [`alerts`]: desktop notifications for new assignments and first
//!   replies about to fall due.
//! - [`queries`]: the queue, its views and counts, and a ticket's thread
//!   with its SLA, from the cache.

pub mod alerts;
pub mod desk;
pub mod drafts;
pub mod operations;
pub mod queries;
