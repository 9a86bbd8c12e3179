//! The HostJamstack provider backend: an axum HTTP API over SQLite or
//! PostgreSQL, with accounts and roles, the business areas, a change feed
//! for desktop sync and background jobs.
//!
//! # Layout
//!
//! - [`Provider`]: start-up shared by the binary, the tests and the desktop
//!   demo workspace: `Provider::build(config)` then `serve(listener)`.
//! - Business areas, each owning its `router()`, request types and queries:
//!   [`accounts`] (sign-up, sign-in, sessions, API tokens, TOTP, reset,
//!   profile, reseller clients), [`domains`], [`dns`] (records, plans,
//!   zone versions), [`email_forwarding`], [`notifications`], [`sync`]
//!   (snapshot, changes, events), [`batch`] (many writes in one request,
//!   for the desktop's outbox); the other collections' storage lives in
//!   [`collections`].
//! - Cross-cutting: [`scope`] (the one visibility rule), [`store`]
//!   (document tables + change log), [`db`] (pool, migrations, write and
//!   snapshot transactions), [`http`] (extractors, idempotency, paging),
//!   [`error`] (problem+json), [`mail`], [`files`] (attached files by
//!   content), [`jobs`], [`seed`], [`openapi`].

pub mod accounts;
pub mod batch;
pub mod collections;
pub mod config;
pub mod db;
pub mod dns;
pub mod domains;
pub mod email_forwarding;
pub mod error;
pub mod files;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod notifications;
pub mod openapi;
pub mod scope;
pub mod seed;
pub mod store;
pub mod support;
pub mod sync;

use std::sync::Arc;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::serve::ListenerExt;
use axum::Router;
use tokio::net::TcpListener;

pub use config::{Config, MailConfig};
pub use db::Db;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Arc<dyn mail::Mailer>,
    pub sign_in_limiter: Arc<accounts::limiter::SignInLimiter>,
    /// Who is on which ticket (support staff), in memory.
    pub presence: Arc<support::presence::Presence>,
    /// Attached files.
    pub files: Arc<dyn files::FileStore>,
}

/// A built provider, ready to serve.
#[derive(Debug)]
pub struct Provider {
    pub state: AppState,
}

impl Provider {
    /// Connects to the database, applies migrations and prepares the mailer.
    pub async fn build(config: Config) -> anyhow::Result<Provider> {
        let db = Db::connect(&config.database_url).await?;
        let mailer: Arc<dyn mail::Mailer> = match &config.mail {
            MailConfig::Folder(folder) => Arc::new(mail::FolderMailer::new(folder.clone())?),
            MailConfig::Smtp(url) => Arc::new(mail::SmtpMailer::new(url)?),
        };
        let files = Arc::new(files::FolderStore::new(config.files_dir.clone())?);
        let state = AppState {
            db,
            config: Arc::new(config),
            mailer,
            sign_in_limiter: Arc::new(accounts::limiter::SignInLimiter::default()),
            presence: Arc::default(),
            files,
        };
        Ok(Provider { state })
    }

    pub fn router(&self) -> Router {
        router(self.state.clone())
    }

    /// Serves on `listener` until `shutdown` resolves, running background
    /// jobs and the cross-process change follower alongside.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let follower = self.state.db.spawn_change_follower();
        let presence = support::presence::start_follower(self.state.clone()).await;
        let jobs = self.state.config.run_jobs.then(|| jobs::spawn(self.state.clone()));
        // Small answers go out at once: with Nagle's algorithm a response
        // written in two parts waits for the client's delayed ACK (≈40 ms).
        let listener = listener.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "TCP_NODELAY not set on a connection");
            }
        });
        let result = axum::serve(listener, self.router().into_make_service_with_connect_info::<std::net::SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .context("Server failed");
        follower.abort();
        presence.abort();
        if let Some(jobs) = jobs {
            jobs.abort();
        }
        result
    }
}

/// The whole API under `/api/v1`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(accounts::router())
        .merge(domains::router())
        .merge(dns::router())
        .merge(email_forwarding::router())
        .merge(notifications::router())
        .merge(support::router())
        .merge(sync::router())
        .merge(openapi::router())
        .merge(batch::router());
    Router::new()
        .nest("/api/v1", api)
        .fallback(|| async { error::ApiError::NotFound })
        .method_not_allowed_fallback(|| async { error::ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(http::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(with_request_id))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(error::ApiError::Internal(anyhow::anyhow!("handler panicked")))
        }))
        .with_state(state)
}

/// Gives each request an id (or keeps the caller's `X-Request-Id`), makes
/// it available to error mapping, and echoes it back.
async fn with_request_id(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .map(str::to_string)
        .unwrap_or_else(|| hjs_model::ObjectId::new().to_string());
    let span = tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path());
    let mut response = error::REQUEST_ID.scope(id.clone(), tracing::Instrument::instrument(next.run(request), span)).await;
    if let Ok(value) = axum::http::HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
