//! Fixtures the DNS test files share (`mod common;` in each): the zone they
//! work on, fixed times and ids, and records of that zone.
//!
//! Each test file is its own crate, so everything here must be used by every
//! file that includes it; helpers only some files need stay in those files.

use hjs_model::documents::{DnsRecord, DnsRecordType, DnsRecordType::*};
use hjs_model::{DomainName, ObjectId, Timestamp};

/// The zone the tests edit.
pub fn zone() -> DomainName {
    DomainName::parse("example.com").expect("a valid zone")
}

/// A fixed time, `seconds` after a base, so documents compare equal across runs.
pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_780_000_000_000 + seconds * 1000).expect("a valid time")
}

/// A fixed id numbered `n`.
pub fn id(n: u64) -> ObjectId {
    ObjectId::from_parts(1_780_000_000, n)
}

/// An active, editable record of the zone, numbered `n`, with a TTL of an
/// hour and (for MX and SRV) priority 10.
pub fn record(n: u64, record_type: DnsRecordType, name: &str, value: &str) -> DnsRecord {
    DnsRecord {
        id: id(n),
        domain_id: id(900),
        user_id: id(901),
        record_type,
        name: name.into(),
        value: value.into(),
        ttl: 3600,
        priority: matches!(record_type, MX | SRV).then_some(10),
        is_active: true,
        is_system_record: false,
        comment: None,
        created_at: at(0),
        updated_at: at(0),
        version: 1,
    }
}
