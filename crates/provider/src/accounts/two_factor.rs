//! Turning two-factor sign-in on and off: enroll a secret, confirm it with a
//! first code (which yields the recovery codes), disable it.
//!
//! None of these take an `Idempotency-Key`: a stored replay would keep the
//! secret or the recovery codes in the database in clear.

use std::net::SocketAddr;

use anyhow::Context;
use axum::extract::{ConnectInfo, State};
use axum::Json;
use hjs_model::documents::User;
use hjs_model::{ObjectId, Timestamp};
use serde::{Deserialize, Serialize};

use super::{password, totp, users};
use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::http::JsonBody;
use crate::scope::{Principal, Scope};
use crate::store::fetch_one;
use crate::AppState;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TotpEnrollment {
    /// The base32 secret, for typing into an authenticator app. Shown once.
    pub secret: String,
    /// The same secret as an `otpauth://` URI, for a QR code.
    pub otpauth_uri: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TotpConfirm {
    /// The current 6-digit code from the authenticator app.
    pub code: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodes {
    /// Ten single-use codes for when the authenticator is lost. Shown once.
    pub recovery_codes: Vec<String>,
}

/// Proof that the person at the keyboard owns the account: the password,
/// or a current code (or recovery code).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TotpDisable {
    pub password: Option<String>,
    pub code: Option<String>,
}

#[derive(sqlx::FromRow)]
struct TwoFactorSecrets {
    password_hash: String,
    two_factor_secret: Option<String>,
    two_factor_pending_secret: Option<String>,
}

async fn secrets(conn: &mut sqlx::AnyConnection, user: ObjectId) -> ApiResult<TwoFactorSecrets> {
    let row = sqlx::query_as("SELECT password_hash, two_factor_secret, two_factor_pending_secret FROM user_secrets WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(row.context("the user has no secrets row")?)
}

/// POST /api/v1/me/totp/enroll: a new TOTP secret to confirm with a first code; replaces an unconfirmed one.
#[utoipa::path(post, path = "/api/v1/me/totp/enroll", tag = "accounts",
    responses((status = 200, body = TotpEnrollment), (status = 409, body = crate::error::Problem, description = "`totp_already_enabled`")))]
pub async fn enroll(State(state): State<AppState>, principal: Principal) -> ApiResult<Json<TotpEnrollment>> {
    let mut tx = state.db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    if secrets(&mut tx.tx, principal.user_id).await?.two_factor_secret.is_some() {
        return Err(ApiError::Conflict {
            code: "totp_already_enabled",
            detail: "two-factor sign-in is already on; disable it first".into(),
        });
    }
    let user: User = fetch_one(&mut tx.tx, &Scope::Own(principal.user_id), principal.user_id).await?;
    let secret = totp::generate_secret();
    let otpauth_uri = totp::otpauth_uri(&secret, user.email.as_str()).context("Failed to build the otpauth URI")?;
    sqlx::query("UPDATE user_secrets SET two_factor_pending_secret = $1 WHERE user_id = $2")
        .bind(&secret)
        .bind(principal.user_id.to_string())
        .execute(&mut *tx.tx)
        .await?;
    tx.commit().await?;
    Ok(Json(TotpEnrollment { secret, otpauth_uri }))
}

/// POST /api/v1/me/totp/confirm: turns two-factor sign-in on with a first code; returns the recovery codes once.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "accounts", request_body = TotpConfirm,
    responses((status = 200, body = RecoveryCodes), (status = 409, body = crate::error::Problem, description = "`totp_not_enrolled`"),
        (status = 422, body = crate::error::Problem, description = "`invalid_totp` on field `code`")))]
