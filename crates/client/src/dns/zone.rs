//! A zone as the desktop reads and edits it: its records from the cache,
//! plans checked against them with the provider's own rules and shown as a
//! diff before they are queued, zone files in and out, versions and their
//! restore. Everything here works offline.

use hjs_model::dns::lint::{self as zone_lint, Finding, LintContext};
use hjs_model::dns::{self, PlanChange, PlanContext, PlanDiff, PlanRefusal, RecordDraft, SafetyCheck, ZonePlan};
use hjs_model::documents::{DnsRecord, DnsRecordType, Domain, ZoneVersion};
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::Serialize;

use super::operations::DnsPlanEdit;
use super::zonefile::{self, SkippedLine};
use crate::cache::Cache;
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
    /// The zone lint of the zone as the plan leaves it.
    pub lint: Vec<Finding>,
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
        self.typed(Collection::Domains, &self.domain_id(domain).await?).await
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
        preview(&self.cache, &domain, &current, plan).await
    }

    /// The zone lint of a domain's cached zone.
    pub async fn zone_lint(&self, domain: &str) -> Result<Vec<Finding>> {
        let domain = self.zone_domain(domain).await?;
        let current = self.records_of(domain.id).await?;
        lint_records(&self.cache, &domain, &current).await
    }

    /// Queues a plan as ONE outbox entry, after the same checks as
    /// [`Workspace::preview_dns_plan`]; a plan with safety reasons must be
    /// `confirmed`.
    pub async fn apply_dns_plan(&self, domain: &str, plan: ZonePlan) -> Result<OutboxEntry> {
        let domain = self.zone_domain(domain).await?;
        let edit = checked_plan(&self.cache, &domain, plan).await?;
        self.queue(&domain.id.to_string(), Operation::DnsPlan(edit)).await
    }

    /// Reads a zone file as a plan against the cached zone: records in the
    /// file and not in the zone are added, changed attributes are updated,
    /// and with `replace` records not in the file are removed (system
    /// records are never touched). Nothing is queued.
    pub async fn import_zone_file(&self, domain: &str, text: &str, replace: bool) -> Result<ZoneImportPreview> {
        let domain = self.zone_domain(domain).await?;
        import_preview(&self.cache, &domain, text, replace).await
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
        preview(&self.cache, &zone, &current, plan).await
    }
}

/// Every cached record of a zone (queued edits included).
pub async fn records_of(cache: &Cache, domain_id: ObjectId) -> Result<Vec<DnsRecord>> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'dnsRecords' AND parent_id = ? ORDER BY sort_key, id LIMIT ?")
            .bind(domain_id.to_string())
            .bind(MAX_ZONE_RECORDS)
            .fetch_all(&cache.pool)
            .await?;
    bodies.iter().map(|b| Ok(serde_json::from_str(b).map_err(|e| anyhow::anyhow!("a cached DNS record does not parse: {e}"))?)).collect()
}

/// `plan` checked against the cached zone of `domain` as the provider will
/// check it (all of its rules; a plan with safety reasons must be
/// `confirmed`), as the outbox queues it.
async fn checked_plan(cache: &Cache, domain: &Domain, plan: ZonePlan) -> Result<DnsPlanEdit> {
    let current = records_of(cache, domain.id).await?;
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
    Ok(DnsPlanEdit { domain_id: domain.id, zone: domain.domain_name.clone(), user_id: domain.user_id, plan })
}

/// The plan that replaces a refused one (an outbox edit): its changes
/// corrected or some dropped, checked as a new plan is. The refused plan
/// shows nowhere in the cache, so its records are checked against the zone
/// without it. It may not change records the refused plan did not: those
/// have no shadow kept for them, and belong in a plan of their own.
pub(crate) async fn replacement_plan(cache: &Cache, refused: &DnsPlanEdit, plan: ZonePlan) -> Result<DnsPlanEdit> {
    let mut errors = FieldErrors::new();
    for (i, change) in plan.changes.iter().enumerate() {
        if !refused.plan.changes.iter().any(|c| c.id() == change.id()) {
            errors.push(FieldError::new(
                format!("changes[{i}].id"),
                "not_in_plan",
                "an edited plan can correct or drop its changes, not change other records; make a new plan for those",
            ));
        }
    }
    errors.into_result().map_err(ClientError::Invalid)?;
    let domain: Domain = crate::cache::read_typed(cache, Collection::Domains, &refused.domain_id.to_string()).await?;
    checked_plan(cache, &domain, plan).await
}

