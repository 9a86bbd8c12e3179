//! A provider on port 0 with the demo data, and a fresh cache per test.

#![allow(dead_code)]

use hjs_client::api::ProviderApi;
use hjs_client::cache::Cache;
use hjs_provider::seed::{DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_RESELLER_EMAIL};
use hjs_provider::{AppState, Config, MailConfig, Provider};
use serde_json::Value;

#[derive(Debug)]
pub struct World {
    pub url: String,
    pub state: AppState,
    pub dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for World {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl World {
    /// A provider with the demo data set.
    pub async fn start() -> World {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::new(format!("sqlite://{}?mode=rwc", dir.path().join("provider.db").display()));
        config.mail = MailConfig::Folder(dir.path().join("mail"));
        config.files_dir = dir.path().join("files");
        config.run_jobs = false;
        let provider = Provider::build(config).await.unwrap();
        hjs_provider::seed::demo(&provider.state.db, &*provider.state.files).await.unwrap();
        let state = provider.state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move { provider.serve(listener, std::future::pending()).await.unwrap() });
        World { url, state, dir, server }
    }

    pub async fn api_as(&self, email: &str) -> ProviderApi {
        let api = ProviderApi::new(&self.url, None).unwrap();
        let session = api.sign_in(email, DEMO_PASSWORD, None).await.unwrap();
        api.with_token(session.token)
    }

    pub async fn reseller(&self) -> ProviderApi {
        self.api_as(DEMO_RESELLER_EMAIL).await
    }

    pub async fn admin(&self) -> ProviderApi {
        self.api_as(DEMO_ADMIN_EMAIL).await
    }

    /// A fresh cache file in this world's folder.
    pub async fn cache(&self, name: &str) -> Cache {
        Cache::open(&self.dir.path().join(format!("{name}.db"))).await.unwrap()
    }

    /// A provider call with a token, returning status and JSON.
    pub async fn call(&self, api: &ProviderApi, method: reqwest::Method, path: &str, if_match: Option<i64>, body: Value) -> (u16, Value) {
        let token = api_token(api);
        let mut request = reqwest::Client::new().request(method, format!("{}/api/v1{path}", self.url)).bearer_auth(token).json(&body);
        if let Some(version) = if_match {
            request = request.header("If-Match", version.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn provider_doc(&self, api: &ProviderApi, path: &str) -> Value {
        self.call(api, reqwest::Method::GET, path, None, Value::Null).await.1
    }

    /// Change-log rows of documents (every write also logs its audit record).
    pub async fn change_count(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM change_log WHERE collection <> 'auditEvents'")
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }
}

pub fn api_token(api: &ProviderApi) -> String {
    api.bearer().expect("signed in").to_string()
}

/// A domain id of the reseller's view, by name.
pub async fn domain_id(cache: &Cache, name: &str) -> String {
    sqlx::query_scalar("SELECT id FROM domains WHERE domain_name = ?").bind(name).fetch_one(&cache.pool).await.unwrap()
}

pub async fn cached_domain(cache: &Cache, id: &str) -> Value {
    let body: String = sqlx::query_scalar("SELECT body FROM domains WHERE id = ?").bind(id).fetch_one(&cache.pool).await.unwrap();
    serde_json::from_str(&body).unwrap()
}

/// Some active domain of the reseller's view.
pub async fn some_active_domain(cache: &Cache) -> (String, String) {
    sqlx::query_as("SELECT id, domain_name FROM domains WHERE status = 'active' ORDER BY domain_name LIMIT 1")
        .fetch_one(&cache.pool)
        .await
        .unwrap()
}
