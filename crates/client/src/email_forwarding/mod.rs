//! E-mail forwarding on the desktop.
//!
//! # Layout
//!
//! - [`operations`]: create, change and delete forwards through the outbox.

pub mod operations;
