//! The outbox: edits made here, waiting for the provider.
//!
//! An edit is written in ONE cache transaction: the document shows the
//! change at once, the provider's own version is kept in `shadows`, and an
//! entry is appended. What people see is always the provider's version
//! with the pending entries applied in order ([`recompute`]); when the
//! provider's version moves (a pull, a push answer), the pending edits are
//! re-applied on top of it.
//!
//! Pushing sends entries in order with `Idempotency-Key` = entry id and
//! `If-Match` = the version the edit was based on. Accepted: the entry goes.
//! 412: the entry becomes a `conflict` holding theirs. Refused: `failed`,
//! holding the provider's field errors. Unreachable: it stays `pending`.
//! Nothing is dropped except by a person (discard).

use hjs_model::{Collection, ObjectId, Timestamp};
use serde::Serialize;
use serde_json::Value;
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::api::{Problem, ProviderApi, WriteOutcome};
use crate::cache::{self, Cache, Row};
use crate::error::{ClientError, Result};
use crate::operations::Operation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Pending,
    Conflict,
    Failed,
}

impl EntryStatus {
    fn parse(text: &str) -> EntryStatus {
        match text {
            "conflict" => EntryStatus::Conflict,
            "failed" => EntryStatus::Failed,
            _ => EntryStatus::Pending,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EntryStatus::Pending => "pending",
            EntryStatus::Conflict => "conflict",
            EntryStatus::Failed => "failed",
        }
    }
}

/// One queued edit, as the outbox screen and `hjs outbox list` show it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    pub id: String,
    pub seq: i64,
    pub collection: Collection,
    pub doc_id: String,
    pub operation: Operation,
    pub description: String,
    pub base_version: i64,
    pub status: EntryStatus,
    pub attempts: i64,
    /// For `failed`: the provider's problem (code, detail, field errors).
    pub error: Option<Value>,
    /// For `conflict`: the provider's document as it is now ("theirs").
    pub theirs: Option<Value>,
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    seq: i64,
    id: String,
    collection: String,
    doc_id: String,
    operation: String,
    base_version: i64,
    status: String,
    attempts: i64,
    error: Option<String>,
    theirs: Option<String>,
    created_at: String,
}

impl EntryRow {
    fn into_entry(self) -> Result<OutboxEntry> {
        let operation: Operation = serde_json::from_str(&self.operation).map_err(|e| anyhow::anyhow!("outbox entry {}: {e}", self.id))?;
        Ok(OutboxEntry {
            description: operation.describe(),
            id: self.id,
            seq: self.seq,
            collection: self.collection.parse().map_err(|e| anyhow::anyhow!("outbox collection: {e}"))?,
            doc_id: self.doc_id,
            operation,
            base_version: self.base_version,
            status: EntryStatus::parse(&self.status),
            attempts: self.attempts,
            error: self.error.and_then(|e| serde_json::from_str(&e).ok()),
            theirs: self.theirs.and_then(|t| serde_json::from_str(&t).ok()),
            created_at: self.created_at,
        })
    }
}

const SELECT_ENTRY: &str =
    "SELECT seq, id, collection, doc_id, operation, base_version, status, attempts, error, theirs, created_at FROM outbox";

/// Every entry, oldest first.
pub async fn list(cache: &Cache) -> Result<Vec<OutboxEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(&format!("{SELECT_ENTRY} ORDER BY seq")).fetch_all(&cache.pool).await?;
    rows.into_iter().map(EntryRow::into_entry).collect()
}

pub async fn get(cache: &Cache, id: &str) -> Result<OutboxEntry> {
    let row: Option<EntryRow> = sqlx::query_as(&format!("{SELECT_ENTRY} WHERE id = ?")).bind(id).fetch_optional(&cache.pool).await?;
    row.ok_or_else(|| ClientError::not_found(format!("outbox entry {id}")))?.into_entry()
}

