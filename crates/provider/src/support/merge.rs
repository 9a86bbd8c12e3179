//! Merging a duplicate ticket into another of the same customer's, in one
//! transaction: the duplicate's messages (notes too) move into the target
//! with their times, so the merged thread reads in order; the target's
//! thread says what was merged (with the duplicate's description); the
//! duplicate closes with a message pointing at the target.

use axum::extract::State;
use hjs_model::documents::{MessageType, SupportMessage, SupportTicket, TicketStatus};
use hjs_model::support::TicketMerge;
use hjs_model::{Collection, ObjectId, Timestamp};
use serde::Serialize;

use super::messages::staff_info;
use super::tickets::set_status;
use super::visible_ticket;
use crate::error::{ApiError, ApiResult};
use crate::http::{check_version, idempotent_write, DocId, IdempotencyKey, IfMatch, JsonBody, Stored};
use crate::scope::Principal;
use crate::AppState;

/// The documents a merge wrote, so a client settles them at once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MergedTickets {
    /// Closed, pointing at the target.
    pub duplicate: SupportTicket,
    pub target: SupportTicket,
    /// Every message now in the target that came from the duplicate, and
    /// the messages the merge wrote in both threads.
    pub messages: Vec<SupportMessage>,
}

/// POST /api/v1/support-tickets/{id}/merge: merge this ticket into another (staff); needs `If-Match` (this ticket's version).
#[utoipa::path(post, path = "/api/v1/support-tickets/{id}/merge", tag = "support", request_body = TicketMerge,
    params(("id" = String, Path, description = "the duplicate"), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = MergedTickets), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem, description = "on `intoTicketId`: `not_found`, `same_ticket`, `other_customer`, `ticket_closed`"),
        (status = 428, body = crate::error::Problem)))]
pub async fn merge(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(merge): JsonBody<TicketMerge>,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::SupportTickets)?;
    let fingerprint = format!("ticket-merge {id} {expected} {}", merge.into_ticket_id);
    let caller = principal.clone();
    let stored = idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            if !principal.is_staff() {
                return Err(ApiError::field("intoTicketId", "staff_only", "support staff merge tickets"));
            }
            let duplicate = visible_ticket(tx, &principal, id).await?;
            check_version(duplicate.version, expected, &duplicate)?;
            let target = visible_ticket(tx, &principal, merge.into_ticket_id)
                .await
                .map_err(|_| ApiError::field("intoTicketId", "not_found", "no such ticket"))?;
            merge.check(&duplicate, &target)?;
            let now = Timestamp::now();
            let signature = staff_info(tx, principal.user_id).await?;

            let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM support_messages WHERE ticket_id = $1 ORDER BY created_at, id")
                .bind(duplicate.id.to_string())
                .fetch_all(&mut *tx.tx)
                .await?;
            let before: Vec<SupportMessage> = bodies
                .iter()
                .map(|body| serde_json::from_str(body).map_err(|e| anyhow::anyhow!("stored message does not decode: {e}").into()))
                .collect::<ApiResult<_>>()?;
            let moved: Vec<SupportMessage> = before
                .iter()
                .map(|message| SupportMessage { ticket_id: target.id, version: message.version + 1, updated_at: now, ..message.clone() })
                .collect();
            let changes: Vec<(&SupportMessage, &SupportMessage)> = before.iter().zip(&moved).collect();
            tx.update_many(&changes).await?;

            let note = |ticket: &SupportTicket, content: String| SupportMessage {
                id: ObjectId::new(),
                ticket_id: ticket.id,
                user_id: None,
                content,
                message_type: MessageType::Reply,
                is_from_customer: false,
                attachments: Vec::new(),
                staff_info: Some(signature.clone()),
                status_change: None,
                created_at: now,
                updated_at: now,
                version: 1,
            };
            let into_target = note(&target, TicketMerge::target_note(&duplicate));
            let into_duplicate = note(&duplicate, TicketMerge::duplicate_note(&target));
            tx.insert_owned_by(&into_target, target.user_id).await?;
            tx.insert_owned_by(&into_duplicate, duplicate.user_id).await?;

            let mut closed = duplicate.clone();
            if closed.status != TicketStatus::Closed {
                set_status(tx, &principal, &mut closed, TicketStatus::Closed, now).await?;
            }
            closed.version += 1;
            closed.updated_at = now;
            let mut grown = target.clone();
            for domain in &duplicate.related_domains {
                if !grown.related_domains.contains(domain) {
                    grown.related_domains.push(domain.clone());
                }
            }
            grown.version += 1;
            grown.updated_at = now;
            tx.update_many(&[(&duplicate, &closed), (&target, &grown)]).await?;

            let mut messages = moved;
            messages.extend([into_target, into_duplicate]);
            Stored::ok(&MergedTickets { duplicate: closed, target: grown, messages })
        })
    })
    .await;
    // Only staff's writes queue mail to the customer.
    if principal.is_staff() {
        super::mail::send_soon(&state);
    }
    stored
}
