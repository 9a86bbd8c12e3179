//! The app's state behind every command: where workspaces live, the open
//! workspace's session, the demo provider, and what the window needs to know
//! at start ([`AppState`]).

use hjs_client::queries::{self, Person};
use hjs_client::sync::SyncStatus;
use hjs_client::{Home, Workspace, WorkspaceInfo, Workspaces};
use hjs_provider::seed::DEMO_PASSWORD;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::{watch, Mutex, RwLock};

use crate::demo::{DemoInfo, DemoProvider, DemoState, DEMO_EMAIL, DEMO_NAME};
use crate::error::{Result, UiError};
use crate::session::Session;
use crate::settings::{self, Settings};

#[derive(Debug)]
pub struct Desk {
    pub home: Home,
    session: RwLock<Option<Session>>,
    demo: Mutex<Option<DemoProvider>>,
    /// Whether new notifications also show as desktop notifications.
    notify: watch::Sender<bool>,
    /// When the process started, for the start-up figure.
    launched: std::time::Instant,
    painted: std::sync::Once,
    /// Flips once the workspace of last time is open (or failed to open), so
    /// the window's first question waits for the answer.
    ready: watch::Sender<bool>,
}

/// What the window needs to draw itself.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppState {
    pub workspaces: Vec<WorkspaceInfo>,
    pub current: Option<WorkspaceInfo>,
    pub me: Option<Person>,
    pub status: SyncStatus,
    pub demo: Option<DemoInfo>,
    pub settings: Settings,
}

impl Desk {
    pub fn new(home: Home, settings: &Settings) -> Desk {
        Desk {
            home,
            session: RwLock::new(None),
            demo: Mutex::new(None),
            notify: watch::channel(settings.desktop_notifications).0,
            ready: watch::channel(false).0,
            launched: std::time::Instant::now(),
            painted: std::sync::Once::new(),
        }
    }

    /// Logs, once, how long after launch the first dashboard was on screen.
    pub fn dashboard_painted(&self) {
        self.painted.call_once(|| {
            tracing::info!(ms = self.launched.elapsed().as_millis() as u64, "start-up: first dashboard painted");
        });
    }

    fn workspaces(&self) -> Workspaces {
        Workspaces::new(self.home.clone())
    }

    fn demo_folder(&self) -> std::path::PathBuf {
        self.home.root.join("demo")
    }

    /// At start: the default workspace (or the last one used); the demo
    /// workspace when nothing else is configured.
    pub async fn start<R: Runtime>(&self, app: &AppHandle<R>) {
        // Choosing the keyring may wait on D-Bus: off the main thread, before
        // the first workspace needs its token.
        if let Ok(Err(error)) = tauri::async_runtime::spawn_blocking(hjs_client::credentials::init).await {
            tracing::warn!(%error, "no keyring: signing in will fail until one is available");
        }
        let outcome = async {
            let workspaces = self.workspaces();
            let settings = settings::load(app, &self.home);
            let chosen = match settings.default_workspace.as_deref().and_then(|key| workspaces.find(key).ok()) {
                Some(info) => Some(info),
                None => workspaces.current()?,
            };
            match chosen {
                None if workspaces.list()?.is_empty() => self.open_demo(app).await,
                None => Ok(()),
                Some(info) => self.open(app, info).await,
            }
        }
        .await;
        if let Err(error) = outcome {
            tracing::error!(?error, "could not open the workspace at start");
        }
        self.ready.send_replace(true);
        if let Ok(state) = self.state(app).await {
            let _ = app.emit("workspace-changed", state);
        }
    }

    fn is_demo(&self, info: &WorkspaceInfo) -> bool {
        DemoState::load(&self.demo_folder()).workspace_id.as_deref() == Some(info.id.as_str())
    }

    /// Opens a workspace and makes it the open one; the demo workspace's
    /// provider is started first.
    pub async fn open<R: Runtime>(&self, app: &AppHandle<R>, info: WorkspaceInfo) -> Result<()> {
        if self.is_demo(&info) {
            return self.open_demo(app).await;
        }
        self.activate(app, Workspace::open(&self.home, info).await?).await
    }

