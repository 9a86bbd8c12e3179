//! Queueing edits: one or ten thousand (a template on every domain) in ONE
//! cache transaction, all or nothing.
//!
//! The edits are worked out in memory from one read of the documents they
//! touch and of their shadows, then written with multi-row statements. What
//! people see of a document afterwards is its cached body with the batch's
//! edits applied in order, which is exactly what [`super::recompute`] makes
//! of its shadow and pending entries: the cached body already is the shadow
//! with the entries queued before applied, and the new entries come last.
//!
//! Shadows and documents are written in key order, one sweep through each
//! table: a template's 10,000 records lie all over a large cache, and in
//! the order of their domains every row would land on another page.

use std::collections::{HashMap, HashSet};

use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::{DocRef, Operation};
use crate::cache::{self, Cache, Row};
use crate::error::{ClientError, Result};

/// Rows written per statement (and per progress report): far below
/// SQLite's 32,766 bound parameters.
const CHUNK: usize = 500;

/// Queues `edits` in one transaction and answers their entry ids, in
/// order; `progress(done)` as the writing goes, in entries' worth of it.
/// Every edit is checked first; one that cannot be queued queues none.
pub async fn enqueue_batch(cache: &Cache, edits: Vec<(String, Operation)>, progress: impl FnMut(usize)) -> Result<Vec<String>> {
    for (_, operation) in &edits {
        operation.validate()?;
    }
    let touched: Vec<Vec<DocRef>> = edits.iter().map(|(doc_id, operation)| unique(operation.touches(doc_id))).collect();
    let mut tx = cache.pool.begin().await?;
    let mut batch = Batch::read(&mut tx, touched.iter().flatten()).await?;
    let now = Timestamp::now().to_string();
    let mut entries = Vec::with_capacity(edits.len());
    for ((doc_id, operation), docs) in edits.iter().zip(touched) {
        entries.push(batch.add(doc_id, operation, docs, &now)?);
    }
    batch.write(&mut tx, &entries, progress).await?;
    tx.commit().await?;
    Ok(entries.into_iter().map(|entry| entry.id).collect())
}

/// Each document once, in the order given.
fn unique(docs: Vec<DocRef>) -> Vec<DocRef> {
    let mut seen = HashSet::new();
    docs.into_iter().filter(|doc| seen.insert(doc.clone())).collect()
}

/// An entry as it will be written.
struct NewEntry {
    id: String,
    collection: Collection,
    doc_id: String,
    operation: String,
    base_version: i64,
    created_at: String,
    docs: Vec<DocRef>,
}

/// What the batch knows of the documents it touches.
struct Batch {
    /// The provider's version each document's edits are based on, for
    /// documents with a shadow (from before the batch, or made in it).
    versions: HashMap<DocRef, i64>,
    /// Shadows to write: (version, the provider's body), for documents
    /// first edited in this batch.
    shadows: HashMap<DocRef, (i64, Option<String>)>,
    /// What people see of each document, the batch's edits so far applied
    /// (`None`: it does not exist).
    current: HashMap<DocRef, Option<String>>,
}

