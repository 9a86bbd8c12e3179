//! Queued edits: list, retry ("keep mine"), discard ("take theirs"), edit.

use hjs_client::outbox::Operation;
use hjs_client::outbox::OutboxEntry;
use tauri::State;

use crate::desk::Desk;
use crate::error::Result;

#[tauri::command]
pub async fn outbox(desk: State<'_, Desk>) -> Result<Vec<OutboxEntry>> {
    Ok(desk.workspace().await?.outbox().await?)
}

#[tauri::command]
pub async fn retry_entry(desk: State<'_, Desk>, id: String) -> Result<Option<OutboxEntry>> {
    Ok(desk.workspace().await?.retry(&id).await?)
}

#[tauri::command]
pub async fn discard_entry(desk: State<'_, Desk>, id: String) -> Result<()> {
    Ok(desk.workspace().await?.discard(&id).await?)
}

#[tauri::command]
pub async fn edit_entry(desk: State<'_, Desk>, id: String, operation: Operation) -> Result<Option<OutboxEntry>> {
    Ok(desk.workspace().await?.edit(&id, operation).await?)
}
