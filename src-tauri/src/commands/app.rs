//! Workspaces, sign-in, the demo provider, sync and settings.

use hjs_client::credentials::Keeping;
use hjs_client::queries::Person;
use hjs_client::sync::SyncStatus;
use hjs_client::{SignIn, Workspace, Workspaces};
use tauri::{AppHandle, State};

use crate::demo::DemoInfo;
use crate::desk::{AppState, Desk};
use crate::error::{Result, UiError};
use crate::settings::{self, Settings};

/// Everything the window draws itself from.
#[tauri::command]
pub async fn app_state(app: AppHandle, desk: State<'_, Desk>) -> Result<AppState> {
    desk.state(&app).await
}

/// Opens the demo workspace (starting its provider when needed).
#[tauri::command]
pub async fn open_demo(app: AppHandle, desk: State<'_, Desk>) -> Result<AppState> {
    desk.open_demo(&app).await?;
    desk.state(&app).await
}

/// Signs in (downloading the account for a new workspace) and opens it;
/// `this_run_only` keeps the session in memory when there is no keyring.
#[tauri::command]
pub async fn sign_in(
    app: AppHandle,
    desk: State<'_, Desk>,
    provider_url: String,
    email: String,
    password: String,
    totp: Option<String>,
    this_run_only: bool,
) -> Result<AppState> {
    let totp = totp.filter(|code| !code.trim().is_empty());
    let keeping = if this_run_only { Keeping::ThisRun } else { Keeping::Keyring };
    let request = SignIn { totp: totp.as_deref(), keeping, ..SignIn::new(&provider_url, email.trim(), &password) };
    desk.sign_in(&app, &request).await?;
    desk.state(&app).await
}

/// Points a workspace at a new address of its provider.
#[tauri::command]
pub async fn set_workspace_address(app: AppHandle, desk: State<'_, Desk>, key: String, provider_url: String) -> Result<AppState> {
    desk.set_address(&app, &key, &provider_url).await?;
    desk.state(&app).await
}

/// Ends the session (on the provider when reachable) and closes the workspace.
#[tauri::command]
pub async fn sign_out(app: AppHandle, desk: State<'_, Desk>) -> Result<AppState> {
    let workspace = desk.workspace().await?;
    desk.close().await;
    workspace.sign_out().await?;
    desk.state(&app).await
}

#[tauri::command]
pub async fn switch_workspace(app: AppHandle, desk: State<'_, Desk>, key: String) -> Result<AppState> {
    let info = Workspaces::new(desk.home.clone()).find(&key)?;
    desk.open(&app, info).await?;
    desk.state(&app).await
}

/// Forgets a workspace; refused while edits are queued there unless `discard_queued`.
#[tauri::command]
pub async fn remove_workspace(app: AppHandle, desk: State<'_, Desk>, key: String, discard_queued: bool) -> Result<AppState> {
    let info = Workspaces::new(desk.home.clone()).find(&key)?;
    // Its cache must be closed to be deleted; a refusal (edits still
    // queued) opens it again, so nothing changes.
    let was_open = desk.workspace().await.is_ok_and(|open| open.info.id == info.id);
    if was_open {
        desk.close().await;
    }
    if let Err(error) = Workspace::remove(&desk.home, &info.id, discard_queued).await {
        if was_open {
            desk.open(&app, info).await?;
        }
        return Err(error.into());
    }
    desk.state(&app).await
}

/// Asks the sync loop for a round now.
#[tauri::command]
pub async fn sync_now(desk: State<'_, Desk>) -> Result<SyncStatus> {
    let workspace = desk.workspace().await?;
    workspace.sync_soon();
    Ok(workspace.status())
}

#[tauri::command]
pub async fn set_demo_provider_running(desk: State<'_, Desk>, running: bool) -> Result<DemoInfo> {
    desk.set_demo_running(running).await
}

#[tauri::command]
pub async fn save_settings(app: AppHandle, desk: State<'_, Desk>, settings: Settings) -> Result<Settings> {
    if let Some(key) = &settings.default_workspace {
        Workspaces::new(desk.home.clone()).find(key).map_err(|_| UiError::invalid("defaultWorkspace", format!("no workspace {key}")))?;
    }
    settings::save(&app, &desk.home, &settings)?;
    desk.set_desktop_notifications(settings.desktop_notifications);
    Ok(settings)
}

/// The signed-in person, as the cache knows them.
#[tauri::command]
pub async fn me(desk: State<'_, Desk>) -> Result<Option<Person>> {
    let workspace = desk.workspace().await?;
    Ok(hjs_client::queries::find_person(&workspace.cache, &workspace.info.user_id).await.ok())
}

/// The window says its first dashboard is on screen (the start-up figure).
#[tauri::command]
pub fn dashboard_painted(desk: State<'_, Desk>) {
    desk.dashboard_painted();
}
