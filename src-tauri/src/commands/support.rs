//! The ticket queue and ticket threads.

use hjs_client::queries::{self, TicketPage, TicketQuery, TicketThread};
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
