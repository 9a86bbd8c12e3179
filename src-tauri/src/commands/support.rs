//! The support desk: the ticket queue, its counts and threads from the
//! cache, and the edits (open, change, reply, note) queued through the
//! outbox; files staged for a message, and attachments opened, saved and
//! shown as thumbnails from the workspace's folder.

use hjs_client::outbox::OutboxEntry;
use hjs_client::queries::Person;
use hjs_client::support::drafts::ReplyDraft;
use hjs_client::support::queries::{self, QueueCounts, TicketPage, TicketQuery, TicketSearch, TicketSearchHit, TicketThread};
use hjs_model::documents::MessageType;
use hjs_model::support::canned::{CannedReply, CannedReplyDraft};
use hjs_model::support::presence::{PresenceState, TicketPresence};
use hjs_model::support::{TicketChange, TicketDraft};
use hjs_model::Timestamp;
use std::path::PathBuf;

use hjs_client::support::attachments::{self, StagedAttachment};
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::desk::Desk;
use crate::error::{Result, UiError};

#[tauri::command]
pub async fn tickets(desk: State<'_, Desk>, query: TicketQuery) -> Result<TicketPage> {
    Ok(queries::ticket_queue(&desk.workspace().await?.cache, &query, Timestamp::now()).await?)
}

/// Full-text search over tickets and their messages, with filters.
#[tauri::command]
pub async fn search_tickets(desk: State<'_, Desk>, search: TicketSearch) -> Result<Vec<TicketSearchHit>> {
    Ok(queries::search_tickets(&desk.workspace().await?.cache, &search).await?)
}

/// The queue views' counts for the signed-in person.
#[tauri::command]
pub async fn ticket_counts(desk: State<'_, Desk>) -> Result<QueueCounts> {
    let workspace = desk.workspace().await?;
    Ok(queries::queue_counts(&workspace.cache, &workspace.info.user_id, Timestamp::now()).await?)
}

#[tauri::command]
pub async fn ticket_thread(desk: State<'_, Desk>, id: String) -> Result<TicketThread> {
    let workspace = desk.workspace().await?;
    Ok(queries::ticket_thread(&workspace.cache, &id, workspace.side(), Timestamp::now()).await?)
}

#[tauri::command]
pub async fn open_ticket(desk: State<'_, Desk>, draft: TicketDraft) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.open_ticket(draft).await?)
}

#[tauri::command]
pub async fn change_ticket(desk: State<'_, Desk>, id: String, change: TicketChange) -> Result<OutboxEntry> {
    let workspace = desk.workspace().await?;
    let entry = workspace.change_ticket(&id, change.clone()).await?;
    if change.assigned_to.flatten().is_some_and(|to| to.to_string() == workspace.info.user_id) {
        desk.assigned_myself(&id).await;
    }
    Ok(entry)
}

/// Queues a reply or note carrying the staged files `attachments`.
#[tauri::command]
pub async fn post_message(
    desk: State<'_, Desk>,
    ticket_id: String,
    message_type: MessageType,
    content: String,
    minutes_spent: Option<u32>,
    attachments: Vec<String>,
) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.post_message(&ticket_id, message_type, &content, minutes_spent, &attachments).await?)
}

/// Puts the file at `path` aside for the next message.
#[tauri::command]
pub async fn stage_attachment_path(desk: State<'_, Desk>, path: PathBuf) -> Result<StagedAttachment> {
    Ok(attachments::stage_path(&desk.workspace().await?.cache, &path).await?)
}

/// Puts bytes aside for the next message (a pasted or dropped file): the
/// raw request body, named by the `X-Filename` header (percent-encoded).
#[tauri::command]
pub async fn stage_attachment_bytes(desk: State<'_, Desk>, request: tauri::ipc::Request<'_>) -> Result<StagedAttachment> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(UiError::invalid("attachments", "the file's bytes must come as the raw request body"));
    };
    let filename = request.headers().get("X-Filename").and_then(|name| name.to_str().ok()).unwrap_or_default();
    let filename = percent_encoding::percent_decode_str(filename).decode_utf8_lossy();
    Ok(attachments::stage_bytes(&desk.workspace().await?.cache, &filename, bytes.clone()).await?)
}

#[tauri::command]
pub async fn discard_staged_attachment(desk: State<'_, Desk>, id: String) -> Result<()> {
    Ok(attachments::discard_staged(&desk.workspace().await?.cache, &id).await?)
}

