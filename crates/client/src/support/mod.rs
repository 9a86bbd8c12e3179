//! The support desk on the desktop.
//!
//! # Layout
//!
//! - [`desk`]: tickets opened, changed and answered, checked against the
//!   cache and queued.
//! - [`operations`]: those edits as outbox entries.
//! - [`attachments`]: files staged for a message, uploaded before it, and
//!   files received, downloaded into the workspace's folder.
//! - [`drafts`]: the reply being written on each ticket, kept in the cache.
//! - [`canned`]: the staff's canned replies, their edits and their text
//!   for a ticket.
//! - [`alerts`]: desktop notifications for new assignments and first
//!   replies about to fall due.
//! - [`queries`]: the queue, its views and counts, and a ticket's thread
//!   with its SLA, from the cache.

pub mod alerts;
pub mod attachments;
pub mod canned;
pub mod desk;
pub mod drafts;
pub mod operations;
pub mod queries;
