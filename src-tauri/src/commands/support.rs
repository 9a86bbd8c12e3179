//! The support desk: the ticket queue, its counts and threads from the
//! cache, and the edits (open, change, reply, note) queued through the
//! outbox.

use hjs_client::outbox::OutboxEntry;
use hjs_client::queries::Person;
use hjs_client::support::drafts::ReplyDraft;
use hjs_client::support::queries::{self, QueueCounts, TicketPage, TicketQuery, TicketSearch, TicketSearchHit, TicketThread};
use hjs_model::documents::MessageType;
use hjs_model::support::canned::{CannedReply, CannedReplyDraft};
use hjs_model::support::presence::{PresenceState, TicketPresence};
use hjs_model::support::{TicketChange, TicketDraft};
use hjs_model::Timestamp;
use tauri::State;

use crate::desk::Desk;
use crate::error::Result;

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

#[tauri::command]
pub async fn post_message(
    desk: State<'_, Desk>,
    ticket_id: String,
    message_type: MessageType,
    content: String,
    minutes_spent: Option<u32>,
) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.post_message(&ticket_id, message_type, &content, minutes_spent).await?)
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
