//! `TestApp`: a real provider on 127.0.0.1:0 with a fresh database, and
//! helpers to create users of each role and call the API as them.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use hjs_model::documents::{UserProfile, UserRole};
use hjs_model::{EmailAddress, ObjectId, Timestamp};
use hjs_provider::accounts::{password, users};
use hjs_provider::{AppState, Config, MailConfig, Provider};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;

pub const PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Declares scenarios that run on both engines:
/// `both_engines! { async fn name(app) { ... } }` makes `name::sqlite` and
/// `name::postgres` tests.
#[macro_export]
macro_rules! both_engines {
    ($($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block)*) => {
        $(
            $(#[$meta])*
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn scenario($app: $crate::common::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    scenario($crate::common::TestApp::spawn($crate::common::Engine::Sqlite).await).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(app) = $crate::common::TestApp::spawn_if_available($crate::common::Engine::Postgres).await {
                        scenario(app).await
                    }
                }
            }
        )*
    };
}

#[derive(Debug)]
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub database_url: String,
    pub mail_dir: PathBuf,
    _dir: tempfile::TempDir,
    server: tokio::task::JoinHandle<()>,
    /// The PostgreSQL database made for this app (not for a peer sharing
    /// it), dropped with it so test runs do not fill the cluster.
    own_database: Option<OwnDatabase>,
}

#[derive(Debug)]
struct OwnDatabase {
    admin_url: String,
    name: String,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        if let Some(OwnDatabase { admin_url, name }) = self.own_database.take() {
            // Drop is not async: a thread of its own runs the statement, and
            // FORCE ends the connections the app's pool still holds.
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                runtime.block_on(async {
                    use sqlx::Connection;
                    let mut admin = sqlx::PgConnection::connect(&admin_url).await.ok()?;
                    sqlx::Executor::execute(&mut admin, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await.ok()
                })
            });
            let _ = dropped.join();
        }
    }
}

/// A fresh database URL for the engine, or `None` when PostgreSQL is not
/// configured (allowed only when HJS_REQUIRE_POSTGRES is unset).
pub async fn fresh_database(engine: Engine, dir: &std::path::Path) -> Option<String> {
    match engine {
        Engine::Sqlite => Some(format!("sqlite://{}?mode=rwc", dir.join("provider.db").display())),
        Engine::Postgres => {
            let Ok(admin_url) = std::env::var("HJS_TEST_POSTGRES_URL") else {
                assert!(std::env::var("HJS_REQUIRE_POSTGRES").is_err(), "HJS_REQUIRE_POSTGRES is set but HJS_TEST_POSTGRES_URL is not");
                eprintln!("HJS_TEST_POSTGRES_URL is not set: PostgreSQL variant not run");
                return None;
            };
            use sqlx::Connection;
            let name = format!("hjs_test_{}", ObjectId::new());
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect to the PostgreSQL test cluster");
            sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str()).await.expect("create a test database");
            let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
            Some(format!("{base}/{name}"))
        }
    }
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> TestApp {
        Self::spawn_if_available(engine).await.expect("engine available")
    }

    pub async fn spawn_if_available(engine: Engine) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = fresh_database(engine, dir.path()).await?;
        let mut app = Self::spawn_on(database_url.clone(), dir).await;
        if engine == Engine::Postgres {
            let (_, name) = database_url.rsplit_once('/').expect("a database URL names its database");
            let admin_url = std::env::var("HJS_TEST_POSTGRES_URL").expect("set, since the database was made");
            app.own_database = Some(OwnDatabase { admin_url, name: name.to_string() });
        }
        Some(app)
    }

    /// A second provider process (another server on another port) on the same database.
    pub async fn spawn_peer(&self) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        Self::spawn_on(self.database_url.clone(), dir).await
    }

    async fn spawn_on(database_url: String, dir: tempfile::TempDir) -> TestApp {
        let mail_dir = dir.path().join("mail");
        let mut config = Config::new(database_url.clone());
        config.mail = MailConfig::Folder(mail_dir.clone());
        config.files_dir = dir.path().join("files");
        config.run_jobs = false;
        let provider = Provider::build(config).await.expect("provider builds");
        let state = provider.state.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            provider.serve(listener, std::future::pending()).await.expect("server runs");
        });
        let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
        TestApp { base, client, state, database_url, mail_dir, _dir: dir, server, own_database: None }
    }

    /// Where this app keeps attached files.
    pub fn files_dir(&self) -> PathBuf {
        self.state.config.files_dir.clone()
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let mut request = self.client.request(method, format!("{}{}", self.base, path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token)).send().await.expect("request sent")
    }

    pub async fn get_json(&self, path: &str, token: &str) -> Value {
        let response = self.get(path, token).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.unwrap()
    }

    /// A write with `If-Match`, answering its JSON body whatever the status.
    pub async fn write_json(&self, method: Method, path: &str, token: &str, if_match: &str, body: &Value) -> Value {
        self.request(method, path, Some(token)).header("If-Match", if_match).json(body).send().await.unwrap().json().await.unwrap()
    }

    /// Creates a user of `role` directly in the database and signs them in
    /// over HTTP.
    pub async fn user(&self, role: UserRole, reseller: Option<&TestUser>) -> TestUser {
        let email = format!("{}-{}@example.com", role.as_str(), ObjectId::new());
        let hash = password::hash(password::NewPassword::parse(PASSWORD).unwrap()).await.unwrap();
        let mut tx = self.state.db.begin_write(hjs_provider::db::Audit::Seed).await.unwrap();
        let user = users::create(
            &mut tx,
            users::NewUser {
                email: EmailAddress::parse(&email).unwrap(),
                password_hash: hash,
                first_name: "Test".into(),
                last_name: role.as_str().into(),
                role,
                reseller_id: reseller.map(|r| r.id),
                email_verified: true,
                profile: UserProfile::default(),
                created_at: Timestamp::now(),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let token = self.sign_in(&email, PASSWORD).await;
        TestUser { id: user.id, email, token, role }
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let response = self
            .request(Method::POST, "/auth/sign-in", None)
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "sign-in of {email}: {}", response.text().await.unwrap_or_default());
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_string()
    }

    /// Counts rows of a table, for "nothing was written" assertions.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.state.db.pool).await.unwrap()
    }

    /// Change-log rows of documents, leaving out the audit records that
    /// every write also appends.
    pub async fn document_changes(&self) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM change_log WHERE collection <> 'auditEvents'")
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
    }

    /// The .eml files written so far, as text.
    pub fn mails(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.mail_dir) else { return vec![] };
        let mut mails: Vec<(std::time::SystemTime, String)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .map(|e| (e.metadata().and_then(|m| m.modified()).unwrap(), std::fs::read_to_string(e.path()).unwrap()))
            .collect();
        mails.sort();
        mails.into_iter().map(|(_, text)| text).collect()
    }
}

