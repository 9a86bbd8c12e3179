//! Sign-up and e-mail verification.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use hjs_model::documents::{User, UserProfile, UserRole};
use hjs_model::Timestamp;
use serde::Deserialize;

use super::auth::{self, TokenKind};
use super::mail_tokens::{self, Purpose};
use super::sign_in::SessionResponse;
use super::{password, users};
use crate::error::{ApiError, ApiResult};
use crate::http::JsonBody;
use crate::mail::Mail;
use crate::scope::{Principal, Scope};
use crate::store::fetch_one;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignUpRequest {
    pub email: String,
    /// At least 10 characters.
    #[schema(min_length = 10, max_length = 256)]
    pub password: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub first_name: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub last_name: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VerifyEmailRequest {
    /// The code from the verification message.
    pub token: String,
}

/// POST /api/v1/auth/sign-up: creates a `user` account, mails an e-mail verification code and signs in.
#[utoipa::path(post, path = "/api/v1/auth/sign-up", tag = "accounts", request_body = SignUpRequest, security(()),
    responses((status = 201, body = SessionResponse), (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
pub async fn sign_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    JsonBody(request): JsonBody<SignUpRequest>,
) -> ApiResult<(StatusCode, Json<SessionResponse>)> {
    state.sign_in_limiter.check(peer.ip())?;
    let fields = users::parse_account(&request.email, &request.first_name, &request.last_name, Some(&request.password))?;
    let Some(new_password) = fields.password else { return Err(ApiError::field("password", "required", "choose a password")) };
    // Hashing takes tens of milliseconds: before the write lock, not under it.
    let password_hash = password::hash(new_password).await?;
    let now = Timestamp::now();
    let mut tx = state.db.begin_write(crate::db::Audit::As(hjs_model::documents::AuditActor::anonymous(None))).await?;
    let user = users::create(
        &mut tx,
        users::NewUser {
            email: fields.email,
            password_hash,
            first_name: fields.first_name,
            last_name: fields.last_name,
            role: UserRole::User,
            reseller_id: None,
            email_verified: false,
            profile: UserProfile::default(),
            created_at: now,
        },
    )
    .await?;
    let token = mail_tokens::issue(&mut tx.tx, user.id, Purpose::VerifyEmail, mail_tokens::VERIFICATION_TTL).await?;
    let session = auth::issue(&mut tx.tx, user.id, TokenKind::Session, None, Some(state.config.session_ttl)).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user.id, "signed up");
    mail_tokens::deliver(&state, verification_mail(&user, &token), "e-mail verification").await;
    Ok((StatusCode::CREATED, Json(SessionResponse { token: session.token, token_id: session.id, expires_at: session.expires_at, user })))
}

/// POST /api/v1/auth/verify-email: marks the address of the token's account as verified.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "accounts", request_body = VerifyEmailRequest, security(()),
    responses((status = 204), (status = 422, body = crate::error::Problem, description = "`invalid_token` or `expired_token` on field `token`")))]
pub async fn verify_email(State(state): State<AppState>, JsonBody(request): JsonBody<VerifyEmailRequest>) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin_write(crate::db::Audit::As(hjs_model::documents::AuditActor::anonymous(None))).await?;
    let user_id = mail_tokens::redeem(&mut tx.tx, Purpose::VerifyEmail, &request.token).await?;
    // Answers nothing about the account: whoever holds a forwarded message
    // learns no more than that the code worked.
    users::modify(&mut tx, user_id, |user| user.email_verified = true).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// POST /api/v1/me/email-verification: mails a new verification code (the previous one stops working).
#[utoipa::path(post, path = "/api/v1/me/email-verification", tag = "accounts",
    responses((status = 202), (status = 409, body = crate::error::Problem, description = "`already_verified`")))]
pub async fn resend_verification(State(state): State<AppState>, principal: Principal) -> ApiResult<StatusCode> {
    let mut tx = state.db.begin_write(crate::db::Audit::As(principal.actor())).await?;
    let user: User = fetch_one(&mut tx.tx, &Scope::Own(principal.user_id), principal.user_id).await?;
    if user.email_verified {
        return Err(ApiError::Conflict { code: "already_verified", detail: "this e-mail address is already verified".into() });
    }
    let token = mail_tokens::issue(&mut tx.tx, user.id, Purpose::VerifyEmail, mail_tokens::VERIFICATION_TTL).await?;
    tx.commit().await?;
    mail_tokens::deliver(&state, verification_mail(&user, &token), "e-mail verification").await;
    Ok(StatusCode::ACCEPTED)
}

fn verification_mail(user: &User, token: &str) -> Mail {
    Mail {
        to: user.email.as_str().to_string(),
        subject: "Confirm your e-mail address".into(),
        text: format!(
            "Hello,\n\n\
             please confirm your e-mail address for HostJamstack with this code:\n\n\
             {token}\n\n\
             Paste it into HostJamstack Desk when asked. It is valid for 48 hours.\n\n\
             If you did not create an account, you can ignore this message.\n"
        ),
        thread: None,
    }
}
