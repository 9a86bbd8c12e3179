//! The support desk: tickets (`/support-tickets/{id}`: PUT opens one with
//! a client-made id, PATCH changes status, priority and assignee, GET;
//! `/support-tickets/{id}/merge` merges a duplicate into another) and
//! their messages (`/support-messages/{id}`: PUT writes a reply or an
//! internal note; `/support-tickets/{id}/messages` lists the thread), and
//! the files attached to them (`/attachments/{id}`).
//!
//! The rules both sides apply are `hjs_model::support`'s. Internal notes are
//! staff only by construction: they are stored with `internal = 1`, which
//! every customer scope excludes (see `Scope::owner_clause`), and their
//! change-log rows and audit records have the staff audience.
//!
//! # Layout
//!
//! - [`tickets`]: opening, changing and reading tickets; ticket numbers.
//! - [`messages`]: replies, notes and status-change messages; time spent.
//! - [`merge`]: a duplicate ticket merged into another.
//! - [`jobs`]: SLA breaches and the packages' monthly usage reset.
//! - [`mail`]: e-mail to the customer on staff replies and status changes.
//! - [`presence`]: who is viewing or typing on a ticket (memory only).
//! - [`attachments`]: files uploaded for, and served with, messages.
//! - [`canned`]: the staff's shared canned replies.

pub mod attachments;
pub mod canned;
pub mod jobs;
pub mod mail;
pub mod merge;
pub mod messages;
pub mod presence;
pub mod tickets;

use axum::routing::{get, post, put};
use axum::Router;
use hjs_model::documents::{SupportTicket, User, UserRole};
use hjs_model::support::Side;
use hjs_model::ObjectId;

use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::scope::{Principal, Scope};
use crate::store::fetch_one;
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/support-tickets/{id}", put(tickets::open).patch(tickets::change).get(tickets::get_one))
        .route("/support-tickets/{id}/messages", get(messages::list))
        .route("/support-tickets/{id}/merge", post(merge::merge))
        .route("/support-tickets/{id}/presence", put(presence::announce))
        .route("/canned-replies/{id}", put(canned::create).patch(canned::update).delete(canned::delete))
        .route("/support-messages/{id}", put(messages::post))
        .route("/attachments/{id}", put(attachments::upload).get(attachments::download))
}

/// Which side of the desk the caller is on.
fn side_of(principal: &Principal) -> Side {
    if principal.is_staff() {
        Side::Staff
    } else {
        Side::Customer
    }
}

/// The ticket, if the caller sees it (404 otherwise).
async fn visible_ticket(tx: &mut WriteTx, principal: &Principal, id: ObjectId) -> ApiResult<SupportTicket> {
    fetch_one(&mut tx.tx, &principal.scope(), id).await
}

/// A person's account, read as staff see it.
async fn user(tx: &mut WriteTx, id: ObjectId) -> ApiResult<User> {
    fetch_one(&mut tx.tx, &Scope::Staff, id).await
}

/// Whether `role` may be a ticket's assignee.
fn can_be_assigned(role: UserRole) -> bool {
    role.is_staff()
}
