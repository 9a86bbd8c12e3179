//! The in-process provider the client benchmarks run against.
//!
//! Each benchmark is its own crate and includes this file with
//! `#[path = "support/mod.rs"] mod support;`, so every item here must be
//! used by every benchmark (or `dead_code` fails the build): hence one
//! builder for the provider and one function that serves it, each returning
//! only what all of them read.

use std::path::Path;

use hjs_client::api::ProviderApi;
use hjs_model::ObjectId;
use hjs_provider::accounts::auth::{self, TokenKind};
use hjs_provider::{seed, Config, MailConfig, Provider};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A provider on SQLite in `dir` (`provider.db`, mail to `dir/mail`),
/// without background jobs, so they don't compete with what is measured.
/// The caller seeds it before serving it.
pub async fn provider(dir: &Path) -> anyhow::Result<Provider> {
    let mut config = Config::new(format!("sqlite://{}?mode=rwc", dir.join("provider.db").display()));
    config.mail = MailConfig::Folder(dir.join("mail"));
    config.files_dir = dir.join("files");
    config.run_jobs = false;
    Provider::build(config).await
}

/// A provider serving on 127.0.0.1:0 until `stop` is sent, and a client
/// signed in to it as the large reseller.
pub struct Served {
    /// Signed in with an API token of the large reseller.
    pub api: ProviderApi,
    /// Send (or drop) to shut the provider down.
    pub stop: oneshot::Sender<()>,
    /// The server, finished once it has shut down.
    pub server: JoinHandle<anyhow::Result<()>>,
}

/// Issues the large reseller (seeded by `seed::generate_large`) an API token
/// named `token_name` and serves `provider` on 127.0.0.1:0.
pub async fn serve(provider: Provider, token_name: &str) -> anyhow::Result<Served> {
    let db = &provider.state.db;
    let reseller: String =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(seed::LARGE_RESELLER_EMAIL).fetch_one(&db.pool).await?;
    let reseller = ObjectId::parse(&reseller).map_err(|e| anyhow::anyhow!("reseller id: {e}"))?;
    let mut tx = db.begin_write(hjs_provider::db::Audit::Seed).await?;
    let token = auth::issue(&mut tx.tx, reseller, TokenKind::Api, Some(token_name), None).await?.token;
    tx.commit().await?;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(provider.serve(listener, async {
        let _ = stopped.await;
    }));
    let api = ProviderApi::new(&url, Some(token))?;
    Ok(Served { api, stop, server })
}
