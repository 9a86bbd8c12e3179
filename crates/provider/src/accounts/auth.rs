//! Bearer tokens: opaque random strings; only their SHA-256 is stored.
//! Session tokens (`hjs_s_…`) expire; API tokens (`hjs_a_…`) for scripts
//! last until revoked. Both are revocable.

use anyhow::Context;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine as _;
use hjs_model::documents::{AuditVia, UserRole};
use hjs_model::{ObjectId, Timestamp};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use crate::error::ApiError;
use crate::scope::Principal;
use crate::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Session,
    Api,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Session => "session",
            TokenKind::Api => "api",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "hjs_s_",
            TokenKind::Api => "hjs_a_",
        }
    }
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// 256 random bits in URL-safe base64 after `prefix`. The prefix tells a
/// person (and secret scanners) what a leaked string is.
pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// A token just issued: the secret is returned to the caller once.
#[derive(Debug)]
pub struct IssuedToken {
    pub id: String,
    pub token: String,
    pub expires_at: Option<Timestamp>,
}

/// Creates a token for `user`. Runs inside the caller's transaction.
pub async fn issue(
    conn: &mut AnyConnection,
    user: ObjectId,
    kind: TokenKind,
    name: Option<&str>,
    ttl: Option<std::time::Duration>,
) -> anyhow::Result<IssuedToken> {
    let token = random_token(kind.prefix());
    let id = ObjectId::new().to_string();
    let now = Timestamp::now();
    let expires_at = ttl.map(|ttl| now.plus(chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::days(30))));
    sqlx::query(
        "INSERT INTO auth_tokens (token_hash, id, user_id, kind, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(hash_token(&token))
    .bind(&id)
    .bind(user.to_string())
    .bind(kind.as_str())
    .bind(name.map(str::to_string))
    .bind(now.to_string())
    .bind(expires_at.map(|t| t.to_string()))
    .execute(conn)
    .await
    .context("Failed to store the token")?;
    Ok(IssuedToken { id, token, expires_at })
}

/// Revokes one token of `user` by id; `false` if there was none to revoke.
pub async fn revoke(conn: &mut AnyConnection, user: ObjectId, token_id: &str) -> anyhow::Result<bool> {
    let result = sqlx::query("UPDATE auth_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(Timestamp::now().to_string())
        .bind(token_id)
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Revokes every token of `user` (password reset, deactivation).
pub async fn revoke_all(conn: &mut AnyConnection, user: ObjectId) -> anyhow::Result<()> {
    sqlx::query("UPDATE auth_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(Timestamp::now().to_string())
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Looks a token up; the user must be active.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    let invalid = || ApiError::unauthorized("invalid_token", "the token is unknown, expired or revoked");
    if token.len() > 128 {
        return Err(invalid());
    }
    let row: Option<(String, String, String, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT t.id, t.user_id, u.role, u.is_active, t.kind, t.name FROM auth_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
    )
    .bind(hash_token(token))
    .bind(Timestamp::now().to_string())
    .fetch_optional(&state.db.pool)
    .await?;
    let (token_id, user_id, role, is_active, kind, token_name) = row.ok_or_else(invalid)?;
    if is_active == 0 {
        return Err(ApiError::unauthorized("account_inactive", "this account is deactivated"));
    }
    let role: UserRole = role.parse().map_err(|_| ApiError::Internal(anyhow::anyhow!("stored role {role} is unknown")))?;
    let user_id = ObjectId::parse(&user_id).map_err(|e| ApiError::Internal(anyhow::anyhow!("stored user id: {e}")))?;
    let via = if kind == TokenKind::Api.as_str() { AuditVia::ApiToken } else { AuditVia::Desktop };
    Ok(Principal { user_id, role, token_id, via, token_name })
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(crate::batch::BatchCaller(caller)) = parts.extensions.get() {
            return Ok(caller.clone());
        }
        let token = bearer(parts).ok_or_else(|| ApiError::unauthorized("missing_token", "send Authorization: Bearer <token>"))?;
        authenticate(state, token).await
    }
}
