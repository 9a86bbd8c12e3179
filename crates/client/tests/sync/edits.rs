//! Scenarios: a forward or a DNS plan the provider refused, corrected in
//! the outbox and sent again. The correction is checked as a fresh edit of
//! its kind is (against the cache, with the provider's rules), so one the
//! rules refuse is never queued and the entry keeps the edit it had.

use hjs_client::api::ProviderApi;
use hjs_client::bootstrap::bootstrap;
use hjs_client::cache::Cache;
use hjs_client::dns::operations::DnsPlanEdit;
use hjs_client::email_forwarding::operations::ForwardCreate;
use hjs_client::outbox::{self, EntryStatus, Operation};
use hjs_client::sync::pull;
use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
use hjs_model::documents::{DnsRecordType, Domain};
use hjs_model::forwarding::ForwardDraft;
use hjs_model::ObjectId;
use reqwest::Method;
use serde_json::json;

use crate::common::{some_active_domain, World};

async fn cached_domain(cache: &Cache, id: &str) -> Domain {
    let body: String = sqlx::query_scalar("SELECT body FROM domains WHERE id = ?").bind(id).fetch_one(&cache.pool).await.unwrap();
    serde_json::from_str(&body).unwrap()
}

/// A cache named `name` bootstrapped as `reseller`, and one of its active
/// domains: (cache, domain id, domain).
async fn bootstrapped(world: &World, reseller: &ProviderApi, name: &str) -> (Cache, String, Domain) {
    let cache = world.cache(name).await;
    bootstrap(&cache, reseller, |_| {}).await.unwrap();
    let (domain_id, _) = some_active_domain(&cache).await;
    let domain = cached_domain(&cache, &domain_id).await;
    (cache, domain_id, domain)
}

fn forward(domain: &Domain, local: &str) -> Operation {
    Operation::ForwardCreate(ForwardCreate {
        domain_id: domain.id,
        zone: domain.domain_name.clone(),
        user_id: domain.user_id,
        draft: ForwardDraft {
            from_email: format!("{local}@{}", domain.domain_name.as_str()),
            to_emails: vec!["desk@example.net".into()],
            is_active: true,
            catch_all: false,
        },
    })
}

fn plan(domain: &Domain, changes: Vec<PlanChange>) -> Operation {
    Operation::DnsPlan(DnsPlanEdit {
        domain_id: domain.id,
        zone: domain.domain_name.clone(),
        user_id: domain.user_id,
        plan: ZonePlan { changes, confirmed: false },
    })
}

fn cname(name: &str) -> RecordDraft {
    RecordDraft {
        record_type: DnsRecordType::CNAME,
        name: name.into(),
        value: "shop.example.net".into(),
        ttl: 3600,
        priority: None,
        is_active: true,
        comment: None,
    }
}

async fn cached_forward(cache: &Cache, id: &str) -> Option<serde_json::Value> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'emailForwardings' AND id = ?")
        .bind(id)
        .fetch_optional(&cache.pool)
        .await
        .unwrap();
    body.map(|b| serde_json::from_str(&b).unwrap())
}

/// Someone else's desk made a forward of the same address first: mine is
/// refused. Sent again unchanged it would be refused again, so the edit is
/// refused here; with another address it is queued, shown and accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_forward_edited_in_the_outbox_reaches_the_provider() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let mine = world.cache("forward-mine").await;
    let theirs = world.cache("forward-theirs").await;
    bootstrap(&mine, &reseller, |_| {}).await.unwrap();
    bootstrap(&theirs, &reseller, |_| {}).await.unwrap();
    let (domain_id, _) = some_active_domain(&mine).await;
    let domain = cached_domain(&mine, &domain_id).await;
    let id = ObjectId::new().to_string();
    let entry = outbox::enqueue(&mine, &id, forward(&domain, "desk-edit")).await.unwrap();
    let waiting = outbox::edit(&mine, &entry.id, forward(&domain, "desk-edit-0")).await.unwrap_err();
    assert_eq!(waiting.field(), Some("status"), "a waiting edit may be on its way: only refused ones are edited");
    outbox::enqueue(&theirs, &ObjectId::new().to_string(), forward(&domain, "desk-edit")).await.unwrap();
    assert_eq!(outbox::push(&theirs, &reseller).await.unwrap().accepted, 1);

    assert_eq!(outbox::push(&mine, &reseller).await.unwrap().failed, 1, "the provider refuses a second forward of one address");
    pull(&mine, &reseller).await.unwrap();
    assert!(cached_forward(&mine, &id).await.is_none(), "a refused create shows nowhere");

    let unchanged = outbox::edit(&mine, &entry.id, forward(&domain, "desk-edit")).await.unwrap_err();
    assert_eq!((unchanged.code(), unchanged.field()), ("validation_failed", Some("fromEmail")), "{unchanged}");
    let kept = outbox::get(&mine, &entry.id).await.unwrap();
    assert_eq!((kept.status, &kept.operation), (EntryStatus::Failed, &entry.operation), "a refused correction changes nothing");
    let other_kind =
        outbox::edit(&mine, &entry.id, plan(&domain, vec![PlanChange::Create { id: ObjectId::new(), record: cname("x") }])).await;
    assert_eq!(other_kind.unwrap_err().field(), Some("operation"), "a forward is not edited into a DNS plan");

    let edited = outbox::edit(&mine, &entry.id, forward(&domain, "desk-edit-2")).await.unwrap().expect("queued again");
    assert_eq!(edited.status, EntryStatus::Pending);
    let wanted = format!("desk-edit-2@{}", domain.domain_name.as_str());
    assert_eq!(cached_forward(&mine, &id).await.expect("shown at once")["fromEmail"], wanted.as_str());
    assert_eq!(outbox::push(&mine, &reseller).await.unwrap().accepted, 1);
    let on_provider = world.provider_doc(&reseller, &format!("/email-forwardings/{id}")).await;
    assert_eq!((on_provider["fromEmail"].as_str(), on_provider["version"].as_i64()), (Some(wanted.as_str()), Some(1)));
    assert!(outbox::list(&mine).await.unwrap().is_empty());
}

