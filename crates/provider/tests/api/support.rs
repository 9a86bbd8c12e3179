//! Scenarios: the support desk. A customer opens a ticket (numbered
//! TKT-YYYY-NNNNNN, gap-free even with two provider processes, counted
//! against their package's quota); staff answer, note, assign and move it
//! through the status machine; a customer never sees an internal note
//! through any channel. The SLA breach job and the monthly usage reset
//! each act once with two provider processes; staff log time per message.

use hjs_model::documents::{BillingCycle, SupportPackage, SupportPackageStatus, SupportPackageType, SupportUsage, UserRole};
use hjs_model::{Amount, Currency, ObjectId, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use chrono::Duration;
use hjs_provider::jobs::run_once;

use crate::both_engines;
use crate::common::{TestApp, TestUser};

pub(crate) async fn open(app: &TestApp, who: &TestUser, body: Value) -> (StatusCode, Value) {
    let id = ObjectId::new();
    let response = app
        .request(Method::PUT, &format!("/support-tickets/{id}"), Some(&who.token))
        .header("If-None-Match", "*")
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

pub(crate) fn ticket(subject: &str) -> Value {
    json!({ "subject": subject, "description": "The site answers 502 since noon.", "category": "technical", "priority": "high" })
}

async fn post(app: &TestApp, who: &TestUser, ticket: &Value, kind: &str, content: &str) -> (StatusCode, Value) {
    post_with(app, who, ticket, kind, content, &[]).await
}

/// Posts a message carrying the uploaded `files`; answers the message when it was made.
pub(crate) async fn post_with(
    app: &TestApp,
    who: &TestUser,
    ticket: &Value,
    kind: &str,
    content: &str,
    files: &[ObjectId],
) -> (StatusCode, Value) {
    let id = ObjectId::new();
    let body = json!({ "ticketId": ticket["_id"], "messageType": kind, "content": content, "attachments": files });
    let response = app
        .request(Method::PUT, &format!("/support-messages/{id}"), Some(&who.token))
        .header("If-None-Match", "*")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    // A posted message comes back with its ticket as it left it.
    (status, if status == StatusCode::CREATED { body["message"].clone() } else { body })
}

async fn current(app: &TestApp, who: &TestUser, ticket: &Value) -> Value {
    app.get_json(&format!("/support-tickets/{}", ticket["_id"].as_str().unwrap()), &who.token).await
}

async fn change(app: &TestApp, who: &TestUser, ticket: &Value, body: Value) -> (StatusCode, Value) {
    let now = current(app, who, ticket).await;
    let response = app
        .request(Method::PATCH, &format!("/support-tickets/{}", ticket["_id"].as_str().unwrap()), Some(&who.token))
        .header("If-Match", now["version"].to_string())
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

async fn thread(app: &TestApp, who: &TestUser, ticket: &Value) -> Vec<Value> {
    let page = app.get_json(&format!("/support-tickets/{}/messages?limit=500", ticket["_id"].as_str().unwrap()), &who.token).await;
    page["items"].as_array().unwrap().clone()
}

fn package(owner: &TestUser, monthly_tickets: i32) -> SupportPackage {
    let now = Timestamp::now();
    SupportPackage {
        id: ObjectId::new(),
        user_id: owner.id,
        package_name: "Priority Support".into(),
        package_type: SupportPackageType::Priority,
        status: SupportPackageStatus::Active,
        features: vec![],
        monthly_tickets,
        response_time_guarantee: 60,
        support_channels: vec![],
        price: Amount::from_minor(4900).unwrap(),
        currency: Currency::USD,
        billing_cycle: BillingCycle::Monthly,
        next_billing_date: None,
        auto_renew: true,
        current_usage: SupportUsage { tickets_used: 0, hours_used: 0.0, reset_date: Timestamp::parse("2027-01-01T00:00:00Z").unwrap() },
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

both_engines! {
    async fn a_customer_opens_numbered_tickets_and_staff_answer_them(app) {
        let customer = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let year = chrono::Datelike::year(&chrono::Utc::now());
        let (status, first) = open(&app, &customer, ticket("Site down")).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let (_, second) = open(&app, &customer, ticket("Also the mail")).await;
        assert_eq!(first["ticketNumber"], format!("TKT-{year}-000001"));
        assert_eq!(second["ticketNumber"], format!("TKT-{year}-000002"));
        assert_eq!((first["status"].as_str(), first["userId"].as_str()), (Some("open"), Some(customer.id.to_string().as_str())));

        let (status, reply) = post(&app, &support, &first, "reply", "We are on it.").await;
        assert_eq!(status, StatusCode::CREATED, "{reply}");
        assert_eq!((reply["isFromCustomer"].as_bool(), reply["userId"].is_null()), (Some(false), true));
        assert_eq!(reply["staffInfo"]["role"], "support");
        let answered = current(&app, &customer, &first).await;
        assert!(answered["firstResponseAt"].is_string() && answered["lastResponseAt"].is_string(), "{answered}");
        let (_, later) = post(&app, &support, &first, "reply", "Fixed, please check.").await;
        let answered_again = current(&app, &customer, &first).await;
        assert_eq!(answered_again["firstResponseAt"], answered["firstResponseAt"], "the first response stays the first");
        assert!(later["createdAt"].as_str() >= answered["lastResponseAt"].as_str());

        // Staff open on a customer's behalf, and must say for whom.
        let (status, refused) = open(&app, &support, ticket("For whom?")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["errors"][0]["field"], "customerId");
        let (status, behalf) = open(&app, &support, json!({ "customerId": customer.id, "subject": "Called in", "description": "By phone", "category": "billing" })).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(behalf["userId"], customer.id.to_string());
        // A stranger's ticket is not there for another customer.
        let stranger = app.user(UserRole::User, None).await;
        assert_eq!(app.get(&format!("/support-tickets/{}", first["_id"].as_str().unwrap()), &stranger.token).await.status(), StatusCode::NOT_FOUND);
        let (status, _) = post(&app, &stranger, &first, "reply", "me too").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn a_ticket_names_only_the_customers_own_domains(app) {
        let customer = app.user(UserRole::User, None).await;
        let other = app.user(UserRole::User, None).await;
        app.add_domain(&customer, "mine-support.com", 90).await;
        app.add_domain(&other, "theirs-support.com", 90).await;
        let mut body = ticket("Domains");
        body["relatedDomains"] = json!(["MINE-support.com"]);
        let (status, made) = open(&app, &customer, body.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["relatedDomains"], json!(["mine-support.com"]));
        body["relatedDomains"] = json!(["mine-support.com", "theirs-support.com"]);
        let (status, refused) = open(&app, &customer, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!((refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()), (Some("relatedDomains[1]"), Some("not_yours")));
    }

    async fn an_internal_note_never_reaches_the_customer(app) {
        let reseller = app.user(UserRole::Reseller, None).await;
        let customer = app.user(UserRole::User, Some(&reseller)).await;
        let support = app.user(UserRole::Support, None).await;
        let (_, made) = open(&app, &customer, ticket("Billing question")).await;
        let (status, note) = post(&app, &support, &made, "note", "Customer is on the old plan; secret discount code NOTE-ONLY").await;
        assert_eq!(status, StatusCode::CREATED, "{note}");
        let (_, reply) = post(&app, &support, &made, "reply", "Happy to help").await;
        let note_id = note["_id"].as_str().unwrap().to_string();

        for outsider in [&customer, &reseller] {
            // The ticket's thread.
            let ids: Vec<String> = thread(&app, outsider, &made).await.iter().map(|m| m["_id"].as_str().unwrap().to_string()).collect();
            assert!(ids.contains(&reply["_id"].as_str().unwrap().to_string()) && !ids.contains(&note_id), "thread: {ids:?}");
            // The change feed, audit records included.
            let feed = app.get("/sync/changes?since=0&limit=10000", &outsider.token).await.text().await.unwrap();
            assert!(!feed.contains(&note_id) && !feed.contains("NOTE-ONLY"), "the change feed carries the note");
            // The snapshot.
            let snapshot = app.get("/sync/snapshot", &outsider.token).await.text().await.unwrap();
            assert!(!snapshot.contains(&note_id) && !snapshot.contains("NOTE-ONLY"), "the snapshot carries the note");
            // The ticket itself.
            let ticket = app.get(&format!("/support-tickets/{}", made["_id"].as_str().unwrap()), &outsider.token).await.text().await.unwrap();
            assert!(!ticket.contains("NOTE-ONLY"));
            // Notifications.
            let notifications = app.get("/notifications", &outsider.token).await.text().await.unwrap();
            assert!(!notifications.contains("NOTE-ONLY"));
        }
        let staff_thread = thread(&app, &support, &made).await;
        assert!(staff_thread.iter().any(|m| m["_id"] == note_id.as_str() && m["messageType"] == "note"), "staff see their notes");
        let staff_feed = app.get("/sync/changes?since=0&limit=10000", &support.token).await.text().await.unwrap();
        assert!(staff_feed.contains(&note_id));
        // And a customer cannot write one.
        let (status, refused) = post(&app, &customer, &made, "note", "sneaky").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["errors"][0]["code"], "staff_only");
        let (status, _) = post(&app, &support, &made, "status_change", "sneaky").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let mails = app.mails().join("\n");
        assert!(!mails.contains("NOTE-ONLY"), "no e-mail carries the note");
    }

    async fn status_moves_follow_the_machine_and_closed_is_final(app) {
        let customer = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let (_, made) = open(&app, &customer, ticket("Machine")).await;

        let (status, moved) = change(&app, &support, &made, json!({ "status": "waiting_customer" })).await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        // The customer answers: the ticket reopens, and the thread says so.
        let answer: Value = app
            .request(Method::PUT, &format!("/support-messages/{}", ObjectId::new()), Some(&customer.token))
            .header("If-None-Match", "*")
            .json(&json!({ "ticketId": made["_id"], "messageType": "reply", "content": "Here are the logs" }))
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(answer["message"]["content"], "Here are the logs");
        assert_eq!(answer["ticket"], current(&app, &support, &made).await, "the answer carries the ticket as the reply left it");
        assert_eq!(answer["ticket"]["status"], "open");
        let changes: Vec<(String, String)> = thread(&app, &customer, &made).await.iter()
            .filter(|m| m["messageType"] == "status_change")
            .map(|m| (m["statusChange"]["from"].as_str().unwrap().into(), m["statusChange"]["to"].as_str().unwrap().into()))
            .collect();
        assert_eq!(changes, [("open".into(), "waiting_customer".into()), ("waiting_customer".into(), "open".into())]);

        // A customer may resolve, not put it in progress.
        let (status, refused) = change(&app, &customer, &made, json!({ "status": "in_progress" })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!((refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()), (Some("status"), Some("transition_not_allowed")));
        let (status, resolved) = change(&app, &customer, &made, json!({ "status": "resolved" })).await;
        assert_eq!(status, StatusCode::OK);
        assert!(resolved["resolvedAt"].is_string());
        let (status, refused) = change(&app, &customer, &made, json!({ "priority": "urgent" })).await;
        assert_eq!((status, refused["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("staff_only")));

        let (status, _) = change(&app, &support, &made, json!({ "status": "closed" })).await;
        assert_eq!(status, StatusCode::OK);
        let (status, refused) = change(&app, &support, &made, json!({ "status": "open" })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused["errors"][0]["message"].as_str().unwrap().contains("final"));
        let (status, refused) = post(&app, &customer, &made, "note", "One more thing").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");

        // A stale version is refused with the ticket as it is now.
        let response = app
            .request(Method::PATCH, &format!("/support-tickets/{}", made["_id"].as_str().unwrap()), Some(&support.token))
            .header("If-Match", "1")
            .json(&json!({ "priority": "low" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    }

    async fn only_active_staff_are_assigned(app) {
        let customer = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let admin = app.user(UserRole::Admin, None).await;
        let (_, made) = open(&app, &customer, ticket("Assign")).await;
        let (status, refused) = change(&app, &admin, &made, json!({ "assignedTo": customer.id })).await;
        assert_eq!((status, refused["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("not_staff")));
        let (status, taken) = change(&app, &support, &made, json!({ "assignedTo": support.id })).await;
        assert_eq!(status, StatusCode::OK, "{taken}");
        assert_eq!(taken["assignedTo"], support.id.to_string());
        assert!(taken["assignedAt"].is_string());
        let (status, released) = change(&app, &support, &made, json!({ "assignedTo": null })).await;
        assert_eq!(status, StatusCode::OK);
        assert!(released["assignedTo"].is_null() && released["assignedAt"].is_null());
        let (status, _) = change(&app, &customer, &made, json!({ "assignedTo": support.id })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn a_package_quota_refuses_the_ticket_past_it_and_counts_the_rest(app) {
        let customer = app.user(UserRole::User, None).await;
        let limited = package(&customer, 1);
        app.store(&limited).await;
        let (status, made) = open(&app, &customer, ticket("First")).await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(made["supportPackageId"], limited.id.to_string());
        let (status, refused) = open(&app, &customer, ticket("Second")).await;
        assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("ticket_quota_exceeded")));
        let detail = refused["detail"].as_str().unwrap();
        assert!(detail.contains("Priority Support") && detail.contains("2027-01-01"), "names the package and its reset: {detail}");
        assert_eq!(app.count("support_tickets").await, 1, "nothing of the refused ticket is stored");
        let body: String = sqlx::query_scalar("SELECT body FROM support_packages WHERE id = $1")
            .bind(limited.id.to_string()).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["currentUsage"]["ticketsUsed"], 1);

        let unlimited_customer = app.user(UserRole::User, None).await;
        app.store(&package(&unlimited_customer, -1)).await;
        for i in 0..3 {
            assert_eq!(open(&app, &unlimited_customer, ticket(&format!("Unlimited {i}"))).await.0, StatusCode::CREATED);
        }
    }

    async fn two_provider_processes_number_tickets_without_gaps_or_repeats(app) {
        let peer = app.spawn_peer().await;
        let customer = app.user(UserRole::User, None).await;
        let opened = futures::future::join_all((0..24).map(|i| {
            let side = if i % 2 == 0 { &app } else { &peer };
            let customer = &customer;
            async move { open(side, customer, ticket(&format!("Race {i}"))).await }
        }))
        .await;
        let mut numbers: Vec<String> = opened.iter().map(|(status, body)| {
            assert_eq!(*status, StatusCode::CREATED, "{body}");
            body["ticketNumber"].as_str().unwrap().to_string()
        }).collect();
        numbers.sort();
        let year = chrono::Datelike::year(&chrono::Utc::now());
        let expected: Vec<String> = (1..=24).map(|n| format!("TKT-{year}-{n:06}")).collect();
        assert_eq!(numbers, expected);
    }

    async fn the_sla_job_marks_overdue_tickets_once_and_a_late_first_reply_marks_itself(app) {
        let peer = app.spawn_peer().await;
        let customer = app.user(UserRole::User, None).await;
        let packaged = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let mut fast = package(&packaged, -1);
        fast.response_time_guarantee = 15;
        app.store(&fast).await;
        let (_, urgent) = open(&app, &customer, json!({ "subject": "Down", "description": "All down", "category": "technical", "priority": "urgent" })).await;
        let (_, promised) = open(&app, &packaged, ticket("Fifteen minutes")).await;
        let (_, answered) = open(&app, &customer, json!({ "subject": "Quick", "description": "Q", "category": "general", "priority": "urgent" })).await;
        assert_eq!(post(&app, &support, &answered, "reply", "Here").await.0, StatusCode::CREATED);
        let opened = Timestamp::parse(urgent["createdAt"].as_str().unwrap()).unwrap();

        let both = |now: Timestamp| {
            let (app, peer) = (&app, &peer);
            async move {
                let (a, b) = tokio::join!(run_once(&app.state, now), run_once(&peer.state, now));
                a.unwrap().slas_breached + b.unwrap().slas_breached
            }
        };
        assert_eq!(both(opened.plus(Duration::minutes(30))).await, 1, "only the 15-minute promise is past");
        assert_eq!(both(opened.plus(Duration::minutes(45))).await, 0, "marked once");
        assert_eq!(both(opened.plus(Duration::hours(2))).await, 1, "the urgent ticket's hour is past");
        let marked = current(&app, &packaged, &promised).await;
        assert_eq!((marked["slaBreached"].as_bool(), marked["version"].as_i64()), (Some(true), Some(2)), "{marked}");
        let marked = current(&app, &customer, &urgent).await;
        assert_eq!((marked["slaBreached"].as_bool(), marked["version"].as_i64()), (Some(true), Some(2)));
        assert_eq!(current(&app, &customer, &answered).await["slaBreached"], false, "answered in time");

        // A first reply after the due time marks the ticket in its own write.
        let mut old: hjs_model::documents::SupportTicket = serde_json::from_value(answered.clone()).unwrap();
        old.id = ObjectId::new();
        old.ticket_number = "TKT-2020-000001".into();
        old.created_at = Timestamp::now().minus(Duration::hours(3));
        old.first_response_at = None;
        old.last_response_at = None;
        old.version = 1;
        app.store(&old).await;
        let late = serde_json::to_value(&old).unwrap();
        assert_eq!(post(&app, &support, &late, "reply", "Sorry for the wait").await.0, StatusCode::CREATED);
        assert_eq!(current(&app, &customer, &late).await["slaBreached"], true);
    }

    async fn staff_log_time_per_message_and_the_month_resets_once(app) {
        let peer = app.spawn_peer().await;
        let customer = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let plan = package(&customer, 5);
        app.store(&plan).await;
        let (_, made) = open(&app, &customer, ticket("Time")).await;
        let timed = |who: &TestUser, kind: &str, minutes: u32| {
            let body = json!({ "ticketId": made["_id"], "messageType": kind, "content": "Worked on it", "minutesSpent": minutes });
            app.request(Method::PUT, &format!("/support-messages/{}", ObjectId::new()), Some(&who.token))
                .header("If-None-Match", "*")
                .json(&body)
                .send()
        };
        assert_eq!(timed(&support, "reply", 30).await.unwrap().status(), StatusCode::CREATED);
        assert_eq!(timed(&support, "note", 15).await.unwrap().status(), StatusCode::CREATED);
        let refused: Value = timed(&customer, "reply", 10).await.unwrap().json().await.unwrap();
        assert_eq!((refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()), (Some("minutesSpent"), Some("staff_only")));
        let usage = |app: &TestApp| {
            let id = plan.id.to_string();
            let pool = app.state.db.pool.clone();
            async move {
                let body: String = sqlx::query_scalar("SELECT body FROM support_packages WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap();
                serde_json::from_str::<Value>(&body).unwrap()
            }
        };
        let used = usage(&app).await;
        assert_eq!((used["currentUsage"]["ticketsUsed"].as_i64(), used["currentUsage"]["hoursUsed"].as_f64()), (Some(1), Some(0.75)), "{used}");

        let reset_at = plan.current_usage.reset_date;
        let report = |now: Timestamp| {
            let (app, peer) = (&app, &peer);
            async move {
                let (a, b) = tokio::join!(run_once(&app.state, now), run_once(&peer.state, now));
                a.unwrap().support_usage_resets + b.unwrap().support_usage_resets
            }
        };
        assert_eq!(report(reset_at.minus(Duration::minutes(1))).await, 0, "not before the reset date");
        let version = used["version"].as_i64().unwrap();
        assert_eq!(report(reset_at.plus(Duration::minutes(1))).await, 1, "once, with two processes");
        assert_eq!(report(reset_at.plus(Duration::minutes(2))).await, 0);
        let after = usage(&app).await;
        assert_eq!(after["currentUsage"], json!({ "ticketsUsed": 0, "hoursUsed": 0.0, "resetDate": "2027-02-01T00:00:00.000Z" }));
        assert_eq!(after["version"].as_i64(), Some(version + 1));
    }

    async fn a_merge_moves_every_message_in_order_and_closes_the_duplicate_pointing_at_the_target(app) {
        let customer = app.user(UserRole::User, None).await;
        let other = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        app.add_domain(&customer, "merge-one.com", 90).await;
        let (_, target) = open(&app, &customer, ticket("Site down")).await;
        let mut body = ticket("Site still down");
        body["relatedDomains"] = json!(["merge-one.com"]);
        let (_, duplicate) = open(&app, &customer, body).await;
        post(&app, &customer, &target, "reply", "T1").await;
        post(&app, &customer, &duplicate, "reply", "D1").await;
        post(&app, &support, &duplicate, "note", "D2 internal").await;
        post(&app, &customer, &target, "reply", "T2").await;
        post(&app, &customer, &duplicate, "reply", "D3").await;

        let merge = |who: &TestUser, from: &Value, into: &Value| {
            let (from_id, into_id, who) = (from["_id"].as_str().unwrap().to_string(), into["_id"].clone(), who.token.clone());
            let app = &app;
            async move {
                let version = app.get_json(&format!("/support-tickets/{from_id}"), &who).await["version"].to_string();
                let response = app
                    .request(Method::POST, &format!("/support-tickets/{from_id}/merge"), Some(&who))
                    .header("If-Match", version)
                    .json(&json!({ "intoTicketId": into_id }))
                    .send()
                    .await
                    .unwrap();
                (response.status(), response.json::<Value>().await.unwrap())
            }
        };
        let (status, refused) = merge(&customer, &duplicate, &target).await;
        assert_eq!((status, refused["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("staff_only")));
        let (_, theirs) = open(&app, &other, ticket("Someone else")).await;
        let (status, refused) = merge(&support, &duplicate, &theirs).await;
        assert_eq!((status, refused["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("other_customer")));
        assert_eq!(merge(&support, &duplicate, &duplicate).await.1["errors"][0]["code"], "same_ticket");

        let (status, merged) = merge(&support, &duplicate, &target).await;
        assert_eq!(status, StatusCode::OK, "{merged}");
        assert_eq!(merged["duplicate"]["status"], "closed");
        assert_eq!(merged["target"]["relatedDomains"], json!(["merge-one.com"]));
        let contents: Vec<String> = thread(&app, &support, &target).await.iter().map(|m| m["content"].as_str().unwrap().to_string()).collect();
        assert_eq!(&contents[..5], ["T1", "D1", "D2 internal", "T2", "D3"], "every message, in the order written");
        assert!(contents[5].contains(duplicate["ticketNumber"].as_str().unwrap()) && contents[5].contains("The site answers 502"), "{contents:?}");
        // The customer sees the merge, and never the note that moved.
        let theirs: Vec<String> = thread(&app, &customer, &target).await.iter().map(|m| m["content"].as_str().unwrap().to_string()).collect();
        assert!(!theirs.iter().any(|c| c.contains("internal")) && theirs.len() == 5, "{theirs:?}");
        let left: Vec<Value> = thread(&app, &customer, &duplicate).await;
        assert!(left.iter().any(|m| m["content"].as_str().unwrap().contains(target["ticketNumber"].as_str().unwrap())), "{left:?}");
        assert!(left.iter().any(|m| m["statusChange"]["to"] == "closed"));
        // A closed target takes nothing more.
        let (_, third) = open(&app, &customer, ticket("Third")).await;
        change(&app, &support, &third, json!({ "status": "closed" })).await;
        assert_eq!(merge(&support, &target, &third).await.1["errors"][0]["code"], "ticket_closed");
    }

    async fn a_customer_reply_to_a_closed_ticket_opens_a_follow_up_that_points_back(app) {
        let customer = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let (_, made) = open(&app, &customer, ticket("Mail bounces")).await;
        change(&app, &support, &made, json!({ "status": "closed" })).await;
        let answer: Value = app
            .request(Method::PUT, &format!("/support-messages/{}", ObjectId::new()), Some(&customer.token))
            .header("If-None-Match", "*")
            .json(&json!({ "ticketId": made["_id"], "messageType": "reply", "content": "It happens again" }))
            .send().await.unwrap().json().await.unwrap();
        let follow_up = &answer["ticket"];
        assert_ne!(follow_up["_id"], made["_id"]);
        assert_eq!((follow_up["status"].as_str(), follow_up["subject"].as_str()), (Some("open"), Some("Follow-up: Mail bounces")));
        assert!(follow_up["description"].as_str().unwrap().contains(made["ticketNumber"].as_str().unwrap()));
        assert_eq!(answer["message"]["ticketId"], follow_up["_id"]);
        assert_eq!(current(&app, &customer, &made).await["status"], "closed", "the closed ticket stays closed");
        // Staff do not reply to a closed ticket.
        let (status, refused) = post(&app, &support, &made, "reply", "Late").await;
        assert_eq!((status, refused["code"].as_str()), (StatusCode::CONFLICT, Some("ticket_closed")));
    }

    async fn staff_replies_and_status_changes_are_mailed_threaded_and_notes_never(app) {
        let customer = app.user(UserRole::User, None).await;
        let support = app.user(UserRole::Support, None).await;
        let (_, made) = open(&app, &customer, ticket("Mail me")).await;
        let number = made["ticketNumber"].as_str().unwrap().to_string();
        post(&app, &support, &made, "note", "NOTE-NEVER-MAILED").await;
        post(&app, &customer, &made, "reply", "CUSTOMER-OWN-WORDS").await;
        post(&app, &support, &made, "reply", "We restarted the mail server.").await;
        change(&app, &support, &made, json!({ "status": "waiting_customer" })).await;
        // Sent right after each write; the job picks up anything left.
        let mut mails = Vec::new();
        for _ in 0..50 {
            // Quoted-printable soft line breaks joined again.
            mails = app.mails().into_iter().map(|m| m.replace("=\r\n", "").replace("=\n", "")).filter(|m| m.contains(&number)).collect();
            if mails.len() >= 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(mails.len(), 2, "a reply and a status change: {mails:?}");
        let all = mails.join("\n");
        assert!(!all.contains("NOTE-NEVER-MAILED") && !all.contains("CUSTOMER-OWN-WORDS"), "{all}");
        assert!(all.contains("We restarted the mail server.") && all.contains("waiting on customer"), "{all}");
        assert!(all.contains(&format!("https://desk.hostjamstack.com/tickets/{number}")), "with a link: {all}");
        let root = format!("<{}@tickets.hostjamstack.com>", made["_id"].as_str().unwrap());
        for mail in &mails {
            assert!(mail.contains(&format!("In-Reply-To: {root}")) && mail.contains(&format!("References: {root}")), "threaded: {mail}");
            assert!(mail.contains(&customer.email), "to the customer: {mail}");
        }
        assert_eq!(run_once(&app.state, Timestamp::now()).await.unwrap().ticket_mails_sent, 0, "each mail once");
        let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(sent, 2);
    }

    async fn presence_reaches_other_staff_on_the_event_stream_within_a_second_even_from_another_process(app) {
        use futures::StreamExt;
        let customer = app.user(UserRole::User, None).await;
        let sarah = app.user(UserRole::Support, None).await;
        let tomas = app.user(UserRole::Support, None).await;
        let (_, made) = open(&app, &customer, ticket("Together")).await;
        let id = made["_id"].as_str().unwrap().to_string();
        let peer = app.spawn_peer().await;
        // Tomás follows the stream on the other process; the customer on this one.
        let mut stream = peer.get("/sync/events", &tomas.token).await.bytes_stream();
        let mut customer_stream = app.get("/sync/events", &customer.token).await.bytes_stream();
        tokio::time::timeout(std::time::Duration::from_secs(5), stream.next()).await.expect("initial event");
        tokio::time::timeout(std::time::Duration::from_secs(5), customer_stream.next()).await.expect("initial event");
        // Engines differ in how other processes hear (NOTIFY on PostgreSQL;
        // SQLite runs one process), so on SQLite Tomás listens here.
        let mut stream = if app.state.db.engine == hjs_provider::db::Engine::Postgres {
            stream
        } else {
            let mut local = app.get("/sync/events", &tomas.token).await.bytes_stream();
            tokio::time::timeout(std::time::Duration::from_secs(5), local.next()).await.expect("initial event");
            local
        };

        let say = |state: &str| {
            let (id, token, state) = (id.clone(), sarah.token.clone(), state.to_string());
            let app = &app;
            async move {
                app.request(Method::PUT, &format!("/support-tickets/{id}/presence"), Some(&token))
                    .json(&json!({ "state": state }))
                    .send()
                    .await
                    .unwrap()
            }
        };
        let started = std::time::Instant::now();
        let answer: Value = say("typing").await.json().await.unwrap();
        assert_eq!(answer["people"][0]["state"], "typing");
        let mut seen = String::new();
        while !(seen.contains("event: presence") && seen.contains("typing")) {
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(1), stream.next()).await.expect("presence within a second").unwrap().unwrap();
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(1), "{:?}", started.elapsed());
        assert!(seen.contains(&id) && seen.contains("Test support"), "{seen}");
        // "Left" clears it at once.
        say("left").await;
        let mut seen = String::new();
        while !seen.contains("\"people\":[]") {
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(1), stream.next()).await.expect("gone within a second").unwrap().unwrap();
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
        // Customers neither announce nor hear presence.
        let refused = app
            .request(Method::PUT, &format!("/support-tickets/{id}/presence"), Some(&customer.token))
            .json(&json!({ "state": "viewing" }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let heard = tokio::time::timeout(std::time::Duration::from_millis(300), customer_stream.next()).await;
        if let Ok(Some(Ok(chunk))) = heard {
            assert!(!String::from_utf8_lossy(&chunk).contains("presence"), "a customer's stream carries no presence");
        }
    }

    async fn staff_keep_a_library_of_canned_replies_that_no_customer_ever_sees(app) {
        let customer = app.user(UserRole::User, None).await;
        let reseller = app.user(UserRole::Reseller, None).await;
        let support = app.user(UserRole::Support, None).await;
        let id = ObjectId::new();
        let put = |who: &TestUser, body: Value| {
            let token = who.token.clone();
            let app = &app;
            async move {
                let response = app
                    .request(Method::PUT, &format!("/canned-replies/{id}"), Some(&token))
                    .header("If-None-Match", "*")
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                (response.status(), response.json::<Value>().await.unwrap_or_default())
            }
        };
        let reply = json!({ "title": "Propagation", "content": "Hi {{customer.firstName}}, {{domain}} propagates within the hour." });
        assert_eq!(put(&customer, reply.clone()).await.0, StatusCode::FORBIDDEN);
        assert_eq!(put(&reseller, reply.clone()).await.0, StatusCode::FORBIDDEN);
        let (status, refused) = put(&support, json!({ "title": "x", "content": "Dear {{customer.surname}}" })).await;
        assert_eq!((status, refused["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_variable")));
        let (status, made) = put(&support, reply.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["createdBy"], support.id.to_string());
        assert_eq!(put(&support, reply).await.0, StatusCode::PRECONDITION_FAILED, "a replay of the create finds it made");
        let changed = app
            .write_json(Method::PATCH, &format!("/canned-replies/{id}"), &support.token, "1", &json!({ "title": "DNS propagation", "content": "It propagates." }))
            .await;
        assert_eq!((changed["title"].as_str(), changed["version"].as_i64()), (Some("DNS propagation"), Some(2)));

        // Staff read it from the change feed and the snapshot; customers and resellers never.
        let staff_feed = app.get("/sync/changes?since=0&limit=10000", &support.token).await.text().await.unwrap();
        assert!(staff_feed.contains("DNS propagation"));
        for outsider in [&customer, &reseller] {
            let feed = app.get("/sync/changes?since=0&limit=10000", &outsider.token).await.text().await.unwrap();
            let snapshot = app.get("/sync/snapshot", &outsider.token).await.text().await.unwrap();
            assert!(!feed.contains(&id.to_string()) && !snapshot.contains(&id.to_string()), "an outsider holds a canned reply");
        }
        let deleted = app.request(Method::DELETE, &format!("/canned-replies/{id}"), Some(&support.token)).header("If-Match", "2").send().await.unwrap();
        assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
        assert_eq!(app.count("canned_replies").await, 0);
    }
}