    /// What the window shows; waits for the start-up to finish.
    pub async fn state<R: Runtime>(&self, app: &AppHandle<R>) -> Result<AppState> {
        let mut ready = self.ready.subscribe();
        let _ = ready.wait_for(|ready| *ready).await;
        let session = self.session.read().await;
        let (current, status, me) = match session.as_ref() {
            Some(s) => {
                let me = queries::find_person(&s.workspace.cache, &s.workspace.info.user_id).await.ok();
                (Some(s.workspace.info.clone()), s.workspace.status(), me)
            }
            None => (None, SyncStatus::default(), None),
        };
        let demo = match &current {
            Some(info) if self.is_demo(info) => self.demo.lock().await.as_ref().map(DemoProvider::info),
            _ => None,
        };
        Ok(AppState { workspaces: self.workspaces().list()?, current, me, status, demo, settings: settings::load(app, &self.home) })
    }

    /// The open workspace, for commands that read or edit it.
    pub async fn workspace(&self) -> Result<Workspace> {
        let session = self.session.read().await;
        session
            .as_ref()
            .map(|s| s.workspace.clone())
            .ok_or_else(|| UiError::new("no_workspace", "no workspace is open: sign in or open the demo workspace"))
    }

    /// Makes `workspace` the open one, closing the previous session.
    pub async fn activate<R: Runtime>(&self, app: &AppHandle<R>, workspace: Workspace) -> Result<()> {
        self.workspaces().use_workspace(&workspace.info.id)?;
        let session = Session::start(app, workspace, self.notify.subscribe());
        if let Some(previous) = self.session.write().await.replace(session) {
            previous.close();
        }
        Ok(())
    }

    pub async fn close(&self) {
        if let Some(previous) = self.session.write().await.take() {
            previous.close();
        }
    }

    /// Starts the demo provider (once per run), signs in to it and opens it.
    pub async fn open_demo<R: Runtime>(&self, app: &AppHandle<R>) -> Result<()> {
        let folder = self.demo_folder();
        let url = {
            let mut demo = self.demo.lock().await;
            if demo.is_none() {
                *demo = Some(DemoProvider::start(&folder).await?);
            }
            let demo = demo.as_mut().expect("started above");
            demo.resume().await?;
            demo.url()
        };
        let mut state = DemoState::load(&folder);
        // A new port (the old one was taken): the same workspace, moved.
        if let Some(id) = &state.workspace_id {
            if let Ok(info) = self.workspaces().find(id) {
                if info.provider_url != url {
                    self.workspaces().set_provider_url(id, &url)?;
                }
            }
        }
        let workspace = Workspace::sign_in(&self.home, &url, DEMO_EMAIL, DEMO_PASSWORD, None).await?;
        let info = self.workspaces().rename(&workspace.info.id, DEMO_NAME)?;
        let workspace = Workspace::open(&self.home, info).await?;
        state.addr = url.trim_start_matches("http://").parse().ok();
        state.workspace_id = Some(workspace.info.id.clone());
        state.save(&folder)?;
        self.activate(app, workspace).await
    }

    /// Stops or starts the demo provider (to try working offline).
    pub async fn set_demo_running(&self, running: bool) -> Result<DemoInfo> {
        let info = {
            let mut demo = self.demo.lock().await;
            let demo = demo.as_mut().ok_or_else(|| UiError::new("no_demo", "the demo workspace is not open"))?;
            if running {
                demo.resume().await?;
            } else {
                demo.stop().await;
            }
            demo.info()
        };
        if running {
            // Reconnect now rather than at the end of the offline backoff.
            if let Ok(workspace) = self.workspace().await {
                workspace.sync_soon();
            }
        }
        Ok(info)
    }

    pub fn set_desktop_notifications(&self, on: bool) {
        self.notify.send_replace(on);
    }
}
