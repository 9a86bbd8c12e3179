//! The caller's tokens: sessions (one per sign-in) and API tokens for
//! scripts. Listing shows what each token is, never the token or its hash.
//!
//! Creating a token takes no `Idempotency-Key`: a stored replay would keep
//! the token in the database in clear.

use anyhow::Context;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use hjs_model::{FieldErrors, Timestamp};
use serde::{Deserialize, Serialize};

use super::auth::{self, TokenKind};
use super::users;
use crate::error::{ApiError, ApiResult};
use crate::http::{encode_cursor, JsonBody, PageQuery, QueryParams};
use crate::scope::Principal;
use crate::AppState;

/// Most API tokens one account may hold unrevoked.
pub const MAX_API_TOKENS: i64 = 100;

/// A token as listed: what it is, not what it is.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    pub id: String,
    /// `session` or `api`.
    pub kind: String,
    pub name: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    /// Whether this is the token that made the request.
    pub current: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TokenPage {
    pub items: Vec<TokenInfo>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewApiToken {
    /// What the token is for, e.g. `nightly DNS export`. 1–100 characters.
    pub name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiToken {
    pub id: String,
    pub name: String,
    /// The bearer token. Shown once; it cannot be read again.
    pub token: String,
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: String,
    kind: String,
    name: Option<String>,
    created_at: String,
    expires_at: Option<String>,
    revoked_at: Option<String>,
}

fn timestamp(text: Option<&str>) -> ApiResult<Option<Timestamp>> {
    Ok(text.map(Timestamp::parse).transpose().context("stored token time is not a timestamp")?)
}

/// GET /api/v1/me/tokens: the caller's session and API tokens, newest first.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "accounts", params(PageQuery), responses((status = 200, body = TokenPage)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    QueryParams(page): QueryParams<PageQuery>,
) -> ApiResult<Json<TokenPage>> {
    let limit = page.limit()?;
    let mut sql = "SELECT id, kind, name, created_at, expires_at, revoked_at FROM auth_tokens WHERE user_id = $1".to_string();
    let mut binds = vec![principal.user_id.to_string()];
    if let Some((created, id)) = page.after()? {
        sql.push_str(" AND (created_at < $2 OR (created_at = $2 AND id < $3))");
        binds.extend([created, id]);
    }
    sql.push_str(&format!(" ORDER BY created_at DESC, id DESC LIMIT {}", limit + 1));
    let mut query = sqlx::query_as::<_, TokenRow>(&sql);
    for bind in binds {
        query = query.bind(bind);
    }
    let mut rows = query.fetch_all(&state.db.pool).await?;
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|row| encode_cursor(&row.created_at, &row.id))
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|row| {
            Ok(TokenInfo {
                current: row.id == principal.token_id,
                created_at: timestamp(Some(&row.created_at))?.context("created_at is set")?,
                expires_at: timestamp(row.expires_at.as_deref())?,
                revoked_at: timestamp(row.revoked_at.as_deref())?,
                id: row.id,
                kind: row.kind,
                name: row.name,
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(TokenPage { items, next_cursor }))
}

/// POST /api/v1/me/tokens: a new API token for scripts; the token is in this response only.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "accounts", request_body = NewApiToken,
    responses((status = 201, body = CreatedApiToken), (status = 409, body = crate::error::Problem, description = "`too_many_tokens`"),
        (status = 422, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    JsonBody(request): JsonBody<NewApiToken>,
) -> ApiResult<(StatusCode, Json<CreatedApiToken>)> {
    let name = users::parse_name(&request.name).map_err(|e| ApiError::Validation(FieldErrors(vec![e.at("name")])))?;
    let mut tx = state.db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_tokens WHERE user_id = $1 AND kind = $2 AND revoked_at IS NULL")
        .bind(principal.user_id.to_string())
        .bind(TokenKind::Api.as_str())
        .fetch_one(&mut *tx.tx)
        .await?;
    if active >= MAX_API_TOKENS {
        return Err(ApiError::Conflict { code: "too_many_tokens", detail: format!("revoke one of your {active} API tokens first") });
    }
    let issued = auth::issue(&mut tx.tx, principal.user_id, TokenKind::Api, Some(&name), None).await?;
    tx.commit().await?;
    tracing::info!(user_id = %principal.user_id, token_id = %issued.id, "API token created");
    Ok((StatusCode::CREATED, Json(CreatedApiToken { id: issued.id, name, token: issued.token })))
}

/// DELETE /api/v1/me/tokens/{id}: revokes one of the caller's tokens (a session or an API token).
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = crate::error::Problem)))]
pub async fn revoke(State(state): State<AppState>, principal: Principal, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    if !auth::revoke(&mut tx.tx, principal.user_id, &id).await? {
        // Revoking twice is fine; someone else's token looks like none at all.
        let exists: Option<String> = sqlx::query_scalar("SELECT id FROM auth_tokens WHERE id = $1 AND user_id = $2")
            .bind(&id)
            .bind(principal.user_id.to_string())
            .fetch_optional(&mut *tx.tx)
            .await?;
        exists.ok_or(ApiError::NotFound)?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
