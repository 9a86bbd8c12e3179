//! The database: one `sqlx::AnyPool` that speaks SQLite or PostgreSQL with
//! one body of SQL, the migrations, and the two kinds of transaction the
//! provider uses.
//!
//! - [`Db::begin_write`] serializes writers on the `change_counter` row (see
//!   the change-feed migration for why) and hands out change-log seqs.
//! - [`Db::begin_snapshot`] gives one consistent read of everything (a
//!   REPEATABLE READ transaction on PostgreSQL; SQLite's WAL read
//!   transactions already are snapshots).

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use hjs_model::documents::AuditActor;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Transaction};
use tokio::sync::watch;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Rows per multi-row statement, whatever the column count.
const MAX_ROWS_PER_STATEMENT: usize = 1_000;

impl Engine {
    /// How many rows of `columns` bind parameters each a multi-row
    /// statement should carry. Both stay far below the engines' limits
    /// (SQLite 32766, PostgreSQL 65535) for different reasons: SQLite finds
    /// a `$N` parameter's name by a linear scan, so binding costs grow with
    /// the square of the parameter count and around 100–1000 per statement
    /// is fastest; on PostgreSQL every statement is a round trip, so fewer,
    /// bigger statements win until parsing the long VALUES list dominates.
    pub(crate) fn rows_per_statement(self, columns: usize) -> usize {
        let binds = match self {
            Engine::Sqlite => 400,
            Engine::Postgres => 10_000,
        };
        (binds / columns.max(1)).clamp(1, MAX_ROWS_PER_STATEMENT)
    }
}

/// `$first, $first+1, ...`: `count` numbered parameters.
pub(crate) fn parameters(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// `VALUES ($1, $2), ($3, $4), ...`: `rows` rows of `columns` parameters,
/// numbered across rows, as multi-row `INSERT`s and `WITH ... AS (VALUES
/// ...)` lists take them on both engines.
pub(crate) fn values_list(columns: usize, rows: usize) -> String {
    let rows: Vec<String> = (0..rows).map(|row| format!("({})", parameters(row * columns + 1, columns))).collect();
    format!("VALUES {}", rows.join(", "))
}

/// `INSERT INTO table (a, b) VALUES ($1, $2), ($3, $4), ...`
pub(crate) fn multi_row_insert(table: &str, names: &[&str], rows: usize) -> String {
    format!("INSERT INTO {table} ({}) {}", names.join(", "), values_list(names.len(), rows))
}

/// Shared handle to the database and to the "latest seq" announcement.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    url: String,
    latest_seq: watch::Sender<i64>,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    /// Connects and applies pending migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            anyhow::bail!("database URL must start with sqlite: or postgres:");
        };
        let mut options = AnyConnectOptions::from_str(url).context("Failed to parse the database URL")?;
        options = sqlx::ConnectOptions::log_statements(options, tracing::log::LevelFilter::Trace);
        let pool = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if engine == Engine::Sqlite {
                        // WAL lets readers run beside the writer; the busy
                        // timeout makes writers queue instead of failing.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("Failed to connect to the database")?;
        MIGRATOR.run(&pool).await.context("Failed to apply migrations")?;
        let seq: i64 = sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1").fetch_one(&pool).await?;
        let (latest_seq, _) = watch::channel(seq);
        Ok(Db { pool, engine, url: url.to_string(), latest_seq })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Starts a write transaction holding the writer lock, acting for
    /// `audit` (every document it writes is audited as that actor).
    pub async fn begin_write(&self, audit: Audit) -> anyhow::Result<WriteTx> {
        let mut tx = self.pool.begin().await.context("Failed to begin a write transaction")?;
        // Taking the counter row first makes every writer queue here, which
        // orders commits by seq and, on SQLite, takes the write lock before
        // any read so the transaction can never fail to upgrade.
        sqlx::query("UPDATE change_counter SET seq = seq WHERE id = 1")
            .execute(&mut *tx)
            .await
            .context("Failed to take the writer lock")?;
        Ok(WriteTx { tx, db: self.clone(), last_seq: None, audit })
    }

    /// Starts a read transaction that sees one consistent state.
    pub async fn begin_snapshot(&self) -> anyhow::Result<Transaction<'static, sqlx::Any>> {
        let mut tx = self.pool.begin().await.context("Failed to begin a snapshot")?;
        if self.engine == Engine::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
        }
        Ok(tx)
    }

    /// The latest committed seq, as announced to event-stream subscribers.
    pub fn subscribe(&self) -> watch::Receiver<i64> {
        self.latest_seq.subscribe()
    }

    pub(crate) fn announce(&self, seq: i64) {
        self.latest_seq.send_if_modified(|latest| {
            if seq > *latest {
                *latest = seq;
                true
            } else {
                false
            }
        });
    }

    /// Follows commits made by other provider processes sharing this
    /// database: LISTEN/NOTIFY on PostgreSQL for promptness, plus a light
    /// poll of the counter on both engines, which also covers notifications
    /// missed while the listener (re)connects.
    pub fn spawn_change_follower(&self) -> tokio::task::JoinHandle<()> {
        let db = self.clone();
        tokio::spawn(async move {
            let poll_every = if db.engine == Engine::Postgres { Duration::from_secs(2) } else { Duration::from_millis(250) };
            let mut poll = tokio::time::interval(poll_every);
            let mut listener = None;
            loop {
                if db.engine == Engine::Postgres && listener.is_none() {
                    match listen(&db).await {
                        Ok(connected) => {
                            listener = Some(connected);
                            db.poll_counter().await;
                        }
                        Err(error) => {
                            tracing::warn!(error = %format!("{error:#}"), "LISTEN failed; polling the change counter until it works")
                        }
                    }
                }
                match listener.as_mut() {
                    Some(connected) => tokio::select! {
                        notification = connected.recv() => match notification {
                            Ok(notification) => {
                                if let Ok(seq) = notification.payload().parse::<i64>() {
                                    db.announce(seq);
                                }
                            }
                            Err(_) => listener = None,
                        },
                        _ = poll.tick() => db.poll_counter().await,
                    },
                    None => {
                        poll.tick().await;
                        db.poll_counter().await;
                    }
                }
            }
        })
    }

    async fn poll_counter(&self) {
        if let Ok(seq) = sqlx::query_scalar::<_, i64>("SELECT seq FROM change_counter WHERE id = 1").fetch_one(&self.pool).await {
            self.announce(seq);
        }
    }
}

