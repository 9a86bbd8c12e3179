//! `hjs` end to end: a real provider in-process on 127.0.0.1, a fresh
//! SQLite database seeded with the demo data, and the built binary run with
//! its own HJS_HOME per test and the kernel session keyring alone
//! (HJS_KEYRING=session: never the user's persistent keyring; run inside
//! `keyctl session - cargo test -p hjs-cli`).
//!
//! Golden files live in tests/golden/; `UPDATE_GOLDEN=1 cargo test -p
//! hjs-cli` rewrites them from the current output.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use hjs_provider::seed::{DEMO_PASSWORD, DEMO_RESELLER_EMAIL};
use hjs_provider::{AppState, Config, MailConfig, Provider};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

const HARBOR_EMAIL: &str = "harbor@demo.hostjamstack.com";
const LENA_EMAIL: &str = "lena.mueller@demo.hostjamstack.com";
/// A Northwind client's domain with auto-renew, lock and privacy on.
const DOMAIN: &str = "carter-plumbing.net";

// ---------------------------------------------------------------- harness

/// The provider, on a port that stays the same across stop and restart
/// (the workspace remembers the URL).
struct TestProvider {
    state: AppState,
    port: u16,
    server: Option<JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl TestProvider {
    async fn start() -> TestProvider {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = Config::new(format!("sqlite://{}?mode=rwc", dir.path().join("provider.db").display()));
        config.mail = MailConfig::Folder(dir.path().join("mail"));
        config.files_dir = dir.path().join("files");
        config.run_jobs = false;
        let provider = Provider::build(config).await.expect("provider builds");
        hjs_provider::seed::demo(&provider.state.db, &*provider.state.files).await.expect("demo data loads");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
        let port = listener.local_addr().expect("local address").port();
        let mut this = TestProvider { state: provider.state, port, server: None, _dir: dir };
        this.serve(listener);
        this
    }

    fn serve(&mut self, listener: TcpListener) {
        let provider = Provider { state: self.state.clone() };
        self.server = Some(tokio::spawn(async move {
            provider.serve(listener, std::future::pending()).await.expect("server runs");
        }));
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stops listening: new connections are refused.
    async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
    }

    /// Listens again on the same port, with the same database.
    async fn restart(&mut self) {
        for _ in 0..50 {
            if let Ok(listener) = TcpListener::bind(("127.0.0.1", self.port)).await {
                self.serve(listener);
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("port {} did not come free", self.port);
    }

    /// A domain as the provider has it.
    async fn domain(&self, name: &str) -> Value {
        let body: String = sqlx::query_scalar("SELECT body FROM domains WHERE domain_name = $1")
            .bind(name)
            .fetch_one(&self.state.db.pool)
            .await
            .expect("domain in the provider's database");
        serde_json::from_str(&body).expect("domain JSON")
    }

    async fn notification(&self, id: &str) -> Value {
        let body: String = sqlx::query_scalar("SELECT body FROM notifications WHERE id = $1")
            .bind(id)
            .fetch_one(&self.state.db.pool)
            .await
            .expect("notification");
        serde_json::from_str(&body).expect("notification JSON")
    }

    /// A domain's DNS records as the provider has them.
    async fn dns_records(&self, domain: &str) -> Vec<Value> {
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT body FROM dns_records WHERE domain_id = (SELECT id FROM domains WHERE domain_name = $1)")
                .bind(domain)
                .fetch_all(&self.state.db.pool)
                .await
                .expect("DNS records");
        bodies.iter().map(|body| serde_json::from_str(body).expect("record JSON")).collect()
    }

    /// Whether the provider has a record of this type, name and value.
    async fn has_record(&self, domain: &str, record_type: &str, name: &str, value: &str) -> bool {
        self.dns_records(domain).await.iter().any(|r| r["type"] == record_type && r["name"] == name && r["value"] == value)
    }

    /// How many domains the Northwind reseller may see: its own and its clients'.
    async fn reseller_domain_count(&self) -> i64 {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM domains WHERE owner_id IN \
             (SELECT id FROM users WHERE email = $1 OR reseller_id = (SELECT id FROM users WHERE email = $1))",
        )
        .bind(DEMO_RESELLER_EMAIL)
        .fetch_one(&self.state.db.pool)
        .await
        .expect("count")
    }
}

impl Drop for TestProvider {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// What one `hjs` run did.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    #[track_caller]
    fn ok(self) -> Run {
        assert_eq!(self.code, 0, "hjs failed\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    #[track_caller]
    fn exit(self, code: i32) -> Run {
        assert_eq!(self.code, code, "unexpected exit code\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// One person's machine: an HJS_HOME of its own.
struct Hjs {
    home: tempfile::TempDir,
}

impl Hjs {
    fn new() -> Hjs {
        Hjs { home: tempfile::tempdir().expect("temp dir") }
    }

    fn command(&self, args: &[&str]) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_hjs"));
        command
            .args(args)
            .env("HJS_HOME", self.home.path())
            .env("HJS_KEYRING", "session")
            .env_remove("HJS_PASSWORD")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        command
    }

    async fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = self.command(args).spawn().expect("hjs starts");
        let mut input = child.stdin.take().expect("stdin");
        input.write_all(stdin.as_bytes()).await.expect("write stdin");
        drop(input);
        let output = tokio::time::timeout(Duration::from_secs(120), child.wait_with_output())
            .await
            .unwrap_or_else(|_| panic!("hjs {args:?} did not finish"))
            .expect("hjs runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        }
    }

    async fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, "").await
    }

    async fn login(&self, provider: &TestProvider, email: &str) -> Run {
        self.run_with_stdin(&["login", "--provider", &provider.url(), "--email", email, "--password-stdin"], &format!("{DEMO_PASSWORD}\n"))
            .await
    }

    /// `hjs status --json`'s status part.
    async fn status(&self) -> Value {
        self.run(&["status", "--json"]).await.ok().json()["status"].clone()
    }

    async fn outbox(&self) -> Vec<Value> {
        self.run(&["outbox", "list", "--json"]).await.ok().json().as_array().expect("outbox array").clone()
    }

    async fn domain(&self, name: &str) -> Value {
        self.run(&["domains", "show", name, "--json"]).await.ok().json()["domain"].clone()
    }
}

/// Replaces what changes from run to run: the provider's address, and
/// times (domain expirations follow the seeding moment, syncs the clock).
/// Times keep their shape and width (`YYYY-MM-DDThh:mm:ss.fffZ`), so
/// tables stay aligned.
fn normalize(text: &str, provider: &TestProvider) -> String {
    let text = text.replace(&provider.url(), "<provider>").replace(&format!("127.0.0.1:{}", provider.port), "<host>");
    let bytes = text.as_bytes();
    let digits = |from: usize, n: usize| bytes.get(from..from + n).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| bytes.get(i) == Some(&c);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        // YYYY-MM-DD, then maybe [T ]hh:mm, :ss, .fff, Z
        if digits(i, 4) && at(i + 4, b'-') && digits(i + 5, 2) && at(i + 7, b'-') && digits(i + 8, 2) {
            out.push_str("YYYY-MM-DD");
            i += 10;
            if (at(i, b'T') || at(i, b' ')) && digits(i + 1, 2) && at(i + 3, b':') && digits(i + 4, 2) {
                out.push(bytes[i] as char);
                out.push_str("hh:mm");
                i += 6;
                if at(i, b':') && digits(i + 1, 2) {
                    out.push_str(":ss");
                    i += 3;
                }
                if at(i, b'.') {
                    out.push('.');
                    i += 1;
                    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                        out.push('f');
                        i += 1;
                    }
                }
            }
            continue;
        }
        let c = text[i..].chars().next().expect("a char");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// This crate's folder in the checkout being tested. Read when the test runs
/// (cargo sets it): a test binary built in a target folder shared with
/// another checkout must not read that checkout's files.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// Compares with tests/golden/NAME, or rewrites it when UPDATE_GOLDEN is set.
#[track_caller]
fn golden(name: &str, actual: &str) {
    let path: PathBuf = manifest_dir().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing: run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        actual == expected,
        "output differs from {} (UPDATE_GOLDEN=1 rewrites it)\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// `hjs status` text as key → value.
fn status_lines(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let (key, value) = line.split_once("  ")?;
            Some((key.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

// ---------------------------------------------------------------- tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_downloads_the_account_and_domains_list_shows_the_resellers_domains() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    let login = hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    assert!(login.stdout.starts_with("signed in as reseller@demo.hostjamstack.com (reseller) on http://127.0.0.1:"), "{}", login.stdout);
    assert_eq!(login.stdout.lines().count(), 1, "a one-line summary: {}", login.stdout);
    assert!(!login.stderr.contains(DEMO_PASSWORD) && !login.stdout.contains(DEMO_PASSWORD), "the password is never echoed");

    let json = hjs.run(&["domains", "list", "--json"]).await.ok();
    let domains = json.json();
    let domains = domains.as_array().expect("a JSON array");
    assert_eq!(domains.len() as i64, provider.reseller_domain_count().await);
    let names: Vec<&str> = domains.iter().filter_map(|d| d["displayName"].as_str()).collect();
    assert!(names.contains(&"northwind.dev") && names.contains(&"bäckerei-müller.de") && names.contains(&DOMAIN), "{names:?}");
    assert!(!names.contains(&"brightpath.io"), "a direct customer's domain is not the reseller's");
    assert!(!names.contains(&"harborwebpartners.com"), "another reseller's domain is not the reseller's");
    golden("domains_list.json", &normalize(&json.stdout, &provider));

    let csv = hjs.run(&["domains", "list", "--csv"]).await.ok();
    assert!(csv.stdout.starts_with("id,domain_name,display_name,status,expiration_date,auto_renew,owner_email,owner_name,queued_edits\n"));
    assert_eq!(csv.stdout.lines().count(), domains.len() + 1, "a header row, then one row per domain");
    golden("domains_list.csv", &normalize(&csv.stdout, &provider));

    let table = hjs.run(&["domains", "list"]).await.ok();
    golden("domains_list.txt", &normalize(&table.stdout, &provider));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_shows_a_synced_workspace_with_nothing_queued() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let status = hjs.run(&["status"]).await.ok();
    golden("status.txt", &normalize(&status.stdout, &provider));
    let lines = status_lines(&status.stdout);
    assert_eq!(lines["connection"], "online");
    assert_eq!(lines["pending"], "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_name_server_is_refused_with_exit_3_naming_the_field_and_nothing_is_queued() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let refused = hjs.run(&["domains", "set", DOMAIN, "--nameservers", "ns1.example.net,not a host"]).await.exit(3);
    assert_eq!(refused.stdout, "", "nothing is reported as queued");
    golden("error_invalid_nameserver.txt", &refused.stderr);
    assert_eq!(refused.stderr.lines().count(), 1, "one line");
    assert!(hjs.outbox().await.is_empty());
    assert_eq!(hjs.status().await["pending"], 0);
    assert_eq!(hjs.domain(DOMAIN).await["nameservers"], provider.domain(DOMAIN).await["nameservers"], "the cache shows no change");

    let empty = hjs.run(&["domains", "set", DOMAIN]).await.exit(3);
    assert_eq!(empty.stderr, "error: nothing to change\n");
    let both = hjs.run(&["domains", "set", DOMAIN, "--nameservers", "ns1.example.net"]).await.exit(3);
    assert!(both.stderr.starts_with("error: nameservers: a domain needs between 2 and 13 name servers"), "{}", both.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_provider_reads_work_and_edits_wait_in_the_outbox_until_sync_sends_them() {
    let mut provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let online_list = hjs.run(&["domains", "list", "--csv"]).await.ok().stdout;
    assert_eq!(provider.domain(DOMAIN).await["autoRenew"], true);

    provider.stop().await;
    assert_eq!(hjs.run(&["domains", "list", "--csv"]).await.ok().stdout, online_list, "the same list from the cache");
    let queued = hjs.run(&["domains", "set", DOMAIN, "--auto-renew", "off"]).await.ok();
    assert_eq!(queued.stdout, format!("queued: {DOMAIN}: auto-renew off\nqueued: will be sent when the provider is reachable\n"));
    assert_eq!(hjs.domain(DOMAIN).await["autoRenew"], false, "shown at once");
    let status = hjs.status().await;
    assert_eq!((status["pending"].as_i64(), status["connection"].as_str()), (Some(1), Some("offline")));
    let text = status_lines(&hjs.run(&["status"]).await.ok().stdout);
    assert_eq!((text["pending"].as_str(), text["connection"].as_str()), ("1", "offline"));
    let outbox = hjs.outbox().await;
    assert_eq!((outbox.len(), outbox[0]["status"].as_str()), (1, Some("pending")));

    let offline = hjs.run(&["sync"]).await.exit(5);
    assert!(offline.stderr.starts_with("error: the provider is unreachable"), "{}", offline.stderr);
    assert_eq!(provider.domain(DOMAIN).await["autoRenew"], true, "nothing reached the provider");

    provider.restart().await;
    let synced = hjs.run(&["sync"]).await.ok();
    assert!(synced.stdout.contains(": 1 edit sent, 0 pending, 0 conflicts, 0 failed"), "{}", synced.stdout);
    assert_eq!(provider.domain(DOMAIN).await["autoRenew"], false, "the provider has the change");
    let status = hjs.status().await;
    assert_eq!((status["pending"].as_i64(), status["connection"].as_str()), (Some(0), Some("online")));
    assert!(hjs.outbox().await.is_empty());
    assert_eq!(hjs.domain(DOMAIN).await["version"], provider.domain(DOMAIN).await["version"], "the cache holds the provider's version");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_sent_while_online_reaches_the_provider_at_once() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let sent = hjs.run(&["domains", "set", DOMAIN, "--lock", "off", "--nameservers", "ns1.example.net, ns2.example.net"]).await.ok();
    assert!(sent.stdout.ends_with("sent: the provider accepted it\n"), "{}", sent.stdout);
    let domain = provider.domain(DOMAIN).await;
    assert_eq!(domain["transferLock"], false);
    assert_eq!(domain["nameservers"], serde_json::json!(["ns1.example.net", "ns2.example.net"]));
    assert_eq!(domain["useDefaultNameservers"], false);

    hjs.run(&["domains", "set", DOMAIN, "--default-nameservers"]).await.ok();
    assert_eq!(provider.domain(DOMAIN).await["useDefaultNameservers"], true);
    assert!(hjs.outbox().await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_that_conflicts_shows_theirs_beside_mine_and_sync_exits_7() {
    let mut provider = TestProvider::start().await;
    let (mine, theirs) = (Hjs::new(), Hjs::new());
    mine.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    theirs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();

    provider.stop().await;
    mine.run(&["domains", "set", DOMAIN, "--lock", "off"]).await.ok();
    provider.restart().await;
    theirs.run(&["domains", "set", DOMAIN, "--lock", "on", "--auto-renew", "off"]).await.ok();

    let sync = mine.run(&["sync"]).await.exit(7);
    assert_eq!(sync.stderr, "error: 1 conflict and 0 failed edits need attention: hjs outbox list\n");
    let entries = mine.outbox().await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["status"], "conflict");
    assert_eq!(entries[0]["theirs"]["autoRenew"], false);
    let id = entries[0]["id"].as_str().expect("entry id").to_string();

    let list = mine.run(&["outbox", "list"]).await.ok().stdout;
    assert!(list.contains(&format!("conflict {id} on {DOMAIN}")), "{list}");
    let row = list.lines().find(|line| line.contains("transferLock")).expect("a transferLock row");
    let cells: Vec<&str> = row.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells, ["transferLock", "true", "false"], "theirs, then mine");

    let retried = mine.run(&["outbox", "retry", &id]).await.ok();
    assert!(retried.stdout.ends_with("sent: the provider accepted it\n"), "{}", retried.stdout);
    let domain = provider.domain(DOMAIN).await;
    assert_eq!((domain["transferLock"].as_bool(), domain["autoRenew"].as_bool()), (Some(false), Some(false)), "mine on top of theirs");
    mine.run(&["sync"]).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discarding_a_queued_edit_shows_the_providers_version_again() {
    let mut provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    provider.stop().await;
    hjs.run(&["domains", "set", DOMAIN, "--privacy", "off"]).await.ok();
    assert_eq!(hjs.domain(DOMAIN).await["whoisPrivacy"], false);
    let id = hjs.outbox().await[0]["id"].as_str().expect("entry id").to_string();
    let discarded = hjs.run(&["outbox", "discard", &id]).await.ok();
    assert_eq!(discarded.stdout, format!("discarded: {DOMAIN}: WHOIS privacy off; it shows the provider's version again\n"));
    assert_eq!(hjs.domain(DOMAIN).await["whoisPrivacy"], true);
    assert!(hjs.outbox().await.is_empty());
    hjs.run(&["outbox", "discard", &id]).await.exit(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_domains_notifications_and_entries_exit_4() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let show = hjs.run(&["domains", "show", "no-such-domain.example"]).await.exit(4);
    assert_eq!(show.stderr, "error: domain no-such-domain.example not found\n");
    hjs.run(&["domains", "set", "no-such-domain.example", "--auto-renew", "on"]).await.exit(4);
    hjs.run(&["domains", "show", "brightpath.io"]).await.exit(4); // exists, but not in this account's view
    hjs.run(&["notifications", "read", "000000000000000000000000"]).await.exit(4);
    hjs.run(&["outbox", "retry", "000000000000000000000000"]).await.exit(4);
    hjs.run(&["workspace", "use", "nobody"]).await.exit(4);
    assert!(hjs.outbox().await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_logout_reads_still_work_and_sync_exits_6_until_the_next_login() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    hjs.run(&["logout"]).await.ok();
    let list = hjs.run(&["domains", "list", "--json"]).await.ok().json();
    assert_eq!(list.as_array().map(Vec::len), Some(provider.reseller_domain_count().await as usize));
    let sync = hjs.run(&["sync"]).await.exit(6);
    assert!(sync.stderr.starts_with("error: sign in again"), "{}", sync.stderr);
    assert_eq!(hjs.status().await["connection"], "signed_out");
    // An edit made while signed out waits for the next sign-in.
    let queued = hjs.run(&["domains", "set", DOMAIN, "--auto-renew", "off"]).await.exit(6);
    assert!(queued.stderr.contains("the edit stays queued"), "{}", queued.stderr);
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    hjs.run(&["sync"]).await.ok();
    assert_eq!(provider.domain(DOMAIN).await["autoRenew"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_the_workspace_forgets_its_token_and_commands_ask_to_sign_in() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let workspaces = hjs.run(&["workspace", "list", "--json"]).await.ok().json();
    let id = workspaces[0]["id"].as_str().expect("workspace id").to_string();
    let key = format!("keyring-rs:{id}@hostjamstack-desk");
    let in_keyring = || async {
        tokio::process::Command::new("keyctl").args(["search", "@s", "user", &key]).output().await.expect("keyctl runs").status.success()
    };
    assert!(in_keyring().await, "the session token is in the keyring");

    let removed = hjs.run(&["workspace", "remove", &id]).await.ok();
    assert!(removed.stdout.starts_with("removed \"reseller@demo.hostjamstack.com @ 127.0.0.1:"), "{}", removed.stdout);
    assert!(!in_keyring().await, "the token is forgotten");
    assert_eq!(hjs.run(&["workspace", "list", "--json"]).await.ok().json(), serde_json::json!([]));
    let list = hjs.run(&["domains", "list"]).await.exit(6);
    assert_eq!(list.stderr, "error: no workspace yet: sign in first (hjs login)\n");
    hjs.run(&["status"]).await.exit(6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_exits_6_and_creates_no_workspace() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    let refused = hjs
        .run_with_stdin(&["login", "--provider", &provider.url(), "--email", DEMO_RESELLER_EMAIL, "--password-stdin"], "not-the-password\n")
        .await
        .exit(6);
    assert_eq!(refused.stderr, "error: sign-in refused: e-mail or password is wrong\n");
    assert_eq!(hjs.run(&["workspace", "list"]).await.ok().stdout, "no workspaces yet: hjs login --provider URL --email EMAIL\n");
    let no_password = hjs.run(&["login", "--provider", &provider.url(), "--email", DEMO_RESELLER_EMAIL]).await.exit(2);
    assert!(no_password.stderr.starts_with("error: no password"), "{}", no_password.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_marked_read_reach_the_provider() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, LENA_EMAIL).await.ok();
    let unread = hjs.run(&["notifications", "--unread", "--json"]).await.ok().json();
    let unread = unread.as_array().expect("array").clone();
    assert!(!unread.is_empty(), "Lena has unread notifications");
    assert!(unread.iter().all(|n| n["isRead"] == false));
    let id = unread[0]["id"].as_str().expect("id").to_string();

    let read = hjs.run(&["notifications", "read", &id]).await.ok();
    assert!(read.stdout.ends_with("sent: the provider accepted it\n"), "{}", read.stdout);
    assert_eq!(provider.notification(&id).await["isRead"], true);
    let after = hjs.run(&["notifications", "--unread", "--json"]).await.ok().json();
    assert!(after.as_array().expect("array").iter().all(|n| n["id"] != id.as_str()));

    hjs.run(&["notifications", "unread", &id]).await.ok();
    assert_eq!(provider.notification(&id).await["isRead"], false);
    let table = hjs.run(&["notifications"]).await.ok().stdout;
    assert!(table.contains(&id) && table.contains("TITLE"), "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reseller_sees_only_notifications_addressed_to_it() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let list = hjs.run(&["notifications", "--json"]).await.ok().json();
    let titles: Vec<&str> = list.as_array().expect("array").iter().filter_map(|n| n["title"].as_str()).collect();
    let own: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE owner_id = (SELECT id FROM users WHERE email = $1)")
        .bind(DEMO_RESELLER_EMAIL)
        .fetch_one(&provider.state.db.pool)
        .await
        .expect("count");
    assert_eq!(titles.len() as i64, own, "{titles:?}");
    assert!(titles.contains(&"Client domains expiring"), "{titles:?}");
    assert!(!titles.contains(&"Domain expiring tomorrow"), "a client's notification is the client's: {titles:?}");

    // The cache does hold the clients' notifications (they are in the reseller's sync view).
    let id = hjs.run(&["workspace", "list", "--json"]).await.ok().json()[0]["id"].as_str().expect("workspace id").to_string();
    let cache = hjs.home.path().join("workspaces").join(id).join("cache.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", cache.display())).await.expect("open the cache");
    let cached: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications").fetch_one(&pool).await.expect("count");
    assert!(cached > own, "{cached} cached, {own} own");
    let clients: String = sqlx::query_scalar("SELECT id FROM notifications WHERE user_id <> ? LIMIT 1")
        .bind(hjs.run(&["workspace", "list", "--json"]).await.ok().json()[0]["userId"].as_str().expect("user id"))
        .fetch_one(&pool)
        .await
        .expect("a client's notification");
    let refused = hjs.run(&["notifications", "read", &clients]).await.exit(4);
    assert_eq!(refused.stderr, format!("error: notification {clients} not found\n"));
    assert!(hjs.outbox().await.is_empty(), "nothing queued for someone else's notification");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn domain_filters_narrow_the_list() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let list = |args: &'static [&'static str]| {
        let hjs = &hjs;
        async move {
            let mut all = vec!["domains", "list", "--json"];
            all.extend_from_slice(args);
            hjs.run(&all).await.ok().json().as_array().expect("array").clone()
        }
    };
    let names = |domains: &[Value]| domains.iter().map(|d| d["domainName"].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>();

    let expired = list(&["--status", "expired"]).await;
    assert_eq!(names(&expired), ["carter-emergency.com", "carterandsons.us"]);
    let off = list(&["--auto-renew", "off"]).await;
    assert!(!off.is_empty() && off.iter().all(|d| d["autoRenew"] == false));
    let search = list(&["--search", "LOTUS"]).await;
    assert_eq!(names(&search), ["lotus-retreats.org", "lotus-yoga-studio.com", "lotusyoga.app", "lotusyoga.co.uk"]);
    let unicode = list(&["--search", "müller"]).await;
    assert_eq!(names(&unicode), ["xn--bckerei-mller-bfb28a.de"]);
    let soon = list(&["--expiring", "7d", "--sort", "expires"]).await;
    assert_eq!(names(&soon), ["baeckerei-mueller.de", "xn--bckerei-mller-bfb28a.de", "carterplumbing.com"]);
    assert_eq!(list(&["--limit", "2"]).await.len(), 2);
    hjs.run(&["domains", "list", "--status", "sleeping"]).await.exit(2);
    hjs.run(&["domains", "list", "--expiring", "soon"]).await.exit(2);
    hjs.run(&["domains", "list", "--json", "--csv"]).await.exit(2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn domains_show_prints_the_settings_and_dns_records() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let show = hjs.run(&["domains", "show", "BÄCKEREI-MÜLLER.DE."]).await.ok().stdout;
    let lines = status_lines(&show);
    assert_eq!(lines["domain"], "bäckerei-müller.de (xn--bckerei-mller-bfb28a.de)");
    assert_eq!(lines["owner"], format!("Lena Müller <{LENA_EMAIL}>"));
    assert_eq!(lines["name servers"], "ns1.hostjamstack.com, ns2.hostjamstack.com (default)");
    assert!(show.contains("TYPE") && show.contains("ns1.hostjamstack.com"), "{show}");
    let json = hjs.run(&["domains", "show", "xn--bckerei-mller-bfb28a.de", "--json"]).await.ok().json();
    assert_eq!(json["domain"]["domainName"], "xn--bckerei-mller-bfb28a.de");
    assert!(json["dnsRecords"].as_array().is_some_and(|records| !records.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_domains_accounts_and_tickets_without_the_provider() {
    let mut provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    provider.stop().await;
    let hits = hjs.run(&["search", "carter", "--json"]).await.ok().json();
    let hits = hits.as_array().expect("array");
    let kinds = |kind: &str| {
        hits.iter().filter(|h| h["kind"] == kind).map(|h| h["name"].as_str().unwrap_or_default().to_string()).collect::<Vec<_>>()
    };
    assert!(kinds("domain").contains(&"carterplumbing.com".to_string()), "{hits:?}");
    assert!(kinds("account").contains(&"james.carter@demo.hostjamstack.com".to_string()), "{hits:?}");
    let renewal = hjs.run(&["search", "renewal charge", "--json"]).await.ok().json();
    let ticket = renewal.as_array().expect("array").iter().find(|h| h["kind"] == "ticket").expect("a ticket hit");
    assert_eq!(ticket["detail"].as_str().map(|d| d.starts_with("Renewal charge failed for carterandsons.us")), Some(true), "{ticket}");
    let table = hjs.run(&["search", "carter"]).await.ok().stdout;
    assert!(table.contains("KIND") && table.contains("carterplumbing.com"), "{table}");
    let nothing = hjs.run(&["search", "zzzz-nothing-like-this"]).await.ok().stdout;
    assert_eq!(nothing, "nothing matches 'zzzz-nothing-like-this'\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspaces_are_listed_and_switched_between_accounts() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.run_with_stdin(
        &["login", "--provider", &provider.url(), "--email", DEMO_RESELLER_EMAIL, "--password-stdin", "--name", "northwind"],
        &format!("{DEMO_PASSWORD}\n"),
    )
    .await
    .ok();
    hjs.run_with_stdin(
        &["login", "--provider", &provider.url(), "--email", HARBOR_EMAIL, "--password-stdin", "--name", "harbor"],
        &format!("{DEMO_PASSWORD}\n"),
    )
    .await
    .ok();
    let list = hjs.run(&["workspace", "list", "--json"]).await.ok().json();
    let rows: Vec<(bool, &str)> =
        list.as_array().expect("array").iter().map(|w| (w["current"] == true, w["name"].as_str().unwrap_or_default())).collect();
    assert_eq!(rows, [(false, "northwind"), (true, "harbor")]);
    let table = hjs.run(&["workspace", "list"]).await.ok().stdout;
    assert!(table.lines().any(|l| l.contains("* ") && l.contains("harbor")), "{table}");

    let harbor = hjs.run(&["domains", "list", "--json"]).await.ok().json();
    assert!(harbor.as_array().expect("array").iter().any(|d| d["domainName"] == "harborwebpartners.com"));
    hjs.run(&["workspace", "use", "northwind"]).await.ok();
    let northwind = hjs.run(&["domains", "list", "--json"]).await.ok().json();
    assert_eq!(northwind.as_array().map(Vec::len), Some(provider.reseller_domain_count().await as usize));

    // Signing in again keeps the name it was given.
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let names: Vec<String> = hjs
        .run(&["workspace", "list", "--json"])
        .await
        .ok()
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|w| w["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["northwind", "harbor"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_watch_follows_the_providers_changes_and_stops_on_ctrl_c() {
    let provider = TestProvider::start().await;
    let (watcher, editor) = (Hjs::new(), Hjs::new());
    watcher.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    editor.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    watcher.run(&["sync"]).await.ok();
    let seq = watcher.status().await["seq"].as_i64().expect("seq");

    let mut child = watcher.command(&["sync", "--watch"]).spawn().expect("hjs starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut next_line = async || {
        tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("a status line in time")
            .expect("read")
            .expect("a line")
    };
    let first = next_line().await;
    assert!(first.contains(&format!("online seq {seq} pending 0")), "{first}");

    editor.run(&["domains", "set", DOMAIN, "--auto-renew", "off"]).await.ok();
    let second = next_line().await;
    assert!(second.contains(" online seq ") && !second.contains(&format!("seq {seq} ")), "a newer seq: {second}");

    let pid = child.id().expect("pid").to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().expect("kill runs").success());
    let status = tokio::time::timeout(Duration::from_secs(15), child.wait()).await.expect("stops in time").expect("exit status");
    assert_eq!(status.code(), Some(0));
    assert_eq!(watcher.domain(DOMAIN).await["autoRenew"], false, "the change was pulled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_lists_the_exit_codes_and_usage_errors_exit_2() {
    let hjs = Hjs::new();
    let help = hjs.run(&["--help"]).await.ok().stdout;
    for line in ["Exit codes:", "3  invalid input", "5  offline", "6  sign-in required", "7  needs attention"] {
        assert!(help.contains(line), "--help lacks {line:?}:\n{help}");
    }
    hjs.run(&["domains", "frobnicate"]).await.exit(2);
    hjs.run(&["domains", "set", DOMAIN, "--auto-renew", "maybe"]).await.exit(2);
    hjs.run(&["domains", "set", DOMAIN, "--nameservers", "a.example,b.example", "--default-nameservers"]).await.exit(2);
    let readme = std::fs::read_to_string(manifest_dir().join("README.md")).expect("README");
    assert!(readme.contains("| 7 |"), "the README lists the exit codes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_added_reaches_the_provider_a_bad_address_exits_3_and_the_export_passes_named_checkzone() {
    let checker = std::path::Path::new("/usr/bin/named-checkzone");
    assert!(checker.exists(), "this test needs named-checkzone at {} (apt-get install bind9-utils)", checker.display());
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();

    let added = hjs.run(&["dns", "add", DOMAIN, "a", "shop", "198.51.100.9", "--ttl", "600", "--comment", "the web shop"]).await.ok();
    assert!(added.stdout.ends_with("sent: the provider accepted it\n"), "{}", added.stdout);
    assert!(provider.has_record(DOMAIN, "A", "shop", "198.51.100.9").await, "the provider has the record");
    let listed = hjs.run(&["dns", "list", DOMAIN, "--json"]).await.ok().json();
    let shop = listed.as_array().expect("rows").iter().find(|r| r["name"] == "shop").expect("the new record is listed").clone();
    assert_eq!((shop["ttl"].as_u64(), shop["comment"].as_str(), shop["queued"].as_bool()), (Some(600), Some("the web shop"), Some(false)));

    let refused = hjs.run(&["dns", "add", DOMAIN, "A", "bad", "999.1.1.1"]).await.exit(3);
    assert!(refused.stderr.starts_with("error: value: "), "the field is named: {}", refused.stderr);
    assert!(refused.stdout.is_empty() && hjs.outbox().await.is_empty(), "nothing is queued");
    hjs.run(&["dns", "set", DOMAIN, "000000000000000000000000", "--ttl", "300"]).await.exit(4);

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("zone.db");
    hjs.run(&["dns", "export", DOMAIN, "-o", file.to_str().expect("UTF-8 path")]).await.ok();
    let zone = std::fs::read_to_string(&file).expect("zone file written");
    assert!(zone.contains("shop") && zone.contains("198.51.100.9"), "{zone}");
    let check = tokio::process::Command::new(checker).arg(DOMAIN).arg(&file).output().await.expect("named-checkzone runs");
    assert!(check.status.success(), "named-checkzone refuses the export:\n{}\n{zone}", String::from_utf8_lossy(&check.stdout));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_removing_the_apex_ns_is_refused_until_forced() {
    let provider = TestProvider::start().await;
    // The seeded apex NS records are the provider's own (locked); here they
    // are the customer's, as after a zone import of delegated name servers.
    sqlx::query(
        "UPDATE dns_records SET body = REPLACE(body, '\"isSystemRecord\":true', '\"isSystemRecord\":false') \
         WHERE type = 'NS' AND name = '@' AND domain_id = (SELECT id FROM domains WHERE domain_name = $1)",
    )
    .bind(DOMAIN)
    .execute(&provider.state.db.pool)
    .await
    .expect("unlock the apex NS");
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let records = hjs.run(&["dns", "list", DOMAIN, "--json"]).await.ok().json();
    let deletes: Vec<Value> = records
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["type"] == "NS" && r["name"] == "@")
        .map(|r| serde_json::json!({"op": "delete", "id": r["_id"], "version": r["version"]}))
        .collect();
    assert_eq!(deletes.len(), 2, "two apex NS records, not locked: {records}");
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, serde_json::json!({ "changes": deletes }).to_string()).expect("write plan");
    let plan = plan.to_str().expect("UTF-8 path");

    let preview = hjs.run(&["dns", "plan", DOMAIN, plan]).await.ok().stdout;
    assert!(preview.contains("- @ 86400 NS ns1.hostjamstack.com"), "{preview}");
    assert!(preview.contains("needs confirmation (--force):"), "{preview}");

    let refused = hjs.run(&["dns", "apply", DOMAIN, plan]).await.exit(3);
    assert!(refused.stderr.contains("without NS records") && refused.stderr.contains("pass --force"), "{}", refused.stderr);
    assert!(hjs.outbox().await.is_empty(), "nothing is queued");
    assert!(provider.has_record(DOMAIN, "NS", "@", "ns1.hostjamstack.com").await);

    let forced = hjs.run(&["dns", "apply", DOMAIN, plan, "--force"]).await.ok();
    assert!(forced.stdout.ends_with("sent: the provider accepted it\n"), "{}", forced.stdout);
    assert!(!provider.has_record(DOMAIN, "NS", "@", "ns1.hostjamstack.com").await, "the provider applied the plan");
    let history = hjs.run(&["dns", "history", DOMAIN, "--json"]).await.ok().json();
    assert_eq!(history[0]["summary"], "2 removed", "{history}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forward_added_is_listed_with_a_warning_until_the_mx_points_at_our_servers() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let from = format!("info@{DOMAIN}");
    let added = hjs.run(&["forwards", "add", DOMAIN, &from, "james@example.com", "office@example.com"]).await.ok();
    assert!(added.stdout.ends_with("sent: the provider accepted it\n"), "{}", added.stdout);

    let list = hjs.run(&["forwards", "list", DOMAIN, "--json"]).await.ok();
    let forwards = list.json();
    let forward = forwards.as_array().expect("rows").iter().find(|f| f["fromEmail"] == from.as_str()).expect("the forward is listed");
    assert_eq!(forward["toEmails"], serde_json::json!(["james@example.com", "office@example.com"]));
    assert_eq!((forward["isActive"].as_bool(), forward["queued"].as_bool()), (Some(true), Some(false)));
    assert!(list.stderr.contains(&format!("hjs forwards fix-mx {DOMAIN}")), "the domain has no MX: {}", list.stderr);

    hjs.run(&["forwards", "fix-mx", DOMAIN, "--force"]).await.ok();
    assert!(provider.has_record(DOMAIN, "MX", "@", "mx1.hostjamstack.com").await);
    let list = hjs.run(&["forwards", "list", DOMAIN]).await.ok();
    assert!(list.stderr.is_empty(), "no warning once the MX is ours: {}", list.stderr);
    let postfix = hjs.run(&["forwards", "export", DOMAIN, "--format", "postfix"]).await.ok().stdout;
    assert!(postfix.contains(&format!("{from} james@example.com, office@example.com")), "{postfix}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_lists_everyones_changes_filters_them_and_exports_csv() {
    let provider = TestProvider::start().await;
    let reseller = Hjs::new();
    reseller.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    reseller.run(&["domains", "set", DOMAIN, "--auto-renew", "off"]).await.ok();
    reseller.run(&["dns", "add", DOMAIN, "A", "audited", "198.51.100.77"]).await.ok();
    let admin = Hjs::new();
    admin.login(&provider, hjs_provider::seed::DEMO_ADMIN_EMAIL).await.ok();
    let list = |args: &'static [&'static str]| {
        let admin = &admin;
        async move {
            let mut all = vec!["audit", "list", "--json"];
            all.extend_from_slice(args);
            admin.run(&all).await.ok().json().as_array().expect("array").clone()
        }
    };

    let everything = list(&[]).await;
    assert!(everything.iter().any(|e| e["document"] == DOMAIN && e["summary"] == "changed autoRenew"), "{everything:#?}");
    let by_reseller = list(&["--user", "reseller@demo"]).await;
    assert!(by_reseller.iter().all(|e| e["actorEmail"] == DEMO_RESELLER_EMAIL && e["actor"]["role"] == "reseller"));
    let collections: Vec<&str> = by_reseller.iter().filter_map(|e| e["collection"].as_str()).collect();
    assert!(collections.contains(&"domains") && collections.contains(&"dnsRecords"), "the reseller's changes: {by_reseller:#?}");
    let created = list(&["--collection", "dnsRecords", "--action", "create", "--via", "desktop"]).await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["document"], "audited A");
    assert_eq!(list(&["--search", "AUTORENEW carter-plumbing", "--since", "1d"]).await.len(), 1);
    assert!(list(&["--role", "support"]).await.is_empty(), "support changed nothing");
    assert_eq!(list(&["--limit", "1"]).await.len(), 1);

    let table = admin.run(&["audit", "list", "--user", "reseller@demo"]).await.ok().stdout;
    assert!(table.contains("changed autoRenew") && table.contains("reseller@demo.hostjamstack.com (reseller)"), "{table}");
    let csv = admin.run(&["audit", "list", "--collection", "domains", "--csv"]).await.ok().stdout;
    let mut lines = csv.lines();
    assert!(lines.next().is_some_and(|header| header.starts_with("createdAt,operation,collection,docId,document,summary")), "{csv}");
    assert!(lines.any(|line| line.contains(",update,domains,") && line.contains(DOMAIN)), "{csv}");

    let bad = admin.run(&["audit", "list", "--since", "yesterday"]).await.exit(3);
    assert!(bad.stderr.starts_with("error: since: "), "the field is named: {}", bad.stderr);
    let nobody = admin.run(&["audit", "list", "--user", "nobody-by-this-name"]).await.exit(3);
    assert!(nobody.stderr.starts_with("error: user: "), "{}", nobody.stderr);
    admin.run(&["audit", "list", "--action", "rename"]).await.exit(2);

    // A customer's cache holds only the events about what they may see.
    let lena = Hjs::new();
    lena.login(&provider, LENA_EMAIL).await.ok();
    let hers = lena.run(&["audit", "list", "--json"]).await.ok().json();
    assert!(hers.as_array().expect("array").iter().all(|e| e["document"] != DOMAIN), "not Lena's domain: {hers:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dns_lint_prints_the_findings_and_exits_7_when_one_is_an_error() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let before = hjs.run(&["dns", "lint", DOMAIN, "--json"]).await;
    let findings = before.json();
    let errors = findings.as_array().expect("array").iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(before.code, if errors > 0 { 7 } else { 0 }, "exit 7 exactly when there are errors: {findings:#}");

    hjs.run(&["dns", "add", DOMAIN, "TXT", "@", "v=spf1 include:_spf.example.net -all"]).await.ok();
    hjs.run(&["dns", "add", DOMAIN, "TXT", "@", "v=spf1 mx -all"]).await.ok();
    let lint = hjs.run(&["dns", "lint", DOMAIN]).await.exit(7);
    assert!(lint.stdout.contains("spf_multiple") && lint.stdout.contains("error"), "{}", lint.stdout);
    assert!(lint.stdout.contains("@ 3600 TXT v=spf1 mx -all"), "the record at fault, as a zone-file line: {}", lint.stdout);
    assert!(lint.stderr.starts_with("error: ") && lint.stderr.contains(&format!("in the zone of {DOMAIN}")), "{}", lint.stderr);
    let json = hjs.run(&["dns", "lint", DOMAIN, "--json"]).await.exit(7).json();
    let mut reported: Vec<&str> =
        json.as_array().expect("array").iter().filter(|f| f["code"] == "spf_multiple").filter_map(|f| f["recordId"].as_str()).collect();
    let records = hjs.run(&["dns", "list", DOMAIN, "--json"]).await.ok().json();
    let mut spf: Vec<&str> = records
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["type"] == "TXT" && r["name"] == "@" && r["value"].as_str().is_some_and(|v| v.starts_with("v=spf1")))
        .filter_map(|r| r["_id"].as_str())
        .collect();
    reported.sort_unstable();
    spf.sort_unstable();
    assert!(spf.len() >= 2 && reported == spf, "reported on each SPF record: {json:#}");
    hjs.run(&["dns", "lint", "no-such-domain.example"]).await.exit(4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_is_dry_run_across_every_client_then_applied_and_a_second_run_skips_every_domain() {
    let provider = TestProvider::start().await;
    let hjs = Hjs::new();
    hjs.login(&provider, DEMO_RESELLER_EMAIL).await.ok();
    let templates = hjs.run(&["dns", "template", "list", "--json"]).await.ok().json();
    let ids: Vec<&str> = templates.as_array().expect("templates").iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, ["spf", "dmarc", "google-workspace", "microsoft-365", "provider-mail", "provider-hosting"]);
    let table = hjs.run(&["dns", "template", "list"]).await.ok().stdout;
    assert!(table.contains("policy=none|quarantine|reject (default none)"), "{table}");

    let dmarc = ["dns", "template", "apply", "dmarc", "--all", "--param", "policy=reject"];
    let dry = hjs.run(&[&dmarc[..], &["--dry-run", "--json"]].concat()).await.ok();
    let report = dry.json();
    let results = report["results"].as_array().expect("results");
    assert_eq!(results.len() as i64, provider.reseller_domain_count().await, "every domain the reseller sees, its clients' included");
    assert!(dry.stderr.contains("DMARC: would apply to "), "the summary goes to stderr beside JSON: {}", dry.stderr);
    assert!(hjs.outbox().await.is_empty(), "a dry run queues nothing");
    let applied: Vec<&str> = results.iter().filter(|r| r["status"] == "applied").filter_map(|r| r["domainName"].as_str()).collect();
    let conflict = results.iter().find(|r| r["code"] == "conflict").expect("a domain with another DMARC record");
    assert!(conflict["reason"].as_str().is_some_and(|r| r.contains("replace=yes")), "{conflict}");
    assert!(!applied.is_empty());

    let refused = hjs.run(&["dns", "template", "apply", "dmarc", "--all", "--param", "policy=maybe"]).await.exit(3);
    assert!(refused.stderr.starts_with("error: policy: "), "the parameter is named: {}", refused.stderr);
    hjs.run(&["dns", "template", "apply", "dmarc", "--domain", "no-such-domain.example"]).await.exit(4);
    hjs.run(&["dns", "template", "apply", "dmarc"]).await.exit(2);
    hjs.run(&["dns", "template", "apply", "dmarc", "--all", "--param", "policy"]).await.exit(2);
    assert!(hjs.outbox().await.is_empty(), "nothing refused was queued");

    let sent = hjs.run(&dmarc).await.ok().stdout;
    assert!(sent.contains(&format!("sent: the provider accepted {0} of {0} plans", applied.len())), "{sent}");
    assert!(sent.contains("| queued ") && sent.contains("skipped: conflict"), "{sent}");
    for name in &applied {
        assert!(provider.has_record(name, "TXT", "_dmarc", "v=DMARC1; p=reject").await, "{name} has the record on the provider");
    }

    let again = hjs.run(&[&dmarc[..], &["--csv"]].concat()).await.ok();
    let mut rows = again.stdout.lines();
    assert!(rows.next().is_some_and(|h| h.starts_with("domain_id,domain_name,display_name,owner_email,status,code,")));
    assert!(rows.all(|row| row.contains(",skipped,")), "a second run changes nothing:\n{}", again.stdout);
    assert!(again.stdout.contains(",already_applied,"));
    assert!(hjs.outbox().await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_opens_a_ticket_and_support_staff_work_it_from_the_command_line() {
    let provider = TestProvider::start().await;
    let customer = Hjs::new();
    customer.login(&provider, "sophie.laurent@demo.hostjamstack.com").await.ok();
    let opened = customer
        .run(&[
            "tickets",
            "open",
            "--subject",
            "Mail bounces",
            "--description",
            "Since this morning",
            "--category",
            "technical",
            "--priority",
            "high",
        ])
        .await
        .ok();
    assert!(opened.stdout.contains("sent: the provider accepted it"), "{}", opened.stdout);
    let number = opened
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("ticket "))
        .and_then(|l| l.split_whitespace().next())
        .expect("the number")
        .to_string();
    assert!(number.starts_with("TKT-") && number.len() == "TKT-2026-000001".len(), "{number}");
    let refused = customer.run(&["tickets", "note", &number, "only for staff"]).await.exit(3);
    assert!(refused.stderr.contains("messageType"), "{}", refused.stderr);

    let support = Hjs::new();
    support.login(&provider, "sarah.johnson@demo.hostjamstack.com").await.ok();
    let unassigned = support.run(&["tickets", "list", "--unassigned", "--status", "open", "--limit", "1000", "--json"]).await.ok().json();
    assert!(
        unassigned.as_array().unwrap().iter().any(|t| t["ticketNumber"] == number.as_str()),
        "the new ticket waits in the unassigned queue"
    );
    support.run(&["tickets", "assign", &number, "me"]).await.ok();
    support.run(&["tickets", "note", &number, "MX looks fine; NOTE-FOR-STAFF"]).await.ok();
    support.run_with_stdin(&["tickets", "reply", &number, "-"], "Please send us a bounce message.\n").await.ok();
    support.run(&["tickets", "status", &number, "waiting_customer"]).await.ok();
    let mine = support.run(&["tickets", "list", "--mine", "--csv"]).await.ok().stdout;
    let row = mine.lines().find(|l| l.contains(&number)).unwrap_or_else(|| panic!("mine: {mine}"));
    assert!(row.contains("waiting_customer") && row.contains("Sarah"), "{row}");

    customer.run(&["sync"]).await.ok();
    let thread = customer.run(&["tickets", "show", &number, "--json"]).await.ok().json();
    assert_eq!(thread["ticket"]["status"], "waiting_customer");
    let texts: Vec<&str> = thread["messages"].as_array().unwrap().iter().filter_map(|m| m["content"].as_str()).collect();
    assert!(texts.contains(&"Please send us a bounce message."), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("NOTE-FOR-STAFF")), "a customer never receives a note: {texts:?}");
    // Answering reopens it; the bounce goes along as a file.
    let files = tempfile::tempdir().unwrap();
    let bounce = files.path().join("bounce.eml");
    std::fs::write(&bounce, "From: MAILER-DAEMON\nSubject: Undelivered Mail\n\n550 5.1.1 mailbox unavailable\n").unwrap();
    let missing = files.path().join("nope.txt");
    let refused = customer.run(&["tickets", "reply", &number, "x", "--attach", missing.to_str().unwrap()]).await.exit(3);
    assert!(refused.stderr.contains("attachments") && refused.stderr.contains("nope.txt"), "{}", refused.stderr);
    customer.run(&["tickets", "reply", &number, "Here it is", "--attach", bounce.to_str().unwrap()]).await.ok();
    customer.run(&["sync"]).await.ok();
    assert_eq!(customer.run(&["tickets", "show", &number, "--json"]).await.ok().json()["ticket"]["status"], "open");

    support.run(&["sync"]).await.ok();
    let found = support.run(&["tickets", "search", "bounce message", "--status", "open"]).await.ok().stdout;
    assert!(found.contains(&number) && found.contains("[bounce]"), "the reply's words, marked: {found}");
    let shown = support.run(&["tickets", "show", &number]).await.ok().stdout;
    assert!(shown.contains("(internal note)") && shown.contains("Here it is"), "{shown}");
    assert!(shown.contains("attached: bounce.eml (77 bytes, text/plain)"), "{shown}");
    let saved = files.path().join("saved");
    let downloaded = support.run(&["tickets", "download", &number, "--to", saved.to_str().unwrap()]).await.ok().stdout;
    assert!(downloaded.contains("bounce.eml"), "{downloaded}");
    assert_eq!(std::fs::read(saved.join("bounce.eml")).unwrap(), std::fs::read(&bounce).unwrap());
    support.run(&["tickets", "download", &number, "other.pdf"]).await.exit(4);
    support.run(&["tickets", "reply", &number, "Fixed the MX record.", "--minutes", "20"]).await.ok();
    // Canned replies: the demo's library, one added, one used on the ticket.
    let library = support.run(&["canned", "list"]).await.ok().stdout;
    assert!(library.contains("DNS propagation"), "{library}");
    assert!(customer.run(&["canned", "add", "--title", "Mine", "--content", "x"]).await.exit(3).stderr.contains("title"), "staff only");
    support
        .run(&["canned", "add", "--title", "Mail fixed", "--content", "Hi {{customer.firstName}}, mail for {{ticket.number}} flows again."])
        .await
        .ok();
    let filled = support.run(&["canned", "show", "mail fixed", "--ticket", &number]).await.ok().stdout;
    assert!(filled.contains("Hi Sophie, mail for") && filled.contains(&number), "{filled}");
    support.run(&["tickets", "reply", &number, "--canned", "Mail fixed"]).await.ok();
    support.run(&["canned", "rm", "Mail fixed"]).await.ok();
    assert!(!support.run(&["canned", "list"]).await.ok().stdout.contains("Mail fixed"));
    assert!(support.run(&["tickets", "show", &number]).await.ok().stdout.contains("first reply: in time"));
    support.run(&["tickets", "status", &number, "closed"]).await.ok();
    let late = support.run(&["tickets", "reply", &number, "one more thing"]).await.exit(3);
    assert!(late.stderr.contains("closed"), "staff do not write to a closed ticket: {}", late.stderr);
    // A customer's reply to the closed ticket opens a follow-up pointing back.
    customer.run(&["sync"]).await.ok();
    customer.run(&["tickets", "reply", &number, "It bounces again"]).await.ok();
    let active = customer.run(&["tickets", "list", "--active", "--json"]).await.ok().json();
    let follow_up = active.as_array().unwrap().iter().find(|t| t["subject"] == "Follow-up: Mail bounces").expect("a follow-up").clone();
    let follow_up_number = follow_up["ticketNumber"].as_str().unwrap().to_string();
    assert_ne!(follow_up_number, number);

    // The customer opens the same question twice; staff merge the second into the first.
    let twice = customer.run(&["tickets", "open", "--subject", "Bounce again", "--description", "Same as before"]).await.ok().stdout;
    let duplicate = twice.lines().find_map(|l| l.strip_prefix("ticket ")).and_then(|l| l.split_whitespace().next()).unwrap().to_string();
    support.run(&["sync"]).await.ok();
    let due = support.run(&["tickets", "list", "--active", "--by-due", "--csv"]).await.ok().stdout;
    assert!(due.lines().next().unwrap().contains("response_due_at"), "{due}");
    let merged = support.run(&["tickets", "merge", &duplicate, "--into", &follow_up_number]).await.ok().stdout;
    assert!(merged.contains("sent: the provider accepted it"), "{merged}");
    customer.run(&["sync"]).await.ok();
    assert_eq!(customer.run(&["tickets", "show", &duplicate, "--json"]).await.ok().json()["ticket"]["status"], "closed");
    let thread = customer.run(&["tickets", "show", &follow_up_number, "--json"]).await.ok().json();
    assert!(thread["messages"].as_array().unwrap().iter().any(|m| m["content"].as_str().unwrap().contains(&duplicate)), "{thread}");
}
