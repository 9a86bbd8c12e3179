//! The domain table, a domain's detail, settings edits and the CSV export.

use std::path::PathBuf;

use hjs_client::outbox::OutboxEntry;
use hjs_client::queries::{self, DomainDetail, DomainPage, DomainQuery};
use hjs_model::documents::domains::{default_nameservers as provider_nameservers, parse_nameservers};
use hjs_model::documents::DomainSettings;
use hjs_model::FieldError;
use tauri::State;

use crate::desk::Desk;
use crate::error::{Result, UiError};

#[tauri::command]
pub async fn domains(desk: State<'_, Desk>, query: DomainQuery) -> Result<DomainPage> {
    Ok(queries::domains(&desk.workspace().await?.cache, &query).await?)
}

#[tauri::command]
pub async fn domain(desk: State<'_, Desk>, id: String) -> Result<DomainDetail> {
    Ok(queries::domain(&desk.workspace().await?.cache, &id).await?)
}

/// Queues the same settings for each domain in `ids` (one outbox entry
/// each): all of them or, when one is refused, none.
#[tauri::command]
pub async fn set_domain_settings(desk: State<'_, Desk>, ids: Vec<String>, settings: DomainSettings) -> Result<Vec<OutboxEntry>> {
    if ids.is_empty() {
        return Err(UiError::invalid("ids", "choose at least one domain"));
    }
    Ok(desk.workspace().await?.set_domain_settings_of_each(&ids, settings).await?)
}

/// The provider's name-server rules, applied without queuing: no errors means valid.
#[tauri::command]
pub fn check_nameservers(nameservers: Vec<String>) -> Vec<FieldError> {
    parse_nameservers(&nameservers).err().map(|errors| errors.0).unwrap_or_default()
}

#[tauri::command]
pub fn default_nameservers() -> Vec<String> {
    provider_nameservers().iter().map(ToString::to_string).collect()
}

/// Writes every domain matching `query` to `path` as CSV; answers how many.
/// The file is written beside its final name and renamed, so a failure
/// never leaves half a file.
#[tauri::command]
pub async fn export_domains_csv(desk: State<'_, Desk>, query: DomainQuery, path: PathBuf) -> Result<usize> {
    let rows = queries::every_domain(&desk.workspace().await?.cache, &query).await?;
    let bytes = crate::export::domains_csv(&rows).map_err(|e| UiError::new("export", format!("could not write CSV: {e}")))?;
    hjs_client::workspaces::write_atomically(&path, &bytes)?;
    Ok(rows.len())
}
