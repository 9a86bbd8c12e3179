//! One DNS record as proposed by a person, a template or a zone file.

use serde::{Deserialize, Serialize};

use crate::documents::DnsRecordType;

/// A record before it is stored: what a plan creates or changes a record to.
/// `name` is relative to the zone (`@` for the apex); `value` is the record
/// data as the plan stores it (see [`crate::documents::DnsRecord`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDraft {
    #[serde(rename = "type")]
    pub record_type: DnsRecordType,
    pub name: String,
    pub value: String,
    pub ttl: u32,
    /// MX and SRV only.
    #[serde(default)]
    pub priority: Option<u16>,
    #[serde(default = "active")]
    pub is_active: bool,
    #[serde(default)]
    pub comment: Option<String>,
}

fn active() -> bool {
    true
}
