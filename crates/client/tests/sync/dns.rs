//! Scenarios: DNS plans through the outbox. A record made offline has its
//! final id from the start and exists exactly once after the push; a plan
//! on a record someone changed or deleted meanwhile becomes a conflict that
//! "keep mine" resolves without losing the edit.

use hjs_client::api::ProviderApi;
use hjs_client::bootstrap::bootstrap;
use hjs_client::cache::Cache;
use hjs_client::dns::operations::DnsPlanEdit;
use hjs_client::outbox::{self, EntryStatus, Operation};
use hjs_client::sync::pull;
use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
use hjs_model::documents::{DnsRecordType, Domain};
use hjs_model::ObjectId;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{some_active_domain, World};

fn a_record(name: &str, value: &str) -> RecordDraft {
    RecordDraft {
        record_type: DnsRecordType::A,
        name: name.into(),
        value: value.into(),
        ttl: 3600,
        priority: None,
        is_active: true,
        comment: None,
    }
}

async fn plan_edit(cache: &Cache, domain_id: &str, changes: Vec<PlanChange>) -> Operation {
    let body: String = sqlx::query_scalar("SELECT body FROM domains WHERE id = ?").bind(domain_id).fetch_one(&cache.pool).await.unwrap();
    let domain: Domain = serde_json::from_str(&body).unwrap();
    Operation::DnsPlan(DnsPlanEdit {
        domain_id: domain.id,
        zone: domain.domain_name,
        user_id: domain.user_id,
        plan: ZonePlan { changes, confirmed: false },
    })
}

async fn cached_record(cache: &Cache, id: ObjectId) -> Option<Value> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'dnsRecords' AND id = ?")
        .bind(id.to_string())
        .fetch_optional(&cache.pool)
        .await
        .unwrap();
    body.map(|b| serde_json::from_str(&b).unwrap())
}

async fn provider_records(world: &World, api: &ProviderApi, domain: &str, id: ObjectId) -> Vec<Value> {
    let page = world.provider_doc(api, &format!("/domains/{domain}/dns-records?limit=500")).await;
    page["items"].as_array().unwrap().iter().filter(|r| r["_id"] == id.to_string()).cloned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_made_offline_exists_exactly_once_after_the_push() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("dns-offline").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (domain, _) = some_active_domain(&cache).await;
    let id = ObjectId::new();
    let edit = plan_edit(&cache, &domain, vec![PlanChange::Create { id, record: a_record("offline", "192.0.2.44") }]).await;
    outbox::enqueue(&cache, &domain, edit).await.unwrap();
    let shown = cached_record(&cache, id).await.expect("the record shows at once, with its final id");
    assert_eq!((shown["version"].as_i64(), shown["value"].as_str()), (Some(0), Some("192.0.2.44")));

    let down = ProviderApi::new("http://127.0.0.1:9", None).unwrap().with_token(reseller.bearer().unwrap().to_string());
    assert_eq!(outbox::push(&cache, &down).await.unwrap_err().code(), "offline");
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().accepted, 1);
    assert_eq!(provider_records(&world, &reseller, &domain, id).await.len(), 1, "exactly one record on the provider");
    assert_eq!(cached_record(&cache, id).await.unwrap()["version"], 1, "the cache holds the provider's record");
    pull(&cache, &reseller).await.unwrap();
    let shadows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM shadows").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(shadows, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_on_a_record_changed_or_deleted_meanwhile_is_a_conflict_that_keep_mine_resolves() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let cache = world.cache("dns-conflict").await;
    bootstrap(&cache, &reseller, |_| {}).await.unwrap();
    let (domain, _) = some_active_domain(&cache).await;
    let id = ObjectId::new();
    let create = plan_edit(&cache, &domain, vec![PlanChange::Create { id, record: a_record("race", "192.0.2.1") }]).await;
    outbox::enqueue(&cache, &domain, create).await.unwrap();
    outbox::push(&cache, &reseller).await.unwrap();

    // Mine, queued on version 1; theirs moves it to version 2 first.
    let mine = plan_edit(&cache, &domain, vec![PlanChange::Update { id, version: 1, record: a_record("race", "192.0.2.2") }]).await;
    let entry = outbox::enqueue(&cache, &domain, mine).await.unwrap();
    let theirs = json!({ "changes": [{ "op": "update", "id": id, "version": 1, "record": { "type": "A", "name": "race", "value": "192.0.2.3", "ttl": 3600 } }] });
    assert_eq!(world.call(&reseller, Method::POST, &format!("/domains/{domain}/dns-plans"), None, theirs).await.0, 200);
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().conflicts, 1);
    let conflict = outbox::get(&cache, &entry.id).await.unwrap();
    assert_eq!(conflict.status, EntryStatus::Conflict);
    assert_eq!(conflict.conflict_doc.as_deref(), Some(id.to_string().as_str()), "the conflict names the record");
    let value = conflict.conflict_fields.iter().find(|f| f.field == "value").expect("theirs beside mine");
    assert_eq!((value.theirs.as_str(), value.mine.as_str()), ("192.0.2.3", "192.0.2.2"));
    outbox::retry(&cache, &entry.id).await.unwrap().expect("keep mine");
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().accepted, 1);
    assert_eq!(provider_records(&world, &reseller, &domain, id).await[0]["value"], "192.0.2.2", "mine won, on top of theirs");

    // Mine again; theirs deletes the record meanwhile.
    let mine = plan_edit(&cache, &domain, vec![PlanChange::Update { id, version: 3, record: a_record("race", "192.0.2.9") }]).await;
    let entry = outbox::enqueue(&cache, &domain, mine).await.unwrap();
    let delete = json!({ "changes": [{ "op": "delete", "id": id, "version": 3 }] });
    assert_eq!(world.call(&reseller, Method::POST, &format!("/domains/{domain}/dns-plans"), None, delete).await.0, 200);
    pull(&cache, &reseller).await.unwrap();
    let conflict = outbox::get(&cache, &entry.id).await.unwrap();
    assert!(conflict.status == EntryStatus::Conflict && conflict.theirs_deleted, "a deletion on the provider is a conflict, not an error");
    assert!(cached_record(&cache, id).await.is_none(), "the cache shows theirs: gone");
    outbox::retry(&cache, &entry.id).await.unwrap().expect("keep mine: make it again");
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().accepted, 1);
    let back = provider_records(&world, &reseller, &domain, id).await;
    assert_eq!((back.len(), back[0]["value"].as_str()), (1, Some("192.0.2.9")));
}
