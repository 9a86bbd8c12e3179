//! Request plumbing shared by every area: the JSON body extractor that
//! names the offending field, the `If-Match` and `Idempotency-Key` headers,
//! cursor pagination, and the idempotent-write helper.

use std::future::Future;
use std::pin::Pin;

use anyhow::Context;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{Db, WriteTx};
use crate::error::{ApiError, ApiResult};
use crate::scope::Principal;
use crate::AppState;

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// A JSON request body. Wrong types, unknown fields and missing fields are
/// refused with a 422 naming the field path.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.starts_with("application/json"))
            .unwrap_or(false);
        if !is_json {
            return Err(ApiError::bad_request("unsupported_media_type", "send the body as application/json"));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::bad_request("body_too_large", "the body is larger than this endpoint accepts"))?;
        let deserializer = &mut serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(deserializer).map(JsonBody).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            let message = inner.to_string();
            if inner.is_syntax() || inner.is_eof() {
                return ApiError::bad_request("malformed_json", format!("the body is not valid JSON: {message}"));
            }
            let (code, field) = field_of(&message, &path);
            ApiError::Validation(FieldErrors(vec![FieldError::new(field, code, message)]))
        })
    }
}

/// Query-string parameters. Unknown, missing and mistyped parameters are
/// refused with a 422 naming the parameter, like body fields.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(deserializer).map(QueryParams).map_err(|error| {
            let path = error.path().to_string();
            let message = error.into_inner().to_string();
            let (code, field) = field_of(&message, &path);
            ApiError::Validation(FieldErrors(vec![FieldError::new(field, code, message)]))
        })
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// The stable code and the field path for a serde error message. For an
/// unknown field the path already ends at that field; for a missing one it
/// ends at the parent.
fn field_of(message: &str, path: &str) -> (&'static str, String) {
    let named = || message.split('`').nth(1).unwrap_or(".").to_string();
    let at_root = path == "." || path.is_empty();
    if message.starts_with("unknown field") {
        ("unknown_field", if at_root { named() } else { path.to_string() })
    } else if message.starts_with("missing field") {
        ("required", if at_root { named() } else { format!("{path}.{}", named()) })
    } else if message.starts_with("invalid type") {
        ("invalid_type", path.to_string())
    } else {
        ("invalid", path.to_string())
    }
}

/// A document id from the path. A malformed id can name no document, so it
/// gets the same 404 as a missing one and ids cannot be probed by shape.
#[derive(Debug, Clone, Copy)]
pub struct DocId(pub ObjectId);

impl<S: Send + Sync> FromRequestParts<S> for DocId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(id) =
            axum::extract::Path::<String>::from_request_parts(parts, state).await.map_err(|_| ApiError::NotFound)?;
        ObjectId::parse(&id).map(DocId).map_err(|_| ApiError::NotFound)
    }
}

/// The version a write is based on, from `If-Match: 3` or `If-Match: "3"`.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.headers.get(header::IF_MATCH).ok_or(ApiError::PreconditionRequired)?;
        let text = raw.to_str().unwrap_or_default().trim().trim_start_matches("W/").trim_matches('"');
        text.parse::<i64>()
            .ok()
            .filter(|v| *v >= 1)
            .map(IfMatch)
            .ok_or_else(|| ApiError::bad_request("invalid_if_match", "If-Match must be the document's version, a positive integer"))
    }
}

/// `If-None-Match: *`: the request creates a document and must not replace one.
#[derive(Debug, Clone, Copy)]
pub struct IfNoneMatchAny;

impl<S: Send + Sync> FromRequestParts<S> for IfNoneMatchAny {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.headers.get(header::IF_NONE_MATCH).ok_or(ApiError::CreatePreconditionRequired)?;
        if raw.to_str().unwrap_or_default().trim() != "*" {
            return Err(ApiError::bad_request("invalid_if_none_match", "If-None-Match must be * (create only if absent)"));
        }
        Ok(IfNoneMatchAny)
    }
}

/// An optional `Idempotency-Key`: 1–200 visible ASCII characters.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(raw) = parts.headers.get("idempotency-key") else { return Ok(IdempotencyKey(None)) };
        let text = raw.to_str().unwrap_or_default();
        if text.is_empty() || text.len() > 200 || !text.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::bad_request("invalid_idempotency_key", "Idempotency-Key must be 1 to 200 visible ASCII characters"));
        }
        Ok(IdempotencyKey(Some(text.to_string())))
    }
}

/// A JSON response whose status and body a replay reproduces exactly.
#[derive(Debug, Clone)]
pub struct Stored {
    pub status: StatusCode,
    pub body: String,
}

impl Stored {
    pub fn ok<T: Serialize>(value: &T) -> ApiResult<Stored> {
        Ok(Stored { status: StatusCode::OK, body: serde_json::to_string(value).context("Failed to encode response")? })
    }

    pub fn created<T: Serialize>(value: &T) -> ApiResult<Stored> {
        Ok(Stored { status: StatusCode::CREATED, body: serde_json::to_string(value).context("Failed to encode response")? })
    }

