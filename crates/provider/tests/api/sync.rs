//! Scenarios: the change feed and the snapshot the desktop syncs on.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use futures::StreamExt;
use hjs_model::documents::{MessageType, SupportMessage, SupportTicket, TicketCategory, TicketPriority, TicketStatus, UserRole};
use hjs_model::{ObjectId, Timestamp};
use reqwest::Method;
use serde_json::{json, Value};

use crate::both_engines;
use crate::common::{docs, TestApp, TestUser};

/// Reads a whole snapshot: documents by collection and the final seq.
async fn snapshot(app: &TestApp, token: &str) -> (BTreeMap<String, BTreeSet<String>>, i64) {
    let text = app.get("/sync/snapshot", token).await.text().await.unwrap();
    let mut docs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut end = None;
    for line in text.lines() {
        let value: Value = serde_json::from_str(line).expect("each line is JSON");
        match value["type"].as_str() {
            Some("doc") => {
                assert!(end.is_none(), "documents after the end line");
                docs.entry(value["collection"].as_str().unwrap().into()).or_default().insert(value["doc"]["_id"].as_str().unwrap().into());
            }
            Some("end") => end = Some((value["seq"].as_i64().unwrap(), value["documents"].as_u64().unwrap())),
            other => panic!("unexpected line type {other:?}"),
        }
    }
    let (seq, count) = end.expect("a complete snapshot ends with an end line");
    assert_eq!(count as usize, docs.values().map(BTreeSet::len).sum::<usize>(), "end line counts every document");
    (docs, seq)
}

/// All visible changes after `since`, following pages.
async fn changes(app: &TestApp, token: &str, since: i64, limit: u32) -> (Vec<Value>, i64) {
    let mut all = Vec::new();
    let mut since = since;
    loop {
        let page = app.get_json(&format!("/sync/changes?since={since}&limit={limit}"), token).await;
        all.extend(page["changes"].as_array().unwrap().iter().cloned());
        since = page["lastSeq"].as_i64().unwrap();
        if !page["hasMore"].as_bool().unwrap() {
            return (all, since);
        }
    }
}

