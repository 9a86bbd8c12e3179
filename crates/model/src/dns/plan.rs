//! A plan: edits to one zone, reviewed as a diff and applied all or nothing.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{check_zone, RecordDraft, RecordIdentity};
use crate::documents::{DnsRecord, DnsRecordType};
use crate::{DomainName, FieldError, FieldErrors, ObjectId, Timestamp};

/// Most changes one plan may hold; a whole zone file fits many times over,
/// and one request stays bounded.
pub const MAX_CHANGES: usize = 10_000;

/// Zones smaller than this never count a plan as a large change: the first
/// edits of a fresh zone (two NS records and an A) would otherwise always
/// ask for confirmation.
pub const LARGE_CHANGE_MIN_RECORDS: usize = 4;

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

impl PlanChange {
    /// The record this change is about.
    pub fn id(&self) -> ObjectId {
        match self {
            PlanChange::Create { id, .. } | PlanChange::Update { id, .. } | PlanChange::Delete { id, .. } => *id,
        }
    }
}

impl ZonePlan {
    /// Applies the plan to `current`, the zone's records now: all of it or
    /// nothing. Nothing is stored here; the caller writes the result.
    ///
    /// Refusals, in the order they are found:
    /// - `Invalid`, field `changes`: `empty_plan`, `too_many_changes`
    ///   (over [`MAX_CHANGES`]).
    /// - `Stale` as soon as an update or delete names a record that is gone
    ///   (`current: None`) or whose version moved on. It wins over field
    ///   errors: the plan has to be rebuilt on the current zone anyway.
    /// - `Invalid` with every field error at once, named `changes[i].…`:
    ///   the draft's own errors ([`RecordDraft::normalize`]); on `id`:
    ///   `duplicate_change` (a record in two changes), `id_taken` (a create
    ///   reusing an existing id), `system_record` (an update or delete of a
    ///   record the provider manages).
    /// - `Invalid` with the zone's problems ([`check_zone`]) that the plan
    ///   brings to records it creates or updates, on `changes[i].name` or
    ///   `.value`. Problems a record already had are left alone, so legacy
    ///   data does not block unrelated edits to it.
    /// - `Invalid`, field `confirmed`, `confirmation_required`, when
    ///   [`safety`] finds reasons and the plan is not `confirmed`.
    pub fn apply(&self, ctx: &PlanContext, current: &[DnsRecord]) -> Result<AppliedPlan, PlanRefusal> {
        let refuse =
            |field: &str, code: &str, message: String| PlanRefusal::Invalid(FieldErrors(vec![FieldError::new(field, code, message)]));
        if self.changes.is_empty() {
            return Err(refuse("changes", "empty_plan", "the plan has no changes".into()));
        }
        if self.changes.len() > MAX_CHANGES {
            return Err(refuse(
                "changes",
                "too_many_changes",
                format!("the plan has {} changes; at most {MAX_CHANGES} fit in one plan", self.changes.len()),
            ));
        }
        let by_id: HashMap<ObjectId, &DnsRecord> = current.iter().map(|record| (record.id, record)).collect();
        let mut errors = FieldErrors::new();
        let mut seen = HashSet::new();
        // Which change wrote each created or updated record, to name it in
        // the zone's problems.
        let mut written: HashMap<ObjectId, usize> = HashMap::new();
        let mut applied = AppliedPlan::default();
        for (index, change) in self.changes.iter().enumerate() {
            let at = |field: &str| format!("changes[{index}].{field}");
            let id = change.id();
            if !seen.insert(id) {
                errors.push(FieldError::new(at("id"), "duplicate_change", format!("record {id} is already changed earlier in this plan")));
                continue;
            }
            let existing = match change {
                PlanChange::Create { .. } => {
                    if by_id.contains_key(&id) {
                        errors.push(FieldError::new(at("id"), "id_taken", format!("a record with id {id} already exists")));
                    }
                    None
                }
                PlanChange::Update { version, .. } | PlanChange::Delete { version, .. } => {
                    let Some(existing) = by_id.get(&id) else {
                        return Err(PlanRefusal::Stale { index, id, current: None });
                    };
                    if existing.version != *version {
                        return Err(PlanRefusal::Stale { index, id, current: Some(Box::new((*existing).clone())) });
                    }
                    if existing.is_system_record {
                        errors.push(FieldError::new(at("id"), "system_record", system_record_message(existing)));
                        continue;
                    }
                    Some(*existing)
                }
            };
            let draft = match change {
                PlanChange::Create { record, .. } | PlanChange::Update { record, .. } => match record.normalize(ctx.zone) {
                    Ok(draft) => Some(draft),
                    Err(draft_errors) => {
                        errors.0.extend(draft_errors.0.into_iter().map(|error| FieldError { field: at(&error.field), ..error }));
                        continue;
                    }
                },
                PlanChange::Delete { .. } => None,
            };
            match (existing, draft) {
                (None, Some(draft)) => {
                    written.insert(id, index);
                    applied.created.push(DnsRecord {
                        id,
                        domain_id: ctx.domain_id,
                        user_id: ctx.user_id,
                        record_type: draft.record_type,
                        name: draft.name,
                        value: draft.value,
                        ttl: draft.ttl,
                        priority: draft.priority,
                        is_active: draft.is_active,
                        is_system_record: false,
                        comment: draft.comment,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                        version: 1,
                    });
                }
                (Some(existing), Some(draft)) => {
                    written.insert(id, index);
                    applied.updated.push(DnsRecord {
                        record_type: draft.record_type,
                        name: draft.name,
                        value: draft.value,
                        ttl: draft.ttl,
                        priority: draft.priority,
                        is_active: draft.is_active,
                        comment: draft.comment,
                        updated_at: ctx.now,
                        version: existing.version + 1,
                        ..existing.clone()
                    });
                }
                (Some(existing), None) => applied.deleted.push(existing.clone()),
                (None, None) => {}
            }
        }
        if !errors.is_empty() {
            return Err(PlanRefusal::Invalid(errors));
        }

        let before: HashSet<(ObjectId, &str)> =
            check_zone(ctx.zone, current).into_iter().map(|problem| (problem.id, problem.code)).collect();
        for problem in check_zone(ctx.zone, &applied.records_after(current)) {
            if let Some(index) = written.get(&problem.id) {
                if !before.contains(&(problem.id, problem.code)) {
                    errors.push(problem.to_field_error(&format!("changes[{index}].")));
                }
            }
        }
        errors.into_result().map_err(PlanRefusal::Invalid)?;

        let reasons = safety(current, &applied);
        if !self.confirmed && !reasons.is_empty() {
            let why: Vec<&str> = reasons.iter().map(|reason| reason.message.as_str()).collect();
            return Err(refuse("confirmed", "confirmation_required", format!("please confirm this plan: {}", why.join("; "))));
        }
        Ok(applied)
    }