/// A CNAME planned where someone has since made an A record is refused.
/// The same CNAME edited (another TTL) is still refused by the zone's
/// rules, so it is not queued; a plan reaching records the refused one did
/// not is refused too; the CNAME moved to a free name is accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_plan_the_rules_refuse_is_not_queued_and_the_entry_keeps_its_plan() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let (cache, domain_id, domain) = bootstrapped(&world, &reseller, "plan-edit").await;
    let record = ObjectId::new();
    let entry = outbox::enqueue(&cache, &domain_id, plan(&domain, vec![PlanChange::Create { id: record, record: cname("edit-shop") }]))
        .await
        .unwrap();
    let a_record = json!({ "changes": [{ "op": "create", "id": ObjectId::new(), "record": { "type": "A", "name": "edit-shop", "value": "192.0.2.7", "ttl": 3600 } }] });
    assert_eq!(world.call(&reseller, Method::POST, &format!("/domains/{domain_id}/dns-plans"), None, a_record).await.0, 200);
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().failed, 1, "a CNAME beside an A record is refused");
    pull(&cache, &reseller).await.unwrap();

    let mut shorter = cname("edit-shop");
    shorter.ttl = 300;
    let still_bad = plan(&domain, vec![PlanChange::Create { id: record, record: shorter }]);
    let error = outbox::edit(&cache, &entry.id, still_bad).await.unwrap_err();
    assert_eq!((error.code(), error.field()), ("validation_failed", Some("changes[0].name")), "{error}");
    let kept = outbox::get(&cache, &entry.id).await.unwrap();
    assert_eq!((kept.status, &kept.operation), (EntryStatus::Failed, &entry.operation), "the entry keeps its plan");

    let wider = plan(
        &domain,
        vec![
            PlanChange::Create { id: record, record: cname("edit-store") },
            PlanChange::Create { id: ObjectId::new(), record: cname("more") },
        ],
    );
    let error = outbox::edit(&cache, &entry.id, wider).await.unwrap_err();
    assert_eq!(error.field(), Some("changes[1].id"), "records the refused plan did not change belong in a plan of their own");

    let moved = plan(&domain, vec![PlanChange::Create { id: record, record: cname("edit-store") }]);
    let queued = outbox::edit(&cache, &entry.id, moved).await.unwrap().expect("queued again");
    assert_eq!(queued.status, EntryStatus::Pending);
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().accepted, 1);
    let on_provider = world.provider_doc(&reseller, &format!("/domains/{domain_id}/dns-records?limit=500")).await;
    let made: Vec<_> = on_provider["items"].as_array().unwrap().iter().filter(|r| r["_id"] == record.to_string()).collect();
    assert_eq!((made.len(), made[0]["name"].as_str()), (1, Some("edit-store")));
}

/// A plan whose edit drops one of its changes lets that record go: it
/// shows as the provider has it, with no shadow kept for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_a_change_from_a_refused_plan_lets_its_record_go() {
    let world = World::start().await;
    let reseller = world.reseller().await;
    let (cache, domain_id, domain) = bootstrapped(&world, &reseller, "plan-drop").await;
    let (kept, dropped) = (ObjectId::new(), ObjectId::new());
    let refused = plan(
        &domain,
        vec![PlanChange::Create { id: kept, record: cname("drop-keep") }, PlanChange::Create { id: dropped, record: cname("drop-shop") }],
    );
    let entry = outbox::enqueue(&cache, &domain_id, refused).await.unwrap();
    let a_record = json!({ "changes": [{ "op": "create", "id": ObjectId::new(), "record": { "type": "A", "name": "drop-shop", "value": "192.0.2.8", "ttl": 3600 } }] });
    assert_eq!(world.call(&reseller, Method::POST, &format!("/domains/{domain_id}/dns-plans"), None, a_record).await.0, 200);
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().failed, 1);
    pull(&cache, &reseller).await.unwrap();

    outbox::edit(&cache, &entry.id, plan(&domain, vec![PlanChange::Create { id: kept, record: cname("drop-keep") }]))
        .await
        .unwrap()
        .expect("queued again");
    let shadows: Vec<String> = sqlx::query_scalar("SELECT id FROM shadows").fetch_all(&cache.pool).await.unwrap();
    assert_eq!(shadows, [kept.to_string()], "only the record still changed keeps its shadow");
    assert_eq!(outbox::push(&cache, &reseller).await.unwrap().accepted, 1);
}
