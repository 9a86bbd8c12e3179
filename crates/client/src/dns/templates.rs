//! A DNS template applied to many domains at once (a reseller's whole
//! book, or one client's): a dry run first, planning each zone from the
//! cache with [`Template::plan_for`] and the provider's own plan rules, then
//! the apply, which queues one DNS plan per applied domain in ONE cache
//! transaction (all of them or none). Both work offline; the plans go to
//! the provider with the rest of the outbox.
//!
//! Each domain is reported on its own: applied (the plan's summary, diff,
//! notes and the safety checks that need confirmation) or skipped with a
//! reason and a stable code — the template's own (`already_applied`,
//! `conflict`, `system_record`, ...) or this module's: `not_served` (the
//! domain's DNS is not served by us), `refused` (the zone's rules refuse
//! the plan) and, when applying without confirmation, `confirmation_required`.

use std::collections::HashMap;

use futures::TryStreamExt;
use hjs_model::dns::{self, PlanContext, SafetyCheck, Template, TemplateId, TemplateOutcome, ZonePlan};
use hjs_model::documents::{DnsRecord, Domain, DomainStatus};
use hjs_model::{FieldError, FieldErrors, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};
use sqlx::Row as _;

use super::operations::DnsPlanEdit;
use super::zone::project_names;
use crate::cache::Cache;
use crate::error::{ClientError, Result};
use crate::outbox::{self, Operation};
use crate::workspace::{domain_id_in, Workspace};

/// Which domains a template is applied to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DomainSelection {
    /// These domains, by id or name (ASCII or Unicode).
    Listed { domains: Vec<String> },
    /// Every domain in the cache (for a reseller, its clients' too), or
    /// only those of one account (`client`: its id or e-mail address).
    All {
        #[serde(default)]
        client: Option<String>,
    },
}

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// Planning each zone.
    Checking,
    /// Writing the plans to the outbox.
    Queueing,
}

/// How far a run is: `done` of `total` domains in `phase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateProgress {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
}

/// What a template does (or did) to one domain.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainTemplateResult {
    pub domain_id: String,
    /// ASCII (Punycode) form.
    pub domain_name: String,
    /// As people read it (Unicode for IDNs).
    pub display_name: String,
    /// The account the domain belongs to (a reseller's client, say).
    pub owner_id: String,
    pub owner_email: Option<String>,
    pub owner_name: Option<String>,
    #[serde(flatten)]
    pub outcome: DomainOutcome,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum DomainOutcome {
    #[serde(rename_all = "camelCase")]
    Applied {
        /// "2 added, 1 changed, 1 removed".
        summary: String,
        added: usize,
        changed: usize,
        removed: usize,
        /// One line per record: `+ added`, `~ before  →  after`, `- removed`.
        diff: Vec<String>,
        /// What the template replaces or merges, in words.
        notes: Vec<String>,
        /// Reasons the plan needs confirmation (a large change).
        safety: Vec<SafetyCheck>,
        /// The outbox entry, once queued.
        entry_id: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Skipped { code: String, reason: String },
}

/// A dry run's or an apply's result, domain by domain.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateReport {
    pub template: TemplateId,
    pub title: String,
    /// Nothing was queued.
    pub dry_run: bool,
    /// Domains applied to (queued, unless a dry run).
    pub applied: usize,
    pub skipped: usize,
    /// Applied domains whose plan needs confirmation.
    pub needs_confirmation: usize,
    /// By domain name.
    pub results: Vec<DomainTemplateResult>,
}

impl Workspace {
    /// What `template` would do to each selected domain; queues nothing.
    pub async fn template_dry_run(
        &self,
        template: &Template,
        selection: &DomainSelection,
        progress: impl FnMut(TemplateProgress),
    ) -> Result<TemplateReport> {
        dry_run(&self.cache, template, selection, progress).await
    }

    /// Applies `template` to each selected domain: one queued DNS plan per
    /// domain it applies to, all in one transaction. Without `confirmed`,
    /// domains whose plan needs confirmation are skipped
    /// (`confirmation_required`).
    pub async fn apply_template(
        &self,
        template: &Template,
        selection: &DomainSelection,
        confirmed: bool,
        progress: impl FnMut(TemplateProgress),
    ) -> Result<TemplateReport> {
        let report = apply(&self.cache, template, selection, confirmed, progress).await?;
        if report.applied > 0 {
            self.syncer.refresh(None, None).await?;
            self.sync_soon();
        }
        Ok(report)
    }
}

