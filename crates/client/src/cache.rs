//! The local cache: one SQLite file per workspace (WAL, 16 KiB pages), its
//! migrations (the repository's top-level `migrations/`), what happens to a
//! damaged file, and writing documents into it — the typed tables the
//! screens query, or the shared `documents` table — as multi-row upserts
//! whose values are bound before a connection is needed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use hjs_model::Collection;
use std::borrow::Cow;

use serde::Deserialize;
use sqlx::sqlite::{SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Arguments, SqliteConnection, SqlitePool};

use crate::error::{ClientError, Result};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// Handle to a workspace's cache file.
#[derive(Debug, Clone)]
pub struct Cache {
    pub pool: SqlitePool,
    /// The workspace's folder (the cache file's), where its files live.
    folder: std::sync::Arc<Path>,
}

impl Cache {
    /// Where the workspace keeps files: attachments downloaded, sent and
    /// waiting to be sent (see `support::attachments`).
    pub fn files_dir(&self) -> PathBuf {
        self.folder.join("files")
    }

    /// Opens (creating if needed) and migrates the cache at `path`.
    ///
    /// A cache file SQLite finds damaged is moved aside (`<name>.damaged-<time>`,
    /// kept for inspection, never deleted) and a fresh one takes its place,
    /// which the next sync fills from the provider. A cache whose bootstrap
    /// did not finish is checked in full first (`PRAGMA quick_check`): that
    /// is the one window where a bootstrap skips syncing to disk, so a power
    /// cut can only have damaged a cache in that state. The exception to
    /// "never deleted": a damaged cache with the marker of a bootstrap that
    /// wrote without a journal ([`crate::unjournaled`]) held nothing to keep.
    /// A sound one with that marker is checked the same way and then counts
    /// as unfinished, to be downloaded again.
    pub async fn open(path: &Path) -> Result<Cache> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("Failed to create {}", parent.display()))?;
        }
        match Cache::open_checked(path).await {
            Ok(cache) => Ok(cache),
            Err(OpenFailure::Failed(error)) => Err(error),
            Err(OpenFailure::Damaged(reason)) => {
                if crate::unjournaled::marker_of(path).exists() {
                    // Torn by a bootstrap writing without a journal, which
                    // it only does while nothing in it is irreplaceable.
                    remove_files(path)?;
                    crate::unjournaled::forget_marker(path)?;
                    tracing::warn!(%reason, "an interrupted download left the cache unreadable; starting it again");
                } else {
                    let aside = move_aside(path)?;
                    tracing::warn!(%reason, aside = %aside.display(), "the cache was damaged; moved it aside and starting a fresh one");
                }
                Cache::open_checked(path).await.map_err(OpenFailure::into_error)
            }
        }
    }

    async fn open_checked(path: &Path) -> Result<Cache, OpenFailure> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            // 16 KiB pages: a quarter of the WAL frames, checkpoint writes
            // and b-tree splits of 4 KiB ones when a bootstrap writes the
            // file (~15 % faster); page reads stay cheap.
            .page_size(16384)
            // 16 MiB of page cache per connection (of 4): enough for the
            // hot index pages; the OS's file cache keeps the rest.
            .pragma("cache_size", "-16384")
            .pragma("temp_store", "memory");
        // Written without a journal by a bootstrap that did not come back
        // to the WAL (killed, or still running in another process).
        let unjournaled = crate::unjournaled::marker_of(path).exists();
        let folder = path.parent().unwrap_or(Path::new(".")).into();
        let cache = Cache { pool: SqlitePoolOptions::new().max_connections(4).connect_with(options).await?, folder };
        // The checks run on one connection, closed before the pool when they
        // fail: a connection dropped back to the pool is returned by another
        // task and could still be closing (and removing the WAL) while the
        // file is moved aside.
        let mut conn = match cache.pool.acquire().await {
            Ok(conn) => conn,
            Err(error) => {
                cache.pool.close().await;
                return Err(error.into());
            }
        };
        let checked = async {
            // `run_direct`: what `run` does after acquiring, on this
            // connection; `run(&mut *conn)` makes a future the desktop's
            // spawned tasks cannot take ("Send is not general enough").
            MIGRATOR.run_direct(&mut *conn).await?;
            if unjournaled || state(&mut conn, "bootstrap").await?.as_deref() == Some("started") {
                let verdict: String = sqlx::query_scalar("PRAGMA quick_check(1)").fetch_one(&mut *conn).await?;
                if verdict != "ok" {
                    return Err(OpenFailure::Damaged(format!("quick_check: {verdict}")));
                }
            }
            if unjournaled {
                // Sound, and under the WAL again now (this pool's connect
                // options), so nothing can tear it any more. But a COMMIT
                // cut short can leave rows out without breaking the file's
                // structure: the documents are downloaded again.
                set_state(&mut conn, "bootstrap", "started").await?;
                crate::unjournaled::forget_marker(path)?;
            }
            Ok(())
        }
        .await;
        if let Err(failure) = checked {
            let _ = conn.close().await;
            cache.pool.close().await;
            return Err(failure);
        }
        Ok(cache)
    }

    /// The cache's file.
    pub fn file(&self) -> PathBuf {
        self.pool.connect_options().get_filename().to_path_buf()
    }

    pub async fn state(&self, key: &str) -> Result<Option<String>> {
        state(&mut *self.pool.acquire().await?, key).await
    }

    /// The last change seq applied (0 before any).
    pub async fn seq(&self) -> Result<i64> {
        Ok(self.state("seq").await?.and_then(|s| s.parse().ok()).unwrap_or(0))
    }

    /// Whether a bootstrap finished; a cache that never finished one is not
    /// to be read as complete.
    pub async fn is_bootstrapped(&self) -> Result<bool> {
        Ok(self.state("bootstrap").await?.as_deref() == Some("complete"))
    }
}

