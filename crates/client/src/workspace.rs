//! An open workspace: its cache, its provider connection and its syncer,
//! and the operations people perform on it. This is the plain Rust API the
//! desktop's commands and the `hjs` CLI both call.

use hjs_model::documents::DomainSettings;
use hjs_model::Collection;

use crate::api::ProviderApi;
use crate::bootstrap::{self, BootstrapReport, Progress};
use crate::cache::Cache;
use crate::credentials::{self, Keeping};
use crate::error::{ClientError, Result};
use crate::outbox::Operation;
use crate::outbox::{self, OutboxEntry};
use crate::sync::{SyncStatus, Syncer};
use crate::workspaces::{Home, Planned, WorkspaceInfo, Workspaces};

/// A cached domain's id from its id or its name (ASCII or Unicode form).
pub(crate) async fn domain_id_in(cache: &Cache, key: &str) -> Result<String> {
    let key = key.trim().trim_end_matches('.').to_lowercase();
    let ascii = idna::domain_to_ascii(&key).unwrap_or_else(|_| key.clone());
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM domains WHERE id = ? OR domain_name = ? OR display_name = ?")
        .bind(&key)
        .bind(&ascii)
        .bind(&key)
        .fetch_optional(&cache.pool)
        .await?;
    id.ok_or_else(|| ClientError::not_found(format!("domain {key}")))
}

/// What signing in takes.
#[derive(Clone)]
pub struct SignIn<'a> {
    pub provider_url: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    /// The authenticator code, when the account has two-factor sign-in.
    pub totp: Option<&'a str>,
    pub keeping: Keeping,
    /// What to call the workspace; else the name it has, else `email @ host`.
    pub name: Option<&'a str>,
    /// It is the demo workspace (see [`WorkspaceInfo::demo`]).
    pub demo: bool,
}

impl<'a> SignIn<'a> {
    /// A sign-in kept in the keyring, under the workspace's usual name.
    pub fn new(provider_url: &'a str, email: &'a str, password: &'a str) -> Self {
        Self { provider_url, email, password, totp: None, keeping: Keeping::Keyring, name: None, demo: false }
    }
}

/// The password never shows in debug output (and so never in logs).
impl std::fmt::Debug for SignIn<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("provider_url", &self.provider_url)
            .field("email", &self.email)
            .field("keeping", &self.keeping)
            .field("name", &self.name)
            .field("demo", &self.demo)
            .finish_non_exhaustive()
    }
}

/// A workspace signed in to, and the download that filled it, if one was needed.
#[derive(Debug)]
pub struct SignedIn {
    pub workspace: Workspace,
    pub bootstrap: Option<BootstrapReport>,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub info: WorkspaceInfo,
    pub cache: Cache,
    pub syncer: Syncer,
    pub(crate) api: ProviderApi,
    nudge: Option<tokio::sync::mpsc::Sender<()>>,
}

impl Workspace {
    /// Opens a workspace's cache; the provider is not contacted.
    pub async fn open(home: &Home, info: WorkspaceInfo) -> Result<Workspace> {
        let cache = Cache::open(&home.cache_file(&info.id)).await?;
        let token = credentials::token(&info.id).await?;
        let api = ProviderApi::new(&info.provider_url, token)?;
        let syncer = Syncer::new(cache.clone(), api.clone());
        syncer.refresh(None, None).await?;
        Ok(Workspace { info, cache, syncer, api, nudge: None })
    }

    /// Opens the current workspace.
    pub async fn open_current(home: &Home) -> Result<Workspace> {
        let info = Workspaces::new(home.clone())
            .current()?
            .ok_or_else(|| ClientError::NoWorkspace("no workspace yet: sign in first (hjs login)".into()))?;
        Workspace::open(home, info).await
    }

