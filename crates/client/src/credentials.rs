//! Session tokens: in the OS keyring, or in this process's memory for this
//! run only; never in the cache, a file or the logs.
//!
//! The desktop prefers the Secret Service (GNOME Keyring, KWallet) and falls
//! back to the kernel's keyutils when no Secret Service answers (a headless
//! machine). Each is tried with a round trip (write, read back, delete), so
//! a store that answers but cannot keep anything counts as missing, and the
//! app knows at start that there is no keyring rather than at the first
//! sign-in. `HJS_KEYRING` forces one: `secret-service`, `keyutils`, or
//! `session`, the kernel session keyring alone, which dies with the session
//! and is never linked to the user's persistent keyring (what the tests
//! use, inside `keyctl session -`, so they leave nothing behind).
//!
//! [`Keeping::ThisRun`] keeps a token in memory instead: the demo
//! workspace always (its provider is local and throwaway, so it signs in
//! at each start), and a real workspace when there is no keyring and the
//! person chose it.
//!
//! The `keyring` crate with no store enabled silently keeps nothing, so the
//! stores are chosen explicitly here.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use keyring::credential::{Credential, CredentialBuilderApi, CredentialPersistence};
use linux_keyutils::{KeyRing, KeyRingIdentifier};
use serde::Serialize;

use crate::error::{ClientError, Result};

const SERVICE: &str = "hostjamstack-desk";

/// What to say when no keyring works, so people know how to get one.
const HOW_TO_ENABLE: &str = "to keep sign-ins between runs, start a Secret Service \
    (GNOME Keyring or KWallet) in your desktop session, or start the app inside a kernel \
    session keyring (`keyctl session - hjs-desk`)";

static STORE: OnceLock<std::result::Result<&'static str, String>> = OnceLock::new();

/// Tokens kept for this run only, by workspace id.
static THIS_RUN: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

/// Where a session token is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keeping {
    /// The OS keyring: the session outlives the app.
    Keyring,
    /// This process's memory: the next start asks to sign in again.
    ThisRun,
}

/// The keyring as the window describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyringState {
    /// The store in use (`secret-service`, `keyutils`, `session`), or none.
    pub store: Option<&'static str>,
    /// Why there is none, and how to get one.
    pub problem: Option<String>,
}

/// Chooses the keyring store once per process; returns its name, or why
/// there is none ([`ClientError::KeyringUnavailable`]). The probe runs on a
/// plain thread: the Secret Service client blocks on its own runtime,
/// which must not happen on an async worker.
pub fn init() -> Result<&'static str> {
    STORE
        .get_or_init(|| std::thread::spawn(choose).join().unwrap_or_else(|_| Err("the keyring probe panicked".into())))
        .clone()
        .map_err(ClientError::KeyringUnavailable)
}

/// The keyring's state, for the window (chooses the store if not done yet).
pub fn state() -> KeyringState {
    match init() {
        Ok(store) => KeyringState { store: Some(store), problem: None },
        Err(error) => KeyringState { store: None, problem: Some(error.to_string()) },
    }
}

fn choose() -> std::result::Result<&'static str, String> {
    let forced = std::env::var("HJS_KEYRING").ok();
    let (name, builder) = match forced.as_deref() {
        Some("secret-service") => ("secret-service", round_trip(keyring::secret_service::default_credential_builder())),
        Some("keyutils") => ("keyutils", round_trip(keyring::keyutils::default_credential_builder())),
        Some("session") => ("session", round_trip(Box::new(SessionKeyring))),
        Some(other) => return Err(format!("HJS_KEYRING={other} is not secret-service, keyutils or session")),
        None => match round_trip(keyring::secret_service::default_credential_builder()) {
            Ok(builder) => ("secret-service", Ok(builder)),
            Err(secret_service) => match round_trip(keyring::keyutils::default_credential_builder()) {
                Ok(builder) => ("keyutils", Ok(builder)),
                Err(keyutils) => {
                    return Err(format!(
                    "no keyring answers on this computer: {HOW_TO_ENABLE} (Secret Service: {secret_service}; kernel keyring: {keyutils})"
                ))
                }
            },
        },
    };
    let builder = builder.map_err(|error| format!("the keyring {name} does not work here: {HOW_TO_ENABLE} ({error})"))?;
    keyring::set_default_credential_builder(builder);
    tracing::info!(store = name, "keyring chosen");
    Ok(name)
}

