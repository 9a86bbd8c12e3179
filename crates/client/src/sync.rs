//! Keeping the cache in step with the provider, and telling people how
//! that is going.
//!
//! [`pull`] applies `/sync/changes` until caught up. [`Syncer::run`] is the
//! live loop: push the outbox, pull, then wait for a server-sent seq
//! announcement (or a periodic tick when the event stream is down),
//! reconnecting with backoff. Every step updates the [`SyncStatus`] stream.

use std::time::Duration;

use futures::StreamExt;
use hjs_model::support::presence::TicketPresence;
use hjs_model::{Collection, Timestamp};
use serde::Serialize;
use tokio::sync::{broadcast, watch};

use crate::api::{LiveEvent, ProviderApi};
use crate::bootstrap::Progress;
use crate::cache::{self, Cache, Row};
use crate::error::{ClientError, Result};
use crate::outbox;

/// Changes per pull request.
const PULL_LIMIT: u32 = 2_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// No contact with the provider yet since the workspace was opened.
    Unknown,
    /// Caught up with the provider.
    Online,
    /// Talking to the provider right now.
    Syncing,
    /// The provider cannot be reached; reads work from the cache.
    Offline,
    /// The session ended; sign in again to sync.
    SignedOut,
}

/// What the sync pill shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub connection: Connection,
    pub last_synced_at: Option<String>,
    /// When the provider was last tried, whatever came of it.
    pub last_attempt_at: Option<String>,
    pub seq: i64,
    pub pending: i64,
    pub conflicts: i64,
    pub failed: i64,
    /// Why the last attempt failed, for people.
    pub message: Option<String>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        Self {
            connection: Connection::Unknown,
            last_synced_at: None,
            last_attempt_at: None,
            seq: 0,
            pending: 0,
            conflicts: 0,
            failed: 0,
            message: None,
        }
    }
}

/// Applies changes after the cache's seq until caught up; returns how many.
pub async fn pull(cache: &Cache, api: &ProviderApi) -> Result<u64> {
    let mut applied = 0;
    loop {
        let since = cache.seq().await?;
        let page = api.changes(since, PULL_LIMIT).await?;
        let mut tx = cache.pool.begin().await?;
        for change in &page.changes {
            let collection: Collection = change.collection.parse().map_err(|e| anyhow::anyhow!("change collection: {e}"))?;
            match (change.op.as_str(), &change.doc) {
                ("upsert", Some(doc)) => outbox::apply_server_doc(&mut tx, Row::from_json(collection, doc.get().to_string())?).await?,
                ("delete", _) => outbox::apply_server_delete(&mut tx, collection, &change.id).await?,
                (op, _) => return Err(anyhow::anyhow!("change {} has unknown op {op}", change.seq).into()),
            }
        }
        applied += page.changes.len() as u64;
        cache::set_state(&mut tx, "seq", &page.last_seq.max(since).to_string()).await?;
        cache::set_state(&mut tx, "last_synced_at", &Timestamp::now().to_string()).await?;
        tx.commit().await?;
        if !page.has_more {
            return Ok(applied);
        }
    }
}

/// Waits for a nudge. A closed channel never nudges (rather than waking the
/// loop at once, forever).
async fn nudged(nudge: &mut tokio::sync::mpsc::Receiver<()>) {
    if nudge.recv().await.is_none() {
        std::future::pending::<()>().await;
    }
}

/// Drives sync for one workspace and publishes its status.
#[derive(Debug, Clone)]
pub struct Syncer {
    cache: Cache,
    api: ProviderApi,
    status: watch::Sender<SyncStatus>,
    /// The running bootstrap's progress, for windows that show it.
    progress: watch::Sender<Progress>,
    /// Who is on which ticket, as the event stream tells it (staff).
    presence: broadcast::Sender<TicketPresence>,
}

impl Syncer {
    pub fn new(cache: Cache, api: ProviderApi) -> Self {
        let (status, _) = watch::channel(SyncStatus::default());
        let (progress, _) = watch::channel(Progress { documents: 0, bytes: 0, done: false });
        Self { cache, api, status, progress, presence: broadcast::channel(64).0 }
    }

    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Follows the progress of bootstraps this syncer runs.
    pub fn subscribe_progress(&self) -> watch::Receiver<Progress> {
        self.progress.subscribe()
    }