    /// Signs in to a provider and keeps the session where `request.keeping`
    /// says; a new workspace (or one whose download never finished) gets
    /// the account downloaded, reporting `progress`. The workspace is
    /// registered, and made current, only once all of that worked: a
    /// sign-in that fails at any step (the keyring, the network, the
    /// download) leaves no workspace, no cache and no session behind.
    pub async fn sign_in(home: &Home, request: &SignIn<'_>, progress: impl FnMut(Progress)) -> Result<SignedIn> {
        let provider_url = crate::workspaces::parse_provider_url(request.provider_url)?;
        let session = ProviderApi::new(&provider_url, None)?.sign_in(request.email, request.password, request.totp).await?;
        let workspaces = Workspaces::new(home.clone());
        let Planned { mut info, is_new } = workspaces.planned(
            &provider_url,
            session.user.email.as_str(),
            &session.user.id.to_string(),
            session.user.role.as_str(),
            request.name,
        )?;
        info.demo |= request.demo;
        let mut kept = false;
        let made = async {
            let lock = if is_new { Some(workspaces.lock_new(&info.id)?) } else { None };
            credentials::store_token(&info.id, &session.token, request.keeping).await?;
            kept = true;
            let workspace = Workspace::open(home, info.clone()).await?;
            let bootstrap = if workspace.cache.is_bootstrapped().await? { None } else { Some(workspace.bootstrap(progress).await?) };
            workspaces.register(&info)?;
            if let Some(lock) = lock {
                lock.release();
            }
            Ok(SignedIn { workspace, bootstrap })
        }
        .await;
        if made.is_err() {
            // Undo what this sign-in made; what was there before stays.
            if is_new {
                if let Err(error) = workspaces.delete_folder(&info.id) {
                    tracing::warn!(%error, "could not delete the folder of a failed sign-in; the next start tidies it");
                }
                if kept {
                    credentials::forget(&info.id).await.ok();
                }
            }
            if is_new || !kept {
                // A session kept nowhere is of no use to anyone: end it.
                ProviderApi::new(&provider_url, Some(session.token.clone()))?.sign_out().await.ok();
            }
        }
        made
    }

    /// Tidies what sign-ins that never finished left behind (see
    /// [`Workspaces::sweep`]), their keyring entries included.
    pub async fn sweep(home: &Home) -> Result<()> {
        for id in Workspaces::new(home.clone()).sweep()? {
            credentials::forget(&id).await?;
        }
        Ok(())
    }

