//! Password reset by e-mail: ask for a code, then trade it for a new password.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use hjs_model::documents::User;
use hjs_model::{EmailAddress, FieldErrors, ObjectId};
use serde::Deserialize;

use super::mail_tokens::{self, Purpose};
use super::password::{self, NewPassword};
use super::{auth, users};
use crate::error::{ApiError, ApiResult};
use crate::http::JsonBody;
use crate::mail::Mail;
use crate::scope::Scope;
use crate::store::fetch_one;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The code from the reset message.
    pub token: String,
    /// The new password, at least 10 characters.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
}

/// POST /api/v1/auth/password-reset: mails a reset code if the account exists; always 202.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts", request_body = PasswordResetRequest, security(()),
    responses((status = 202, description = "Whether or not the account exists"), (status = 422, body = crate::error::Problem),
        (status = 429, body = crate::error::Problem)))]
pub async fn request_reset(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    JsonBody(request): JsonBody<PasswordResetRequest>,
) -> ApiResult<StatusCode> {
    // Each request may send a message: limited like sign-in.
    state.sign_in_limiter.check(peer.ip())?;
    let email = EmailAddress::parse(&request.email).map_err(|e| ApiError::Validation(FieldErrors(vec![e.at("email")])))?;
    // The work happens after the answer, so an existing account and an
    // unknown address take the same time to answer.
    tokio::spawn(async move {
        if let Err(error) = send_reset_code(&state, email).await {
            tracing::warn!(error = %format!("{error:#}"), "password reset not sent");
        }
    });
    Ok(StatusCode::ACCEPTED)
}

async fn send_reset_code(state: &AppState, email: EmailAddress) -> ApiResult<()> {
    let mut tx = state.db.begin_write(crate::db::Audit::As(hjs_model::documents::AuditActor::anonymous(None))).await?;
    // Deactivated accounts get nothing: they could not sign in anyway.
    let account: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND is_active = 1")
        .bind(email.normalized())
        .fetch_optional(&mut *tx.tx)
        .await?;
    let Some(user_id) = account else { return Ok(()) };
    let user_id = ObjectId::parse(&user_id).map_err(|e| ApiError::Internal(anyhow::anyhow!("stored user id: {e}")))?;
    let user: User = fetch_one(&mut tx.tx, &Scope::Own(user_id), user_id).await?;
    let token = mail_tokens::issue(&mut tx.tx, user_id, Purpose::ResetPassword, mail_tokens::RESET_TTL).await?;
    tx.commit().await?;
    mail_tokens::deliver(state, reset_mail(&user, &token), "password reset").await;
    Ok(())
}

/// POST /api/v1/auth/password-reset/confirm: sets a new password with a reset code and signs out everywhere.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "accounts", request_body = PasswordResetConfirm, security(()),
    responses((status = 204), (status = 422, body = crate::error::Problem, description = "`invalid_token` or `expired_token` on field `token`")))]
pub async fn confirm_reset(State(state): State<AppState>, JsonBody(request): JsonBody<PasswordResetConfirm>) -> ApiResult<StatusCode> {
    let new_password = NewPassword::parse(&request.password).map_err(|e| ApiError::Validation(FieldErrors(vec![e.at("password")])))?;
    let password_hash = password::hash(new_password).await?;
    let mut tx = state.db.begin_write(crate::db::Audit::As(hjs_model::documents::AuditActor::anonymous(None))).await?;
    let user_id = mail_tokens::redeem(&mut tx.tx, Purpose::ResetPassword, &request.token).await?;
    // Proving the mailbox also ends a lockout: the lock guards against
    // guessing, and this was not a guess.
    sqlx::query("UPDATE user_secrets SET password_hash = $1, failed_sign_ins = 0, locked_until = NULL WHERE user_id = $2")
        .bind(password_hash)
        .bind(user_id.to_string())
        .execute(&mut *tx.tx)
        .await?;
    auth::revoke_all(&mut tx.tx, user_id).await?;
    // The code came by mail, so the address works (a reseller's new client
    // sets a first password this way).
    let user: User = fetch_one(&mut tx.tx, &Scope::Own(user_id), user_id).await?;
    if !user.email_verified {
        users::modify(&mut tx, user_id, |user| user.email_verified = true).await?;
    }
    tx.commit().await?;
    tracing::info!(user_id = %user_id, "password reset; every token revoked");
    Ok(StatusCode::NO_CONTENT)
}

fn reset_mail(user: &User, token: &str) -> Mail {
    Mail {
        to: user.email.as_str().to_string(),
        subject: "Reset your HostJamstack password".into(),
        text: format!(
            "Hello,\n\n\
             someone asked to reset the password of your HostJamstack account.\n\
             To choose a new password, enter this code in HostJamstack Desk:\n\n\
             {token}\n\n\
             It is valid for one hour. Choosing a new password signs you out\n\
             everywhere, including scripts using API tokens.\n\n\
             If you did not ask for this, ignore this message: your password\n\
             stays as it is.\n"
        ),
        thread: None,
    }
}
