//! Accounts: users, credentials and sessions.
//!
//! - [`auth`]: the `Principal` extractor (bearer tokens), token issue and revoke.
//! - [`password`]: argon2id hashing.
//! - [`totp`]: RFC 6238 second factor and recovery codes.
//! - [`limiter`]: rate limiting per address (sign-in, sign-up, reset).
//! - [`mail_tokens`]: one-time codes sent by mail (verification, reset), stored hashed.
//! - [`sign_in`]: sign-in and sign-out, `GET /me`.
//! - [`sign_up`]: sign-up and e-mail verification.
//! - [`password_reset`]: reset by e-mail.
//! - [`two_factor`]: enroll, confirm and disable TOTP.
//! - [`tokens`]: the caller's sessions and API tokens.
//! - [`profile`]: `PATCH /me`.
//! - [`clients`]: a reseller's client accounts.
//! - [`users`]: creating and changing users, and their storage.

pub mod auth;
pub mod clients;
pub mod limiter;
pub mod mail_tokens;
pub mod password;
pub mod password_reset;
pub mod profile;
pub mod sign_in;
pub mod sign_up;
pub mod tokens;
pub mod totp;
pub mod two_factor;
pub mod users;

use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/sign-up", post(sign_up::sign_up))
        .route("/auth/verify-email", post(sign_up::verify_email))
        .route("/auth/sign-in", post(sign_in::sign_in))
        .route("/auth/sign-out", post(sign_in::sign_out))
        .route("/auth/password-reset", post(password_reset::request_reset))
        .route("/auth/password-reset/confirm", post(password_reset::confirm_reset))
        .route("/me", get(sign_in::me).patch(profile::update))
        .route("/me/email-verification", post(sign_up::resend_verification))
        .route("/me/totp/enroll", post(two_factor::enroll))
        .route("/me/totp/confirm", post(two_factor::confirm))
        .route("/me/totp/disable", post(two_factor::disable))
        .route("/me/tokens", get(tokens::list).post(tokens::create))
        .route("/me/tokens/{id}", delete(tokens::revoke))
        .route("/clients", get(clients::list).post(clients::create))
        .route("/clients/{id}/reseller", put(clients::move_to_reseller))
}