pub async fn confirm(
    State(state): State<AppState>,
    principal: Principal,
    JsonBody(request): JsonBody<TotpConfirm>,
) -> ApiResult<Json<RecoveryCodes>> {
    let user_id = principal.user_id;
    let mut tx = state.db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    let Some(secret) = secrets(&mut tx.tx, user_id).await?.two_factor_pending_secret else {
        return Err(ApiError::Conflict { code: "totp_not_enrolled", detail: "enroll first: POST /api/v1/me/totp/enroll".into() });
    };
    if !totp::verify(&secret, &request.code, now_seconds()) {
        return Err(ApiError::field("code", "invalid_totp", "the code is wrong or expired; check the authenticator app's clock"));
    }
    sqlx::query("UPDATE user_secrets SET two_factor_secret = $1, two_factor_pending_secret = NULL WHERE user_id = $2")
        .bind(&secret)
        .bind(user_id.to_string())
        .execute(&mut *tx.tx)
        .await?;
    let codes = replace_recovery_codes(&mut tx, user_id).await?;
    users::modify(&mut tx, user_id, |user| user.two_factor_enabled = true).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user_id, "two-factor sign-in enabled");
    Ok(Json(RecoveryCodes { recovery_codes: codes }))
}

/// POST /api/v1/me/totp/disable: turns two-factor sign-in off, given the password or a code.
#[utoipa::path(post, path = "/api/v1/me/totp/disable", tag = "accounts", request_body = TotpDisable,
    responses((status = 200, body = User), (status = 409, body = crate::error::Problem, description = "`totp_not_enabled`"),
        (status = 422, body = crate::error::Problem, description = "`wrong_password` on `password` or `invalid_totp` on `code`"),
        (status = 429, body = crate::error::Problem)))]
pub async fn disable(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    principal: Principal,
    JsonBody(request): JsonBody<TotpDisable>,
) -> ApiResult<Json<User>> {
    // A stolen session must not be a free password oracle.
    state.sign_in_limiter.check(peer.ip())?;
    let user_id = principal.user_id;
    let stored = secrets(&mut *state.db.pool.acquire().await?, user_id).await?;
    let Some(secret) = stored.two_factor_secret else {
        return Err(ApiError::Conflict { code: "totp_not_enabled", detail: "two-factor sign-in is not on".into() });
    };
    match (request.password, request.code.as_deref()) {
        (Some(candidate), _) => {
            if candidate.len() > password::MAX_LENGTH * 4 || !password::verify(candidate, stored.password_hash).await? {
                return Err(ApiError::field("password", "wrong_password", "the password is wrong"));
            }
        }
        (None, Some(code)) => {
            // Recovery codes are deleted below either way, so checking one
            // need not consume it.
            if !totp::verify(&secret, code, now_seconds()) && !recovery_code_is_unused(&state, user_id, code).await? {
                return Err(ApiError::field("code", "invalid_totp", "the code is wrong or expired"));
            }
        }
        (None, None) => return Err(ApiError::field("password", "required", "give your password or a current code")),
    }
    let mut tx = state.db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    sqlx::query("UPDATE user_secrets SET two_factor_secret = NULL, two_factor_pending_secret = NULL WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut *tx.tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id.to_string()).execute(&mut *tx.tx).await?;
    let user = users::modify(&mut tx, user_id, |user| user.two_factor_enabled = false).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user_id, "two-factor sign-in disabled");
    Ok(Json(user))
}

/// Replaces the user's recovery codes with ten new ones, storing only hashes.
async fn replace_recovery_codes(tx: &mut WriteTx, user: ObjectId) -> ApiResult<Vec<String>> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.to_string()).execute(&mut *tx.tx).await?;
    let codes = totp::generate_recovery_codes();
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user.to_string())
            .bind(totp::hash_recovery_code(code))
            .execute(&mut *tx.tx)
            .await?;
    }
    Ok(codes)
}

async fn recovery_code_is_unused(state: &AppState, user: ObjectId, code: &str) -> ApiResult<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM recovery_codes WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL")
            .bind(user.to_string())
            .bind(totp::hash_recovery_code(code))
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(found.is_some())
}

fn now_seconds() -> u64 {
    Timestamp::now().unix_millis().max(0) as u64 / 1000
}
