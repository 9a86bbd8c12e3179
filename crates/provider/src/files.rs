//! Files kept by content (their SHA-256), behind [`FileStore`]: a folder
//! by default ([`FolderStore`]); an S3-compatible store implements the same
//! three calls. A file arrives through [`receive`], which streams it to a
//! spool file while hashing and counting, so a body over the cap is cut off
//! as soon as it passes it and nothing of it is kept; only a complete file
//! is handed to the store, under its hash. The same bytes uploaded twice
//! are kept once.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{Stream, StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};
use tempfile::TempPath;
use tokio::io::AsyncWriteExt;

/// A kept file, to be streamed out.
pub struct StoredFile {
    pub size: u64,
    pub body: BoxStream<'static, io::Result<Bytes>>,
}

impl fmt::Debug for StoredFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredFile").field("size", &self.size).finish_non_exhaustive()
    }
}

/// Where files are kept.
pub trait FileStore: Send + Sync + fmt::Debug {
    /// A folder for files while they arrive (on the store's own disk, so
    /// keeping one is a rename).
    fn spool_dir(&self) -> &Path;
    /// Keeps a completely received file under its hash; a file already
    /// kept under it stays as it is (same hash, same bytes).
    fn keep<'a>(&'a self, sha256: &'a str, spooled: TempPath) -> BoxFuture<'a, io::Result<()>>;
    /// The file kept under `sha256`, if any.
    fn open<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, io::Result<Option<StoredFile>>>;
}

/// Files in a folder: `<root>/<first two hex digits>/<sha256>`, spooled
/// in `<root>/.spool`.
#[derive(Debug)]
pub struct FolderStore {
    root: PathBuf,
    spool: PathBuf,
}

impl FolderStore {
    pub fn new(root: PathBuf) -> anyhow::Result<FolderStore> {
        let spool = root.join(".spool");
        std::fs::create_dir_all(&spool).map_err(|e| anyhow::anyhow!("Failed to create the file folder {}: {e}", spool.display()))?;
        Ok(FolderStore { root, spool })
    }

    fn path_of(&self, sha256: &str) -> io::Result<PathBuf> {
        // Only a hash names a file: nothing else reaches the file system.
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a SHA-256 in lowercase hex"));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }
}

impl FileStore for FolderStore {
    fn spool_dir(&self) -> &Path {
        &self.spool
    }

    fn keep<'a>(&'a self, sha256: &'a str, spooled: TempPath) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(async move {
            let path = self.path_of(sha256)?;
            if tokio::fs::try_exists(&path).await? {
                return Ok(());
            }
            tokio::fs::create_dir_all(path.parent().unwrap_or(&self.root)).await?;
            let kept = tokio::task::spawn_blocking(move || spooled.persist(&path).map_err(|e| e.error)).await;
            kept.map_err(io::Error::other)?
        })
    }

    fn open<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, io::Result<Option<StoredFile>>> {
        Box::pin(async move {
            let file = match tokio::fs::File::open(self.path_of(sha256)?).await {
                Ok(file) => file,
                Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(error) => return Err(error),
            };
            let size = file.metadata().await?.len();
            Ok(Some(StoredFile { size, body: tokio_util::io::ReaderStream::new(file).boxed() }))
        })
    }
}

/// A file received and kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub sha256: String,
    pub size: u64,
    /// Its first bytes, to tell its content type by.
    pub head: Vec<u8>,
}

/// Why a file was not kept.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    #[error("the file is over {cap} bytes")]
    TooLarge { cap: u64 },
    #[error("the file is empty")]
    Empty,
    /// The body broke off (the sender went away) or the disk failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Streams `body` into the store, at most `cap` bytes: the spool file is
