//! A domain's zone: records, plans (previewed, then queued as one edit),
//! zone files in and out, versions and restore; and DNS templates applied
//! to many domains, with progress sent over a channel.

use std::path::PathBuf;

use hjs_client::dns::templates::{DomainSelection, TemplateProgress, TemplateReport};
use hjs_client::dns::zone::{PlanPreview, ZoneImportPreview};
use hjs_client::outbox::OutboxEntry;
use hjs_model::dns::lint::Finding;
use hjs_model::dns::{PlanDiff, Template, TemplateId, TemplateInfo, TemplateRequest, ZonePlan};
use hjs_model::documents::{DnsRecord, ZoneVersion};
use tauri::ipc::Channel;
use tauri::State;

use crate::desk::Desk;
use crate::error::{Result, UiError};

/// Largest zone file read (a 10,000-record zone is about 600 kB).
const MAX_ZONE_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[tauri::command]
pub async fn zone_records(desk: State<'_, Desk>, domain: String) -> Result<Vec<DnsRecord>> {
    Ok(desk.workspace().await?.zone_records(&domain).await?)
}

#[tauri::command]
pub async fn preview_dns_plan(desk: State<'_, Desk>, domain: String, plan: ZonePlan) -> Result<PlanPreview> {
    Ok(desk.workspace().await?.preview_dns_plan(&domain, plan).await?)
}

#[tauri::command]
pub async fn apply_dns_plan(desk: State<'_, Desk>, domain: String, plan: ZonePlan) -> Result<OutboxEntry> {
    Ok(desk.workspace().await?.apply_dns_plan(&domain, plan).await?)
}

#[tauri::command]
pub async fn import_zone_file(desk: State<'_, Desk>, domain: String, path: PathBuf, replace: bool) -> Result<ZoneImportPreview> {
    let size = std::fs::metadata(&path).map_err(|e| UiError::new("unreadable_file", format!("cannot read {}: {e}", path.display())))?.len();
    if size > MAX_ZONE_FILE_BYTES {
        return Err(UiError::invalid("file", "the zone file is larger than 16 MB"));
    }
    let text =
        std::fs::read_to_string(&path).map_err(|e| UiError::new("unreadable_file", format!("cannot read {}: {e}", path.display())))?;
    Ok(desk.workspace().await?.import_zone_file(&domain, &text, replace).await?)
}

/// The same, for zone-file text pasted into the window.
#[tauri::command]
pub async fn import_zone_text(desk: State<'_, Desk>, domain: String, text: String, replace: bool) -> Result<ZoneImportPreview> {
    if text.len() as u64 > MAX_ZONE_FILE_BYTES {
        return Err(UiError::invalid("text", "the zone file is larger than 16 MB"));
    }
    Ok(desk.workspace().await?.import_zone_file(&domain, &text, replace).await?)
}

#[tauri::command]
pub async fn export_zone_file(desk: State<'_, Desk>, domain: String, path: PathBuf) -> Result<()> {
    let text = desk.workspace().await?.export_zone_file(&domain).await?;
    hjs_client::workspaces::write_atomically(&path, text.as_bytes())?;
    Ok(())
}

#[tauri::command]
pub async fn zone_lint(desk: State<'_, Desk>, domain: String) -> Result<Vec<Finding>> {
    Ok(desk.workspace().await?.zone_lint(&domain).await?)
}

#[tauri::command]
pub async fn zone_versions(desk: State<'_, Desk>, domain: String) -> Result<Vec<ZoneVersion>> {
    Ok(desk.workspace().await?.zone_versions(&domain).await?)
}

#[tauri::command]
pub async fn zone_version_diff(desk: State<'_, Desk>, domain: String, from: i64, to: i64) -> Result<PlanDiff> {
    Ok(desk.workspace().await?.zone_version_diff(&domain, from, to).await?)
}

#[tauri::command]
pub async fn restore_zone_version(desk: State<'_, Desk>, domain: String, version: i64) -> Result<PlanPreview> {
    Ok(desk.workspace().await?.restore_zone_version(&domain, version).await?)
}

/// The DNS templates and their parameters.
#[tauri::command]
pub fn dns_templates() -> Vec<TemplateInfo> {
    TemplateId::catalogue()
}

/// What a template would do to each selected domain; queues nothing.
#[tauri::command]
pub async fn template_dry_run(
    desk: State<'_, Desk>,
    template: TemplateRequest,
    selection: DomainSelection,
    on_progress: Channel<TemplateProgress>,
) -> Result<TemplateReport> {
    let template = Template::parse(&template).map_err(hjs_client::ClientError::Invalid)?;
    Ok(desk.workspace().await?.template_dry_run(&template, &selection, progress_to(&on_progress)).await?)
}

/// Queues one plan per domain the template applies to (all or none);
/// without `confirmed`, domains whose plan needs confirmation are skipped.
#[tauri::command]
pub async fn apply_template(
    desk: State<'_, Desk>,
    template: TemplateRequest,
    selection: DomainSelection,
    confirmed: bool,
    on_progress: Channel<TemplateProgress>,
) -> Result<TemplateReport> {
    let template = Template::parse(&template).map_err(hjs_client::ClientError::Invalid)?;
    Ok(desk.workspace().await?.apply_template(&template, &selection, confirmed, progress_to(&on_progress)).await?)
}

/// Forwards a run's progress to the window. A window that went away
/// meanwhile does not stop the run: the queued plans matter, the bar not.
fn progress_to(channel: &Channel<TemplateProgress>) -> impl FnMut(TemplateProgress) + '_ {
    move |progress| {
        let _ = channel.send(progress);
    }
}