async fn listen(db: &Db) -> anyhow::Result<sqlx::postgres::PgListener> {
    let mut listener = sqlx::postgres::PgListener::connect(db.url()).await?;
    listener.listen(CHANGE_CHANNEL).await?;
    Ok(listener)
}

const CHANGE_CHANNEL: &str = "hjs_changes";

/// A write transaction. Dropping it without [`WriteTx::commit`] rolls back.
#[derive(Debug)]
pub struct WriteTx {
    pub tx: Transaction<'static, sqlx::Any>,
    db: Db,
    last_seq: Option<i64>,
    pub(crate) audit: Audit,
}

/// Whom a write transaction acts for.
#[derive(Debug, Clone)]
pub enum Audit {
    /// Every document written is recorded in the audit trail as this actor.
    As(AuditActor),
    /// The seed writes the starting state of a database: there is no
    /// change to record, and auditing it would double its size.
    Seed,
}

impl WriteTx {
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Reserves `n` consecutive change-log seqs in one statement and returns
    /// the first. The lock taken at begin keeps them gap-free in commit
    /// order; the last one is what the commit announces.
    pub async fn reserve_seqs(&mut self, n: usize) -> anyhow::Result<i64> {
        anyhow::ensure!(n > 0, "reserve at least one seq");
        let count = i64::try_from(n).context("too many seqs to reserve")?;
        let last: i64 = sqlx::query_scalar("UPDATE change_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq")
            .bind(count)
            .fetch_one(&mut *self.tx)
            .await
            .context("Failed to reserve change seqs")?;
        self.last_seq = Some(last);
        Ok(last - count + 1)
    }

    pub async fn commit(mut self) -> anyhow::Result<()> {
        if let (Some(seq), Engine::Postgres) = (self.last_seq, self.db.engine) {
            // Delivered by PostgreSQL at commit, to every provider process.
            // NOTIFY takes no bind parameters; the payload is our own integer.
            sqlx::query(&format!("NOTIFY {CHANGE_CHANNEL}, '{seq}'")).execute(&mut *self.tx).await?;
        }
        self.tx.commit().await.context("Failed to commit")?;
        if let Some(seq) = self.last_seq {
            self.db.announce(seq);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_inserts_number_their_placeholders_across_rows() {
        assert_eq!(multi_row_insert("t", &["a", "b"], 2), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }

    #[test]
    fn statements_stay_within_the_bind_limits_and_hold_at_least_one_row() {
        for engine in [Engine::Sqlite, Engine::Postgres] {
            assert_eq!(engine.rows_per_statement(100_000), 1, "a row too wide for the budget still goes alone");
            assert!(engine.rows_per_statement(11) * 11 <= 32_766, "{engine:?} keeps under SQLite's and PostgreSQL's limits");
        }
        assert!(Engine::Postgres.rows_per_statement(9) > Engine::Sqlite.rows_per_statement(9), "PostgreSQL takes bigger statements");
    }
}
