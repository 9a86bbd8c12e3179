//! One-time tokens sent by mail: e-mail verification and password reset
//! (also used to invite a reseller's client to choose a password).
//!
//! The token is random and goes only into the message; `user_secrets` keeps
//! its SHA-256 and an expiry, so a leaked database cannot verify addresses
//! or take over accounts. A token is cleared when it is used, and a new one
//! replaces the previous one.

use anyhow::Context;
use chrono::Duration;
use hjs_model::{ObjectId, Timestamp};
use sqlx::AnyConnection;

use super::auth::{hash_token, random_token};
use crate::error::{ApiError, ApiResult};
use crate::mail::Mail;
use crate::AppState;

/// How long an e-mail verification token is valid.
pub const VERIFICATION_TTL: Duration = Duration::hours(48);
/// How long a password reset token is valid.
pub const RESET_TTL: Duration = Duration::hours(1);
/// How long a new client has to choose a password.
pub const INVITATION_TTL: Duration = Duration::hours(48);

/// What a token proves, and so which pair of columns holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            Purpose::VerifyEmail => ("email_verification_token", "email_verification_expires"),
            Purpose::ResetPassword => ("password_reset_token", "password_reset_expires"),
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "hjs_v_",
            Purpose::ResetPassword => "hjs_r_",
        }
    }
}

/// Stores a new token for `user` (replacing any earlier one) in the caller's
/// transaction and returns it, to be mailed once.
pub async fn issue(conn: &mut AnyConnection, user: ObjectId, purpose: Purpose, ttl: Duration) -> anyhow::Result<String> {
    let token = random_token(purpose.prefix());
    let (token_column, expires_column) = purpose.columns();
    sqlx::query(&format!("UPDATE user_secrets SET {token_column} = $1, {expires_column} = $2 WHERE user_id = $3"))
        .bind(hash_token(&token))
        .bind(Timestamp::now().plus(ttl).to_string())
        .bind(user.to_string())
        .execute(conn)
        .await
        .context("Failed to store a mail token")?;
    Ok(token)
}

/// Checks `token` and clears it: the user it was issued to, or a 422 on
/// field `token` (`invalid_token` when unknown or used, `expired_token`).
pub async fn redeem(conn: &mut AnyConnection, purpose: Purpose, token: &str) -> ApiResult<ObjectId> {
    let invalid = || ApiError::field("token", "invalid_token", "this link or code is not valid; it may have been used already");
    let token = token.trim();
    if token.is_empty() || token.len() > 128 {
        return Err(invalid());
    }
    let (token_column, expires_column) = purpose.columns();
    let hash = hash_token(token);
    let row: Option<(String, Option<String>)> =
        sqlx::query_as(&format!("SELECT user_id, {expires_column} FROM user_secrets WHERE {token_column} = $1"))
            .bind(&hash)
            .fetch_optional(&mut *conn)
            .await?;
    let (user_id, expires) = row.ok_or_else(invalid)?;
    let expires = expires.as_deref().map(Timestamp::parse).transpose().context("stored token expiry is not a timestamp")?;
    if expires.is_none_or(|at| at <= Timestamp::now()) {
        return Err(ApiError::field("token", "expired_token", "this link or code has expired; ask for a new one"));
    }
    sqlx::query(&format!(
        "UPDATE user_secrets SET {token_column} = NULL, {expires_column} = NULL WHERE user_id = $1 AND {token_column} = $2"
    ))
    .bind(&user_id)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    Ok(ObjectId::parse(&user_id).context("stored user id is not an ObjectId")?)
}

/// Sends `mail` after the transaction that made it committed. A failure is
/// logged (without the message, which holds a token) rather than failing a
/// request whose effect already happened; the person can ask again.
pub async fn deliver(state: &AppState, mail: Mail, what: &'static str) {
    if let Err(error) = state.mailer.send(mail).await {
        tracing::error!(error = %format!("{error:#}"), what, "failed to send mail");
    }
}
