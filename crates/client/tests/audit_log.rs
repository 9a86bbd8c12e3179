//! Scenarios: searching a long audit log. A search reads the newest events
//! in order, then looks through the rest at once, with SQL ruling out
//! what cannot match; whichever way an event is found, the result is
//! exactly the events whose words match, newest first, and paging through
//! it misses and repeats nothing. Filters read from each event's JSON
//! (operation, channel) find rare events the same way. Domain names shown in Unicode, words of
//! the summary itself and the actor's name are found too, though none of
//! them is in the event's JSON as typed.

use hjs_client::audit::{self, AuditEntry, AuditQuery};
use hjs_client::cache::{self, Cache, Row};
use hjs_model::{Collection, ObjectId, Timestamp};
use serde_json::{json, Value};

/// More than a page reads in order before it scans the rest.
const EVENTS: usize = 6_000;

struct Log {
    cache: Cache,
    _dir: tempfile::TempDir,
    ada: ObjectId,
}

fn event(n: usize, actor: ObjectId, collection: Collection, operation: &str, before: Value, after: Value) -> Row {
    let at = Timestamp::parse("2026-01-01T00:00:00Z").unwrap().plus(chrono::Duration::seconds(n as i64));
    let body = json!({
        "_id": ObjectId::new(), "userId": ObjectId::new(), "actor": {"userId": actor, "role": "admin", "via": "desktop"},
        "collection": collection, "docId": ObjectId::new(), "operation": operation,
        "before": before, "after": after, "createdAt": at, "version": 1,
    });
    Row::from_json(Collection::AuditEvents, body.to_string()).unwrap()
}

/// A log of DNS record changes by Bob, with a few older events of other
/// kinds by Ada far below the newest ones.
async fn log() -> Log {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("cache.db")).await.unwrap();
    let (ada, bob) = (ObjectId::new(), ObjectId::new());
    let person = |id: ObjectId, email: &str, first: &str, last: &str| {
        let user = json!({"_id": id, "version": 1, "email": email, "firstName": first, "lastName": last, "role": "admin", "createdAt": "2026-01-01T00:00:00.000Z"});
        Row::from_json(Collection::Users, user.to_string()).unwrap()
    };
    let mut rows = vec![person(ada, "ada@example.com", "Ada", "Lovelace"), person(bob, "bob@example.com", "Bob", "Stone")];
    for n in 0..EVENTS {
        rows.push(match n {
            5 => event(
                n,
                ada,
                Collection::Domains,
                "update",
                json!({"domainName": "xn--bckerei-mller-bfb28a.de", "autoRenew": true}),
                json!({"domainName": "xn--bckerei-mller-bfb28a.de", "autoRenew": false}),
            ),
            10 => event(
                n,
                ada,
                Collection::EmailForwardings,
                "delete",
                json!({"fromEmail": "sales@example.org", "toEmails": ["a@b.c"]}),
                Value::Null,
            ),
            _ => event(
                n,
                bob,
                Collection::DnsRecords,
                "update",
                json!({"name": format!("host{n}"), "type": "A", "value": "192.0.2.1"}),
                json!({"name": format!("host{n}"), "type": "A", "value": "192.0.2.2"}),
            ),
        });
    }
    let mut tx = cache.pool.begin().await.unwrap();
    cache::upsert_rows(&mut tx, rows).await.unwrap();
    tx.commit().await.unwrap();
    Log { cache, _dir: dir, ada }
}

fn names(entries: &[AuditEntry]) -> Vec<String> {
    entries.iter().map(|e| e.document.clone().unwrap_or_default()).collect()
}

async fn search(log: &Log, text: &str) -> Vec<AuditEntry> {
    audit::every_event(&log.cache, &AuditQuery { search: Some(text.into()), ..AuditQuery::default() }).await.unwrap()
}

#[tokio::test]
async fn old_events_are_found_by_what_people_read_not_only_by_their_json() {
    let log = log().await;
    assert_eq!(names(&search(&log, "müller").await), ["bäckerei-müller.de"], "the Unicode name of an IDN");
    assert_eq!(names(&search(&log, "ller.de").await), ["bäckerei-müller.de"], "ASCII text of the Unicode name, not in the JSON");
    assert_eq!(names(&search(&log, "sales@example.org deleted").await), ["sales@example.org"], "a summary word with the address");
    assert_eq!(names(&search(&log, "LOVELACE autorenew").await), ["bäckerei-müller.de"], "the actor's name and the field changed");
    assert_eq!(names(&search(&log, "host7").await).len(), 1 + 10 + 100, "host7, host70 to host79, host700 to host799");
    assert!(search(&log, "nowhere").await.is_empty());
    let deletes = audit::every_event(&log.cache, &AuditQuery { action: Some("delete".into()), ..AuditQuery::default() }).await.unwrap();
    assert_eq!(names(&deletes), ["sales@example.org"], "a rare operation, far below the newest events");
    let none = AuditQuery { via: Some("api_token".into()), limit: 1, ..AuditQuery::default() };
    assert_eq!(audit::events(&log.cache, &none).await.unwrap(), audit::AuditPage { items: vec![], next: None });
}

#[tokio::test]
async fn a_search_finds_exactly_the_matching_events_in_order_and_pages_through_them_once() {
    let log = log().await;
    let everything = audit::every_event(&log.cache, &AuditQuery::default()).await.unwrap();
    assert_eq!(everything.len(), EVENTS);
    for (text, limit) in
        [("host25", 7), ("192.0.2 host1", 200), ("stone host99", 7), ("ada", 7), ("a.de", 7), ("deleted", 7), ("müller", 7), ("value", 500)]
    {
        let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
        let expected: Vec<&AuditEntry> = everything.iter().filter(|e| e.matches(&words)).collect();
        let mut paged = Vec::new();
        let mut query = AuditQuery { search: Some(text.into()), limit, ..AuditQuery::default() };
        loop {
            let page = audit::events(&log.cache, &query).await.unwrap();
            assert!(page.items.len() <= limit as usize);
            paged.extend(page.items);
            match page.next {
                Some(next) => query.after = Some(next),
                None => break,
            }
        }
        assert_eq!(paged.iter().collect::<Vec<_>>(), expected, "'{text}': the same events as matching each one, newest first");
    }
    let query = AuditQuery { user: Some(log.ada.to_string()), search: Some("ller".into()), ..AuditQuery::default() };
    let by_ada = audit::every_event(&log.cache, &query).await.unwrap();
    assert_eq!(names(&by_ada), ["bäckerei-müller.de"], "search and filters together");
}