/// Why a cache file could not be opened as it is.
enum OpenFailure {
    /// The file is damaged (SQLite's CORRUPT or NOTADB, or a failed
    /// `quick_check`): it goes aside for a fresh one.
    Damaged(String),
    /// Anything a retry or a person could fix (a full disk, permissions).
    Failed(ClientError),
}

impl OpenFailure {
    fn into_error(self) -> ClientError {
        match self {
            OpenFailure::Damaged(reason) => anyhow::anyhow!("the cache file is damaged: {reason}").into(),
            OpenFailure::Failed(error) => error,
        }
    }
}

/// SQLite's primary result code of a database error (the low byte of an
/// extended code).
pub(crate) fn sqlite_result_code(error: &sqlx::Error) -> Option<i32> {
    match error {
        sqlx::Error::Database(error) => error.code().and_then(|code| code.parse::<i32>().ok()).map(|code| code & 0xff),
        _ => None,
    }
}

/// SQLite's CORRUPT (11) or NOTADB (26), extended codes included.
fn is_corrupt(error: &sqlx::Error) -> bool {
    matches!(sqlite_result_code(error), Some(11 | 26))
}

impl From<sqlx::Error> for OpenFailure {
    fn from(error: sqlx::Error) -> Self {
        if is_corrupt(&error) {
            OpenFailure::Damaged(error.to_string())
        } else {
            OpenFailure::Failed(error.into())
        }
    }
}

