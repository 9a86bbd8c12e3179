//! POST /api/v1/domains/{id}/dns-plans, and the one function every DNS
//! write goes through.

use std::collections::HashMap;

use anyhow::Context;
use axum::extract::State;
use hjs_model::dns::{PlanContext, PlanRefusal, ZonePlan};
use hjs_model::documents::{DnsRecord, Domain, DomainStatus, Notification, NotificationType, ZoneVersion};
use hjs_model::{Collection, ObjectId, Timestamp};
use serde::Serialize;

use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::http::{idempotent_write, DocId, IdempotencyKey, JsonBody, Stored};
use crate::scope::{Principal, Scope};
use crate::AppState;

/// What an applied plan changed, so a client can settle its cache without
/// waiting for the change feed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlanResult {
    /// The zone version this plan made.
    pub zone_version: i64,
    pub summary: String,
    /// Records created or changed, as stored.
    pub records: Vec<DnsRecord>,
    /// Ids of the records removed.
    pub deleted: Vec<ObjectId>,
}

/// POST /api/v1/domains/{id}/dns-plans: apply edits to a zone, all or nothing.
#[utoipa::path(post, path = "/api/v1/domains/{id}/dns-plans", tag = "dns", request_body = ZonePlan,
    params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = PlanResult), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem, description = "`domain_transferred`"),
        (status = 412, body = crate::error::Problem, description = "a change was based on an old version; `current` is the record now, or null when it was deleted"),
        (status = 422, body = crate::error::Problem, description = "field errors named `changes[i].field`; `confirmation_required` on `confirmed`")))]
pub async fn apply(
    State(state): State<AppState>,
    principal: Principal,
    DocId(domain_id): DocId,
    key: IdempotencyKey,
    JsonBody(plan): JsonBody<ZonePlan>,
) -> ApiResult<Stored> {
    let fingerprint = format!("dns-plan {domain_id} {}", serde_json::to_string(&plan).context("Failed to encode the plan")?);
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            let result = apply_plan(tx, &principal, domain_id, &plan).await?;
            Stored::ok(&result)
        })
    })
    .await
}

