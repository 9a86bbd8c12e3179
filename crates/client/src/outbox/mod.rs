//! The outbox: edits made here, waiting for the provider.
//!
//! An edit is written in ONE cache transaction: the documents it touches
//! (one, or many for a DNS plan; `outbox_docs`) show the change at once,
//! the provider's own version of each is kept in `shadows` (a NULL body:
//! the provider has no such document yet), and an entry is appended. What
//! people see is always the provider's version with the pending entries
//! applied in order ([`recompute`]); when the provider's version moves (a
//! pull, a push answer), the pending edits are re-applied on top of it.
//!
//! Pushing sends entries in order with `Idempotency-Key` = entry id and the
//! entry's precondition (`If-Match` = the version the edit was based on,
//! `If-None-Match: *` for a create, or versions inside a plan). Accepted:
//! the entry goes and later entries are re-based on what it made. 412, or a
//! document deleted on the provider meanwhile: the entry becomes a
//! `conflict` holding theirs. Refused: `failed`, holding the provider's
//! field errors. Unreachable: it stays `pending`. Nothing is dropped except
//! by a person (discard).
//!
//! [`enqueue`] queues edits, one or thousands at a time (`enqueue.rs`).

mod enqueue;
pub mod operation;

use hjs_model::{Collection, Timestamp};
use serde::Serialize;
use serde_json::Value;
use sqlx::{Sqlite, SqliteConnection, Transaction};

use crate::api::{Problem, ProviderApi, WriteOutcome};
use crate::cache::{self, Cache, Row};
use crate::error::{ClientError, Result};
pub use enqueue::enqueue_batch;
pub use operation::{ConflictField, DocRef, Operation, Precondition, ProviderRequest, ServerChange};

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
    /// For `conflict`: the provider deleted the document this edit changes.
    pub theirs_deleted: bool,
    /// For `conflict`: which document (a DNS plan touches many).
    pub conflict_doc: Option<String>,
    /// For `conflict`: field by field, theirs beside mine.
    pub conflict_fields: Vec<ConflictField>,
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
    conflict_doc: Option<String>,
    created_at: String,
}

impl EntryRow {
    fn into_entry(self) -> Result<OutboxEntry> {
        let status_is_conflict = self.status == "conflict";
        let operation: Operation = serde_json::from_str(&self.operation).map_err(|e| anyhow::anyhow!("outbox entry {}: {e}", self.id))?;
        let theirs: Option<Value> = self.theirs.as_deref().and_then(|t| serde_json::from_str(t).ok()).filter(|t: &Value| !t.is_null());
        let conflict_fields = if status_is_conflict {
            let doc = self.conflict_doc.as_deref().unwrap_or(&self.doc_id);
            operation::conflict_fields(&operation, doc, theirs.as_ref())
        } else {
            Vec::new()
        };
        Ok(OutboxEntry {
            conflict_fields,
            description: operation.describe(),
            id: self.id,
            seq: self.seq,
            collection: self.collection.parse().map_err(|e| anyhow::anyhow!("outbox collection: {e}"))?,
            doc_id: self.doc_id,
            operation,
            base_version: self.base_version,
            status: EntryStatus::parse(&self.status),
            attempts: self.attempts,
            theirs_deleted: status_is_conflict && self.theirs.as_deref() == Some("null"),
            conflict_doc: self.conflict_doc,
            error: self.error.and_then(|e| serde_json::from_str(&e).ok()),
            theirs,
            created_at: self.created_at,
        })
    }
}

const SELECT_ENTRY: &str =
    "SELECT seq, id, collection, doc_id, operation, base_version, status, attempts, error, theirs, conflict_doc, created_at FROM outbox";

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

/// Queues an edit filed under document `doc_id` and shows it at once.
/// Invalid edits are refused here, before anything is written.
pub async fn enqueue(cache: &Cache, doc_id: &str, operation: Operation) -> Result<OutboxEntry> {
    let mut entries = enqueue_all(cache, vec![(doc_id.to_string(), operation)]).await?;
    Ok(entries.remove(0))
}

/// Queues several edits (a bulk change) in ONE transaction: every edit is
/// checked first, and one that cannot be queued queues none of them.
pub async fn enqueue_all(cache: &Cache, edits: Vec<(String, Operation)>) -> Result<Vec<OutboxEntry>> {
    let ids = enqueue_batch(cache, edits, |_| {}).await?;
    let mut entries = Vec::with_capacity(ids.len());
    for id in &ids {
        entries.push(get(cache, id).await?);
    }
    Ok(entries)
}

