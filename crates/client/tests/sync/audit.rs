//! Scenarios: the audit log on the desktop. Writes made on the provider by
//! different people reach an admin's cache through sync, every one of
//! them; a customer's cache holds only the events about their own
//! documents. The log filters by actor, role, channel, collection,
//! operation, document, time and words, pages without gaps or repeats,
//! and exports as CSV.

use hjs_client::api::ProviderApi;
use hjs_client::audit::{self, AuditEntry, AuditQuery};
use hjs_client::bootstrap::bootstrap;
use hjs_client::cache::Cache;
use hjs_client::sync::pull;
use hjs_model::ObjectId;
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::World;

const SOPHIE: &str = "sophie.laurent@demo.hostjamstack.com";
const DANIEL: &str = "daniel.kim@demo.hostjamstack.com";

/// The first domain `api`'s account sees: its id and version.
async fn first_domain(world: &World, api: &ProviderApi) -> (String, i64) {
    let page = world.provider_doc(api, "/domains?limit=1").await;
    let domain = &page["items"][0];
    (domain["_id"].as_str().expect("the account has a domain").to_string(), domain["version"].as_i64().unwrap())
}

/// Switches a domain's auto-renew as `api`'s account.
async fn toggle_auto_renew(world: &World, api: &ProviderApi, domain: &str) {
    let current = world.provider_doc(api, &format!("/domains/{domain}")).await;
    let body = json!({ "autoRenew": !current["autoRenew"].as_bool().unwrap() });
    let (status, answer) = world.call(api, Method::PATCH, &format!("/domains/{domain}"), current["version"].as_i64(), body).await;
    assert_eq!(status, 200, "{answer}");
}

/// Adds an A record through a plan as `api`'s account, and returns its id.
async fn add_record(world: &World, api: &ProviderApi, domain: &str, name: &str) -> String {
    let id = ObjectId::new().to_string();
    let plan =
        json!({ "changes": [{ "op": "create", "id": id, "record": { "type": "A", "name": name, "value": "192.0.2.80", "ttl": 3600 } }] });
    let (status, answer) = world.call(api, Method::POST, &format!("/domains/{domain}/dns-plans"), None, plan).await;
    assert_eq!(status, 200, "{answer}");
    id
}

async fn delete_record(world: &World, api: &ProviderApi, domain: &str, id: &str) {
    let plan = json!({ "changes": [{ "op": "delete", "id": id, "version": 1 }] });
    let (status, answer) = world.call(api, Method::POST, &format!("/domains/{domain}/dns-plans"), None, plan).await;
    assert_eq!(status, 200, "{answer}");
}

async fn user_id(cache: &Cache, email: &str) -> String {
    sqlx::query_scalar("SELECT id FROM users WHERE email = ?").bind(email).fetch_one(&cache.pool).await.unwrap()
}

/// Every event of `query`, page by page.
async fn all(cache: &Cache, query: AuditQuery) -> Vec<AuditEntry> {
    audit::every_event(cache, &query).await.unwrap()
}

