//! `hjs outbox list|retry|discard` and `hjs notifications [read|unread]`:
//! the queued edits and the simplest edit there is.

use hjs_client::outbox::EntryStatus;
use hjs_client::queries::{self, MAX_LIMIT};
use hjs_client::{ClientError, Workspace};
use hjs_model::Collection;
use serde::Serialize;

use crate::failure::Failure;
use crate::output::{line, minute, note, print_json, print_table, table};

pub async fn list(json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let entries = workspace.outbox().await?;
    if json {
        return print_json(&entries);
    }
    let mut labels = Vec::with_capacity(entries.len());
    for entry in &entries {
        labels.push(super::document_label(&workspace, entry.collection, &entry.doc_id).await?);
    }
    let mut out = table(&["ID", "STATUS", "DOCUMENT", "CHANGE", "ATTEMPTS", "QUEUED AT"]);
    for (entry, label) in entries.iter().zip(&labels) {
        out.add_row(vec![
            entry.id.clone(),
            entry.status.as_str().to_string(),
            label.clone(),
            entry.description.clone(),
            entry.attempts.to_string(),
            format!("{} UTC", minute(&entry.created_at)),
        ]);
    }
    print_table(&out, "the outbox is empty: nothing waits for the provider");
    for (entry, label) in entries.iter().zip(&labels) {
        match entry.status {
            EntryStatus::Pending => {}
            EntryStatus::Conflict => {
                line("");
                let what = if entry.theirs_deleted { "deleted on the provider" } else { "changed on the provider" };
                line(format!("conflict {} on {label}: the document was {what} after this edit was made", entry.id));
                let mut fields = table(&["FIELD", "THEIRS (provider)", "MINE (this edit)"]);
                for field in &entry.conflict_fields {
                    fields.add_row(vec![field.field.clone(), field.theirs.clone(), field.mine.clone()]);
                }
                line(fields.to_string());
                line(format!("keep mine: hjs outbox retry {0}    take theirs: hjs outbox discard {0}", entry.id));
            }
            EntryStatus::Failed => {
                line("");
                line(format!("failed {} on {label}: {}", entry.id, super::refusal(entry).message));
                line(format!("send again: hjs outbox retry {0}    drop it: hjs outbox discard {0}", entry.id));
            }
        }
    }
    Ok(())
}

pub async fn retry(id: &str) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let Some(entry) = workspace.retry(id).await? else {
        line("nothing left to send: the edit only removed what the provider had already removed; it is dropped");
        return Ok(());
    };
    let label = super::document_label(&workspace, entry.collection, &entry.doc_id).await?;
    super::send_queued(&workspace, &entry, &label).await
}

pub async fn discard(id: &str) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let entry = hjs_client::outbox::get(&workspace.cache, id).await?;
    workspace.discard(id).await?;
    let label = super::document_label(&workspace, entry.collection, &entry.doc_id).await?;
    line(format!("discarded: {label}: {}; it shows the provider's version again", entry.description));
    Ok(())
}

/// One row of `hjs notifications`, as `--json` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct NotificationRow {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    title: String,
    message: String,
    is_read: bool,
    created_at: String,
    queued_edits: i64,
}

/// The signed-in person's notifications, newest first (the engine's
/// largest page). A reseller's cache also holds its clients'
/// notifications, but those are addressed to the clients.
pub async fn notifications(unread_only: bool, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let found = queries::notifications(&workspace.cache, &workspace.info.user_id, unread_only, MAX_LIMIT).await?;
    if found.len() as i64 >= MAX_LIMIT {
        note(format!("note: only the newest {MAX_LIMIT} notifications are listed"));
    }
    let queued = if found.iter().any(|n| n.pending) {
        super::queued_edits(&workspace, Collection::Notifications).await?
    } else {
        Default::default()
    };
    let items: Vec<NotificationRow> = found
        .into_iter()
        .map(|n| NotificationRow {
            queued_edits: queued.get(&n.id).copied().unwrap_or(0),
            id: n.id,
            kind: n.kind,
            title: n.title,
            message: n.message,
            is_read: n.is_read,
            created_at: n.created_at,
        })
        .collect();
    if json {
        return print_json(&items);
    }
    let mut out = table(&["ID", "DATE", "TYPE", "TITLE", "READ"]);
    for n in &items {
        out.add_row(vec![
            n.id.clone(),
            minute(&n.created_at),
            n.kind.clone(),
            n.title.clone(),
            format!("{}{}", if n.is_read { "read" } else { "unread" }, if n.queued_edits > 0 { " (queued)" } else { "" }),
        ]);
    }
    print_table(&out, if unread_only { "no unread notifications" } else { "no notifications" });
    Ok(())
}

pub async fn mark_notification(id: &str, is_read: bool) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let id = id.trim();
    // Only the recipient marks a notification (a reseller's cache also holds its clients').
    if !is_own_notification(&workspace, id).await? {
        return Err(ClientError::not_found(format!("notification {id}")).into());
    }
    let entry = workspace.set_notification_read(id, is_read).await?;
    let label = super::document_label(&workspace, entry.collection, &entry.doc_id).await?;
    super::send_queued(&workspace, &entry, &label).await
}

/// Whether the notification is addressed to the signed-in person.
async fn is_own_notification(workspace: &Workspace, id: &str) -> Result<bool, Failure> {
    match workspace.document(Collection::Notifications, id).await {
        Ok(doc) => Ok(doc["userId"].as_str() == Some(workspace.info.user_id.as_str())),
        Err(ClientError::NotFound { .. }) => Ok(false),
        Err(error) => Err(error.into()),
    }
}