fn ticket(owner: &TestUser, number: &str) -> SupportTicket {
    let now = Timestamp::now();
    SupportTicket {
        id: ObjectId::new(),
        user_id: owner.id,
        support_package_id: None,
        ticket_number: number.into(),
        subject: "SSL help".into(),
        description: "The certificate is not renewing".into(),
        priority: TicketPriority::High,
        status: TicketStatus::Open,
        category: TicketCategory::Technical,
        subcategory: Some("ssl_certificates".into()),
        assigned_to: None,
        assigned_at: None,
        first_response_at: None,
        last_response_at: None,
        resolved_at: None,
        sla_breached: false,
        related_domains: vec![],
        related_hosting_packages: vec![],
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn message(ticket: &SupportTicket, kind: MessageType, content: &str) -> SupportMessage {
    let now = Timestamp::now();
    SupportMessage {
        id: ObjectId::new(),
        ticket_id: ticket.id,
        user_id: None,
        content: content.into(),
        message_type: kind,
        is_from_customer: false,
        attachments: vec![],
        staff_info: None,
        status_change: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

async fn store_message(app: &TestApp, message: &SupportMessage, owner: &TestUser) {
    let mut tx = app.state.db.begin_write(hjs_provider::db::Audit::Seed).await.unwrap();
    tx.insert_owned_by(message, owner.id).await.unwrap();
    tx.commit().await.unwrap();
}

both_engines! {
    /// Every write appears once, in seq order, and each caller sees only
    /// what their role lets them see.
    async fn the_change_feed_has_every_write_once_in_order_within_each_view(app) {
        let admin = app.user(UserRole::Admin, None).await;
        let reseller = app.user(UserRole::Reseller, None).await;
        let client = app.user(UserRole::User, Some(&reseller)).await;
        let stranger = app.user(UserRole::User, None).await;
        let client_domain = app.add_domain(&client, "client-feed.com", 90).await;
        let stranger_domain = app.add_domain(&stranger, "stranger-feed.com", 90).await;
        for version in 1..=3 {
            app.request(Method::PATCH, &format!("/domains/{}", client_domain.id), Some(&client.token))
                .header("If-Match", version.to_string())
                .json(&json!({ "autoRenew": version % 2 == 0 }))
                .send()
                .await
                .unwrap();
        }

        let (all, head) = changes(&app, &admin.token, 0, 2).await;
        let seqs: Vec<i64> = all.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "strictly increasing: {seqs:?}");
        assert_eq!(seqs.len() as i64, app.count("change_log").await, "staff see every change exactly once");
        assert_eq!(*seqs.last().unwrap(), head);
        let versions: Vec<i64> = all.iter().filter(|c| c["id"] == client_domain.id.to_string()).map(|c| c["doc"]["version"].as_i64().unwrap()).collect();
        assert_eq!(versions, [1, 2, 3, 4], "each write of the domain, in order, with full documents");

        let (client_view, _) = changes(&app, &client.token, 0, 100).await;
        assert!(client_view.iter().all(|c| c["id"] != stranger_domain.id.to_string()), "no other tenant's changes");
        assert!(client_view.iter().any(|c| c["id"] == client_domain.id.to_string()));
        let (reseller_view, _) = changes(&app, &reseller.token, 0, 100).await;
        assert!(reseller_view.iter().any(|c| c["id"] == client_domain.id.to_string()), "a reseller sees their client's changes");
        assert!(reseller_view.iter().all(|c| c["id"] != stranger_domain.id.to_string()));
        let (stranger_view, _) = changes(&app, &stranger.token, 0, 100).await;
        assert!(stranger_view.iter().all(|c| c["id"] != client_domain.id.to_string()));

        let (after_head, same_head) = changes(&app, &admin.token, head, 100).await;
        assert!(after_head.is_empty() && same_head == head, "nothing new after the head");
    }

    /// Internal notes reach staff and never a customer or their reseller.
    async fn internal_notes_reach_staff_only(app) {
        let support = app.user(UserRole::Support, None).await;
        let reseller = app.user(UserRole::Reseller, None).await;
        let customer = app.user(UserRole::User, Some(&reseller)).await;
        let ticket = ticket(&customer, "TKT-2026-9001");
        app.store(&ticket).await;
        let reply = message(&ticket, MessageType::Reply, "We are on it");
        let note = message(&ticket, MessageType::Note, "Customer's DNS is wrong, be gentle");
        store_message(&app, &reply, &customer).await;
        store_message(&app, &note, &customer).await;

        for who in [&customer, &reseller] {
            let (feed, _) = changes(&app, &who.token, 0, 100).await;
            assert!(feed.iter().any(|c| c["id"] == reply.id.to_string()), "{:?} sees the reply", who.role);
            assert!(feed.iter().all(|c| c["id"] != note.id.to_string()), "{:?} must not see the note in the feed", who.role);
            let (snap, _) = snapshot(&app, &who.token).await;
            let messages = snap.get("supportMessages").cloned().unwrap_or_default();
            assert!(messages.contains(&reply.id.to_string()) && !messages.contains(&note.id.to_string()), "{:?} snapshot", who.role);
        }
        let (staff_feed, _) = changes(&app, &support.token, 0, 100).await;
        assert!(staff_feed.iter().any(|c| c["id"] == note.id.to_string()), "staff see internal notes");
    }

    /// The snapshot holds exactly the caller's visible documents and the
    /// seq it reflects; changes after it continue from there.
    async fn a_snapshot_then_changes_give_the_whole_visible_state(app) {
        let reseller = app.user(UserRole::Reseller, None).await;
        let client = app.user(UserRole::User, Some(&reseller)).await;
        let other = app.user(UserRole::User, None).await;
        let mine = app.add_domain(&client, "snap-client.com", 30).await;
        let theirs = app.add_domain(&other, "snap-other.com", 30).await;
        let (snap, seq) = snapshot(&app, &reseller.token).await;
        let users = &snap["users"];
        assert!(users.contains(&reseller.id.to_string()) && users.contains(&client.id.to_string()) && !users.contains(&other.id.to_string()));
        assert!(snap["domains"].contains(&mine.id.to_string()) && !snap["domains"].contains(&theirs.id.to_string()));

        let later = app.add_domain(&client, "snap-later.com", 30).await;
        app.add_domain(&other, "snap-other-later.com", 30).await;
        let (after, _) = changes(&app, &reseller.token, seq, 100).await;
        let ids: Vec<&str> = after.iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [later.id.to_string().as_str()], "exactly the visible change made after the snapshot");
    }

    /// A client moving to another reseller leaves the old reseller's view
    /// as deletes and enters the new one's as upserts.
    async fn an_account_leaving_a_resellers_view_arrives_as_deletes(app) {
        let old = app.user(UserRole::Reseller, None).await;
        let new = app.user(UserRole::Reseller, None).await;
        let client = app.user(UserRole::User, Some(&old)).await;
        let domain = app.add_domain(&client, "moving-client.com", 60).await;
        let (_, old_seq) = changes(&app, &old.token, 0, 100).await;
        let (_, new_seq) = changes(&app, &new.token, 0, 100).await;

        let admin = app.user(UserRole::Admin, None).await;
        let move_to = |who: &TestUser, version: i64, reseller: Option<String>| {
            app.request(Method::PUT, &format!("/clients/{}/reseller", client.id), Some(&who.token))
                .header("If-Match", version.to_string())
                .json(&json!({ "resellerId": reseller }))
                .send()
        };
        assert_eq!(move_to(&old, 1, Some(new.id.to_string())).await.unwrap().status(), 403, "only admins move accounts");
        let moved = move_to(&admin, 1, Some(new.id.to_string())).await.unwrap();
        assert_eq!(moved.status(), 200);
        assert_eq!(moved.json::<Value>().await.unwrap()["resellerId"], new.id.to_string());
        assert_eq!(move_to(&admin, 2, Some(client.id.to_string())).await.unwrap().status(), 422, "a customer is not a reseller");

        let (old_feed, _) = changes(&app, &old.token, old_seq, 100).await;
        let deleted: BTreeSet<&str> = old_feed.iter().filter(|c| c["op"] == "delete").map(|c| c["id"].as_str().unwrap()).collect();
        assert!(deleted.contains(domain.id.to_string().as_str()) && deleted.contains(client.id.to_string().as_str()), "{old_feed:?}");
        assert!(old_feed.iter().all(|c| c["op"] == "delete"), "the old reseller learns nothing new: {old_feed:?}");
        let (new_feed, _) = changes(&app, &new.token, new_seq, 100).await;
        assert!(new_feed.iter().any(|c| c["id"] == domain.id.to_string() && c["op"] == "upsert" && c["doc"]["domainName"] == "moving-client.com"));
        let (old_snap, _) = snapshot(&app, &old.token).await;
        assert!(!old_snap.get("domains").map(|d| d.contains(&domain.id.to_string())).unwrap_or(false));
        let (new_snap, _) = snapshot(&app, &new.token).await;
        assert!(new_snap["domains"].contains(&domain.id.to_string()));
    }

    /// The event stream announces new seqs within moments of a commit.
    async fn the_event_stream_announces_new_seqs(app) {
        let user = app.user(UserRole::User, None).await;
        let response = app.get("/sync/events", &user.token).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
        let mut stream = response.bytes_stream();
        let first = tokio::time::timeout(Duration::from_secs(5), stream.next()).await.expect("initial event").unwrap().unwrap();
        assert!(String::from_utf8_lossy(&first).contains("event: seq"));
        let before = app.count("change_log").await;
        app.add_domain(&user, "events-example.com", 90).await;
        let mut seen = String::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !seen.contains(&format!("data: {}", before + 1)) {
            let chunk = tokio::time::timeout_at(deadline, stream.next()).await.expect("announcement within 5 s").unwrap().unwrap();
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Another provider process on the same database announces commits made
    /// by this one (LISTEN/NOTIFY on PostgreSQL, polling on SQLite).
    async fn a_second_provider_process_announces_commits_of_the_first(app) {
        let user = app.user(UserRole::User, None).await;
        let peer = app.spawn_peer().await;
        let response = peer.get("/sync/events", &user.token).await;
        let mut stream = response.bytes_stream();
        tokio::time::timeout(Duration::from_secs(5), stream.next()).await.expect("initial event");
        let before = app.count("change_log").await;
        app.add_domain(&user, "peer-events.com", 90).await;
        let mut seen = String::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while !seen.contains(&format!("data: {}", before + 1)) {
            let chunk = tokio::time::timeout_at(deadline, stream.next()).await.expect("peer announcement within 5 s").unwrap().unwrap();
            seen.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    async fn bad_change_queries_are_refused(app) {
        let user = app.user(UserRole::User, None).await;
        assert_eq!(app.get("/sync/changes?since=-1", &user.token).await.status(), 422);
        assert_eq!(app.get("/sync/changes?since=0&limit=0", &user.token).await.status(), 422);
        assert_eq!(app.get("/sync/changes?since=0&limit=10001", &user.token).await.status(), 422);
        let missing = app.get("/sync/changes", &user.token).await;
        assert_eq!(missing.status(), 422);
        assert_eq!(missing.json::<Value>().await.unwrap()["errors"][0]["field"], "since", "since is required");
        let _ = docs::notification(&user, "unused");
    }
}