/// A zone file read as a plan against the cached zone of `domain`: records
/// in the file and not in the zone are added, changed attributes updated,
/// and with `replace` records not in the file removed (system records are
/// never touched). Nothing is queued.
pub async fn import_preview(cache: &Cache, domain: &Domain, text: &str, replace: bool) -> Result<ZoneImportPreview> {
    let current = records_of(cache, domain.id).await?;
    let import = zonefile::parse_zone(text, &domain.domain_name, 3600)?;
    let comments: std::collections::HashMap<_, _> =
        current.iter().filter_map(|r| r.comment.as_ref().map(|c| (r.identity(), c.clone()))).collect();
    let mut targets = Vec::with_capacity(import.records.len());
    let mut errors = FieldErrors::new();
    for imported in &import.records {
        match imported.draft.normalize(&domain.domain_name) {
            Ok(mut draft) => {
                // A file carries no comments of ours unless it has its own:
                // keep the zone's, so an import does not wipe them.
                if draft.comment.is_none() {
                    draft.comment = comments.get(&draft.identity()).cloned();
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
    let preview = preview(cache, domain, &current, plan).await?;
    Ok(ZoneImportPreview { preview, skipped: import.skipped, records_in_file: import.records.len() })
}

/// The zone lint of `records`, with the other cached zones their targets
/// point into and the hosting projects this account sees.
pub async fn lint_records(cache: &Cache, domain: &Domain, records: &[DnsRecord]) -> Result<Vec<Finding>> {
    // Only the zones a target can fall into are read: each suffix of each
    // target name that is a cached domain.
    let mut names = std::collections::BTreeSet::new();
    for record in records {
        let mut targets: Vec<&str> = Vec::new();
        match record.record_type {
            DnsRecordType::MX | DnsRecordType::NS | DnsRecordType::CNAME => targets.push(&record.value),
            DnsRecordType::SRV => targets.extend(record.value.split_whitespace().nth(2)),
            DnsRecordType::TXT if record.value.starts_with("v=spf1") => targets
                .extend(record.value.split_whitespace().filter_map(|t| t.strip_prefix("include:").or_else(|| t.strip_prefix("redirect=")))),
            _ => {}
        }
        for target in targets {
            let labels: Vec<&str> = target.trim_end_matches('.').split('.').collect();
            for i in 0..labels.len().saturating_sub(1) {
                names.insert(labels[i..].join(".").to_ascii_lowercase());
            }
        }
    }
    names.remove(domain.domain_name.as_str());
    let mut our_zones = Vec::new();
    for name in names {
        let id: Option<String> =
            sqlx::query_scalar("SELECT id FROM domains WHERE domain_name = ?").bind(&name).fetch_optional(&cache.pool).await?;
        let Some(id) = id.and_then(|id| ObjectId::parse(&id).ok()) else { continue };
        let Ok(zone) = hjs_model::DomainName::parse(&name) else { continue };
        our_zones.push((zone, records_of(cache, id).await?));
    }
    let projects = project_names(cache).await?;
    // Another reseller's projects are not in this cache: only an account
    // that sees some projects can tell a dangling one.
    let projects = (!projects.is_empty()).then_some(projects.as_slice());
    let context = LintContext { zone: &domain.domain_name, our_zones: &our_zones, projects };
    Ok(zone_lint::lint(&context, records))
}

/// The names of the hosting projects in the cache (`<name>.hostjamstack.app`).
pub(crate) async fn project_names(cache: &Cache) -> Result<Vec<String>> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'hostingProjects'").fetch_all(&cache.pool).await?;
    Ok(bodies
        .iter()
        .filter_map(|b| serde_json::from_str::<serde_json::Value>(b).ok()?["projectName"].as_str().map(str::to_string))
        .collect())
}

/// The review of `plan` against `current`, with the lint of the zone as
/// the plan leaves it.
pub async fn preview(cache: &Cache, domain: &Domain, current: &[DnsRecord], plan: ZonePlan) -> Result<PlanPreview> {
    let context = PlanContext { zone: &domain.domain_name, domain_id: domain.id, user_id: domain.user_id, now: Timestamp::now() };
    // Applied as confirmed, so the diff shows even when confirmation is due;
    // the safety reasons are reported beside it.
    let confirmed = ZonePlan { confirmed: true, ..plan.clone() };
    let summary = plan.summary();
    let refused = |errors: Vec<FieldError>, stale: bool, plan: ZonePlan, summary: String| PlanPreview {
        diff: PlanDiff::default(),
        safety: Vec::new(),
        errors,
        stale,
        lint: Vec::new(),
        summary,
        plan,
    };
    Ok(match confirmed.apply(&context, current) {
        Ok(applied) => {
            let after = applied.records_after(current);
            PlanPreview {
                diff: dns::diff(current, &after),
                safety: dns::safety(current, &applied),
                lint: lint_records(cache, domain, &after).await?,
                errors: Vec::new(),
                stale: false,
                summary,
                plan,
            }
        }
        Err(PlanRefusal::Invalid(errors)) => refused(errors.0, false, plan, summary),
        Err(PlanRefusal::Stale { index, .. }) => refused(
            vec![FieldError::new(format!("changes[{index}]"), "stale_version", "the record changed since this plan was made")],
            true,
            plan,
            summary,
        ),
    })
}

/// A plan of one new record.
pub fn add_record(record: RecordDraft) -> ZonePlan {
    ZonePlan { changes: vec![PlanChange::Create { id: ObjectId::new(), record }], confirmed: false }
}
