//! Files attached to ticket messages, on the desktop. A file is *staged*
//! first: copied into the workspace's folder (so the original may move or
//! go) and checked against the limits the provider applies. A message
//! queued with staged files names them; the push uploads each one before
//! its message (a file already uploaded is not sent again), so files
//! written offline go up when the network is back. Once the message is
//! sent the file stays as a download; files of a discarded message, and
//! files staged but never sent, are removed ([`tidy`]).
//!
//! Files received are downloaded on first use into the same folder and
//! opened from there, offline too.
//!
//! # The workspace's `files/` folder
//!
//! - `outgoing/<id>`: staged files, until their message is sent.
//! - `<id>/<filename>`: downloaded and sent files, by attachment id.
//! - `thumbs/<id>.png`: thumbnails of image attachments.

use std::path::{Path, PathBuf};

use base64::Engine;
use hjs_model::documents::Attachment;
use hjs_model::files::{
    attachment_id, attachment_url, is_thumbnailable, readable_size, sanitize_filename, sniff, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES,
};
use hjs_model::{FieldError, ObjectId, Timestamp};
use serde::Serialize;
use tokio::io::AsyncReadExt;

use crate::api::{Problem, ProviderApi, WriteOutcome};
use crate::cache::Cache;
use crate::error::{ClientError, Result};

/// The longest side of a thumbnail, in pixels.
const THUMBNAIL_SIDE: u32 = 240;
/// Images larger than this (either side) are not decoded for a thumbnail.
const MAX_IMAGE_SIDE: u32 = 12_000;
/// Staged files no message claimed are removed after this long.
const ABANDONED_AFTER: chrono::Duration = chrono::Duration::hours(24);

/// A file put aside for the next message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StagedAttachment {
    pub id: String,
    pub filename: String,
    pub file_size: u64,
    pub mime_type: String,
    /// A `data:` URL of a small PNG, for raster images.
    pub thumbnail: Option<String>,
}

fn refused(code: &str, message: impl Into<String>) -> ClientError {
    ClientError::Invalid(hjs_model::FieldErrors(vec![FieldError::new("attachments", code, message)]))
}

fn io(error: std::io::Error, what: &str) -> ClientError {
    ClientError::Other(anyhow::Error::new(error).context(what.to_string()))
}

fn outgoing_dir(cache: &Cache) -> PathBuf {
    cache.files_dir().join("outgoing")
}

fn outgoing(cache: &Cache, id: &str) -> PathBuf {
    outgoing_dir(cache).join(id)
}

fn kept(cache: &Cache, id: ObjectId, filename: &str) -> PathBuf {
    cache.files_dir().join(id.to_string()).join(sanitize_filename(filename))
}

fn too_large(filename: &str, size: u64) -> ClientError {
    refused("too_large", format!("{filename} is {}; a file may hold at most {}", readable_size(size), readable_size(MAX_ATTACHMENT_BYTES)))
}

/// Stages the file at `path` (copied in; the original is left alone).
pub async fn stage_path(cache: &Cache, path: &Path) -> Result<StagedAttachment> {
    let filename = sanitize_filename(&path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    let metadata = match tokio::fs::metadata(path).await {
        Ok(metadata) if metadata.is_file() => metadata,
        Ok(_) => return Err(refused("not_a_file", format!("{} is a folder, not a file", path.display()))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(refused("not_found", format!("{} does not exist", path.display())))
        }
        Err(error) => return Err(refused("unreadable", format!("{} cannot be read: {error}", path.display()))),
    };
    if metadata.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_large(&filename, metadata.len()));
    }
    let id = ObjectId::new().to_string();
    let target = outgoing(cache, &id);
    let part = target.with_extension("part");
    tokio::fs::create_dir_all(outgoing_dir(cache)).await.map_err(|e| io(e, "Failed to create the outgoing files folder"))?;
    let copied = tokio::fs::copy(path, &part).await.map_err(|e| refused("unreadable", format!("{} cannot be read: {e}", path.display())));
    let size = match copied {
        Ok(size) => size,
        Err(error) => {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(error);
        }
    };
    // The file may have grown while it was copied.
    if size > MAX_ATTACHMENT_BYTES || size == 0 {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(if size == 0 { refused("empty", format!("{filename} is empty")) } else { too_large(&filename, size) });
    }
    let mut head = vec![0; hjs_model::files::SNIFF_BYTES];
    let mut file = tokio::fs::File::open(&part).await.map_err(|e| io(e, "Failed to read a staged file"))?;
    let read = file.read(&mut head).await.map_err(|e| io(e, "Failed to read a staged file"))?;
    head.truncate(read);
    drop(file);
    tokio::fs::rename(&part, &target).await.map_err(|e| io(e, "Failed to stage a file"))?;
    record(cache, id, filename, size, sniff(&head)).await
}