impl Batch {
    /// The shadows and cached bodies of `docs`, one read per collection.
    async fn read<'a>(conn: &mut SqliteConnection, docs: impl Iterator<Item = &'a DocRef>) -> Result<Batch> {
        let mut by_collection: HashMap<Collection, Vec<&str>> = HashMap::new();
        for doc in docs {
            by_collection.entry(doc.collection).or_default().push(&doc.id);
        }
        let mut batch = Batch { versions: HashMap::new(), shadows: HashMap::new(), current: HashMap::new() };
        for (collection, ids) in by_collection {
            let list = serde_json::to_string(&ids).map_err(anyhow::Error::from)?;
            let shadows: Vec<(String, i64)> =
                sqlx::query_as("SELECT id, version FROM shadows WHERE collection = ? AND id IN (SELECT value FROM json_each(?))")
                    .bind(collection.as_str())
                    .bind(&list)
                    .fetch_all(&mut *conn)
                    .await?;
            let table = cache::table_of(collection);
            let bodies: Vec<(String, String)> = if table == "documents" {
                sqlx::query_as("SELECT id, body FROM documents WHERE collection = ? AND id IN (SELECT value FROM json_each(?))")
                    .bind(collection.as_str())
                    .bind(&list)
                    .fetch_all(&mut *conn)
                    .await?
            } else {
                sqlx::query_as(&format!("SELECT id, body FROM {table} WHERE id IN (SELECT value FROM json_each(?))"))
                    .bind(&list)
                    .fetch_all(&mut *conn)
                    .await?
            };
            batch.versions.extend(shadows.into_iter().map(|(id, version)| (DocRef::new(collection, id), version)));
            let mut bodies: HashMap<String, String> = bodies.into_iter().collect();
            for id in ids {
                batch.current.insert(DocRef::new(collection, id), bodies.remove(id));
            }
        }
        Ok(batch)
    }

    /// One edit, in memory: refused as [`super::enqueue`] refuses it, its
    /// base versions, new shadows and the documents as it leaves them.
    fn add(&mut self, doc_id: &str, operation: &Operation, docs: Vec<DocRef>, now: &str) -> Result<NewEntry> {
        let collection = operation.collection();
        let filed = DocRef::new(collection, doc_id);
        if docs.contains(&filed) {
            let exists = self.current.get(&filed).is_some_and(Option::is_some);
            match (operation.creates(), exists) {
                (true, true) => {
                    return Err(ClientError::Invalid(FieldErrors(vec![FieldError::new(
                        "_id",
                        "id_taken",
                        "a document with this id already exists",
                    )])))
                }
                (false, false) => return Err(ClientError::not_found(format!("{collection} {doc_id}"))),
                _ => {}
            }
        }
        // The provider's version each document's edit is based on: the
        // shadow's if edits are already queued on it, else the cached one
        // (none: a create, version 0), kept as its new shadow.
        let mut base_version = 0;
        for doc in &docs {
            let version = match self.versions.get(doc) {
                Some(version) => *version,
                None => {
                    let body = self.current.get(doc).cloned().flatten();
                    let version = match &body {
                        Some(body) => Row::from_json(doc.collection, body.clone())?.version,
                        None => 0,
                    };
                    self.versions.insert(doc.clone(), version);
                    self.shadows.insert(doc.clone(), (version, body));
                    version
                }
            };
            if *doc == filed {
                base_version = version;
            }
        }
        for doc in &docs {
            let body = self.current.get(doc).cloned().flatten();
            // An edit that does not apply is left to the push to report, as
            // recompute leaves it.
            if let Ok(applied) = operation.apply(doc, body.as_deref()) {
                self.current.insert(doc.clone(), applied);
            }
        }
        Ok(NewEntry {
            id: ObjectId::new().to_string(),
            collection,
            doc_id: doc_id.to_string(),
            operation: serde_json::to_string(operation).map_err(anyhow::Error::from)?,
            base_version,
            created_at: now.to_string(),
            docs,
        })
    }

    /// Writes the entries and what they touch, the new shadows and every
    /// touched document as the batch leaves it (shadows and documents in
    /// key order); `progress` in entries' worth of the rows written.
    async fn write(self, conn: &mut SqliteConnection, entries: &[NewEntry], mut progress: impl FnMut(usize)) -> Result<()> {
        let mut shadows: Vec<(DocRef, (i64, Option<String>))> = self.shadows.into_iter().collect();
        shadows.sort_by(|a, b| a.0.cmp(&b.0));
        let mut documents: Vec<(DocRef, Option<String>)> = self.current.into_iter().collect();
        documents.sort_by(|a, b| a.0.cmp(&b.0));
        let rows = entries.len() + shadows.len() + documents.len();
        let mut written = 0;
        let mut report = |n: usize| {
            written += n;
            progress(entries.len() * written / rows.max(1));
        };
        for chunk in entries.chunks(CHUNK) {
            let mut insert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO outbox (id, collection, doc_id, operation, base_version, status, created_at, updated_at) ",
            );
            insert.push_values(chunk, |mut row, entry| {
                row.push_bind(entry.id.as_str())
                    .push_bind(entry.collection.as_str())
                    .push_bind(entry.doc_id.as_str())
                    .push_bind(entry.operation.as_str())
                    .push_bind(entry.base_version)
                    .push_bind("pending")
                    .push_bind(entry.created_at.as_str())
                    .push_bind(entry.created_at.as_str());
            });
            insert.build().execute(&mut *conn).await?;
            let links: Vec<(&str, &DocRef)> = chunk.iter().flat_map(|e| e.docs.iter().map(move |doc| (e.id.as_str(), doc))).collect();
            for links in links.chunks(CHUNK) {
                let mut insert = QueryBuilder::<Sqlite>::new("INSERT OR IGNORE INTO outbox_docs (entry_id, collection, doc_id) ");
                insert.push_values(links, |mut row, (entry, doc)| {
                    row.push_bind(*entry).push_bind(doc.collection.as_str()).push_bind(doc.id.as_str());
                });
                insert.build().execute(&mut *conn).await?;
            }
            report(chunk.len());
        }
        for chunk in shadows.chunks(CHUNK) {
            let mut insert = QueryBuilder::<Sqlite>::new("INSERT INTO shadows (collection, id, version, body) ");
            insert.push_values(chunk, |mut row, (doc, (version, body))| {
                row.push_bind(doc.collection.as_str()).push_bind(doc.id.as_str()).push_bind(*version).push_bind(body.as_deref());
            });
            insert.build().execute(&mut *conn).await?;
            report(chunk.len());
        }
        let mut documents = documents.into_iter().peekable();
        while documents.peek().is_some() {
            let mut upserts = Vec::with_capacity(CHUNK);
            for (doc, body) in documents.by_ref().take(CHUNK) {
                match body {
                    Some(body) => upserts.push(Row::from_json(doc.collection, body)?),
                    None => cache::delete_doc(&mut *conn, doc.collection, &doc.id).await?,
                }
            }
            let n = upserts.len();
            cache::upsert_rows(&mut *conn, upserts).await?;
            report(n.max(1));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
    use hjs_model::documents::{DnsRecordType, Domain, DomainSettings};

    use super::*;
    use crate::dns::operations::DnsPlanEdit;
    use crate::outbox::{self, recompute};

    fn domain() -> Domain {
        let json = serde_json::json!({
            "_id": ObjectId::new(), "userId": ObjectId::new(), "domainName": "batch-test.com", "tld": "com",
            "registrationDate": Timestamp::now(), "expirationDate": Timestamp::now(), "autoRenew": true, "registrationPeriod": 1,
            "isPremium": false, "status": "active", "registrar": "name.com", "registrarDomainId": null,
            "nameservers": ["ns1.hostjamstack.com", "ns2.hostjamstack.com"], "useDefaultNameservers": true,
            "purchasePrice": 12.99, "renewalPrice": 14.99, "currency": "EUR", "whoisPrivacy": true, "transferLock": true,
            "createdAt": Timestamp::now(), "updatedAt": Timestamp::now(), "version": 3
        });
        serde_json::from_value(json).expect("a domain")
    }

    fn settings(auto_renew: Option<bool>, whois_privacy: Option<bool>) -> Operation {
        Operation::DomainSettings { settings: DomainSettings { auto_renew, whois_privacy, ..DomainSettings::default() } }
    }

    fn plan(domain: &Domain, change: PlanChange) -> Operation {
        let edit = DnsPlanEdit {
            domain_id: domain.id,
            zone: domain.domain_name.clone(),
            user_id: domain.user_id,
            plan: ZonePlan { changes: vec![change], confirmed: false },
        };
        Operation::DnsPlan(edit)
    }

    fn txt(value: &str) -> RecordDraft {
        RecordDraft {
            record_type: DnsRecordType::TXT,
            name: "@".into(),
            value: value.into(),
            ttl: 3600,
            priority: None,
            is_active: true,
            comment: None,
        }
    }

    async fn body(cache: &Cache, doc: &DocRef) -> Option<String> {
        let mut conn = cache.pool.acquire().await.expect("a connection");
        cache::read_body(&mut conn, doc.collection, &doc.id).await.expect("a read")
    }

    /// The document as shown, but for the times an optimistic edit stamps
    /// with the moment it is applied.
    async fn as_shown(cache: &Cache, doc: &DocRef) -> Option<serde_json::Value> {
        let mut value: serde_json::Value = serde_json::from_str(&body(cache, doc).await?).expect("JSON");
        if let Some(object) = value.as_object_mut() {
            object.remove("createdAt");
            object.remove("updatedAt");
        }
        Some(value)
    }

    /// A batch touching a document twice, one with edits queued before it
    /// and one it creates, leaves each as recompute makes it from the
    /// shadows and the pending entries, with the provider's versions as bases.
    #[tokio::test]
    async fn a_batch_leaves_every_document_as_its_shadow_and_pending_entries_make_it() {
        let dir = tempfile::tempdir().expect("a folder");
        let cache = Cache::open(&dir.path().join("cache.db")).await.expect("a cache");
        let domain = domain();
        let mut conn = cache.pool.acquire().await.expect("a connection");
        cache::upsert_rows(
            &mut conn,
            vec![Row::from_json(Collection::Domains, serde_json::to_string(&domain).expect("JSON")).expect("a row")],
        )
        .await
        .expect("stored");
        drop(conn);
        let domain_id = domain.id.to_string();
        outbox::enqueue(&cache, &domain_id, settings(Some(false), None)).await.expect("queued before");

        let record = ObjectId::new();
        let edits = vec![
            (domain_id.clone(), settings(None, Some(false))),
            (domain_id.clone(), plan(&domain, PlanChange::Create { id: record, record: txt("first") })),
            (domain_id.clone(), plan(&domain, PlanChange::Update { id: record, version: 0, record: txt("second") })),
        ];
        let mut reported = Vec::new();
        let ids = enqueue_batch(&cache, edits, |done| reported.push(done)).await.expect("queued");
        assert_eq!(reported, [1, 2, 3], "progress as the entries, the shadows and the documents are written");

        let entries = outbox::list(&cache).await.expect("the outbox");
        let in_order: Vec<&str> = entries.iter().skip(1).map(|e| e.id.as_str()).collect();
        assert_eq!(in_order, ids.iter().map(String::as_str).collect::<Vec<_>>(), "entries keep the order they were given");
        let bases: Vec<i64> = entries.iter().map(|e| e.base_version).collect();
        assert_eq!(bases, [3, 3, 0, 0], "settings are based on the provider's version of the domain, plans carry their own");

        let domain_doc = DocRef::new(Collection::Domains, domain_id);
        let record_doc = DocRef::new(Collection::DnsRecords, record.to_string());
        let shown = body(&cache, &domain_doc).await.expect("the domain");
        let shown: serde_json::Value = serde_json::from_str(&shown).expect("JSON");
        assert_eq!((shown["autoRenew"].as_bool(), shown["whoisPrivacy"].as_bool()), (Some(false), Some(false)), "both edits show");
        let created: serde_json::Value = serde_json::from_str(&body(&cache, &record_doc).await.expect("the record")).expect("JSON");
        assert_eq!(created["value"], "second", "the later edit of the same batch wins");

        let before = (as_shown(&cache, &domain_doc).await, as_shown(&cache, &record_doc).await);
        let mut tx = cache.pool.begin().await.expect("a transaction");
        recompute(&mut tx, Collection::Domains, &domain_doc.id).await.expect("recomputed");
        recompute(&mut tx, Collection::DnsRecords, &record_doc.id).await.expect("recomputed");
        tx.commit().await.expect("committed");
        assert_eq!((as_shown(&cache, &domain_doc).await, as_shown(&cache, &record_doc).await), before, "recompute changes nothing");
        let shadows: Vec<(String, i64, Option<String>)> =
            sqlx::query_as("SELECT id, version, body FROM shadows ORDER BY collection").fetch_all(&cache.pool).await.expect("shadows");
        assert_eq!(shadows.len(), 2);
        assert!(shadows.iter().any(|(id, version, body)| *id == record.to_string() && *version == 0 && body.is_none()), "{shadows:?}");
    }

    #[tokio::test]
    async fn a_batch_with_one_edit_that_cannot_be_queued_queues_none() {
        let dir = tempfile::tempdir().expect("a folder");
        let cache = Cache::open(&dir.path().join("cache.db")).await.expect("a cache");
        let edits = vec![(ObjectId::new().to_string(), settings(Some(false), None))];
        assert_eq!(enqueue_batch(&cache, edits, |_| {}).await.expect_err("no such domain").code(), "not_found");
        assert!(outbox::list(&cache).await.expect("the outbox").is_empty());
    }
}
