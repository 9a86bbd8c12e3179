//! A zone as the desktop reads and edits it: its records from the cache,
//! plans checked against them with the provider's own rules and shown as a
//! diff before they are queued, zone files in and out, versions and their
//! restore. Everything here works offline.

use hjs_model::dns::{self, PlanChange, PlanContext, PlanDiff, PlanRefusal, RecordDraft, SafetyCheck, ZonePlan};
use hjs_model::documents::{AuditEvent, DnsRecord, Domain, ZoneVersion};
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::Serialize;

use super::operations::DnsPlanEdit;
use super::zonefile::{self, SkippedLine};
use crate::error::{ClientError, Result};
use crate::outbox::{Operation, OutboxEntry};
use crate::workspace::Workspace;

/// Largest zone the desktop reads at once.
const MAX_ZONE_RECORDS: i64 = 100_000;

/// A plan as people review it before applying: what it changes, what the
/// rules refuse, and what needs confirming.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanPreview {
    pub plan: ZonePlan,
    pub summary: String,
    pub diff: PlanDiff,
    /// The rules' refusals, named `changes[i].field`; empty when it can be applied.
    pub errors: Vec<FieldError>,
    /// Reasons to ask "are you sure?" (a large change, the apex NS or MX removed).
    pub safety: Vec<SafetyCheck>,
    /// Set when a change was made on a record that changed since (reload the zone).
    pub stale: bool,
}

/// A zone file read against a zone: the plan that makes the zone match it,
/// and the lines that were left out, with why.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneImportPreview {
    pub preview: PlanPreview,
    pub skipped: Vec<SkippedLine>,
    pub records_in_file: usize,
}

impl Workspace {
    /// The cached domain of an id or a name.
    async fn zone_domain(&self, domain: &str) -> Result<Domain> {
        let id = self.domain_id(domain).await?;
        Ok(serde_json::from_value(self.document(Collection::Domains, &id).await?).map_err(anyhow::Error::from)?)
    }

    /// Every cached record of a domain's zone (queued edits included).
    pub async fn zone_records(&self, domain: &str) -> Result<Vec<DnsRecord>> {
        let domain = self.zone_domain(domain).await?;
        self.records_of(domain.id).await
    }

