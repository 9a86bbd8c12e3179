//! `POST /api/v1/batch`: many writes in one HTTP request.
//!
//! The desktop pushes its outbox through here: a template applied to ten
//! thousand domains is ten thousand queued plans, and one round trip each
//! is most of the time they take. A batch changes nothing about the
//! writes themselves. Each item is dispatched, in order, through the same
//! router as a request of its own, with the caller's `Authorization`, so
//! it meets the same extractors, role rules, preconditions, idempotency
//! keys, body limits and audit trail, and commits (or not) on its own.
//! The answer lists each item's status and body, as it would have come,
//! and stops after an item the provider failed on (5xx): what follows may
//! depend on it, so it is not run.
//! Atomicity across documents is what a single write gives (a DNS plan is
//! one write): a batch is transport, not a transaction. Underneath, the
//! items share database transactions (each item a savepoint, committed
//! every few milliseconds) because beginning, locking and committing are
//! most of what a small write costs; an item that fails still undoes only
//! itself, and the answer is sent only once everything in it is committed.

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request};
use axum::routing::post;
use axum::{Json, Router};
use hjs_model::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::{Duration, Instant};
use tower::ServiceExt;

use crate::error::{ApiError, ApiResult};
use crate::http::JsonBody;
use crate::scope::Principal;
use crate::AppState;

/// Most items in one batch: enough to amortise the round trip, few enough
/// that one batch does not hold a client's answer for long.
pub const MAX_BATCH_ITEMS: usize = 500;

/// Largest batch body: 500 items of ordinary writes, or a few large plans.
pub const MAX_BATCH_BYTES: usize = 16 * 1024 * 1024;

/// Largest answer read back from one item.
const MAX_ITEM_ANSWER_BYTES: usize = 64 * 1024 * 1024;

/// How long the items' shared transaction may hold the writer lock before
/// it is committed and the next item starts a new one: other writers wait
/// at most this long behind a batch.
const SHARED_TRANSACTION_SLICE: Duration = Duration::from_millis(100);

/// The request headers an item may set; the rest come from the batch.
const ITEM_HEADERS: [&str; 3] = ["if-match", "if-none-match", "idempotency-key"];

pub fn router() -> Router<AppState> {
    Router::new().route("/batch", post(batch).layer(DefaultBodyLimit::max(MAX_BATCH_BYTES)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchRequest {
    /// Applied in this order, each on its own.
    pub requests: Vec<BatchItem>,
}

/// One write, as it would be sent on its own.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchItem {
    /// `PUT`, `PATCH`, `POST` or `DELETE`.
    pub method: String,
    /// The path under `/api/v1`, e.g. `/domains/{id}/dns-plans`.
    pub path: String,
    /// `If-Match`, `If-None-Match` and `Idempotency-Key`.
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<Value>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BatchAnswer {
    /// One per item, in order. It ends early after an item that failed on
    /// the provider's side (5xx): the items after it were not run.
    pub responses: Vec<ItemAnswer>,
}

/// An item's answer: its HTTP status and JSON body (`null` when empty).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ItemAnswer {
    pub status: u16,
    pub body: Value,
}

/// POST /api/v1/batch: writes applied in order, each as if sent alone.
#[utoipa::path(post, path = "/api/v1/batch", tag = "batch", request_body = BatchRequest,
    responses((status = 200, body = BatchAnswer, description = "each item's own status and body"),
        (status = 422, body = crate::error::Problem, description = "an item is not a write under /api/v1")))]
