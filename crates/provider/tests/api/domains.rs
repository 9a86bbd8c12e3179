//! Scenarios: listing, reading and changing domains.

use hjs_model::documents::UserRole;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both_engines;

fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|d| d["domainName"].as_str().unwrap().to_string()).collect()
}

both_engines! {
    /// The list is sorted by name, paged by cursor without gaps or repeats,
    /// and filtered by status, expiry, auto-renew and name.
    async fn a_user_pages_through_their_domains_with_filters(app) {
        let user = app.user(UserRole::User, None).await;
        for i in 0..7 {
            app.add_domain(&user, &format!("site{i}.com"), 10 + i * 20).await;
        }
        let first = app.get_json("/domains?limit=3", &user.token).await;
        assert_eq!(names(&first), ["site0.com", "site1.com", "site2.com"]);
        let cursor = first["nextCursor"].as_str().expect("more pages");
        let second = app.get_json(&format!("/domains?limit=3&cursor={cursor}"), &user.token).await;
        assert_eq!(names(&second), ["site3.com", "site4.com", "site5.com"]);
        let third = app.get_json(&format!("/domains?limit=3&cursor={}", second["nextCursor"].as_str().unwrap()), &user.token).await;
        assert_eq!(names(&third), ["site6.com"]);
        assert!(third["nextCursor"].is_null(), "the last page has no cursor");

        let soon = (chrono::Utc::now() + chrono::Duration::days(45)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let expiring = app.get_json(&format!("/domains?expiringBefore={soon}&sort=-expirationDate"), &user.token).await;
        assert_eq!(names(&expiring), ["site1.com", "site0.com"], "expiring within 45 days, latest first");
        let searched = app.get_json("/domains?q=TE3", &user.token).await;
        assert_eq!(names(&searched), ["site3.com"], "search ignores case");
        let none = app.get_json("/domains?autoRenew=false", &user.token).await;
        assert!(names(&none).is_empty());
        let active = app.get_json("/domains?status=active&limit=500", &user.token).await;
        assert_eq!(names(&active).len(), 7);
    }

    async fn bad_list_parameters_are_refused_naming_the_field(app) {
        let user = app.user(UserRole::User, None).await;
        for (query, field) in [("status=gone", "status"), ("expiringBefore=tomorrow", "expiringBefore"), ("limit=0", "limit"), ("limit=501", "limit"),
            ("sort=price", "sort"), ("cursor=!!", "cursor"), ("userId=42", "userId")] {
            let response = app.get(&format!("/domains?{query}"), &user.token).await;
            assert_eq!(response.status(), 422, "{query}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
        }
    }

    /// Settings change with If-Match, and the version moves on.
    async fn a_user_changes_domain_settings_with_if_match(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "settings-example.com", 100).await;
        let response = app
            .request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token))
            .header("If-Match", "1")
            .json(&json!({ "autoRenew": false, "transferLock": false, "nameservers": ["ns1.example.net", "NS2.Example.net."] }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let updated: Value = response.json().await.unwrap();
        assert_eq!(updated["version"], 2);
        assert_eq!(updated["autoRenew"], false);
        assert_eq!(updated["transferLock"], false);
        assert_eq!(updated["whoisPrivacy"], true, "fields not sent stay as they were");
        assert_eq!(updated["nameservers"], json!(["ns1.example.net", "ns2.example.net"]));
        assert_eq!(updated["useDefaultNameservers"], false);

        let restored: Value = app.write_json(Method::PATCH, &format!("/domains/{}", domain.id), &user.token, "\"2\"", &json!({ "useDefaultNameservers": true })).await;
        assert_eq!(restored["nameservers"], json!(["ns1.hostjamstack.com", "ns2.hostjamstack.com"]));
        assert_eq!(restored["useDefaultNameservers"], true);
        let fetched = app.get_json(&format!("/domains/{}", domain.id), &user.token).await;
        assert_eq!(fetched, restored, "GET returns what PATCH answered");
    }

    /// A stale If-Match gets 412 with the current document and changes nothing.
    async fn a_stale_write_gets_412_with_the_current_document(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "stale-example.com", 100).await;
        let patch = |version: &'static str, body: Value| {
            app.request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token)).header("If-Match", version).json(&body).send()
        };
        assert_eq!(patch("1", json!({ "autoRenew": false })).await.unwrap().status(), 200);
        let stale = patch("1", json!({ "whoisPrivacy": false })).await.unwrap();
        assert_eq!(stale.status(), 412);
        let problem: Value = stale.json().await.unwrap();
        assert_eq!(problem["code"], "stale_version");
        assert_eq!(problem["current"]["version"], 2);
        assert_eq!(problem["current"]["autoRenew"], false);
        let now = app.get_json(&format!("/domains/{}", domain.id), &user.token).await;
        assert_eq!(now["whoisPrivacy"], true, "the stale write had no effect");

        let missing = app.request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token)).json(&json!({ "autoRenew": true })).send().await.unwrap();
        assert_eq!(missing.status(), 428, "writes need If-Match");
    }

    /// Replaying an Idempotency-Key returns the first answer and has no second effect.
    async fn an_idempotent_replay_returns_the_first_response_once(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "replay-example.com", 100).await;
        let seq_before = app.document_changes().await;
        let send = || {
            app.request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token))
                .header("If-Match", "1")
                .header("Idempotency-Key", "op-123")
                .json(&json!({ "autoRenew": false }))
                .send()
        };
        let first = send().await.unwrap();
        assert_eq!(first.status(), 200);
        let first: Value = first.json().await.unwrap();
        let replay = send().await.unwrap();
        assert_eq!(replay.status(), 200, "a replay is not a stale write");
        assert_eq!(replay.json::<Value>().await.unwrap(), first);
        assert_eq!(app.document_changes().await, seq_before + 1, "one effect, one change");
        let current = app.get_json(&format!("/domains/{}", domain.id), &user.token).await;
        assert_eq!(current["version"], 2);

        let reused = app
            .request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token))
            .header("If-Match", "2")
            .header("Idempotency-Key", "op-123")
            .json(&json!({ "autoRenew": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(reused.status(), 409);
        assert_eq!(reused.json::<Value>().await.unwrap()["code"], "idempotency_key_reused");
    }

    /// Concurrent replays of one key still apply once.
    async fn concurrent_replays_of_one_key_apply_once(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "race-example.com", 100).await;
        let before = app.document_changes().await;
        let requests = (0..8).map(|_| {
            app.request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token))
                .header("If-Match", "1")
                .header("Idempotency-Key", "same-key")
                .json(&json!({ "transferLock": false }))
                .send()
        });
        let responses = futures::future::join_all(requests).await;
        for response in responses {
            assert_eq!(response.unwrap().status(), 200);
        }
        assert_eq!(app.document_changes().await, before + 1);
    }

    async fn invalid_nameservers_are_refused_per_entry_and_nothing_is_written(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "ns-example.com", 100).await;
        let before = app.document_changes().await;
        for (body, field, code) in [
            (json!({ "nameservers": ["ns1.example.net"] }), "nameservers", "invalid_count"),
            (json!({ "nameservers": ["ns1.example.net", "bad host"] }), "nameservers[1]", "invalid_hostname"),
            (json!({ "nameservers": ["ns1.example.net", "ns1.example.net"] }), "nameservers[1]", "duplicate"),
            (json!({ "nameservers": ["a.example.net", "b.example.net"], "useDefaultNameservers": true }), "useDefaultNameservers", "conflict"),
            (json!({}), "_", "empty"),
            (json!({ "autoRenew": "yes" }), "autoRenew", "invalid_type"),
            (json!({ "autoRenew": true, "price": 1 }), "price", "unknown_field"),
        ] {
            let response = app
                .request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token))
                .header("If-Match", "1")
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 422, "{body}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(response_field(&problem), (field.to_string(), code.to_string()), "{body}: {problem}");
        }
        assert_eq!(app.document_changes().await, before, "refused writes leave no trace");
    }

    async fn transferred_domains_cannot_be_changed(app) {
        let user = app.user(UserRole::User, None).await;
        let mut domain = crate::common::docs::domain(&user, "gone-example.com", 100);
        domain.status = hjs_model::documents::DomainStatus::Transferred;
        app.store(&domain).await;
        let response = app
            .request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token))
            .header("If-Match", "1")
            .json(&json!({ "autoRenew": false }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 409);
        assert_eq!(response.json::<Value>().await.unwrap()["code"], "domain_transferred");
    }
}

fn response_field(problem: &Value) -> (String, String) {
    let error = &problem["errors"][0];
    (error["field"].as_str().unwrap_or_default().to_string(), error["code"].as_str().unwrap_or_default().to_string())
}
