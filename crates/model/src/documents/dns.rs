//! DNS records of a domain's zone.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Collection, ObjectId, Timestamp};

string_enum! {
    pub enum DnsRecordType {
        A = "A",
        AAAA = "AAAA",
        CNAME = "CNAME",
        MX = "MX",
        TXT = "TXT",
        NS = "NS",
        SRV = "SRV",
        PTR = "PTR",
        CAA = "CAA",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DnsRecord {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub domain_id: ObjectId,
    pub user_id: ObjectId,
    #[serde(rename = "type")]
    pub record_type: DnsRecordType,
    /// Relative owner name, `@` for the zone apex.
    pub name: String,
    pub value: String,
    pub ttl: u32,
    /// For MX and SRV records.
    pub priority: Option<u16>,
    pub is_active: bool,
    pub is_system_record: bool,
    /// A note for people, shown beside the record; never published in DNS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(DnsRecord, Collection::DnsRecords);
