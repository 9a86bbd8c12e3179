//! Scenarios: the role matrix. Every role calls every document endpoint
//! with its own ids, its clients' ids and other tenants' ids. Outside a
//! caller's view a document does not exist (404), so ids cannot be probed;
//! support may read everything and change nothing but tickets.

use std::collections::BTreeSet;

use hjs_model::documents::UserRole;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::common::{docs, TestApp, TestUser};

struct World {
    admin: TestUser,
    support: TestUser,
    reseller_a: TestUser,
    client_a: TestUser,
    reseller_b: TestUser,
    client_b: TestUser,
    loner: TestUser,
}

impl World {
    async fn build(app: &TestApp) -> World {
        let admin = app.user(UserRole::Admin, None).await;
        let support = app.user(UserRole::Support, None).await;
        let reseller_a = app.user(UserRole::Reseller, None).await;
        let client_a = app.user(UserRole::User, Some(&reseller_a)).await;
        let reseller_b = app.user(UserRole::Reseller, None).await;
        let client_b = app.user(UserRole::User, Some(&reseller_b)).await;
        let loner = app.user(UserRole::User, None).await;
        World { admin, support, reseller_a, client_a, reseller_b, client_b, loner }
    }

    fn owners(&self) -> [&TestUser; 5] {
        [&self.reseller_a, &self.client_a, &self.reseller_b, &self.client_b, &self.loner]
    }

    fn callers(&self) -> [&TestUser; 7] {
        [&self.admin, &self.support, &self.reseller_a, &self.client_a, &self.reseller_b, &self.client_b, &self.loner]
    }

    /// Whether `caller` may see documents of `owner`.
    fn sees(&self, caller: &TestUser, owner: &TestUser) -> bool {
        match caller.role {
            UserRole::Admin | UserRole::Support => true,
            UserRole::Reseller => {
                owner.id == caller.id
                    || (caller.id == self.reseller_a.id && owner.id == self.client_a.id)
                    || (caller.id == self.reseller_b.id && owner.id == self.client_b.id)
            }
            UserRole::User => owner.id == caller.id,
        }
    }
}

fn label(user: &TestUser, world: &World) -> &'static str {
    [
        (&world.admin, "admin"),
        (&world.support, "support"),
        (&world.reseller_a, "reseller A"),
        (&world.client_a, "client of A"),
        (&world.reseller_b, "reseller B"),
        (&world.client_b, "client of B"),
        (&world.loner, "direct user"),
    ]
    .iter()
    .find(|(u, _)| u.id == user.id)
    .map(|(_, name)| *name)
    .unwrap_or("?")
}

