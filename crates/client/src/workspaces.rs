//! Workspaces: a provider URL and an account, each with its own cache file.
//! The list lives in `workspaces.json` in the app's data folder (written
//! atomically: a temp file renamed over the old one), one of them current.

use std::path::{Path, PathBuf};

use anyhow::Context;
use hjs_model::{FieldError, FieldErrors, ObjectId};
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
    /// The demo workspace: its provider runs inside the app, which starts
    /// it whenever this workspace is opened.
    #[serde(default)]
    pub demo: bool,
}

/// Where a sign-in will land; see [`Workspaces::planned`].
#[derive(Debug, Clone)]
pub struct Planned {
    pub info: WorkspaceInfo,
    /// No workspace is registered for this provider and account yet.
    pub is_new: bool,
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

    /// The workspace a sign-in to `provider_url` as `email` lands in: the
    /// one already registered for them (keeping the name someone chose,
    /// unless `name` says otherwise), else a new one. Nothing is saved:
    /// [`Workspaces::register`] does that once the session is kept.
    pub fn planned(&self, provider_url: &str, email: &str, user_id: &str, role: &str, name: Option<&str>) -> Result<Planned> {
        let provider_url = provider_url.trim_end_matches('/').to_string();
        let existing = self.load()?.workspaces.into_iter().find(|w| w.provider_url == provider_url && w.email.eq_ignore_ascii_case(email));
        let host = provider_url.split("://").nth(1).unwrap_or(&provider_url).to_string();
        let info = WorkspaceInfo {
            id: existing.as_ref().map(|w| w.id.clone()).unwrap_or_else(|| ObjectId::new().to_string()),
            name: name
                .map(|name| name.trim().to_string())
                .or_else(|| existing.as_ref().map(|w| w.name.clone()))
                .unwrap_or_else(|| format!("{email} @ {host}")),
            provider_url,
            email: email.to_string(),
            user_id: user_id.to_string(),
            role: role.to_string(),
            demo: existing.as_ref().is_some_and(|w| w.demo),
        };
        Ok(Planned { info, is_new: existing.is_none() })
    }

    /// Adds (or replaces, by id) a workspace and makes it current.
    pub fn register(&self, info: &WorkspaceInfo) -> Result<()> {
        let mut registry = self.load()?;
        match registry.workspaces.iter_mut().find(|w| w.id == info.id) {
            Some(known) => *known = info.clone(),
            None => registry.workspaces.push(info.clone()),
        }
        registry.current = Some(info.id.clone());
        self.save(&registry)
    }

    /// Adds (or replaces, for the same provider and e-mail) a workspace and makes it current.
    pub fn add(&self, provider_url: &str, email: &str, user_id: &str, role: &str, name: Option<&str>) -> Result<WorkspaceInfo> {
        let planned = self.planned(provider_url, email, user_id, role, name)?;
        self.register(&planned.info)?;
        Ok(planned.info)
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
        let provider_url = parse_provider_url(provider_url)?;
        self.change(key, |w| w.provider_url = provider_url)
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
        self.delete_folder(&info.id)?;
        Ok(info)
    }

    /// Deletes a workspace's folder (its cache and files), if there is one.
    pub fn delete_folder(&self, id: &str) -> Result<()> {
        match std::fs::remove_dir_all(self.folder(id)) {
            Ok(()) => Ok(()),
            // Nothing there: no folder, or no folder of folders to hold it.
            Err(error) if matches!(error.kind(), std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory) => Ok(()),
            Err(error) => Err(anyhow::Error::new(error).context(format!("Failed to delete {}", self.folder(id).display())).into()),
        }
    }
}

/// A sign-in under way for a new workspace: holds a lock on a file in its
/// folder until the workspace is registered, so [`Workspaces::sweep`] in
/// another process leaves that folder alone.
#[derive(Debug)]
pub struct SignInLock {
    file: std::fs::File,
    path: PathBuf,
}

