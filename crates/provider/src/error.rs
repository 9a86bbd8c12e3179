//! The provider's one error type, mapped once to RFC 9457 problem+json.
//!
//! Clients branch on `code` (also the last segment of `type`), never on the
//! human text. A 500 is logged with the request id and answered with only
//! that id: no internals ever reach a response.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hjs_model::{FieldError, FieldErrors};
use serde::Serialize;

tokio::task_local! {
    /// The id of the request being served, for logs and 500 bodies.
    pub static REQUEST_ID: String;
}

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// One or more fields of the request are invalid (422).
    #[error("validation failed: {0}")]
    Validation(FieldErrors),
    /// The request is malformed in a way that names no field (400).
    #[error("{detail}")]
    BadRequest { code: &'static str, detail: String },
    /// No valid credentials (401).
    #[error("{detail}")]
    Unauthorized { code: &'static str, detail: String },
    /// Authenticated but not allowed (403).
    #[error("{detail}")]
    Forbidden { code: &'static str, detail: String },
    /// The path exists, the method does not (405).
    #[error("this method is not allowed on this path")]
    MethodNotAllowed,
    /// Absent, or outside the caller's view, which must look the same (404).
    #[error("not found")]
    NotFound,
    /// `If-Match` names an old version; carries the current document (412).
    #[error("the document changed since version {expected}")]
    /// `stale` names the item of a batch that was stale (`changes[3]`).
    StaleVersion { expected: i64, current: serde_json::Value, stale: Option<FieldError> },
    /// A write without `If-Match` (428).
    #[error("If-Match is required")]
    PreconditionRequired,
    /// A create without `If-None-Match: *` (428).
    #[error("If-None-Match: * is required to create a document")]
    CreatePreconditionRequired,
    /// The request conflicts with stored state (409).
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    /// The request's body is over a limit; nothing of it was kept (413).
    #[error("{detail}")]
    TooLarge { detail: String },
    /// Slow down (429).
    #[error("{detail}")]
    TooManyRequests { code: &'static str, detail: String, retry_after_seconds: u64 },
    /// Anything unexpected (500). Logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(FieldErrors(vec![FieldError::new(field, code, message)]))
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::BadRequest { code, detail: detail.into() }
    }

    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Unauthorized { code, detail: detail.into() }
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        ApiError::Forbidden { code: "forbidden", detail: detail.into() }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::StaleVersion { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired | ApiError::CreatePreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation_failed",
            ApiError::BadRequest { code, .. }
            | ApiError::Unauthorized { code, .. }
            | ApiError::Forbidden { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::TooManyRequests { code, .. } => code,
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::TooLarge { .. } => "too_large",
            ApiError::StaleVersion { .. } => "stale_version",
            ApiError::PreconditionRequired => "if_match_required",
            ApiError::CreatePreconditionRequired => "if_none_match_required",
            ApiError::Internal(_) => "internal",
        }
    }
}

/// RFC 9457 problem details plus this API's `code` and field `errors`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// On 412: the document as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let code = self.code();
        let request_id = REQUEST_ID.try_with(Clone::clone).ok();
        let detail = match &self {
            ApiError::Internal(error) => {
                tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), error = %format!("{error:#}"), "request failed");
                "An unexpected error occurred. Quote the request id when reporting it.".to_string()
            }
            ApiError::Validation(errors) => format!("{} field(s) are invalid: {errors}", errors.0.len()),
            other => other.to_string(),
        };
        let retry_after = match &self {
            ApiError::TooManyRequests { retry_after_seconds, .. } => Some(*retry_after_seconds),
            _ => None,
        };
        let (errors, current) = match self {
            ApiError::Validation(errors) => (errors.0, None),
            ApiError::StaleVersion { current, stale, .. } => (stale.into_iter().collect(), Some(current)),
            _ => (Vec::new(), None),
        };
        let problem = Problem {
            problem_type: format!("https://api.hostjamstack.com/problems/{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail,
            code: code.to_string(),
            errors,
            current,
            request_id: (status == StatusCode::INTERNAL_SERVER_ERROR).then_some(request_id).flatten(),
        };
        let mut response = (status, axum::Json(problem)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        ApiError::Validation(errors)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Internal(anyhow::Error::new(error))
    }
}

/// Maps a unique-constraint violation to a 422 on `field`; anything else stays internal.
pub fn unique_violation(error: sqlx::Error, field: &str, message: &str) -> ApiError {
    let is_unique = matches!(&error, sqlx::Error::Database(db) if db.is_unique_violation());
    if is_unique {
        ApiError::field(field, "taken", message)
    } else {
        error.into()
    }
}
