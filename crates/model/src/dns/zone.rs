//! Rules over a whole zone: what no single record can break on its own.
//!
//! Only active records count. Inactive records are not published, so they
//! cannot clash in DNS; people park alternatives that way (an old A record
//! beside the CNAME that replaced it) and turning one on is what is checked.

use std::collections::HashMap;

use serde::Serialize;

use super::RecordIdentity;
use crate::documents::{DnsRecord, DnsRecordType};
use crate::{DomainName, FieldError, ObjectId};

/// One record breaking a zone rule. A zone with a problem reports it on
/// every record involved (both the CNAME and the A record beside it, both
/// copies of a duplicate), so whichever one a person just edited is named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ZoneProblem {
    /// The record at fault.
    pub id: ObjectId,
    /// Its field to point at: `name` or `value`.
    pub field: &'static str,
    /// `cname_at_apex`, `cname_conflict` or `duplicate`.
    pub code: &'static str,
    pub message: String,
}

impl ZoneProblem {
    /// The problem as a field error named `{prefix}{field}`, e.g. with
    /// `changes[2].` for the change that made the record.
    pub fn to_field_error(&self, prefix: &str) -> FieldError {
        FieldError::new(format!("{prefix}{}", self.field), self.code, self.message.clone())
    }
}

/// Every problem of the active `records` of `zone`, in record order.
///
/// - `cname_at_apex`: the apex holds the zone's NS and SOA records, and a
///   CNAME may not share its name with anything (RFC 1034 §3.6.2).
/// - `cname_conflict`: a CNAME and another record (of any type, another
///   CNAME included) at one name; reported on both, naming the other type.
/// - `duplicate`: two records with the same type, name and value
///   ([`RecordIdentity`]), reported on both.
pub fn check_zone(zone: &DomainName, records: &[DnsRecord]) -> Vec<ZoneProblem> {
    let active: Vec<&DnsRecord> = records.iter().filter(|record| record.is_active).collect();
    let mut by_name: HashMap<String, Vec<&DnsRecord>> = HashMap::new();
    let mut by_identity: HashMap<RecordIdentity, usize> = HashMap::new();
    for record in &active {
        by_name.entry(record.name.to_ascii_lowercase()).or_default().push(record);
        *by_identity.entry(record.identity()).or_default() += 1;
    }
    let mut problems = Vec::new();
    for record in active {
        let name = record.name.to_ascii_lowercase();
        let shown = if name == "@" { zone.to_string() } else { format!("{name}.{zone}") };
        if record.record_type == DnsRecordType::CNAME && name == "@" {
            problems.push(ZoneProblem {
                id: record.id,
                field: "name",
                code: "cname_at_apex",
                message: format!(
                    "{zone} cannot have a CNAME record: the zone's own name holds its NS records; use A and AAAA records instead"
                ),
            });
        }
        let others = by_name.get(&name).map(Vec::as_slice).unwrap_or_default().iter().filter(|other| other.id != record.id);
        if record.record_type == DnsRecordType::CNAME {
            let mut types: Vec<&str> = others.map(|other| other.record_type.as_str()).collect();
            types.sort_unstable();
            types.dedup();
            if !types.is_empty() {
                problems.push(ZoneProblem {
                    id: record.id,
                    field: "name",
                    code: "cname_conflict",
                    message: format!("{shown} also has {} records; a CNAME must be the only record at its name", types.join(", ")),
                });
            }
        } else if others.into_iter().any(|other| other.record_type == DnsRecordType::CNAME) {
            problems.push(ZoneProblem {
                id: record.id,
                field: "name",
                code: "cname_conflict",
                message: format!(
                    "{shown} has a CNAME record, which must be the only record at its name; remove the CNAME or put this {} record elsewhere",
                    record.record_type
                ),
            });
        }
        if by_identity.get(&record.identity()).is_some_and(|count| *count > 1) {
            problems.push(ZoneProblem {
                id: record.id,
                field: "value",
                code: "duplicate",
                message: format!("{shown} has this {} record twice", record.record_type),
            });
        }
    }
    problems
}
