//! Scenarios: DNS records and plans, e-mail forwards and the audit trail
//! on the provider. A plan is applied all or nothing, makes one zone
//! version and one notification, and refuses stale or invalid changes
//! naming the change and field.

use hjs_model::documents::{AuditActor, AuditVia, DnsRecord, UserRole};
use hjs_model::ObjectId;
use hjs_provider::db::Audit;
use hjs_provider::dns::plans::zone_as_stored;
use hjs_provider::error::ApiError;
use hjs_provider::scope::Scope;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::common::{TestApp, TestUser};

fn record(kind: &str, name: &str, value: &str) -> Value {
    json!({ "type": kind, "name": name, "value": value, "ttl": 3600 })
}

async fn plan(app: &TestApp, user: &TestUser, domain: ObjectId, plan: Value) -> reqwest::Response {
    app.request(Method::POST, &format!("/domains/{domain}/dns-plans"), Some(&user.token)).json(&plan).send().await.unwrap()
}

async fn zone(app: &TestApp, user: &TestUser, domain: ObjectId) -> Vec<Value> {
    app.get_json(&format!("/domains/{domain}/dns-records?limit=500"), &user.token).await["items"].as_array().unwrap().clone()
}

both_engines! {
    async fn a_plan_applies_every_change_at_once_with_one_version_and_one_notification(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "plan-example.com", 200).await;
        let (www, mail) = (ObjectId::new(), ObjectId::new());
        let response = plan(&app, &user, domain.id, json!({ "changes": [
            { "op": "create", "id": www, "record": record("A", "www", "192.0.2.10") },
            { "op": "create", "id": mail, "record": { "type": "MX", "name": "@", "value": "mx1.example.net.", "ttl": 3600, "priority": 10 } },
        ]})).await;
        assert_eq!(response.status(), StatusCode::OK);
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["zoneVersion"], 1);
        assert_eq!(answer["records"].as_array().unwrap().len(), 2);
        let records = zone(&app, &user, domain.id).await;
        let mx = records.iter().find(|r| r["_id"] == mail.to_string()).expect("the MX is stored");
        assert_eq!(mx["value"], "mx1.example.net", "host names are stored without the trailing dot");
        assert_eq!(app.count("zone_versions").await, 1);
        let notes = app.get_json("/notifications", &user.token).await;
        let dns_changed: Vec<&Value> = notes["items"].as_array().unwrap().iter().filter(|n| n["type"] == "dns_changed").collect();
        assert_eq!(dns_changed.len(), 1, "one notification for the whole plan");
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_events WHERE collection = 'dnsRecords'")
            .fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(audited, 2, "each record write is audited");
    }

    async fn a_plan_takes_one_gap_free_run_of_seqs_with_each_record_followed_by_its_audit_record(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "seqs-example.com", 200).await;
        let ids: Vec<ObjectId> = (0..3).map(|_| ObjectId::new()).collect();
        let creates: Vec<Value> = ids.iter().enumerate()
            .map(|(i, id)| json!({ "op": "create", "id": id, "record": record("A", &format!("host{i}"), "192.0.2.1") }))
            .collect();
        assert_eq!(plan(&app, &user, domain.id, json!({ "changes": creates })).await.status(), StatusCode::OK);
        let counter = || async {
            sqlx::query_scalar::<_, i64>("SELECT seq FROM change_counter WHERE id = 1").fetch_one(&app.state.db.pool).await.unwrap()
        };
        let before = counter().await;

        let (new_a, new_b) = (ObjectId::new(), ObjectId::new());
        let response = plan(&app, &user, domain.id, json!({ "changes": [
            { "op": "create", "id": new_a, "record": record("A", "new-a", "192.0.2.2") },
            { "op": "update", "id": ids[0], "version": 1, "record": record("A", "host0", "192.0.2.10") },
            { "op": "create", "id": new_b, "record": record("A", "new-b", "192.0.2.3") },
            { "op": "delete", "id": ids[1], "version": 1 },
            { "op": "update", "id": ids[2], "version": 1, "record": record("A", "host2", "192.0.2.12") },
        ]})).await;
        assert_eq!(response.status(), StatusCode::OK);

        let after = counter().await;
        let rows: Vec<(i64, String, String, String, Option<String>)> =
            sqlx::query_as("SELECT seq, collection, doc_id, op, body FROM change_log WHERE seq > $1 ORDER BY seq")
                .bind(before).fetch_all(&app.state.db.pool).await.unwrap();
        let seqs: Vec<i64> = rows.iter().map(|row| row.0).collect();
        assert_eq!(seqs, (before + 1..=after).collect::<Vec<_>>(), "the plan's seqs are one gap-free run ending at the counter");
        assert_eq!(rows.len(), 5 * 2 + 1 + 2, "each record and its audit record, the zone version, the notification and its audit record");

        let (records, rest) = rows.split_at(5 * 2);
        let mut operations = Vec::new();
        for pair in records.chunks(2) {
            let (record, audit) = (&pair[0], &pair[1]);
            assert_eq!((record.1.as_str(), audit.1.as_str()), ("dnsRecords", "auditEvents"), "a record's audit record comes right after it");
            let event: Value = serde_json::from_str(audit.4.as_deref().unwrap()).unwrap();
            assert_eq!(event["docId"], record.2.as_str(), "the audit record is about the record before it");
            let operation = event["operation"].as_str().unwrap().to_string();
            assert_eq!(record.3, if operation == "delete" { "delete" } else { "upsert" });
            match operation.as_str() {
                "create" => assert!(event["before"].is_null() && event["after"]["_id"] == record.2.as_str()),
                "update" => {
                    assert_eq!(event["before"]["value"], "192.0.2.1", "before is the record as it was stored");
                    assert_eq!(event["before"]["version"], 1);
                    assert_eq!(event["after"]["version"], 2);
                    assert_ne!(event["after"]["value"], "192.0.2.1");
                }
                _ => assert!(event["before"]["_id"] == ids[1].to_string() && event["after"].is_null(), "{event}"),
            }
            operations.push(operation);
        }
        operations.sort();
        assert_eq!(operations, ["create", "create", "delete", "update", "update"], "one audit record per record written");
        let rest: Vec<&str> = rest.iter().map(|row| row.1.as_str()).collect();
        assert_eq!(rest, ["zoneVersions", "notifications", "auditEvents"], "then one zone version, and one notification with its audit record");
        let notes = app.get_json("/notifications", &user.token).await;
        let dns_changed = notes["items"].as_array().unwrap().iter().filter(|n| n["type"] == "dns_changed").count();
        assert_eq!(dns_changed, 2, "one notification per plan");
        let feed = app.get_json(&format!("/sync/changes?since={before}&limit=100"), &user.token).await;
        assert_eq!(feed["changes"].as_array().unwrap().len(), rows.len(), "the owner's feed carries every row of the plan");
    }

    async fn a_batch_based_on_an_old_version_writes_nothing_and_names_the_stale_document(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "stale-batch.com", 200).await;
        let creates: Vec<Value> = (0..3)
            .map(|i| json!({ "op": "create", "id": ObjectId::new(), "record": record("A", &format!("host{i}"), "192.0.2.1") }))
            .collect();
        assert_eq!(plan(&app, &user, domain.id, json!({ "changes": creates })).await.status(), StatusCode::OK);
        let changes_before = app.count("change_log").await;
        let actor = AuditActor { user_id: Some(user.id), role: Some(UserRole::User), via: AuditVia::Desktop, detail: None };

        let mut tx = app.state.db.begin_write(Audit::As(actor.clone())).await.unwrap();
        let stored = zone_as_stored(&mut tx, &Scope::Staff, domain.id).await.unwrap().records;
        let edited: Vec<DnsRecord> = stored.iter().map(|r| DnsRecord { value: "192.0.2.99".into(), version: r.version + 1, ..r.clone() }).collect();
        // Another write got to the second record first.
        sqlx::query("UPDATE dns_records SET version = 7 WHERE id = $1").bind(stored[1].id.to_string()).execute(&mut *tx.tx).await.unwrap();
        let pairs: Vec<(&DnsRecord, &DnsRecord)> = stored.iter().zip(&edited).collect();
        match tx.update_many(&pairs).await {
            Err(ApiError::StaleVersion { expected, current, .. }) => {
                assert_eq!(expected, 1);
                assert_eq!((current["_id"].as_str(), current["version"].as_i64()), (Some(stored[1].id.to_string().as_str()), Some(1)),
                    "the stale document is named with its stored body");
            }
            other => panic!("a stale batch must be a stale version, got {other:?}"),
        }
        drop(tx);

        let mut tx = app.state.db.begin_write(Audit::As(actor)).await.unwrap();
        let mut gone = stored.clone();
        gone[2].id = ObjectId::new();
        assert!(matches!(tx.delete_many(&gone).await, Err(ApiError::NotFound)), "deleting a record that is not there is refused");
        drop(tx);
        assert_eq!(app.count("change_log").await, changes_before, "a refused batch leaves nothing behind");
        assert_eq!(zone(&app, &user, domain.id).await.iter().filter(|r| r["value"] == "192.0.2.1").count(), 3);
    }

    async fn one_bad_change_applies_nothing_and_names_the_change_and_field(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "atomic-example.com", 200).await;
        let before = app.document_changes().await;
        let response = plan(&app, &user, domain.id, json!({ "changes": [
            { "op": "create", "id": ObjectId::new(), "record": record("A", "ok", "192.0.2.1") },
            { "op": "create", "id": ObjectId::new(), "record": record("A", "bad", "192.0.2.300") },
        ]})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "changes[1].value", "{problem}");
        assert_eq!(problem["errors"][0]["code"], "invalid_ipv4");
        assert_eq!(app.document_changes().await, before, "nothing was written");
        assert!(zone(&app, &user, domain.id).await.is_empty());
    }

    async fn a_cname_beside_another_record_is_refused(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "cname-example.com", 200).await;
        let response = plan(&app, &user, domain.id, json!({ "changes": [
            { "op": "create", "id": ObjectId::new(), "record": record("A", "www", "192.0.2.1") },
            { "op": "create", "id": ObjectId::new(), "record": record("CNAME", "www", "elsewhere.example.net") },
        ]})).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = response.json().await.unwrap();
        assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["code"] == "cname_conflict"), "{problem}");
    }

    async fn a_plan_based_on_an_old_version_is_a_conflict_and_loses_no_edit(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "race-dns.com", 200).await;
        let id = ObjectId::new();
        assert_eq!(plan(&app, &user, domain.id, json!({ "changes": [{ "op": "create", "id": id, "record": record("A", "www", "192.0.2.1") }]})).await.status(), 200);
        let edit = |value: &str| json!({ "changes": [{ "op": "update", "id": id, "version": 1, "record": record("A", "www", value) }]});
        let (first, second) = tokio::join!(plan(&app, &user, domain.id, edit("192.0.2.2")), plan(&app, &user, domain.id, edit("192.0.2.3")));
        let mut statuses = vec![first.status(), second.status()];
        statuses.sort();
        assert_eq!(statuses, vec![StatusCode::OK, StatusCode::PRECONDITION_FAILED], "exactly one of two plans on one version wins");
        let loser: Value = if first.status() == 412 { first.json().await.unwrap() } else { second.json().await.unwrap() };
        assert_eq!(loser["current"]["version"], 2, "the loser is told what won");
        assert_eq!(loser["errors"][0]["field"], "changes[0]");

        let gone = ObjectId::new();
        let deleted = plan(&app, &user, domain.id, json!({ "changes": [{ "op": "delete", "id": gone, "version": 1 }]})).await;
        assert_eq!(deleted.status(), StatusCode::PRECONDITION_FAILED, "a record deleted meanwhile is a conflict, not an error");
        assert!(deleted.json::<Value>().await.unwrap()["current"].is_null());
    }

    async fn system_records_are_locked_and_safety_checks_need_confirmation(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "locked-example.com", 200).await;
        let ns = ObjectId::new();
        plan(&app, &user, domain.id, json!({ "changes": [
            { "op": "create", "id": ns, "record": record("NS", "@", "ns1.example.net") },
        ]})).await;
        let removal = json!({ "changes": [{ "op": "delete", "id": ns, "version": 1 }] });
        let refused = plan(&app, &user, domain.id, removal.clone()).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json::<Value>().await.unwrap()["errors"][0]["code"], "confirmation_required");
        let mut confirmed = removal;
        confirmed["confirmed"] = json!(true);
        assert_eq!(plan(&app, &user, domain.id, confirmed).await.status(), StatusCode::OK);

        sqlx::query("UPDATE dns_records SET body = REPLACE(body, '\"isSystemRecord\":false', '\"isSystemRecord\":true')")
            .execute(&app.state.db.pool).await.unwrap();
        let id = ObjectId::new();
        plan(&app, &user, domain.id, json!({ "changes": [{ "op": "create", "id": id, "record": record("A", "@", "192.0.2.9") }]})).await;
        sqlx::query("UPDATE dns_records SET body = REPLACE(body, '\"isSystemRecord\":false', '\"isSystemRecord\":true')")
            .execute(&app.state.db.pool).await.unwrap();
        let locked = plan(&app, &user, domain.id, json!({ "changes": [{ "op": "delete", "id": id, "version": 1 }]})).await;
        assert_eq!(locked.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(locked.json::<Value>().await.unwrap()["errors"][0]["code"], "system_record");
    }

    async fn a_record_is_created_with_the_clients_id_once_and_deleted_with_if_match(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "put-example.com", 200).await;
        let id = ObjectId::new();
        let body = json!({ "domainId": domain.id, "type": "TXT", "name": "@", "value": "v=spf1 -all", "ttl": 3600 });
        let without = app.request(Method::PUT, &format!("/dns-records/{id}"), Some(&user.token)).json(&body).send().await.unwrap();
        assert_eq!(without.status(), StatusCode::PRECONDITION_REQUIRED, "a create says so with If-None-Match: *");
        let create = || app.request(Method::PUT, &format!("/dns-records/{id}"), Some(&user.token))
            .header("If-None-Match", "*").header("Idempotency-Key", format!("create-{id}")).json(&body).send();
        assert_eq!(create().await.unwrap().status(), StatusCode::CREATED);
        assert_eq!(create().await.unwrap().status(), StatusCode::CREATED, "a replay answers the first response");
        assert_eq!(zone(&app, &user, domain.id).await.len(), 1, "exactly one record");
        let delete = app.request(Method::DELETE, &format!("/dns-records/{id}"), Some(&user.token)).header("If-Match", "1").send().await.unwrap();
        assert_eq!(delete.status(), StatusCode::NO_CONTENT);
        assert!(zone(&app, &user, domain.id).await.is_empty());
    }

    async fn support_reads_zones_but_cannot_change_them(app) {
        let owner = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let domain = app.add_domain(&owner, "support-dns.com", 200).await;
        let response = plan(&app, &support, domain.id, json!({ "changes": [
            { "op": "create", "id": ObjectId::new(), "record": record("A", "www", "192.0.2.1") },
        ]})).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("/domains/{}/dns-records", domain.id), &support.token).await.status(), 200);
    }

    async fn forwards_are_checked_against_their_domain_and_loops(app) {
        let user = app.user(UserRole::User, None).await;
        let a = app.add_domain(&user, "fwd-a.com", 200).await;
        let b = app.add_domain(&user, "fwd-b.com", 200).await;
        let put = |id: ObjectId, body: Value| app.request(Method::PUT, &format!("/email-forwardings/{id}"), Some(&user.token))
            .header("If-None-Match", "*").json(&body).send();
        let first = put(ObjectId::new(), json!({ "domainId": a.id, "fromEmail": "x@fwd-a.com", "toEmails": ["y@fwd-b.com"] })).await.unwrap();
        assert_eq!(first.status(), StatusCode::CREATED);
        let wrong = put(ObjectId::new(), json!({ "domainId": a.id, "fromEmail": "x@fwd-b.com", "toEmails": ["z@gmail.com"] })).await.unwrap();
        assert_eq!(wrong.json::<Value>().await.unwrap()["errors"][0]["code"], "wrong_domain");
        let looping = put(ObjectId::new(), json!({ "domainId": b.id, "fromEmail": "y@fwd-b.com", "toEmails": ["x@fwd-a.com"] })).await.unwrap();
        assert_eq!(looping.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(looping.json::<Value>().await.unwrap()["errors"][0]["code"], "forwarding_loop");
        let unknown = put(ObjectId::new(), json!({ "domainId": a.id, "fromEmail": "q@fwd-a.com", "toEmails": ["z@gmail.com"], "extra": 1 })).await.unwrap();
        assert_eq!(unknown.json::<Value>().await.unwrap()["errors"][0]["code"], "unknown_field");
    }

    async fn every_write_is_audited_with_who_and_before_and_after_and_synced_to_whoever_sees_it(app) {
        let reseller = app.user(UserRole::Reseller, None).await;
        let client = app.user(UserRole::User, Some(&reseller)).await;
        let stranger = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&client, "audit-example.com", 200).await;
        let changed = app.write_json(Method::PATCH, &format!("/domains/{}", domain.id), &reseller.token, "1", &json!({ "autoRenew": false })).await;
        assert_eq!(changed["autoRenew"], false);
        let body: String = sqlx::query_scalar("SELECT body FROM audit_events WHERE doc_id = $1")
            .bind(domain.id.to_string()).fetch_one(&app.state.db.pool).await.unwrap();
        let event: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(event["actor"]["userId"], reseller.id.to_string(), "who");
        assert_eq!((event["actor"]["role"].as_str(), event["actor"]["via"].as_str()), (Some("reseller"), Some("desktop")));
        assert_eq!((event["before"]["autoRenew"].as_bool(), event["after"]["autoRenew"].as_bool()), (Some(true), Some(false)));
        for (who, sees) in [(&client, true), (&reseller, true), (&stranger, false)] {
            let feed = app.get_json("/sync/changes?since=0&limit=10000", &who.token).await;
            let found = feed["changes"].as_array().unwrap().iter()
                .any(|c| c["collection"] == "auditEvents" && c["doc"]["docId"] == domain.id.to_string());
            assert_eq!(found, sees, "the history of a domain reaches whoever sees the domain ({:?})", who.role);
        }
    }
}
