//! Filling an empty cache from the provider's snapshot.
//!
//! Three stages keep both cores busy: the calling task reads the NDJSON
//! stream, a blocking thread parses it and turns each batch into bound
//! multi-row upserts (one row per statement is 10–40× slower in SQLite),
//! and a writer task runs them, a transaction per batch, on a connection of
//! its own. The cache is marked `bootstrap = complete`, with the snapshot's
//! seq, in the same transaction as the last batch, and only after the
//! stream's end line arrived: a bootstrap killed at any point leaves
//! `started`, and the next open starts over from an empty cache. Queued
//! edits survive that and are re-applied on top of the fresh documents.
//!
//! Secondary indexes and the full-text triggers are set aside while the rows
//! go in and rebuilt in bulk before the cache is marked complete (sorted
//! index builds and one FTS `rebuild` are ~40 % faster than keeping them up
//! row by row). Their SQL is kept in `sync_state` under `deferred_schema`
//! until they are back, so a bootstrap killed in between restores them on
//! its next run. Partial indexes (the audit log's, over audit events only)
//! stay: a row outside one costs only its `WHERE` check, while rebuilding
//! one reads the whole table again.
//!
//! Durability: when no edit is queued, the cache holds nothing that cannot
//! be downloaded again, so the writer skips `fsync`s (`synchronous = OFF`;
//! they took a fifth of the time) and, when the file is open nowhere else,
//! the journal too: the documents go into the file once instead of through
//! the WAL ([`crate::unjournaled`] says how that stays safe). A power cut,
//! or a kill in an unjournaled COMMIT, can only damage a cache still marked
//! `started`, and `Cache::open` deals with that. The last transaction (the
//! index rebuild) and a checkpoint at the end run under the WAL with
//! `synchronous = NORMAL`, which syncs the whole file before the bootstrap
//! reports done. With edits queued, every write is journaled and every
//! checkpoint syncs as usual. (An edit queued while such a bootstrap runs
//! brings the journal back before the next batch and is synced by that last
//! checkpoint; were the power cut first, `Cache::open` finds the damage and
//! keeps the file aside, edit included, rather than deleting it.)

use std::time::Instant;

use futures::StreamExt;
use hjs_model::Collection;
use serde::Deserialize;
use sqlx::{ConnectOptions, Connection};

use crate::api::ProviderApi;
use crate::cache::{self, Cache, Row, UpsertStatement};
use crate::error::{ClientError, Result};
use crate::outbox;
use crate::unjournaled::{self, Journal};

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
    /// Of `seconds`, the part spent rebuilding the indexes set aside.
    pub index_seconds: f64,
    /// Whether the documents went into the file without a journal
    /// ([`crate::unjournaled`]): the cache was open nowhere else and no
    /// edit was queued.
    pub unjournaled: bool,
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
const BATCH: usize = 8_000;

