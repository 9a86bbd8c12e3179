//! Files attached to ticket messages. A file is uploaded first
//! (`PUT /attachments/{id}?filename=…`, the raw bytes as the body, with an
//! id the client made so a retried upload is harmless), then named by its
//! id in the message that carries it (`MessageDraft::attachments`). Only
//! the uploader may attach it, to one message.
//!
//! `GET /attachments/{id}` serves it to its uploader and to whoever may see
//! its message (so never a note's file to a customer), always as a
//! download with `nosniff` and a sandboxing CSP, whatever its type: an
//! HTML or SVG file never renders in a browser on the provider's origin.
//! The bytes are kept by content ([`crate::files`]); nobody fetches a file
//! by its hash.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hjs_model::documents::{Attachment, SupportMessage};
use hjs_model::files::{attachment_url, sanitize_filename, sniff};
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};

use sqlx::AnyConnection;

use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::files::{receive, ReceiveError};
use crate::http::{DocId, QueryParams};
use crate::scope::Principal;
use crate::store::fetch_one;
use crate::AppState;

/// The name the uploaded file goes by (it is sanitised).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadName {
    pub filename: String,
}

/// An uploaded file, ready to be named in a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadedFile {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    #[serde(flatten)]
    pub attachment: Attachment,
}

#[derive(Debug, sqlx::FromRow)]
struct FileRow {
    sha256: String,
    filename: String,
    file_size: i64,
    mime_type: String,
    uploaded_by: String,
    message_id: Option<String>,
}

impl FileRow {
    fn attachment(&self, id: ObjectId) -> Attachment {
        Attachment {
            filename: self.filename.clone(),
            file_size: self.file_size.max(0) as u64,
            mime_type: self.mime_type.clone(),
            url: attachment_url(id),
        }
    }
}

const SELECT_FILE: &str = "SELECT sha256, filename, file_size, mime_type, uploaded_by, message_id FROM attachments WHERE id = $1";

/// PUT /api/v1/attachments/{id}: upload a file (the raw body, streamed) to attach to a message; at most 25 MiB.
#[utoipa::path(put, path = "/api/v1/attachments/{id}", tag = "support", params(("id" = String, Path), UploadName),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = UploadedFile), (status = 200, body = UploadedFile, description = "this file was uploaded with this id before"),
        (status = 409, body = crate::error::Problem, description = "`id_taken`: someone else uploaded a file with this id"),
        (status = 413, body = crate::error::Problem, description = "`too_large`: over the cap; nothing is kept"),
        (status = 422, body = crate::error::Problem, description = "`filename` missing, or the file is empty")))]
pub async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    QueryParams(name): QueryParams<UploadName>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    principal.ensure_can_write(Collection::SupportMessages)?;
    let cap = state.config.attachment_cap;
    let too_large = || ApiError::TooLarge { detail: format!("a file may hold at most {}", hjs_model::files::readable_size(cap)) };
    // Refused before a byte is read when the sender says far more is
    // coming; a little over is read and dropped (see `receive`).
    let announced = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > cap.saturating_mul(2)) {
        return Err(too_large());
    }
    if let Some(existing) = file_row(&state, id).await? {
        // A retried upload (its first answer was lost) is answered from the
        // row; its body is read and dropped so the client hears the answer.
        crate::files::drain(body.into_data_stream(), cap).await;
        return if existing.uploaded_by == principal.user_id.to_string() {
            Ok((StatusCode::OK, Json(UploadedFile { id, attachment: existing.attachment(id) })).into_response())
        } else {
            Err(ApiError::Conflict { code: "id_taken", detail: format!("a file with id {id} exists") })
        };
    }
    let filename = sanitize_filename(&name.filename);
    let received = receive(&*state.files, body.into_data_stream(), cap).await.map_err(|error| match error {
        ReceiveError::TooLarge { .. } => too_large(),
        ReceiveError::Empty => ApiError::field("file", "empty", "the file is empty"),
        ReceiveError::Io(error) => ApiError::Internal(anyhow::Error::new(error).context("Failed to receive an upload")),
    })?;
    let attachment = Attachment { filename, file_size: received.size, mime_type: sniff(&received.head).into(), url: attachment_url(id) };
    // Not a document (it becomes part of one when a message names it), so
    // no change-log entry: a plain insert.
    let mut conn = state.db.pool.acquire().await?;
    record(&mut conn, id, &received.sha256, &attachment, principal.user_id, None, Timestamp::now()).await?;
    Ok((StatusCode::CREATED, Json(UploadedFile { id, attachment })).into_response())
}

