//! Sign-in, sign-out and `GET /me`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::Json;
use chrono::Duration;
use hjs_model::documents::User;
use hjs_model::{EmailAddress, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};

use super::auth::{self, TokenKind};
use super::{password, totp};
use crate::error::{ApiError, ApiResult};
use crate::http::JsonBody;
use crate::scope::Principal;
use crate::store::fetch_one;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    /// Required when the account has two-factor sign-in: a 6-digit code or
    /// a recovery code.
    pub totp_code: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionResponse {
    /// The bearer token. Shown once; keep it in a keyring.
    pub token: String,
    pub token_id: String,
    pub expires_at: Option<Timestamp>,
    pub user: User,
}

#[derive(sqlx::FromRow)]
struct Credentials {
    user_id: String,
    is_active: i64,
    password_hash: String,
    two_factor_secret: Option<String>,
    failed_sign_ins: i64,
    locked_until: Option<String>,
}

/// POST /api/v1/auth/sign-in: password (and TOTP when enabled) for a session token.
#[utoipa::path(post, path = "/api/v1/auth/sign-in", tag = "accounts", request_body = SignInRequest,
    responses((status = 200, body = SessionResponse), (status = 401, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    JsonBody(request): JsonBody<SignInRequest>,
) -> ApiResult<Json<SessionResponse>> {
    state.sign_in_limiter.check(peer.ip())?;
    let wrong = || ApiError::unauthorized("invalid_credentials", "e-mail or password is wrong");
    let email = EmailAddress::parse(&request.email).map_err(|e| ApiError::Validation(hjs_model::FieldErrors(vec![e.at("email")])))?;
    if request.password.len() > password::MAX_LENGTH * 4 {
        return Err(wrong());
    }
    let row: Option<Credentials> = sqlx::query_as(
        "SELECT u.id AS user_id, u.is_active, s.password_hash, s.two_factor_secret, s.failed_sign_ins, s.locked_until \
         FROM users u JOIN user_secrets s ON s.user_id = u.id WHERE u.email = $1",
    )
    .bind(email.normalized())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(creds) = row else {
        // Same work as a real check, so timing does not reveal accounts.
        password::verify(request.password, password::DUMMY_HASH.clone()).await?;
        return Err(wrong());
    };
    let now = Timestamp::now();
    if let Some(until) = creds.locked_until.as_deref().and_then(|t| Timestamp::parse(t).ok()).filter(|until| *until > now) {
        let seconds = (until.unix_millis() - now.unix_millis()).max(1000) as u64 / 1000;
        return Err(ApiError::TooManyRequests {
            code: "account_locked",
            detail: format!("too many failed sign-ins; try again after {until}"),
            retry_after_seconds: seconds,
        });
    }
    let password_ok = password::verify(request.password, creds.password_hash).await?;
    if !password_ok {
        record_failure(&state, &creds.user_id, creds.failed_sign_ins + 1).await?;
        return Err(wrong());
    }
    if creds.is_active == 0 {
        return Err(ApiError::unauthorized("account_inactive", "this account is deactivated"));
    }
    let user_id = ObjectId::parse(&creds.user_id).map_err(|e| ApiError::Internal(anyhow::anyhow!("stored user id: {e}")))?;
    let mut tx = state.db.begin_write(crate::db::Audit::As(hjs_model::documents::AuditActor::anonymous(None))).await?;
    if let Some(secret) = &creds.two_factor_secret {
        let Some(code) = request.totp_code.as_deref().filter(|c| !c.trim().is_empty()) else {
            return Err(ApiError::unauthorized("totp_required", "enter the code from your authenticator app"));
        };
        let code_ok = match totp::matching_step(secret, code, now.unix_millis() as u64 / 1000) {
            Some(step) => claim_totp_step(&mut tx, user_id, step).await?,
            None => use_recovery_code(&mut tx, user_id, code).await?,
        };
        if !code_ok {
            drop(tx);
            record_failure(&state, &creds.user_id, creds.failed_sign_ins + 1).await?;
            return Err(ApiError::unauthorized("invalid_totp", "the authentication code is wrong or expired"));
        }
    }
    sqlx::query("UPDATE user_secrets SET failed_sign_ins = 0, locked_until = NULL WHERE user_id = $1")
        .bind(&creds.user_id)
        .execute(&mut *tx.tx)
        .await?;
    let issued = auth::issue(&mut tx.tx, user_id, TokenKind::Session, None, Some(state.config.session_ttl)).await?;
    let user: User = fetch_one(&mut tx.tx, &crate::scope::Scope::Own(user_id), user_id).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user_id, "signed in");
    Ok(Json(SessionResponse { token: issued.token, token_id: issued.id, expires_at: issued.expires_at, user }))
}

/// Records `step` as used; `false` when a code of this or a later step was
/// already accepted (a replayed code).
async fn claim_totp_step(tx: &mut crate::db::WriteTx, user: ObjectId, step: u64) -> ApiResult<bool> {
    let result = sqlx::query(
        "UPDATE user_secrets SET two_factor_last_step = $1 WHERE user_id = $2 AND (two_factor_last_step IS NULL OR two_factor_last_step < $1)",
    )
    .bind(step as i64)
    .bind(user.to_string())
    .execute(&mut *tx.tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

async fn use_recovery_code(tx: &mut crate::db::WriteTx, user: ObjectId, code: &str) -> ApiResult<bool> {
    let result = sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
        .bind(Timestamp::now().to_string())
        .bind(user.to_string())
        .bind(totp::hash_recovery_code(code))
        .execute(&mut *tx.tx)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Counts a failure; at the threshold the account locks for a while.
async fn record_failure(state: &AppState, user_id: &str, failures: i64) -> ApiResult<()> {
    let lock = failures >= state.config.lockout_threshold as i64;
    let locked_until =
        lock.then(|| Timestamp::now().plus(Duration::from_std(state.config.lockout).unwrap_or(Duration::minutes(15))).to_string());
    let tx = state.db.begin_write(crate::db::Audit::As(hjs_model::documents::AuditActor::anonymous(None))).await?;
    let mut tx = tx;
    sqlx::query("UPDATE user_secrets SET failed_sign_ins = $1, locked_until = $2 WHERE user_id = $3")
        .bind(if lock { 0 } else { failures })
        .bind(locked_until)
        .bind(user_id)
        .execute(&mut *tx.tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// POST /api/v1/auth/sign-out: revokes the token that made this request.
#[utoipa::path(post, path = "/api/v1/auth/sign-out", tag = "accounts", responses((status = 204)))]
pub async fn sign_out(State(state): State<AppState>, principal: Principal) -> ApiResult<axum::http::StatusCode> {
    let mut tx = state.db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    auth::revoke(&mut tx.tx, principal.user_id, &principal.token_id).await?;
    tx.commit().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// GET /api/v1/me: the signed-in user's document.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", responses((status = 200, body = User), (status = 401, body = crate::error::Problem)))]
pub async fn me(State(state): State<AppState>, principal: Principal) -> ApiResult<Json<User>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(fetch_one(&mut conn, &crate::scope::Scope::Own(principal.user_id), principal.user_id).await?))
}