/// Stages `bytes` (a pasted image, a file dropped from another app).
pub async fn stage_bytes(cache: &Cache, filename: &str, bytes: Vec<u8>) -> Result<StagedAttachment> {
    let filename = sanitize_filename(filename);
    if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err(too_large(&filename, bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(refused("empty", format!("{filename} is empty")));
    }
    let id = ObjectId::new().to_string();
    let target = outgoing(cache, &id);
    tokio::fs::create_dir_all(outgoing_dir(cache)).await.map_err(|e| io(e, "Failed to create the outgoing files folder"))?;
    let part = target.with_extension("part");
    tokio::fs::write(&part, &bytes).await.map_err(|e| io(e, "Failed to stage a file"))?;
    tokio::fs::rename(&part, &target).await.map_err(|e| io(e, "Failed to stage a file"))?;
    let mime = sniff(&bytes[..bytes.len().min(hjs_model::files::SNIFF_BYTES)]);
    record(cache, id, filename, bytes.len() as u64, mime).await
}

async fn record(cache: &Cache, id: String, filename: String, size: u64, mime_type: &str) -> Result<StagedAttachment> {
    sqlx::query("INSERT INTO staged_files (id, filename, file_size, mime_type, staged_at) VALUES (?, ?, ?, ?, ?)")
        .bind(&id)
        .bind(&filename)
        .bind(size as i64)
        .bind(mime_type)
        .bind(Timestamp::now().to_string())
        .execute(&cache.pool)
        .await?;
    let thumbnail = if is_thumbnailable(mime_type) { thumbnail_of(outgoing(cache, &id)).await.ok() } else { None };
    Ok(StagedAttachment { id, filename, file_size: size, mime_type: mime_type.into(), thumbnail })
}

/// Removes a staged file no message has claimed yet.
pub async fn discard_staged(cache: &Cache, id: &str) -> Result<()> {
    let removed = sqlx::query("DELETE FROM staged_files WHERE id = ? AND message_id IS NULL").bind(id).execute(&cache.pool).await?;
    if removed.rows_affected() == 1 {
        let _ = tokio::fs::remove_file(outgoing(cache, id)).await;
    }
    Ok(())
}

/// The attachments a message will carry, from staged files no message has
/// claimed yet (a queued message claims them: see the staged-files
/// migration's trigger).
pub(crate) async fn staged_for_message(cache: &Cache, ids: &[String]) -> Result<Vec<(ObjectId, Attachment)>> {
    if ids.len() > MAX_ATTACHMENTS {
        return Err(refused("too_many", format!("at most {MAX_ATTACHMENTS} files on one message")));
    }
    let mut files = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<(String, i64, String)> =
            sqlx::query_as("SELECT filename, file_size, mime_type FROM staged_files WHERE id = ? AND message_id IS NULL")
                .bind(id)
                .fetch_optional(&cache.pool)
                .await?;
        let (filename, size, mime_type) = row.ok_or_else(|| refused("not_found", "a file to attach is no longer staged: add it again"))?;
        let id = ObjectId::parse(id).map_err(|_| refused("not_found", "not a staged file"))?;
        files.push((id, Attachment { filename, file_size: size.max(0) as u64, mime_type, url: attachment_url(id) }));
    }
    Ok(files)
}

/// Uploads the files message `message_id` carries that are not uploaded
/// yet. `Some(problem)` when the provider refused one (the message cannot
/// go); transport errors are errors (try again later).
pub(crate) async fn upload_for(cache: &Cache, api: &ProviderApi, message_id: &str) -> Result<Option<Problem>> {
    let waiting: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT id, filename, file_size FROM staged_files WHERE message_id = ? AND uploaded_at IS NULL ORDER BY id")
            .bind(message_id)
            .fetch_all(&cache.pool)
            .await?;
    for (id, filename, size) in waiting {
        let file = match tokio::fs::File::open(outgoing(cache, &id)).await {
            Ok(file) => file,
            Err(error) => {
                return Ok(Some(Problem {
                    code: "file_missing".into(),
                    detail: format!("{filename} was put aside for this message but is gone from the workspace folder ({error})"),
                    errors: vec![FieldError::new(
                        "attachments",
                        "file_missing",
                        format!("{filename} is gone: discard and attach it again"),
                    )],
                    current: None,
                }))
            }
        };
        match api.upload_attachment(&id, &filename, file, size.max(0) as u64).await? {
            WriteOutcome::Accepted(_) => {
                sqlx::query("UPDATE staged_files SET uploaded_at = ? WHERE id = ?")
                    .bind(Timestamp::now().to_string())
                    .bind(&id)
                    .execute(&cache.pool)
                    .await?;
            }
            WriteOutcome::Rejected(mut problem) | WriteOutcome::Conflict { mut problem, .. } => {
                problem.detail = format!("{filename} was not accepted: {}", problem.detail);
                return Ok(Some(problem));
            }
        }
    }
    Ok(None)
}

