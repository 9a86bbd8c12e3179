//! Scenarios: `POST /batch`, many writes in one request. Each item is
//! answered exactly as it would be on its own — the caller's view, its
//! preconditions and idempotency key included — and a malformed item
//! refuses the whole batch before anything is written. Underneath, the
//! items share transactions, a savepoint each: a write that fails inside
//! one undoes only itself, even after PostgreSQL aborted the transaction.

use hjs_model::documents::{AuditActor, AuditVia, UserRole};
use hjs_model::ObjectId;
use hjs_provider::db::Audit;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::common::{TestApp, TestUser};

async fn batch(app: &TestApp, user: &TestUser, requests: Value) -> reqwest::Response {
    app.request(Method::POST, "/batch", Some(&user.token)).json(&json!({ "requests": requests })).send().await.unwrap()
}

fn txt_plan(name: &str) -> Value {
    json!({ "changes": [{ "op": "create", "id": ObjectId::new(), "record": { "type": "TXT", "name": name, "value": "batched", "ttl": 3600 } }] })
}

both_engines! {
    async fn a_batch_answers_each_write_as_if_it_came_alone(app) {
        let user = app.user(UserRole::User, None).await;
        let stranger = app.user(UserRole::User, None).await;
        let mine = app.add_domain(&user, "batch-mine.com", 200).await;
        let theirs = app.add_domain(&stranger, "batch-theirs.com", 200).await;
        let forward = ObjectId::new();
        let answer = batch(&app, &user, json!([
            { "method": "POST", "path": format!("/domains/{}/dns-plans", mine.id), "body": txt_plan("one"), "headers": { "Idempotency-Key": "k-1" } },
            { "method": "POST", "path": format!("/domains/{}/dns-plans", theirs.id), "body": txt_plan("two") },
            { "method": "PUT", "path": format!("/email-forwardings/{forward}"), "headers": { "If-None-Match": "*" },
              "body": { "domainId": mine.id, "fromEmail": "info@batch-mine.com", "toEmails": ["desk@example.org"] } },
            { "method": "PATCH", "path": format!("/domains/{}", mine.id), "headers": { "If-Match": "999" }, "body": { "autoRenew": false } },
            { "method": "PUT", "path": format!("/email-forwardings/{}", ObjectId::new()),
              "body": { "domainId": mine.id, "fromEmail": "x@batch-mine.com", "toEmails": ["desk@example.org"] } },
        ])).await;
        assert_eq!(answer.status(), StatusCode::OK);
        let answer: Value = answer.json().await.unwrap();
        let statuses: Vec<u64> = answer["responses"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
        assert_eq!(statuses, [200, 404, 201, 412, 428], "each write keeps its own answer");
        assert_eq!(answer["responses"][0]["body"]["zoneVersion"], 1);
        assert_eq!(answer["responses"][1]["body"]["code"], "not_found", "another account's domain is not there for this caller");
        assert_eq!(answer["responses"][3]["body"]["code"], "stale_version");
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dns_records WHERE name IN ('one', 'two')")
            .fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(stored, 1, "only the caller's own plan applied");
        assert_eq!(app.count("email_forwardings").await, 1);

        // The idempotency key holds across batches: a replay changes nothing.
        let replay = batch(&app, &user, json!([
            { "method": "POST", "path": format!("/domains/{}/dns-plans", mine.id), "body": txt_plan("different"), "headers": { "Idempotency-Key": "k-1" } },
        ])).await.json::<Value>().await.unwrap();
        assert_eq!(replay["responses"][0]["status"], 409, "the key was used for a different plan: {replay}");
        assert_eq!(replay["responses"][0]["body"]["code"], "idempotency_key_reused");
        assert_eq!(app.count("zone_versions").await, 1);
    }

    async fn later_items_see_what_earlier_ones_wrote(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "batch-chain.com", 200).await;
        let forward = ObjectId::new();
        let answer: Value = batch(&app, &user, json!([
            { "method": "PUT", "path": format!("/email-forwardings/{forward}"), "headers": { "If-None-Match": "*" },
              "body": { "domainId": domain.id, "fromEmail": "info@batch-chain.com", "toEmails": ["desk@example.org"] } },
            { "method": "PATCH", "path": format!("/email-forwardings/{forward}"), "headers": { "If-Match": "1" },
              "body": { "fromEmail": "info@batch-chain.com", "toEmails": ["help@example.org"] } },
            { "method": "PATCH", "path": format!("/email-forwardings/{forward}"), "headers": { "If-Match": "1" },
              "body": { "fromEmail": "info@batch-chain.com", "toEmails": ["late@example.org"] } },
        ])).await.json().await.unwrap();
        let statuses: Vec<u64> = answer["responses"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
        assert_eq!(statuses, [201, 200, 412], "the edit sees the create before it, and the third its stale base: {answer}");
        let stored: String = sqlx::query_scalar("SELECT body FROM email_forwardings WHERE id = $1")
            .bind(forward.to_string()).fetch_one(&app.state.db.pool).await.unwrap();
        assert!(stored.contains("help@example.org"), "{stored}");
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM change_log WHERE doc_id = $1")
            .bind(forward.to_string()).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(logged, 2, "one change-log row per write that happened");
    }

    async fn a_key_repeated_within_one_batch_replays_the_first_answer(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "batch-replay.com", 200).await;
        let plan = txt_plan("once");
        let item = |body: &Value| json!({ "method": "POST", "path": format!("/domains/{}/dns-plans", domain.id), "body": body, "headers": { "Idempotency-Key": "same" } });
        let answer: Value = batch(&app, &user, json!([item(&plan), item(&plan), item(&txt_plan("other"))])).await.json().await.unwrap();
        let responses = answer["responses"].as_array().unwrap();
        assert_eq!((responses[0]["status"].as_u64(), responses[1]["status"].as_u64()), (Some(200), Some(200)), "{answer}");
        assert_eq!(responses[0]["body"], responses[1]["body"], "the replay is the first answer, before either is written");
        assert_eq!(responses[2]["status"], 409, "the key was used for a different plan: {answer}");
        assert_eq!(app.count("zone_versions").await, 1, "applied once");
        assert_eq!(app.count("idempotency_keys").await, 1);
    }

    async fn a_malformed_batch_is_refused_whole_naming_the_item(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "batch-refused.com", 200).await;
        let good = json!({ "method": "POST", "path": format!("/domains/{}/dns-plans", domain.id), "body": txt_plan("fine") });
        for (bad, field) in [
            (json!({ "method": "GET", "path": "/domains" }), "requests[1].method"),
            (json!({ "method": "POST", "path": "/batch", "body": { "requests": [] } }), "requests[1].path"),
            (json!({ "method": "POST", "path": "/auth/sign-out" }), "requests[1].path"),
            (json!({ "method": "PUT", "path": "https://elsewhere.example/x" }), "requests[1].path"),
            (json!({ "method": "PUT", "path": "/dns-records/x", "headers": { "Authorization": "Bearer other" } }), "requests[1].headers.Authorization"),
            (json!({ "method": "PUT", "path": "/dns-records/x", "extra": true }), "requests[1].extra"),
            (json!({ "method": "PUT", "path": "/dns-records/x", "headers": { "If-Match": "1", "if-match": "2" } }), "requests[1].headers.if-match"),
        ] {
            let response = batch(&app, &user, json!([good.clone(), bad])).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
            let problem: Value = response.json().await.unwrap();
            let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
            assert!(fields.iter().any(|f| f.starts_with(field)), "{field} named in {problem}");
        }
        let too_many: Vec<Value> = (0..501).map(|_| good.clone()).collect();
        assert_eq!(batch(&app, &user, json!(too_many)).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(batch(&app, &user, json!([])).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(app.count("zone_versions").await, 0, "nothing of a refused batch is written");
        let anonymous = app.request(Method::POST, "/batch", None).json(&json!({ "requests": [good] })).send().await.unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    }

    async fn writes_sharing_a_transaction_undo_only_themselves(app) {
        let db = app.state.db.clone();
        let actor = AuditActor { user_id: Some(ObjectId::new()), role: Some(UserRole::Admin), via: AuditVia::Desktop, detail: None };
        let key = |name: &str| {
            sqlx::query("INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, status, body, created_at) VALUES ('u', $1, 'h', 200, '', 'now')")
                .bind(name.to_string())
        };
        let mut announcements = db.subscribe();
        let before = *announcements.borrow_and_update();
        let outcome = db.with_shared_writes(async {
            let mut first = db.begin_write(Audit::As(actor.clone())).await.unwrap();
            key("kept").execute(&mut *first.tx).await.unwrap();
            first.reserve_seqs(2).unwrap();
            first.commit().await.unwrap();

            // Writes, then fails on a statement: on PostgreSQL that aborts
            // the whole transaction until its savepoint is rolled back.
            let mut failing = db.begin_write(Audit::As(actor.clone())).await.unwrap();
            key("undone").execute(&mut *failing.tx).await.unwrap();
            assert!(key("kept").execute(&mut *failing.tx).await.is_err(), "the duplicate key is refused");
            drop(failing);

            let mut dropped = db.begin_write(Audit::As(actor.clone())).await.unwrap();
            key("dropped").execute(&mut *dropped.tx).await.unwrap();
            drop(dropped);
            db.commit_shared().await.unwrap();

            let mut after_commit = db.begin_write(Audit::As(actor.clone())).await.unwrap();
            key("after").execute(&mut *after_commit.tx).await.unwrap();
            after_commit.commit().await.unwrap();
            let outside: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = 'after'")
                .fetch_one(&db.pool).await.unwrap();
            assert_eq!(outside, 0, "not visible to others before the shared transaction commits");
            "done"
        }).await.unwrap();
        assert_eq!(outcome, "done");
        let mut kept: Vec<String> = sqlx::query_scalar("SELECT idempotency_key FROM idempotency_keys WHERE user_id = 'u'")
            .fetch_all(&db.pool).await.unwrap();
        kept.sort();
        assert_eq!(kept, ["after", "kept"], "the failed and the dropped write undid only themselves");
        assert_eq!(*announcements.borrow_and_update(), before + 2, "the seqs the writes took are announced at commit");

        // Outside a batch, writes are their own transactions again.
        let mut alone = db.begin_write(Audit::As(actor.clone())).await.unwrap();
        key("alone").execute(&mut *alone.tx).await.unwrap();
        alone.commit().await.unwrap();
        assert_eq!(app.count("idempotency_keys").await, 3);
    }
    async fn plans_in_one_batch_write_records_each_owners_reseller_sees(app) {
        let reseller = app.user(UserRole::Reseller, None).await;
        let client = app.user(UserRole::User, Some(&reseller)).await;
        let other_reseller = app.user(UserRole::Reseller, None).await;
        let clients = app.add_domain(&client, "tenant-client.com", 200).await;
        let own = app.add_domain(&reseller, "tenant-own.com", 200).await;
        let failing = ObjectId::new();
        let answer = batch(&app, &reseller, json!([
            { "method": "POST", "path": format!("/domains/{}/dns-plans", clients.id), "body": txt_plan("client") },
            // Undone inside the shared transaction, between the two plans.
            { "method": "PUT", "path": format!("/email-forwardings/{failing}"), "headers": { "If-None-Match": "*" },
              "body": { "domainId": own.id, "fromEmail": "loop@tenant-own.com", "toEmails": ["loop@tenant-own.com"] } },
            { "method": "POST", "path": format!("/domains/{}/dns-plans", own.id), "body": txt_plan("own") },
        ])).await.json::<Value>().await.unwrap();
        let statuses: Vec<u64> = answer["responses"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
        assert_eq!(statuses, [200, 422, 200], "{answer}");
        for (name, owner, tenant) in [("client", &client, &reseller), ("own", &reseller, &reseller)] {
            let (owner_id, tenant_id): (String, String) = sqlx::query_as("SELECT owner_id, tenant_id FROM dns_records WHERE name = $1")
                .bind(name).fetch_one(&app.state.db.pool).await.unwrap();
            assert_eq!((owner_id, tenant_id), (owner.id.to_string(), tenant.id.to_string()), "record {name}");
        }
        for (who, sees) in [(&reseller, ["client", "own"].as_slice()), (&client, &["client"]), (&other_reseller, &[])] {
            let feed = app.get_json("/sync/changes?since=0&limit=10000", &who.token).await;
            let mut seen: Vec<&str> = feed["changes"].as_array().unwrap().iter()
                .filter(|c| c["collection"] == "dnsRecords" && c["doc"]["type"] == "TXT")
                .filter_map(|c| c["doc"]["name"].as_str()).collect();
            seen.sort();
            assert_eq!(seen, sees, "the records reach whoever sees their zone ({:?})", who.role);
        }
    }
}
