//! The demo workspace's provider: the real provider, in this process, on
//! 127.0.0.1, with a SQLite database in the app's data folder seeded with
//! the demo data. It keeps its port across starts (so the workspace's
//! cache stays valid) and can be stopped and started again, so people can
//! try working offline.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use hjs_provider::{Config, MailConfig, Provider};
use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

/// The account the demo workspace signs in as: a reseller with clients,
/// so every screen has something to show.
pub const DEMO_EMAIL: &str = "reseller@demo.hostjamstack.com";
pub const DEMO_NAME: &str = "Demo workspace";

/// What the UI shows about the demo provider.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoInfo {
    pub url: String,
    pub running: bool,
    pub database_path: PathBuf,
}

/// Remembered between starts: the address, and which workspace is the demo's.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoState {
    pub addr: Option<SocketAddr>,
    pub workspace_id: Option<String>,
}

impl DemoState {
    pub fn load(folder: &Path) -> DemoState {
        std::fs::read(folder.join("state.json")).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    pub fn save(&self, folder: &Path) -> anyhow::Result<()> {
        hjs_client::workspaces::write_atomically(&folder.join("state.json"), &serde_json::to_vec_pretty(self)?)?;
        Ok(())
    }
}

#[derive(Debug)]
pub struct DemoProvider {
    folder: PathBuf,
    addr: SocketAddr,
    running: Option<Running>,
}

#[derive(Debug)]
struct Running {
    stop: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl DemoProvider {
    /// Seeds the database when it is new and starts serving, on the port of
    /// last time when it is free, else on a new one.
    pub async fn start(folder: &Path) -> anyhow::Result<DemoProvider> {
        std::fs::create_dir_all(folder).with_context(|| format!("Failed to create {}", folder.display()))?;
        let provider = build(folder).await?;
        hjs_provider::seed::demo(&provider.state.db, &*provider.state.files).await.context("Failed to seed the demo data")?;
        let previous = DemoState::load(folder).addr;
        let listener = match previous {
            Some(addr) => match TcpListener::bind(addr).await {
                Ok(listener) => listener,
                Err(_) => TcpListener::bind("127.0.0.1:0").await?,
            },
            None => TcpListener::bind("127.0.0.1:0").await?,
        };
        let addr = listener.local_addr()?;
        let mut demo = DemoProvider { folder: folder.to_path_buf(), addr, running: None };
        demo.serve(provider, listener);
        Ok(demo)
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn database_path(folder: &Path) -> PathBuf {
        folder.join("provider.sqlite")
    }

    pub fn info(&self) -> DemoInfo {
        DemoInfo { url: self.url(), running: self.is_running(), database_path: Self::database_path(&self.folder) }
    }

    pub fn is_running(&self) -> bool {
        self.running.as_ref().is_some_and(|r| !r.server.is_finished())
    }

    /// Stops serving; the database stays as it is.
    pub async fn stop(&mut self) {
        if let Some(running) = self.running.take() {
            let _ = running.stop.send(());
            // Open event streams end with the server's graceful shutdown;
            // don't wait forever for a client that holds one.
            let abort = running.server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(3), running.server).await.is_err() {
                abort.abort();
            }
        }
    }

    /// Serves again on the same address.
    pub async fn resume(&mut self) -> anyhow::Result<()> {
        if self.is_running() {
            return Ok(());
        }
        let provider = build(&self.folder).await?;
        // The old socket may linger for a moment after the stop.
        let mut attempt = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(listener) => break listener,
                Err(error) if attempt < 20 => {
                    attempt += 1;
                    tracing::debug!(%error, "demo provider port still busy");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => return Err(anyhow::Error::new(error).context(format!("Failed to listen on {} again", self.addr))),
            }
        };
        self.serve(provider, listener);
        Ok(())
    }

    fn serve(&mut self, provider: Provider, listener: TcpListener) {
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(provider.serve(listener, async {
            let _ = stopped.await;
        }));
        self.running = Some(Running { stop, server });
        tracing::info!(url = %self.url(), "demo provider serving");
    }
}

async fn build(folder: &Path) -> anyhow::Result<Provider> {
    let database = DemoProvider::database_path(folder);
    let mut config = Config::new(format!("sqlite://{}?mode=rwc", database.display()));
    config.mail = MailConfig::Folder(folder.join("mail"));
    config.files_dir = folder.join("files");
    Provider::build(config).await.context("Failed to open the demo provider's database")
}
