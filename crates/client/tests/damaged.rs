//! A damaged cache file is moved aside and replaced by a fresh cache, which
//! the next sync fills again; nothing is deleted, except a cache torn while
//! a bootstrap wrote it without a journal (it held nothing to keep).

use hjs_client::cache::{self, Cache};
use hjs_client::unjournaled;

/// Leaves a cache at `path` as a bootstrap killed part-way would: marked
/// `started`, holding `rows` documents, its WAL checkpointed into the file.
async fn leave_unfinished_bootstrap(path: &std::path::Path, rows: usize) {
    let cache = Cache::open(path).await.unwrap();
    let mut conn = cache.pool.acquire().await.unwrap();
    for n in 0..rows {
        sqlx::query("INSERT INTO documents (collection, id, version, body) VALUES ('dnsRecords', ?, 1, ?)")
            .bind(format!("{n:024x}"))
            .bind("x".repeat(200))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    cache::set_state(&mut conn, "bootstrap", "started").await.unwrap();
    // Closed here rather than dropped: a dropped connection goes back to
    // the pool on another task, and could still be closing (checkpointing
    // the WAL into the file) after `close` returned and the test tore it.
    conn.close().await.unwrap();
    cache.pool.close().await; // the last connection checkpoints the WAL into the file
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_moved_aside_for_a_fresh_cache() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    std::fs::write(&path, vec![0x5a; 64 * 1024]).unwrap();

    let cache = Cache::open(&path).await.unwrap();
    assert!(!cache.is_bootstrapped().await.unwrap(), "a fresh cache, to be filled by the next sync");
    let aside: Vec<String> = names_in(dir.path()).into_iter().filter(|name| name.starts_with("cache.db.damaged-")).collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept beside it: {:?}", names_in(dir.path()));
    assert_eq!(std::fs::read(dir.path().join(&aside[0])).unwrap(), vec![0x5a; 64 * 1024], "kept as it was");
}

#[tokio::test]
async fn a_cache_damaged_during_an_unfinished_bootstrap_is_found_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    // Enough rows for several pages of a table.
    leave_unfinished_bootstrap(&path, 2_000).await;
    tear(&path);

    let cache = Cache::open(&path).await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(rows, 0, "a fresh cache");
    assert!(names_in(dir.path()).iter().any(|name| name.starts_with("cache.db.damaged-")), "the damaged file is kept");
}

/// Overwrites the last four pages of the file (the table's leaves), as a
/// write cut short would leave them.
fn tear(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() > 8 * 16_384, "the table spans pages");
    let start = bytes.len() - 4 * 16_384;
    bytes[start..].fill(0xa5);
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test]
async fn a_cache_torn_while_written_without_a_journal_is_deleted_for_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    leave_unfinished_bootstrap(&path, 2_000).await;
    std::fs::write(unjournaled::marker_of(&path), b"").unwrap();
    tear(&path);

    let cache = Cache::open(&path).await.unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(rows, 0, "a fresh cache");
    let names = names_in(dir.path());
    assert!(!names.iter().any(|name| name.contains("damaged")), "nothing in it was worth keeping aside: {names:?}");
    assert!(!unjournaled::marker_of(&path).exists(), "the marker went with it");
}

#[tokio::test]
async fn a_sound_cache_opens_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    leave_unfinished_bootstrap(&path, 0).await;
    let cache = Cache::open(&path).await.unwrap();
    assert_eq!(cache.state("bootstrap").await.unwrap().as_deref(), Some("started"), "checked and kept");
    assert!(!names_in(dir.path()).iter().any(|name| name.contains("damaged")));
}

/// A bootstrap killed in its first transaction without a journal, the one
/// that marks the cache `started`: the file may look complete and sound,
/// with rows left out. It is kept, but its documents are downloaded again.
#[tokio::test]
async fn a_sound_cache_with_the_marker_is_kept_but_counts_as_unfinished() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    leave_unfinished_bootstrap(&path, 10).await;
    {
        let cache = Cache::open(&path).await.unwrap();
        let mut conn = cache.pool.acquire().await.unwrap();
        cache::set_state(&mut conn, "bootstrap", "complete").await.unwrap();
        conn.close().await.unwrap();
        cache.pool.close().await;
    }
    std::fs::write(unjournaled::marker_of(&path), b"").unwrap();

    let cache = Cache::open(&path).await.unwrap();
    assert!(!cache.is_bootstrapped().await.unwrap(), "to be downloaded again");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents").fetch_one(&cache.pool).await.unwrap();
    assert_eq!(rows, 10, "kept until the next bootstrap replaces them");
    assert!(!unjournaled::marker_of(&path).exists(), "under the WAL again, nothing can tear it");
    assert!(!names_in(dir.path()).iter().any(|name| name.contains("damaged")));
}
