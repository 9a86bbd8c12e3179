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

/// Chooses the keyring store once per process; returns its name. The probe
/// runs on a plain thread: the Secret Service client blocks on its own
/// runtime, which must not happen on an async worker.
pub fn init() -> Result<&'static str> {
    STORE
        .get_or_init(|| std::thread::spawn(choose).join().unwrap_or_else(|_| Err("the keyring probe panicked".into())))
        .clone()
        .map_err(ClientError::Keyring)
}

fn choose() -> std::result::Result<&'static str, String> {
    let forced = std::env::var("HJS_KEYRING").ok();
    // A round trip (write, read back, delete) on a probe entry tells whether
    // the Secret Service really keeps things here; a daemon without an
    // unlocked collection answers lookups but cannot store.
    let secret_service_ok = || {
        let builder = keyring::secret_service::default_credential_builder();
        let probe = builder.build(None, SERVICE, "probe").ok()?;
        probe.set_password("probe").ok()?;
        let kept = probe.get_password().ok()? == "probe";
        probe.delete_credential().ok()?;
        kept.then_some(builder)
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

/// Runs a keyring call on a plain thread, outside any async runtime (the
/// Secret Service client blocks on a runtime of its own).
async fn blocking<T: Send + 'static>(job: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let _ = done.send(job());
    });
    result.await.map_err(|_| ClientError::Keyring("the keyring call panicked".into()))?
}

pub async fn store_token(workspace_id: &str, token: &str) -> Result<()> {
    let (id, token) = (workspace_id.to_string(), token.to_string());
    blocking(move || {
        entry(&id)?.set_password(&token).map_err(|error| match (error, init()) {
            // The kernel store needs a session keyring, which desktop logins
            // have and bare shells may not.
            (keyring::Error::NoEntry, Ok("keyutils")) => {
                ClientError::Keyring("this shell has no session keyring: run inside a desktop session or `keyctl session -`".into())
            }
            (error, _) => ClientError::Keyring(error.to_string()),
        })
    })
    .await
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
