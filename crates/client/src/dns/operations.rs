//! DNS edits as queued in the outbox: a plan of changes to one zone, sent
//! as ONE request that the provider applies all or nothing.

use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
use hjs_model::documents::DnsRecord;
use hjs_model::{Collection, DomainName, FieldError, FieldErrors, ObjectId, Timestamp};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::Problem;
use crate::error::{ClientError, Result};
use crate::outbox::operation::{decode, DocRef, Precondition, ProviderRequest, ServerChange};

/// A plan for the zone of `domain_id`, with what applying it locally needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsPlanEdit {
    pub domain_id: ObjectId,
    /// The zone's name, to read relative record names against.
    pub zone: DomainName,
    /// The zone owner's account: created records belong to it.
    pub user_id: ObjectId,
    pub plan: ZonePlan,
}

impl DnsPlanEdit {
    pub fn touches(&self) -> Vec<DocRef> {
        self.plan.changes.iter().map(|c| DocRef::new(Collection::DnsRecords, c.id().to_string())).collect()
    }

    /// Each change's record on its own; rules over the whole zone are
    /// checked against the cache when the plan is made ([`super::plan`]).
    pub fn validate(&self) -> Result<()> {
        let mut errors = FieldErrors::new();
        if self.plan.changes.is_empty() {
            errors.push(FieldError::new("changes", "empty_plan", "the plan changes nothing"));
        }
        for (i, change) in self.plan.changes.iter().enumerate() {
            if let PlanChange::Create { record, .. } | PlanChange::Update { record, .. } = change {
                if let Err(found) = record.normalize(&self.zone) {
                    errors.0.extend(found.0.into_iter().map(|e| FieldError::new(format!("changes[{i}].{}", e.field), e.code, e.message)));
                }
            }
        }
        errors.into_result().map_err(ClientError::Invalid)
    }

    pub fn request(&self) -> ProviderRequest {
        ProviderRequest {
            method: Method::POST,
            path: format!("/domains/{}/dns-plans", self.domain_id),
            body: Some(serde_json::to_value(&self.plan).unwrap_or(Value::Null)),
            precondition: Precondition::InBody,
        }
    }

    pub fn deletes(&self, doc: &DocRef) -> bool {
        matches!(self.change_of(doc), Some(PlanChange::Delete { .. }))
    }

    fn change_of(&self, doc: &DocRef) -> Option<&PlanChange> {
        self.plan.changes.iter().find(|c| c.id().to_string() == doc.id)
    }

    pub fn apply(&self, doc: &DocRef, body: Option<&str>) -> Result<Option<String>> {
        let record = match self.change_of(doc) {
            None => return Ok(body.map(str::to_string)),
            Some(PlanChange::Delete { .. }) => None,
            Some(PlanChange::Create { id, record }) => {
                let now = Timestamp::now();
                Some(new_record(*id, self, &self.normalized(record)?, now))
            }
            Some(PlanChange::Update { record, .. }) => {
                let Some(body) = body else { return Ok(None) };
                let mut current: DnsRecord = decode(body)?;
                write_draft(&mut current, &self.normalized(record)?);
                current.updated_at = Timestamp::now();
                Some(current)
            }
        };
        Ok(record.map(|r| serde_json::to_string(&r)).transpose().map_err(anyhow::Error::from)?)
    }

    fn normalized(&self, record: &RecordDraft) -> Result<RecordDraft> {
        record.normalize(&self.zone).map_err(ClientError::Invalid)
    }

    pub fn settle(&self, answer: Value) -> Result<Vec<ServerChange>> {
        #[derive(Deserialize)]
        struct Answer {
            records: Vec<Value>,
            deleted: Vec<String>,
        }
        let answer: Answer = serde_json::from_value(answer).map_err(|e| anyhow::anyhow!("the provider's plan answer: {e}"))?;
        let mut changes: Vec<ServerChange> = answer.records.into_iter().map(|r| ServerChange::Upsert(Collection::DnsRecords, r)).collect();
        changes.extend(answer.deleted.into_iter().map(|id| ServerChange::Delete(DocRef::new(Collection::DnsRecords, id))));
        Ok(changes)
    }

