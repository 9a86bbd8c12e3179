//! E-mail forwarding on the desktop.
//!
//! # Layout
//!
//! - [`forwards`]: forwards read from the cache, checked, queued and exported.
//! - [`operations`]: create, change and delete forwards through the outbox.

pub mod forwards;
pub mod operations;
