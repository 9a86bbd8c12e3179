//! The harness of the end-to-end tests: launches the real app through
//! tauri-driver (which drives WebKitWebDriver, which starts the app) with a
//! fresh data folder, and offers the few steps the scenarios are made of.
//!
//! The app under test is the binary named by `HJS_E2E_APP` (built with the
//! `custom-protocol` feature, so it serves its own UI); `scripts/e2e.sh`
//! builds it and runs these tests under Xvfb and a D-Bus session.
//!
//! # Layout
//!
//! - [`Desk`]: the app's window (find, click, wait, screenshot).
//! - [`DemoProvider`]: the demo workspace's provider seen from outside
//!   (its URL and database, read from the data folder), and writes made
//!   on it directly as another person would.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long the app may take for anything a person waits for.
const PATIENCE: Duration = Duration::from_secs(90);

/// How the app is started.
#[derive(Debug, Clone, Copy, Default)]
pub struct Launch {
    /// Through this `no-keyring` binary (the test's
    /// `env!("CARGO_BIN_EXE_no-keyring")`): no kernel keyring, as in a
    /// container, and no Secret Service on the test's D-Bus session.
    pub without_keyring: Option<&'static str>,
}

/// The running app and the driver it runs under.
#[derive(Debug)]
pub struct Desk {
    pub client: Client,
    driver: Child,
    /// The app's data folder (`HJS_HOME`).
    pub home: PathBuf,
    /// The fresh folder `home` is, when the run made one.
    _fresh_home: Option<tempfile::TempDir>,
}

impl Desk {
    /// Opens a screen from the sidebar and waits for `ready` on it.
    pub async fn open_screen(&self, screen: &str, ready: &str) -> Result<()> {
        self.click(&format!("[data-testid=nav-{screen}]")).await?;
        self.find(ready).await?;
        Ok(())
    }

    /// Starts or stops the demo workspace's provider from Settings and
    /// waits until it is so.
    pub async fn set_demo_provider(&self, running: bool) -> Result<()> {
        self.open_screen("settings", "[data-testid=demo-provider-toggle]").await?;
        let wanted = if running { "true" } else { "false" };
        if self.attr("[data-testid=demo-provider-toggle]", "data-running").await?.as_deref() != Some(wanted) {
            self.click("[data-testid=demo-provider-toggle]").await?;
        }
        self.wait_attr("[data-testid=demo-provider-toggle]", "data-running", wanted).await
    }

    /// Starts the app on an empty data folder (so it opens the demo workspace).
    pub async fn launch() -> Result<Desk> {
        let fresh = tempfile::tempdir()?;
        let mut desk = Desk::launch_on(fresh.path()).await?;
        desk._fresh_home = Some(fresh);
        Ok(desk)
    }

    /// Starts the app on an existing data folder.
    pub async fn launch_on(home: &Path) -> Result<Desk> {
        Desk::launch_with(home, Launch::default()).await
    }