impl From<ClientError> for OpenFailure {
    fn from(error: ClientError) -> Self {
        match error {
            ClientError::Cache(error) => error.into(),
            error => OpenFailure::Failed(error),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for OpenFailure {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        match &error {
            sqlx::migrate::MigrateError::Execute(cause) | sqlx::migrate::MigrateError::ExecuteMigration(cause, _) if is_corrupt(cause) => {
                OpenFailure::Damaged(error.to_string())
            }
            _ => OpenFailure::Failed(error.into()),
        }
    }
}

/// Renames a damaged cache file (and its WAL and shared-memory files) out
/// of the way; answers the new name of the main file.
fn move_aside(path: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = with_suffix(path, &format!(".damaged-{stamp}"));
    for suffix in CACHE_FILE_SUFFIXES {
        let from = with_suffix(path, suffix);
        match std::fs::rename(&from, with_suffix(&aside, suffix)) {
            // Not every one exists, and SQLite removes the WAL as its last
            // connection closes.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            moved => moved.with_context(|| format!("Failed to move the damaged cache {} aside", from.display()))?,
        }
    }
    Ok(aside)
}

/// Deletes a cache file with its WAL, shared-memory and journal files.
fn remove_files(path: &Path) -> Result<()> {
    for suffix in CACHE_FILE_SUFFIXES {
        let file = with_suffix(path, suffix);
        match std::fs::remove_file(&file) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            removed => removed.with_context(|| format!("Failed to remove the damaged cache {}", file.display()))?,
        }
    }
    Ok(())
}

/// The files SQLite keeps for a database: the file itself, its WAL, its
/// shared memory and its rollback journal.
const CACHE_FILE_SUFFIXES: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// `path` with `suffix` added to its name, built from the path's own bytes
/// (`display()` is lossy).
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A `sync_state` value, on one connection.
pub async fn state(conn: &mut SqliteConnection, key: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM sync_state WHERE key = ?").bind(key).fetch_optional(conn).await?)
}

pub async fn set_state(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}

/// Where a collection lives in the cache.
pub fn table_of(collection: Collection) -> &'static str {
    match collection {
        Collection::Users => "users",
        Collection::Domains => "domains",
        Collection::SupportTickets => "support_tickets",
        Collection::SupportMessages => "support_messages",
        Collection::Notifications => "notifications",
        _ => "documents",
    }
}

/// A document ready to store: its collection, the columns copied out of it,
/// and its JSON.
#[derive(Debug, Clone)]
pub struct Row {
    pub collection: Collection,
    pub id: String,
    pub version: i64,
    pub columns: Columns,
    pub body: String,
}

/// The columns of each table beside id, version and body.
#[derive(Debug, Clone)]
pub enum Columns {
    User {
        email: String,
        full_name: String,
        company: Option<String>,
        role: String,
        reseller_id: Option<String>,
    },
    Domain {
        domain_name: String,
        display_name: String,
        user_id: String,
        status: String,
        expiration_date: String,
        auto_renew: bool,
    },
    Ticket {
        ticket_number: String,
        user_id: String,
        status: String,
        priority: String,
        assigned_to: Option<String>,
        subject: String,
        description: String,
        category: String,
        first_response_at: Option<String>,
        support_package_id: Option<String>,
        created_at: String,
        updated_at: String,
    },
    Message {
        ticket_id: String,
        created_at: String,
        content: String,
    },
    Notification {
        user_id: String,
        is_read: bool,
        created_at: String,
    },
    Generic {
        owner_id: Option<String>,
        parent_id: Option<String>,
        sort_key: Option<String>,
    },
}

/// Only the fields the cache copies out; the rest of a body is not parsed.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Projection<'a> {
    #[serde(rename = "_id")]
    #[serde(borrow)]
    id: Cow<'a, str>,
    version: i64,
    #[serde(borrow, default)]
    user_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    created_at: Option<Cow<'a, str>>,
    // users
    #[serde(borrow, default)]
    email: Option<Cow<'a, str>>,
    first_name: Option<String>,
    last_name: Option<String>,
    profile: Option<ProfileProjection>,
    #[serde(borrow, default)]
    role: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    reseller_id: Option<Cow<'a, str>>,
    // domains
    #[serde(borrow, default)]
    domain_name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    expiration_date: Option<Cow<'a, str>>,
    auto_renew: Option<bool>,
    // tickets
    #[serde(borrow, default)]
    ticket_number: Option<Cow<'a, str>>,
    /// A ticket's priority is a word; a DNS record's is a number.
    priority: Option<serde_json::Value>,
    #[serde(borrow, default)]
    assigned_to: Option<Cow<'a, str>>,
    subject: Option<String>,
    description: Option<String>,
    #[serde(borrow, default)]
    category: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    first_response_at: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    support_package_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    updated_at: Option<Cow<'a, str>>,
    // messages
    #[serde(borrow, default)]
    ticket_id: Option<Cow<'a, str>>,
    content: Option<String>,
    // notifications
    is_read: Option<bool>,
    // parents of the shared table's collections
    #[serde(borrow, default)]
    domain_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    project_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    hosting_package_id: Option<Cow<'a, str>>,
    /// An audit event hangs under the document it is about.
    #[serde(borrow, default)]
    doc_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ProfileProjection {
    company: Option<String>,
}