/// [`Workspace::template_dry_run`] on a cache.
pub async fn dry_run(
    cache: &Cache,
    template: &Template,
    selection: &DomainSelection,
    mut progress: impl FnMut(TemplateProgress),
) -> Result<TemplateReport> {
    let planned = plan(cache, template, selection, &mut progress).await?;
    Ok(report(template, true, planned.into_iter().map(|(result, _)| result).collect()))
}

/// [`Workspace::apply_template`] on a cache (without waking the sync loop).
pub async fn apply(
    cache: &Cache,
    template: &Template,
    selection: &DomainSelection,
    confirmed: bool,
    mut progress: impl FnMut(TemplateProgress),
) -> Result<TemplateReport> {
    let planned = plan(cache, template, selection, &mut progress).await?;
    let mut results = Vec::with_capacity(planned.len());
    let mut edits = Vec::new();
    let mut queued_at = Vec::new();
    for (mut result, edit) in planned {
        let unconfirmed = match &result.outcome {
            DomainOutcome::Applied { safety, .. } if !safety.is_empty() && !confirmed => {
                Some(safety.iter().map(|check| check.message.as_str()).collect::<Vec<_>>().join("; "))
            }
            _ => None,
        };
        match (unconfirmed, edit) {
            (Some(reasons), _) => {
                result.outcome =
                    DomainOutcome::Skipped { code: "confirmation_required".into(), reason: format!("needs confirmation: {reasons}") };
            }
            (None, Some(mut edit)) => {
                edit.plan.confirmed = confirmed;
                queued_at.push(results.len());
                edits.push((result.domain_id.clone(), Operation::DnsPlan(edit)));
            }
            (None, None) => {}
        }
        results.push(result);
    }
    let total = edits.len();
    let mut meter = Meter::new(Phase::Queueing, total, &mut progress);
    let ids = outbox::enqueue_batch(cache, edits, |done| meter.tick(done)).await?;
    for (index, id) in queued_at.into_iter().zip(ids) {
        if let DomainOutcome::Applied { entry_id, .. } = &mut results[index].outcome {
            *entry_id = Some(id);
        }
    }
    Ok(report(template, false, results))
}

fn report(template: &Template, dry_run: bool, results: Vec<DomainTemplateResult>) -> TemplateReport {
    let applied: Vec<&DomainOutcome> = results.iter().map(|r| &r.outcome).filter(|o| matches!(o, DomainOutcome::Applied { .. })).collect();
    let needs_confirmation =
        applied.iter().filter(|outcome| matches!(outcome, DomainOutcome::Applied { safety, .. } if !safety.is_empty())).count();
    TemplateReport {
        template: template.id(),
        title: template.id().title().into(),
        dry_run,
        applied: applied.len(),
        skipped: results.len() - applied.len(),
        needs_confirmation,
        results,
    }
}

/// Reports progress about a hundred times a run, not once per domain:
/// 10,000 events would cost the window more than the work.
struct Meter<'a, P> {
    phase: Phase,
    total: usize,
    step: usize,
    progress: &'a mut P,
}

impl<'a, P: FnMut(TemplateProgress)> Meter<'a, P> {
    fn new(phase: Phase, total: usize, progress: &'a mut P) -> Self {
        progress(TemplateProgress { phase, done: 0, total });
        Self { phase, total, step: (total / 100).max(1), progress }
    }

    fn tick(&mut self, done: usize) {
        if done.is_multiple_of(self.step) || done == self.total {
            (self.progress)(TemplateProgress { phase: self.phase, done, total: self.total });
        }
    }
}

#[derive(sqlx::FromRow)]
struct DomainRow {
    body: String,
    owner_email: Option<String>,
    owner_name: Option<String>,
}

const DOMAIN_SELECT: &str =
    "SELECT d.body, u.email AS owner_email, u.full_name AS owner_name FROM domains d LEFT JOIN users u ON u.id = d.user_id";

