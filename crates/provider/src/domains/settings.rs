//! GET and PATCH /api/v1/domains/{id}.

use axum::extract::State;
use axum::Json;
use hjs_model::documents::domains::DomainSettings;
use hjs_model::documents::Domain;
use hjs_model::{Collection, Timestamp};

use crate::error::{ApiError, ApiResult};
use crate::http::{check_version, idempotent_write, DocId, IdempotencyKey, IfMatch, JsonBody, Stored};
use crate::scope::Principal;
use crate::store::fetch_one;
use crate::AppState;

/// GET /api/v1/domains/{id}
#[utoipa::path(get, path = "/api/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses((status = 200, body = Domain), (status = 404, body = crate::error::Problem)))]
pub async fn get(State(state): State<AppState>, principal: Principal, DocId(id): DocId) -> ApiResult<Json<Domain>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(fetch_one(&mut conn, &principal.scope(), id).await?))
}

/// PATCH /api/v1/domains/{id}: change settings; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/domains/{id}", tag = "domains", request_body = DomainSettings,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = Domain), (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(settings): JsonBody<DomainSettings>,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::Domains)?;
    let change = settings.parse()?;
    let fingerprint = format!("domain-settings {id} {expected} {}", serde_json::to_string(&settings).unwrap_or_default());
    let scope = principal.scope();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let mut domain: Domain = fetch_one(&mut tx.tx, &scope, id).await?;
            check_version(domain.version, expected, &domain)?;
            if domain.status == hjs_model::documents::DomainStatus::Transferred {
                return Err(ApiError::Conflict {
                    code: "domain_transferred",
                    detail: "this domain was transferred away and can no longer be changed".into(),
                });
            }
            change.apply(&mut domain);
            domain.version += 1;
            domain.updated_at = Timestamp::now();
            tx.update(&domain).await?;
            Stored::ok(&domain)
        })
    })
    .await
}
