//! Scenarios: seed.
//!
//! The demo data set fills every collection once, only once, with documents
//! that decode into their types, keeps its secrets out of every body, and
//! lets the demo reseller sign in and see its clients' domains. The large
//! generator writes exactly what its spec says, with a change log identical
//! in shape to the ordinary write path's.

use std::collections::BTreeSet;

use hjs_model::documents::{
    AuditEvent, Deployment, DnsRecord, Domain, DomainOrder, DomainTransfer, EmailForwarding, HostingPackage, HostingProject, Notification,
    PaymentMethod, SupportMessage, SupportPackage, SupportTicket, User, ZoneVersion,
};
use hjs_model::{Collection, DomainName};
use hjs_provider::seed::{self, LargeSpec};
use hjs_provider::store::table_of;
use serde_json::Value;

use crate::both_engines;
use crate::common::TestApp;

async fn counts(app: &TestApp) -> Vec<(Collection, i64)> {
    let mut out = Vec::new();
    for collection in Collection::ALL {
        out.push((*collection, app.count(table_of(*collection)).await));
    }
    out
}

async fn scalar(app: &TestApp, sql: &str, binds: &[&str]) -> i64 {
    let mut query = sqlx::query_scalar::<_, i64>(sql);
    for bind in binds {
        query = query.bind(bind.to_string());
    }
    query.fetch_one(&app.state.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn bodies(app: &TestApp, table: &str) -> Vec<String> {
    sqlx::query_scalar::<_, String>(&format!("SELECT body FROM {table} WHERE body IS NOT NULL"))
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

/// Decodes a stored body into the document type of its collection.
fn decode(collection: Collection, body: &str) -> Result<(), serde_json::Error> {
    match collection {
        Collection::Users => serde_json::from_str::<User>(body).map(drop),
        Collection::Domains => serde_json::from_str::<Domain>(body).map(drop),
        Collection::DnsRecords => serde_json::from_str::<DnsRecord>(body).map(drop),
        Collection::EmailForwardings => serde_json::from_str::<EmailForwarding>(body).map(drop),
        Collection::DomainTransfers => serde_json::from_str::<DomainTransfer>(body).map(drop),
        Collection::DomainOrders => serde_json::from_str::<DomainOrder>(body).map(drop),
        Collection::PaymentMethods => serde_json::from_str::<PaymentMethod>(body).map(drop),
        Collection::HostingPackages => serde_json::from_str::<HostingPackage>(body).map(drop),
        Collection::HostingProjects => serde_json::from_str::<HostingProject>(body).map(drop),
        Collection::Deployments => serde_json::from_str::<Deployment>(body).map(drop),
        Collection::SupportPackages => serde_json::from_str::<SupportPackage>(body).map(drop),
        Collection::SupportTickets => serde_json::from_str::<SupportTicket>(body).map(drop),
        Collection::SupportMessages => serde_json::from_str::<SupportMessage>(body).map(drop),
        Collection::Notifications => serde_json::from_str::<Notification>(body).map(drop),
        Collection::AuditEvents => serde_json::from_str::<AuditEvent>(body).map(drop),
        Collection::ZoneVersions => serde_json::from_str::<ZoneVersion>(body).map(drop),
        Collection::CannedReplies => serde_json::from_str::<hjs_model::support::canned::CannedReply>(body).map(drop),
    }
}

/// Every stored body of every collection and of the change log decodes
/// into its document type.
async fn assert_every_body_decodes(app: &TestApp) {
    for collection in Collection::ALL {
        for body in bodies(app, table_of(*collection)).await {
            decode(*collection, &body).unwrap_or_else(|e| panic!("{collection} body does not decode: {e}\n{body}"));
        }
        let logged: Vec<String> = sqlx::query_scalar("SELECT body FROM change_log WHERE collection = $1 AND body IS NOT NULL")
            .bind(collection.as_str())
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        for body in logged {
            decode(*collection, &body).unwrap_or_else(|e| panic!("{collection} change-log body does not decode: {e}\n{body}"));
        }
    }
}

/// Every document of every collection is announced in the change log.
async fn assert_change_log_has_every_document(app: &TestApp) {
    for collection in Collection::ALL {
        let table = table_of(*collection);
        let missing = scalar(
            app,
            &format!(
                "SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM change_log c WHERE c.collection = $1 AND c.doc_id = t.id)"
            ),
            &[collection.as_str()],
        )
        .await;
        assert_eq!(missing, 0, "{collection}: documents missing from the change log");
    }
    let (rows, max) = (app.count("change_log").await, scalar(app, "SELECT COALESCE(MAX(seq), 0) FROM change_log", &[]).await);
    assert_eq!(rows, max, "change-log seqs are gap-free from 1");
    assert_eq!(scalar(app, "SELECT seq FROM change_counter WHERE id = 1", &[]).await, max);
}

/// seq, collection, owner, reseller, audience of a change-log row.
type LogRow = (i64, String, Option<String>, Option<String>, String);

async fn user_id(app: &TestApp, email: &str) -> String {
    sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email).fetch_one(&app.state.db.pool).await.unwrap()
}

both_engines! {
    async fn demo_fills_every_collection_and_loads_only_once(app) {
        let summary = seed::demo(&app.state.db, &*app.state.files).await.unwrap();
        assert!(summary.contains("demo data loaded") && summary.contains(seed::DEMO_PASSWORD), "{summary}");
        let first = counts(&app).await;
        for (collection, n) in &first {
            // Nothing is audited or planned until someone changes something.
            if matches!(collection, Collection::AuditEvents | Collection::ZoneVersions) {
                continue;
            }
            assert!(*n > 0, "the demo leaves {collection} empty");
        }
        let by = |c: Collection| first.iter().find(|(x, _)| *x == c).map(|(_, n)| *n).unwrap();
        assert_eq!(by(Collection::Users), seed::DEMO_ACCOUNTS.len() as i64);
        assert_eq!(by(Collection::Domains), 40);
        assert_change_log_has_every_document(&app).await;
        let logged = app.count("change_log").await;

        let again = seed::demo(&app.state.db, &*app.state.files).await.unwrap();
        assert!(again.contains("already present"), "{again}");
        assert_eq!(counts(&app).await, first, "a second run must not insert anything");
        assert_eq!(app.count("change_log").await, logged);
        assert_eq!(app.count("user_secrets").await, seed::DEMO_ACCOUNTS.len() as i64);
        assert_eq!(app.count("attachments").await, 7, "each demo attachment once");
    }

    async fn demo_attachments_are_real_files_the_desk_can_open(app) {
        seed::demo(&app.state.db, &*app.state.files).await.unwrap();
        let admin = app.sign_in(seed::DEMO_ADMIN_EMAIL, seed::DEMO_PASSWORD).await;
        let (id, mime, size): (String, String, i64) =
            sqlx::query_as("SELECT id, mime_type, file_size FROM attachments WHERE filename = 'zertifikat-fehler.png'").fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(mime, "image/png");
        let served = app.get(&format!("/attachments/{id}"), &admin).await;
        assert_eq!(served.status(), 200);
        let bytes = served.bytes().await.unwrap();
        assert_eq!(bytes.len() as i64, size);
        assert!(bytes.starts_with(b"\x89PNG"));
    }

    async fn demo_documents_decode_and_cover_every_kind(app) {
        seed::demo(&app.state.db, &*app.state.files).await.unwrap();
        assert_every_body_decodes(&app).await;

        let distinct = |sql: &'static str| {
            let pool = app.state.db.pool.clone();
            async move { sqlx::query_scalar::<_, String>(sql).fetch_all(&pool).await.unwrap().into_iter().collect::<BTreeSet<_>>() }
        };
        let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(distinct("SELECT DISTINCT status FROM domains").await, set(&["active", "expired", "pending", "suspended", "transferred"]));
        assert_eq!(distinct("SELECT DISTINCT type FROM dns_records").await, set(&["A", "AAAA", "CNAME", "MX", "NS", "PTR", "SRV", "TXT"]));
        assert_eq!(distinct("SELECT DISTINCT status FROM domain_transfers").await, set(&["approved", "completed", "failed", "pending", "rejected"]));
        assert_eq!(distinct("SELECT DISTINCT status FROM domain_orders").await, set(&["completed", "failed", "pending", "processing", "refunded"]));
        assert_eq!(distinct("SELECT DISTINCT status FROM hosting_packages").await, set(&["active", "cancelled", "pending", "suspended"]));
        assert_eq!(distinct("SELECT DISTINCT status FROM deployments").await, set(&["building", "cancelled", "error", "ready"]));
        assert_eq!(distinct("SELECT DISTINCT status FROM support_packages").await, set(&["active", "cancelled", "expired"]));
        assert_eq!(distinct("SELECT DISTINCT status FROM support_tickets").await, set(&["closed", "in_progress", "open", "resolved", "waiting_customer"]));
        assert_eq!(distinct("SELECT DISTINCT priority FROM support_tickets").await, set(&["high", "low", "normal", "urgent"]));

        let docs = |table: &'static str| {
            let pool = app.state.db.pool.clone();
            async move {
                sqlx::query_scalar::<_, String>(&format!("SELECT body FROM {table}"))
                    .fetch_all(&pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|b| serde_json::from_str::<Value>(b).unwrap())
                    .collect::<Vec<_>>()
            }
        };
        // An internationalized domain, stored in ASCII form.
        let idn = DomainName::parse("bäckerei-müller.de").unwrap();
        let domains = docs("domains").await;
        assert!(domains.iter().any(|d| d["domainName"] == idn.as_str()));
        assert!(domains.iter().any(|d| d["useDefaultNameservers"] == false));
        // Expirations spread over the renewal-risk windows.
        let now = hjs_model::Timestamp::now();
        let expiring_within = |days: i64| {
            domains
                .iter()
                .filter(|d| {
                    let at = hjs_model::Timestamp::parse(d["expirationDate"].as_str().unwrap()).unwrap();
                    at > now && at < now.plus(chrono::Duration::days(days))
                })
                .count()
        };
        for days in [1, 7, 30, 60, 90] {
            assert!(expiring_within(days) > 0, "no domain expires within {days} days");
        }
        assert!(expiring_within(1) < expiring_within(7) && expiring_within(60) < expiring_within(90));
        let forwards = docs("email_forwardings").await;
        assert!(forwards.iter().any(|f| f["catchAll"] == true && f["fromEmail"].as_str().unwrap().starts_with("*@")));
        let messages = docs("support_messages").await;
        for kind in ["reply", "note", "status_change"] {
            assert!(messages.iter().any(|m| m["messageType"] == kind), "no {kind} message");
        }
        assert!(messages.iter().any(|m| m["messageType"] == "status_change" && m["statusChange"]["to"].is_string()));
        assert!(messages.iter().any(|m| m["staffInfo"]["name"].is_string() && m["userId"].is_null()));
        assert!(messages.iter().any(|m| m["attachments"].as_array().is_some_and(|a| !a.is_empty())));
        let notifications = docs("notifications").await;
        for kind in ["domain_expiring", "transfer_complete", "dns_changed"] {
            assert!(notifications.iter().any(|n| n["type"] == kind), "no {kind} notification");
        }
        assert!(notifications.iter().any(|n| n["isRead"] == true) && notifications.iter().any(|n| n["isRead"] == false));
        let methods = docs("payment_methods").await;
        for kind in ["card", "paypal", "bank_account"] {
            assert!(methods.iter().any(|m| m["type"] == kind), "no {kind} payment method");
        }
        let orders = docs("domain_orders").await;
        assert!(orders.iter().any(|o| o["currency"] == "EUR") && orders.iter().any(|o| o["currency"] == "USD"));
        assert!(orders.iter().all(|o| o["orderNumber"].as_str().unwrap().starts_with("ORD-")));
        let transfers = docs("domain_transfers").await;
        assert!(transfers.iter().any(|t| t["transferType"] == "incoming") && transfers.iter().any(|t| t["transferType"] == "outgoing"));
        assert!(transfers.iter().all(|t| !t["notifications"].as_array().unwrap().is_empty()));
        let deployments = docs("deployments").await;
        assert!(deployments.iter().all(|d| !d["buildLogs"].as_array().unwrap().is_empty()));
        // Internal notes are announced to staff only.
        let notes = scalar(&app, "SELECT COUNT(*) FROM support_messages WHERE internal = 1", &[]).await;
        let staff_rows = scalar(&app, "SELECT COUNT(*) FROM change_log WHERE collection = 'supportMessages' AND audience = 'staff'", &[]).await;
        assert!(notes > 0);
        assert_eq!(notes, staff_rows);
    }

    async fn demo_reseller_signs_in_and_sees_its_clients_domains(app) {
        seed::demo(&app.state.db, &*app.state.files).await.unwrap();
        let token = app.sign_in(seed::DEMO_RESELLER_EMAIL, seed::DEMO_PASSWORD).await;
        let page = app.get_json("/domains?limit=500", &token).await;
        let names: BTreeSet<String> = page["items"].as_array().unwrap().iter().map(|d| d["domainName"].as_str().unwrap().to_string()).collect();
        let idn = DomainName::parse("bäckerei-müller.de").unwrap();
        for mine in ["northwind-reseller.com", "baeckerei-mueller.de", idn.as_str(), "carterplumbing.com", "lotusyoga.co.uk", "trattoria-bianchi.it"] {
            assert!(names.contains(mine), "the reseller must see {mine}; saw {names:?}");
        }
        for not_mine in ["brightpath.io", "sophielaurent.design", "browndental.com.au", "harborwebpartners.com"] {
            assert!(!names.contains(not_mine), "the reseller must not see {not_mine}");
        }
        let expected = scalar(
            &app,
            "SELECT COUNT(*) FROM domains WHERE owner_id IN (SELECT id FROM users WHERE id = $1 OR reseller_id = $1)",
            &[&user_id(&app, seed::DEMO_RESELLER_EMAIL).await],
        )
        .await;
        assert_eq!(names.len() as i64, expected);
        assert_eq!(expected, 22);

        // Every demo account signs in with the documented password.
        for (email, _) in seed::DEMO_ACCOUNTS.iter().filter(|(e, _)| e.starts_with("admin") || e.starts_with("olivia")) {
            app.sign_in(email, seed::DEMO_PASSWORD).await;
        }
    }

    async fn demo_secrets_never_appear_in_documents(app) {
        seed::demo(&app.state.db, &*app.state.files).await.unwrap();
        let codes: Vec<String> = sqlx::query_scalar("SELECT auth_code FROM domain_transfers WHERE auth_code IS NOT NULL")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
        let values: Vec<String> = sqlx::query_scalar("SELECT value FROM project_secrets").fetch_all(&app.state.db.pool).await.unwrap();
        assert_eq!(codes.len() as i64, app.count("domain_transfers").await, "every demo transfer has an auth code");
        assert!(values.len() >= 2, "the demo has secret environment variables");
        let secrets: Vec<&String> = codes.iter().chain(values.iter()).collect();
        let mut tables: Vec<&str> = Collection::ALL.iter().map(|c| table_of(*c)).collect();
        tables.push("change_log");
        for table in tables {
            for body in bodies(&app, table).await {
                for secret in &secrets {
                    assert!(!body.contains(secret.as_str()), "a {table} body holds a secret");
                }
                assert!(!body.contains("authCode") && !body.contains("password"), "a {table} body holds a secret field");
            }
        }
        // The secret variables are in the documents, without their values.
        let projects = bodies(&app, "hosting_projects").await;
        let secret_vars: Vec<Value> = projects
            .iter()
            .flat_map(|b| serde_json::from_str::<Value>(b).unwrap()["environmentVariables"].as_array().unwrap().clone())
            .filter(|v| v["isSecret"] == true)
            .collect();
        assert_eq!(secret_vars.len(), values.len());
        assert!(secret_vars.iter().all(|v| v["value"].is_null()));
    }

    async fn large_data_set_is_exact_beside_the_demo_and_logged_like_ordinary_writes(app) {
        seed::demo(&app.state.db, &*app.state.files).await.unwrap();
        let before = counts(&app).await;
        let logged_before = app.count("change_log").await;
        let spec = LargeSpec { clients: 7, domains: 61, dns_records: 700, tickets: 23, messages: 181, docs_per_transaction: 150 };
        let summary = seed::generate_large(&app.state.db, spec).await.unwrap();
        assert!(summary.contains("large data set loaded"), "{summary}");
        let expected = |c: Collection| -> i64 {
            (match c {
                Collection::Users => spec.users(),
                Collection::Domains => spec.domains,
                Collection::DnsRecords => spec.dns_records,
                Collection::EmailForwardings => spec.email_forwardings(),
                Collection::DomainTransfers => spec.domain_transfers(),
                Collection::DomainOrders => spec.domain_orders(),
                Collection::PaymentMethods => spec.payment_methods(),
                Collection::HostingPackages => spec.hosting_packages(),
                Collection::HostingProjects => spec.hosting_projects(),
                Collection::Deployments => spec.deployments(),
                Collection::SupportPackages => spec.support_packages(),
                Collection::SupportTickets => spec.tickets,
                Collection::SupportMessages => spec.messages,
                Collection::Notifications => spec.notifications(),
                // The seed writes the starting state: nothing to audit, no plans
                // applied; the desk's canned replies come with the demo only.
                Collection::AuditEvents | Collection::ZoneVersions | Collection::CannedReplies => 0,
            }) as i64
        };
        for ((collection, now), (_, was)) in counts(&app).await.into_iter().zip(before) {
            assert_eq!(now - was, expected(collection), "{collection}");
        }
        assert_eq!(app.count("change_log").await - logged_before, spec.total_documents() as i64);
        assert_change_log_has_every_document(&app).await;
        assert_every_body_decodes(&app).await;

        // Owner, reseller and audience exactly as the ordinary write path sets them.
        let reseller = user_id(&app, seed::LARGE_RESELLER_EMAIL).await;
        let rows: Vec<LogRow> =
            sqlx::query_as("SELECT seq, collection, owner_id, reseller_id, audience FROM change_log").fetch_all(&app.state.db.pool).await.unwrap();
        let users: Vec<(String, Option<String>)> = sqlx::query_as("SELECT id, reseller_id FROM users").fetch_all(&app.state.db.pool).await.unwrap();
        let reseller_of = |owner: &str| users.iter().find(|(id, _)| id == owner).and_then(|(_, r)| r.clone());
        let mut client_rows = 0;
        for (seq, collection, owner, row_reseller, audience) in rows.iter().filter(|r| r.0 > logged_before) {
            let owner = owner.as_deref().unwrap_or_else(|| panic!("seq {seq} has no owner"));
            assert_eq!(row_reseller.clone(), reseller_of(owner), "seq {seq} ({collection})");
            if row_reseller.as_deref() == Some(reseller.as_str()) {
                client_rows += 1;
            }
            assert!(audience == "all" || (audience == "staff" && collection == "supportMessages"), "seq {seq}: audience {audience}");
        }
        assert!(client_rows > 0);
        let notes = scalar(&app, "SELECT COUNT(*) FROM support_messages WHERE internal = 1", &[]).await;
        let canned = scalar(&app, "SELECT COUNT(*) FROM canned_replies", &[]).await;
        let staff_rows = scalar(&app, "SELECT COUNT(*) FROM change_log WHERE audience = 'staff'", &[]).await;
        assert_eq!(notes + canned, staff_rows, "the staff audience holds the notes and the demo's canned replies");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM project_secrets", &[]).await, 2 + spec.hosting_projects().div_ceil(5) as i64);

        // The reseller's snapshot holds its whole account: everything generated
        // except the two support staff and the internal notes.
        let token = app.sign_in(seed::LARGE_RESELLER_EMAIL, seed::DEMO_PASSWORD).await;
        let text = app.get("/sync/snapshot", &token).await.text().await.unwrap();
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        let end = lines.last().unwrap();
        assert_eq!(end["type"], "end");
        let large_notes = scalar(
            &app,
            "SELECT COUNT(*) FROM support_messages WHERE internal = 1 AND owner_id IN (SELECT id FROM users WHERE reseller_id = $1)",
            &[&reseller],
        )
        .await;
        assert_eq!(end["documents"].as_i64().unwrap(), spec.total_documents() as i64 - 2 - large_notes);

        let again = seed::generate_large(&app.state.db, spec).await.unwrap();
        assert!(again.contains("already present"), "{again}");
    }
}