impl Row {
    /// Reads the columns out of a document's JSON.
    pub fn from_json(collection: Collection, body: String) -> Result<Row> {
        let p: Projection<'_> =
            serde_json::from_str(&body).with_context(|| format!("a {collection} document from the provider does not parse"))?;
        let (id, version) = (p.id.to_string(), p.version);
        let text = |value: &Option<Cow<'_, str>>| value.as_deref().map(str::to_string);
        let need = |value: &Option<Cow<'_, str>>, field: &str| -> Result<String> {
            Ok(value.as_deref().with_context(|| format!("a {collection} document has no {field}"))?.to_string())
        };
        let columns = match collection {
            Collection::Users => Columns::User {
                email: need(&p.email, "email")?.to_lowercase(),
                full_name: format!("{} {}", p.first_name.as_deref().unwrap_or(""), p.last_name.as_deref().unwrap_or("")).trim().to_string(),
                company: p.profile.and_then(|profile| profile.company),
                role: need(&p.role, "role")?,
                reseller_id: text(&p.reseller_id),
            },
            Collection::Domains => {
                let domain_name = need(&p.domain_name, "domainName")?;
                let (display, _) = idna::domain_to_unicode(&domain_name);
                Columns::Domain {
                    display_name: display,
                    domain_name,
                    user_id: need(&p.user_id, "userId")?,
                    status: need(&p.status, "status")?,
                    expiration_date: need(&p.expiration_date, "expirationDate")?,
                    auto_renew: p.auto_renew.unwrap_or(false),
                }
            }
            Collection::SupportTickets => Columns::Ticket {
                ticket_number: need(&p.ticket_number, "ticketNumber")?,
                user_id: need(&p.user_id, "userId")?,
                status: need(&p.status, "status")?,
                priority: p
                    .priority
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
                    .with_context(|| format!("a {collection} document has no priority"))?,
                assigned_to: text(&p.assigned_to),
                subject: p.subject.unwrap_or_default(),
                description: p.description.unwrap_or_default(),
                category: need(&p.category, "category")?,
                first_response_at: text(&p.first_response_at),
                support_package_id: text(&p.support_package_id),
                created_at: need(&p.created_at, "createdAt")?,
                updated_at: need(if p.updated_at.is_some() { &p.updated_at } else { &p.created_at }, "updatedAt")?,
            },
            Collection::SupportMessages => Columns::Message {
                ticket_id: need(&p.ticket_id, "ticketId")?,
                created_at: need(&p.created_at, "createdAt")?,
                content: p.content.unwrap_or_default(),
            },
            Collection::Notifications => Columns::Notification {
                user_id: need(&p.user_id, "userId")?,
                is_read: p.is_read.unwrap_or(false),
                created_at: need(&p.created_at, "createdAt")?,
            },
            Collection::AuditEvents => {
                Columns::Generic { owner_id: text(&p.user_id), parent_id: text(&p.doc_id), sort_key: text(&p.created_at) }
            }
            _ => Columns::Generic {
                owner_id: text(&p.user_id),
                parent_id: text(&p.domain_id).or_else(|| text(&p.project_id)).or_else(|| text(&p.hosting_package_id)),
                sort_key: text(&p.created_at),
            },
        };
        Ok(Row { collection, id, version, columns, body })
    }
}