/// Settles staged files whose message left the outbox: a sent message's
/// files stay as downloads, a discarded one's go; files no message
/// claimed within a day go too.
pub async fn tidy(cache: &Cache) -> Result<()> {
    let settled: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT s.id, s.filename, s.message_id, m.id FROM staged_files s LEFT JOIN support_messages m ON m.id = s.message_id \
         WHERE s.message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.doc_id = s.message_id)",
    )
    .fetch_all(&cache.pool)
    .await?;
    for (id, filename, _, sent) in settled {
        let from = outgoing(cache, &id);
        match (sent, ObjectId::parse(&id)) {
            (Some(_), Ok(attachment)) => {
                let to = kept(cache, attachment, &filename);
                if let Some(folder) = to.parent() {
                    let _ = tokio::fs::create_dir_all(folder).await;
                }
                if tokio::fs::rename(&from, &to).await.is_err() {
                    let _ = tokio::fs::remove_file(&from).await;
                }
            }
            _ => {
                let _ = tokio::fs::remove_file(&from).await;
            }
        }
        sqlx::query("DELETE FROM staged_files WHERE id = ?").bind(&id).execute(&cache.pool).await?;
    }
    let before = Timestamp::now().minus(ABANDONED_AFTER).to_string();
    let abandoned: Vec<String> = sqlx::query_scalar("SELECT id FROM staged_files WHERE message_id IS NULL AND staged_at < ?")
        .bind(&before)
        .fetch_all(&cache.pool)
        .await?;
    for id in abandoned {
        discard_staged(cache, &id).await?;
    }
    Ok(())
}

/// The attachment at `url` as a local file, downloaded on first use (it
/// needs the provider then; afterwards it opens offline).
pub async fn local_file(cache: &Cache, api: &ProviderApi, url: &str, filename: &str) -> Result<PathBuf> {
    let id = attachment_id(url).ok_or_else(|| {
        ClientError::Invalid(hjs_model::FieldErrors(vec![FieldError::new(
            "url",
            "not_downloadable",
            format!("{filename} is not kept by this provider ({url})"),
        )]))
    })?;
    let path = kept(cache, id, filename);
    if tokio::fs::try_exists(&path).await.unwrap_or(false) {
        return Ok(path);
    }
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_else(|| cache.files_dir());
    tokio::fs::create_dir_all(&folder).await.map_err(|e| io(e, "Failed to create the downloads folder"))?;
    // A file of one's own still waiting to go up is here already.
    let staged = outgoing(cache, &id.to_string());
    if tokio::fs::try_exists(&staged).await.unwrap_or(false) {
        tokio::fs::copy(&staged, &path).await.map_err(|e| io(e, "Failed to copy a staged file"))?;
        return Ok(path);
    }
    let part = folder.join(format!(".{}.part", ObjectId::new()));
    let mut file = tokio::fs::File::create(&part).await.map_err(|e| io(e, "Failed to create a download file"))?;
    let downloaded = api.download_attachment(&id.to_string(), &mut file).await;
    drop(file);
    match downloaded {
        Ok(_) => {
            tokio::fs::rename(&part, &path).await.map_err(|e| io(e, "Failed to keep a download"))?;
            Ok(path)
        }
        Err(error) => {
            let _ = tokio::fs::remove_file(&part).await;
            Err(error)
        }
    }
}

