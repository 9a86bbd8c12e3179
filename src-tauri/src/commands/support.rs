//! The support desk: the ticket queue and threads from the cache, and the
//! edits (open, change, reply, note) queued through the outbox.

use hjs_client::outbox::OutboxEntry;
use hjs_client::queries::{self, Person, TicketPage, TicketQuery, TicketThread};
use hjs_model::documents::MessageType;
use hjs_model::support::{TicketChange, TicketDraft};
use tauri::State;

use crate::desk::Desk;
use crate::error::Result;

#[tauri::command]
pub async fn tickets(desk: State<'_, Desk>, query: TicketQuery) -> Result<TicketPage> {
    Ok(queries::ticket_queue(&desk.workspace().await?.cache, &query).await?)
}

#[tauri::command]
pub async fn ticket_thread(desk: State<'_, Desk>, id: String) -> Result<TicketThread> {
    Ok(queries::ticket_thread(&desk.workspace().await?.cache, &id).await?)
}

#[tauri::command]
pub async fn open_ticket(desk: State<'_, Desk>, draft: TicketDraft) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.open_ticket(draft).await?)
}

#[tauri::command]
pub async fn change_ticket(desk: State<'_, Desk>, id: String, change: TicketChange) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.change_ticket(&id, change).await?)
}

#[tauri::command]
pub async fn post_message(desk: State<'_, Desk>, ticket_id: String, message_type: MessageType, content: String) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.post_message(&ticket_id, message_type, &content).await?)
}

/// The people tickets can be assigned to.
#[tauri::command]
pub async fn support_staff(desk: State<'_, Desk>) -> Result<Vec<Person>> {
    Ok(desk.workspace().await?.support_staff().await?)
}
