//! The one error the UI sees: `{code, message, field?, fields}`. Every
//! command returns it; the UI branches on `code` (see ui/src/lib/ipc).

use hjs_client::ClientError;
use hjs_model::FieldError;
use serde::Serialize;

pub type Result<T, E = UiError> = std::result::Result<T, E>;

#[derive(Debug, Serialize)]
pub struct UiError {
    code: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    fields: Vec<FieldError>,
}

impl UiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_string(), message: message.into(), field: None, fields: Vec::new() }
    }

    /// What people read.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Input refused before anything was done, naming the field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            code: "validation_failed".into(),
            field: Some(field.to_string()),
            fields: vec![FieldError::new(field, "invalid_value", message.clone())],
            message,
        }
    }
}

impl From<ClientError> for UiError {
    fn from(error: ClientError) -> Self {
        if matches!(error, ClientError::Cache(_) | ClientError::Other(_)) {
            // Internal failures are logged in full; people get the summary.
            tracing::error!(%error, "command failed");
        }
        Self {
            code: error.code().to_string(),
            message: error.to_string(),
            field: error.field().map(str::to_string),
            fields: error.field_errors().to_vec(),
        }
    }
}

impl From<anyhow::Error> for UiError {
    fn from(error: anyhow::Error) -> Self {
        tracing::error!(error = %format!("{error:#}"), "command failed");
        Self::new("internal", format!("{error:#}"))
    }
}

impl From<tauri::Error> for UiError {
    fn from(error: tauri::Error) -> Self {
        anyhow::Error::new(error).into()
    }
}
