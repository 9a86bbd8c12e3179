//! A bootstrap's writes without a journal, while the cache holds nothing
//! that cannot be downloaded again.
//!
//! Under the WAL every page is written twice, into the WAL and then into
//! the file at a checkpoint; for the 756k documents of a large account that
//! is about a third of the writer's time. With `journal_mode = OFF` pages go
//! into the file once, at COMMIT (that bootstrap takes 0.4–0.7 s less,
//! 4.2–4.8 s instead of 4.8–5.4 s on the 2-core machine). The price: a
//! process killed while a COMMIT writes its pages leaves the file torn. So:
//!
//! - The mode is only ever entered when SQLite grants it: leaving the WAL
//!   needs the file to be open nowhere else, in this process or another
//!   (the idle connections of the cache's own pool are closed first).
//! - Only while the outbox is empty. Each write transaction is `BEGIN
//!   IMMEDIATE` (no other writer until it ends) and first looks at the
//!   outbox; an edit queued meanwhile brings the WAL back before anything
//!   else is written. A connection opened meanwhile turns the file back to
//!   WAL itself (the cache's connect options say so) and the writer follows.
//! - `cache_spill = OFF`: dirty pages stay in memory until COMMIT, so a
//!   statement or transaction that fails leaves the file as it was.
//! - A marker beside the cache (`<file>-unjournaled`, synced) exists from
//!   before the first such write until the file is back under the WAL and
//!   synced. [`Cache::open`] deletes a damaged cache that has the marker
//!   (there is nothing in it to keep) instead of keeping it aside; a sound
//!   one it keeps but marks unfinished, since a COMMIT cut short can leave
//!   rows out without breaking the file's structure.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use sqlx::SqliteConnection;

use crate::cache::{sqlite_result_code, with_suffix, Cache};
use crate::error::Result;

/// How long [`Journal::leave_wal_if_alone`] waits for the pool's
/// connections in use to come back.
const RELEASE_GRACE: Duration = Duration::from_millis(250);

/// The file whose presence says `cache_file` may have been torn by a write
/// without a journal.
pub fn marker_of(cache_file: &Path) -> PathBuf {
    with_suffix(cache_file, "-unjournaled")
}

/// How a bootstrap's writer connection journals its writes.
pub(crate) struct Journal {
    /// `Some` while writing without a journal: the cache file.
    unjournaled: Option<PathBuf>,
}

impl Journal {
    /// Journaled as always (WAL), for a cache with edits queued. A marker
    /// left by an earlier bootstrap that stopped part-way must not outlive
    /// its meaning ("nothing in here to keep"), so it goes, the file synced
    /// first: the file is sound (a torn one would not have opened) and
    /// every write of that bootstrap has ended.
    pub(crate) fn journaled(cache: &Cache) -> Result<Journal> {
        forget_marker(&cache.file())?;
        Ok(Journal { unjournaled: None })
    }