/// removed when the body goes over (or breaks off), so nothing is kept.
/// Past the cap the rest is read and dropped, up to `cap` more bytes, so
/// an HTTP/1.1 client still sending gets to read the refusal (one that
/// stops reading sees its connection reset instead).
pub async fn receive<E>(store: &dyn FileStore, body: impl Stream<Item = Result<Bytes, E>>, cap: u64) -> Result<Received, ReceiveError>
where
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let spooled = tempfile::Builder::new().prefix("upload-").tempfile_in(store.spool_dir())?;
    let (file, path) = spooled.into_parts();
    let mut file = tokio::fs::File::from_std(file);
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut head = Vec::new();
    let mut body = std::pin::pin!(body.map_err(io::Error::other));
    while let Some(chunk) = body.try_next().await? {
        size += chunk.len() as u64;
        if size > cap {
            drop(file);
            drop(path);
            drain(body, cap.saturating_mul(2).saturating_sub(size)).await;
            return Err(ReceiveError::TooLarge { cap });
        }
        if head.len() < hjs_model::files::SNIFF_BYTES {
            let wanted = (hjs_model::files::SNIFF_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..wanted]);
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await?;
    }
    if size == 0 {
        return Err(ReceiveError::Empty);
    }
    // On disk before it is named: a crash never leaves a torn file under a hash.
    file.sync_all().await?;
    drop(file);
    let sha256 = hex::encode(hasher.finalize());
    store.keep(&sha256, path).await?;
    Ok(Received { sha256, size, head })
}

/// Reads and drops at most `limit` more bytes of a body that is answered
/// without being kept, so an HTTP/1.1 client still sending gets to read
/// the answer instead of a reset connection.
pub async fn drain<E>(body: impl Stream<Item = Result<Bytes, E>>, limit: u64) {
    let mut body = std::pin::pin!(body);
    let mut read = 0u64;
    while read <= limit {
        match body.next().await {
            Some(Ok(chunk)) => read += chunk.len() as u64,
            Some(Err(_)) | None => break,
        }
    }
}

/// Keeps `bytes` (the demo's files).
pub async fn keep_bytes(store: &dyn FileStore, bytes: Vec<u8>) -> Result<Received, ReceiveError> {
    let body = futures::stream::once(async move { Ok::<_, io::Error>(Bytes::from(bytes)) });
    receive(store, body, u64::MAX).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&'static [u8]]) -> impl Stream<Item = Result<Bytes, io::Error>> {
        futures::stream::iter(parts.iter().map(|p| Ok(Bytes::from_static(p))).collect::<Vec<_>>())
    }

    fn spooled(store: &FolderStore) -> usize {
        std::fs::read_dir(store.spool_dir()).unwrap().count()
    }

    #[tokio::test]
    async fn a_file_is_kept_once_under_its_hash_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderStore::new(dir.path().join("files")).unwrap();
        let first = receive(&store, chunks(&[b"hello ", b"world"]), 100).await.unwrap();
        assert_eq!(first.sha256, "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
        assert_eq!((first.size, first.head.as_slice()), (11, &b"hello world"[..]));
        let again = receive(&store, chunks(&[b"hello world"]), 100).await.unwrap();
        assert_eq!(again, first);
        let kept = store.open(&first.sha256).await.unwrap().unwrap();
        assert_eq!(kept.size, 11);
        let bytes: Vec<Bytes> = kept.body.try_collect().await.unwrap();
        assert_eq!(bytes.concat(), b"hello world");
        assert_eq!(spooled(&store), 0, "nothing left in the spool");
        assert!(store.open(&"0".repeat(64)).await.unwrap().is_none());
        assert!(store.open("../../etc/passwd").await.is_err(), "only hashes name files");
    }

    #[tokio::test]
    async fn a_file_over_the_cap_or_broken_off_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderStore::new(dir.path().join("files")).unwrap();
        let over = receive(&store, chunks(&[b"12345", b"678"]), 6).await;
        assert!(matches!(over, Err(ReceiveError::TooLarge { cap: 6 })), "{over:?}");
        let broken = futures::stream::iter(vec![Ok(Bytes::from_static(b"half")), Err(io::Error::other("connection reset"))]);
        assert!(matches!(receive(&store, broken, 100).await, Err(ReceiveError::Io(_))));
        assert!(matches!(receive(&store, chunks(&[]), 100).await, Err(ReceiveError::Empty)));
        assert_eq!(spooled(&store), 0);
        let kept: Vec<_> = std::fs::read_dir(dir.path().join("files")).unwrap().filter_map(Result::ok).collect();
        assert_eq!(kept.len(), 1, "only the spool folder: {kept:?}");
    }
}