/// The selected domains, by name, with their owners.
async fn selected(cache: &Cache, selection: &DomainSelection) -> Result<Vec<DomainRow>> {
    let rows: Vec<DomainRow> = match selection {
        DomainSelection::Listed { domains } => {
            if domains.is_empty() {
                return Err(ClientError::Invalid(FieldErrors(vec![FieldError::new("domains", "required", "choose at least one domain")])));
            }
            let mut ids = Vec::with_capacity(domains.len());
            for key in domains {
                ids.push(domain_id_in(cache, key).await?);
            }
            ids.sort_unstable();
            ids.dedup();
            let ids = serde_json::to_string(&ids).map_err(anyhow::Error::from)?;
            sqlx::query_as(&format!("{DOMAIN_SELECT} WHERE d.id IN (SELECT value FROM json_each(?)) ORDER BY d.domain_name"))
                .bind(ids)
                .fetch_all(&cache.pool)
                .await?
        }
        DomainSelection::All { client: Some(client) } => {
            let key = client.trim().to_lowercase();
            let owner: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE id = ? OR lower(email) = ?")
                .bind(&key)
                .bind(&key)
                .fetch_optional(&cache.pool)
                .await?;
            let owner = owner.ok_or_else(|| ClientError::not_found(format!("client {}", client.trim())))?;
            sqlx::query_as(&format!("{DOMAIN_SELECT} WHERE d.user_id = ? ORDER BY d.domain_name"))
                .bind(owner)
                .fetch_all(&cache.pool)
                .await?
        }
        DomainSelection::All { client: None } => {
            sqlx::query_as(&format!("{DOMAIN_SELECT} ORDER BY d.domain_name")).fetch_all(&cache.pool).await?
        }
    };
    Ok(rows)
}

/// The cached records of the zones of `domain_ids` (queued edits
/// included) as stored, by domain id, each zone in its usual order. One
/// read for them all: a template on 10,000 domains reads 200,000 records.
async fn record_bodies(cache: &Cache, domain_ids: &[String]) -> Result<HashMap<String, Vec<String>>> {
    let ids = serde_json::to_string(domain_ids).map_err(anyhow::Error::from)?;
    let mut rows = sqlx::query(
        "SELECT parent_id, body FROM documents WHERE collection = 'dnsRecords' \
         AND parent_id IN (SELECT value FROM json_each(?)) ORDER BY parent_id, sort_key, id",
    )
    .bind(ids)
    .fetch(&cache.pool);
    let mut zones: HashMap<String, Vec<String>> = HashMap::with_capacity(domain_ids.len());
    while let Some(row) = rows.try_next().await? {
        let domain: &str = row.try_get(0)?;
        let body: String = row.try_get(1)?;
        match zones.get_mut(domain) {
            Some(zone) => zone.push(body),
            None => {
                zones.insert(domain.to_string(), vec![body]);
            }
        }
    }
    Ok(zones)
}

/// A domain to plan: the domain, its owner's e-mail and name, its records as stored.
type Work = (Domain, Option<String>, Option<String>, Vec<String>);

/// Domains planned between two progress reports.
const PLAN_CHUNK: usize = 500;

/// Each selected domain's result, with the edit to queue where it applies.
async fn plan(
    cache: &Cache,
    template: &Template,
    selection: &DomainSelection,
    progress: &mut impl FnMut(TemplateProgress),
) -> Result<Vec<(DomainTemplateResult, Option<DnsPlanEdit>)>> {
    if let Template::ProviderHosting { project, .. } = template {
        let projects = project_names(cache).await?;
        // Only an account that sees some projects can tell one is missing.
        if !projects.is_empty() && !projects.iter().any(|name| name.eq_ignore_ascii_case(project)) {
            return Err(ClientError::Invalid(FieldErrors(vec![FieldError::new(
                "project",
                "unknown_project",
                format!(
                    "this account has no hosting project named {project}: a CNAME to it would let whoever creates that project take over the site"
                ),
            )])));
        }
    }
    let rows = selected(cache, selection).await?;
    let mut domains = Vec::with_capacity(rows.len());
    for row in rows {
        let domain: Domain = serde_json::from_str(&row.body).map_err(|e| anyhow::anyhow!("a cached domain does not parse: {e}"))?;
        domains.push((domain, row.owner_email, row.owner_name));
    }
    let ids: Vec<String> = domains.iter().map(|(domain, _, _)| domain.id.to_string()).collect();
    let mut zones = record_bodies(cache, &ids).await?;
    let work: Vec<Work> = domains
        .into_iter()
        .map(|(domain, email, name)| {
            let records = zones.remove(&domain.id.to_string()).unwrap_or_default();
            (domain, email, name, records)
        })
        .collect();
    let now = Timestamp::now();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut meter = Meter::new(Phase::Checking, work.len(), progress);
    let mut planned = Vec::with_capacity(work.len());
    for chunk in work.chunks(PLAN_CHUNK) {
        planned.extend(plan_on_every_core(template, chunk, now, threads)?);
        meter.tick(planned.len());
    }
    Ok(planned)
}