    /// For people: "2 added, 1 changed, 3 removed" (parts that are zero left out).
    pub fn summary(&self) -> String {
        let count = |wanted: fn(&PlanChange) -> bool| self.changes.iter().filter(|change| wanted(change)).count();
        summarize(
            count(|change| matches!(change, PlanChange::Create { .. })),
            count(|change| matches!(change, PlanChange::Update { .. })),
            count(|change| matches!(change, PlanChange::Delete { .. })),
        )
    }
}

fn system_record_message(record: &DnsRecord) -> String {
    format!(
        "the {} record at {} is managed by HostJamstack; to change it, turn off the default records or switch the domain to custom name servers",
        record.record_type, record.name
    )
}

fn summarize(added: usize, changed: usize, removed: usize) -> String {
    let parts: Vec<String> = [(added, "added"), (changed, "changed"), (removed, "removed")]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
    if parts.is_empty() {
        "no changes".into()
    } else {
        parts.join(", ")
    }
}

impl AppliedPlan {
    /// The zone after the plan: `current` in its order with updates in place
    /// and deletions gone, then the created records in plan order.
    pub fn records_after(&self, current: &[DnsRecord]) -> Vec<DnsRecord> {
        let updated: HashMap<ObjectId, &DnsRecord> = self.updated.iter().map(|record| (record.id, record)).collect();
        let deleted: HashSet<ObjectId> = self.deleted.iter().map(|record| record.id).collect();
        current
            .iter()
            .filter(|record| !deleted.contains(&record.id))
            .map(|record| updated.get(&record.id).map_or_else(|| record.clone(), |after| (*after).clone()))
            .chain(self.created.iter().cloned())
            .collect()
    }