    /// Takes `conn` out of the WAL when SQLite allows it; otherwise the
    /// writes stay journaled as usual. Only for a cache whose outbox is empty.
    pub(crate) async fn leave_wal_if_alone(cache: &Cache, conn: &mut SqliteConnection) -> Result<Journal> {
        // Our own connections would keep the file in WAL mode: close the
        // idle ones. A connection just let go goes back to the pool from a
        // task of its own, so under load it may not be idle yet: give those
        // a moment. One still at work (a screen's query) keeps the WAL, and
        // the bootstrap goes in journaled, which is only slower.
        let deadline = Instant::now() + RELEASE_GRACE;
        loop {
            while let Some(idle) = cache.pool.try_acquire() {
                idle.close().await?;
            }
            if cache.pool.size() == 0 || Instant::now() >= deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let file = cache.file();
        let marker = marker_of(&file);
        create_synced(&marker)?;
        let mode = sqlx::query_scalar::<_, String>("PRAGMA journal_mode = OFF").fetch_one(&mut *conn).await;
        let left = match mode {
            Ok(mode) => mode.eq_ignore_ascii_case("off"),
            // Open elsewhere: SQLite keeps the WAL, answering BUSY at once.
            Err(error) if is_busy(&error) => false,
            Err(error) => {
                remove_synced(&marker)?;
                return Err(error.into());
            }
        };
        if !left {
            remove_synced(&marker)?;
            return Ok(Journal { unjournaled: None });
        }
        sqlx::query("PRAGMA cache_spill = OFF").execute(&mut *conn).await?;
        Ok(Journal { unjournaled: Some(file) })
    }

    /// Whether the writes go in without a journal (as far as this writer
    /// knows: see [`Journal::still_unjournaled`]).
    pub(crate) fn is_unjournaled(&self) -> bool {
        self.unjournaled.is_some()
    }

    /// Whether the writes still go in without a journal: another
    /// connection may have turned the file back to WAL meanwhile.
    pub(crate) async fn still_unjournaled(&self, conn: &mut SqliteConnection) -> Result<bool> {
        if !self.is_unjournaled() {
            return Ok(false);
        }
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(conn).await?;
        Ok(mode.eq_ignore_ascii_case("off"))
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE`; end it with
    /// [`commit`]). Without a journal it first makes sure the outbox is
    /// still empty, bringing the WAL back if an edit was queued meanwhile.
    /// A failed transaction is not rolled back here: the caller drops the
    /// connection, which discards what it had not committed.
    pub(crate) async fn begin(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        if self.is_unjournaled() {
            let queued: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM outbox)").fetch_one(&mut *conn).await?;
            if queued {
                sqlx::query("ROLLBACK").execute(&mut *conn).await?;
                self.back_to_wal(conn).await?;
                sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
            }
        }
        Ok(())
    }

    /// Puts the file back under the WAL, synced, and removes the marker.
    /// Nothing to do when it never left.
    pub(crate) async fn back_to_wal(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        let Some(file) = self.unjournaled.take() else { return Ok(()) };
        sqlx::query("PRAGMA cache_spill = ON").execute(&mut *conn).await?;
        // A connection the pool opened meanwhile has done it already; only
        // another program's, reading without the WAL at this very moment,
        // could refuse it. Then the bootstrap fails and the marker stays
        // (the next `Cache::open` takes the file as unfinished).
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode = WAL").fetch_one(&mut *conn).await?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(anyhow::anyhow!("the cache could not be put back under the WAL (journal_mode {mode})").into());
        }
        forget_marker(&file)
    }
}

/// Makes what was written without a journal durable and removes the
/// marker (if any: a cache opened meanwhile may have done it already).
pub(crate) fn forget_marker(cache_file: &Path) -> Result<()> {
    let marker = marker_of(cache_file);
    if marker.exists() {
        if cache_file.exists() {
            sync_file(cache_file)?;
        }
        remove_synced(&marker)?;
    }
    Ok(())
}

/// SQLite's BUSY, extended codes included.
fn is_busy(error: &sqlx::Error) -> bool {
    sqlite_result_code(error) == Some(5)
}

/// Commits what [`Journal::begin`] began.
pub(crate) async fn commit(conn: &mut SqliteConnection) -> Result<()> {
    sqlx::query("COMMIT").execute(conn).await?;
    Ok(())
}

fn sync_file(path: &Path) -> Result<()> {
    // Opened for writing: Windows flushes only handles that may write.
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("Failed to sync {}", path.display()))?;
    Ok(())
}

fn create_synced(path: &Path) -> Result<()> {
    let file = std::fs::File::create(path).with_context(|| format!("Failed to create {}", path.display()))?;
    file.sync_all().with_context(|| format!("Failed to sync {}", path.display()))?;
    sync_folder_of(path);
    Ok(())
}

fn remove_synced(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => {}
        // Removed meanwhile by another opener of the cache.
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(anyhow::Error::from(error).context(format!("Failed to remove {}", path.display())).into()),
    }
    sync_folder_of(path);
    Ok(())
}

/// Makes a file's creation or removal durable (a no-op where folders
/// cannot be opened to sync, as on Windows).
fn sync_folder_of(path: &Path) {
    if let Some(folder) = path.parent() {
        let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    }
}

#[cfg(test)]
mod tests {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
    use sqlx::{ConnectOptions, Connection};

    use super::*;

    async fn journal_mode(conn: &mut SqliteConnection) -> String {
        sqlx::query_scalar("PRAGMA journal_mode").fetch_one(conn).await.unwrap()
    }

    async fn state(conn: &mut SqliteConnection, key: &str) -> Option<String> {
        sqlx::query_scalar("SELECT value FROM sync_state WHERE key = ?").bind(key).fetch_optional(conn).await.unwrap()
    }

    /// A cache and a writer that left the WAL for it.
    async fn unjournaled_writer(dir: &tempfile::TempDir) -> (Cache, SqliteConnection, Journal) {
        let (cache, mut writer) = cache_and_writer(dir).await;
        let journal = Journal::leave_wal_if_alone(&cache, &mut writer).await.unwrap();
        assert!(journal.is_unjournaled(), "the pool's idle connections were closed, so SQLite let it go");
        (cache, writer, journal)
    }

    /// A cache and a connection of its own, as a bootstrap's writer has.
    async fn cache_and_writer(dir: &tempfile::TempDir) -> (Cache, SqliteConnection) {
        let cache = Cache::open(&dir.path().join("cache.db")).await.unwrap();
        let writer = cache.pool.connect_options().connect().await.unwrap();
        (cache, writer)
    }

    #[tokio::test]
    async fn alone_with_the_file_the_writer_leaves_the_wal_behind_a_marker_and_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, mut writer, mut journal) = unjournaled_writer(&dir).await;
        assert!(journal.still_unjournaled(&mut writer).await.unwrap());
        assert_eq!(journal_mode(&mut writer).await, "off");
        assert!(marker_of(&cache.file()).exists(), "the marker is there before anything is written");

        journal.begin(&mut writer).await.unwrap();
        crate::cache::set_state(&mut writer, "probe", "1").await.unwrap();
        commit(&mut writer).await.unwrap();
        journal.back_to_wal(&mut writer).await.unwrap();
        assert!(!journal.is_unjournaled());
        assert_eq!(journal_mode(&mut writer).await, "wal");
        assert!(!marker_of(&cache.file()).exists(), "the marker goes once the file is synced under the WAL");
        assert_eq!(cache.state("probe").await.unwrap().as_deref(), Some("1"));
    }

    #[tokio::test]
    async fn a_marker_left_by_a_bootstrap_that_stopped_goes_with_the_next_journaled_one() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, _writer) = cache_and_writer(&dir).await;
        std::fs::write(marker_of(&cache.file()), b"").unwrap();
        let journal = Journal::journaled(&cache).unwrap();
        assert!(!journal.is_unjournaled());
        assert!(!marker_of(&cache.file()).exists(), "edits may be queued now: the file is no longer 'nothing to keep'");
    }

    #[tokio::test]
    async fn with_the_file_open_elsewhere_the_writer_keeps_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, mut writer) = cache_and_writer(&dir).await;
        let in_use = cache.pool.acquire().await.unwrap();
        let journal = Journal::leave_wal_if_alone(&cache, &mut writer).await.unwrap();
        assert!(!journal.is_unjournaled());
        assert_eq!(journal_mode(&mut writer).await, "wal");
        assert!(!marker_of(&cache.file()).exists(), "no marker is left behind");
        drop(in_use);
    }

    /// The desktop's screens read while a bootstrap runs: a connection the
    /// pool opens meanwhile turns the file back to WAL, and the writer
    /// carries on under it.
    #[tokio::test]
    async fn a_connection_opened_meanwhile_turns_the_file_back_to_wal_and_the_writer_follows() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, mut writer, mut journal) = unjournaled_writer(&dir).await;
        journal.begin(&mut writer).await.unwrap();
        crate::cache::set_state(&mut writer, "first", "1").await.unwrap();
        commit(&mut writer).await.unwrap();

        let mut reader = cache.pool.acquire().await.unwrap();
        assert_eq!(journal_mode(&mut reader).await, "wal", "the pool's connect options set WAL");
        assert_eq!(state(&mut reader, "first").await.as_deref(), Some("1"));

        journal.begin(&mut writer).await.unwrap();
        crate::cache::set_state(&mut writer, "second", "2").await.unwrap();
        commit(&mut writer).await.unwrap();
        assert_eq!(state(&mut reader, "second").await.as_deref(), Some("2"), "the reader sees the writer's commit");
        assert_eq!(journal_mode(&mut writer).await, "wal", "the writer found the WAL and went on under it");
        assert!(!journal.still_unjournaled(&mut writer).await.unwrap());
        drop(reader);
        journal.back_to_wal(&mut writer).await.unwrap();
        assert!(!marker_of(&cache.file()).exists());
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&cache.pool).await.unwrap();
        assert_eq!(verdict, "ok");
    }

    #[tokio::test]
    async fn an_edit_queued_meanwhile_brings_the_journal_back_before_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, mut writer, mut journal) = unjournaled_writer(&dir).await;
        // Another program queues an edit, through a connection that leaves
        // the file's journal mode as it is (a pool's would turn it back to WAL).
        let mut other = SqliteConnectOptions::new().filename(cache.file()).journal_mode(SqliteJournalMode::Delete).connect().await.unwrap();
        sqlx::query(
            "INSERT INTO outbox (id, collection, doc_id, operation, base_version, status, created_at, updated_at)
             VALUES ('edit-1', 'domains', 'd1', '{}', 1, 'pending', '2026-11-24T00:00:00Z', '2026-11-24T00:00:00Z')",
        )
        .execute(&mut other)
        .await
        .unwrap();
        other.close().await.unwrap();

        journal.begin(&mut writer).await.unwrap();
        assert!(!journal.is_unjournaled(), "the edit ended writing without a journal");
        crate::cache::set_state(&mut writer, "probe", "1").await.unwrap();
        commit(&mut writer).await.unwrap();
        assert_eq!(journal_mode(&mut writer).await, "wal");
        assert!(!marker_of(&cache.file()).exists());
        let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&cache.pool).await.unwrap();
        assert_eq!(queued, 1, "the edit is kept");
    }
}