/// `work` planned on `threads` threads, each zone on its own: parsing and
/// checking 10,000 zones is CPU work that every core can share.
fn plan_on_every_core(
    template: &Template,
    work: &[Work],
    now: Timestamp,
    threads: usize,
) -> Result<Vec<(DomainTemplateResult, Option<DnsPlanEdit>)>> {
    let share = work.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> = work
            .chunks(share)
            .map(|part| scope.spawn(move || part.iter().map(|w| plan_one(template, w, now)).collect::<Result<Vec<_>>>()))
            .collect();
        let mut planned = Vec::with_capacity(work.len());
        for part in parts {
            planned.extend(part.join().map_err(|_| anyhow::anyhow!("planning a template stopped unexpectedly"))??);
        }
        Ok(planned)
    })
}

fn plan_one(template: &Template, work: &Work, now: Timestamp) -> Result<(DomainTemplateResult, Option<DnsPlanEdit>)> {
    let (domain, owner_email, owner_name, bodies) = work;
    let current = bodies
        .iter()
        .map(|body| serde_json::from_str(body).map_err(|e| anyhow::anyhow!("a cached DNS record does not parse: {e}").into()))
        .collect::<Result<Vec<DnsRecord>>>()?;
    let (outcome, edit) = plan_domain(template, domain, &current, now);
    let result = DomainTemplateResult {
        domain_id: domain.id.to_string(),
        domain_name: domain.domain_name.to_string(),
        display_name: domain.domain_name.unicode(),
        owner_id: domain.user_id.to_string(),
        owner_email: owner_email.clone(),
        owner_name: owner_name.clone(),
        outcome,
    };
    Ok((result, edit))
}

fn skipped(code: &str, reason: String) -> (DomainOutcome, Option<DnsPlanEdit>) {
    (DomainOutcome::Skipped { code: code.into(), reason }, None)
}

/// One domain: the template's outcome, checked with the rules the provider
/// applies to the plan (applied as confirmed here, so the diff shows even
/// when confirmation is due; the safety checks are reported beside it).
fn plan_domain(template: &Template, domain: &Domain, current: &[DnsRecord], now: Timestamp) -> (DomainOutcome, Option<DnsPlanEdit>) {
    let name = domain.domain_name.unicode();
    if domain.status == DomainStatus::Transferred {
        return skipped("not_served", format!("{name} was transferred away: its DNS is no longer served here"));
    }
    if !domain.use_default_nameservers {
        let servers: Vec<&str> = domain.nameservers.iter().map(|ns| ns.as_str()).collect();
        return skipped(
            "not_served",
            format!("{name} uses other name servers ({}), so records here would not be published", servers.join(", ")),
        );
    }
    let (plan, notes) = match template.plan_for(&domain.domain_name, current, ObjectId::new) {
        TemplateOutcome::Skipped(skip) => return skipped(&skip.code, skip.reason),
        TemplateOutcome::Applied { plan, notes } => (plan, notes),
    };
    let context = PlanContext { zone: &domain.domain_name, domain_id: domain.id, user_id: domain.user_id, now };
    let checked = ZonePlan { confirmed: true, ..plan.clone() };
    let applied = match checked.apply(&context, current) {
        Ok(applied) => applied,
        Err(refusal) => return skipped("refused", format!("the zone's rules refuse the template's plan: {refusal}")),
    };
    let diff = dns::diff(current, &applied.records_after(current));
    let outcome = DomainOutcome::Applied {
        summary: diff.summary(),
        added: diff.added.len(),
        changed: diff.changed.len(),
        removed: diff.removed.len(),
        diff: diff.lines(),
        notes,
        safety: dns::safety(current, &applied),
        entry_id: None,
    };
    let edit = DnsPlanEdit { domain_id: domain.id, zone: domain.domain_name.clone(), user_id: domain.user_id, plan };
    (outcome, Some(edit))
}
