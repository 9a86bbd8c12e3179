//! `hjs sync [--watch]`, `hjs status`.

use std::time::Duration;

use hjs_client::sync::{Connection, SyncStatus};
use hjs_client::{credentials, ClientError, Workspace, WorkspaceInfo};
use serde::Serialize;

use crate::failure::{exit, Failure};
use crate::output::{emit, line, minute, pairs, print_json};

fn connection_name(connection: Connection) -> &'static str {
    match connection {
        Connection::Unknown => "not yet synced",
        Connection::Online => "online",
        Connection::Syncing => "syncing",
        Connection::Offline => "offline",
        Connection::SignedOut => "signed out",
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Conflicted and failed edits left: exit 7, pointing at the outbox.
fn attention(status: &SyncStatus) -> Result<(), Failure> {
    if status.conflicts + status.failed == 0 {
        return Ok(());
    }
    Err(Failure::new(
        exit::ATTENTION,
        format!(
            "{} and {} need attention: hjs outbox list",
            plural(status.conflicts, "conflict", "conflicts"),
            plural(status.failed, "failed edit", "failed edits")
        ),
    ))
}

pub async fn sync_once() -> Result<(), Failure> {
    let workspace = super::open().await?;
    let before = workspace.status();
    let result = workspace.sync().await;
    let after = workspace.status();
    result?;
    let queued = |s: &SyncStatus| s.pending + s.conflicts + s.failed;
    let sent = (queued(&before) - queued(&after)).max(0);
    line(format!(
        "synced at seq {}: {} sent, {} pending, {}, {}",
        after.seq,
        plural(sent, "edit", "edits"),
        after.pending,
        plural(after.conflicts, "conflict", "conflicts"),
        plural(after.failed, "failed", "failed")
    ));
    attention(&after)
}

fn watch_line(status: &SyncStatus) -> String {
    let now = chrono::Utc::now().format("%H:%M:%S");
    let mut text = format!(
        "{now} {} seq {} pending {} conflicts {} failed {}",
        connection_name(status.connection),
        status.seq,
        status.pending,
        status.conflicts,
        status.failed
    );
    if let Some(message) = &status.message {
        text.push_str(&format!(" ({message})"));
    }
    text
}

/// What a status line shows; `syncing` flickers on every round and is left out.
fn shown(status: &SyncStatus) -> (Connection, i64, i64, i64, i64, Option<String>) {
    (status.connection, status.seq, status.pending, status.conflicts, status.failed, status.message.clone())
}

pub async fn watch() -> Result<(), Failure> {
    let workspace = super::open().await?;
    let (shutdown, shutdown_rx) = tokio::sync::watch::channel(false);
    // The sender is kept for as long as the loop runs: a closed nudge channel would wake it constantly.
    let (_nudge, nudge_rx) = tokio::sync::mpsc::channel::<()>(1);
    let mut statuses = workspace.syncer.subscribe();
    let syncer = workspace.syncer.clone();
    let task = tokio::spawn(async move { syncer.run(shutdown_rx, nudge_rx).await });
    let mut last = None;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let outcome = loop {
        tokio::select! {
            signal = &mut ctrl_c => {
                break signal.map_err(Failure::from);
            }
            changed = statuses.changed() => {
                if changed.is_err() {
                    break Ok(());
                }
                let status = statuses.borrow_and_update().clone();
                if status.connection == Connection::Syncing || last.as_ref() == Some(&shown(&status)) {
                    continue;
                }
                last = Some(shown(&status));
                line(watch_line(&status));
                if status.connection == Connection::SignedOut {
                    break Err(Failure::new(exit::SIGN_IN, format!("sign in again: {} (hjs login)", status.message.unwrap_or_default())));
                }
            }
        }
    };
    let _ = shutdown.send(true);
    let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
    outcome
}

/// Whether the provider answers for this session right now (a one-change
/// pull that writes nothing), within a few seconds.
async fn probe(workspace: &Workspace, seq: i64) -> (Connection, Option<String>) {
    match credentials::token(&workspace.info.id).await {
        Ok(Some(_)) => {}
        Ok(None) => return (Connection::SignedOut, Some("no session: hjs login".into())),
        Err(error) => return (Connection::Offline, Some(error.to_string())),
    }
    match tokio::time::timeout(Duration::from_secs(5), workspace.api().changes(seq, 1)).await {
        Ok(Ok(_)) => (Connection::Online, None),
        Ok(Err(ClientError::SignInRequired(message))) => (Connection::SignedOut, Some(message)),
        Ok(Err(error)) => (Connection::Offline, Some(error.to_string())),
        Err(_) => (Connection::Offline, Some("the provider did not answer within 5 s".into())),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusReport {
    workspace: WorkspaceInfo,
    bootstrapped: bool,
    status: SyncStatus,
}

pub async fn status(json: bool) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let mut status = workspace.status();
    let (connection, message) = probe(&workspace, status.seq).await;
    status.connection = connection;
    status.message = message;
    let bootstrapped = workspace.cache.is_bootstrapped().await?;
    if json {
        return print_json(&StatusReport { workspace: workspace.info.clone(), bootstrapped, status });
    }
    let info = &workspace.info;
    let mut rows = vec![
        ("workspace", info.name.clone()),
        ("account", format!("{} ({})", info.email, info.role)),
        ("provider", info.provider_url.clone()),
        ("connection", connection_name(status.connection).to_string()),
    ];
    if let Some(message) = &status.message {
        rows.push(("", message.clone()));
    }
    rows.extend([
        ("cache", if bootstrapped { "complete" } else { "incomplete: run hjs sync" }.to_string()),
        ("last synced", status.last_synced_at.as_deref().map(|t| format!("{} UTC", minute(t))).unwrap_or_else(|| "never".into())),
        ("seq", status.seq.to_string()),
        ("pending", status.pending.to_string()),
        ("conflicts", status.conflicts.to_string()),
        ("failed", status.failed.to_string()),
    ]);
    emit(&pairs(&rows));
    Ok(())
}