fn priority_rank(priority: &str) -> i64 {
    match priority {
        "urgent" => 0,
        "high" => 1,
        "normal" => 2,
        _ => 3,
    }
}

/// The statement that writes `n` rows of one table (insert, or replace the
/// columns of an existing row so its rowid, and so its FTS entry, stays).
fn upsert_sql(table: &str, n: usize) -> String {
    let (columns, conflict): (&[&str], &str) = match table {
        "users" => (&["id", "version", "email", "full_name", "company", "role", "reseller_id", "body"], "id"),
        "domains" => {
            (&["id", "version", "domain_name", "display_name", "user_id", "status", "expiration_date", "auto_renew", "body"], "id")
        }
        "support_tickets" => (
            &[
                "id",
                "version",
                "ticket_number",
                "user_id",
                "status",
                "priority",
                "priority_rank",
                "assigned_to",
                "subject",
                "description",
                "category",
                "first_response_at",
                "support_package_id",
                "created_at",
                "updated_at",
                "body",
            ],
            "id",
        ),
        "support_messages" => (&["id", "version", "ticket_id", "created_at", "content", "body"], "id"),
        "notifications" => (&["id", "version", "user_id", "is_read", "created_at", "body"], "id"),
        _ => (&["collection", "id", "version", "owner_id", "parent_id", "sort_key", "body"], "collection, id"),
    };
    let row = format!("({})", vec!["?"; columns.len()].join(", "));
    let rows = vec![row; n].join(", ");
    let updates: Vec<String> =
        columns.iter().filter(|c| **c != "id" && **c != "collection").map(|c| format!("{c} = excluded.{c}")).collect();
    format!("INSERT INTO {table} ({}) VALUES {rows} ON CONFLICT ({conflict}) DO UPDATE SET {}", columns.join(", "), updates.join(", "))
}

/// Rows per statement: well under SQLite's bind limit, and few enough that
/// binding stays cheap.
const ROWS_PER_STATEMENT: usize = 200;

/// A multi-row upsert into one table with its values already bound. Building
/// one is CPU work that needs no connection, so a bootstrap does it on its
/// parsing thread and the writer only runs them.
#[derive(Debug)]
pub struct UpsertStatement {
    sql: String,
    arguments: SqliteArguments<'static>,
}

impl UpsertStatement {
    pub async fn execute(self, conn: &mut SqliteConnection) -> Result<()> {
        sqlx::query_with(&self.sql, self.arguments).execute(conn).await?;
        Ok(())
    }
}

/// Turns rows (of any collections) into as few statements as possible:
/// grouped by table, `ROWS_PER_STATEMENT` rows each. The rows' strings move
/// into the statements, uncopied.
pub fn upsert_statements(mut rows: Vec<Row>) -> Result<Vec<UpsertStatement>> {
    rows.sort_by_key(|row| table_of(row.collection));
    let mut statements = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while let Some(first) = rows.next() {
        let table = table_of(first.collection);
        let mut arguments = SqliteArguments::default();
        let mut n = 1;
        bind_row(&mut arguments, first)?;
        while n < ROWS_PER_STATEMENT {
            let Some(row) = rows.next_if(|row| table_of(row.collection) == table) else { break };
            bind_row(&mut arguments, row)?;
            n += 1;
        }
        statements.push(UpsertStatement { sql: upsert_sql(table, n), arguments });
    }
    Ok(statements)
}

/// Writes rows (of any collections) in as few statements as possible.
pub async fn upsert_rows(conn: &mut SqliteConnection, rows: Vec<Row>) -> Result<()> {
    for statement in upsert_statements(rows)? {
        statement.execute(conn).await?;
    }
    Ok(())
}

