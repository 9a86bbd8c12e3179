//! Scenarios: changes after the bootstrap.

use hjs_client::bootstrap::bootstrap;
use hjs_client::sync::{pull, Connection, Syncer};
use reqwest::Method;
use serde_json::json;

use crate::common::{cached_domain, some_active_domain, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_writes_reach_the_cache_as_deltas() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("deltas").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, _) = some_active_domain(&cache).await;
    let before = cached_domain(&cache, &id).await;
    let version = before["version"].as_i64().unwrap();
    let (status, _) = world
        .call(
            &reseller,
            Method::PATCH,
            &format!("/domains/{id}"),
            Some(version),
            json!({ "autoRenew": !before["autoRenew"].as_bool().unwrap() }),
        )
        .await;
    assert_eq!(status, 200);
    let applied = pull(&cache, &reseller).await.unwrap();
    assert!(applied >= 1);
    let after = cached_domain(&cache, &id).await;
    assert_eq!(after["version"], version + 1);
    assert_eq!(after["autoRenew"], !before["autoRenew"].as_bool().unwrap());
    assert_eq!(pull(&cache, &reseller).await.unwrap(), 0, "nothing twice");
}

/// A client moved to another reseller disappears from the old reseller's cache.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_that_leave_the_view_are_removed_from_the_cache() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let admin = world.admin().await;
    let cache = world.cache("leaving").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (client_id, client_version): (String, i64) =
        sqlx::query_as("SELECT id, version FROM users WHERE reseller_id IS NOT NULL ORDER BY email LIMIT 1")
            .fetch_one(&cache.pool)
            .await
            .unwrap();
    let domains_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM domains WHERE user_id = ?").bind(&client_id).fetch_one(&cache.pool).await.unwrap();
    assert!(domains_before > 0, "the client has domains to lose");
    let (status, body) = world
        .call(&admin, Method::PUT, &format!("/clients/{client_id}/reseller"), Some(client_version), json!({ "resellerId": null }))
        .await;
    assert_eq!(status, 200, "{body}");
    pull(&cache, &reseller).await.unwrap();
    let domains_after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM domains WHERE user_id = ?").bind(&client_id).fetch_one(&cache.pool).await.unwrap();
    let user_after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id = ?").bind(&client_id).fetch_one(&cache.pool).await.unwrap();
    let others: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE owner_id = ?").bind(&client_id).fetch_one(&cache.pool).await.unwrap();
    assert_eq!((domains_after, user_after, others), (0, 0, 0), "every document of the moved client is gone");
}

/// The live loop follows server-sent announcements: a provider write is
/// in the cache moments later, and the status says online.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_loop_follows_announcements() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("live").await;
    let syncer = Syncer::new(cache.clone(), reseller.clone());
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let (_nudge, nudges) = tokio::sync::mpsc::channel(4);
    let runner = syncer.clone();
    let task = tokio::spawn(async move { runner.run(shutdown, nudges).await });
    let mut status = syncer.subscribe();
    tokio::time::timeout(std::time::Duration::from_secs(20), status.wait_for(|s| s.connection == Connection::Online && s.seq > 0))
        .await
        .unwrap()
        .unwrap();
    let (id, _) = some_active_domain(&cache).await;
    let version = cached_domain(&cache, &id).await["version"].as_i64().unwrap();
    world.call(&reseller, Method::PATCH, &format!("/domains/{id}"), Some(version), json!({ "whoisPrivacy": false })).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if cached_domain(&cache, &id).await["version"] == version + 1 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the change reached the cache within 5 s");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.send(true).unwrap();
    task.await.unwrap();
}
