//! The app's state behind every command: where workspaces live, the open
//! workspace's session, the demo provider, and what the window needs to know
//! at start ([`AppState`]).

use hjs_client::bootstrap::Progress;
use hjs_client::credentials::{self, Keeping, KeyringState};
use hjs_client::queries::{self, Person};
use hjs_client::sync::SyncStatus;
use hjs_client::{Home, SignIn, Workspace, WorkspaceInfo, Workspaces};
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
    /// Why the workspace of last time (or the demo) did not open at start;
    /// cleared once a workspace opens.
    start_error: std::sync::Mutex<Option<String>>,
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
    pub keyring: KeyringState,
    /// The open workspace's session is kept in memory for this run only
    /// (no keyring): the next start asks to sign in again. Never the demo's,
    /// which signs in by itself.
    pub this_run_only: bool,
    pub start_error: Option<String>,
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
            start_error: std::sync::Mutex::new(None),
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
    /// workspace when nothing else is configured. What fails is logged and
    /// kept for the window to show.
    pub async fn start<R: Runtime>(&self, app: &AppHandle<R>) {
        // Choosing the keyring may wait on D-Bus: off the main thread, before
        // the first workspace needs its token.
        if let Ok(Err(error)) = tauri::async_runtime::spawn_blocking(credentials::init).await {
            tracing::warn!(%error, "no keyring: sessions can be kept for this run only");
        }
        if let Err(error) = Workspace::sweep(&self.home).await {
            tracing::warn!(%error, "could not tidy what unfinished sign-ins left");
        }
        let workspaces = self.workspaces();
        let settings = settings::load(app, &self.home);
        let chosen = match settings.default_workspace.as_deref().and_then(|key| workspaces.find(key).ok()) {
            Some(info) => Ok(Some(info)),
            None => workspaces.current(),
        };
        let outcome = match chosen {
            Ok(None) if workspaces.list().is_ok_and(|list| list.is_empty()) => {
                self.open_demo(app).await.map_err(|error| format!("Could not open the demo workspace: {}", error.message()))
            }
            Ok(None) => Ok(()),
            Ok(Some(info)) => {
                let name = if self.is_demo(&info) { "the demo workspace".to_string() } else { format!("“{}”", info.name) };
                self.open(app, info).await.map_err(|error| format!("Could not open {name}: {}", error.message()))
            }
            Err(error) => Err(format!("Could not read the list of workspaces: {error}")),
        };
        if let Err(message) = outcome {
            tracing::error!(%message, "no workspace opened at start");
            *self.start_error.lock().unwrap_or_else(|e| e.into_inner()) = Some(message);
        }
        self.ready.send_replace(true);
        if let Ok(state) = self.state(app).await {
            let _ = app.emit("workspace-changed", state);
        }
    }

    /// The demo workspace is marked so in the list; one registered before
    /// the mark existed is known by the demo's own record of it.
    fn is_demo(&self, info: &WorkspaceInfo) -> bool {
        info.demo || DemoState::load(&self.demo_folder()).workspace_id.as_deref() == Some(info.id.as_str())
    }

    /// Opens a workspace and makes it the open one; the demo workspace's
    /// provider is started first.
    pub async fn open<R: Runtime>(&self, app: &AppHandle<R>, info: WorkspaceInfo) -> Result<()> {
        if self.is_demo(&info) {
            return self.open_demo(app).await;
        }
        self.activate(app, Workspace::open(&self.home, info).await?).await
    }

    /// Signs in (downloading the account when the workspace is new, with
    /// progress events for the window) and opens the workspace.
    pub async fn sign_in<R: Runtime>(&self, app: &AppHandle<R>, request: &SignIn<'_>) -> Result<()> {
        let progress = |progress: Progress| {
            let _ = app.emit("bootstrap-progress", progress);
        };
        let signed_in = Workspace::sign_in(&self.home, request, progress).await?;
        if signed_in.bootstrap.is_some() {
            // The download's buffers are free now; without this the app
            // keeps its peak (~230 MB for 756k documents).
            tokio::task::spawn_blocking(hjs_memory::release_freed_memory);
        }
        self.activate(app, signed_in.workspace).await
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
        // The demo provider's switch shows for the demo workspace, and for
        // any other workspace signed in to that same provider (a second
        // demo account, say support staff), whose work it stops too.
        let demo = match &current {
            Some(info) => {
                let provider = self.demo.lock().await;
                provider.as_ref().filter(|p| self.is_demo(info) || info.provider_url == p.url()).map(DemoProvider::info)
            }
            None => None,
        };
        let this_run_only = current.as_ref().is_some_and(|info| !self.is_demo(info) && credentials::kept_for_this_run(&info.id));
        Ok(AppState {
            workspaces: self.workspaces().list()?,
            current,
            me,
            status,
            demo,
            settings: settings::load(app, &self.home),
            keyring: credentials::state(),
            this_run_only,
            start_error: self.start_error.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        })
    }

    /// The open workspace, for commands that read or edit it.
    pub async fn workspace(&self) -> Result<Workspace> {
        let session = self.session.read().await;
        session
            .as_ref()
            .map(|s| s.workspace.clone())
            .ok_or_else(|| UiError::new("no_workspace", "no workspace is open: sign in or open the demo workspace"))
    }

    /// Tells the desk's alerts that the person assigned `ticket_id` to
    /// themselves, so it is not announced to them.
    pub async fn assigned_myself(&self, ticket_id: &str) {
        let alerts = self.session.read().await.as_ref().and_then(|s| s.alerts.clone());
        if let Some(alerts) = alerts {
            alerts.lock().await.assigned_myself(ticket_id);
        }
    }

    /// Makes `workspace` the open one, closing the previous session.
    pub async fn activate<R: Runtime>(&self, app: &AppHandle<R>, workspace: Workspace) -> Result<()> {
        self.workspaces().use_workspace(&workspace.info.id)?;
        self.start_error.lock().unwrap_or_else(|e| e.into_inner()).take();
        tracing::info!(workspace = %workspace.info.id, provider = %workspace.info.provider_url, "workspace opened");
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
    /// Its session is kept in memory: the provider is on this computer and
    /// signs the demo in again at every start, so no keyring is needed.
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
        let known = self.workspaces().list()?.into_iter().find(|info| self.is_demo(info));
        if let Some(info) = known.filter(|info| info.provider_url != url) {
            self.workspaces().set_provider_url(&info.id, &url)?;
        }
        let request =
            SignIn { keeping: Keeping::ThisRun, name: Some(DEMO_NAME), demo: true, ..SignIn::new(&url, DEMO_EMAIL, DEMO_PASSWORD) };
        self.sign_in(app, &request).await?;
        state.addr = url.trim_start_matches("http://").parse().ok();
        state.workspace_id = self.workspace().await?.info.id.into();
        state.save(&folder)?;
        Ok(())
    }

    /// Points a workspace at another address of its provider; the open one
    /// is opened again there and syncs at once.
    pub async fn set_address<R: Runtime>(&self, app: &AppHandle<R>, key: &str, provider_url: &str) -> Result<()> {
        let info = self.workspaces().find(key)?;
        if self.is_demo(&info) {
            return Err(UiError::invalid("providerUrl", "the demo workspace's address is its provider's, inside the app"));
        }
        let info = self.workspaces().set_provider_url(&info.id, provider_url)?;
        let is_open = self.workspace().await.is_ok_and(|open| open.info.id == info.id);
        if is_open {
            self.open(app, info).await?;
            self.workspace().await?.sync_soon();
        }
        Ok(())
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