/// Opens an attachment with the system's handler, downloading it into the
/// workspace's folder first if it is not there yet.
#[tauri::command]
pub async fn open_attachment(app: AppHandle, desk: State<'_, Desk>, url: String, filename: String) -> Result<()> {
    let workspace = desk.workspace().await?;
    let path = attachments::local_file(&workspace.cache, workspace.api(), &url, &filename).await?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|error| UiError::new("open_failed", format!("{filename} could not be opened: {error}")))
}

/// Saves an attachment to `path` (chosen in the save dialog).
#[tauri::command]
pub async fn save_attachment(desk: State<'_, Desk>, url: String, filename: String, path: PathBuf) -> Result<()> {
    let workspace = desk.workspace().await?;
    let local = attachments::local_file(&workspace.cache, workspace.api(), &url, &filename).await?;
    tokio::fs::copy(&local, &path)
        .await
        .map_err(|error| UiError::new("save_failed", format!("{filename} could not be saved to {}: {error}", path.display())))?;
    Ok(())
}

/// A small PNG of an image attachment as a `data:` URL, or nothing.
#[tauri::command]
pub async fn attachment_thumbnail(desk: State<'_, Desk>, url: String, filename: String, mime_type: String) -> Result<Option<String>> {
    let workspace = desk.workspace().await?;
    Ok(attachments::thumbnail(&workspace.cache, workspace.api(), &url, &filename, &mime_type).await?)
}

/// Queues merging ticket `id` (the duplicate) into `into_ticket_id`.
#[tauri::command]
pub async fn merge_tickets(desk: State<'_, Desk>, id: String, into_ticket_id: String) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.merge_tickets(&id, &into_ticket_id).await?)
}

/// A ticket's id from its number (`TKT-2026-000123`) or id, as text links name them.
#[tauri::command]
pub async fn ticket_id(desk: State<'_, Desk>, key: String) -> Result<String> {
    Ok(desk.workspace().await?.ticket_id(&key).await?)
}

/// The reply or note being written on a ticket.
#[tauri::command]
pub async fn reply_draft(desk: State<'_, Desk>, ticket_id: String) -> Result<Option<ReplyDraft>> {
    Ok(desk.workspace().await?.reply_draft(&ticket_id).await?)
}

/// Keeps what is being written on a ticket; blank text drops the draft.
#[tauri::command]
pub async fn save_reply_draft(
    desk: State<'_, Desk>,
    ticket_id: String,
    message_type: MessageType,
    content: String,
    minutes_spent: Option<u32>,
) -> Result<Option<ReplyDraft>> {
    Ok(desk.workspace().await?.save_reply_draft(&ticket_id, message_type, &content, minutes_spent).await?)
}

/// Says this person is viewing, typing on or leaving a ticket; answers
/// everyone on it now. Fails when offline (nothing is queued).
#[tauri::command]
pub async fn announce_presence(desk: State<'_, Desk>, ticket_id: String, state: PresenceState) -> Result<TicketPresence> {
    Ok(desk.workspace().await?.announce_presence(&ticket_id, state).await?)
}

/// The canned replies in the cache, by title (staff workspaces).
#[tauri::command]
pub async fn canned_replies(desk: State<'_, Desk>) -> Result<Vec<CannedReply>> {
    Ok(desk.workspace().await?.canned_replies().await?)
}

/// Queues a new canned reply (`id` null) or a change of one.
#[tauri::command]
pub async fn save_canned_reply(desk: State<'_, Desk>, id: Option<String>, draft: CannedReplyDraft) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.save_canned_reply(id.as_deref(), draft).await?)
}

#[tauri::command]
pub async fn delete_canned_reply(desk: State<'_, Desk>, id: String) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.delete_canned_reply(&id).await?)
}

/// A canned reply's text for a ticket, its variables filled in.
#[tauri::command]
pub async fn render_canned_reply(desk: State<'_, Desk>, id: String, ticket_id: String) -> Result<String> {
    Ok(desk.workspace().await?.render_canned_reply(&id, &ticket_id).await?)
}

/// The people tickets can be assigned to.
#[tauri::command]
pub async fn support_staff(desk: State<'_, Desk>) -> Result<Vec<Person>> {
    Ok(desk.workspace().await?.support_staff().await?)
}
