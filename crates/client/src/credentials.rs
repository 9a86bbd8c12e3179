//! Session tokens in the OS keyring, never in the cache or the logs.
//!
//! The desktop prefers the Secret Service (GNOME Keyring, KWallet) and falls
//! back to the kernel's keyutils when no Secret Service answers (a headless
//! machine). `HJS_KEYRING=keyutils` or `=secret-service` forces one.
//! The `keyring` crate with no store enabled silently keeps nothing, so the
//! stores are chosen explicitly here.

use std::sync::OnceLock;

use crate::error::{ClientError, Result};

const SERVICE: &str = "hostjamstack-desk";

static STORE: OnceLock<std::result::Result<&'static str, String>> = OnceLock::new();

/// Chooses the keyring store once per process; returns its name.
pub fn init() -> Result<&'static str> {
    STORE.get_or_init(choose).clone().map_err(ClientError::Keyring)
}

fn choose() -> std::result::Result<&'static str, String> {
    let forced = std::env::var("HJS_KEYRING").ok();
    let secret_service_ok = || {
        let builder = keyring::secret_service::default_credential_builder();
        // A lookup of an entry that does not exist tells whether the
        // service answers at all.
        match builder.build(None, SERVICE, "probe").and_then(|c| c.get_password()) {
            Ok(_) | Err(keyring::Error::NoEntry) => Some(builder),
            Err(_) => None,
        }
    };
    match forced.as_deref() {
        Some("keyutils") => {
            keyring::set_default_credential_builder(keyring::keyutils::default_credential_builder());
            Ok("keyutils")
        }
        Some("secret-service") => match secret_service_ok() {
            Some(builder) => {
                keyring::set_default_credential_builder(builder);
                Ok("secret-service")
            }
            None => Err("the Secret Service is not available".into()),
        },
        Some(other) => Err(format!("HJS_KEYRING={other} is not keyutils or secret-service")),
        None => match secret_service_ok() {
            Some(builder) => {
                keyring::set_default_credential_builder(builder);
                Ok("secret-service")
            }
            None => {
                keyring::set_default_credential_builder(keyring::keyutils::default_credential_builder());
                Ok("keyutils")
            }
        },
    }
}

fn entry(workspace_id: &str) -> Result<keyring::Entry> {
    init()?;
    keyring::Entry::new(SERVICE, workspace_id).map_err(|e| ClientError::Keyring(e.to_string()))
}

/// Runs a keyring call off the async workers (the stores block).
async fn blocking<T: Send + 'static>(job: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(job).await.map_err(|e| ClientError::Keyring(e.to_string()))?
}

pub async fn store_token(workspace_id: &str, token: &str) -> Result<()> {
    let (id, token) = (workspace_id.to_string(), token.to_string());
    blocking(move || entry(&id)?.set_password(&token).map_err(|e| ClientError::Keyring(e.to_string()))).await
}

/// The stored token, or `None` when this workspace is signed out.
pub async fn token(workspace_id: &str) -> Result<Option<String>> {
    let id = workspace_id.to_string();
    blocking(move || match entry(&id)?.get_password() {
        Ok(token) => Ok(Some(token)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(ClientError::Keyring(error.to_string())),
    })
    .await
}

pub async fn forget(workspace_id: &str) -> Result<()> {
    let id = workspace_id.to_string();
    blocking(move || match entry(&id)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(ClientError::Keyring(error.to_string())),
    })
    .await
}
