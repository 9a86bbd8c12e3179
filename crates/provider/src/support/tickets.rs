//! Opening a ticket (with its number and the customer's quota), changing
//! its status, priority and assignee, and reading one.

use std::collections::BTreeSet;

use anyhow::Context;
use axum::extract::State;
use axum::Json;
use chrono::Datelike;
use hjs_model::documents::{MessageType, StatusChange, SupportMessage, SupportPackage, SupportTicket, TicketStatus};
use hjs_model::support::{Opening, Side, TicketChange, TicketDraft, ValidTicket};
use hjs_model::{Collection, ObjectId, Timestamp};

use super::{can_be_assigned, side_of, user, visible_ticket};
use crate::db::{parameters, WriteTx};
use crate::error::{ApiError, ApiResult};
use crate::http::{check_version, idempotent_write, DocId, IdempotencyKey, IfMatch, IfNoneMatchAny, JsonBody, Stored};
use crate::scope::{Principal, Scope};
use crate::store::{fetch_body, fetch_one};
use crate::AppState;

/// GET /api/v1/support-tickets/{id}
#[utoipa::path(get, path = "/api/v1/support-tickets/{id}", tag = "support", params(("id" = String, Path)),
    responses((status = 200, body = SupportTicket), (status = 404, body = crate::error::Problem)))]
pub async fn get_one(State(state): State<AppState>, principal: Principal, DocId(id): DocId) -> ApiResult<Json<SupportTicket>> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(fetch_one(&mut conn, &principal.scope(), id).await?))
}

/// PUT /api/v1/support-tickets/{id}: open a ticket with the id the client made; needs `If-None-Match: *`.
#[utoipa::path(put, path = "/api/v1/support-tickets/{id}", tag = "support", request_body = TicketDraft,
    params(("id" = String, Path), ("If-None-Match" = String, Header, description = "`*`"), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = SupportTicket), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem, description = "the customer named is not one the caller sees"),
        (status = 409, body = crate::error::Problem, description = "`ticket_quota_exceeded`: the customer's support package has no tickets left this month"),
        (status = 412, body = crate::error::Problem, description = "a ticket with this id exists"),
        (status = 422, body = crate::error::Problem), (status = 428, body = crate::error::Problem)))]
pub async fn open(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    _: IfNoneMatchAny,
    key: IdempotencyKey,
    JsonBody(draft): JsonBody<TicketDraft>,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::SupportTickets)?;
    let valid = draft.parse()?;
    let fingerprint = format!("ticket-open {id} {}", serde_json::to_string(&draft).unwrap_or_default());
    let caller = principal.clone();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            refuse_taken_id(tx, &principal, Collection::SupportTickets, id).await?;
            let customer = customer_of(tx, &principal, draft.customer_id).await?;
            check_related_domains(tx, customer, &draft.related_domains, &valid.related_domains).await?;
            let ticket = insert_ticket(tx, id, customer, valid, Timestamp::now()).await?;
            Stored::created(&ticket)
        })
    })
    .await
}

/// Opens `valid` as ticket `id` of `customer`: counted against their
/// package, numbered, stored.
pub(super) async fn insert_ticket(
    tx: &mut WriteTx,
    id: ObjectId,
    customer: ObjectId,
    valid: ValidTicket,
    now: Timestamp,
) -> ApiResult<SupportTicket> {
    let package = take_from_quota(tx, customer, now).await?;
    let ticket_number = next_ticket_number(tx, now).await?;
    let ticket = valid.open(Opening { id, customer, ticket_number, support_package_id: package, at: now, version: 1 });
    tx.insert(&ticket).await?;
    Ok(ticket)
}

/// PATCH /api/v1/support-tickets/{id}: change status, priority or assignee; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/support-tickets/{id}", tag = "support", request_body = TicketChange,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = SupportTicket), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem, description = "`transition_not_allowed` on `status`; `staff_only`; `not_staff` on `assignedTo`"),
        (status = 428, body = crate::error::Problem)))]