    /// Starts the app on an existing data folder, as `launch` says.
    pub async fn launch_with(home: &Path, launch: Launch) -> Result<Desk> {
        let app = std::env::var("HJS_E2E_APP").context("HJS_E2E_APP must name the app binary (scripts/e2e.sh sets it)")?;
        anyhow::ensure!(Path::new(&app).exists(), "the app binary {app} does not exist: build it first (scripts/e2e.sh)");
        let port = free_port()?;
        let native_port = free_port()?;
        // The app inherits this environment through WebKitWebDriver.
        let mut driver = Command::new(std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into()));
        driver
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("HJS_HOME", home)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let application = match launch.without_keyring {
            Some(wrapper) => {
                // No keyring forced either: the app looks for one and finds none.
                driver.env("HJS_NO_KEYRING_EXEC", &app).env_remove("HJS_KEYRING");
                wrapper.to_string()
            }
            None => app,
        };
        let driver = driver.spawn().context("Failed to start tauri-driver (cargo install tauri-driver --locked)")?;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("tauri:options".into(), json!({ "application": application }));
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(error) if started.elapsed() < Duration::from_secs(30) => {
                    pause(200).await;
                    let _ = error;
                }
                Err(error) => bail!("could not open a WebDriver session on {url}: {error}"),
            }
        };
        Ok(Desk { client, driver, home: home.to_path_buf(), _fresh_home: None })
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let found = self.client.wait().at_most(PATIENCE).every(Duration::from_millis(100)).for_element(Locator::Css(css)).await;
        if found.is_err() {
            // What the window showed instead, for whoever reads the failure.
            if let Ok(png) = self.client.screenshot().await {
                let path = std::env::temp_dir().join("hjs-e2e-failure.png");
                if std::fs::write(&path, png).is_ok() {
                    eprintln!("{css} never appeared; the window as it was: {}", path.display());
                }
            }
        }
        found.with_context(|| format!("{css} never appeared"))
    }

    /// Clicks the first element matching `css`. A screen that re-renders
    /// between finding and clicking (new data arrived) replaces the
    /// element, so a failed click finds it again, a few times.
    pub async fn click(&self, css: &str) -> Result<()> {
        let mut attempt = 0;
        loop {
            match self.find(css).await?.click().await {
                Ok(_) => return Ok(()),
                Err(error) if attempt < 5 => {
                    attempt += 1;
                    eprintln!("click on {css} failed ({error}); trying again");
                    pause(300).await;
                }
                Err(error) => return Err(anyhow::Error::new(error).context(format!("could not click {css}"))),
            }
        }
    }

    /// How many elements match `css` now.
    pub async fn count(&self, css: &str) -> Result<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// The text of the first element matching `css`, waiting for it.
    pub async fn text(&self, css: &str) -> Result<String> {
        Ok(self.find(css).await?.text().await?)
    }

    /// Waits until the first element matching `css` has `attribute` = `value`.
    pub async fn wait_attr(&self, css: &str, attribute: &str, value: &str) -> Result<()> {
        let started = Instant::now();
        let mut last = None;
        while started.elapsed() < PATIENCE {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.attr(attribute).await.ok().flatten();
                if last.as_deref() == Some(value) {
                    return Ok(());
                }
            }
            pause(150).await;
        }
        bail!("{css} [{attribute}] never became {value:?} (last seen: {last:?})")
    }

    pub async fn attr(&self, css: &str, attribute: &str) -> Result<Option<String>> {
        Ok(self.find(css).await?.attr(attribute).await?)
    }

    /// Types into the first element matching `css`, replacing what it held.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let input = self.find(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Saves a PNG of the window under docs/screenshots/ once it has settled.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        pause(1_000).await;
        let png = self.client.screenshot().await?;
        // The checkout being tested (cargo sets it when the test runs; the
        // compile-time value may name another checkout sharing the target folder).
        let crate_dir =
            std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let folder = crate_dir.join("../../docs/screenshots");
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// The demo provider as the app started it.
    pub fn demo(&self) -> Result<DemoProvider> {
        let folder = self.home.join("demo");
        let state: Value = serde_json::from_slice(&std::fs::read(folder.join("state.json")).context("the demo has not started")?)?;
        let addr = state["addr"].as_str().context("the demo state names no address")?;
        Ok(DemoProvider { url: format!("http://{addr}"), database: folder.join("provider.sqlite") })
    }

    pub async fn close(mut self) -> Result<()> {
        self.client.clone().close().await.ok();
        self.driver.kill().ok();
        self.driver.wait().ok();
        Ok(())
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

async fn pause(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The demo workspace's provider, from outside the app.
#[derive(Debug, Clone)]
pub struct DemoProvider {
    pub url: String,
    pub database: PathBuf,
}

/// A signed-in HTTP client of a provider.
#[derive(Debug, Clone)]
pub struct ProviderClient {
    base: String,
    token: String,
    user_id: String,
    http: reqwest::Client,
}

impl ProviderClient {
    pub async fn sign_in(base: &str, email: &str) -> Result<ProviderClient> {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build()?;
        let answer: Value = http
            .post(format!("{base}/api/v1/auth/sign-in"))
            .json(&json!({ "email": email, "password": hjs_provider::seed::DEMO_PASSWORD }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let token = answer["token"].as_str().context("the sign-in answer has no token")?.to_string();
        let user_id = answer["user"]["_id"].as_str().context("the sign-in answer names no user")?.to_string();
        Ok(ProviderClient { base: base.to_string(), token, user_id, http })
    }

    /// The session token, for a workspace the test arranges.
    pub fn token(&self) -> &str {
        &self.token
    }

    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    pub async fn domain(&self, id: &str) -> Result<Value> {
        Ok(self
            .http
            .get(format!("{}/api/v1/domains/{id}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }

    /// A domain's zone as the provider serves it.
    pub async fn zone(&self, domain_id: &str) -> Result<Vec<Value>> {
        let page: Value = self
            .http
            .get(format!("{}/api/v1/domains/{domain_id}/dns-records?limit=500", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(page["items"].as_array().cloned().unwrap_or_default())
    }

    /// The first domain of the caller's view that has a zone served by us.
    pub async fn domain_with_zone(&self) -> Result<Value> {
        let page: Value = self
            .http
            .get(format!("{}/api/v1/domains?status=active&limit=100", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for domain in page["items"].as_array().cloned().unwrap_or_default() {
            if domain["useDefaultNameservers"] == json!(true) && !self.zone(domain["_id"].as_str().unwrap_or_default()).await?.is_empty() {
                return Ok(domain);
            }
        }
        anyhow::bail!("no active domain of the demo has a zone")
    }

    /// Any GET of the API (`/support-tickets/{id}`), as JSON.
    pub async fn get(&self, path: &str) -> Result<Value> {
        Ok(self.http.get(format!("{}/api/v1{path}", self.base)).bearer_auth(&self.token).send().await?.error_for_status()?.json().await?)
    }

    /// Changes a domain's settings as another person would, at its current version.
    pub async fn patch_domain(&self, id: &str, settings: Value) -> Result<Value> {
        let version = self.domain(id).await?["version"].as_i64().context("a domain has a version")?;
        self.patch(&format!("/domains/{id}"), version, settings).await
    }

    /// Changes a DNS record as another person would, at `version`.
    pub async fn patch_record(&self, id: &str, version: i64, record: Value) -> Result<Value> {
        self.patch(&format!("/dns-records/{id}"), version, record).await
    }

    async fn patch(&self, path: &str, version: i64, body: Value) -> Result<Value> {
        Ok(self
            .http
            .patch(format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token)
            .header("If-Match", version.to_string())
            .json(&body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }
}

/// A second provider process's worth of provider on the demo's database:
/// what "someone else changed it meanwhile" means while the app's own demo
/// provider is stopped.
pub async fn serve_on(database: &Path) -> Result<(String, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<Result<()>>)> {
    let mut config = hjs_provider::Config::new(format!("sqlite://{}?mode=rwc", database.display()));
    config.run_jobs = false;
    config.mail = hjs_provider::MailConfig::Folder(database.with_file_name("mail-e2e"));
    config.files_dir = database.with_file_name("files-e2e");
    let provider = hjs_provider::Provider::build(config).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(provider.serve(listener, async {
        let _ = stopped.await;
    }));
    Ok((url, stop, server))
}

/// Polls `check` until it holds (the provider is another process: its
/// answer arrives when it arrives); gives up after a minute.
pub async fn wait_until<F, Fut>(check: F) -> Result<()>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<bool>>,
{
    let started = Instant::now();
    loop {
        if check().await.unwrap_or(false) {
            return Ok(());
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(60), "gave up after 60 s");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