    async fn records_of(&self, domain_id: ObjectId) -> Result<Vec<DnsRecord>> {
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM documents WHERE collection = 'dnsRecords' AND parent_id = ? ORDER BY sort_key, id LIMIT ?",
        )
        .bind(domain_id.to_string())
        .bind(MAX_ZONE_RECORDS)
        .fetch_all(&self.cache.pool)
        .await?;
        bodies
            .iter()
            .map(|b| Ok(serde_json::from_str(b).map_err(|e| anyhow::anyhow!("a cached DNS record does not parse: {e}"))?))
            .collect()
    }

    /// Checks a plan against the cached zone, as the provider will.
    pub async fn preview_dns_plan(&self, domain: &str, plan: ZonePlan) -> Result<PlanPreview> {
        let domain = self.zone_domain(domain).await?;
        let current = self.records_of(domain.id).await?;
        Ok(preview(&domain, &current, plan))
    }

    /// Queues a plan as ONE outbox entry, after the same checks as
    /// [`Workspace::preview_dns_plan`]; a plan with safety reasons must be
    /// `confirmed`.
    pub async fn apply_dns_plan(&self, domain: &str, plan: ZonePlan) -> Result<OutboxEntry> {
        let domain = self.zone_domain(domain).await?;
        let current = self.records_of(domain.id).await?;
        let context = PlanContext { zone: &domain.domain_name, domain_id: domain.id, user_id: domain.user_id, now: Timestamp::now() };
        match plan.apply(&context, &current) {
            Ok(_) => {}
            Err(PlanRefusal::Invalid(errors)) => return Err(ClientError::Invalid(errors)),
            Err(PlanRefusal::Stale { index, .. }) => {
                return Err(ClientError::Invalid(FieldErrors(vec![FieldError::new(
                    format!("changes[{index}]"),
                    "stale_version",
                    "the record changed since this plan was made; make the plan again",
                )])))
            }
        }
        let edit = DnsPlanEdit { domain_id: domain.id, zone: domain.domain_name.clone(), user_id: domain.user_id, plan };
        self.queue(&domain.id.to_string(), Operation::DnsPlan(edit)).await
    }

    /// Reads a zone file as a plan against the cached zone: records in the
    /// file and not in the zone are added, changed attributes are updated,
    /// and with `replace` records not in the file are removed (system
    /// records are never touched). Nothing is queued.
    pub async fn import_zone_file(&self, domain: &str, text: &str, replace: bool) -> Result<ZoneImportPreview> {
        let domain = self.zone_domain(domain).await?;
        let current = self.records_of(domain.id).await?;
        let import = zonefile::parse_zone(text, &domain.domain_name, 3600)?;
        let mut targets = Vec::with_capacity(import.records.len());
        let mut errors = FieldErrors::new();
        for imported in &import.records {
            match imported.draft.normalize(&domain.domain_name) {
                Ok(mut draft) => {
                    // A file carries no comments of ours unless it has its
                    // own: keep the zone's, so an import does not wipe them.
                    if draft.comment.is_none() {
                        draft.comment = current.iter().find(|r| r.identity() == draft.identity()).and_then(|r| r.comment.clone());
                    }
                    targets.push(draft)
                }
                Err(found) => {
                    for error in found.0 {
                        errors.push(FieldError::new(format!("line {}: {}", imported.line, error.field), error.code, error.message));
                    }
                }
            }
        }
        errors.into_result().map_err(ClientError::Invalid)?;
        let plan = dns::plan_between(&current, &targets, replace, ObjectId::new);
        Ok(ZoneImportPreview { preview: preview(&domain, &current, plan), skipped: import.skipped, records_in_file: import.records.len() })
    }

    /// The zone as an RFC 1035 master file.
    pub async fn export_zone_file(&self, domain: &str) -> Result<String> {
        let domain = self.zone_domain(domain).await?;
        let records = self.records_of(domain.id).await?;
        let versions = self.zone_versions(&domain.id.to_string()).await?;
        // The serial counts applied plans, so secondaries see each one.
        let serial = versions.first().map(|v| v.zone_version as u32).unwrap_or(0) + 1;
        Ok(zonefile::export_zone(&domain.domain_name, &records, serial))
    }

    /// The zone's versions (applied plans), newest first.
    pub async fn zone_versions(&self, domain: &str) -> Result<Vec<ZoneVersion>> {
        let domain_id = self.domain_id(domain).await?;
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM documents WHERE collection = 'zoneVersions' AND parent_id = ? ORDER BY sort_key DESC, id DESC",
        )
        .bind(domain_id)
        .fetch_all(&self.cache.pool)
        .await?;
        bodies
            .iter()
            .map(|b| Ok(serde_json::from_str(b).map_err(|e| anyhow::anyhow!("a cached zone version does not parse: {e}"))?))
            .collect()
    }

    /// What changed from version `from` to version `to` of a zone (0: empty zone).
    pub async fn zone_version_diff(&self, domain: &str, from: i64, to: i64) -> Result<PlanDiff> {
        let versions = self.zone_versions(domain).await?;
        let records = |n: i64| -> Result<Vec<DnsRecord>> {
            if n == 0 {
                return Ok(Vec::new());
            }
            versions
                .iter()
                .find(|v| v.zone_version == n)
                .map(|v| v.records.clone())
                .ok_or_else(|| ClientError::not_found(format!("zone version {n}")))
        };
        Ok(dns::diff(&records(from)?, &records(to)?))
    }

    /// A plan that brings the zone back to version `version`, for review.
    pub async fn restore_zone_version(&self, domain: &str, version: i64) -> Result<PlanPreview> {
        let zone = self.zone_domain(domain).await?;
        let current = self.records_of(zone.id).await?;
        let versions = self.zone_versions(&zone.id.to_string()).await?;
        let old =
            versions.iter().find(|v| v.zone_version == version).ok_or_else(|| ClientError::not_found(format!("zone version {version}")))?;
        let targets: Vec<RecordDraft> = old.records.iter().filter(|r| !r.is_system_record).map(DnsRecord::to_draft).collect();
        let plan = dns::plan_between(&current, &targets, true, ObjectId::new);
        Ok(preview(&zone, &current, plan))
    }

    /// The audit trail of one document (newest first), as synced.
    pub async fn history(&self, doc_id: &str) -> Result<Vec<AuditEvent>> {
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM documents WHERE collection = 'auditEvents' AND parent_id = ? ORDER BY sort_key DESC, id DESC LIMIT 1000",
        )
        .bind(doc_id)
        .fetch_all(&self.cache.pool)
        .await?;
        bodies
            .iter()
            .map(|b| Ok(serde_json::from_str(b).map_err(|e| anyhow::anyhow!("a cached audit event does not parse: {e}"))?))
            .collect()
    }
}

/// The review of `plan` against `current`.
pub fn preview(domain: &Domain, current: &[DnsRecord], plan: ZonePlan) -> PlanPreview {
    let context = PlanContext { zone: &domain.domain_name, domain_id: domain.id, user_id: domain.user_id, now: Timestamp::now() };
    // Applied as confirmed, so the diff shows even when confirmation is due;
    // the safety reasons are reported beside it.
    let confirmed = ZonePlan { confirmed: true, ..plan.clone() };
    let summary = plan.summary();
    match confirmed.apply(&context, current) {
        Ok(applied) => PlanPreview {
            diff: dns::diff(current, &applied.records_after(current)),
            safety: dns::safety(current, &applied),
            errors: Vec::new(),
            stale: false,
            summary,
            plan,
        },
        Err(PlanRefusal::Invalid(errors)) => {
            PlanPreview { diff: PlanDiff::default(), safety: Vec::new(), errors: errors.0, stale: false, summary, plan }
        }
        Err(PlanRefusal::Stale { index, .. }) => PlanPreview {
            diff: PlanDiff::default(),
            safety: Vec::new(),
            errors: vec![FieldError::new(format!("changes[{index}]"), "stale_version", "the record changed since this plan was made")],
            stale: true,
            summary,
            plan,
        },
    }
}

/// A plan of one new record.
pub fn add_record(record: RecordDraft) -> ZonePlan {
    ZonePlan { changes: vec![PlanChange::Create { id: ObjectId::new(), record }], confirmed: false }
}