/// Binds a row's values in the column order of [`upsert_sql`].
fn bind_row(arguments: &mut SqliteArguments<'static>, row: Row) -> Result<()> {
    /// Adds each value in turn; the values move in, uncopied.
    macro_rules! add {
        ($($value:expr),+ $(,)?) => {{
            $(arguments.add($value).map_err(|e| anyhow::anyhow!("binding a cache value: {e}"))?;)+
        }};
    }
    let Row { collection, id, version, columns, body } = row;
    if let Columns::Generic { .. } = columns {
        add!(collection.as_str());
    }
    add!(id, version);
    match columns {
        Columns::User { email, full_name, company, role, reseller_id } => add!(email, full_name, company, role, reseller_id),
        Columns::Domain { domain_name, display_name, user_id, status, expiration_date, auto_renew } => {
            add!(domain_name, display_name, user_id, status, expiration_date, auto_renew)
        }
        Columns::Ticket {
            ticket_number,
            user_id,
            status,
            priority,
            assigned_to,
            subject,
            description,
            category,
            first_response_at,
            support_package_id,
            created_at,
            updated_at,
        } => {
            let rank = priority_rank(&priority);
            add!(
                ticket_number,
                user_id,
                status,
                priority,
                rank,
                assigned_to,
                subject,
                description,
                category,
                first_response_at,
                support_package_id,
                created_at,
                updated_at
            )
        }
        Columns::Message { ticket_id, created_at, content } => add!(ticket_id, created_at, content),
        Columns::Notification { user_id, is_read, created_at } => add!(user_id, is_read, created_at),
        Columns::Generic { owner_id, parent_id, sort_key } => add!(owner_id, parent_id, sort_key),
    }
    add!(body);
    Ok(())
}

/// Removes a document (and its FTS entry, by trigger).
pub async fn delete_doc(conn: &mut SqliteConnection, collection: Collection, id: &str) -> Result<()> {
    let table = table_of(collection);
    if table == "documents" {
        sqlx::query("DELETE FROM documents WHERE collection = ? AND id = ?").bind(collection.as_str()).bind(id).execute(conn).await?;
    } else {
        sqlx::query(&format!("DELETE FROM {table} WHERE id = ?")).bind(id).execute(conn).await?;
    }
    Ok(())
}

/// A document's JSON as the cache holds it (local edits included).
pub async fn read_body(conn: &mut SqliteConnection, collection: Collection, id: &str) -> Result<Option<String>> {
    let table = table_of(collection);
    let body = if table == "documents" {
        sqlx::query_scalar("SELECT body FROM documents WHERE collection = ? AND id = ?")
            .bind(collection.as_str())
            .bind(id)
            .fetch_optional(conn)
            .await?
    } else {
        sqlx::query_scalar(&format!("SELECT body FROM {table} WHERE id = ?")).bind(id).fetch_optional(conn).await?
    };
    Ok(body)
}

/// A cached document as its model type (local edits included); `not_found`
/// when the cache has no such document.
pub(crate) async fn read_typed<T: serde::de::DeserializeOwned>(cache: &Cache, collection: Collection, id: &str) -> Result<T> {
    let mut conn = cache.pool.acquire().await?;
    let body = read_body(&mut conn, collection, id).await?.ok_or_else(|| ClientError::not_found(format!("{collection} {id}")))?;
    Ok(serde_json::from_str(&body).map_err(|e| anyhow::anyhow!("the cached {collection} {id} does not decode: {e}"))?)
}

/// Empties every document table (a bootstrap starting over). The outbox
/// and its shadows stay: queued edits outlive a re-bootstrap.
pub async fn clear_documents(conn: &mut SqliteConnection) -> Result<()> {
    for table in ["documents", "users", "domains", "support_tickets", "support_messages", "notifications"] {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *conn).await?;
    }
    for fts in ["domains_fts", "users_fts", "tickets_fts", "messages_fts"] {
        sqlx::query(&format!("INSERT INTO {fts} ({fts}) VALUES ('delete-all')")).execute(&mut *conn).await?;
    }
    sqlx::query("DELETE FROM sync_state WHERE key IN ('seq', 'bootstrap')").execute(&mut *conn).await?;
    Ok(())
}