/// Applies `plan` to the zone of `domain_id` inside `tx`: checks it with the
/// model's rules against the zone as stored, writes every record (each with
/// its change-log entry and audit record, in batches), the zone version,
/// and one `dns_changed` notification for the domain's owner.
pub async fn apply_plan(tx: &mut WriteTx, principal: &Principal, domain_id: ObjectId, plan: &ZonePlan) -> ApiResult<PlanResult> {
    let StoredZone { domain, records: current, next_version: zone_version } = zone_as_stored(tx, &principal.scope(), domain_id).await?;
    principal.ensure_can_write(Collection::DnsRecords)?;
    if domain.status == DomainStatus::Transferred {
        return Err(ApiError::Conflict {
            code: "domain_transferred",
            detail: "this domain was transferred away; its zone is no longer served here".into(),
        });
    }
    let now = Timestamp::now();
    let context = PlanContext { zone: &domain.domain_name, domain_id, user_id: domain.user_id, now };
    let applied = plan.apply(&context, &current).map_err(|refusal| match refusal {
        PlanRefusal::Invalid(errors) => ApiError::Validation(errors),
        PlanRefusal::Stale { index, id, current } => {
            tracing::debug!(record = %id, "plan refused: change {index} was based on an old version");
            // `current: null` tells the client the record was deleted meanwhile.
            let current = current.map(|record| serde_json::to_value(record).unwrap_or_default()).unwrap_or_default();
            let stale = hjs_model::FieldError::new(
                format!("changes[{index}]"),
                "stale_version",
                format!("record {id} changed on the provider after this plan was made"),
            );
            ApiError::StaleVersion { expected: plan_version(plan, index), current, stale: Some(stale) }
        }
    })?;
    // Each kind in one batch: a plan of 1,000 records is a few multi-row
    // statements, not thousands of round trips. The records as read above
    // (under the writer lock, so still current) are the audit's "before".
    tx.insert_many(&applied.created).await?;
    let stored: HashMap<ObjectId, &DnsRecord> = current.iter().map(|record| (record.id, record)).collect();
    let replaced = applied
        .updated
        .iter()
        .map(|after| Ok((*stored.get(&after.id).context("a plan updated a record that is not in the zone")?, after)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    tx.update_many(&replaced).await?;
    tx.delete_many(&applied.deleted).await?;
    let summary = plan.summary();
    let mut records = applied.records_after(&current);
    records.sort_by(|a, b| (&a.name, a.record_type, &a.value).cmp(&(&b.name, b.record_type, &b.value)));
    let version = ZoneVersion {
        id: ObjectId::new(),
        domain_id,
        user_id: domain.user_id,
        zone_version,
        author: principal.actor(),
        summary: summary.clone(),
        changes: plan.changes.clone(),
        records,
        created_at: now,
        version: 1,
    };
    tx.insert(&version).await?;
    let notification = Notification {
        id: ObjectId::new(),
        user_id: domain.user_id,
        notification_type: NotificationType::DnsChanged,
        title: format!("DNS changed: {}", domain.domain_name.unicode()),
        message: format!("Zone version {zone_version}: {summary}."),
        is_read: false,
        email_sent: false,
        sent_at: None,
        created_at: now,
        version: 1,
    };
    tx.insert(&notification).await?;
    let deleted = applied.deleted.iter().map(|r| r.id).collect();
    Ok(PlanResult { zone_version, summary, records: applied.created.into_iter().chain(applied.updated).collect(), deleted })
}

/// The version change `index` of `plan` was based on (0 for a create).
fn plan_version(plan: &ZonePlan, index: usize) -> i64 {
    use hjs_model::dns::PlanChange;
    match plan.changes.get(index) {
        Some(PlanChange::Update { version, .. } | PlanChange::Delete { version, .. }) => *version,
        _ => 0,
    }
}

/// A zone as stored, read at the start of a plan.
#[derive(Debug)]
pub struct StoredZone {
    pub domain: Domain,
    pub records: Vec<DnsRecord>,
    /// The number the zone's next version takes.
    pub next_version: i64,
}

/// A row of [`zone_as_stored`]'s statement: the domain, a record, or the
/// zone's last version number.
#[derive(sqlx::FromRow)]
struct ZoneRow {
    kind: String,
    body: Option<String>,
    tenant_id: Option<String>,
    zone_version: Option<i64>,
}

/// The domain (404 unless `scope` sees it), every record of its zone and
/// the number its next version takes: one statement, since a plan item in
/// a batch makes few and each is a round trip; consistent, since every
/// write holds the writer lock.
pub async fn zone_as_stored(tx: &mut WriteTx, scope: &Scope, domain_id: ObjectId) -> ApiResult<StoredZone> {
    let owner = scope.owner_clause(Collection::Domains, 2);
    let sql = format!(
        "SELECT 'domain' AS kind, body, tenant_id, CAST(NULL AS BIGINT) AS zone_version FROM domains WHERE id = $1 AND {} \
         UNION ALL SELECT 'record', body, NULL, NULL FROM dns_records WHERE domain_id = $1 \
         UNION ALL SELECT 'version', NULL, NULL, MAX(zone_version) FROM zone_versions WHERE domain_id = $1",
        owner.sql
    );
    let mut query = sqlx::query_as::<_, ZoneRow>(&sql).bind(domain_id.to_string());
    for bind in owner.binds {
        query = query.bind(bind);
    }
    let rows: Vec<ZoneRow> = query.fetch_all(&mut *tx.tx).await?;
    let (mut domain, mut records, mut last_version) = (None, Vec::with_capacity(rows.len()), 0);
    for ZoneRow { kind, body, tenant_id: tenant, zone_version: version } in rows {
        match (kind.as_str(), body) {
            ("domain", Some(body)) => {
                let found: Domain = serde_json::from_str(&body).with_context(|| format!("stored domain {domain_id} does not decode"))?;
                // The plan's writes are the domain owner's documents.
                tx.learn_reseller(found.user_id, tenant.as_deref().unwrap_or_default())?;
                domain = Some(found);
            }
            ("record", Some(body)) => records.push(serde_json::from_str(&body).context("stored DNS record does not decode")?),
            _ => last_version = version.unwrap_or(0),
        }
    }
    // The records were read whatever the scope; without the domain they
    // are dropped unseen.
    let domain = domain.ok_or(ApiError::NotFound)?;
    Ok(StoredZone { domain, records, next_version: last_version + 1 })
}