    /// 204: done, nothing to answer (a delete).
    pub fn no_content() -> Stored {
        Stored { status: StatusCode::NO_CONTENT, body: String::new() }
    }
}

impl IntoResponse for Stored {
    fn into_response(self) -> Response {
        if self.status == StatusCode::NO_CONTENT {
            return self.status.into_response();
        }
        (self.status, [(header::CONTENT_TYPE, "application/json")], self.body).into_response()
    }
}

pub type WriteFuture<'t> = Pin<Box<dyn Future<Output = ApiResult<Stored>> + Send + 't>>;

/// Runs a write in one transaction. With an `Idempotency-Key`, the response
/// is stored with the effect; a replay of the same request returns it and
/// does nothing, and reusing the key for a different request is refused.
pub async fn idempotent_write<F>(db: &Db, principal: &Principal, key: &IdempotencyKey, request: &str, write: F) -> ApiResult<Stored>
where
    F: for<'t> FnOnce(&'t mut WriteTx) -> WriteFuture<'t>,
{
    let mut tx = db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    let fingerprint = hex::encode(Sha256::digest(request.as_bytes()));
    let user_id = principal.user_id.to_string();
    if let Some(key) = &key.0 {
        if let Some(previous) = recall_answer(&mut tx, &user_id, key).await? {
            if previous.request_hash != fingerprint {
                return Err(ApiError::Conflict {
                    code: "idempotency_key_reused",
                    detail: "this Idempotency-Key was used for a different request".into(),
                });
            }
            let status = StatusCode::from_u16(previous.status as u16).unwrap_or(StatusCode::OK);
            return Ok(Stored { status, body: previous.body });
        }
    }
    let response = write(&mut tx).await?;
    if let Some(key) = &key.0 {
        tx.answers.push(KeyedAnswer {
            user_id,
            key: key.clone(),
            request_hash: fingerprint,
            status: response.status.as_u16() as i64,
            body: response.body.clone(),
            created_at: Timestamp::now().to_string(),
        });
    }
    tx.commit().await?;
    Ok(response)
}

/// A write's answer kept under its `Idempotency-Key`, written at commit.
#[derive(Debug, Clone)]
pub(crate) struct KeyedAnswer {
    user_id: String,
    key: String,
    request_hash: String,
    status: i64,
    body: String,
    created_at: String,
}

/// The answer stored under `key`: one of this transaction (a batch's
/// earlier items included) not written yet, or one in the table.
async fn recall_answer(tx: &mut WriteTx, user_id: &str, key: &str) -> ApiResult<Option<KeyedAnswer>> {
    if let Some(pending) = tx.answers.iter().rev().find(|answer| answer.user_id == user_id && answer.key == key) {
        return Ok(Some(pending.clone()));
    }
    let stored: Option<(String, i64, String, String)> =
        sqlx::query_as("SELECT request_hash, status, body, created_at FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2")
            .bind(user_id)
            .bind(key)
            .fetch_optional(&mut *tx.tx)
            .await?;
    Ok(stored.map(|(request_hash, status, body, created_at)| KeyedAnswer {
        user_id: user_id.to_string(),
        key: key.to_string(),
        request_hash,
        status,
        body,
        created_at,
    }))
}

const ANSWER_COLUMNS: [&str; 6] = ["user_id", "idempotency_key", "request_hash", "status", "body", "created_at"];

/// Stores answers under their keys, a few hundred per statement.
pub(crate) async fn write_answers(
    conn: &mut sqlx::AnyConnection,
    engine: crate::db::Engine,
    answers: &[KeyedAnswer],
) -> anyhow::Result<()> {
    for chunk in answers.chunks(engine.rows_per_statement(ANSWER_COLUMNS.len())) {
        let sql = crate::db::multi_row_insert("idempotency_keys", &ANSWER_COLUMNS, chunk.len());
        let mut query = sqlx::query(&sql);
        for answer in chunk {
            query = query
                .bind(answer.user_id.as_str())
                .bind(answer.key.as_str())
                .bind(answer.request_hash.as_str())
                .bind(answer.status)
                .bind(answer.body.as_str())
                .bind(answer.created_at.as_str());
        }
        query.execute(&mut *conn).await.context("Failed to store the answers under their idempotency keys")?;
    }
    Ok(())
}

/// The document a page of others hangs under, and the column naming it.
#[derive(Debug, Clone, Copy)]
pub struct Parent {
    pub collection: Collection,
    pub id: ObjectId,
    pub column: &'static str,
}