/// Counts by status: (pending, conflicts, failed).
pub async fn counts(cache: &Cache) -> Result<(i64, i64, i64)> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetch_all(&cache.pool).await?;
    let count = |status: &str| rows.iter().find(|(s, _)| s == status).map(|(_, n)| *n).unwrap_or(0);
    Ok((count("pending"), count("conflict"), count("failed")))
}

/// Queues an edit of document `doc_id` and shows it at once. Invalid edits
/// are refused here, before anything is written.
pub async fn enqueue(cache: &Cache, doc_id: &str, operation: Operation) -> Result<OutboxEntry> {
    let mut entries = enqueue_all(cache, vec![(doc_id.to_string(), operation)]).await?;
    Ok(entries.remove(0))
}

/// Queues edits of several documents (a bulk change) in ONE transaction:
/// every edit is checked first, and a document missing from the cache
/// queues none of them.
pub async fn enqueue_all(cache: &Cache, edits: Vec<(String, Operation)>) -> Result<Vec<OutboxEntry>> {
    for (_, operation) in &edits {
        operation.validate()?;
    }
    let mut tx = cache.pool.begin().await?;
    let mut ids = Vec::with_capacity(edits.len());
    for (doc_id, operation) in &edits {
        ids.push(enqueue_in(&mut tx, doc_id, operation).await?);
    }
    tx.commit().await?;
    let mut entries = Vec::with_capacity(ids.len());
    for id in &ids {
        entries.push(get(cache, id).await?);
    }
    Ok(entries)
}

/// One edit's outbox entry, shadow and optimistic document; answers the entry's id.
async fn enqueue_in(tx: &mut SqliteConnection, doc_id: &str, operation: &Operation) -> Result<String> {
    let collection = operation.collection();
    let body =
        cache::read_body(&mut *tx, collection, doc_id).await?.ok_or_else(|| ClientError::not_found(format!("{collection} {doc_id}")))?;
    // The provider's version this edit is based on: the shadow if other
    // edits are already queued on this document, else what is cached.
    let shadow: Option<(i64, String)> = sqlx::query_as("SELECT version, body FROM shadows WHERE collection = ? AND id = ?")
        .bind(collection.as_str())
        .bind(doc_id)
        .fetch_optional(&mut *tx)
        .await?;
    let base_version = match &shadow {
        Some((version, _)) => *version,
        None => {
            let row = Row::from_json(collection, body.clone())?;
            sqlx::query("INSERT INTO shadows (collection, id, version, body) VALUES (?, ?, ?, ?)")
                .bind(collection.as_str())
                .bind(doc_id)
                .bind(row.version)
                .bind(&body)
                .execute(&mut *tx)
                .await?;
            row.version
        }
    };
    let id = ObjectId::new().to_string();
    let now = Timestamp::now().to_string();
    sqlx::query(
        "INSERT INTO outbox (id, collection, doc_id, operation, base_version, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
    )
    .bind(&id)
    .bind(collection.as_str())
    .bind(doc_id)
    .bind(serde_json::to_string(operation).map_err(anyhow::Error::from)?)
    .bind(base_version)
    .bind(&now)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    recompute(&mut *tx, collection, doc_id).await?;
    Ok(id)
}