pub async fn change(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(change): JsonBody<TicketChange>,
) -> ApiResult<Stored> {
    principal.ensure_can_write(Collection::SupportTickets)?;
    let fingerprint = format!("ticket-change {id} {expected} {}", serde_json::to_string(&change).unwrap_or_default());
    let caller = principal.clone();
    let stored = idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let principal = caller;
            let before = visible_ticket(tx, &principal, id).await?;
            check_version(before.version, expected, &before)?;
            change.check(before.status, side_of(&principal))?;
            let now = Timestamp::now();
            let mut after = before.clone();
            if let Some(priority) = change.priority {
                after.priority = priority;
            }
            if let Some(assignee) = change.assigned_to {
                if let Some(assignee) = assignee {
                    let person = user(tx, assignee).await.map_err(|_| ApiError::field("assignedTo", "not_found", "no such person"))?;
                    if !can_be_assigned(person.role) || !person.is_active {
                        return Err(ApiError::field(
                            "assignedTo",
                            "not_staff",
                            format!("{} is not active support staff", person.full_name()),
                        ));
                    }
                }
                if after.assigned_to != assignee {
                    after.assigned_to = assignee;
                    after.assigned_at = assignee.map(|_| now);
                }
            }
            if let Some(to) = change.status.filter(|to| *to != before.status) {
                set_status(tx, &principal, &mut after, to, now).await?;
            }
            after.version += 1;
            after.updated_at = now;
            tx.update_many(&[(&before, &after)]).await?;
            Stored::ok(&after)
        })
    })
    .await;
    // Only staff's writes queue mail to the customer.
    if principal.is_staff() {
        super::mail::send_soon(&state);
    }
    stored
}

