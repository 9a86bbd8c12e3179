//! The database: one `sqlx::AnyPool` that speaks SQLite or PostgreSQL with
//! one body of SQL, the migrations, and the two kinds of transaction the
//! provider uses.
//!
//! - [`Db::begin_write`] serializes writers on the `change_counter` row (see
//!   the change-feed migration for why) and hands out change-log seqs.
//! - [`Db::begin_snapshot`] gives one consistent read of everything (a
//!   REPEATABLE READ transaction on PostgreSQL; SQLite's WAL read
//!   transactions already are snapshots).
//! - [`Db::with_shared_writes`] lets a batch's writes share one database
//!   transaction, each in a savepoint of its own: begin, the writer lock
//!   and commit are most of a small write's cost, and a batch of them pays
//!   it once instead of once per item.

use std::collections::HashMap;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use hjs_model::documents::AuditActor;
use hjs_model::ObjectId;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyConnection, AnyPool, Executor, Transaction};
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
    /// `audit` (every document it writes is audited as that actor). Inside
    /// [`Db::with_shared_writes`] it is a savepoint in the shared one.
    pub async fn begin_write(&self, audit: Audit) -> anyhow::Result<WriteTx> {
        if let Ok(taken) = SHARED.try_with(Shared::take) {
            let (locked, last_item) = taken?;
            let locked = match locked {
                Some(locked) => locked,
                None => match self.begin_locked().await {
                    Ok(locked) => locked,
                    Err(error) => {
                        SHARED.with(Shared::unlend);
                        return Err(error);
                    }
                },
            };
            return self.open_savepoint(locked, last_item, audit).await;
        }
        let locked = self.begin_locked().await?;
        Ok(WriteTx::new(locked, self, audit, false))
    }

    async fn begin_locked(&self) -> anyhow::Result<Locked> {
        let mut tx = self.pool.begin().await.context("Failed to begin a write transaction")?;
        // Taking the counter row first makes every writer queue here, which
        // orders commits by seq and, on SQLite, takes the write lock before
        // any read so the transaction can never fail to upgrade.
        let counter: i64 = sqlx::query_scalar("UPDATE change_counter SET seq = seq WHERE id = 1 RETURNING seq")
            .fetch_one(&mut *tx)
            .await
            .context("Failed to take the writer lock")?;
        Ok(Locked { tx, seqs: Seqs { counter, next: counter + 1 }, log: Vec::new(), answers: Vec::new(), resellers: HashMap::new() })
    }

    /// Opens the next item's savepoint in the shared transaction, first
    /// closing the last item's: released if it committed, undone if not.
    /// Closing and opening go as one call: each statement costs a round
    /// trip to the connection's thread, and a batch item makes few.
    async fn open_savepoint(&self, mut locked: Locked, last_item: LastItem, audit: Audit) -> anyhow::Result<WriteTx> {
        let opened = async {
            if locked.log.len() >= crate::store::LOG_FLUSH_AT {
                // Outside any item's savepoint, so no item's undo takes it.
                if let Some(close) = last_item.closing() {
                    locked.tx.execute(close).await?;
                }
                let entries = std::mem::take(&mut locked.log);
                crate::store::write_log(&mut locked.tx, self.engine, &mut locked.seqs, entries).await?;
                locked.tx.execute(OPEN_ITEM).await?;
            } else {
                let statements = match last_item.closing() {
                    Some(close) => format!("{close}; {OPEN_ITEM}"),
                    None => OPEN_ITEM.to_string(),
                };
                locked.tx.execute(statements.as_str()).await?;
            }
            anyhow::Ok(())
        }
        .await;
        match opened {
            Ok(()) => Ok(WriteTx::new(locked, self, audit, true)),
            Err(error) => {
                // Hand the transaction back, so the items before this one are
                // still committed, or refused as a whole, by the batch.
                Shared::give_back(locked, last_item);
                Err(error).context("Failed to open a savepoint in the batch's transaction")
            }
        }
    }

    /// Runs `work` with every [`Db::begin_write`] inside it (in this task)
    /// sharing one database transaction, each write in a savepoint of its
    /// own, so a write that fails or is refused undoes only itself. What the
    /// writes committed is committed at [`Db::commit_shared`] and when
    /// `work` ends; if that fails, the error says so and nothing since the
    /// last commit is kept. The shared transaction holds the writer lock, so
    /// callers commit it now and then to let other writers in.
    pub async fn with_shared_writes<T>(&self, work: impl Future<Output = T>) -> anyhow::Result<T> {
        SHARED
            .scope(Shared::default(), async {
                let output = work.await;
                self.commit_shared().await?;
                Ok(output)
            })
            .await
    }

    /// Commits what the writes inside [`Db::with_shared_writes`] have
    /// committed so far; the next write starts a new transaction.
    pub async fn commit_shared(&self) -> anyhow::Result<()> {
        let (locked, last_item) = SHARED.try_with(Shared::take).context("commit_shared outside with_shared_writes")??;
        SHARED.with(Shared::unlend);
        let Some(mut locked) = locked else { return Ok(()) };
        if let Some(close) = last_item.closing() {
            locked.tx.execute(close).await?;
        }
        self.finish(locked).await
    }

    /// Commits a whole transaction, with its log, its writes' answers and
    /// the seqs it took, and announces the last of them.
    async fn finish(&self, Locked { mut tx, mut seqs, log, answers, .. }: Locked) -> anyhow::Result<()> {
        crate::store::write_log(&mut tx, self.engine, &mut seqs, log).await?;
        crate::http::write_answers(&mut tx, self.engine, &answers).await?;
        let last = seqs.last_taken();
        if let Some(last) = last {
            sqlx::query("UPDATE change_counter SET seq = $1 WHERE id = 1")
                .bind(last)
                .execute(&mut *tx)
                .await
                .context("Failed to record the seqs taken")?;
            if self.engine == Engine::Postgres {
                // Delivered by PostgreSQL at commit, to every provider process.
                // NOTIFY takes no bind parameters; the payload is our own integer.
                sqlx::query(&format!("NOTIFY {CHANGE_CHANNEL}, '{last}'")).execute(&mut *tx).await?;
            }
        }
        tx.commit().await.context("Failed to commit")?;
        if let Some(last) = last {
            self.announce(last);
        }
        Ok(())
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
    /// The connection, for running statements: `&mut *tx.tx`.
    pub tx: TxConn,
    db: Db,
    pub(crate) seqs: Seqs,
    pub(crate) audit: Audit,
    /// A savepoint in a batch's shared transaction rather than its own.
    shared: bool,
    /// The change-log rows and audit records of the writes so far (in a
    /// batch, of the items before too), written with a few statements at
    /// commit instead of a few per write.
    pub(crate) log: Vec<crate::store::LogEntry>,
    /// The answers to remember under their idempotency keys, written at
    /// commit like the log.
    pub(crate) answers: Vec<crate::http::KeyedAnswer>,
    /// Where a batch item began, for the batch to go back to if it does
    /// not commit: the seqs, and how long the log and answers were.
    start: (Seqs, usize, usize),
    /// Each account's reseller, as read or written in this transaction
    /// (in a batch, by the items before too).
    pub(crate) resellers: HashMap<ObjectId, Option<ObjectId>>,
}