    /// How many records the plan writes or removes.
    pub fn len(&self) -> usize {
        self.created.len() + self.updated.len() + self.deleted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reasons `applied` needs confirmation before it replaces `current`:
///
/// - `large_change`: it writes or removes more than 30 % of the zone's
///   records (counting inactive and system ones), and the zone has at least
///   [`LARGE_CHANGE_MIN_RECORDS`] records, so a fresh zone's first edits
///   do not nag;
/// - `removes_apex_ns` / `removes_apex_mx`: the apex had an active NS / MX
///   record and would have none: the domain stops resolving / receiving mail.
pub fn safety(current: &[DnsRecord], applied: &AppliedPlan) -> Vec<SafetyCheck> {
    let mut checks = Vec::new();
    let total = current.len();
    // Only what exists can break: adding records (our MX for forwards, a
    // template) never counts towards the share, changing or removing does.
    let touched = applied.updated.len() + applied.deleted.len();
    if total >= LARGE_CHANGE_MIN_RECORDS && touched * 10 > total * 3 {
        checks.push(SafetyCheck {
            code: "large_change".into(),
            message: format!("it changes or removes {touched} of the zone's {total} records (more than 30 %)"),
        });
    }
    let after = applied.records_after(current);
    let at_apex = |records: &[DnsRecord], record_type| {
        records.iter().any(|record| record.is_active && record.record_type == record_type && record.name == "@")
    };
    for (record_type, code, consequence) in [
        (DnsRecordType::NS, "removes_apex_ns", "the domain would stop resolving"),
        (DnsRecordType::MX, "removes_apex_mx", "mail to the domain would no longer be delivered"),
    ] {
        if at_apex(current, record_type) && !at_apex(&after, record_type) {
            checks.push(SafetyCheck {
                code: code.into(),
                message: format!("it leaves the domain itself (@) without {record_type} records, so {consequence}"),
            });
        }
    }
    checks
}

/// What changed from `before` to `after`, records matched by id. A record
/// counts as changed when its type, name, value, TTL, priority, state or
/// comment differs (not for a new version or time alone). Each list is
/// sorted by name (the apex first), type and value, as zones are shown.
pub fn diff(before: &[DnsRecord], after: &[DnsRecord]) -> PlanDiff {
    let old: HashMap<ObjectId, &DnsRecord> = before.iter().map(|record| (record.id, record)).collect();
    let new: HashMap<ObjectId, &DnsRecord> = after.iter().map(|record| (record.id, record)).collect();
    let mut result = PlanDiff {
        added: after.iter().filter(|record| !old.contains_key(&record.id)).cloned().collect(),
        changed: after
            .iter()
            .filter_map(|record| {
                let previous = old.get(&record.id)?;
                (previous.to_draft() != record.to_draft()).then(|| ChangedRecord { before: (*previous).clone(), after: record.clone() })
            })
            .collect(),
        removed: before.iter().filter(|record| !new.contains_key(&record.id)).cloned().collect(),
    };
    result.added.sort_by(|a, b| display_order(a).cmp(&display_order(b)));
    result.changed.sort_by(|a, b| display_order(&a.after).cmp(&display_order(&b.after)));
    result.removed.sort_by(|a, b| display_order(a).cmp(&display_order(b)));
    result
}

fn display_order(record: &DnsRecord) -> (bool, &str, DnsRecordType, &str) {
    (record.name != "@", &record.name, record.record_type, &record.value)
}

impl PlanDiff {
    /// For people: "2 added, 1 changed, 3 removed" (parts that are zero left out).
    pub fn summary(&self) -> String {
        summarize(self.added.len(), self.changed.len(), self.removed.len())
    }

    /// One line per record: `+ added`, `~ before  →  after`, `- removed`
    /// (see [`DnsRecord::zone_line`]).
    pub fn lines(&self) -> Vec<String> {
        let added = self.added.iter().map(|record| format!("+ {}", record.zone_line()));
        let changed = self.changed.iter().map(|change| format!("~ {}  →  {}", change.before.zone_line(), change.after.zone_line()));
        let removed = self.removed.iter().map(|record| format!("- {}", record.zone_line()));
        added.chain(changed).chain(removed).collect()
    }
}

/// The plan that turns `current` into `target`, for zone-file import and
/// restoring an older zone version. `target` must already be normalized.
///
/// Records match by [`RecordIdentity`] (type, name, value). A match whose
/// TTL, priority, state or comment differs becomes an update of the
/// current record's version; a target without a match becomes a create
/// with an id from `new_id`; with `remove_missing`, every current record no
/// target matched becomes a delete. System records are never changed or
/// removed, though they do match (so importing a file that lists them
/// creates no copies). A target repeated in `target` counts once: DNS
/// publishes a record set, where a copy means nothing.
///
/// The plan is not `confirmed`; whoever shows it asks.
pub fn plan_between(current: &[DnsRecord], target: &[RecordDraft], remove_missing: bool, mut new_id: impl FnMut() -> ObjectId) -> ZonePlan {
    let mut unmatched: HashMap<RecordIdentity, Vec<&DnsRecord>> = HashMap::new();
    for record in current.iter().rev() {
        // Reversed so that `pop` hands out the first of any copies.
        unmatched.entry(record.identity()).or_default().push(record);
    }
    let mut matched = HashSet::new();
    let mut wanted = HashSet::new();
    let mut changes = Vec::new();
    for draft in target {
        let identity = draft.identity();
        if !wanted.insert(identity.clone()) {
            continue;
        }
        match unmatched.get_mut(&identity).and_then(Vec::pop) {
            Some(record) => {
                matched.insert(record.id);
                let same = (record.ttl, record.priority, record.is_active, &record.comment)
                    == (draft.ttl, draft.priority, draft.is_active, &draft.comment);
                if !same && !record.is_system_record {
                    changes.push(PlanChange::Update { id: record.id, version: record.version, record: draft.clone() });
                }
            }
            None => changes.push(PlanChange::Create { id: new_id(), record: draft.clone() }),
        }
    }
    if remove_missing {
        changes.extend(
            current
                .iter()
                .filter(|record| !record.is_system_record && !matched.contains(&record.id))
                .map(|record| PlanChange::Delete { id: record.id, version: record.version }),
        );
    }
    ZonePlan { changes, confirmed: false }
}

impl fmt::Display for PlanRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanRefusal::Invalid(errors) => write!(f, "{errors}"),
            PlanRefusal::Stale { index, id, current: Some(_) } => {
                write!(f, "changes[{index}]: record {id} was changed meanwhile; reload the zone and try again")
            }
            PlanRefusal::Stale { index, id, current: None } => {
                write!(f, "changes[{index}]: record {id} was deleted meanwhile; reload the zone and try again")
            }
        }
    }
}

impl std::error::Error for PlanRefusal {}
