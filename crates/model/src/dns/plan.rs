//! A plan: edits to one zone, reviewed as a diff and applied all or nothing.

use serde::{Deserialize, Serialize};

use super::RecordDraft;
use crate::documents::DnsRecord;
use crate::{DomainName, FieldErrors, ObjectId, Timestamp};

/// One edit of a plan. Creates carry the id the record will have; updates
/// and deletes name the version they were based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "op", rename_all = "camelCase", deny_unknown_fields)]
pub enum PlanChange {
    Create { id: ObjectId, record: RecordDraft },
    Update { id: ObjectId, version: i64, record: RecordDraft },
    Delete { id: ObjectId, version: i64 },
}

/// Edits to one zone. `confirmed` acknowledges the safety checks (a large
/// change, removing the apex NS or MX records); without it such a plan is
/// refused with `confirmation_required`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ZonePlan {
    pub changes: Vec<PlanChange>,
    #[serde(default)]
    pub confirmed: bool,
}

/// What applying a plan needs to know beside the records.
#[derive(Debug, Clone, Copy)]
pub struct PlanContext<'a> {
    pub zone: &'a DomainName,
    pub domain_id: ObjectId,
    /// The zone owner's account (`userId` of created records).
    pub user_id: ObjectId,
    pub now: Timestamp,
}

/// Why a plan was not applied.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanRefusal {
    /// Field errors named `changes[i].field`.
    Invalid(FieldErrors),
    /// Change `index` was based on a version of record `id` that is no
    /// longer current; `current` is the record now (`None`: deleted).
    Stale { index: usize, id: ObjectId, current: Option<Box<DnsRecord>> },
}

/// The result of a plan that applies.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppliedPlan {
    pub created: Vec<DnsRecord>,
    /// The records after the change, version bumped and `updatedAt` set.
    pub updated: Vec<DnsRecord>,
    /// The records removed, as they were.
    pub deleted: Vec<DnsRecord>,
}

/// What changed between two sets of a zone's records, matched by id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanDiff {
    pub added: Vec<DnsRecord>,
    pub changed: Vec<ChangedRecord>,
    pub removed: Vec<DnsRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangedRecord {
    pub before: DnsRecord,
    pub after: DnsRecord,
}

/// A reason a plan needs explicit confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SafetyCheck {
    /// `large_change`, `removes_apex_ns` or `removes_apex_mx`.
    pub code: String,
    pub message: String,
}
