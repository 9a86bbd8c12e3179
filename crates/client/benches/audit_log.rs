//! Audit-log benchmark: `cargo bench -p hjs-client --bench audit_log`.
//!
//! Fills a fresh cache with `HJS_BENCH_EVENTS` audit events (100,000 by
//! default) written the way sync writes them, by 200 people (one of whom
//! made only 5 changes) over a year, about documents of five collections,
//! and times the audit screen's reads (`hjs_client::audit`), 20 runs each:
//! the first page, a page deep in the log (keyset), each filter, free-text
//! searches that fill a page at once or have to read the whole log, and
//! the CSV of a filter.
//!
//! It prints numbers; nothing passes or fails. Run without `--bench` (as
//! `cargo test --all-targets` does) it makes a quick smoke run with 2,000
//! events.

use std::time::Instant;

use hjs_client::audit::{self, AuditQuery};
use hjs_client::cache::{self, Cache, Row};
use hjs_model::{Collection, ObjectId};
use serde_json::json;

const PEOPLE: usize = 200;

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let events = if benching { std::env::var("HJS_BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000) } else { 2_000 };
    let runs = if benching { 20 } else { 2 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(events, runs))
}

async fn run(events: usize, runs: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let cache = Cache::open(&dir.path().join("cache.db")).await?;
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("\nHostJamstack audit log benchmark — SQLite, {profile} build, {events} events, {runs} runs per read");

    let people: Vec<ObjectId> = (0..PEOPLE).map(|_| ObjectId::new()).collect();
    let mut rows = Vec::with_capacity(PEOPLE + events);
    for (i, id) in people.iter().enumerate() {
        let role = match i % 20 {
            0 => "admin",
            1 | 2 => "support",
            3..=6 => "reseller",
            _ => "user",
        };
        let user = json!({"_id": id, "version": 1, "email": format!("person{i}@example.com"), "firstName": "Person", "lastName": format!("{i}"), "role": role, "createdAt": "2026-01-01T00:00:00.000Z"});
        rows.push(Row::from_json(Collection::Users, user.to_string())?);
    }
    let started = Instant::now();
    let rare = people[PEOPLE - 1];
    for n in 0..events {
        // The last person made only five changes, spread over the log.
        let actor = if n % (events / 5).max(1) == 7 { rare } else { people[n % (PEOPLE - 1)] };
        let (collection, before, after) = match n % 5 {
            0 => (
                Collection::Domains,
                json!({"_id": "x", "domainName": format!("domain-{}.com", n % 10_000), "autoRenew": false, "nameservers": ["ns1.example.net"], "status": "active", "version": 1}),
                json!({"_id": "x", "domainName": format!("domain-{}.com", n % 10_000), "autoRenew": true, "nameservers": ["ns1.example.net"], "status": "active", "version": 2}),
            ),
            1 | 2 => (
                Collection::DnsRecords,
                json!({"_id": "x", "name": format!("host{}", n % 300), "type": "A", "value": "192.0.2.1", "ttl": 3600, "version": 1}),
                json!({"_id": "x", "name": format!("host{}", n % 300), "type": "A", "value": "192.0.2.2", "ttl": 300, "version": 2}),
            ),
            3 => (
                Collection::EmailForwardings,
                json!({"_id": "x", "fromEmail": format!("info@domain-{}.com", n % 10_000), "toEmails": ["a@example.org"], "version": 1}),
                json!({"_id": "x", "fromEmail": format!("info@domain-{}.com", n % 10_000), "toEmails": ["b@example.org"], "version": 2}),
            ),
            _ => (
                Collection::SupportTickets,
                json!({"_id": "x", "ticketNumber": format!("TKT-{n}"), "status": "open", "subject": "Mail is not arriving", "version": 1}),
                json!({"_id": "x", "ticketNumber": format!("TKT-{n}"), "status": "resolved", "subject": "Mail is not arriving", "version": 2}),
            ),
        };
        // A year of events, about one every five minutes.
        let at = hjs_model::Timestamp::parse("2026-01-01T00:00:00Z")?.plus(chrono::Duration::seconds((n as i64) * 315));
        let via = if n % 10 == 0 {
            json!({"userId": null, "role": null, "via": "job", "detail": "renewals"})
        } else {
            json!({"userId": actor, "role": "user", "via": if n % 7 == 0 { "api_token" } else { "desktop" }})
        };
        let event = json!({
            "_id": ObjectId::new(), "userId": people[n % PEOPLE], "actor": via, "collection": collection,
            "docId": ObjectId::new(), "operation": if n % 50 == 0 { "delete" } else { "update" },
            "before": before, "after": if n % 50 == 0 { serde_json::Value::Null } else { after },
            "createdAt": at, "version": 1,
        });
        rows.push(Row::from_json(Collection::AuditEvents, event.to_string())?);
    }
    let mut tx = cache.pool.begin().await?;
    cache::upsert_rows(&mut tx, rows).await?;
    tx.commit().await?;
    println!("cache filled in {:.1} s", started.elapsed().as_secs_f64());

    let first = audit::events(&cache, &AuditQuery::default()).await?;
    let doc = first.items[0].event.doc_id.to_string();
    // A cursor half-way down the log.
    let mut deep = AuditQuery { limit: 1_000, ..AuditQuery::default() };
    for _ in 0..(events / 2_000) {
        deep.after = audit::events(&cache, &deep).await?.next;
    }
    let q = AuditQuery::default;
    let cases: Vec<(&str, AuditQuery)> = vec![
        ("first page (50)", q()),
        ("a page half-way down (keyset)", AuditQuery { after: deep.after.clone(), ..q() }),
        ("user: one of 200 people, by id", AuditQuery { user: Some(people[3].to_string()), ..q() }),
        ("user: by part of an address", AuditQuery { user: Some("person42@".into()), ..q() }),
        ("user: someone with 5 changes", AuditQuery { user: Some(rare.to_string()), ..q() }),
        ("via: api_token", AuditQuery { via: Some("api_token".into()), ..q() }),
        ("via: anonymous (no such event)", AuditQuery { via: Some("anonymous".into()), ..q() }),
        ("role: support, action: delete", AuditQuery { role: Some("support".into()), action: Some("delete".into()), ..q() }),
        ("collection: supportTickets", AuditQuery { collection: Some("supportTickets".into()), ..q() }),
        ("action: delete", AuditQuery { action: Some("delete".into()), ..q() }),
        ("document: one id", AuditQuery { doc_id: Some(doc), ..q() }),
        ("since/until: one day", AuditQuery { since: Some("2026-06-01".into()), until: Some("2026-06-01".into()), ..q() }),
        ("search: common words", AuditQuery { search: Some("autorenew domain".into()), ..q() }),
        ("search: one ticket's number", AuditQuery { search: Some("TKT-12344".into()), ..q() }),
        ("search: a word no event has", AuditQuery { search: Some("nowhere".into()), ..q() }),
        ("search: a summary word only", AuditQuery { search: Some("deleted".into()), ..q() }),
        ("search + collection", AuditQuery { search: Some("host12".into()), collection: Some("dnsRecords".into()), ..q() }),
    ];
    println!("\n| read | rows | median | max |\n|---|---|---|---|");
    for (name, query) in cases {
        let mut times = Vec::with_capacity(runs);
        let mut found = 0;
        for _ in 0..runs {
            let started = Instant::now();
            found = audit::events(&cache, &query).await?.items.len();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!("| {name} | {found} | {:.1} ms | {:.1} ms |", times[times.len() / 2], times[times.len() - 1]);
    }
    let started = Instant::now();
    let (csv, n) = audit::audit_csv(&cache, &AuditQuery { collection: Some("domains".into()), ..q() }).await?;
    println!(
        "| CSV of collection: domains | {n} | {:.0} ms ({:.1} MB) | |",
        started.elapsed().as_secs_f64() * 1000.0,
        csv.len() as f64 / 1e6
    );
    Ok(())
}