    /// Presence on tickets as it changes (support staff's workspaces).
    pub fn subscribe_presence(&self) -> broadcast::Receiver<TicketPresence> {
        self.presence.subscribe()
    }

    /// Re-reads counts from the cache into the status (after a local edit).
    pub async fn refresh(&self, connection: Option<Connection>, message: Option<String>) -> Result<()> {
        let (pending, conflicts, failed) = outbox::counts(&self.cache).await?;
        let seq = self.cache.seq().await?;
        let last_synced_at = self.cache.state("last_synced_at").await?;
        self.status.send_modify(|status| {
            if let Some(connection) = connection {
                status.connection = connection;
                status.message = message;
                if connection != Connection::Syncing {
                    status.last_attempt_at = Some(Timestamp::now().to_string());
                }
            }
            status.pending = pending;
            status.conflicts = conflicts;
            status.failed = failed;
            status.seq = seq;
            status.last_synced_at = last_synced_at;
        });
        Ok(())
    }

    /// One round: bootstrap if the cache is not complete, push, pull.
    pub async fn sync_once(&self) -> Result<()> {
        self.refresh(Some(Connection::Syncing), None).await?;
        let result = async {
            if !self.cache.is_bootstrapped().await? {
                crate::bootstrap::bootstrap(&self.cache, &self.api, |p| {
                    self.progress.send_replace(p);
                })
                .await?;
            }
            outbox::push(&self.cache, &self.api).await?;
            pull(&self.cache, &self.api).await?;
            Ok::<_, ClientError>(())
        }
        .await;
        match &result {
            Ok(()) => self.refresh(Some(Connection::Online), None).await?,
            Err(ClientError::SignInRequired(message)) => self.refresh(Some(Connection::SignedOut), Some(message.clone())).await?,
            Err(error) => {
                tracing::debug!(%error, "sync round failed");
                self.refresh(Some(Connection::Offline), Some(error.to_string())).await?
            }
        }
        result
    }

    /// Runs until `shutdown` flips: live updates over server-sent events,
    /// a periodic pull when they are unavailable, backoff while offline.
    /// `nudge` wakes it at once (a local edit to push).
    pub async fn run(&self, mut shutdown: watch::Receiver<bool>, mut nudge: tokio::sync::mpsc::Receiver<()>) {
        let mut backoff = Duration::from_millis(500);
        loop {
            if *shutdown.borrow() {
                return;
            }
            match self.sync_once().await {
                Ok(()) => backoff = Duration::from_millis(500),
                Err(ClientError::SignInRequired(_)) => {
                    // Nothing will work until someone signs in again.
                    tokio::select! {
                        _ = shutdown.changed() => return,
                        _ = nudged(&mut nudge) => continue,
                    }
                }
                Err(_) => {
                    tokio::select! {
                        _ = shutdown.changed() => return,
                        _ = nudged(&mut nudge) => {}
                        _ = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(30));
                    continue;
                }
            }
            // Caught up: follow announcements until something needs doing.
            let events = self.api.events().await;
            let local_seq = self.status().seq;
            match events {
                Ok(events) => {
                    let mut events = Box::pin(events);
                    loop {
                        tokio::select! {
                            _ = shutdown.changed() => return,
                            _ = nudged(&mut nudge) => break,
                            event = events.next() => match event {
                                Some(Ok(LiveEvent::Seq(seq))) if seq > local_seq => break,
                                Some(Ok(LiveEvent::Seq(_))) => {}
                                Some(Ok(LiveEvent::Presence(presence))) => {
                                    let _ = self.presence.send(presence);
                                }
                                // The stream ended or failed: reconnect via a full round.
                                Some(Err(_)) | None => break,
                            },
                            // A safety net in case an announcement was missed.
                            _ = tokio::time::sleep(Duration::from_secs(60)) => break,
                        }
                    }
                }
                Err(_) => {
                    tokio::select! {
                        _ = shutdown.changed() => return,
                        _ = nudged(&mut nudge) => {}
                        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                    }
                }
            }
        }
    }
}
