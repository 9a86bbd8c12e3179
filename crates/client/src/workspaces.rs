//! Workspaces: a provider URL and an account, each with its own cache file.
//! The list lives in `workspaces.json` in the app's data folder (written
//! atomically: a temp file renamed over the old one), one of them current.

use std::path::{Path, PathBuf};

use anyhow::Context;
use hjs_model::ObjectId;
use serde::{Deserialize, Serialize};

use crate::error::{ClientError, Result};

/// The folder everything of the engine lives in: the platform data folder
/// (`~/.local/share/hostjamstack-desk` on Linux), or `HJS_HOME` when set.
#[derive(Debug, Clone)]
pub struct Home {
    pub root: PathBuf,
}

impl Home {
    pub fn from_env() -> Result<Home> {
        if let Some(root) = std::env::var_os("HJS_HOME") {
            return Ok(Home { root: PathBuf::from(root) });
        }
        let dirs = directories::ProjectDirs::from("com", "HostJamstack", "hostjamstack-desk")
            .ok_or_else(|| ClientError::NoWorkspace("no home folder to keep workspaces in; set HJS_HOME".into()))?;
        Ok(Home { root: dirs.data_dir().to_path_buf() })
    }

    pub fn at(root: impl Into<PathBuf>) -> Home {
        Home { root: root.into() }
    }

    fn registry(&self) -> PathBuf {
        self.root.join("workspaces.json")
    }

    pub fn cache_file(&self, workspace_id: &str) -> PathBuf {
        self.root.join("workspaces").join(workspace_id).join("cache.db")
    }
}

/// One workspace. The session token is not here: it is in the OS keyring.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    pub id: String,
    /// What people call it; defaults to `email @ host`.
    pub name: String,
    pub provider_url: String,
    pub email: String,
    pub user_id: String,
    pub role: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Registry {
    current: Option<String>,
    workspaces: Vec<WorkspaceInfo>,
}

/// The list of workspaces.
#[derive(Debug, Clone)]
pub struct Workspaces {
    home: Home,
}

impl Workspaces {
    pub fn new(home: Home) -> Self {
        Self { home }
    }

    pub fn home(&self) -> &Home {
        &self.home
    }

    fn load(&self) -> Result<Registry> {
        match std::fs::read(self.home.registry()) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).with_context(|| format!("{} is not valid", self.home.registry().display()))?),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Registry::default()),
            Err(error) => Err(anyhow::Error::new(error).context("Failed to read the workspace list").into()),
        }
    }

    fn save(&self, registry: &Registry) -> Result<()> {
        write_atomically(&self.home.registry(), &serde_json::to_vec_pretty(registry).map_err(anyhow::Error::from)?)
    }

    pub fn list(&self) -> Result<Vec<WorkspaceInfo>> {
        Ok(self.load()?.workspaces)
    }

    pub fn current(&self) -> Result<Option<WorkspaceInfo>> {
        let registry = self.load()?;
        Ok(registry.current.and_then(|id| registry.workspaces.into_iter().find(|w| w.id == id)))
    }

    /// Finds a workspace by id or name.
    pub fn find(&self, key: &str) -> Result<WorkspaceInfo> {
        self.list()?.into_iter().find(|w| w.id == key || w.name == key).ok_or_else(|| ClientError::not_found(format!("workspace {key}")))
    }

    /// Adds (or replaces, for the same provider and e-mail) a workspace and makes it current.
    pub fn add(&self, provider_url: &str, email: &str, user_id: &str, role: &str, name: Option<&str>) -> Result<WorkspaceInfo> {
        let mut registry = self.load()?;
        let provider_url = provider_url.trim_end_matches('/').to_string();
        let existing = registry.workspaces.iter().position(|w| w.provider_url == provider_url && w.email.eq_ignore_ascii_case(email));
        let host = provider_url.split("://").nth(1).unwrap_or(&provider_url).to_string();
        let info = WorkspaceInfo {
            id: existing.map(|i| registry.workspaces[i].id.clone()).unwrap_or_else(|| ObjectId::new().to_string()),
            // Signing in again keeps a name someone chose.
            name: name
                .map(str::to_string)
                .or_else(|| existing.map(|i| registry.workspaces[i].name.clone()))
                .unwrap_or_else(|| format!("{email} @ {host}")),
            provider_url,
            email: email.to_string(),
            user_id: user_id.to_string(),
            role: role.to_string(),
        };
        match existing {
            Some(i) => registry.workspaces[i] = info.clone(),
            None => registry.workspaces.push(info.clone()),
        }
        registry.current = Some(info.id.clone());
        self.save(&registry)?;
        Ok(info)
    }

    pub fn use_workspace(&self, key: &str) -> Result<WorkspaceInfo> {
        let info = self.find(key)?;
        let mut registry = self.load()?;
        registry.current = Some(info.id.clone());
        self.save(&registry)?;
        Ok(info)
    }

    /// Names a workspace (what the switcher shows).
    pub fn rename(&self, key: &str, name: &str) -> Result<WorkspaceInfo> {
        self.change(key, |w| w.name = name.trim().to_string())
    }

    /// Points a workspace at a provider's new address, keeping its cache:
    /// the demo provider, say, when its old port is taken.
    pub fn set_provider_url(&self, key: &str, provider_url: &str) -> Result<WorkspaceInfo> {
        self.change(key, |w| w.provider_url = provider_url.trim_end_matches('/').to_string())
    }

    fn change(&self, key: &str, edit: impl FnOnce(&mut WorkspaceInfo)) -> Result<WorkspaceInfo> {
        let id = self.find(key)?.id;
        let mut registry = self.load()?;
        let info = registry.workspaces.iter_mut().find(|w| w.id == id).ok_or_else(|| ClientError::not_found(format!("workspace {key}")))?;
        edit(info);
        let info = info.clone();
        self.save(&registry)?;
        Ok(info)
    }

    /// Forgets a workspace and deletes its cache file. Its keyring entry is
    /// the caller's to delete (see `credentials`).
    pub fn remove(&self, key: &str) -> Result<WorkspaceInfo> {
        let info = self.find(key)?;
        let mut registry = self.load()?;
        registry.workspaces.retain(|w| w.id != info.id);
        if registry.current.as_deref() == Some(info.id.as_str()) {
            registry.current = registry.workspaces.first().map(|w| w.id.clone());
        }
        self.save(&registry)?;
        let folder = self.home.cache_file(&info.id);
        if let Some(folder) = folder.parent() {
            if folder.exists() {
                std::fs::remove_dir_all(folder).with_context(|| format!("Failed to delete {}", folder.display()))?;
            }
        }
        Ok(info)
    }
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = path.parent().context("path has a folder")?;
    std::fs::create_dir_all(folder).with_context(|| format!("Failed to create {}", folder.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(folder).context("Failed to create a temp file")?;
    std::io::Write::write_all(&mut temp, bytes).context("Failed to write")?;
    temp.as_file().sync_all().context("Failed to flush")?;
    temp.persist(path).map_err(|e| anyhow::Error::new(e.error).context("Failed to replace the file"))?;
    Ok(())
}
