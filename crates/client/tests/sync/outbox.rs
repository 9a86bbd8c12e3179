//! Scenarios: edits made offline, conflicts and refusals.

use hjs_client::api::ProviderApi;
use hjs_client::bootstrap::bootstrap;
use hjs_client::outbox::Operation;
use hjs_client::outbox::{self, EntryStatus};
use hjs_client::sync::pull;
use hjs_model::documents::DomainSettings;
use reqwest::Method;
use serde_json::json;

use crate::common::{cached_domain, some_active_domain, World};

fn auto_renew(value: bool) -> Operation {
    Operation::DomainSettings { settings: DomainSettings { auto_renew: Some(value), ..Default::default() } }
}

/// An API handle pointing at a closed port: the provider is "down".
fn unreachable(api: &ProviderApi) -> ProviderApi {
    ProviderApi::new("http://127.0.0.1:9", None).unwrap().with_token(api.bearer().unwrap().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_edit_shows_at_once_and_is_applied_once_when_back_online() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("offline").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, _) = some_active_domain(&cache).await;
    let before = cached_domain(&cache, &id).await;
    let wanted = !before["autoRenew"].as_bool().unwrap();

    let entry = outbox::enqueue(&cache, &id, auto_renew(wanted)).await.unwrap();
    assert_eq!(cached_domain(&cache, &id).await["autoRenew"], wanted, "the edit shows at once");
    let offline = outbox::push(&cache, &unreachable(&reseller)).await;
    assert_eq!(offline.unwrap_err().code(), "offline");
    assert_eq!(outbox::get(&cache, &entry.id).await.unwrap().status, EntryStatus::Pending, "still queued");
    assert_eq!(cached_domain(&cache, &id).await["autoRenew"], wanted, "still shown");

    let changes_before = world.change_count().await;
    let report = outbox::push(&cache, &reseller).await.unwrap();
    assert_eq!(report.accepted, 1);
    assert!(outbox::list(&cache).await.unwrap().is_empty());
    assert_eq!(world.change_count().await, changes_before + 1, "applied exactly once");
    let on_provider = world.provider_doc(&reseller, &format!("/domains/{id}")).await;
    assert_eq!(on_provider["autoRenew"], wanted);
    assert_eq!(cached_domain(&cache, &id).await, on_provider, "the cache holds the provider's document again");
    let shadows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shadows").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(shadows, 0);
}

/// The first push reached the provider but its answer was lost; the retry
/// with the same Idempotency-Key gets the first answer, no second effect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_whose_answer_was_lost_applies_once_on_retry() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("lost").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, _) = some_active_domain(&cache).await;
    let entry = outbox::enqueue(
        &cache,
        &id,
        Operation::DomainSettings { settings: DomainSettings { transfer_lock: Some(false), ..Default::default() } },
    )
    .await
    .unwrap();
    // The request the push would send, delivered, its answer dropped.
    let request = entry.operation.request(&entry.doc_id, entry.base_version);
    reseller.write(&request, &entry.id).await.unwrap();
    let changes_after_first = world.change_count().await;

    let report = outbox::push(&cache, &reseller).await.unwrap();
    assert_eq!(report.accepted, 1, "the replay counts as accepted, not as a conflict");
    assert_eq!(world.change_count().await, changes_after_first, "no second effect");
    let on_provider = world.provider_doc(&reseller, &format!("/domains/{id}")).await;
    assert_eq!(on_provider["version"], entry.base_version + 1);
}

/// Two offline edits of one document: the second is re-based on the
/// version the first produced, so both apply.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn successive_offline_edits_of_one_document_all_apply() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("successive").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, _) = some_active_domain(&cache).await;
    outbox::enqueue(&cache, &id, auto_renew(false)).await.unwrap();
    outbox::enqueue(
        &cache,
        &id,
        Operation::DomainSettings { settings: DomainSettings { whois_privacy: Some(false), ..Default::default() } },
    )
    .await
    .unwrap();
    let shown = cached_domain(&cache, &id).await;
    assert_eq!((shown["autoRenew"].clone(), shown["whoisPrivacy"].clone()), (json!(false), json!(false)), "both edits show");
    let report = outbox::push(&cache, &reseller).await.unwrap();
    assert_eq!(report.accepted, 2);
    let on_provider = world.provider_doc(&reseller, &format!("/domains/{id}")).await;
    assert_eq!((on_provider["autoRenew"].clone(), on_provider["whoisPrivacy"].clone()), (json!(false), json!(false)));
}

/// Batches of two, sent while the one before is settled: an edit of a
/// document still being settled waits for its new base, so every edit
/// applies in order, none of them a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_pushed_in_overlapping_batches_apply_in_order() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("overlapping").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM domains WHERE status = 'active' ORDER BY domain_name LIMIT 3")
        .fetch_all(&cache.pool)
        .await
        .unwrap();
    let (a, b, c) = (&ids[0], &ids[1], &ids[2]);
    // [a, b] goes first; [c] while it settles; then a again, on a's new version.
    for (id, value) in [(a, false), (b, false), (c, false), (a, true)] {
        outbox::enqueue(&cache, id, auto_renew(value)).await.unwrap();
    }
    let report = outbox::push_in_batches_of(&cache, &reseller, 2).await.unwrap();
    assert_eq!(report, outbox::PushReport { accepted: 4, conflicts: 0, failed: 0 });
    for (id, expected) in [(a, json!(true)), (b, json!(false)), (c, json!(false))] {
        let on_provider = world.provider_doc(&reseller, &format!("/domains/{id}")).await;
        assert_eq!(on_provider["autoRenew"], expected, "{id}");
        assert_eq!(cached_domain(&cache, id).await["version"], on_provider["version"], "settled as the provider has it");
    }
    assert!(outbox::list(&cache).await.unwrap().is_empty(), "nothing left queued");
}

