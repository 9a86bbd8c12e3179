//! An open workspace in the window: its sync loop, and the events that tell
//! the UI about it (`sync-status`, `bootstrap-progress`,
//! `new-notifications`, with a desktop notification for each new one). For
//! support staff, the desk's alerts (a ticket assigned to them, a first
//! reply about to fall due) also show as desktop notifications, checked
//! when the cache moves and every half minute, and who else is on a ticket
//! reaches the window as `ticket-presence`. Files going up and down tell
//! their progress as `attachment-progress`.

use std::sync::Arc;
use std::time::Duration;

use hjs_client::queries::{self, NotificationItem};
use hjs_client::support::alerts::{DeskAlert, DeskAlerts};
use hjs_client::Workspace;
use hjs_model::Timestamp;
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::{mpsc, watch, Mutex};

/// At most this many desktop notifications at once; more are summed up in one.
const NOTIFY_AT_ONCE: usize = 3;

/// How often the desk's alerts are looked at when nothing syncs: a first
/// reply comes due with time alone.
const ALERT_INTERVAL: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub struct Session {
    pub workspace: Workspace,
    /// What this staff member has been told; `None` outside the desk.
    pub alerts: Option<Arc<Mutex<DeskAlerts>>>,
    shutdown: watch::Sender<bool>,
}

impl Session {
    /// Starts syncing `workspace` and forwarding its news to the window.
    pub fn start<R: Runtime>(app: &AppHandle<R>, mut workspace: Workspace, notify: watch::Receiver<bool>) -> Session {
        let (nudge, nudged) = mpsc::channel(8);
        workspace.attach_nudge(nudge);
        let (shutdown, _) = watch::channel(false);

        let syncer = workspace.syncer.clone();
        let stop = shutdown.subscribe();
        tauri::async_runtime::spawn(async move { syncer.run(stop, nudged).await });

        tauri::async_runtime::spawn(forward_progress(app.clone(), workspace.clone(), shutdown.subscribe()));
        tauri::async_runtime::spawn(forward_status(app.clone(), workspace.clone(), shutdown.subscribe(), notify.clone()));
        let alerts = workspace.is_staff().then(|| Arc::new(Mutex::new(DeskAlerts::new(workspace.info.user_id.clone()))));
        if workspace.is_staff() {
            let presence = workspace.syncer.subscribe_presence();
            tauri::async_runtime::spawn(forward(app.clone(), "ticket-presence", presence, shutdown.subscribe()));
        }
        tauri::async_runtime::spawn(forward(app.clone(), "attachment-progress", workspace.api().transfers(), shutdown.subscribe()));
        if let Some(alerts) = &alerts {
            tauri::async_runtime::spawn(raise_desk_alerts(app.clone(), workspace.clone(), alerts.clone(), shutdown.subscribe(), notify));
        }
        Session { workspace, alerts, shutdown }
    }

    /// Stops the sync loop and the forwarding; the cache stays.
    pub fn close(&self) {
        self.shutdown.send_replace(true);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.close();
    }
}

async fn forward_progress<R: Runtime>(app: AppHandle<R>, workspace: Workspace, mut shutdown: watch::Receiver<bool>) {
    let mut progress = workspace.syncer.subscribe_progress();
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            changed = progress.changed() => {
                if changed.is_err() {
                    return;
                }
                let now = *progress.borrow_and_update();
                if now.done {
                    tracing::info!(documents = now.documents, bytes = now.bytes, "bootstrap finished");
                    // The download's buffers are free now; without this the
                    // app keeps its peak (~230 MB for 756k documents).
                    tokio::task::spawn_blocking(hjs_memory::release_freed_memory);
                }
                let _ = app.emit("bootstrap-progress", now);
            }
        }
    }
}

