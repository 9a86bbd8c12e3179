//! Filling an empty cache from the provider's snapshot.
//!
//! The NDJSON stream is parsed as it arrives and written in batches of
//! multi-row INSERTs (one row per statement is 10–40× slower in SQLite),
//! the full-text indexes built in the same pass by the tables' triggers.
//! The cache is marked `bootstrap = complete`, with the snapshot's seq, in
//! the same transaction as the last batch, and only after the stream's end
//! line arrived: a bootstrap killed at any point leaves `started`, and the
//! next open starts over from an empty cache. Queued edits survive that and
//! are re-applied on top of the fresh documents.
//!
//! Secondary indexes and the full-text triggers are set aside while the rows
//! go in and rebuilt in bulk before the cache is marked complete (sorted
//! index builds and one FTS `rebuild` are ~40 % faster than keeping them up
//! row by row). Their SQL is kept in `sync_state` under `deferred_schema`
//! until they are back, so a bootstrap killed in between restores them on
//! its next run.

use std::time::Instant;

use futures::StreamExt;
use hjs_model::Collection;
use serde::Deserialize;

use crate::api::ProviderApi;
use crate::cache::{self, Cache, Row};
use crate::error::{ClientError, Result};
use crate::outbox;

/// How far a bootstrap has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub documents: u64,
    pub bytes: u64,
    pub done: bool,
}

/// What a finished bootstrap did.
#[derive(Debug, Clone, Copy)]
pub struct BootstrapReport {
    pub documents: u64,
    pub bytes: u64,
    pub seq: i64,
    pub seconds: f64,
}

#[derive(Deserialize)]
struct Line<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    collection: Option<&'a str>,
    #[serde(borrow)]
    doc: Option<&'a serde_json::value::RawValue>,
    seq: Option<i64>,
    documents: Option<u64>,
}

/// Documents per write transaction.
const BATCH: usize = 4_000;

/// Replaces the cache's documents with the provider's snapshot.
pub async fn bootstrap(cache: &Cache, api: &ProviderApi, mut progress: impl FnMut(Progress)) -> Result<BootstrapReport> {
    let started = Instant::now();
    {
        let mut tx = cache.pool.begin().await?;
        // Indexes and triggers first, so clearing old rows does not update them row by row.
        set_aside_indexes(&mut tx).await?;
        cache::clear_documents(&mut tx).await?;
        cache::set_state(&mut tx, "bootstrap", "started").await?;
        tx.commit().await?;
    }
    let mut stream = Box::pin(api.snapshot().await?);
    // Reading and parsing run here while a second task writes the previous
    // batch: network, JSON and SQLite each get their own turn of a core
    // instead of taking turns.
    let (batches, mut to_write) = tokio::sync::mpsc::channel::<Vec<Row>>(2);
    let (written_tx, mut written) = tokio::sync::watch::channel(0u64);
    let writer_cache = cache.clone();
    let writer = tokio::spawn(async move {
        let mut total = 0u64;
        while let Some(mut batch) = to_write.recv().await {
            let n = batch.len() as u64;
            write_batch(&writer_cache, &mut batch).await?;
            total += n;
            let _ = written_tx.send(total);
        }
        Ok::<u64, ClientError>(total)
    });
    let read = read_snapshot(&mut stream, &batches, &mut written, &mut progress).await;
    drop(batches);
    let written_by_writer = match writer.await {
        Ok(result) => result?,
        Err(error) => return Err(anyhow::anyhow!("the bootstrap writer stopped: {error}").into()),
    };
    let Snapshot { mut batch, documents, bytes, end } = read?;
    debug_assert_eq!(written_by_writer + batch.len() as u64, documents);
    let Some((seq, announced)) = end else {
        return Err(ClientError::Offline("the snapshot stream ended early".into()));
    };
    if announced != documents {
        return Err(anyhow::anyhow!("the snapshot announced {announced} documents but carried {documents}").into());
    }
    let mut tx = cache.pool.begin().await?;
    write_rows(&mut tx, &mut batch).await?;
    // Queued edits go back on top of the fresh documents.
    let queued: Vec<(String, String)> = sqlx::query_as("SELECT DISTINCT collection, id FROM shadows").fetch_all(&mut *tx).await?;
    for (collection, id) in queued {
        let Ok(collection) = collection.parse::<Collection>() else { continue };
        match cache::read_body(&mut tx, collection, &id).await? {
            Some(body) => outbox::apply_server_doc(&mut tx, Row::from_json(collection, body)?).await?,
            None => outbox::apply_server_delete(&mut tx, collection, &id).await?,
        }
    }
    restore_indexes(&mut tx).await?;
    cache::set_state(&mut tx, "seq", &seq.to_string()).await?;
    cache::set_state(&mut tx, "bootstrap", "complete").await?;
    cache::set_state(&mut tx, "last_synced_at", &hjs_model::Timestamp::now().to_string()).await?;
    tx.commit().await?;
    sqlx::query("PRAGMA optimize").execute(&cache.pool).await?;
    progress(Progress { documents, bytes, done: true });
    Ok(BootstrapReport { documents, bytes, seq, seconds: started.elapsed().as_secs_f64() })
}

/// The tables whose secondary indexes and FTS triggers a bootstrap sets aside.
const BULK_TABLES: &str = "'documents', 'users', 'domains', 'support_tickets', 'support_messages', 'notifications'";