/// Rewrites the cached document as the provider's version plus the pending
/// edits, in order. With no entries left, drops the shadow.
pub async fn recompute(conn: &mut SqliteConnection, collection: Collection, doc_id: &str) -> Result<()> {
    let shadow: Option<String> = sqlx::query_scalar("SELECT body FROM shadows WHERE collection = ? AND id = ?")
        .bind(collection.as_str())
        .bind(doc_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(mut body) = shadow else { return Ok(()) };
    let entries: Vec<(String, String)> =
        sqlx::query_as("SELECT operation, status FROM outbox WHERE collection = ? AND doc_id = ? ORDER BY seq")
            .bind(collection.as_str())
            .bind(doc_id)
            .fetch_all(&mut *conn)
            .await?;
    for (operation, status) in &entries {
        if status != "pending" {
            continue;
        }
        let operation: Operation = serde_json::from_str(operation).map_err(|e| anyhow::anyhow!("outbox operation: {e}"))?;
        // An edit that no longer applies (the provider's document changed
        // shape) is left to the push to report, not applied here.
        if let Ok(applied) = operation.apply(&body) {
            body = applied;
        }
    }
    cache::upsert_rows(conn, vec![Row::from_json(collection, body)?]).await?;
    if entries.is_empty() {
        sqlx::query("DELETE FROM shadows WHERE collection = ? AND id = ?")
            .bind(collection.as_str())
            .bind(doc_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Stores a document as the provider has it now: directly, or, when local
/// edits are queued on it, as their new base.
pub async fn apply_server_doc(conn: &mut SqliteConnection, row: Row) -> Result<()> {
    let has_shadow: Option<i64> = sqlx::query_scalar("SELECT 1 FROM shadows WHERE collection = ? AND id = ?")
        .bind(row.collection.as_str())
        .bind(&row.id)
        .fetch_optional(&mut *conn)
        .await?;
    if has_shadow.is_none() {
        return cache::upsert_rows(conn, vec![row]).await;
    }
    sqlx::query("UPDATE shadows SET version = ?, body = ? WHERE collection = ? AND id = ? AND version <= ?")
        .bind(row.version)
        .bind(&row.body)
        .bind(row.collection.as_str())
        .bind(&row.id)
        .bind(row.version)
        .execute(&mut *conn)
        .await?;
    recompute(conn, row.collection, &row.id).await
}

/// A document the provider deleted (or that left this account's view).
/// Queued edits on it can no longer be sent: they fail, visibly.
pub async fn apply_server_delete(conn: &mut SqliteConnection, collection: Collection, id: &str) -> Result<()> {
    cache::delete_doc(conn, collection, id).await?;
    sqlx::query("DELETE FROM shadows WHERE collection = ? AND id = ?").bind(collection.as_str()).bind(id).execute(&mut *conn).await?;
    let problem =
        serde_json::json!({ "code": "gone", "detail": "the document was deleted or is no longer visible to this account", "errors": [] });
    sqlx::query(
        "UPDATE outbox SET status = 'failed', error = ?, updated_at = ? WHERE collection = ? AND doc_id = ? AND status = 'pending'",
    )
    .bind(problem.to_string())
    .bind(Timestamp::now().to_string())
    .bind(collection.as_str())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What one push pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PushReport {
    pub accepted: u32,
    pub conflicts: u32,
    pub failed: u32,
}

/// Sends pending entries in order until none is left or the provider
/// cannot be reached (that error is returned; entries stay pending).
pub async fn push(cache: &Cache, api: &ProviderApi) -> Result<PushReport> {
    let mut report = PushReport::default();
    loop {
        let next: Option<EntryRow> =
            sqlx::query_as(&format!("{SELECT_ENTRY} WHERE status = 'pending' ORDER BY seq LIMIT 1")).fetch_optional(&cache.pool).await?;
        let Some(row) = next else { return Ok(report) };
        let entry = row.into_entry()?;
        let (method, path, body) = entry.operation.request(&entry.doc_id);
        sqlx::query("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?").bind(&entry.id).execute(&cache.pool).await?;
        let outcome = api.write(method, &path, &body, entry.base_version, &entry.id).await?;
        let mut tx = cache.pool.begin().await?;
        match outcome {
            WriteOutcome::Accepted(doc) => {
                settle_accepted(&mut tx, &entry, doc).await?;
                report.accepted += 1;
            }
            WriteOutcome::Conflict(theirs) => {
                sqlx::query("UPDATE outbox SET status = 'conflict', theirs = ?, updated_at = ? WHERE id = ?")
                    .bind(theirs.to_string())
                    .bind(Timestamp::now().to_string())
                    .bind(&entry.id)
                    .execute(&mut *tx)
                    .await?;
                apply_server_doc(&mut tx, Row::from_json(entry.collection, theirs.to_string())?).await?;
                report.conflicts += 1;
            }
            WriteOutcome::Rejected(problem) => {
                mark_failed(&mut tx, &entry, &problem).await?;
                report.failed += 1;
            }
        }
        tx.commit().await?;
    }
}

async fn settle_accepted(tx: &mut Transaction<'_, Sqlite>, entry: &OutboxEntry, doc: Value) -> Result<()> {
    let row = Row::from_json(entry.collection, doc.to_string())?;
    sqlx::query("DELETE FROM outbox WHERE id = ?").bind(&entry.id).execute(&mut **tx).await?;
    // Later edits of this document were made on top of this one: they are
    // now based on the version the provider just returned.
    sqlx::query("UPDATE outbox SET base_version = ? WHERE collection = ? AND doc_id = ? AND status = 'pending' AND base_version = ?")
        .bind(row.version)
        .bind(entry.collection.as_str())
        .bind(&entry.doc_id)
        .bind(entry.base_version)
        .execute(&mut **tx)
        .await?;
    apply_server_doc(tx, row).await
}

async fn mark_failed(tx: &mut Transaction<'_, Sqlite>, entry: &OutboxEntry, problem: &Problem) -> Result<()> {
    let error = serde_json::json!({ "code": problem.code, "detail": problem.detail, "errors": problem.errors });
    sqlx::query("UPDATE outbox SET status = 'failed', error = ?, updated_at = ? WHERE id = ?")
        .bind(error.to_string())
        .bind(Timestamp::now().to_string())
        .bind(&entry.id)
        .execute(&mut **tx)
        .await?;
    recompute(tx, entry.collection, &entry.doc_id).await
}

/// Sends a conflicted or failed entry again. For a conflict this is "keep
/// mine": the edit is re-based on the provider's current version.
pub async fn retry(cache: &Cache, id: &str) -> Result<OutboxEntry> {
    let entry = get(cache, id).await?;
    let mut tx = cache.pool.begin().await?;
    let base = match (&entry.status, &entry.theirs) {
        (EntryStatus::Conflict, Some(theirs)) => theirs["version"].as_i64().unwrap_or(entry.base_version),
        _ => {
            let shadow: Option<i64> = sqlx::query_scalar("SELECT version FROM shadows WHERE collection = ? AND id = ?")
                .bind(entry.collection.as_str())
                .bind(&entry.doc_id)
                .fetch_optional(&mut *tx)
                .await?;
            shadow.unwrap_or(entry.base_version)
        }
    };
    sqlx::query("UPDATE outbox SET status = 'pending', base_version = ?, theirs = NULL, error = NULL, updated_at = ? WHERE id = ?")
        .bind(base)
        .bind(Timestamp::now().to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    recompute(&mut tx, entry.collection, &entry.doc_id).await?;
    tx.commit().await?;
    get(cache, id).await
}

/// Replaces an entry's edit (after a refusal, say) and queues it again.
pub async fn edit(cache: &Cache, id: &str, operation: Operation) -> Result<OutboxEntry> {
    operation.validate()?;
    let entry = get(cache, id).await?;
    if operation.collection() != entry.collection {
        return Err(ClientError::Invalid(hjs_model::FieldErrors(vec![hjs_model::FieldError::new(
            "operation",
            "wrong_collection",
            "an edit can only be replaced by an edit of the same document",
        )])));
    }
    sqlx::query("UPDATE outbox SET operation = ?, updated_at = ? WHERE id = ?")
        .bind(serde_json::to_string(&operation).map_err(anyhow::Error::from)?)
        .bind(Timestamp::now().to_string())
        .bind(id)
        .execute(&cache.pool)
        .await?;
    retry(cache, id).await
}

/// Drops an entry ("take theirs" for a conflict): the document shows the
/// provider's version again, with any other pending edits on top.
pub async fn discard(cache: &Cache, id: &str) -> Result<()> {
    let entry = get(cache, id).await?;
    let mut tx = cache.pool.begin().await?;
    sqlx::query("DELETE FROM outbox WHERE id = ?").bind(id).execute(&mut *tx).await?;
    recompute(&mut tx, entry.collection, &entry.doc_id).await?;
    tx.commit().await?;
    Ok(())
}
