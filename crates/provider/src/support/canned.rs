//! Canned replies (`/canned-replies/{id}`): PUT creates one with a
//! client-made id, PATCH replaces its title and text, DELETE removes it.
//! Support and admin staff manage them; customers neither see nor write
//! them (they are filed under their author, a staff member, with the staff
//! audience). Staff read them through the change feed like any document.

use axum::extract::State;
use hjs_model::support::canned::{CannedReply, CannedReplyDraft};
use hjs_model::{Collection, Timestamp};

use super::tickets::refuse_taken_id;
use crate::error::{ApiError, ApiResult};
use crate::http::{check_version, idempotent_write, DocId, IdempotencyKey, IfMatch, IfNoneMatchAny, JsonBody, Stored};
use crate::scope::{Principal, Scope};
use crate::store::{fetch_one, Audience, Column};
use crate::AppState;

impl crate::store::Stored for CannedReply {
    const TABLE: &'static str = "canned_replies";
    fn columns(&self) -> Vec<(&'static str, Column)> {
        vec![("title", Column::Text(self.title.clone()))]
    }
    fn created_at(&self) -> Timestamp {
        self.created_at
    }
    fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
    fn set_updated_at(&mut self, at: Timestamp) {
        self.updated_at = at;
    }
    fn audience(&self) -> Audience {
        Audience::Staff
    }
}

/// Staff only: a customer is told the library is not theirs.
fn ensure_staff(principal: &Principal) -> ApiResult<()> {
    if !principal.is_staff() {
        return Err(ApiError::forbidden("canned replies are the support staff's"));
    }
    principal.ensure_can_write(Collection::CannedReplies)
}

/// PUT /api/v1/canned-replies/{id}: a new canned reply with the id the client made; needs `If-None-Match: *`.
#[utoipa::path(put, path = "/api/v1/canned-replies/{id}", tag = "support", request_body = CannedReplyDraft,
    params(("id" = String, Path), ("If-None-Match" = String, Header, description = "`*`"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = CannedReply), (status = 403, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem, description = "a canned reply with this id exists"),
        (status = 422, body = crate::error::Problem, description = "`unknown_variable` on `content`"), (status = 428, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    _: IfNoneMatchAny,
    key: IdempotencyKey,
    JsonBody(draft): JsonBody<CannedReplyDraft>,
) -> ApiResult<Stored> {
    ensure_staff(&principal)?;
    let valid = draft.parse()?;
    let fingerprint = format!("canned-create {id} {}", serde_json::to_string(&draft).unwrap_or_default());
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            refuse_taken_id(tx, &caller, Collection::CannedReplies, id).await?;
            let reply = valid.into_reply(id, caller.user_id, Timestamp::now(), 1);
            tx.insert(&reply).await?;
            Stored::created(&reply)
        })
    })
    .await
}

/// PATCH /api/v1/canned-replies/{id}: replace a canned reply's title and text; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/canned-replies/{id}", tag = "support", request_body = CannedReplyDraft,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = CannedReply), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(draft): JsonBody<CannedReplyDraft>,
) -> ApiResult<Stored> {
    ensure_staff(&principal)?;
    let valid = draft.parse()?;
    let fingerprint = format!("canned-update {id} {expected} {}", serde_json::to_string(&draft).unwrap_or_default());
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let before: CannedReply = fetch_one(&mut tx.tx, &Scope::Staff, id).await?;
            check_version(before.version, expected, &before)?;
            let after = CannedReply {
                title: valid.title,
                content: valid.content,
                version: before.version + 1,
                updated_at: Timestamp::now(),
                ..before.clone()
            };
            tx.update_many(&[(&before, &after)]).await?;
            Stored::ok(&after)
        })
    })
    .await
}

/// DELETE /api/v1/canned-replies/{id}: needs `If-Match`.
#[utoipa::path(delete, path = "/api/v1/canned-replies/{id}", tag = "support",
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
) -> ApiResult<Stored> {
    ensure_staff(&principal)?;
    let fingerprint = format!("canned-delete {id} {expected}");
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let reply: CannedReply = fetch_one(&mut tx.tx, &Scope::Staff, id).await?;
            check_version(reply.version, expected, &reply)?;
            tx.delete(Collection::CannedReplies, id).await?;
            Ok(Stored::no_content())
        })
    })
    .await
}
