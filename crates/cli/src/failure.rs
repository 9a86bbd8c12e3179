//! What a failed command reports: one line for stderr and an exit code,
//! chosen from the engine's error code (never from message text).

use hjs_client::ClientError;
use hjs_model::FieldError;

/// The exit codes of `hjs` (also listed in `hjs --help` and the README).
pub mod exit {
    pub const OK: u8 = 0;
    pub const UNEXPECTED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const INVALID: u8 = 3;
    pub const NOT_FOUND: u8 = 4;
    pub const OFFLINE: u8 = 5;
    pub const SIGN_IN: u8 = 6;
    pub const ATTENTION: u8 = 7;
}

#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

/// `field: message; field: message`, or the bare message for errors of the
/// whole request (field `_` or empty).
pub fn describe_fields(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| if e.field.is_empty() || e.field == "_" { e.message.clone() } else { format!("{}: {}", e.field, e.message) })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The exit code for a problem the provider reported, by its code and status.
pub fn code_for_problem(code: &str, status: u16, has_fields: bool) -> u8 {
    match (code, status) {
        ("validation_failed", _) | (_, 400 | 422) => exit::INVALID,
        _ if has_fields => exit::INVALID,
        ("not_found" | "gone", _) | (_, 404 | 410) => exit::NOT_FOUND,
        (_, 401) => exit::SIGN_IN,
        (_, 409 | 412) => exit::ATTENTION,
        _ => exit::UNEXPECTED,
    }
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Self {
        let fields = error.field_errors();
        let message = if fields.is_empty() { error.to_string() } else { describe_fields(fields) };
        let code = match &error {
            ClientError::Invalid(_) => exit::INVALID,
            ClientError::NotFound { .. } => exit::NOT_FOUND,
            ClientError::Offline(_) => exit::OFFLINE,
            ClientError::SignInRequired(_) | ClientError::NoWorkspace(_) => exit::SIGN_IN,
            ClientError::Provider { status, code, errors, .. } => code_for_problem(code, *status, !errors.is_empty()),
            ClientError::Keyring(_) | ClientError::KeyringUnavailable(_) | ClientError::Cache(_) | ClientError::Other(_) => {
                exit::UNEXPECTED
            }
        };
        let message = match &error {
            ClientError::Provider { code, .. } if code == "totp_required" => format!("{message} (pass --totp CODE)"),
            ClientError::Provider { code, .. } if code == "invalid_credentials" => format!("sign-in refused: {message}"),
            // anyhow's chain, on one line, so the cause is not lost.
            ClientError::Other(inner) => format!("{inner:#}"),
            _ => message,
        };
        Failure { code, message }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::new(exit::UNEXPECTED, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_input_names_the_field_and_exits_3() {
        let error = ClientError::Invalid(hjs_model::FieldErrors(vec![FieldError::new(
            "nameservers[1]",
            "invalid_hostname",
            "'x y' is not a valid host name",
        )]));
        let failure = Failure::from(error);
        assert_eq!((failure.code, failure.message.as_str()), (3, "nameservers[1]: 'x y' is not a valid host name"));
    }

    #[test]
    fn engine_errors_map_to_their_exit_codes() {
        assert_eq!(Failure::from(ClientError::not_found("domain x.com")).code, exit::NOT_FOUND);
        assert_eq!(Failure::from(ClientError::Offline("refused".into())).code, exit::OFFLINE);
        assert_eq!(Failure::from(ClientError::SignInRequired("expired".into())).code, exit::SIGN_IN);
        assert_eq!(Failure::from(ClientError::NoWorkspace("none".into())).code, exit::SIGN_IN);
        let provider = |status: u16, code: &str| ClientError::Provider { status, code: code.into(), message: "m".into(), errors: vec![] };
        assert_eq!(Failure::from(provider(422, "validation_failed")).code, exit::INVALID);
        assert_eq!(Failure::from(provider(404, "not_found")).code, exit::NOT_FOUND);
        assert_eq!(Failure::from(provider(401, "invalid_credentials")).code, exit::SIGN_IN);
        assert_eq!(Failure::from(provider(500, "internal")).code, exit::UNEXPECTED);
    }
}
