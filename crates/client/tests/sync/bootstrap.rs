//! Scenarios: filling a cache from the snapshot.

use std::collections::BTreeMap;

use hjs_client::bootstrap::bootstrap;
use hjs_client::cache::table_of;
use hjs_model::Collection;
use serde_json::Value;

use crate::common::World;

/// Every document the cache holds, by collection and id.
async fn cache_contents(cache: &hjs_client::cache::Cache) -> BTreeMap<(String, String), Value> {
    let mut all = BTreeMap::new();
    for collection in Collection::ALL {
        let table = table_of(*collection);
        let rows: Vec<(String, String)> = if table == "documents" {
            sqlx::query_as("SELECT id, body FROM documents WHERE collection = ?")
                .bind(collection.as_str())
                .fetch_all(&cache.pool)
                .await
                .unwrap()
        } else {
            sqlx::query_as(&format!("SELECT id, body FROM {table}")).fetch_all(&cache.pool).await.unwrap()
        };
        for (id, body) in rows {
            all.insert((collection.as_str().to_string(), id), serde_json::from_str(&body).unwrap());
        }
    }
    all
}

/// The snapshot as the provider sends it to `api`'s caller.
async fn snapshot_text(world: &World, api: &hjs_client::api::ProviderApi) -> String {
    reqwest::Client::new()
        .get(format!("{}/api/v1/sync/snapshot", world.url))
        .bearer_auth(crate::common::api_token(api))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// What the provider says the caller can see, read straight off the wire.
async fn provider_view(world: &World, api: &hjs_client::api::ProviderApi) -> (BTreeMap<(String, String), Value>, i64) {
    let text = snapshot_text(world, api).await;
    let mut docs = BTreeMap::new();
    let mut seq = -1;
    for line in text.lines() {
        let value: Value = serde_json::from_str(line).unwrap();
        if value["type"] == "end" {
            seq = value["seq"].as_i64().unwrap();
        } else {
            docs.insert(
                (value["collection"].as_str().unwrap().to_string(), value["doc"]["_id"].as_str().unwrap().to_string()),
                value["doc"].clone(),
            );
        }
    }
    (docs, seq)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bootstrap_equals_the_providers_state_document_by_document() {
    let world = World::start().await;
    // The reseller's view: every collection but the staff's canned replies.
    for (who, collections_seen) in [(world.reseller().await, 14), (world.admin().await, 15)] {
        let cache = world.cache(&format!("bootstrap-{}", world.change_count().await)).await;
        let mut last_progress = None;
        let report = bootstrap(&cache, &who, |p| last_progress = Some(p)).await.unwrap();
        assert!(report.unjournaled, "nothing else had the cache open, so the documents went in without a journal");
        assert_back_under_the_wal(&cache).await;
        let (expected, seq) = provider_view(&world, &who).await;
        let actual = cache_contents(&cache).await;
        assert_eq!(actual.len(), expected.len(), "same number of documents");
        for (key, doc) in &expected {
            assert_eq!(actual.get(key), Some(doc), "{key:?} differs");
        }
        assert_eq!(report.documents as usize, expected.len());
        assert_eq!(report.seq, seq, "the cache remembers the snapshot's seq");
        assert_eq!(cache.seq().await.unwrap(), seq);
        assert!(cache.is_bootstrapped().await.unwrap());
        assert!(last_progress.unwrap().done, "progress ends with done");
        let collections: std::collections::BTreeSet<&String> = actual.keys().map(|(c, _)| c).collect();
        assert_eq!(collections.len(), collections_seen, "the demo view covers the collections: {collections:?}");
    }
}

/// After a bootstrap the cache is under the WAL again, without the marker
/// of writes made without a journal.
async fn assert_back_under_the_wal(cache: &hjs_client::cache::Cache) {
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(mode, "wal");
    assert!(!hjs_client::unjournaled::marker_of(&cache.file()).exists());
}

/// With the cache in use elsewhere (here, a connection of its own pool) the
/// documents go in under the WAL, and the result is the same.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bootstrap_keeps_the_wal_while_the_cache_is_in_use() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("in-use").await;
    let in_use = cache.pool.acquire().await.unwrap();
    let report = bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    drop(in_use);
    assert!(!report.unjournaled);
    assert_back_under_the_wal(&cache).await;
    let (expected, _) = provider_view(&world, &reseller).await;
    assert_eq!(cache_contents(&cache).await, expected, "every document as the provider has it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_text_search_is_built_in_the_same_pass() {
    let world = World::start().await;
    let cache = world.cache("fts").await;
    bootstrap(&cache, &world.admin().await, |_| {}).await.unwrap();
    let domains: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM domains_fts WHERE domains_fts MATCH '\"ller\"'").fetch_one(&cache.pool).await.unwrap();
    assert!(domains >= 1, "the IDN domain is found by a part of its Unicode name");
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages_fts").fetch_one(&cache.pool).await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM support_messages").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(messages, rows, "every message is indexed");
}

/// The cache file holds no password hash, token, TOTP secret, auth code or
/// secret environment value, even for an admin's full view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_file_contains_no_secrets() {
    let world = World::start().await;
    let admin = world.admin().await;
    let cache = world.cache("secrets").await;
    bootstrap(&cache, &admin, |_| {}).await.unwrap();
    hjs_client::sync::pull(&cache, &admin).await.unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&cache.pool).await.unwrap();
    let db = &world.state.db.pool;
    let mut secrets: Vec<String> = Vec::new();
    secrets.extend(sqlx::query_scalar::<_, String>("SELECT password_hash FROM user_secrets").fetch_all(db).await.unwrap());
    secrets.extend(sqlx::query_scalar::<_, String>("SELECT token_hash FROM auth_tokens").fetch_all(db).await.unwrap());
    secrets.extend(
        sqlx::query_scalar::<_, Option<String>>("SELECT auth_code FROM domain_transfers")
            .fetch_all(db)
            .await
            .unwrap()
            .into_iter()
            .flatten(),
    );
    secrets.extend(sqlx::query_scalar::<_, String>("SELECT value FROM project_secrets").fetch_all(db).await.unwrap());
    secrets.push(crate::common::api_token(&admin));
    assert!(secrets.len() > 20, "the demo has secrets to look for");
    let mut bytes = std::fs::read(world.dir.path().join("secrets.db")).unwrap();
    if let Ok(wal) = std::fs::read(world.dir.path().join("secrets.db-wal")) {
        bytes.extend(wal);
    }
    for secret in secrets.iter().filter(|s| s.len() >= 6) {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "the cache file contains a secret");
    }
    for field in ["password", "twoFactorSecret", "authCode", "passwordResetToken", "emailVerificationToken"] {
        assert!(!bytes.windows(field.len()).any(|w| w == field.as_bytes()), "the cache file mentions {field}");
    }
}