/// Sends every status change to the window; when the cache moved on, looks
/// for notifications that arrived with it.
async fn forward_status<R: Runtime>(
    app: AppHandle<R>,
    workspace: Workspace,
    mut shutdown: watch::Receiver<bool>,
    notify: watch::Receiver<bool>,
) {
    let mut status = workspace.syncer.subscribe();
    let me = workspace.info.user_id.clone();
    // What is already in the cache is not news.
    let mut newest_seen = newest_notification(&workspace, &me).await;
    let mut seq = status.borrow().seq;
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            changed = status.changed() => {
                if changed.is_err() {
                    return;
                }
                let now = status.borrow_and_update().clone();
                let _ = app.emit("sync-status", &now);
                if now.seq == seq {
                    continue;
                }
                seq = now.seq;
                if newest_seen.is_none() {
                    // The first bootstrap just filled the cache: all of it is old news.
                    newest_seen = newest_notification(&workspace, &me).await;
                    continue;
                }
                let fresh = new_notifications(&workspace, &me, newest_seen.as_deref()).await;
                if let Some(first) = fresh.first() {
                    newest_seen = Some(first.created_at.clone());
                    let _ = app.emit("new-notifications", &fresh);
                    if *notify.borrow() {
                        show_desktop_notifications(&app, &fresh);
                    }
                }
            }
        }
    }
}

/// Sends what `news` says to the window as `event` events (presence on
/// tickets, progress of files going up and down).
async fn forward<R: Runtime, T: Clone + serde::Serialize>(
    app: AppHandle<R>,
    event: &'static str,
    mut news: tokio::sync::broadcast::Receiver<T>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            said = news.recv() => match said {
                Ok(said) => {
                    let _ = app.emit(event, &said);
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            },
        }
    }
}

/// Checks the desk's alerts when the cache moves and every
/// [`ALERT_INTERVAL`], showing each as a desktop notification.
async fn raise_desk_alerts<R: Runtime>(
    app: AppHandle<R>,
    workspace: Workspace,
    alerts: Arc<Mutex<DeskAlerts>>,
    mut shutdown: watch::Receiver<bool>,
    notify: watch::Receiver<bool>,
) {
    let mut status = workspace.syncer.subscribe();
    let mut tick = tokio::time::interval(ALERT_INTERVAL);
    let mut seq = None;
    loop {
        tokio::select! {
            _ = shutdown.changed() => return,
            _ = tick.tick() => {}
            changed = status.changed() => {
                if changed.is_err() {
                    return;
                }
                let now = status.borrow_and_update().seq;
                if seq == Some(now) {
                    continue;
                }
                seq = Some(now);
            }
        }
        let fresh = alerts.lock().await.check(&workspace.cache, Timestamp::now()).await;
        match fresh {
            Ok(fresh) if *notify.borrow() => show(&app, fresh.iter().map(|a: &DeskAlert| (a.title.clone(), a.body.clone()))),
            Ok(_) => {}
            Err(error) => tracing::debug!(%error, "desk alerts not checked"),
        }
    }
}

async fn newest_notification(workspace: &Workspace, me: &str) -> Option<String> {
    queries::notifications(&workspace.cache, me, false, 1).await.ok()?.into_iter().next().map(|n| n.created_at)
}

/// Unread notifications newer than `after`, newest first.
async fn new_notifications(workspace: &Workspace, me: &str, after: Option<&str>) -> Vec<NotificationItem> {
    let unread = queries::notifications(&workspace.cache, me, true, 50).await.unwrap_or_default();
    unread.into_iter().filter(|n| after.is_none_or(|after| n.created_at.as_str() > after)).collect()
}

fn show_desktop_notifications<R: Runtime>(app: &AppHandle<R>, fresh: &[NotificationItem]) {
    show(app, fresh.iter().map(|n| (n.title.clone(), n.message.clone())));
}

/// Shows (title, body) pairs, at most [`NOTIFY_AT_ONCE`] and a summary of the rest.
fn show<R: Runtime>(app: &AppHandle<R>, all: impl ExactSizeIterator<Item = (String, String)>) {
    let count = all.len();
    let shown = all.take(NOTIFY_AT_ONCE);
    let summary = (count > NOTIFY_AT_ONCE)
        .then(|| (format!("{} more notifications", count - NOTIFY_AT_ONCE), "Open the notifications center to read them.".to_string()));
    for (title, body) in shown.chain(summary) {
        // No notification daemon (a headless session) is not worth an error.
        if let Err(error) = app.notification().builder().title(title).body(body).show() {
            tracing::debug!(%error, "desktop notification not shown");
        }
    }
}
