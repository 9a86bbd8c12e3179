//! E-mail forwarding: `GET /domains/{id}/email-forwardings` and
//! `/email-forwardings/{id}` (PUT creates with a client-made id, PATCH
//! changes, DELETE removes). The model's rules are applied against every
//! forward the chain of targets reaches, so no loop can be closed through
//! another account's domain either.

use std::collections::BTreeSet;

use anyhow::Context;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::{Json, Router};
use hjs_model::documents::{Domain, DomainStatus, EmailForwarding};
use hjs_model::forwarding::{check_against, ForwardDraft};
use hjs_model::{Collection, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};

use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::http::{
    check_version, idempotent_write, DocId, IdempotencyKey, IfMatch, IfNoneMatchAny, JsonBody, PageQuery, QueryParams, Stored,
};
use crate::scope::Principal;
use crate::store::{fetch_body, fetch_one, impl_stored, Column};
use crate::AppState;

impl_stored!(EmailForwarding, "email_forwardings", |forward| [
    "domain_id" => Column::Text(forward.domain_id.to_string()),
    "from_email" => Column::Text(forward.from_email.normalized()),
]);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/domains/{id}/email-forwardings", get(list))
        .route("/email-forwardings/{id}", put(create).get(get_one).patch(update).delete(delete))
}

/// A new forward: its domain and its fields.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewForward {
    pub domain_id: ObjectId,
    pub from_email: String,
    pub to_emails: Vec<String>,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub catch_all: bool,
}

fn yes() -> bool {
    true
}

impl NewForward {
    fn draft(&self) -> ForwardDraft {
        ForwardDraft {
            from_email: self.from_email.clone(),
            to_emails: self.to_emails.clone(),
            is_active: self.is_active,
            catch_all: self.catch_all,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForwardPage {
    /// At most this many items (1–500, default 50).
    #[param(minimum = 1, maximum = 500, nullable = false)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `nextCursor`).
    #[param(min_length = 1, nullable = false)]
    pub cursor: Option<String>,
}

/// GET /api/v1/domains/{id}/email-forwardings: a domain's forwards, paged.
#[utoipa::path(get, path = "/api/v1/domains/{id}/email-forwardings", tag = "email_forwarding", params(("id" = String, Path), ForwardPage),
    responses((status = 200, description = "`{items: EmailForwarding[], nextCursor}`"), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    DocId(domain_id): DocId,
    QueryParams(page): QueryParams<ForwardPage>,
) -> ApiResult<Response> {
    let page = PageQuery { limit: page.limit, cursor: page.cursor };
    crate::domains::page_of_domain(&state, &principal, domain_id, "email_forwardings", Collection::EmailForwardings, page).await
}

/// GET /api/v1/email-forwardings/{id}
#[utoipa::path(get, path = "/api/v1/email-forwardings/{id}", tag = "email_forwarding", params(("id" = String, Path)),
    responses((status = 200, body = EmailForwarding), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(State(state): State<AppState>, principal: Principal, DocId(id): DocId) -> ApiResult<Json<EmailForwarding>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(fetch_one(&mut conn, &principal.scope(), id).await?))
}

/// PUT /api/v1/email-forwardings/{id}: create a forward with the id the client made; needs `If-None-Match: *`.
#[utoipa::path(put, path = "/api/v1/email-forwardings/{id}", tag = "email_forwarding", request_body = NewForward,
    params(("id" = String, Path), ("If-None-Match" = String, Header, description = "`*`"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = EmailForwarding), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 412, body = crate::error::Problem, description = "a forward with this id exists"),
        (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    _: IfNoneMatchAny,
    key: IdempotencyKey,
    JsonBody(request): JsonBody<NewForward>,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::EmailForwardings)?;
    let fingerprint = format!("forward-create {id} {}", serde_json::to_string(&request).unwrap_or_default());
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            if let Some(existing) = fetch_body(&mut tx.tx, &principal.scope(), Collection::EmailForwardings, id).await? {
                return Err(ApiError::StaleVersion {
                    expected: 0,
                    current: serde_json::from_str(&existing).unwrap_or_default(),
                    stale: None,
                });
            }
            let domain = writable_domain(tx, &principal, request.domain_id).await?;
            let valid = request.draft().parse(&domain.domain_name)?;
            let forward = valid.new_forward(id, domain.id, domain.user_id, Timestamp::now(), 1);
            check_against(&forward, &reachable_forwards(tx, &forward).await?)?;
            tx.insert(&forward).await?;
            Stored::created(&forward)
        })
    })
    .await
}

