//! One record at a time: `GET /domains/{id}/dns-records` and
//! `/dns-records/{id}` (PUT creates with a client-made id, PATCH changes,
//! DELETE removes). Each write is a plan of one change; see [`super::plans`].

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
use hjs_model::documents::{DnsRecord, DnsRecordType};
use hjs_model::{Collection, ObjectId};
use serde::{Deserialize, Serialize};

use super::plans::apply_plan;
use crate::error::{ApiError, ApiResult};
use crate::http::{idempotent_write, DocId, IdempotencyKey, IfMatch, IfNoneMatchAny, JsonBody, QueryParams, Stored};
use crate::scope::Principal;
use crate::store::{fetch_body, fetch_one};
use crate::AppState;

/// A new record: the zone it belongs to and its fields.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDnsRecord {
    pub domain_id: ObjectId,
    #[serde(rename = "type")]
    pub record_type: DnsRecordType,
    pub name: String,
    pub value: String,
    pub ttl: u32,
    #[serde(default)]
    pub priority: Option<u16>,
    #[serde(default = "active")]
    pub is_active: bool,
    #[serde(default)]
    pub comment: Option<String>,
}

fn active() -> bool {
    true
}

impl NewDnsRecord {
    fn draft(&self) -> RecordDraft {
        RecordDraft {
            record_type: self.record_type,
            name: self.name.clone(),
            value: self.value.clone(),
            ttl: self.ttl,
            priority: self.priority,
            is_active: self.is_active,
            comment: self.comment.clone(),
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordPage {
    /// At most this many items (1–500, default 50).
    #[param(minimum = 1, maximum = 500, nullable = false)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `nextCursor`).
    #[param(min_length = 1, nullable = false)]
    pub cursor: Option<String>,
}

/// GET /api/v1/domains/{id}/dns-records: a zone's records, paged.
#[utoipa::path(get, path = "/api/v1/domains/{id}/dns-records", tag = "dns", params(("id" = String, Path), RecordPage),
    responses((status = 200, description = "`{items: DnsRecord[], nextCursor}`"), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    DocId(domain_id): DocId,
    QueryParams(page): QueryParams<RecordPage>,
) -> ApiResult<Response> {
    let page = crate::http::PageQuery { limit: page.limit, cursor: page.cursor };
    crate::domains::page_of_domain(&state, &principal, domain_id, "dns_records", Collection::DnsRecords, page).await
}

/// GET /api/v1/dns-records/{id}
#[utoipa::path(get, path = "/api/v1/dns-records/{id}", tag = "dns", params(("id" = String, Path)),
    responses((status = 200, body = DnsRecord), (status = 404, body = crate::error::Problem)))]
pub async fn get(State(state): State<AppState>, principal: Principal, DocId(id): DocId) -> ApiResult<Json<DnsRecord>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(fetch_one(&mut conn, &principal.scope(), id).await?))
}

/// PUT /api/v1/dns-records/{id}: create a record with the id the client made; needs `If-None-Match: *`.
#[utoipa::path(put, path = "/api/v1/dns-records/{id}", tag = "dns", request_body = NewDnsRecord,
    params(("id" = String, Path), ("If-None-Match" = String, Header, description = "`*`"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = DnsRecord), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem, description = "a record with this id exists"),
        (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    _: IfNoneMatchAny,
    key: IdempotencyKey,
    JsonBody(record): JsonBody<NewDnsRecord>,
) -> ApiResult<Stored> {
    let fingerprint = format!("dns-record-create {id} {}", serde_json::to_string(&record).unwrap_or_default());
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            if let Some(existing) = fetch_body(&mut tx.tx, &principal.scope(), Collection::DnsRecords, id).await? {
                let current = serde_json::from_str(&existing).unwrap_or_default();
                return Err(ApiError::StaleVersion { expected: 0, current, stale: None });
            }
            let plan = single(PlanChange::Create { id, record: record.draft() });
            let result = apply_plan(tx, &principal, record.domain_id, &plan).await.map_err(unprefixed)?;
            Stored::created(&result.records[0])
        })
    })
    .await
}

/// PATCH /api/v1/dns-records/{id}: replace a record's fields; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/dns-records/{id}", tag = "dns", request_body = RecordDraft,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = DnsRecord), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(version): IfMatch,
    key: IdempotencyKey,
    JsonBody(record): JsonBody<RecordDraft>,
) -> ApiResult<Stored> {
    let fingerprint = format!("dns-record-update {id} {version} {}", serde_json::to_string(&record).unwrap_or_default());
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            let existing: DnsRecord = fetch_one(&mut tx.tx, &principal.scope(), id).await?;
            let plan = single(PlanChange::Update { id, version, record });
            let result = apply_plan(tx, &principal, existing.domain_id, &plan).await.map_err(unprefixed)?;
            Stored::ok(&result.records[0])
        })
    })
    .await
}

/// DELETE /api/v1/dns-records/{id}: needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/dns-records/{id}", tag = "dns",
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(version): IfMatch,
    key: IdempotencyKey,
) -> ApiResult<Stored> {
    let fingerprint = format!("dns-record-delete {id} {version}");
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            let existing: DnsRecord = fetch_one(&mut tx.tx, &principal.scope(), id).await?;
            let plan = single(PlanChange::Delete { id, version });
            apply_plan(tx, &principal, existing.domain_id, &plan).await.map_err(unprefixed)?;
            Ok(Stored::no_content())
        })
    })
    .await
}

/// A plan of one change. A single-record write is explicit, so it counts as
/// confirmed: the safety checks are for plans that change many records.
fn single(change: PlanChange) -> ZonePlan {
    ZonePlan { changes: vec![change], confirmed: true }
}

/// Field errors of a one-change plan named as the record's own fields
/// (`value`, not `changes[0].value`).
fn unprefixed(error: ApiError) -> ApiError {
    match error {
        ApiError::Validation(mut errors) => {
            for error in &mut errors.0 {
                if let Some(rest) = error.field.strip_prefix("changes[0].") {
                    error.field = rest.to_string();
                }
            }
            ApiError::Validation(errors)
        }
        other => other,
    }
}
