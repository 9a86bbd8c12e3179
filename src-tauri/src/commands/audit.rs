//! The audit trail: a page of the cached log (the audit screen), its CSV
//! export, and one document's history (the History tab).

use std::path::PathBuf;

use hjs_client::audit::{AuditEntry, AuditPage, AuditQuery};
use tauri::State;

use crate::desk::Desk;
use crate::error::Result;

#[tauri::command]
pub async fn audit_events(desk: State<'_, Desk>, query: AuditQuery) -> Result<AuditPage> {
    Ok(desk.workspace().await?.audit_events(&query).await?)
}

/// Writes every event `query` matches to `path` as CSV; answers how many.
#[tauri::command]
pub async fn export_audit_csv(desk: State<'_, Desk>, query: AuditQuery, path: PathBuf) -> Result<usize> {
    let (text, count) = desk.workspace().await?.audit_csv(&query).await?;
    hjs_client::workspaces::write_atomically(&path, text.as_bytes())?;
    Ok(count)
}

#[tauri::command]
pub async fn history(desk: State<'_, Desk>, doc_id: String) -> Result<Vec<AuditEntry>> {
    Ok(desk.workspace().await?.history(&doc_id).await?)
}