/// The connection of a [`WriteTx`], which derefs to the connection of
/// whichever transaction it runs in. It is only empty after the write
/// ended, when nothing can reach it any more.
#[derive(Debug)]
pub struct TxConn(Option<Transaction<'static, sqlx::Any>>);

impl Deref for TxConn {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        self.0.as_deref().expect("a write transaction is used only while open")
    }
}

impl DerefMut for TxConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.0.as_deref_mut().expect("a write transaction is used only while open")
    }
}

/// A transaction holding the writer lock, with the seqs it has taken and
/// what it has yet to write at commit.
#[derive(Debug)]
struct Locked {
    tx: Transaction<'static, sqlx::Any>,
    seqs: Seqs,
    log: Vec<crate::store::LogEntry>,
    answers: Vec<crate::http::KeyedAnswer>,
    /// Each account's reseller as this transaction knows it.
    resellers: HashMap<ObjectId, Option<ObjectId>>,
}

/// Change-log seqs under the writer lock: the counter as the lock found
/// it, and the next seq free. The lock keeps every other writer (in any
/// process) from taking seqs meanwhile, so they are handed out here and
/// the counter is written once, at commit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seqs {
    counter: i64,
    next: i64,
}

impl Seqs {
    /// Takes `n` consecutive seqs and returns the first.
    pub(crate) fn reserve(&mut self, n: usize) -> anyhow::Result<i64> {
        anyhow::ensure!(n > 0, "reserve at least one seq");
        let first = self.next;
        self.next += i64::try_from(n).context("too many seqs to reserve")?;
        Ok(first)
    }

    fn last_taken(self) -> Option<i64> {
        (self.next > self.counter + 1).then_some(self.next - 1)
    }
}

const OPEN_ITEM: &str = "SAVEPOINT batch_item";