/// Replaces the cache's documents with the provider's snapshot.
pub async fn bootstrap(cache: &Cache, api: &ProviderApi, mut progress: impl FnMut(Progress)) -> Result<BootstrapReport> {
    let started = Instant::now();
    // A connection of its own, so its pragmas never reach the pool's, and
    // its page cache stays warm from batch to batch; closed when done.
    let mut conn = cache.pool.connect_options().connect().await?;
    let edits_queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&mut conn).await?;
    let mut journal = if edits_queued == 0 {
        sqlx::query("PRAGMA synchronous = OFF").execute(&mut conn).await?;
        Journal::leave_wal_if_alone(cache, &mut conn).await?
    } else {
        Journal::journaled(cache)?
    };
    // Index builds sort in this page cache; it goes with the connection.
    sqlx::query("PRAGMA cache_size = -65536").execute(&mut conn).await?;
    journal.begin(&mut conn).await?;
    // Indexes and triggers first, so clearing old rows does not update them row by row.
    set_aside_indexes(&mut conn).await?;
    cache::clear_documents(&mut conn).await?;
    cache::set_state(&mut conn, "bootstrap", "started").await?;
    unjournaled::commit(&mut conn).await?;
    let mut stream = Box::pin(api.snapshot().await?);
    // Three stages, so network, JSON and SQLite each keep a core busy
    // instead of taking turns: this task reads the stream, a blocking
    // thread parses it into batches (parsing here would hold up the writer
    // on a single-threaded runtime), and a second task writes them.
    let (chunks, to_parse) = tokio::sync::mpsc::channel::<bytes::Bytes>(64);
    let (batches, mut to_write) = tokio::sync::mpsc::channel::<Batch>(2);
    let (written_tx, mut written) = tokio::sync::watch::channel(0u64);
    let parser = tokio::task::spawn_blocking(move || parse_snapshot(to_parse, batches));
    let writer = tokio::spawn(async move {
        let mut total = 0u64;
        while let Some(batch) = to_write.recv().await {
            let n = batch.documents;
            write_batch(&mut conn, &mut journal, batch.statements).await?;
            total += n;
            let _ = written_tx.send(total);
        }
        Ok::<_, ClientError>((conn, journal, total))
    });
    let mut bytes = 0u64;
    let received: Result<()> = async {
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            bytes += chunk.len() as u64;
            if chunks.send(chunk).await.is_err() {
                break; // the parser stopped; its error is what the caller reports
            }
            if written.has_changed().unwrap_or(false) {
                let committed = *written.borrow_and_update();
                progress(Progress { documents: committed, bytes, done: false });
            }
        }
        Ok(())
    }
    .await;
    drop(chunks);
    // The writer may still be catching up with what was read.
    while written.changed().await.is_ok() {
        let committed = *written.borrow_and_update();
        progress(Progress { documents: committed, bytes, done: false });
    }
    let parsed = parser.await.map_err(|error| anyhow::anyhow!("the bootstrap parser stopped: {error}"))?;
    let (mut conn, mut journal, written_by_writer) = match writer.await {
        Ok(result) => result?,
        Err(error) => return Err(anyhow::anyhow!("the bootstrap writer stopped: {error}").into()),
    };
    // The rest goes under the WAL and syncs as usual (its checkpoint syncs
    // the whole file): the index builds are one large transaction, to be
    // atomic and free to spill pages to the file. The WAL comes back first
    // also when the download failed, so the marker does not outlive it.
    let unjournaled = journal.still_unjournaled(&mut conn).await?;
    journal.back_to_wal(&mut conn).await?;
    received?;
    let Snapshot { last, documents, end } = parsed?;
    debug_assert_eq!(written_by_writer + last.documents, documents);
    let Some((seq, announced)) = end else {
        return Err(ClientError::Offline("the snapshot stream ended early".into()));
    };
    if announced != documents {
        return Err(anyhow::anyhow!("the snapshot announced {announced} documents but carried {documents}").into());
    }
    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut conn).await?;
    let mut tx = conn.begin().await?;
    for statement in last.statements {
        statement.execute(&mut tx).await?;
    }
    // Queued edits go back on top of the fresh documents.
    let queued: Vec<(String, String)> = sqlx::query_as("SELECT DISTINCT collection, id FROM shadows").fetch_all(&mut *tx).await?;
    for (collection, id) in queued {
        let Ok(collection) = collection.parse::<Collection>() else { continue };
        match cache::read_body(&mut tx, collection, &id).await? {
            Some(body) => outbox::apply_server_doc(&mut tx, Row::from_json(collection, body)?).await?,
            None => outbox::apply_server_delete(&mut tx, collection, &id).await?,
        }
    }
    let indexing = Instant::now();
    restore_indexes(&mut tx).await?;
    let index_seconds = indexing.elapsed().as_secs_f64();
    cache::set_state(&mut tx, "seq", &seq.to_string()).await?;
    cache::set_state(&mut tx, "bootstrap", "complete").await?;
    cache::set_state(&mut tx, "last_synced_at", &hjs_model::Timestamp::now().to_string()).await?;
    tx.commit().await?;
    sqlx::query("PRAGMA optimize").execute(&mut conn).await?;
    // Whatever of the WAL is not in the file yet goes there, synced: done means on disk.
    sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&mut conn).await?;
    conn.close().await?;
    progress(Progress { documents, bytes, done: true });
    Ok(BootstrapReport { documents, bytes, seq, seconds: started.elapsed().as_secs_f64(), index_seconds, unjournaled })
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
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN ({BULK_TABLES}) \
         AND NOT (type = 'index' AND sql LIKE '% WHERE %')"
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

/// Documents ready to write in one transaction.
struct Batch {
    documents: u64,
    statements: Vec<UpsertStatement>,
}

impl Batch {
    fn of(rows: Vec<Row>) -> Result<Batch> {
        Ok(Batch { documents: rows.len() as u64, statements: cache::upsert_statements(rows)? })
    }
}

/// What the parsing side of a bootstrap got: the last, unwritten batch and
/// the totals.
struct Snapshot {
    last: Batch,
    documents: u64,
    end: Option<(i64, u64)>,
}

/// Parses the NDJSON chunks into batches for the writer (on a blocking
/// thread).
fn parse_snapshot(mut chunks: tokio::sync::mpsc::Receiver<bytes::Bytes>, batches: tokio::sync::mpsc::Sender<Batch>) -> Result<Snapshot> {
    let mut pending = Vec::<u8>::new();
    let mut batch: Vec<Row> = Vec::with_capacity(BATCH);
    let mut documents = 0u64;
    let mut end: Option<(i64, u64)> = None;
    while let Some(chunk) = chunks.blocking_recv() {
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
            let full = Batch::of(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
            if batches.blocking_send(full).is_err() {
                // The writer failed; its error is what the caller reports.
                return Err(anyhow::anyhow!("the bootstrap writer stopped").into());
            }
        }
    }
    Ok(Snapshot { last: Batch::of(batch)?, documents, end })
}

/// One transaction. Should a statement fail, the writer's connection is
/// dropped with it, which discards what was not committed.
async fn write_batch(conn: &mut sqlx::SqliteConnection, journal: &mut Journal, statements: Vec<UpsertStatement>) -> Result<()> {
    journal.begin(conn).await?;
    for statement in statements {
        statement.execute(conn).await?;
    }
    unjournaled::commit(conn).await
}
