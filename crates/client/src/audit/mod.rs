//! The audit trail as the desktop reads it. Every write on the provider
//! records an audit event (who, how, when, the document before and after);
//! events reach the cache through sync like any other document the account
//! may see — its own documents' for a customer, its clients' too for a
//! reseller, every one for an admin. Reads never touch the network.
//!
//! # Layout
//!
//! - [`trail`]: the log's filters ([`AuditQuery`], checked into
//!   [`AuditFilter`]), a page of it newest first ([`events`], with a keyset
//!   cursor), one document's trail ([`history`], the History tab), and
//!   every matching event as CSV ([`audit_csv`]).
//! - [`describe`]: an event in words — its summary ("changed autoRenew,
//!   nameservers") and the document's name ("example.com", "www A") —
//!   which the screens, the search and the CSV share.

pub mod describe;
pub mod trail;

pub use trail::{audit_csv, entries_csv, events, every_event, history, AuditEntry, AuditFilter, AuditPage, AuditQuery};

use crate::error::Result;
use crate::workspace::Workspace;

impl Workspace {
    /// A page of the cached audit log (see [`events`]).
    pub async fn audit_events(&self, query: &AuditQuery) -> Result<AuditPage> {
        events(&self.cache, query).await
    }

    /// Every cached audit event `query` matches, as CSV, and how many.
    pub async fn audit_csv(&self, query: &AuditQuery) -> Result<(String, usize)> {
        audit_csv(&self.cache, query).await
    }

    /// The audit trail of one document (newest first), as synced.
    pub async fn history(&self, doc_id: &str) -> Result<Vec<AuditEntry>> {
        history(&self.cache, doc_id).await
    }
}