impl SignInLock {
    /// The workspace is registered: the lock file goes, then the lock.
    pub fn release(self) {
        let _ = std::fs::remove_file(&self.path);
        drop(self.file);
    }
}

impl Workspaces {
    /// Takes the sign-in lock of a new workspace's folder (creating it).
    pub fn lock_new(&self, id: &str) -> Result<SignInLock> {
        let folder = self.folder(id);
        std::fs::create_dir_all(&folder).with_context(|| format!("Failed to create {}", folder.display()))?;
        let path = folder.join(SIGN_IN_LOCK);
        let file = std::fs::File::create(&path).context("Failed to create the sign-in lock")?;
        file.lock().context("Failed to lock the sign-in lock")?;
        Ok(SignInLock { file, path })
    }

    fn folder(&self, id: &str) -> PathBuf {
        self.home.root.join("workspaces").join(id)
    }

    /// Tidies what a sign-in that never finished left: folders of
    /// workspaces that were never registered (the app was killed while
    /// downloading, say), unless a sign-in in another process is still at
    /// work on them; and workspaces registered by earlier versions whose
    /// sign-in failed before they had a cache. Answers the ids removed, so
    /// their keyring entries can go too.
    pub fn sweep(&self) -> Result<Vec<String>> {
        let registry = self.load()?;
        let mut removed = Vec::new();
        let halfmade: Vec<String> = registry.workspaces.iter().filter(|w| !self.folder(&w.id).exists()).map(|w| w.id.clone()).collect();
        if !halfmade.is_empty() {
            let mut registry = self.load()?;
            registry.workspaces.retain(|w| !halfmade.contains(&w.id));
            if registry.current.as_ref().is_some_and(|id| halfmade.contains(id)) {
                registry.current = registry.workspaces.first().map(|w| w.id.clone());
            }
            self.save(&registry)?;
            removed.extend(halfmade);
        }
        let folders = match std::fs::read_dir(self.home.root.join("workspaces")) {
            Ok(folders) => folders,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(removed),
            Err(error) => return Err(anyhow::Error::new(error).context("Failed to list the workspace folders").into()),
        };
        for folder in folders.flatten() {
            let Ok(id) = folder.file_name().into_string() else { continue };
            if ObjectId::parse(&id).is_err() || registry.workspaces.iter().any(|w| w.id == id) {
                continue;
            }
            // Held by a sign-in at work: not ours to tidy.
            let lock = std::fs::OpenOptions::new().write(true).open(folder.path().join(SIGN_IN_LOCK));
            let _held = match lock {
                Ok(file) => match file.try_lock() {
                    Ok(()) => Some(file),
                    Err(std::fs::TryLockError::WouldBlock) => continue,
                    Err(std::fs::TryLockError::Error(error)) => {
                        return Err(anyhow::Error::new(error).context("Failed to check a sign-in lock").into())
                    }
                },
                Err(_) => None,
            };
            // Registered meanwhile (the lock was released just now): keep it.
            if self.load()?.workspaces.iter().any(|w| w.id == id) {
                continue;
            }
            std::fs::remove_dir_all(folder.path()).with_context(|| format!("Failed to delete {}", folder.path().display()))?;
            tracing::info!(workspace = %id, "removed the folder of a sign-in that never finished");
            removed.push(id);
        }
        Ok(removed)
    }
}

/// The file a sign-in locks in a new workspace's folder.
const SIGN_IN_LOCK: &str = "signing-in.lock";

/// A provider's address as people type it, checked: `http://` or
/// `https://`, a host, nothing after the path; without a trailing slash.
pub fn parse_provider_url(input: &str) -> Result<String> {
    let invalid = |message: &str| ClientError::Invalid(FieldErrors(vec![FieldError::new("providerUrl", "invalid_url", message)]));
    let trimmed = input.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed).map_err(|e| invalid(&format!("{trimmed:?} is not a web address: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the provider URL must start with http:// or https://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the provider URL has no host name"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("the provider URL takes no user name, query or fragment: only scheme, host, port and path"));
    }
    Ok(trimmed.to_string())
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