/// The entries touching a document, oldest first: (entry id, operation, status, filed under it, base version).
async fn entries_touching(conn: &mut SqliteConnection, collection: Collection, doc_id: &str) -> Result<Vec<TouchingEntry>> {
    let rows: Vec<TouchingEntry> = sqlx::query_as(
        "SELECT o.id, o.operation, o.status, (o.collection = d.collection AND o.doc_id = d.doc_id) AS filed_here, o.base_version \
         FROM outbox_docs d JOIN outbox o ON o.id = d.entry_id WHERE d.collection = ? AND d.doc_id = ? ORDER BY o.seq",
    )
    .bind(collection.as_str())
    .bind(doc_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows)
}

#[derive(sqlx::FromRow)]
struct TouchingEntry {
    id: String,
    operation: String,
    status: String,
    filed_here: bool,
    base_version: i64,
}

impl TouchingEntry {
    fn operation(&self) -> Result<Operation> {
        Ok(serde_json::from_str(&self.operation).map_err(|e| anyhow::anyhow!("outbox operation: {e}"))?)
    }
}

/// Rewrites the cached document as the provider's version plus the pending
/// edits, in order. With no entries left, drops the shadow.
pub async fn recompute(conn: &mut SqliteConnection, collection: Collection, doc_id: &str) -> Result<()> {
    let shadow: Option<(Option<String>,)> = sqlx::query_as("SELECT body FROM shadows WHERE collection = ? AND id = ?")
        .bind(collection.as_str())
        .bind(doc_id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some((mut body,)) = shadow else { return Ok(()) };
    let entries = entries_touching(&mut *conn, collection, doc_id).await?;
    let doc = DocRef::new(collection, doc_id);
    for entry in &entries {
        if entry.status != "pending" {
            continue;
        }
        // An edit that no longer applies (the provider's document changed
        // shape) is left to the push to report, not applied here.
        if let Ok(applied) = entry.operation()?.apply(&doc, body.as_deref()) {
            body = applied;
        }
    }
    match body {
        Some(body) => cache::upsert_rows(conn, vec![Row::from_json(collection, body)?]).await?,
        None => cache::delete_doc(conn, collection, doc_id).await?,
    }
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
/// Queued edits of it can no longer be applied as made: each becomes a
/// conflict showing that theirs is gone, for a person to settle.
pub async fn apply_server_delete(conn: &mut SqliteConnection, collection: Collection, id: &str) -> Result<()> {
    let has_shadow: Option<i64> = sqlx::query_scalar("SELECT 1 FROM shadows WHERE collection = ? AND id = ?")
        .bind(collection.as_str())
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    if has_shadow.is_none() {
        return cache::delete_doc(conn, collection, id).await;
    }
    sqlx::query("UPDATE shadows SET body = NULL WHERE collection = ? AND id = ?")
        .bind(collection.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let now = Timestamp::now().to_string();
    for entry in entries_touching(&mut *conn, collection, id).await? {
        // A pending delete of what is already gone is left to the push: the
        // provider says whether it is moot; anything else is a conflict now.
        if entry.status == "pending" && !entry.operation()?.deletes(&DocRef::new(collection, id)) {
            sqlx::query("UPDATE outbox SET status = 'conflict', theirs = 'null', conflict_doc = ?, updated_at = ? WHERE id = ?")
                .bind(id)
                .bind(&now)
                .bind(&entry.id)
                .execute(&mut *conn)
                .await?;
            for doc in docs_of(&mut *conn, &entry.id).await? {
                recompute(&mut *conn, doc.collection, &doc.id).await?;
            }
        }
    }
    recompute(conn, collection, id).await
}

/// The documents an entry touches.
async fn docs_of(conn: &mut SqliteConnection, entry_id: &str) -> Result<Vec<DocRef>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT collection, doc_id FROM outbox_docs WHERE entry_id = ?").bind(entry_id).fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|(collection, id)| Ok(DocRef::new(collection.parse().map_err(|e| anyhow::anyhow!("outbox collection: {e}"))?, id)))
        .collect()
}

/// What one push pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PushReport {
    pub accepted: u32,
    pub conflicts: u32,
    pub failed: u32,
}

impl PushReport {
    fn add(&mut self, other: PushReport) {
        self.accepted += other.accepted;
        self.conflicts += other.conflicts;
        self.failed += other.failed;
    }
}

/// Most entries sent in one request: the provider's `MAX_BATCH_ITEMS` is
/// 500; fewer keeps each answer (and the cache transaction settling it)
/// short, so the window sees progress and a cut connection redoes little.
pub const PUSH_BATCH: usize = 200;

/// Sends pending entries in order until none is left or the provider
/// cannot be reached (that error is returned; entries stay pending).
///
/// Entries go in batches (one `POST /batch`, settled in one cache
/// transaction). A batch ends before an entry touching a document an
/// earlier entry of it touches: that entry's base is the earlier one's
/// answer, which only the settling provides. While one batch's answer is
/// settled, the next is already on its way if it touches none of the
/// documents being settled (the provider applied the first before it
/// answered). A provider without `/batch` gets one request per entry.
pub async fn push(cache: &Cache, api: &ProviderApi) -> Result<PushReport> {
    let pushed = push_in_batches_of(cache, api, PUSH_BATCH).await;
    // Files of messages that left the outbox: kept as downloads, or gone.
    if let Err(error) = crate::support::attachments::tidy(cache).await {
        tracing::warn!(%error, "could not tidy the staged files");
    }
    pushed
}

/// A batch the provider answered, still to be settled in the cache.
type Answered = (Vec<OutboxEntry>, Vec<Result<WriteOutcome>>);

/// [`push`] with at most `batch_size` entries per request (1: one request
/// per entry, as the benchmark compares).
pub async fn push_in_batches_of(cache: &Cache, api: &ProviderApi, batch_size: usize) -> Result<PushReport> {
    let mut report = PushReport::default();
    let mut batching = batch_size > 1;
    let mut answered: Option<Answered> = None;
    loop {
        let limit = if batching { batch_size } else { 1 };
        let settling = match &answered {
            Some((entries, _)) => entries.as_slice(),
            None => &[],
        };
        let batch = next_batch(cache, limit, settling).await?;
        if batch.is_empty() {
            match answered.take() {
                // Settled first, the entries it held back can go.
                Some(previous) => {
                    report.add(settle(cache, previous).await?);
                    continue;
                }
                None => return Ok(report),
            }
        }
        let (batch, refused) = upload_files(cache, api, batch).await?;
        report.failed += refused;
        if batch.is_empty() {
            continue;
        }
        let previous = answered.take();
        let (outcomes, settled) = tokio::join!(send(api, &batch), settle_if_any(cache, previous));
        report.add(settled?);
        let outcomes = match outcomes {
            Ok(outcomes) => outcomes,
            Err(ClientError::Provider { status: 404 | 405, .. }) if batch.len() > 1 => {
                batching = false;
                continue;
            }
            Err(error) => return Err(error),
        };
        if outcomes.iter().any(Result::is_err) {
            // The provider stopped part-way: what it answered is settled,
            // its error returned, and nothing after it sent.
            report.add(settle(cache, (batch, outcomes)).await?);
            return Ok(report);
        }
        answered = Some((batch, outcomes));
    }
}

/// The next pending entries to send, oldest first, counted as attempted.
/// With a batch still being settled, they come after it and stop before
/// the first that touches a document it touches (its base is not known
/// yet); that can leave none.
async fn next_batch(cache: &Cache, limit: usize, settling: &[OutboxEntry]) -> Result<Vec<OutboxEntry>> {
    let after = settling.last().map_or(i64::MIN, |entry| entry.seq);
    let rows: Vec<EntryRow> = sqlx::query_as(&format!("{SELECT_ENTRY} WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?"))
        .bind(after)
        .bind(limit as i64)
        .fetch_all(&cache.pool)
        .await?;
    let mut busy = std::collections::HashSet::new();
    for entry in settling {
        busy.extend(entry.operation.touches(&entry.doc_id));
    }
    let batch = independent_prefix(rows.into_iter().map(EntryRow::into_entry).collect::<Result<Vec<_>>>()?, busy);
    if !batch.is_empty() {
        let ids: Vec<&str> = batch.iter().map(|e| e.id.as_str()).collect();
        sqlx::query("UPDATE outbox SET attempts = attempts + 1 WHERE id IN (SELECT value FROM json_each(?))")
            .bind(serde_json::to_string(&ids).map_err(anyhow::Error::from)?)
            .execute(&cache.pool)
            .await?;
    }
    Ok(batch)
}

/// Uploads the files the batch's messages carry, before the messages. A
/// message whose file the provider refused fails with that refusal, and
/// the batch ends before it; answers the batch to send and how many
/// failed (0 or 1).
async fn upload_files(cache: &Cache, api: &ProviderApi, mut batch: Vec<OutboxEntry>) -> Result<(Vec<OutboxEntry>, u32)> {
    for (i, entry) in batch.iter().enumerate() {
        if !entry.operation.carries_files() {
            continue;
        }
        if let Some(problem) = crate::support::attachments::upload_for(cache, api, &entry.doc_id).await? {
            let mut tx = cache.pool.begin().await?;
            mark_failed(&mut tx, entry, &problem).await?;
            tx.commit().await?;
            batch.truncate(i);
            return Ok((batch, 1));
        }
    }
    Ok((batch, 0))
}

/// Sends a batch: one request for one entry, else `POST /batch`.
async fn send(api: &ProviderApi, batch: &[OutboxEntry]) -> Result<Vec<Result<WriteOutcome>>> {
    let requests: Vec<ProviderRequest> = batch.iter().map(|e| e.operation.request(&e.doc_id, e.base_version)).collect();
    if let [entry] = batch {
        return Ok(vec![api.write(&requests[0], &entry.id).await]);
    }
    let writes: Vec<(&ProviderRequest, &str)> = requests.iter().zip(batch.iter().map(|e| e.id.as_str())).collect();
    api.write_batch(&writes).await
}

async fn settle_if_any(cache: &Cache, answered: Option<Answered>) -> Result<PushReport> {
    match answered {
        Some(answered) => settle(cache, answered).await,
        None => Ok(PushReport::default()),
    }
}

/// Settles a batch's answers in one cache transaction, in order, up to an
/// entry the provider did not answer (its error is returned).
async fn settle(cache: &Cache, (batch, outcomes): Answered) -> Result<PushReport> {
    let mut report = PushReport::default();
    let mut tx = cache.pool.begin().await?;
    let mut stopped = None;
    for (entry, outcome) in batch.iter().zip(outcomes) {
        match outcome {
            Ok(WriteOutcome::Accepted(answer)) => {
                settle_accepted(&mut tx, entry, answer).await?;
                report.accepted += 1;
            }
            Ok(WriteOutcome::Conflict { theirs, problem }) => {
                let doc = entry.operation.stale_doc(&entry.doc_id, &problem);
                mark_conflict(&mut tx, entry, &doc, theirs.as_ref()).await?;
                report.conflicts += 1;
            }
            Ok(WriteOutcome::Rejected(problem)) => {
                mark_failed(&mut tx, entry, &problem).await?;
                report.failed += 1;
            }
            Err(error) => {
                stopped = Some(error);
                break;
            }
        }
    }
    tx.commit().await?;
    match stopped {
        Some(error) => Err(error),
        None => Ok(report),
    }
}

/// The leading entries that touch no document twice, nor one in `busy`.
fn independent_prefix(entries: Vec<OutboxEntry>, mut busy: std::collections::HashSet<DocRef>) -> Vec<OutboxEntry> {
    let mut prefix = Vec::with_capacity(entries.len());
    for entry in entries {
        let docs = entry.operation.touches(&entry.doc_id);
        if docs.iter().any(|doc| busy.contains(doc)) {
            break;
        }
        busy.extend(docs);
        prefix.push(entry);
    }
    prefix
}

async fn settle_accepted(tx: &mut Transaction<'_, Sqlite>, entry: &OutboxEntry, answer: Value) -> Result<()> {
    let touched = docs_of(tx, &entry.id).await?;
    sqlx::query("DELETE FROM outbox WHERE id = ?").bind(&entry.id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM outbox_docs WHERE entry_id = ?").bind(&entry.id).execute(&mut **tx).await?;
    for change in entry.operation.settle(&entry.doc_id, answer)? {
        match change {
            ServerChange::Upsert(collection, doc) => {
                let row = Row::from_json(collection, doc.to_string())?;
                rebase_later(tx, &DocRef::new(collection, row.id.clone()), row.version).await?;
                apply_server_doc(tx, row).await?;
            }
            ServerChange::Delete(doc) => apply_server_delete(tx, doc.collection, &doc.id).await?,
        }
    }
    // Documents the answer did not mention still lose this entry's effect.
    for doc in touched {
        recompute(tx, doc.collection, &doc.id).await?;
    }
    Ok(())
}

/// Later edits of `doc` were made on top of ours, which the provider just
/// stored as `version`: they are now based on it.
async fn rebase_later(tx: &mut Transaction<'_, Sqlite>, doc: &DocRef, version: i64) -> Result<()> {
    let old: Option<i64> = sqlx::query_scalar("SELECT version FROM shadows WHERE collection = ? AND id = ?")
        .bind(doc.collection.as_str())
        .bind(&doc.id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(old) = old else { return Ok(()) };
    for entry in entries_touching(tx, doc.collection, &doc.id).await? {
        if entry.status != "pending" {
            continue;
        }
        if entry.filed_here && entry.base_version == old {
            sqlx::query("UPDATE outbox SET base_version = ? WHERE id = ?").bind(version).bind(&entry.id).execute(&mut **tx).await?;
        }
        let mut operation = entry.operation()?;
        if operation.rebase(doc, old, version) {
            sqlx::query("UPDATE outbox SET operation = ? WHERE id = ?")
                .bind(serde_json::to_string(&operation).map_err(anyhow::Error::from)?)
                .bind(&entry.id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// 412: the edit was made on a version of `doc` the provider no longer has.
async fn mark_conflict(tx: &mut Transaction<'_, Sqlite>, entry: &OutboxEntry, doc: &DocRef, theirs: Option<&Value>) -> Result<()> {
    sqlx::query("UPDATE outbox SET status = 'conflict', theirs = ?, conflict_doc = ?, updated_at = ? WHERE id = ?")
        .bind(theirs.map(Value::to_string).unwrap_or_else(|| "null".into()))
        .bind(&doc.id)
        .bind(Timestamp::now().to_string())
        .bind(&entry.id)
        .execute(&mut **tx)
        .await?;
    match theirs {
        Some(theirs) => apply_server_doc(tx, Row::from_json(doc.collection, theirs.to_string())?).await?,
        None => apply_server_delete(tx, doc.collection, &doc.id).await?,
    }
    for touched in docs_of(tx, &entry.id).await? {
        recompute(tx, touched.collection, &touched.id).await?;
    }
    Ok(())
}

async fn mark_failed(tx: &mut Transaction<'_, Sqlite>, entry: &OutboxEntry, problem: &Problem) -> Result<()> {
    let error = serde_json::json!({ "code": problem.code, "detail": problem.detail, "errors": problem.errors });
    sqlx::query("UPDATE outbox SET status = 'failed', error = ?, updated_at = ? WHERE id = ?")
        .bind(error.to_string())
        .bind(Timestamp::now().to_string())
        .bind(&entry.id)
        .execute(&mut **tx)
        .await?;
    for doc in docs_of(tx, &entry.id).await? {
        recompute(tx, doc.collection, &doc.id).await?;
    }
    Ok(())
}

/// Sends a conflicted or failed entry again. For a conflict this is "keep
/// mine": the edit is re-based on the provider's current version (or, for
/// a record they deleted, made again). Answers `None` when nothing of the
/// edit is left to send (it only deleted what is already gone).
pub async fn retry(cache: &Cache, id: &str) -> Result<Option<OutboxEntry>> {
    let entry = get(cache, id).await?;
    let mut tx = cache.pool.begin().await?;
    let filed = DocRef::new(entry.collection, entry.doc_id.clone());
    let shadow_version = |doc: DocRef| async move {
        let version: Option<i64> = sqlx::query_scalar("SELECT version FROM shadows WHERE collection = ? AND id = ?")
            .bind(doc.collection.as_str())
            .bind(&doc.id)
            .fetch_optional(&cache.pool)
            .await?;
        Ok::<_, ClientError>(version)
    };
    let (operation, base) = match entry.status {
        EntryStatus::Conflict => {
            let doc = match &entry.conflict_doc {
                Some(doc_id) => docs_of(&mut tx, id).await?.into_iter().find(|d| &d.id == doc_id).unwrap_or(filed.clone()),
                None => filed.clone(),
            };
            let base = entry.theirs.as_ref().and_then(|t| t["version"].as_i64()).unwrap_or(entry.base_version);
            (entry.operation.clone().keep_mine(&doc, entry.theirs.as_ref()), base)
        }
        _ => (Some(entry.operation.clone()), shadow_version(filed).await?.unwrap_or(entry.base_version)),
    };
    let Some(operation) = operation else {
        drop(tx);
        discard(cache, id).await?;
        return Ok(None);
    };
    sqlx::query(
        "UPDATE outbox SET status = 'pending', operation = ?, base_version = ?, theirs = NULL, conflict_doc = NULL, error = NULL, updated_at = ? WHERE id = ?",
    )
    .bind(serde_json::to_string(&operation).map_err(anyhow::Error::from)?)
    .bind(base)
    .bind(Timestamp::now().to_string())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    for doc in docs_of(&mut tx, id).await? {
        recompute(&mut tx, doc.collection, &doc.id).await?;
    }
    tx.commit().await?;
    Ok(Some(get(cache, id).await?))
}

/// Replaces the edit of a refused (`failed`) entry and queues it again.
///
/// The new edit is checked as a fresh one of its kind is: a forward against
/// the cached forwards, a DNS plan against the cached zone (where the
/// refused entry shows no effect, so it does not collide with itself). It
/// must be of the same kind and change the same documents; a plan may drop
/// some of its changes. A replacement that is refused changes nothing. Only
/// refused entries: a pending one may already be on its way to the
/// provider, and a conflict is settled by keeping mine or taking theirs.
pub async fn edit(cache: &Cache, id: &str, operation: Operation) -> Result<Option<OutboxEntry>> {
    use crate::email_forwarding::forwards;
    let refuse = |field: &str, code: &str, message: &str| {
        ClientError::Invalid(hjs_model::FieldErrors(vec![hjs_model::FieldError::new(field, code, message)]))
    };
    operation.validate()?;
    let entry = get(cache, id).await?;
    if entry.status != EntryStatus::Failed {
        return Err(refuse(
            "status",
            "not_refused",
            "only an edit the provider refused can be changed: a waiting one may be on its way, a conflict is settled by keeping yours or taking theirs",
        ));
    }
    // Each kind is rebuilt from the cache as its area builds a fresh edit,
    // keeping what the entry is filed under (the forward's id and domain,
    // the plan's zone) whatever the replacement came with.
    let operation = match (&entry.operation, operation) {
        (Operation::DnsPlan(refused), Operation::DnsPlan(new)) => {
            Operation::DnsPlan(crate::dns::zone::replacement_plan(cache, refused, new.plan).await?)
        }
        (Operation::ForwardCreate(refused), Operation::ForwardCreate(new)) => {
            Operation::ForwardCreate(forwards::replacement_create(cache, &entry.doc_id, refused, new.draft).await?)
        }
        (Operation::ForwardUpdate(_), Operation::ForwardUpdate(new)) => {
            Operation::ForwardUpdate(forwards::checked_update(cache, &entry.doc_id, new.draft).await?)
        }
        (Operation::ForwardDelete(_), Operation::ForwardDelete(_)) => {
            return Err(refuse("operation", "nothing_to_edit", "removing a forward has nothing to edit: retry or discard it"))
        }
        (old, new) if std::mem::discriminant(old) == std::mem::discriminant(&new) => new,
        _ => return Err(refuse("operation", "kind_changed", "an edit can only be replaced by an edit of the same kind")),
    };
    let before = entry.operation.touches(&entry.doc_id);
    let after = operation.touches(&entry.doc_id);
    let mut tx = cache.pool.begin().await?;
    sqlx::query("UPDATE outbox SET operation = ?, updated_at = ? WHERE id = ?")
        .bind(serde_json::to_string(&operation).map_err(anyhow::Error::from)?)
        .bind(Timestamp::now().to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // Records whose change was dropped from a plan are no longer this
    // entry's: with no other edit queued on them, their shadow goes.
    for doc in before.iter().filter(|doc| !after.contains(doc)) {
        sqlx::query("DELETE FROM outbox_docs WHERE entry_id = ? AND collection = ? AND doc_id = ?")
            .bind(id)
            .bind(doc.collection.as_str())
            .bind(&doc.id)
            .execute(&mut *tx)
            .await?;
        recompute(&mut tx, doc.collection, &doc.id).await?;
    }
    tx.commit().await?;
    retry(cache, id).await
}

/// Drops an entry ("take theirs" for a conflict): its documents show the
/// provider's version again, with any other pending edits on top.
pub async fn discard(cache: &Cache, id: &str) -> Result<()> {
    get(cache, id).await?;
    let mut tx = cache.pool.begin().await?;
    let touched = docs_of(&mut tx, id).await?;
    sqlx::query("DELETE FROM outbox WHERE id = ?").bind(id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM outbox_docs WHERE entry_id = ?").bind(id).execute(&mut *tx).await?;
    for doc in touched {
        recompute(&mut tx, doc.collection, &doc.id).await?;
    }
    tx.commit().await?;
    Ok(())
}
