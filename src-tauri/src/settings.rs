//! The app's own settings (theme, desktop notifications, the workspace
//! opened at start), kept with tauri-plugin-store in `settings.json` beside
//! the workspaces. Window size and position are the window-state plugin's.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::error::{Result, UiError};

const KEY: &str = "settings";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Settings {
    pub theme: Theme,
    pub desktop_notifications: bool,
    /// The workspace opened at start; none means the last one used.
    pub default_workspace: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self { theme: Theme::System, desktop_notifications: true, default_workspace: None }
    }
}

fn store_path(home: &hjs_client::Home) -> std::path::PathBuf {
    home.root.join("settings.json")
}

/// The saved settings; defaults when none are saved or the file is unreadable.
pub fn load<R: Runtime>(app: &AppHandle<R>, home: &hjs_client::Home) -> Settings {
    let Ok(store) = app.store(store_path(home)) else { return Settings::default() };
    store.get(KEY).and_then(|value| serde_json::from_value(value).ok()).unwrap_or_default()
}

pub fn save<R: Runtime>(app: &AppHandle<R>, home: &hjs_client::Home, settings: &Settings) -> Result<()> {
    let store = app.store(store_path(home)).map_err(|e| UiError::new("settings", format!("could not open the settings: {e}")))?;
    store.set(KEY, serde_json::to_value(settings).map_err(anyhow::Error::from)?);
    store.save().map_err(|e| UiError::new("settings", format!("could not save the settings: {e}")))
}