/// Moves `ticket` to `to` (already checked) and records the move as a
/// `status_change` message in its thread.
pub(super) async fn set_status(
    tx: &mut WriteTx,
    principal: &Principal,
    ticket: &mut SupportTicket,
    to: TicketStatus,
    now: Timestamp,
) -> ApiResult<()> {
    let from = ticket.status;
    ticket.status = to;
    ticket.resolved_at = match to {
        TicketStatus::Resolved | TicketStatus::Closed => ticket.resolved_at.or(Some(now)),
        _ => None,
    };
    let staff = side_of(principal) == Side::Staff;
    if staff {
        super::mail::queue(tx, ticket, super::mail::TicketMail::Status { from, to }, now).await?;
    }
    let message = SupportMessage {
        id: ObjectId::new(),
        ticket_id: ticket.id,
        user_id: (!staff).then_some(principal.user_id),
        content: format!("Status changed from {} to {}", from.label(), to.label()),
        message_type: MessageType::StatusChange,
        is_from_customer: !staff,
        attachments: Vec::new(),
        staff_info: if staff { Some(super::messages::staff_info(tx, principal.user_id).await?) } else { None },
        status_change: Some(StatusChange { from, to }),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    tx.insert_owned_by(&message, ticket.user_id).await
}

/// A create whose id is taken is a stale version: with the document when
/// the caller sees it, without when it belongs to someone else.
pub(super) async fn refuse_taken_id(tx: &mut WriteTx, principal: &Principal, collection: Collection, id: ObjectId) -> ApiResult<()> {
    if fetch_body(&mut tx.tx, &Scope::Staff, collection, id).await?.is_none() {
        return Ok(());
    }
    let current = fetch_body(&mut tx.tx, &principal.scope(), collection, id).await?;
    Err(ApiError::StaleVersion {
        expected: 0,
        current: current.and_then(|body| serde_json::from_str(&body).ok()).unwrap_or_default(),
        stale: None,
    })
}

/// The customer a new ticket is for: the caller, or the customer staff (or
/// a reseller, for a client) name.
async fn customer_of(tx: &mut WriteTx, principal: &Principal, named: Option<ObjectId>) -> ApiResult<ObjectId> {
    let customer = match (named, principal.is_staff()) {
        (Some(customer), _) => customer,
        (None, false) => principal.user_id,
        (None, true) => {
            return Err(ApiError::field("customerId", "required", "staff open a ticket on a customer's behalf: name the customer"))
        }
    };
    let person: hjs_model::documents::User = fetch_one(&mut tx.tx, &principal.scope(), customer)
        .await
        .map_err(|_| ApiError::field("customerId", "not_found", "no such customer"))?;
    if person.role.is_staff() {
        return Err(ApiError::field("customerId", "not_a_customer", "tickets are opened for customers, not for staff"));
    }
    Ok(customer)
}

/// Refuses a related domain that is not the customer's, naming it as it
/// was `given`. Only the named domains are looked up, however many the
/// customer has.
async fn check_related_domains(tx: &mut WriteTx, customer: ObjectId, given: &[String], parsed: &[hjs_model::DomainName]) -> ApiResult<()> {
    if parsed.is_empty() {
        return Ok(());
    }
    let sql = format!("SELECT domain_name FROM domains WHERE owner_id = $1 AND domain_name IN ({})", parameters(2, parsed.len()));
    let mut query = sqlx::query_scalar(&sql).bind(customer.to_string());
    for name in parsed {
        query = query.bind(name.as_str());
    }
    let theirs: BTreeSet<String> = query.fetch_all(&mut *tx.tx).await?.into_iter().collect();
    let Some(stranger) = parsed.iter().find(|name| !theirs.contains(name.as_str())) else { return Ok(()) };
    // The draft's own index (it may name a domain twice, the parsed list once).
    let i = given.iter().position(|name| hjs_model::DomainName::parse(name.trim()).ok().as_ref() == Some(stranger)).unwrap_or(0);
    Err(ApiError::field(&format!("relatedDomains[{i}]"), "not_yours", format!("{stranger} is not a domain of this customer")))
}

/// Counts a new ticket against the customer's active support package
/// (answers its id), or refuses it when the month's tickets are used up.
/// A customer without a package opens tickets at the default service level.
async fn take_from_quota(tx: &mut WriteTx, customer: ObjectId, now: Timestamp) -> ApiResult<Option<ObjectId>> {
    let body: Option<String> = sqlx::query_scalar(
        "SELECT body FROM support_packages WHERE owner_id = $1 AND status = 'active' ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(customer.to_string())
    .fetch_optional(&mut *tx.tx)
    .await?;
    let Some(body) = body else { return Ok(None) };
    let before: SupportPackage = serde_json::from_str(&body).context("stored support package does not decode")?;
    if !before.allows_another_ticket() {
        return Err(ApiError::Conflict {
            code: "ticket_quota_exceeded",
            detail: format!(
                "{} includes {} tickets a month and all are used; it resets on {}",
                before.package_name,
                before.monthly_tickets,
                before.current_usage.reset_date.datetime().format("%Y-%m-%d")
            ),
        });
    }
    let mut after = before.clone();
    after.current_usage.tickets_used += 1;
    after.version += 1;
    after.updated_at = now;
    tx.update_many(&[(&before, &after)]).await?;
    Ok(Some(before.id))
}

/// The next ticket number of `now`'s year, `TKT-YYYY-NNNNNN`. Taken in the
/// opening transaction, under the writer lock: unique across provider
/// processes and gap-free (a ticket rolled back gives its number back).
/// A year's first number continues after the tickets already stored.
async fn next_ticket_number(tx: &mut WriteTx, now: Timestamp) -> ApiResult<String> {
    let year = now.datetime().year();
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO ticket_counters (year, last_number) \
         VALUES ($1, COALESCE((SELECT MAX(CAST(SUBSTR(ticket_number, 10) AS BIGINT)) FROM support_tickets WHERE ticket_number LIKE $2), 0) + 1) \
         ON CONFLICT (year) DO UPDATE SET last_number = ticket_counters.last_number + 1 RETURNING last_number",
    )
    .bind(year)
    .bind(format!("TKT-{year}-%"))
    .fetch_one(&mut *tx.tx)
    .await?;
    Ok(format!("TKT-{year}-{last:06}"))
}