both_engines! {
    async fn every_role_reads_and_writes_domains_only_within_its_view(app) {
        let world = World::build(&app).await;
        let mut domains = Vec::new();
        for (i, owner) in world.owners().into_iter().enumerate() {
            domains.push((owner.clone(), app.add_domain(owner, &format!("matrix-{i}.com"), 90).await));
        }
        for caller in world.callers() {
            let who = label(caller, &world);
            let listed: BTreeSet<String> = app.get_json("/domains?limit=500", &caller.token).await["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["_id"].as_str().unwrap().to_string())
                .collect();
            for (owner, domain) in &domains {
                let whose = label(owner, &world);
                let visible = world.sees(caller, owner);
                assert_eq!(listed.contains(&domain.id.to_string()), visible, "{who} listing {whose}'s domain");
                let get = app.get(&format!("/domains/{}", domain.id), &caller.token).await.status();
                assert_eq!(get, if visible { StatusCode::OK } else { StatusCode::NOT_FOUND }, "{who} GET {whose}'s domain");

                let current: Value = app.get_json(&format!("/domains/{}", domain.id), &world.admin.token).await;
                let patch = app
                    .request(Method::PATCH, &format!("/domains/{}", domain.id), Some(&caller.token))
                    .header("If-Match", current["version"].to_string())
                    .json(&json!({ "autoRenew": !current["autoRenew"].as_bool().unwrap() }))
                    .send()
                    .await
                    .unwrap()
                    .status();
                let expected = match (visible, caller.role) {
                    (_, UserRole::Support) => StatusCode::FORBIDDEN,
                    (true, _) => StatusCode::OK,
                    (false, _) => StatusCode::NOT_FOUND,
                };
                assert_eq!(patch, expected, "{who} PATCH {whose}'s domain");
            }
        }
    }

    async fn every_role_reads_and_marks_only_its_own_notifications(app) {
        let world = World::build(&app).await;
        let mut notes = Vec::new();
        for owner in world.owners() {
            let note = docs::notification(owner, "Matrix");
            app.store(&note).await;
            notes.push((owner.clone(), note));
        }
        for caller in world.callers() {
            let who = label(caller, &world);
            let listed = app.get_json("/notifications", &caller.token).await;
            for item in listed["items"].as_array().unwrap() {
                assert_eq!(item["userId"], caller.id.to_string(), "{who} lists only their own notifications");
            }
            for (owner, note) in &notes {
                let whose = label(owner, &world);
                let status = app
                    .request(Method::PUT, &format!("/notifications/{}/read", note.id), Some(&caller.token))
                    .header("If-Match", "1")
                    .json(&json!({ "isRead": true }))
                    .send()
                    .await
                    .unwrap()
                    .status();
                // A notification is its recipient's alone, whatever the role.
                let expected = if owner.id == caller.id { StatusCode::OK } else { StatusCode::NOT_FOUND };
                assert_eq!(status, expected, "{who} marking {whose}'s notification");
            }
        }
    }

    async fn every_role_syncs_exactly_its_view(app) {
        let world = World::build(&app).await;
        let mut domains = Vec::new();
        for (i, owner) in world.owners().into_iter().enumerate() {
            domains.push((owner.clone(), app.add_domain(owner, &format!("sync-matrix-{i}.org"), 90).await));
        }
        for caller in world.callers() {
            let who = label(caller, &world);
            let snapshot: BTreeSet<String> = app
                .get("/sync/snapshot", &caller.token)
                .await
                .text()
                .await
                .unwrap()
                .lines()
                .filter_map(|line| serde_json::from_str::<Value>(line).ok()?["doc"]["_id"].as_str().map(str::to_string))
                .collect();
            let feed = app.get_json("/sync/changes?since=0&limit=10000", &caller.token).await;
            let feed_ids: BTreeSet<String> = feed["changes"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
            for (owner, domain) in &domains {
                let visible = world.sees(caller, owner);
                let whose = label(owner, &world);
                assert_eq!(snapshot.contains(&domain.id.to_string()), visible, "{who} snapshot has {whose}'s domain");
                assert_eq!(feed_ids.contains(&domain.id.to_string()), visible, "{who} feed has {whose}'s domain");
                assert_eq!(snapshot.contains(&owner.id.to_string()), visible, "{who} snapshot has {whose}'s user document");
            }
        }
    }

    async fn anonymous_callers_reach_nothing_but_sign_in_and_the_api_description(app) {
        let world = World::build(&app).await;
        let domain = app.add_domain(&world.loner, "anon-matrix.com", 90).await;
        for (method, path) in [
            (Method::GET, "/domains".to_string()),
            (Method::GET, format!("/domains/{}", domain.id)),
            (Method::PATCH, format!("/domains/{}", domain.id)),
            (Method::GET, "/notifications".to_string()),
            (Method::GET, "/me".to_string()),
            (Method::POST, "/auth/sign-out".to_string()),
            (Method::GET, "/sync/snapshot".to_string()),
            (Method::GET, "/sync/changes?since=0".to_string()),
            (Method::GET, "/sync/events".to_string()),
        ] {
            let status = app.request(method.clone(), &path, None).header("If-Match", "1").json(&json!({})).send().await.unwrap().status();
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{method} {path}");
        }
        let openapi: Value = app.request(Method::GET, "/openapi.json", None).send().await.unwrap().json().await.unwrap();
        assert!(openapi["openapi"].as_str().unwrap().starts_with("3.1"));
        assert!(openapi["paths"]["/api/v1/domains"].is_object());
    }

    /// No response anywhere carries a secret.
    async fn no_response_contains_a_password_or_token_hash(app) {
        let world = World::build(&app).await;
        app.add_domain(&world.client_a, "secret-check.com", 90).await;
        let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM user_secrets").fetch_all(&app.state.db.pool).await.unwrap();
        let token_hashes: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM auth_tokens").fetch_all(&app.state.db.pool).await.unwrap();
        for caller in world.callers() {
            for path in ["/domains", "/me", "/notifications", "/sync/snapshot", "/sync/changes?since=0"] {
                let body = app.get(path, &caller.token).await.text().await.unwrap();
                for secret in hashes.iter().chain(token_hashes.iter()) {
                    assert!(!body.contains(secret.as_str()), "{path} leaks a secret");
                }
                assert!(!body.contains("password"), "{path} mentions a password field");
                assert!(!body.contains("twoFactorSecret") && !body.contains("authCode"), "{path} carries a secret field");
            }
        }
    }
}

/// How the matrix reaches a templated path: the document of `owner` its
/// `{id}` names, or why the path is covered elsewhere.
fn id_for(path: &str, owned: &Owned) -> Result<String, &'static str> {
    let rest = path.trim_start_matches("/api/v1/");
    match rest.split('/').next().unwrap_or_default() {
        "domains" => Ok(owned.domain.clone()),
        "dns-records" => Ok(owned.record.clone()),
        "email-forwardings" => Ok(owned.forward.clone()),
        "notifications" => Ok(owned.notification.clone()),
        "support-tickets" => Ok(owned.ticket.clone()),
        "support-messages" => Ok(owned.message.clone()),
        "clients" => Ok(owned.user.clone()),
        "me" => Err("a caller's own tokens: the accounts scenarios cover them"),
        "attachments" => Err("an upload is its sender's, under an id they make: the attachment scenarios cover who may fetch a file"),
        "canned-replies" => Err("the staff's shared library, owned by no customer: the support scenarios cover it"),
        _ => Err(""),
    }
}

/// One call of the matrix: never-current preconditions, a well-formed body.
async fn call(app: &TestApp, method: Method, template: &str, path: String, token: Option<String>) -> StatusCode {
    let body = body_for(&method, template);
    let request = app
        .request(method.clone(), &path.replacen("/api/v1", "", 1), token.as_deref())
        .header("If-Match", "999999")
        .header("If-None-Match", "*");
    let request = if method == Method::GET || method == Method::DELETE { request } else { request.json(&body) };
    request.send().await.unwrap().status()
}

/// The documents each owner has for the matrix.
struct Owned {
    user: String,
    domain: String,
    record: String,
    forward: String,
    notification: String,
    ticket: String,
    message: String,
}

/// A body the endpoint accepts as well-formed, so the answer is about the
/// document, not the body. `If-Match` is never current, so nothing applies.
fn body_for(method: &Method, template: &str) -> Value {
    let record = json!({ "type": "A", "name": "matrix", "value": "192.0.2.77", "ttl": 3600 });
    match (method.as_str(), template) {
        ("PATCH", "/api/v1/domains/{id}") => json!({ "autoRenew": true }),
        ("PATCH", "/api/v1/dns-records/{id}") => record,
        ("PATCH", "/api/v1/email-forwardings/{id}") => json!({ "fromEmail": "matrix@example.com", "toEmails": ["x@example.org"] }),
        ("PUT", "/api/v1/notifications/{id}/read") => json!({ "isRead": true }),
        ("PATCH", "/api/v1/support-tickets/{id}") => json!({ "priority": "high" }),
        ("POST", "/api/v1/support-tickets/{id}/merge") => json!({ "intoTicketId": hjs_model::ObjectId::new() }),
        ("POST", "/api/v1/domains/{id}/dns-plans") => {
            json!({ "changes": [{ "op": "delete", "id": hjs_model::ObjectId::new(), "version": 1 }] })
        }
        _ => json!({}),
    }
}

both_engines! {
    /// Every endpoint of the API document, whoever calls it: outside the
    /// caller's view a document answers exactly as a missing one does (and
    /// never 2xx); inside it, never "not found"; support never changes
    /// what is not a ticket; nothing answers 5xx. An endpoint added later is
    /// covered by being in the document, or the test says it is not.
    async fn every_endpoint_of_the_api_document_keeps_to_the_callers_view(app) {
        let world = World::build(&app).await;
        let document: Value = app.request(Method::GET, "/openapi.json", None).send().await.unwrap().json().await.unwrap();
        let mut owned = Vec::new();
        for (i, owner) in world.owners().into_iter().enumerate() {
            let domain = app.add_domain(owner, &format!("openapi-matrix-{i}.com"), 90).await;
            let record = hjs_model::ObjectId::new();
            let plan = json!({ "changes": [{ "op": "create", "id": record, "record": { "type": "A", "name": "www", "value": "192.0.2.1", "ttl": 3600 } }] });
            let made = app.request(Method::POST, &format!("/domains/{}/dns-plans", domain.id), Some(&world.admin.token)).json(&plan).send().await.unwrap();
            assert_eq!(made.status(), StatusCode::OK);
            let forward = hjs_model::ObjectId::new();
            let made = app
                .request(Method::PUT, &format!("/email-forwardings/{forward}"), Some(&world.admin.token))
                .header("If-None-Match", "*")
                .json(&json!({ "domainId": domain.id, "fromEmail": format!("info@openapi-matrix-{i}.com"), "toEmails": ["desk@example.org"] }))
                .send()
                .await
                .unwrap();
            assert_eq!(made.status(), StatusCode::CREATED);
            let note = docs::notification(owner, "Matrix");
            app.store(&note).await;
            let (ticket, message) = (hjs_model::ObjectId::new(), hjs_model::ObjectId::new());
            let opened = app
                .request(Method::PUT, &format!("/support-tickets/{ticket}"), Some(&world.admin.token))
                .header("If-None-Match", "*")
                .json(&json!({ "customerId": owner.id, "subject": "Matrix", "description": "A ticket for the matrix", "category": "general" }))
                .send()
                .await
                .unwrap();
            assert_eq!(opened.status(), StatusCode::CREATED);
            let replied = app
                .request(Method::PUT, &format!("/support-messages/{message}"), Some(&world.admin.token))
                .header("If-None-Match", "*")
                .json(&json!({ "ticketId": ticket, "messageType": "reply", "content": "Looking into it" }))
                .send()
                .await
                .unwrap();
            assert_eq!(replied.status(), StatusCode::CREATED);
            owned.push((owner.clone(), Owned {
                user: owner.id.to_string(),
                domain: domain.id.to_string(),
                record: record.to_string(),
                forward: forward.to_string(),
                notification: note.id.to_string(),
                ticket: ticket.to_string(),
                message: message.to_string(),
            }));
        }
        let public = ["/api/v1/auth/sign-in", "/api/v1/auth/sign-up", "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/confirm",
            "/api/v1/auth/verify-email"];
        let mut covered = 0;
        for (template, operations) in document["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let send = |path: String, token: Option<String>| call(&app, method.clone(), template, path, token);
                if !template.contains("{id}") {
                    if !public.contains(&template.as_str()) && template != "/api/v1/openapi.json" {
                        assert_eq!(send(template.clone(), None).await, StatusCode::UNAUTHORIZED, "anonymous {method} {template}");
                    }
                    covered += 1;
                    continue;
                }
                for (owner, docs) in &owned {
                    let id = match id_for(template, docs) {
                        Ok(id) => id,
                        Err(reason) => {
                            assert!(!reason.is_empty(), "{method} {template} has no rule in the role matrix: add one to id_for");
                            continue;
                        }
                    };
                    for caller in world.callers() {
                        let who = format!("{} {method} {template} on {}'s", label(caller, &world), label(owner, &world));
                        let status = send(template.replace("{id}", &id), Some(caller.token.clone())).await;
                        let missing = send(template.replace("{id}", &hjs_model::ObjectId::new().to_string()), Some(caller.token.clone())).await;
                        assert!(!status.is_server_error() && !missing.is_server_error(), "{who}: {status} / {missing}");
                        // A notification is its recipient's alone, whatever the role.
                        let visible =
                            if template.starts_with("/api/v1/notifications") { caller.id == owner.id } else { world.sees(caller, owner) };
                        if visible {
                            if missing == StatusCode::NOT_FOUND && !template.ends_with("/reseller") {
                                assert_ne!(status, StatusCode::NOT_FOUND, "{who}: inside the view a document is found");
                            }
                            if caller.role == UserRole::Support && method != Method::GET {
                                assert!(!status.is_success(), "{who}: support changes nothing but tickets ({status})");
                            }
                        } else {
                            assert_eq!(status, missing, "{who}: outside the view, a document answers as a missing one");
                            assert!(!status.is_success(), "{who}: {status}");
                        }
                    }
                }
                covered += 1;
            }
        }
        assert!(covered >= 30, "the document lists the API's operations ({covered})");
    }
}