/// PATCH /api/v1/email-forwardings/{id}: replace a forward's fields; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/email-forwardings/{id}", tag = "email_forwarding", request_body = ForwardDraft,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = EmailForwarding), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
        (status = 428, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(draft): JsonBody<ForwardDraft>,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::EmailForwardings)?;
    let fingerprint = format!("forward-update {id} {expected} {}", serde_json::to_string(&draft).unwrap_or_default());
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            let mut forward: EmailForwarding = fetch_one(&mut tx.tx, &principal.scope(), id).await?;
            check_version(forward.version, expected, &forward)?;
            let domain = writable_domain(tx, &principal, forward.domain_id).await?;
            draft.parse(&domain.domain_name)?.apply(&mut forward);
            check_against(&forward, &reachable_forwards(tx, &forward).await?)?;
            forward.version += 1;
            forward.updated_at = Timestamp::now();
            tx.update(&forward).await?;
            Stored::ok(&forward)
        })
    })
    .await
}

/// DELETE /api/v1/email-forwardings/{id}: needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/email-forwardings/{id}", tag = "email_forwarding",
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem), (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::EmailForwardings)?;
    let fingerprint = format!("forward-delete {id} {expected}");
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            let forward: EmailForwarding = fetch_one(&mut tx.tx, &principal.scope(), id).await?;
            check_version(forward.version, expected, &forward)?;
            writable_domain(tx, &principal, forward.domain_id).await?;
            tx.delete(Collection::EmailForwardings, id).await?;
            Ok(Stored::no_content())
        })
    })
    .await
}

/// The forward's domain, if the caller sees it and it is still ours.
async fn writable_domain(tx: &mut WriteTx, principal: &Principal, domain_id: ObjectId) -> ApiResult<Domain> {
    let domain: Domain = fetch_one(&mut tx.tx, &principal.scope(), domain_id).await?;
    if domain.status == DomainStatus::Transferred {
        return Err(ApiError::Conflict {
            code: "domain_transferred",
            detail: "this domain was transferred away; its mail is no longer handled here".into(),
        });
    }
    Ok(domain)
}

/// Every forward that mail sent to `forward`'s targets can pass through:
/// the forwards of each target's domain, then of their targets' domains,
/// and so on. Whoever owns them, a loop through them would be real.
async fn reachable_forwards(tx: &mut WriteTx, forward: &EmailForwarding) -> ApiResult<Vec<EmailForwarding>> {
    let mut found = Vec::new();
    let mut visited = BTreeSet::new();
    let mut queue: Vec<String> = vec![forward.from_email.domain().to_lowercase()];
    queue.extend(forward.to_emails.iter().map(|t| t.domain().to_lowercase()));
    while let Some(domain) = queue.pop() {
        if !visited.insert(domain.clone()) {
            continue;
        }
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT f.body FROM email_forwardings f JOIN domains d ON d.id = f.domain_id WHERE d.domain_name = $1")
                .bind(&domain)
                .fetch_all(&mut *tx.tx)
                .await?;
        for body in bodies {
            let other: EmailForwarding = serde_json::from_str(&body).context("stored forward does not decode")?;
            queue.extend(other.to_emails.iter().map(|t| t.domain().to_lowercase()));
            found.push(other);
        }
    }
    Ok(found)
}
