//! DNS: the desktop's own work on a domain's zone, without the provider.
//!
//! # Layout
//!
//! - [`operations`]: plans queued in the outbox and how they apply to the
//!   cached records.
//! - [`zonefile`]: RFC 1035 master files (BIND zone files), imported as
//!   record drafts with the line each came from, and exported so that
//!   `named-checkzone` accepts them.

pub mod operations;
pub mod zonefile;
