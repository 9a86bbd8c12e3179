//! Who has a ticket open and who is typing on it: what the provider's
//! event stream tells support staff, so two people do not answer the same
//! customer at once. Never stored: it lives in the providers' memory and
//! fades when its owner stops saying they are there.

use serde::{Deserialize, Serialize};

use crate::ObjectId;

/// What a person is doing on a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PresenceState {
    Viewing,
    Typing,
    /// Closed the ticket (or the app): gone at once rather than fading.
    Left,
}

/// A staff member's word about a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PresenceUpdate {
    pub state: PresenceState,
}

/// One person on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PresentPerson {
    pub user_id: ObjectId,
    pub name: String,
    /// `viewing` or `typing`.
    pub state: PresenceState,
}

/// Everyone on a ticket now, sorted by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TicketPresence {
    pub ticket_id: ObjectId,
    pub people: Vec<PresentPerson>,
}