/// A bootstrap that did not finish leaves the cache marked `started`; the
/// next one starts over and ends complete, with nothing duplicated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_bootstrap_starts_over_cleanly() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("interrupted").await;
    let first = bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    // As if killed half-way: marked started, half the rows gone.
    sqlx::query("UPDATE sync_state SET value = 'started' WHERE key = 'bootstrap'").execute(&cache.pool).await.unwrap();
    sqlx::query("DELETE FROM domains WHERE rowid % 2 = 0").execute(&cache.pool).await.unwrap();
    assert!(!cache.is_bootstrapped().await.unwrap(), "a half-written cache is never taken as complete");
    let second = bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    assert_eq!(second.documents, first.documents);
    let total: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM domains) + (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM support_tickets) + (SELECT COUNT(*) FROM support_messages) + (SELECT COUNT(*) FROM notifications)")
        .fetch_one(&cache.pool)
        .await
        .unwrap();
    assert_eq!(total as u64, first.documents, "nothing lost or duplicated");
}

/// A provider holding a generated reseller account of ~30,000 documents
/// (several bootstrap batches), and that reseller's API.
async fn large_account() -> (World, hjs_client::api::ProviderApi) {
    let world = World::start().await;
    let spec = hjs_provider::seed::LargeSpec::full().scaled(0.04);
    hjs_provider::seed::generate_large(&world.state.db, spec).await.unwrap();
    let reseller = world.api_as("reseller@large.hostjamstack.com").await;
    (world, reseller)
}

/// Serves, once, the first `lines` lines of the snapshot `api` would get,
/// then closes the connection, as a provider that went away mid-download
/// would leave it. Answers the URL to fetch it from.
async fn snapshot_cut_short(world: &World, api: &hjs_client::api::ProviderApi, lines: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let full = snapshot_text(world, api).await;
    let body: String = full.lines().take(lines).map(|line| format!("{line}\n")).collect();
    assert!(!body.contains("\"end\""), "cut before the end line");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buffer).await.unwrap();
            request.extend_from_slice(&buffer[..n]);
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\nconnection: close\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(body.as_bytes()).await.unwrap();
        socket.shutdown().await.unwrap();
    });
    url
}

