//! The engine's one error type. Every variant has a stable `code` that the
//! CLI and the desktop UI branch on, and, where a field is at fault, its name.

use hjs_model::{FieldError, FieldErrors};

pub type Result<T, E = ClientError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Input refused before anything was queued or sent.
    #[error("{0}")]
    Invalid(FieldErrors),
    /// Nothing with that id or name in the cache.
    #[error("{what} not found")]
    NotFound { what: String },
    /// The provider could not be reached; the cache still answers reads.
    #[error("the provider is unreachable: {0}")]
    Offline(String),
    /// The session is missing, expired or revoked: sign in again.
    #[error("sign in again: {0}")]
    SignInRequired(String),
    /// The provider refused the request (its problem+json, code kept).
    #[error("{message}")]
    Provider { status: u16, code: String, message: String, errors: Vec<FieldError> },
    /// The OS keyring failed.
    #[error("the keyring failed: {0}")]
    Keyring(String),
    /// There is no keyring to keep a session in (why, and how to get one).
    #[error("{0}")]
    KeyringUnavailable(String),
    /// No workspace is configured or selected.
    #[error("{0}")]
    NoWorkspace(String),
    /// The local cache failed.
    #[error("the local cache failed: {0}")]
    Cache(#[from] sqlx::Error),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl ClientError {
    /// Stable code for programs: `validation_failed`, `not_found`, `offline`,
    /// `sign_in_required`, the provider's own code, `keyring`,
    /// `keyring_unavailable`, `no_workspace`, `cache`, `internal`.
    pub fn code(&self) -> &str {
        match self {
            ClientError::Invalid(_) => "validation_failed",
            ClientError::NotFound { .. } => "not_found",
            ClientError::Offline(_) => "offline",
            ClientError::SignInRequired(_) => "sign_in_required",
            ClientError::Provider { code, .. } => code,
            ClientError::Keyring(_) => "keyring",
            ClientError::KeyringUnavailable(_) => "keyring_unavailable",
            ClientError::NoWorkspace(_) => "no_workspace",
            ClientError::Cache(_) => "cache",
            ClientError::Other(_) => "internal",
        }
    }

    /// The first field at fault, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ClientError::Invalid(errors) => errors.0.first().map(|e| e.field.as_str()),
            ClientError::Provider { errors, .. } => errors.first().map(|e| e.field.as_str()),
            _ => None,
        }
    }

    /// Every field error, for forms that show them all.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ClientError::Invalid(errors) => &errors.0,
            ClientError::Provider { errors, .. } => errors,
            _ => &[],
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        ClientError::NotFound { what: what.into() }
    }
}

impl From<FieldErrors> for ClientError {
    fn from(errors: FieldErrors) -> Self {
        ClientError::Invalid(errors)
    }
}

impl From<sqlx::migrate::MigrateError> for ClientError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        ClientError::Other(anyhow::Error::new(error).context("Failed to migrate the cache"))
    }
}