/// How the last item of a batch's shared transaction ended; its savepoint
/// is still open and is closed before anything else runs. Each item's
/// savepoint is closed before the next opens: left open, they nest, and
/// SQLite then journals a page changed again for every open one
/// (measured: a tenth slower per batch), PostgreSQL keeps a subtransaction
/// each.
#[derive(Debug, Clone, Copy, Default)]
enum LastItem {
    /// No savepoint is open: no item ran since the transaction began.
    #[default]
    Closed,
    /// The item committed: its savepoint is released.
    Committed,
    /// The item ended without committing: its writes are rolled back (on
    /// PostgreSQL this also clears the "transaction is aborted" state a
    /// failed statement left).
    Abandoned,
}

impl LastItem {
    /// The statements that close the last item's savepoint, if one is open.
    fn closing(self) -> Option<&'static str> {
        match self {
            LastItem::Closed => None,
            LastItem::Committed => Some("RELEASE SAVEPOINT batch_item"),
            LastItem::Abandoned => Some("ROLLBACK TO SAVEPOINT batch_item; RELEASE SAVEPOINT batch_item"),
        }
    }
}

tokio::task_local! {
    /// Set by [`Db::with_shared_writes`] for the task running a batch.
    static SHARED: Shared;
}

/// The shared transaction between two writes of a batch.
#[derive(Default)]
struct Shared(Mutex<SharedState>);

#[derive(Default)]
struct SharedState {
    /// `None` before the first write, after a commit, and while a write
    /// has it.
    locked: Option<Locked>,
    /// A write is running in the transaction now.
    lent: bool,
    /// How the last write ended.
    last_item: LastItem,
}

impl Shared {
    /// Lends the transaction to a write (or to the commit).
    fn take(&self) -> anyhow::Result<(Option<Locked>, LastItem)> {
        let mut state = self.0.lock().map_err(|_| anyhow::anyhow!("the batch's transaction state is poisoned"))?;
        // Two writes at once in one batch would deadlock on the writer lock
        // with separate transactions, and interleave with a shared one.
        anyhow::ensure!(!state.lent, "a write began while another of the same batch was open");
        state.lent = true;
        Ok((state.locked.take(), std::mem::take(&mut state.last_item)))
    }

    /// Ends a loan that gave nothing back.
    fn unlend(&self) {
        if let Ok(mut state) = self.0.lock() {
            state.lent = false;
        }
    }

    /// Takes the transaction back from a write.
    fn give_back(locked: Locked, last_item: LastItem) {
        let _ = SHARED.try_with(|shared| {
            if let Ok(mut state) = shared.0.lock() {
                state.locked = Some(locked);
                state.lent = false;
                state.last_item = last_item;
            }
        });
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        // A batch's write that ends without committing leaves its savepoint
        // to be rolled back by whatever runs next in the shared transaction,
        // with the seqs as they were; its own transaction, as ever, rolls
        // back as it drops.
        if let (true, Some(tx)) = (self.shared, self.tx.0.take()) {
            let (seqs, log_len, answers_len) = self.start;
            let mut log = std::mem::take(&mut self.log);
            log.truncate(log_len);
            let mut answers = std::mem::take(&mut self.answers);
            answers.truncate(answers_len);
            // What it learnt of resellers may include its own undone writes.
            Shared::give_back(Locked { tx, seqs, log, answers, resellers: HashMap::new() }, LastItem::Abandoned);
        }
    }
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
    fn new(Locked { tx, seqs, log, answers, resellers }: Locked, db: &Db, audit: Audit, shared: bool) -> WriteTx {
        let start = (seqs, log.len(), answers.len());
        WriteTx { tx: TxConn(Some(tx)), db: db.clone(), seqs, audit, shared, log, answers, start, resellers }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// A savepoint in a batch's shared transaction.
    pub(crate) fn is_shared(&self) -> bool {
        self.shared
    }

    /// Reserves `n` consecutive change-log seqs and returns the first. The
    /// lock taken at begin keeps them gap-free in commit order; the last
    /// one is what the commit announces.
    pub fn reserve_seqs(&mut self, n: usize) -> anyhow::Result<i64> {
        self.seqs.reserve(n)
    }

    /// Commits; in a batch, keeps the item's writes in the shared
    /// transaction (its savepoint is released by whatever runs next there).
    pub async fn commit(mut self) -> anyhow::Result<()> {
        let tx = self.tx.0.take().context("a write transaction is committed once")?;
        let locked = Locked {
            tx,
            seqs: self.seqs,
            log: std::mem::take(&mut self.log),
            answers: std::mem::take(&mut self.answers),
            resellers: std::mem::take(&mut self.resellers),
        };
        if self.shared {
            Shared::give_back(locked, LastItem::Committed);
            return Ok(());
        }
        self.db.finish(locked).await
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