/// Records a kept file as attachment `id` (attached to `message_id`, or
/// waiting to be).
pub async fn record(
    conn: &mut AnyConnection,
    id: ObjectId,
    sha256: &str,
    attachment: &Attachment,
    uploaded_by: ObjectId,
    message_id: Option<ObjectId>,
    at: Timestamp,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO attachments (id, sha256, filename, file_size, mime_type, uploaded_by, message_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(sha256)
    .bind(&attachment.filename)
    .bind(attachment.file_size as i64)
    .bind(&attachment.mime_type)
    .bind(uploaded_by.to_string())
    .bind(message_id.map(|m| m.to_string()))
    .bind(at.to_string())
    .execute(&mut *conn)
    .await
    .map_err(|error| crate::error::unique_violation(error, "id", "a file with this id exists"))?;
    Ok(())
}

/// Attaches the files `ids` (uploaded by `principal`, attached to no
/// other message) to message `message_id`; refusals name `attachments[i]`.
pub async fn attach(tx: &mut WriteTx, principal: &Principal, message_id: ObjectId, ids: &[ObjectId]) -> ApiResult<Vec<Attachment>> {
    let mut attachments = Vec::with_capacity(ids.len());
    let mut errors = FieldErrors::new();
    for (i, id) in ids.iter().enumerate() {
        let row: Option<FileRow> = sqlx::query_as(SELECT_FILE).bind(id.to_string()).fetch_optional(&mut *tx.tx).await?;
        let usable = row.filter(|row| {
            row.uploaded_by == principal.user_id.to_string() && row.message_id.as_deref().is_none_or(|m| m == message_id.to_string())
        });
        match usable {
            Some(row) => attachments.push(row.attachment(*id)),
            None => errors.push(FieldError::new(
                format!("attachments[{i}]"),
                "unknown_file",
                "no file uploaded by you with this id is waiting to be attached",
            )),
        }
    }
    errors.into_result()?;
    for id in ids {
        sqlx::query("UPDATE attachments SET message_id = $1 WHERE id = $2")
            .bind(message_id.to_string())
            .bind(id.to_string())
            .execute(&mut *tx.tx)
            .await?;
    }
    Ok(attachments)
}

/// GET /api/v1/attachments/{id}: the file, as a download, to its uploader and whoever may see its message.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "support", params(("id" = String, Path)),
    responses((status = 200, description = "the file, `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`", content_type = "*/*"),
        (status = 404, body = crate::error::Problem, description = "no such file, or not one the caller may see")))]
pub async fn download(State(state): State<AppState>, principal: Principal, DocId(id): DocId) -> ApiResult<Response> {
    let row = file_row(&state, id).await?.ok_or(ApiError::NotFound)?;
    let own = row.uploaded_by == principal.user_id.to_string();
    if !own {
        let message_id = row.message_id.as_deref().and_then(|m| ObjectId::parse(m).ok()).ok_or(ApiError::NotFound)?;
        let mut conn = state.db.pool.acquire().await?;
        // The message as the caller sees it: a customer never sees a note.
        let _: SupportMessage = fetch_one(&mut conn, &principal.scope(), message_id).await?;
    }
    let stored = state.files.open(&row.sha256).await.map_err(anyhow::Error::from)?;
    let stored = stored.ok_or_else(|| anyhow::anyhow!("attachment {id}: its file {} is not in the store", row.sha256))?;
    let mut response = Response::new(Body::from_stream(stored.body));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&row.mime_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(stored.size));
    headers.insert(header::CONTENT_DISPOSITION, content_disposition(&row.filename));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    // An id's bytes never change.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable"));
    Ok(response)
}

async fn file_row(state: &AppState, id: ObjectId) -> ApiResult<Option<FileRow>> {
    Ok(sqlx::query_as(SELECT_FILE).bind(id.to_string()).fetch_optional(&state.db.pool).await?)
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback
/// and the exact name (RFC 6266).
fn content_disposition(filename: &str) -> HeaderValue {
    let fallback: String =
        filename.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let encoded: String = filename
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or(HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_named_exactly_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("Übersicht \"März\".pdf"),
            "attachment; filename=\"_bersicht _M_rz_.pdf\"; filename*=UTF-8''%C3%9Cbersicht%20%22M%C3%A4rz%22.pdf"
        );
    }
}