/// A thumbnail of an image attachment as a `data:` URL; `None` for other
/// files, and for an image not downloaded yet while offline.
pub async fn thumbnail(cache: &Cache, api: &ProviderApi, url: &str, filename: &str, mime_type: &str) -> Result<Option<String>> {
    if !is_thumbnailable(mime_type) {
        return Ok(None);
    }
    let Some(id) = attachment_id(url) else { return Ok(None) };
    let thumbs = cache.files_dir().join("thumbs");
    let cached = thumbs.join(format!("{id}.png"));
    if let Ok(png) = tokio::fs::read(&cached).await {
        return Ok(Some(data_url(&png)));
    }
    let file = match local_file(cache, api, url, filename).await {
        Ok(file) => file,
        Err(ClientError::Offline(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let png = make_thumbnail(file).await?;
    tokio::fs::create_dir_all(&thumbs).await.map_err(|e| io(e, "Failed to create the thumbnails folder"))?;
    tokio::fs::write(&cached, &png).await.map_err(|e| io(e, "Failed to keep a thumbnail"))?;
    Ok(Some(data_url(&png)))
}

async fn thumbnail_of(path: PathBuf) -> Result<String> {
    Ok(data_url(&make_thumbnail(path).await?))
}

fn data_url(png: &[u8]) -> String {
    format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(png))
}

/// A PNG at most [`THUMBNAIL_SIDE`] on its longer side, decoded with
/// limits so a crafted image cannot take the memory.
async fn make_thumbnail(path: PathBuf) -> Result<Vec<u8>> {
    let made = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        let mut reader = image::ImageReader::open(&path)?.with_guessed_format()?;
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_IMAGE_SIDE);
        limits.max_image_height = Some(MAX_IMAGE_SIDE);
        limits.max_alloc = Some(512 * 1024 * 1024);
        reader.limits(limits);
        let small = reader.decode()?.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE);
        let mut png = std::io::Cursor::new(Vec::new());
        small.write_to(&mut png, image::ImageFormat::Png)?;
        Ok(png.into_inner())
    })
    .await
    .map_err(anyhow::Error::from)?;
    Ok(made.map_err(|e| e.context("Failed to make a thumbnail"))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(&dir.path().join("cache.db")).await.unwrap();
        (dir, cache)
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 40]));
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[tokio::test]
    async fn staging_copies_sniffs_and_thumbnails_and_discarding_removes() {
        let (dir, cache) = cache().await;
        let original = dir.path().join("Screen shot.PNG");
        std::fs::write(&original, png(800, 400)).unwrap();
        let staged = stage_path(&cache, &original).await.unwrap();
        assert_eq!((staged.filename.as_str(), staged.mime_type.as_str()), ("Screen shot.PNG", "image/png"));
        std::fs::remove_file(&original).unwrap();
        assert!(outgoing(&cache, &staged.id).exists(), "copied in: the original may go");
        let thumbnail = staged.thumbnail.expect("a thumbnail");
        let bytes = base64::engine::general_purpose::STANDARD.decode(thumbnail.trim_start_matches("data:image/png;base64,")).unwrap();
        let small = image::load_from_memory(&bytes).unwrap();
        assert_eq!((small.width(), small.height()), (240, 120));

        let text = stage_bytes(&cache, "../notes.txt", b"<svg onload=alert(1)>".to_vec()).await.unwrap();
        assert_eq!((text.filename.as_str(), text.mime_type.as_str(), text.thumbnail), ("notes.txt", "image/svg+xml", None));
        discard_staged(&cache, &text.id).await.unwrap();
        assert!(!outgoing(&cache, &text.id).exists());
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staged_files").fetch_one(&cache.pool).await.unwrap();
        assert_eq!(left, 1);
    }

    #[tokio::test]
    async fn staging_refuses_what_the_provider_would_naming_the_file() {
        let (dir, cache) = cache().await;
        let big = dir.path().join("backup.tar");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_ATTACHMENT_BYTES + 1).unwrap();
        let error = stage_path(&cache, &big).await.unwrap_err();
        let ClientError::Invalid(fields) = error else { panic!("{error:?}") };
        assert_eq!((fields.0[0].field.as_str(), fields.0[0].code.as_str()), ("attachments", "too_large"));
        assert!(fields.0[0].message.contains("backup.tar") && fields.0[0].message.contains("25.0 MB"), "{}", fields.0[0].message);
        let missing = stage_path(&cache, &dir.path().join("nope.pdf")).await.unwrap_err();
        assert!(matches!(missing, ClientError::Invalid(ref f) if f.0[0].code == "not_found"), "{missing:?}");
        assert!(matches!(stage_bytes(&cache, "empty.txt", vec![]).await, Err(ClientError::Invalid(_))));
        let many: Vec<String> = (0..=MAX_ATTACHMENTS).map(|_| ObjectId::new().to_string()).collect();
        assert!(matches!(staged_for_message(&cache, &many).await, Err(ClientError::Invalid(ref f)) if f.0[0].code == "too_many"));
        let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staged_files").fetch_one(&cache.pool).await.unwrap();
        assert_eq!(none, 0, "nothing staged");
    }
}