/// A download cut short after several batches went in without a journal:
/// the cache is left under the WAL, marked `started`, without the marker,
/// and the next bootstrap completes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_cut_short_leaves_the_cache_journaled_and_unfinished() {
    let (world, reseller) = large_account().await;
    let url = snapshot_cut_short(&world, &reseller, 20_000).await;
    let cut_short = hjs_client::api::ProviderApi::new(&url, Some(crate::common::api_token(&reseller))).unwrap();
    let cache = world.cache("cut-short").await;

    let mut committed = 0;
    let error = bootstrap(&cache, &cut_short, |p| committed = p.documents).await.unwrap_err();
    assert!(error.to_string().contains("ended early"), "{error}");
    assert!(committed >= 16_000, "batches were written before the cut: {committed}");
    assert!(!cache.is_bootstrapped().await.unwrap());
    assert_back_under_the_wal(&cache).await;

    let report = bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (expected, _) = provider_view(&world, &reseller).await;
    assert_eq!(report.documents as usize, expected.len());
    assert_eq!(cache_contents(&cache).await, expected, "every document as the provider has it");
}

/// Run only as the child of the scenario below: bootstraps the cache named
/// in the environment, reporting each committed batch in a marker file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a child process of a_bootstrap_killed_with_sigkill_resumes_with_nothing_lost_or_duplicated"]
async fn child_bootstrap_until_killed() {
    let (Ok(cache), Ok(url), Ok(token), Ok(marker)) = (
        std::env::var("HJS_CHILD_CACHE"),
        std::env::var("HJS_CHILD_URL"),
        std::env::var("HJS_CHILD_TOKEN"),
        std::env::var("HJS_CHILD_MARKER"),
    ) else {
        return;
    };
    let cache = hjs_client::cache::Cache::open(std::path::Path::new(&cache)).await.unwrap();
    let api = hjs_client::api::ProviderApi::new(&url, Some(token)).unwrap();
    bootstrap(&cache, &api, |progress| {
        std::fs::write(&marker, progress.documents.to_string()).unwrap();
    })
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bootstrap_killed_with_sigkill_resumes_with_nothing_lost_or_duplicated() {
    let (world, reseller) = large_account().await;
    let cache_path = world.dir.path().join("killed.db");
    let marker = world.dir.path().join("progress");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "bootstrap::child_bootstrap_until_killed", "--ignored", "--nocapture"])
        .env("HJS_CHILD_CACHE", &cache_path)
        .env("HJS_CHILD_URL", &world.url)
        .env("HJS_CHILD_TOKEN", crate::common::api_token(&reseller))
        .env("HJS_CHILD_MARKER", &marker)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !marker.exists() {
        assert!(std::time::Instant::now() < deadline, "the child made progress");
        assert!(child.try_wait().unwrap().is_none(), "the child must still be bootstrapping when killed; make the data set larger");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();
    let written: u64 = std::fs::read_to_string(&marker).unwrap().parse().unwrap();
    assert!(written > 0, "killed after at least one batch was committed");

    let cache = hjs_client::cache::Cache::open(&cache_path).await.unwrap();
    assert!(!cache.is_bootstrapped().await.unwrap(), "a killed bootstrap is never taken as complete");
    let aside: Vec<_> = std::fs::read_dir(world.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("damaged"))
        .collect();
    assert!(aside.is_empty(), "with nothing queued, nothing is kept aside, torn or not: {aside:?}");
    let report = bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    assert_back_under_the_wal(&cache).await;
    assert!(report.documents > written, "the data set is larger than what the child got through");
    let (expected, _) = provider_view(&world, &reseller).await;
    let actual = cache_contents(&cache).await;
    assert_eq!(actual.len(), expected.len(), "nothing lost or duplicated");
    assert!(expected.iter().all(|(key, doc)| actual.get(key) == Some(doc)), "every document as the provider has it");
    let triggers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_fts\\_%' ESCAPE '\\'")
            .fetch_one(&cache.pool)
            .await
            .unwrap();
    assert_eq!(triggers, 12, "the full-text triggers set aside by the killed bootstrap are back");
    let indexed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages_fts").fetch_one(&cache.pool).await.unwrap();
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM support_messages").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(indexed, messages, "every message is searchable");
    assert_eq!(cache.state("deferred_schema").await.unwrap(), None);
}
