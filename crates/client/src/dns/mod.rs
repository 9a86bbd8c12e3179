//! DNS: the desktop's own work on a domain's zone, without the provider.
//!
//! # Layout
//!
//! - [`operations`]: plans queued in the outbox and how they apply to the
//!   cached records.
//! - [`zone`]: the zone as the desktop edits it: plans previewed and queued,
//!   zone files, versions and restore (a document's history is in
//!   [`crate::audit`]).
//! - [`templates`]: a DNS template applied to many domains: a dry run,
//!   then one queued plan per domain, with per-domain results and progress.
//! - [`zonefile`]: RFC 1035 master files (BIND zone files), imported as
//!   record drafts with the line each came from, and exported so that
//!   `named-checkzone` accepts them.

pub mod operations;
pub mod templates;
pub mod zone;
pub mod zonefile;
