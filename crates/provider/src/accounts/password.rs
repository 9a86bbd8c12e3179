//! Password hashing with argon2id (the crate's defaults follow the OWASP
//! recommendation). Hashing is CPU-heavy, so it runs off the async workers.

use anyhow::Context;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use hjs_model::error::ParseError;

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 256;

/// A password someone chose, checked for length only: length is what
/// matters, and composition rules push people to worse passwords.
#[derive(Clone)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

impl NewPassword {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let length = input.chars().count();
        if length < MIN_LENGTH {
            return Err(ParseError::new("too_short", format!("password must be at least {MIN_LENGTH} characters")));
        }
        if length > MAX_LENGTH {
            return Err(ParseError::new("too_long", format!("password must be at most {MAX_LENGTH} characters")));
        }
        Ok(Self(input.to_string()))
    }
}

pub async fn hash(password: NewPassword) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.0.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await
    .context("Failed to join the hashing task")?
}

/// Whether `candidate` matches `stored`. A malformed stored hash counts as
/// no match rather than an error a caller could probe for.
pub async fn verify(candidate: String, stored: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else { return false };
        Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok()
    })
    .await
    .context("Failed to join the verification task")
}

/// A hash to verify against when the account does not exist, so that
/// "no such user" takes as long as "wrong password".
pub static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(b"not-a-real-password", &salt).map(|h| h.to_string()).unwrap_or_default()
});
