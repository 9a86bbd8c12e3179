//! GET /api/v1/sync/changes.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use hjs_model::Collection;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::http::QueryParams;
use crate::scope::Principal;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangesQuery {
    /// The last seq the client has applied (0 for none).
    #[param(minimum = 0)]
    pub since: i64,
    /// At most this many changes (1–10000, default 1000).
    #[param(minimum = 1, maximum = 10000, nullable = false)]
    pub limit: Option<u32>,
}

/// One change: an upsert carries the full document, a delete only the id.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub seq: i64,
    pub collection: Collection,
    pub id: String,
    /// `upsert` or `delete`.
    pub op: String,
    #[schema(value_type = Option<Object>)]
    pub doc: Option<Box<serde_json::value::RawValue>>,
}

/// A page of changes. Apply them in order, then ask again `since=lastSeq`
/// (at once while `hasMore`).
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChangePage {
    pub changes: Vec<Change>,
    pub last_seq: i64,
    pub has_more: bool,
}

pub const DEFAULT_LIMIT: u32 = 1000;
pub const MAX_LIMIT: u32 = 10_000;

/// GET /api/v1/sync/changes: visible changes after `since`, in seq order.
#[utoipa::path(get, path = "/api/v1/sync/changes", tag = "sync", params(ChangesQuery),
    responses((status = 200, body = ChangePage), (status = 422, body = crate::error::Problem)))]
pub async fn changes(
    State(state): State<AppState>,
    principal: Principal,
    QueryParams(query): QueryParams<ChangesQuery>,
) -> ApiResult<Response> {
    if query.since < 0 {
        return Err(ApiError::field("since", "out_of_range", "since must be 0 or a seq this API returned"));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::field("limit", "out_of_range", format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    let mut conn = state.db.pool.acquire().await?;
    // Read the committed head first: writers commit in seq order, so every
    // seq up to it is final and a page bounded by it never skips one.
    let head: i64 = sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1").fetch_one(&mut *conn).await?;
    let clause = principal.scope().change_clause(3);
    let sql = format!(
        "SELECT seq, collection, doc_id, op, body FROM change_log WHERE seq > $1 AND seq <= $2 AND {} ORDER BY seq LIMIT {}",
        clause.sql,
        limit + 1
    );
    let mut rows_query = sqlx::query_as::<_, (i64, String, String, String, Option<String>)>(&sql).bind(query.since).bind(head);
    for bind in clause.binds {
        rows_query = rows_query.bind(bind);
    }
    let mut rows = rows_query.fetch_all(&mut *conn).await?;
    let has_more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let last_seq = if has_more { rows.last().map(|r| r.0).unwrap_or(query.since) } else { head.max(query.since) };
    let mut changes = Vec::with_capacity(rows.len());
    for (seq, collection, id, op, body) in rows {
        let collection: Collection = collection.parse().map_err(|e| ApiError::Internal(anyhow::anyhow!("change log collection: {e}")))?;
        let doc = body.map(serde_json::value::RawValue::from_string).transpose().map_err(anyhow::Error::from)?;
        changes.push(Change { seq, collection, id, op, doc });
    }
    let body = serde_json::to_string(&ChangePage { changes, last_seq, has_more }).map_err(anyhow::Error::from)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
