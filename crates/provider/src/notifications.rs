//! Notifications: list the caller's, mark read or unread.

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use hjs_model::documents::Notification;
use hjs_model::{Collection, Timestamp};
use serde::Deserialize;

use crate::error::ApiResult;
use crate::http::{
    check_version, idempotent_write, DocId, IdempotencyKey, IfMatch, JsonBody, KeysetQuery, PageQuery, QueryParams,
    Stored as StoredResponse,
};
use crate::scope::{Principal, Scope};
use crate::store::{fetch_one, Column, Stored};
use crate::AppState;

impl Stored for Notification {
    const TABLE: &'static str = "notifications";
    fn columns(&self) -> Vec<(&'static str, Column)> {
        vec![("is_read", Column::flag(self.is_read))]
    }
    fn created_at(&self) -> Timestamp {
        self.created_at
    }
    /// Notifications have no `updatedAt` in the plan; the column mirrors creation.
    fn updated_at(&self) -> Timestamp {
        self.created_at
    }
    fn set_updated_at(&mut self, _: Timestamp) {}
}

pub fn router() -> Router<AppState> {
    Router::new().route("/notifications", get(list)).route("/notifications/{id}/read", put(set_read))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotificationFilter {
    /// Only unread (`false`) or only read (`true`) ones.
    pub is_read: Option<bool>,
    /// At most this many items (1–500, default 50).
    #[param(minimum = 1, maximum = 500, nullable = false)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `nextCursor`).
    #[param(min_length = 1, nullable = false)]
    pub cursor: Option<String>,
}

/// GET /api/v1/notifications: newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationFilter),
    responses((status = 200, description = "`{items: Notification[], nextCursor}`")))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    QueryParams(filter): QueryParams<NotificationFilter>,
) -> ApiResult<Response> {
    // A notification belongs to its recipient: everyone lists their own here,
    // whatever else their role lets them sync.
    let mut query =
        KeysetQuery::new("notifications", "created_at", true, Scope::Own(principal.user_id).owner_clause(Collection::Notifications, 1));
    if let Some(is_read) = filter.is_read {
        query.filter(format!("is_read = {}", is_read as i64));
    }
    query.page(&state.db.pool, &PageQuery { limit: filter.limit, cursor: filter.cursor }).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetRead {
    pub is_read: bool,
}

/// PUT /api/v1/notifications/{id}/read: mark one of the caller's own notifications read or unread.
#[utoipa::path(put, path = "/api/v1/notifications/{id}/read", tag = "notifications", request_body = SetRead,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = Notification), (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem)))]
pub async fn set_read(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(request): JsonBody<SetRead>,
) -> ApiResult<StoredResponse> {
    let fingerprint = format!("notification-read {id} {expected} {}", request.is_read);
    let scope = Scope::Own(principal.user_id);
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let mut notification: Notification = fetch_one(&mut tx.tx, &scope, id).await?;
            check_version(notification.version, expected, &notification)?;
            notification.is_read = request.is_read;
            notification.version += 1;
            tx.update(&notification).await?;
            StoredResponse::ok(&notification)
        })
    })
    .await
}