    pub fn rebase(&mut self, doc: &DocRef, from: i64, to: i64) -> bool {
        let mut moved = false;
        for change in &mut self.plan.changes {
            if let PlanChange::Update { id, version, .. } | PlanChange::Delete { id, version } = change {
                if id.to_string() == doc.id && *version == from {
                    *version = to;
                    moved = true;
                }
            }
        }
        moved
    }

    /// The record of the change a 412 names (`changes[3]`).
    pub fn stale_doc(&self, problem: &Problem) -> Option<DocRef> {
        let field = &problem.errors.iter().find(|e| e.code == "stale_version")?.field;
        let index: usize = field.strip_prefix("changes[")?.strip_suffix(']')?.parse().ok()?;
        Some(DocRef::new(Collection::DnsRecords, self.plan.changes.get(index)?.id().to_string()))
    }

    /// Keeps my change of `doc` over the provider's `theirs`: based on
    /// their version now; if they deleted it, my edit re-creates it and my
    /// delete is moot.
    pub fn keep_mine(mut self, doc: &DocRef, theirs: Option<&Value>) -> Option<DnsPlanEdit> {
        let their_version = theirs.and_then(|t| t["version"].as_i64());
        let mut kept = Vec::with_capacity(self.plan.changes.len());
        for change in self.plan.changes {
            if change.id().to_string() != doc.id {
                kept.push(change);
                continue;
            }
            match (change, their_version) {
                (PlanChange::Update { id, record, .. }, Some(version)) => kept.push(PlanChange::Update { id, version, record }),
                (PlanChange::Delete { id, .. }, Some(version)) => kept.push(PlanChange::Delete { id, version }),
                (PlanChange::Update { id, record, .. }, None) => kept.push(PlanChange::Create { id, record }),
                (PlanChange::Delete { .. }, None) => {}
                (create @ PlanChange::Create { .. }, _) => kept.push(create),
            }
        }
        self.plan.changes = kept;
        (!self.plan.changes.is_empty()).then_some(self)
    }

    pub fn describe(&self) -> String {
        let single = |verb: &str, record: &RecordDraft| {
            let name = if record.name == "@" { self.zone.unicode() } else { format!("{}.{}", record.name, self.zone.unicode()) };
            format!("DNS: {verb} {} {name} {}", record.record_type, record.value)
        };
        match self.plan.changes.as_slice() {
            [PlanChange::Create { record, .. }] => single("add", record),
            [PlanChange::Update { record, .. }] => single("change", record),
            [PlanChange::Delete { .. }] => format!("DNS: remove a record of {}", self.zone.unicode()),
            _ => format!("DNS plan for {}: {}", self.zone.unicode(), self.plan.summary()),
        }
    }
}

/// A record made by a plan, as the provider will store it (its version
/// stays 0 until the provider's answer replaces it).
fn new_record(id: ObjectId, edit: &DnsPlanEdit, draft: &RecordDraft, now: Timestamp) -> DnsRecord {
    let mut record = DnsRecord {
        id,
        domain_id: edit.domain_id,
        user_id: edit.user_id,
        record_type: draft.record_type,
        name: String::new(),
        value: String::new(),
        ttl: draft.ttl,
        priority: None,
        is_active: true,
        is_system_record: false,
        comment: None,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    write_draft(&mut record, draft);
    record
}

fn write_draft(record: &mut DnsRecord, draft: &RecordDraft) {
    record.record_type = draft.record_type;
    record.name = draft.name.clone();
    record.value = draft.value.clone();
    record.ttl = draft.ttl;
    record.priority = draft.priority;
    record.is_active = draft.is_active;
    record.comment = draft.comment.clone();
}
