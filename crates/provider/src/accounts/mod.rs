//! Accounts: users, credentials and sessions.
//!
//! - [`auth`]: the `Principal` extractor (bearer tokens), token issue and revoke.
//! - [`password`]: argon2id hashing.
//! - [`totp`]: RFC 6238 second factor and recovery codes.
//! - [`limiter`]: sign-in rate limiting per address and per account.
//! - [`sign_in`]: sign-in and sign-out, `GET /me`.
//! - [`users`]: creating users (sign-up, reseller clients) and their storage.

pub mod auth;
pub mod limiter;
pub mod password;
pub mod sign_in;
pub mod totp;
pub mod users;

use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/sign-in", post(sign_in::sign_in))
        .route("/auth/sign-out", post(sign_in::sign_out))
        .route("/me", get(sign_in::me))
}