    /// Forgets a workspace: its session token and its cache. Refused while
    /// edits are queued there (they exist nowhere else) unless
    /// `discard_queued` says to drop them.
    pub async fn remove(home: &Home, key: &str, discard_queued: bool) -> Result<WorkspaceInfo> {
        let workspaces = Workspaces::new(home.clone());
        let info = workspaces.find(key)?;
        let cache_file = home.cache_file(&info.id);
        if !discard_queued && cache_file.exists() {
            let cache = Cache::open(&cache_file).await?;
            let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&cache.pool).await?;
            cache.pool.close().await;
            if queued > 0 {
                return Err(ClientError::Invalid(hjs_model::FieldErrors(vec![hjs_model::FieldError::new(
                    "workspace",
                    "queued_edits",
                    format!(
                        "{queued} edit(s) are still queued in \"{}\": sync or discard them first, or remove it with --discard-queued",
                        info.name
                    ),
                )])));
            }
        }
        credentials::forget(&info.id).await?;
        workspaces.remove(&info.id)
    }

    /// Ends the session on the provider (when reachable) and forgets the token.
    pub async fn sign_out(&self) -> Result<()> {
        if let Err(error) = self.api.sign_out().await {
            tracing::info!(%error, "could not revoke the session on the provider; forgetting it here");
        }
        credentials::forget(&self.info.id).await
    }

    pub fn api(&self) -> &ProviderApi {
        &self.api
    }

    /// Lets a running sync loop know there is something to push.
    pub fn attach_nudge(&mut self, nudge: tokio::sync::mpsc::Sender<()>) {
        self.nudge = Some(nudge);
    }

    /// Asks the running sync loop (if any) for a round now: after a local
    /// edit, or when someone presses "Sync now".
    pub fn sync_soon(&self) {
        if let Some(nudge) = &self.nudge {
            let _ = nudge.try_send(());
        }
    }

    pub fn status(&self) -> SyncStatus {
        self.syncer.status()
    }

    /// Replaces the cache with the provider's snapshot.
    pub async fn bootstrap(&self, progress: impl FnMut(Progress)) -> Result<BootstrapReport> {
        let report = bootstrap::bootstrap(&self.cache, &self.api, progress).await;
        self.syncer.refresh(None, None).await?;
        report
    }

    /// One sync round (bootstrap if needed, push, pull).
    pub async fn sync(&self) -> Result<()> {
        self.syncer.sync_once().await
    }

    /// Queues a settings change of a domain (by id or name) and shows it at once.
    pub async fn set_domain_settings(&self, domain: &str, settings: DomainSettings) -> Result<OutboxEntry> {
        let id = self.domain_id(domain).await?;
        self.queue(&id, Operation::DomainSettings { settings }).await
    }

    /// Queues the same settings for many domains (ids or names) at once:
    /// all of them, or — when one is unknown or the settings are invalid —
    /// none.
    pub async fn set_domain_settings_of_each(&self, domains: &[String], settings: DomainSettings) -> Result<Vec<OutboxEntry>> {
        let mut edits = Vec::with_capacity(domains.len());
        for domain in domains {
            edits.push((self.domain_id(domain).await?, Operation::DomainSettings { settings: settings.clone() }));
        }
        self.queue_all(edits).await
    }

    /// Queues marking a notification read or unread.
    pub async fn set_notification_read(&self, id: &str, is_read: bool) -> Result<OutboxEntry> {
        self.queue(id, Operation::NotificationRead { is_read }).await
    }

    /// Queues "read" for each of the signed-in person's unread notifications
    /// (the newest 1,000); answers how many.
    pub async fn mark_all_notifications_read(&self) -> Result<usize> {
        let unread = crate::queries::notifications(&self.cache, &self.info.user_id, true, crate::queries::MAX_LIMIT).await?;
        let edits: Vec<(String, Operation)> = unread.into_iter().map(|n| (n.id, Operation::NotificationRead { is_read: true })).collect();
        Ok(self.queue_all(edits).await?.len())
    }

    pub(crate) async fn queue(&self, doc_id: &str, operation: Operation) -> Result<OutboxEntry> {
        let mut entries = self.queue_all(vec![(doc_id.to_string(), operation)]).await?;
        Ok(entries.remove(0))
    }

    /// Queues edits in one cache transaction, then updates the status and
    /// wakes the sync loop once.
    pub(crate) async fn queue_all(&self, edits: Vec<(String, Operation)>) -> Result<Vec<OutboxEntry>> {
        if edits.is_empty() {
            return Ok(Vec::new());
        }
        let entries = outbox::enqueue_all(&self.cache, edits).await?;
        self.syncer.refresh(None, None).await?;
        self.sync_soon();
        Ok(entries)
    }

    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        outbox::list(&self.cache).await
    }

    /// Sends a failed or conflicted entry again ("keep mine"); `None` when
    /// nothing of it was left to send.
    pub async fn retry(&self, entry_id: &str) -> Result<Option<OutboxEntry>> {
        let entry = outbox::retry(&self.cache, entry_id).await?;
        self.syncer.refresh(None, None).await?;
        self.sync_soon();
        Ok(entry)
    }

    /// Replaces a queued edit and sends it again.
    pub async fn edit(&self, entry_id: &str, operation: Operation) -> Result<Option<OutboxEntry>> {
        let entry = outbox::edit(&self.cache, entry_id, operation).await?;
        self.syncer.refresh(None, None).await?;
        self.sync_soon();
        Ok(entry)
    }

    /// Drops a queued edit ("take theirs").
    pub async fn discard(&self, entry_id: &str) -> Result<()> {
        outbox::discard(&self.cache, entry_id).await?;
        self.syncer.refresh(None, None).await
    }

    /// A domain's id from its id or its name (ASCII or Unicode form).
    pub async fn domain_id(&self, key: &str) -> Result<String> {
        domain_id_in(&self.cache, key).await
    }

    /// A cached document as its model type.
    pub(crate) async fn typed<T: serde::de::DeserializeOwned>(&self, collection: Collection, id: &str) -> Result<T> {
        crate::cache::read_typed(&self.cache, collection, id).await
    }

    /// A document's JSON as the cache holds it.
    pub async fn document(&self, collection: Collection, id: &str) -> Result<serde_json::Value> {
        crate::cache::read_typed(&self.cache, collection, id).await
    }
}