/// Drops the secondary indexes and FTS triggers of the document tables,
/// keeping their SQL in `sync_state`. When a killed bootstrap already set
/// them aside, the saved SQL is kept as it is.
async fn set_aside_indexes(conn: &mut sqlx::SqliteConnection) -> Result<()> {
    let saved: Option<String> =
        sqlx::query_scalar("SELECT value FROM sync_state WHERE key = 'deferred_schema'").fetch_optional(&mut *conn).await?;
    let objects: Vec<(String, String, String)> = sqlx::query_as(&format!(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ({BULK_TABLES})"
    ))
    .fetch_all(&mut *conn)
    .await?;
    if saved.is_none() {
        let ddl: Vec<&str> = objects.iter().map(|(_, _, sql)| sql.as_str()).collect();
        cache::set_state(conn, "deferred_schema", &serde_json::to_string(&ddl).map_err(anyhow::Error::from)?).await?;
    }
    for (kind, name, _) in &objects {
        let kind = if kind == "index" { "INDEX" } else { "TRIGGER" };
        sqlx::query(&format!("DROP {kind} \"{name}\"")).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rebuilds what [`set_aside_indexes`] dropped: indexes, then the full-text
/// indexes from their tables, then the triggers that keep them current.
async fn restore_indexes(conn: &mut sqlx::SqliteConnection) -> Result<()> {
    let Some(saved) =
        sqlx::query_scalar::<_, String>("SELECT value FROM sync_state WHERE key = 'deferred_schema'").fetch_optional(&mut *conn).await?
    else {
        return Ok(());
    };
    let ddl: Vec<String> = serde_json::from_str(&saved).map_err(|e| anyhow::anyhow!("saved schema: {e}"))?;
    for sql in ddl.iter().filter(|sql| !sql.starts_with("CREATE TRIGGER")) {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    for fts in ["domains_fts", "users_fts", "tickets_fts", "messages_fts"] {
        sqlx::query(&format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')")).execute(&mut *conn).await?;
    }
    for sql in ddl.iter().filter(|sql| sql.starts_with("CREATE TRIGGER")) {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    sqlx::query("DELETE FROM sync_state WHERE key = 'deferred_schema'").execute(&mut *conn).await?;
    Ok(())
}

/// What the reading side of a bootstrap got: the last, unwritten batch and
/// the totals.
struct Snapshot {
    batch: Vec<Row>,
    documents: u64,
    bytes: u64,
    end: Option<(i64, u64)>,
}

/// Parses the NDJSON stream into batches for the writer, reporting the
/// writer's progress as it goes.
async fn read_snapshot(
    stream: &mut (impl futures::Stream<Item = Result<bytes::Bytes>> + Unpin),
    batches: &tokio::sync::mpsc::Sender<Vec<Row>>,
    written: &mut tokio::sync::watch::Receiver<u64>,
    progress: &mut impl FnMut(Progress),
) -> Result<Snapshot> {
    let mut pending = Vec::<u8>::new();
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    let (mut documents, mut bytes) = (0u64, 0u64);
    let mut end: Option<(i64, u64)> = None;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        bytes += chunk.len() as u64;
        pending.extend_from_slice(&chunk);
        let mut consumed = 0;
        while let Some(newline) = pending[consumed..].iter().position(|b| *b == b'\n') {
            let line = &pending[consumed..consumed + newline];
            consumed += newline + 1;
            if line.is_empty() {
                continue;
            }
            let parsed: Line<'_> = serde_json::from_slice(line).map_err(|e| anyhow::anyhow!("snapshot line does not parse: {e}"))?;
            match (parsed.kind, parsed.collection, parsed.doc) {
                ("doc", Some(collection), Some(doc)) => {
                    if end.is_some() {
                        return Err(anyhow::anyhow!("snapshot has documents after its end line").into());
                    }
                    let collection: Collection = collection.parse().map_err(|e| anyhow::anyhow!("snapshot collection: {e}"))?;
                    batch.push(Row::from_json(collection, doc.get().to_string())?);
                    documents += 1;
                }
                ("end", _, _) => end = Some((parsed.seq.unwrap_or(0), parsed.documents.unwrap_or(0))),
                _ => return Err(anyhow::anyhow!("unexpected snapshot line").into()),
            }
        }
        pending.drain(..consumed);
        if batch.len() >= BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if batches.send(full).await.is_err() {
                // The writer failed; its error is what the caller reports.
                return Err(anyhow::anyhow!("the bootstrap writer stopped").into());
            }
        }
        if written.has_changed().unwrap_or(false) {
            let committed = *written.borrow_and_update();
            progress(Progress { documents: committed, bytes, done: false });
        }
    }
    Ok(Snapshot { batch, documents, bytes, end })
}

async fn write_batch(cache: &Cache, batch: &mut Vec<Row>) -> Result<()> {
    let mut tx = cache.pool.begin().await?;
    write_rows(&mut tx, batch).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes rows grouped by collection (each multi-row statement is one table).
async fn write_rows(conn: &mut sqlx::SqliteConnection, batch: &mut Vec<Row>) -> Result<()> {
    batch.sort_by_key(|row| row.collection);
    let mut start = 0;
    while start < batch.len() {
        let collection = batch[start].collection;
        let end = batch[start..].iter().position(|row| row.collection != collection).map(|n| start + n).unwrap_or(batch.len());
        cache::upsert_rows(conn, &batch[start..end]).await?;
        start = end;
    }
    batch.clear();
    Ok(())
}