/// A page of the documents of `table` under `parent` (a domain's records,
/// a ticket's messages), oldest first, as the caller's scope sees them
/// (a customer never sees internal notes); 404 for a parent outside it.
pub async fn page_under(
    state: &AppState,
    principal: &Principal,
    parent: Parent,
    table: &'static str,
    collection: Collection,
    page: PageQuery,
) -> ApiResult<Response> {
    let scope = principal.scope();
    let mut conn = state.db.pool.acquire().await?;
    crate::store::fetch_body(&mut conn, &scope, parent.collection, parent.id).await?.ok_or(ApiError::NotFound)?;
    drop(conn);
    let mut query = KeysetQuery::new(table, "created_at", false, scope.owner_clause(collection, 1));
    let placeholder = query.bind(parent.id.to_string());
    query.filter(format!("{} = {placeholder}", parent.column));
    query.page(&state.db.pool, &page).await
}

/// Cursor pagination: `limit` (1–500, default 50) and an opaque `cursor`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct PageQuery {
    #[param(minimum = 1, maximum = 500, nullable = false)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `nextCursor`).
    #[param(min_length = 1, nullable = false)]
    pub cursor: Option<String>,
}

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

impl PageQuery {
    pub fn limit(&self) -> ApiResult<u32> {
        match self.limit {
            None => Ok(DEFAULT_PAGE),
            Some(n) if (1..=MAX_PAGE).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::field("limit", "out_of_range", format!("limit must be between 1 and {MAX_PAGE}"))),
        }
    }

    /// The decoded cursor: the sort key and id of the last item seen.
    pub fn after(&self) -> ApiResult<Option<(String, String)>> {
        let Some(cursor) = &self.cursor else { return Ok(None) };
        let invalid = || ApiError::field("cursor", "invalid_cursor", "cursor is not one this API issued");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
        let (key, id): (String, String) = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        Ok(Some((key, id)))
    }
}

pub fn encode_cursor(key: &str, id: &str) -> String {
    let json = serde_json::to_vec(&(key, id)).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

/// A keyset-paged list over one document table: `SELECT id, key, body FROM
/// table WHERE conditions ORDER BY key, id LIMIT n + 1`, where the extra row
/// only tells whether there is a next page. Every list endpoint pages this
/// way, so cursors stay valid while rows are added or changed.
#[derive(Debug)]
pub struct KeysetQuery {
    table: &'static str,
    key_column: &'static str,
    descending: bool,
    conditions: Vec<String>,
    binds: Vec<String>,
}

impl KeysetQuery {
    /// Starts from the caller's visibility clause (placeholders from `$1`).
    pub fn new(table: &'static str, key_column: &'static str, descending: bool, scope: crate::scope::Clause) -> Self {
        Self { table, key_column, descending, conditions: vec![scope.sql], binds: scope.binds }
    }

    /// Adds a bind value and returns its placeholder.
    pub fn bind(&mut self, value: String) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// Adds a condition (use [`KeysetQuery::bind`] for its values).
    pub fn filter(&mut self, condition: String) {
        self.conditions.push(condition);
    }

    /// Runs the query for `page` and answers `{items, nextCursor}`.
    pub async fn page(mut self, pool: &sqlx::AnyPool, page: &PageQuery) -> ApiResult<Response> {
        let limit = page.limit()?;
        let (cmp, order) = if self.descending { ("<", "DESC") } else { (">", "ASC") };
        if let Some((key, id)) = page.after()? {
            let (key, id) = (self.bind(key), self.bind(id));
            self.filter(format!("({col} {cmp} {key} OR ({col} = {key} AND id {cmp} {id}))", col = self.key_column));
        }
        let sql = format!(
            "SELECT id, {col}, body FROM {} WHERE {} ORDER BY {col} {order}, id {order} LIMIT {}",
            self.table,
            self.conditions.join(" AND "),
            limit + 1,
            col = self.key_column
        );
        let mut query = sqlx::query_as::<_, (String, String, String)>(&sql);
        for value in self.binds {
            query = query.bind(value);
        }
        let mut rows = query.fetch_all(pool).await?;
        let next = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|(id, key, _)| encode_cursor(key, id))
        } else {
            None
        };
        Ok(page_response(rows.into_iter().map(|(_, _, body)| body).collect(), next))
    }
}

/// A page of documents, written from stored JSON without re-encoding.
pub fn page_response(bodies: Vec<String>, next_cursor: Option<String>) -> Response {
    let mut out = String::with_capacity(bodies.iter().map(|b| b.len() + 1).sum::<usize>() + 64);
    out.push_str("{\"items\":[");
    for (i, body) in bodies.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(body);
    }
    out.push_str("],\"nextCursor\":");
    out.push_str(&serde_json::to_string(&next_cursor).unwrap_or_else(|_| "null".into()));
    out.push('}');
    ([(header::CONTENT_TYPE, "application/json")], out).into_response()
}

/// Checks a free-text field's length in characters.
pub fn bounded_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.push(FieldError::new(field, "too_long", format!("must be at most {max} characters")));
    }
}

/// 412 with the current document when `If-Match` is not the current version.
pub fn check_version<T: Serialize>(current: i64, expected: i64, doc: &T) -> ApiResult<()> {
    if current != expected {
        return Err(ApiError::StaleVersion { expected, current: serde_json::to_value(doc).map_err(anyhow::Error::from)?, stale: None });
    }
    Ok(())
}
