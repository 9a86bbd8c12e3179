//! E-mail forwards: listed from the cache, created, changed and removed
//! through the outbox, exported, and the mail-routing check with its fix.

use std::path::PathBuf;

use hjs_client::email_forwarding::forwards::{forwards_csv, postfix_virtual};
use hjs_client::outbox::OutboxEntry;
use hjs_model::dns::ZonePlan;
use hjs_model::documents::EmailForwarding;
use hjs_model::forwarding::ForwardDraft;
use serde::Deserialize;
use tauri::State;

use crate::desk::Desk;
use crate::error::Result;

#[tauri::command]
pub async fn forwards(desk: State<'_, Desk>, domain: Option<String>) -> Result<Vec<EmailForwarding>> {
    Ok(desk.workspace().await?.forwards(domain.as_deref()).await?)
}

#[tauri::command]
pub async fn create_forward(desk: State<'_, Desk>, domain: String, draft: ForwardDraft) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.create_forward(&domain, draft).await?)
}

#[tauri::command]
pub async fn update_forward(desk: State<'_, Desk>, id: String, draft: ForwardDraft) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.update_forward(&id, draft).await?)
}

#[tauri::command]
pub async fn delete_forward(desk: State<'_, Desk>, id: String) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.delete_forward(&id).await?)
}

/// `None` when the domain's MX names our mail servers; else the plan that fixes it.
#[tauri::command]
pub async fn mail_routing(desk: State<'_, Desk>, domain: String) -> Result<Option<ZonePlan>> {
    Ok(desk.workspace().await?.mail_routing(&domain).await?)
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ForwardFormat {
    Postfix,
    Csv,
}

/// Writes one domain's forwards (or all) to `path`; answers how many.
#[tauri::command]
pub async fn export_forwards(desk: State<'_, Desk>, domain: Option<String>, format: ForwardFormat, path: PathBuf) -> Result<usize> {
    let forwards = desk.workspace().await?.forwards(domain.as_deref()).await?;
    let text = match format {
        ForwardFormat::Postfix => postfix_virtual(&forwards),
        ForwardFormat::Csv => forwards_csv(&forwards)?,
    };
    hjs_client::workspaces::write_atomically(&path, text.as_bytes())?;
    Ok(forwards.len())
}
