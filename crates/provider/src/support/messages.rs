//! A ticket's thread: replies, internal notes and the status-change
//! messages the provider writes itself.

use axum::extract::State;
use axum::response::Response;
use hjs_model::documents::{MessageType, StaffInfo, SupportMessage, SupportPackage, SupportTicket, TicketStatus};
use hjs_model::support::sla::response_minutes;
use hjs_model::support::{MessageDraft, Side};
use hjs_model::{Collection, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};

use super::tickets::{insert_ticket, refuse_taken_id, set_status};
use super::{side_of, user, visible_ticket};
use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::http::{idempotent_write, page_under, DocId, IdempotencyKey, IfNoneMatchAny, JsonBody, PageQuery, Parent, QueryParams, Stored};
use crate::scope::{Principal, Scope};
use crate::store::fetch_one;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessagePage {
    /// At most this many items (1–500, default 50).
    #[param(minimum = 1, maximum = 500, nullable = false)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `nextCursor`).
    #[param(min_length = 1, nullable = false)]
    pub cursor: Option<String>,
}

/// GET /api/v1/support-tickets/{id}/messages: the thread, oldest first; a customer never gets internal notes.
#[utoipa::path(get, path = "/api/v1/support-tickets/{id}/messages", tag = "support", params(("id" = String, Path), MessagePage),
    responses((status = 200, description = "`{items: SupportMessage[], nextCursor}`"), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    DocId(ticket_id): DocId,
    QueryParams(page): QueryParams<MessagePage>,
) -> ApiResult<Response> {
    let parent = Parent { collection: Collection::SupportTickets, id: ticket_id, column: "ticket_id" };
    let page = PageQuery { limit: page.limit, cursor: page.cursor };
    page_under(&state, &principal, parent, "support_messages", Collection::SupportMessages, page).await
}

/// A message as stored, and its ticket as the message left it (a reply
/// moves the response times, a customer's may reopen it), so a client can
/// settle both without waiting for the change feed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostedMessage {
    pub message: SupportMessage,
    pub ticket: SupportTicket,
}

/// PUT /api/v1/support-messages/{id}: a reply or an internal note with the id the client made; needs `If-None-Match: *`.
#[utoipa::path(put, path = "/api/v1/support-messages/{id}", tag = "support", request_body = MessageDraft,
    params(("id" = String, Path), ("If-None-Match" = String, Header, description = "`*`"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = PostedMessage), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem, description = "`ticket_closed`: a closed ticket takes no more staff messages (a customer's reply opens a follow-up ticket, which the answer carries); `ticket_quota_exceeded` for a follow-up past the package's quota"),
        (status = 412, body = crate::error::Problem, description = "a message with this id exists"),
        (status = 422, body = crate::error::Problem, description = "`staff_only` on `messageType` for a customer's note"), (status = 428, body = crate::error::Problem)))]
pub async fn post(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    _: IfNoneMatchAny,
    key: IdempotencyKey,
    JsonBody(draft): JsonBody<MessageDraft>,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::SupportMessages)?;
    let side = side_of(&principal);
    let content = draft.parse(side)?;
    let fingerprint = format!("message-post {id} {}", serde_json::to_string(&draft).unwrap_or_default());
    let caller = principal.clone();
    let stored = idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            refuse_taken_id(tx, &principal, Collection::SupportMessages, id).await?;
            let mut before = visible_ticket(tx, &principal, draft.ticket_id).await?;
            let attachments = super::attachments::attach(tx, &principal, id, &draft.attachments).await?;
            let now = Timestamp::now();
            let staff = side == Side::Staff;
            if before.status == TicketStatus::Closed {
                // Closed is final: a customer's reply opens a follow-up
                // ticket that points back; staff open one themselves.
                if staff || draft.message_type != MessageType::Reply {
                    return Err(ApiError::Conflict {
                        code: "ticket_closed",
                        detail: format!("{} is closed and takes no more messages: open a new ticket to follow up", before.ticket_number),
                    });
                }
                before = insert_ticket(tx, ObjectId::new(), before.user_id, before.follow_up(&content), now).await?;
            }
            let message = SupportMessage {
                id,
                ticket_id: before.id,
                user_id: (!staff).then_some(principal.user_id),
                content,
                message_type: draft.message_type,
                is_from_customer: !staff,
                attachments,
                staff_info: if staff { Some(staff_info(tx, principal.user_id).await?) } else { None },
                status_change: None,
                created_at: now,
                updated_at: now,
                version: 1,
            };
            tx.insert_owned_by(&message, before.user_id).await?;
            let package = ticket_package(tx, &before).await?;
            if let (Some(minutes), Some(package)) = (draft.minutes_spent.filter(|m| *m > 0), &package) {
                log_time(tx, package, minutes, now).await?;
            }
            let ticket = match message.message_type {
                MessageType::Reply => answer_on_ticket(tx, &principal, before, package.as_ref(), now).await?,
                _ => before,
            };
            if staff && message.message_type == MessageType::Reply {
                super::mail::queue(tx, &ticket, super::mail::TicketMail::Reply(&message), now).await?;
            }
            Stored::created(&PostedMessage { message, ticket })
        })
    })
    .await;
    // Only staff's writes queue mail to the customer.
    if principal.is_staff() {
        super::mail::send_soon(&state);
    }
    stored
}

/// What a reply does to its ticket: a staff reply is a response (the
/// first one stops the first-response clock, and marks the SLA breached
/// when it comes late); a customer's reply to a ticket waiting on them, or
/// resolved, reopens it.
async fn answer_on_ticket(
    tx: &mut WriteTx,
    principal: &Principal,
    before: SupportTicket,
    package: Option<&SupportPackage>,
    now: Timestamp,
) -> ApiResult<SupportTicket> {
    let mut after = before.clone();
    if principal.is_staff() {
        if before.first_reply_is_late(response_minutes(&before, package), now) {
            after.sla_breached = true;
        }
        after.first_response_at = after.first_response_at.or(Some(now));
        after.last_response_at = Some(now);
    } else if let Some(to) = before.status.after_reply(true) {
        set_status(tx, principal, &mut after, to, now).await?;
    } else {
        return Ok(before);
    }
    after.version += 1;
    after.updated_at = now;
    tx.update_many(&[(&before, &after)]).await?;
    Ok(after)
}

/// The support package the ticket counts against, if it has one.
async fn ticket_package(tx: &mut WriteTx, ticket: &SupportTicket) -> ApiResult<Option<SupportPackage>> {
    match ticket.support_package_id {
        Some(id) => Ok(Some(fetch_one(&mut tx.tx, &Scope::Staff, id).await?)),
        None => Ok(None),
    }
}

/// Adds a staff member's time to the package's hours this month.
async fn log_time(tx: &mut WriteTx, before: &SupportPackage, minutes: u32, now: Timestamp) -> ApiResult<()> {
    let mut after = before.clone();
    after.current_usage.log_minutes(minutes);
    after.version += 1;
    after.updated_at = now;
    tx.update_many(&[(before, &after)]).await
}

/// How a staff member signs their messages.
pub(super) async fn staff_info(tx: &mut WriteTx, staff: ObjectId) -> ApiResult<StaffInfo> {
    let person = user(tx, staff).await?;
    Ok(StaffInfo { name: person.full_name(), role: person.role.as_str().to_string(), department: "Support".into() })
}