/// Writes, reads back and deletes a probe entry: a store that answers
/// lookups but cannot keep anything (a Secret Service without an unlocked
/// collection, a kernel without keyrings) fails here. The probe is named
/// after this process: two `hjs` started together share a keyring, and one
/// deleting a shared probe between the other's write and read made the
/// other believe its keyring kept nothing.
fn round_trip(builder: Box<keyring::CredentialBuilder>) -> std::result::Result<Box<keyring::CredentialBuilder>, String> {
    let probe_name = format!("probe-{}", std::process::id());
    let probe = builder.build(None, SERVICE, &probe_name).map_err(|e| e.to_string())?;
    probe.set_password("probe").map_err(|e| e.to_string())?;
    let kept = probe.get_password().map_err(|e| e.to_string())? == "probe";
    probe.delete_credential().map_err(|e| e.to_string())?;
    if kept {
        Ok(builder)
    } else {
        Err("it did not keep what was written".into())
    }
}

/// The kernel session keyring and nothing else: unlike the `keyring`
/// crate's keyutils store, entries are not linked into the user's
/// persistent keyring, so they end with the session.
#[derive(Debug)]
struct SessionKeyring;

impl CredentialBuilderApi for SessionKeyring {
    fn build(&self, target: Option<&str>, service: &str, user: &str) -> keyring::Result<Box<Credential>> {
        let session = KeyRing::from_special_id(KeyRingIdentifier::Session, false).map_err(keyring::keyutils::decode_error)?;
        let description = target.map(str::to_string).unwrap_or_else(|| format!("keyring-rs:{user}@{service}"));
        Ok(Box::new(keyring::keyutils::KeyutilsCredential { session, persistent: None, description }))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn persistence(&self) -> CredentialPersistence {
        CredentialPersistence::UntilReboot
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

fn this_run<T>(use_map: impl FnOnce(&mut HashMap<String, String>) -> T) -> T {
    let mut guard = THIS_RUN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    use_map(guard.get_or_insert_with(HashMap::new))
}

/// Keeps a workspace's session token where `keeping` says. Kept for this
/// run, it replaces any token of the keyring for that workspace.
pub async fn store_token(workspace_id: &str, token: &str, keeping: Keeping) -> Result<()> {
    match keeping {
        Keeping::ThisRun => {
            this_run(|tokens| tokens.insert(workspace_id.to_string(), token.to_string()));
            if init().is_ok() {
                forget_in_keyring(workspace_id).await?;
            }
            Ok(())
        }
        Keeping::Keyring => {
            let (id, token) = (workspace_id.to_string(), token.to_string());
            blocking(move || entry(&id)?.set_password(&token).map_err(|error| ClientError::Keyring(error.to_string()))).await?;
            this_run(|tokens| tokens.remove(workspace_id));
            Ok(())
        }
    }
}

/// Whether this workspace's token is kept for this run only.
pub fn kept_for_this_run(workspace_id: &str) -> bool {
    this_run(|tokens| tokens.contains_key(workspace_id))
}

/// The stored token, or `None` when this workspace is signed out (which is
/// also what a computer without a keyring answers: its caches stay readable).
pub async fn token(workspace_id: &str) -> Result<Option<String>> {
    if let Some(token) = this_run(|tokens| tokens.get(workspace_id).cloned()) {
        return Ok(Some(token));
    }
    if init().is_err() {
        return Ok(None);
    }
    let id = workspace_id.to_string();
    blocking(move || match entry(&id)?.get_password() {
        Ok(token) => Ok(Some(token)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(ClientError::Keyring(error.to_string())),
    })
    .await
}

/// Forgets a workspace's token, wherever it is kept.
pub async fn forget(workspace_id: &str) -> Result<()> {
    this_run(|tokens| tokens.remove(workspace_id));
    if init().is_err() {
        return Ok(());
    }
    forget_in_keyring(workspace_id).await
}

async fn forget_in_keyring(workspace_id: &str) -> Result<()> {
    let id = workspace_id.to_string();
    blocking(move || match entry(&id)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(ClientError::Keyring(error.to_string())),
    })
    .await
}
