//! The notifications center.

use hjs_client::outbox::OutboxEntry;
use hjs_client::queries::{self, NotificationItem};
use tauri::State;

use crate::desk::Desk;
use crate::error::Result;

#[tauri::command]
pub async fn notifications(desk: State<'_, Desk>, unread_only: bool, limit: i64) -> Result<Vec<NotificationItem>> {
    let workspace = desk.workspace().await?;
    Ok(queries::notifications(&workspace.cache, &workspace.info.user_id, unread_only, limit).await?)
}

#[tauri::command]
pub async fn mark_notification(desk: State<'_, Desk>, id: String, is_read: bool) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.set_notification_read(&id, is_read).await?)
}

/// Queues "read" for every unread notification; answers how many.
#[tauri::command]
pub async fn mark_all_notifications_read(desk: State<'_, Desk>) -> Result<usize> {
    Ok(desk.workspace().await?.mark_all_notifications_read().await?)
}