/// Someone changed the domain on the provider meanwhile: the edit becomes a
/// conflict holding theirs; "keep mine" re-applies it on their version.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflicting_edit_holds_theirs_and_mine_until_a_person_decides() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let admin = world.admin().await;
    let cache = world.cache("conflict").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, _) = some_active_domain(&cache).await;
    let version = cached_domain(&cache, &id).await["version"].as_i64().unwrap();
    let entry = outbox::enqueue(&cache, &id, auto_renew(false)).await.unwrap();
    let (status, _) = world.call(&admin, Method::PATCH, &format!("/domains/{id}"), Some(version), json!({ "transferLock": false })).await;
    assert_eq!(status, 200);

    let report = outbox::push(&cache, &reseller).await.unwrap();
    assert_eq!(report.conflicts, 1);
    let conflicted = outbox::get(&cache, &entry.id).await.unwrap();
    assert_eq!(conflicted.status, EntryStatus::Conflict);
    let theirs = conflicted.theirs.clone().expect("theirs is kept");
    assert_eq!(theirs["version"], version + 1);
    assert_eq!(theirs["transferLock"], false);
    assert_eq!(cached_domain(&cache, &id).await["transferLock"], false, "the cache shows theirs while in conflict");

    let kept = outbox::retry(&cache, &entry.id).await.unwrap().expect("the edit is still there to send");
    assert_eq!((kept.status, kept.base_version), (EntryStatus::Pending, version + 1), "keep mine: based on theirs now");
    assert_eq!(cached_domain(&cache, &id).await["autoRenew"], false);
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().accepted, 1);
    let on_provider = world.provider_doc(&reseller, &format!("/domains/{id}")).await;
    assert_eq!(
        (on_provider["autoRenew"].clone(), on_provider["transferLock"].clone()),
        (json!(false), json!(false)),
        "mine on top of theirs"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_theirs_discards_the_edit_and_shows_the_providers_document() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let admin = world.admin().await;
    let cache = world.cache("theirs").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, _) = some_active_domain(&cache).await;
    let before = cached_domain(&cache, &id).await;
    let version = before["version"].as_i64().unwrap();
    let entry = outbox::enqueue(&cache, &id, auto_renew(!before["autoRenew"].as_bool().unwrap())).await.unwrap();
    world
        .call(
            &admin,
            Method::PATCH,
            &format!("/domains/{id}"),
            Some(version),
            json!({ "whoisPrivacy": !before["whoisPrivacy"].as_bool().unwrap() }),
        )
        .await;
    outbox::push(&cache, &reseller).await.unwrap();
    outbox::discard(&cache, &entry.id).await.unwrap();
    let on_provider = world.provider_doc(&reseller, &format!("/domains/{id}")).await;
    assert_eq!(cached_domain(&cache, &id).await, on_provider);
    assert!(outbox::list(&cache).await.unwrap().is_empty());
}

/// The provider refuses an edit: it is kept as failed with the provider's
/// code, the document shows the provider's version, nothing is dropped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_edit_is_kept_as_failed_with_the_providers_reason() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("refused").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, name): (String, String) = sqlx::query_as("SELECT id, domain_name FROM domains WHERE status = 'transferred' LIMIT 1")
        .fetch_one(&cache.pool)
        .await
        .expect("the demo has a transferred domain");
    let entry = outbox::enqueue(&cache, &id, auto_renew(true)).await.unwrap();
    let report = outbox::push(&cache, &reseller).await.unwrap();
    assert_eq!(report.failed, 1, "{name}");
    let failed = outbox::get(&cache, &entry.id).await.unwrap();
    assert_eq!(failed.status, EntryStatus::Failed);
    assert_eq!(failed.error.unwrap()["code"], "domain_transferred");
    let on_provider = world.provider_doc(&reseller, &format!("/domains/{id}")).await;
    assert_eq!(cached_domain(&cache, &id).await, on_provider, "a failed edit is not shown as applied");
    pull(&cache, &reseller).await.unwrap();
    assert_eq!(outbox::list(&cache).await.unwrap().len(), 1, "kept until a person discards it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_edits_are_refused_before_anything_is_queued() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("invalid").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (id, _) = some_active_domain(&cache).await;
    let before = cached_domain(&cache, &id).await;
    let bad = Operation::DomainSettings {
        settings: DomainSettings { nameservers: Some(vec!["ns1.example.net".into(), "not a host".into()]), ..Default::default() },
    };
    let error = outbox::enqueue(&cache, &id, bad).await.unwrap_err();
    assert_eq!((error.code(), error.field()), ("validation_failed", Some("nameservers[1]")));
    assert!(outbox::list(&cache).await.unwrap().is_empty());
    assert_eq!(cached_domain(&cache, &id).await, before);
}
