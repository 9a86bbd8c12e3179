//! GET /api/v1/sync/snapshot.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures::TryStreamExt;
use hjs_model::Collection;
use serde::Serialize;
use tokio::sync::mpsc;

use crate::error::ApiResult;
use crate::scope::{Principal, Scope};
use crate::store::table_of;
use crate::AppState;

/// One NDJSON line of a snapshot. Documents come collection by collection;
/// the last line is `end` with the seq the snapshot reflects. A stream
/// without an `end` line was cut short and must be discarded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum SnapshotLine {
    #[serde(rename = "doc")]
    Doc {
        collection: Collection,
        #[schema(value_type = Object)]
        doc: serde_json::Value,
    },
    #[serde(rename = "end")]
    End { seq: i64, documents: u64 },
}

/// Lines are gathered into chunks of about this size before sending.
const CHUNK_BYTES: usize = 256 * 1024;

/// GET /api/v1/sync/snapshot: the caller's whole visible data set as NDJSON.
#[utoipa::path(get, path = "/api/v1/sync/snapshot", tag = "sync",
    responses((status = 200, content_type = "application/x-ndjson", body = SnapshotLine)))]
pub async fn snapshot(State(state): State<AppState>, principal: Principal) -> ApiResult<Response> {
    let scope = principal.scope();
    let (sender, receiver) = mpsc::channel::<Result<Vec<u8>, std::io::Error>>(8);
    tokio::spawn(async move {
        if let Err(error) = stream_snapshot(&state, scope, &sender).await {
            tracing::error!(error = %format!("{error:#}"), "snapshot failed part-way");
            // Ending the body with an error aborts the response, so the
            // client never mistakes a cut stream for a complete one.
            let _ = sender.send(Err(std::io::Error::other("snapshot failed"))).await;
        }
    });
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(receiver));
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response())
}

async fn stream_snapshot(state: &AppState, scope: Scope, sender: &mpsc::Sender<Result<Vec<u8>, std::io::Error>>) -> anyhow::Result<()> {
    let mut tx = state.db.begin_snapshot().await?;
    let seq: i64 = sqlx::query_scalar("SELECT seq FROM change_counter WHERE id = 1").fetch_one(&mut *tx).await?;
    let mut chunk = Vec::with_capacity(CHUNK_BYTES + 4096);
    let mut documents = 0u64;
    for collection in Collection::ALL {
        let clause = scope.owner_clause(*collection, 1);
        let sql = format!("SELECT body FROM {} WHERE {}", table_of(*collection), clause.sql);
        let mut query = sqlx::query_scalar::<_, String>(&sql);
        for bind in clause.binds {
            query = query.bind(bind);
        }
        let prefix = format!("{{\"type\":\"doc\",\"collection\":\"{}\",\"doc\":", collection.as_str());
        let mut rows = query.fetch(&mut *tx);
        while let Some(body) = rows.try_next().await? {
            chunk.extend_from_slice(prefix.as_bytes());
            chunk.extend_from_slice(body.as_bytes());
            chunk.extend_from_slice(b"}\n");
            documents += 1;
            if chunk.len() >= CHUNK_BYTES {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_BYTES + 4096));
                if sender.send(Ok(full)).await.is_err() {
                    return Ok(()); // the client went away
                }
            }
        }
    }
    let end = serde_json::to_string(&SnapshotLine::End { seq, documents })?;
    chunk.extend_from_slice(end.as_bytes());
    chunk.push(b'\n');
    let _ = sender.send(Ok(chunk)).await;
    tx.rollback().await?;
    Ok(())
}