#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: ObjectId,
    pub email: String,
    pub token: String,
    pub role: UserRole,
}

/// Builders for documents owned by a test user, stored through the same
/// write path the API uses (so the change feed sees them).
pub mod docs {
    use hjs_model::documents::domains::default_nameservers;
    use hjs_model::documents::{Domain, DomainStatus, Notification, NotificationType};
    use hjs_model::{Amount, Currency, DomainName, ObjectId, Timestamp};

    use super::{TestApp, TestUser};

    pub fn domain(owner: &TestUser, name: &str, expires_in_days: i64) -> Domain {
        let now = Timestamp::now();
        Domain {
            id: ObjectId::new(),
            domain_name: DomainName::parse(name).expect("test domain name"),
            user_id: owner.id,
            registration_date: now.minus(chrono::Duration::days(365)),
            expiration_date: now.plus(chrono::Duration::days(expires_in_days)),
            auto_renew: true,
            registration_period: 1,
            is_premium: false,
            status: DomainStatus::Active,
            registrar: "name.com".into(),
            registrar_domain_id: Some(format!("ext-{name}")),
            nameservers: default_nameservers(),
            use_default_nameservers: true,
            purchase_price: Amount::from_minor(1299).unwrap(),
            renewal_price: Amount::from_minor(1499).unwrap(),
            currency: Currency::EUR,
            whois_privacy: true,
            transfer_lock: true,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    pub fn notification(owner: &TestUser, title: &str) -> Notification {
        Notification {
            id: ObjectId::new(),
            user_id: owner.id,
            notification_type: NotificationType::DnsChanged,
            title: title.into(),
            message: format!("{title} message"),
            is_read: false,
            email_sent: false,
            sent_at: None,
            created_at: Timestamp::now(),
            version: 1,
        }
    }

    impl TestApp {
        /// Stores a domain through the provider's write path.
        pub async fn store<D: hjs_provider::store::Stored>(&self, doc: &D) {
            let mut tx = self.state.db.begin_write(hjs_provider::db::Audit::Seed).await.unwrap();
            tx.insert(doc).await.unwrap();
            tx.commit().await.unwrap();
        }

        pub async fn add_domain(&self, owner: &TestUser, name: &str, expires_in_days: i64) -> Domain {
            let domain = domain(owner, name, expires_in_days);
            self.store(&domain).await;
            domain
        }
    }
}
