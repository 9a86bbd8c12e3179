//! DNS: the desktop's own work on a domain's zone, without the provider.
//!
//! # Layout
//!
//! - [`zonefile`]: RFC 1035 master files (BIND zone files), imported as
//!   record drafts with the line each came from, and exported so that
//!   `named-checkzone` accepts them.

pub mod zonefile;