pub async fn batch(
    State(state): State<AppState>,
    caller: Principal,
    headers: HeaderMap,
    JsonBody(request): JsonBody<BatchRequest>,
) -> ApiResult<Json<BatchAnswer>> {
    let items = checked(request)?;
    let authorization = headers.get(header::AUTHORIZATION).cloned();
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
    let db = state.db.clone();
    let router = crate::router(state);
    let run = async {
        let mut responses = Vec::with_capacity(items.len());
        let mut slice_started = Instant::now();
        for (i, item) in items.into_iter().enumerate() {
            let mut sub = Request::builder().method(item.method).uri(format!("/api/v1{}", item.path));
            if let Some(authorization) = &authorization {
                sub = sub.header(header::AUTHORIZATION, authorization);
            }
            if let Some(id) = &request_id {
                sub = sub.header("x-request-id", format!("{id}-{i}"));
            }
            for (name, value) in item.headers {
                sub = sub.header(name, value);
            }
            let body = match item.body {
                Some(body) => {
                    sub = sub.header(header::CONTENT_TYPE, "application/json");
                    Body::from(serde_json::to_vec(&body).map_err(anyhow::Error::from)?)
                }
                None => Body::empty(),
            };
            // The caller was authenticated once, for the batch; its items
            // act as that caller without looking the token up again.
            let sub = sub.extension(BatchCaller(caller.clone())).body(body).map_err(anyhow::Error::from)?;
            let Ok(response) = router.clone().oneshot(sub).await;
            let status = response.status().as_u16();
            let bytes = axum::body::to_bytes(response.into_body(), MAX_ITEM_ANSWER_BYTES).await.map_err(anyhow::Error::from)?;
            let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap_or(Value::Null) };
            responses.push(ItemAnswer { status, body });
            if status >= 500 {
                // Later items may depend on this one (a message on a ticket it
                // creates): they are left unsent, and the answer ends here.
                break;
            }
            if slice_started.elapsed() >= SHARED_TRANSACTION_SLICE {
                db.commit_shared().await?;
                slice_started = Instant::now();
            }
        }
        ApiResult::Ok(responses)
    };
    let responses = db.with_shared_writes(run).await??;
    Ok(Json(BatchAnswer { responses }))
}

/// The caller of the batch an item belongs to, handed to the item's
/// request in place of a second token lookup. Only the batch sets it: a
/// request's extensions cannot come from the network.
#[derive(Debug, Clone)]
pub struct BatchCaller(pub Principal);

/// An item checked before anything runs: one bad item refuses the batch.
struct Item {
    method: Method,
    path: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Value>,
}

fn checked(request: BatchRequest) -> ApiResult<Vec<Item>> {
    let mut errors = FieldErrors::new();
    if request.requests.is_empty() {
        errors.push(FieldError::new("requests", "empty", "send at least one request"));
    }
    if request.requests.len() > MAX_BATCH_ITEMS {
        errors.push(FieldError::new("requests", "too_many", format!("at most {MAX_BATCH_ITEMS} requests in one batch")));
    }
    let mut items = Vec::with_capacity(request.requests.len());
    for (i, item) in request.requests.into_iter().enumerate() {
        let field = |name: &str| format!("requests[{i}].{name}");
        let method = match item.method.to_ascii_uppercase().as_str() {
            "PUT" => Some(Method::PUT),
            "PATCH" => Some(Method::PATCH),
            "POST" => Some(Method::POST),
            "DELETE" => Some(Method::DELETE),
            _ => {
                errors.push(FieldError::new(field("method"), "invalid", "a batch carries writes: PUT, PATCH, POST or DELETE"));
                None
            }
        };
        let path_ok = item.path.starts_with('/')
            && item.path.len() <= 512
            && !item.path.contains(['?', '#', ' '])
            && !item.path.split('/').any(|segment| segment == "..")
            && item.path.parse::<axum::http::Uri>().is_ok();
        if !path_ok {
            errors.push(FieldError::new(field("path"), "invalid", "a path under /api/v1, like /dns-records/{id}"));
        } else if item.path == "/batch" || item.path.starts_with("/batch/") || item.path.starts_with("/auth/") {
            errors.push(FieldError::new(field("path"), "not_batchable", "batches and sign-in requests are sent on their own"));
        }
        let mut headers: Vec<(HeaderName, HeaderValue)> = Vec::with_capacity(item.headers.len());
        for (name, value) in &item.headers {
            let lower = name.to_ascii_lowercase();
            let parsed = (HeaderName::from_bytes(lower.as_bytes()), HeaderValue::from_str(value));
            match parsed {
                (Ok(parsed), _) if headers.iter().any(|(seen, _)| *seen == parsed) => {
                    errors.push(FieldError::new(field(&format!("headers.{name}")), "duplicate", "each header once"))
                }
                (Ok(name), Ok(value)) if ITEM_HEADERS.contains(&lower.as_str()) => headers.push((name, value)),
                _ => errors.push(FieldError::new(
                    field(&format!("headers.{name}")),
                    "invalid",
                    "an item sets only If-Match, If-None-Match and Idempotency-Key, as printable text",
                )),
            }
        }
        if let Some(method) = method {
            items.push(Item { method, path: item.path, headers, body: item.body });
        }
    }
    errors.into_result().map_err(ApiError::Validation)?;
    Ok(items)
}