fn doc_ids(entries: &[AuditEntry]) -> Vec<String> {
    entries.iter().map(|e| e.event.doc_id.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_sees_everyones_changes_after_sync_and_a_customer_only_their_own() {
    let world = World::start().await;
    let (admin, sophie, daniel) = (world.admin().await, world.api_as(SOPHIE).await, world.api_as(DANIEL).await);
    let admin_cache = world.cache("audit-admin").await;
    bootstrap(&admin_cache, &admin, |_| {}).await.unwrap();

    let (sophies_domain, _) = first_domain(&world, &sophie).await;
    let (daniels_domain, _) = first_domain(&world, &daniel).await;
    toggle_auto_renew(&world, &sophie, &sophies_domain).await;
    toggle_auto_renew(&world, &daniel, &daniels_domain).await;

    pull(&admin_cache, &admin).await.unwrap();
    let seen = doc_ids(&all(&admin_cache, AuditQuery::default()).await);
    assert!(seen.contains(&sophies_domain) && seen.contains(&daniels_domain), "the admin's pull brought both customers' changes");

    let sophie_cache = world.cache("audit-sophie").await;
    bootstrap(&sophie_cache, &sophie, |_| {}).await.unwrap();
    let hers = all(&sophie_cache, AuditQuery::default()).await;
    let sophie_id = user_id(&sophie_cache, SOPHIE).await;
    assert!(doc_ids(&hers).contains(&sophies_domain), "her own change is in her cache");
    assert!(!doc_ids(&hers).contains(&daniels_domain), "another customer's change never reaches her");
    assert!(hers.iter().all(|e| e.event.user_id.to_string() == sophie_id), "every event she holds is about her own documents");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_filters_pages_and_exports() {
    let world = World::start().await;
    let (admin, sophie, daniel) = (world.admin().await, world.api_as(SOPHIE).await, world.api_as(DANIEL).await);
    let (sophies_domain, _) = first_domain(&world, &sophie).await;
    let (daniels_domain, _) = first_domain(&world, &daniel).await;
    toggle_auto_renew(&world, &sophie, &sophies_domain).await;
    toggle_auto_renew(&world, &admin, &daniels_domain).await;
    let record = add_record(&world, &daniel, &daniels_domain, "audit-test").await;
    delete_record(&world, &daniel, &daniels_domain, &record).await;

    let cache = world.cache("audit-filters").await;
    bootstrap(&cache, &admin, |_| {}).await.unwrap();
    let indexes: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'documents_audit_%' ORDER BY name")
            .fetch_all(&cache.pool)
            .await
            .unwrap();
    assert_eq!(indexes, ["documents_audit_actor", "documents_audit_target"], "a bootstrap leaves the audit log's indexes in place");
    let admin_id = user_id(&cache, "admin@demo.hostjamstack.com").await;
    let everything = all(&cache, AuditQuery::default()).await;
    let times: Vec<String> = everything.iter().map(|e| e.event.created_at.to_string()).collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");

    let q = AuditQuery::default;
    let by_sophie = all(&cache, AuditQuery { user: Some("SOPHIE.laurent".into()), ..q() }).await;
    assert!(!by_sophie.is_empty() && by_sophie.iter().all(|e| e.actor_email.as_deref() == Some(SOPHIE)), "by part of an address");
    let by_admin = all(&cache, AuditQuery { user: Some(admin_id.clone()), ..q() }).await;
    assert_eq!(doc_ids(&by_admin), [daniels_domain.as_str()], "the admin changed one document: Daniel's domain");
    let admins = all(&cache, AuditQuery { role: Some("admin".into()), ..q() }).await;
    assert_eq!(doc_ids(&admins), doc_ids(&by_admin));
    assert!(all(&cache, AuditQuery { via: Some("desktop".into()), ..q() }).await.len() >= 4, "sessions are the desktop channel");
    assert!(all(&cache, AuditQuery { via: Some("api_token".into()), ..q() }).await.is_empty());

    let records = all(&cache, AuditQuery { collection: Some("dnsRecords".into()), ..q() }).await;
    let ops: Vec<&str> = records.iter().map(|e| e.event.operation.as_str()).collect();
    assert_eq!(ops, ["delete", "create"], "the record's delete, then (older) its create");
    assert_eq!(records[1].document.as_deref(), Some("audit-test A"));
    let deletes = all(&cache, AuditQuery { action: Some("delete".into()), ..q() }).await;
    assert_eq!(doc_ids(&deletes), [record.as_str()]);
    let trail = all(&cache, AuditQuery { doc_id: Some(sophies_domain.clone()), ..q() }).await;
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].summary, "changed autoRenew");
    assert_eq!(audit::history(&cache, &sophies_domain).await.unwrap(), trail, "the History tab reads the same trail");

    // Time: the record's create alone lies between its own time and the delete's.
    let (created, deleted) = (records[1].event.created_at.to_string(), records[0].event.created_at.to_string());
    let window = all(&cache, AuditQuery { since: Some(created.clone()), until: Some(created.clone()), ..q() }).await;
    assert!(
        window.iter().any(|e| e.event.doc_id.to_string() == record) && window.iter().all(|e| e.event.created_at.to_string() == created)
    );
    let later = all(&cache, AuditQuery { since: Some(deleted.clone()), ..q() }).await;
    assert!(later.iter().all(|e| e.event.created_at.to_string() >= deleted));
    assert!(all(&cache, AuditQuery { until: Some("2000-01-01".into()), ..q() }).await.is_empty());

    // Words: every one must match, in the summary, the document or the actor.
    let words = all(&cache, AuditQuery { search: Some("autorenew SOPHIE".into()), ..q() }).await;
    assert_eq!(doc_ids(&words), [sophies_domain.as_str()]);
    let named = all(&cache, AuditQuery { search: Some("audit-test deleted".into()), ..q() }).await;
    assert_eq!(doc_ids(&named), [record.as_str()]);
    assert!(all(&cache, AuditQuery { search: Some("autorenew deleted".into()), ..q() }).await.is_empty());

    // Pages: one event each, in order, none twice, none left out.
    let mut paged = Vec::new();
    let mut query = AuditQuery { limit: 1, ..q() };
    loop {
        let page = audit::events(&cache, &query).await.unwrap();
        assert!(page.items.len() <= 1);
        paged.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
    }
    assert_eq!(paged, everything, "paging one at a time reads the whole log once");

    let unknown = audit::events(&cache, &AuditQuery { user: Some("nobody-at-all".into()), ..q() }).await.unwrap_err();
    assert_eq!(unknown.field(), Some("user"), "a name no one in the cache has is refused, naming the field");

    let (text, count) = audit::audit_csv(&cache, &AuditQuery { collection: Some("dnsRecords".into()), ..q() }).await.unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "createdAt");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!((count, rows.len()), (2, 2));
    assert_eq!((&rows[0][1], &rows[0][3], &rows[0][4]), ("delete", record.as_str(), "audit-test A"));
    let before: Value = serde_json::from_str(&rows[0][14]).unwrap();
    assert_eq!(before["value"], "192.0.2.80", "the document before the delete, as JSON");
}
