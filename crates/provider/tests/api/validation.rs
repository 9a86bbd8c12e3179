//! Scenarios: malformed input on every write endpoint is refused with a
//! problem+json naming the field, and nothing is written.

use hjs_model::documents::UserRole;
use reqwest::Method;
use serde_json::{json, Value};

use crate::both_engines;

both_engines! {
    async fn errors_are_problem_json_with_a_stable_code(app) {
        let user = app.user(UserRole::User, None).await;
        let response = app.get("/domains/not-an-id", &user.token).await;
        assert_eq!(response.status(), 404);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["code"], "not_found");
        assert_eq!(problem["status"], 404);
        assert_eq!(problem["type"], "https://api.hostjamstack.com/problems/not_found");
        let unauthenticated = app.request(Method::GET, "/domains", None).send().await.unwrap();
        assert_eq!(unauthenticated.status(), 401);
        assert_eq!(unauthenticated.json::<Value>().await.unwrap()["code"], "missing_token");
        let bad_token = app.get("/domains", "hjs_s_forged").await;
        assert_eq!(bad_token.json::<Value>().await.unwrap()["code"], "invalid_token");
        let nowhere = app.get("/no/such/route", &user.token).await;
        assert_eq!(nowhere.status(), 404);
    }

    async fn malformed_bodies_are_refused_before_anything_is_written(app) {
        let user = app.user(UserRole::User, None).await;
        let domain = app.add_domain(&user, "validation-example.com", 90).await;
        let notification = crate::common::docs::notification(&user, "Validation");
        app.store(&notification).await;
        let before = app.count("change_log").await;
        let long = "x".repeat(300);
        let cases: Vec<(Method, String, Value, &str)> = vec![
            (Method::PATCH, format!("/domains/{}", domain.id), json!({ "whoisPrivacy": 1 }), "whoisPrivacy"),
            (Method::PATCH, format!("/domains/{}", domain.id), json!({ "nameservers": "ns1.example.net" }), "nameservers"),
            (Method::PATCH, format!("/domains/{}", domain.id), json!({ "nameservers": [long.clone(), "ns2.example.net"] }), "nameservers[0]"),
            (Method::PATCH, format!("/domains/{}", domain.id), json!({ "domainName": "other.com" }), "domainName"),
            (Method::PUT, format!("/notifications/{}/read", notification.id), json!({ "isRead": "yes" }), "isRead"),
            (Method::PUT, format!("/notifications/{}/read", notification.id), json!({}), "isRead"),
            (Method::PUT, format!("/notifications/{}/read", notification.id), json!({ "isRead": true, "extra": 1 }), "extra"),
            (Method::POST, "/auth/sign-in".to_string(), json!({ "email": "not-an-email", "password": "whatever-it-is" }), "email"),
            (Method::POST, "/auth/sign-in".to_string(), json!({ "email": "a@example.com" }), "password"),
        ];
        for (method, path, body, field) in cases {
            let response = app.request(method.clone(), &path, Some(&user.token)).header("If-Match", "1").json(&body).send().await.unwrap();
            assert_eq!(response.status(), 422, "{method} {path} {body}");
            assert_eq!(response.headers()["content-type"], "application/problem+json");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["errors"][0]["field"], field, "{method} {path} {body}: {problem}");
        }
        let not_json = app.request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token)).header("If-Match", "1").body("{").header("content-type", "application/json").send().await.unwrap();
        assert_eq!(not_json.status(), 400);
        assert_eq!(not_json.json::<Value>().await.unwrap()["code"], "malformed_json");
        let wrong_type = app.request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token)).header("If-Match", "1").body("autoRenew=true").send().await.unwrap();
        assert_eq!(wrong_type.json::<Value>().await.unwrap()["code"], "unsupported_media_type");
        let huge = app
            .request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&user.token))
            .header("If-Match", "1")
            .json(&json!({ "nameservers": vec!["ns.example.net"; 40_000] }))
            .send()
            .await
            .unwrap();
        assert!(huge.status() == 400 || huge.status() == 413, "oversize body: {}", huge.status());
        assert_eq!(app.count("change_log").await, before, "nothing was written");
    }

    /// Notifications: mark read and unread with If-Match.
    async fn a_user_marks_a_notification_read_and_unread(app) {
        let user = app.user(UserRole::User, None).await;
        let notification = crate::common::docs::notification(&user, "DNS changed");
        app.store(&notification).await;
        let unread = app.get_json("/notifications?isRead=false", &user.token).await;
        assert_eq!(unread["items"].as_array().unwrap().len(), 1);
        let read: Value = app.write_json(Method::PUT, &format!("/notifications/{}/read", notification.id), &user.token, "1", &json!({ "isRead": true })).await;
        assert_eq!(read["isRead"], true);
        assert_eq!(read["version"], 2);
        assert!(app.get_json("/notifications?isRead=false", &user.token).await["items"].as_array().unwrap().is_empty());
        let again = app
            .request(Method::PUT, &format!("/notifications/{}/read", notification.id), Some(&user.token))
            .header("If-Match", "2")
            .json(&json!({ "isRead": false }))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 200);
    }
}

both_engines! {
    /// A 500 says only that something failed and which request it was; the
    /// log has the cause.
    async fn internal_errors_carry_a_request_id_and_no_internals(app) {
        let user = app.user(UserRole::User, None).await;
        sqlx::query("DROP TABLE notifications").execute(&app.state.db.pool).await.unwrap();
        let response = app.request(Method::GET, "/notifications", Some(&user.token)).header("x-request-id", "trace-me-42").send().await.unwrap();
        assert_eq!(response.status(), 500);
        assert_eq!(response.headers()["x-request-id"], "trace-me-42");
        let body = response.text().await.unwrap();
        let problem: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["code"], "internal");
        assert_eq!(problem["requestId"], "trace-me-42");
        for internal in ["notifications", "SELECT", "sqlite", "postgres", "relation", "table"] {
            assert!(!body.to_lowercase().contains(&internal.to_lowercase()), "500 body leaks {internal:?}: {body}");
        }
    }
}
