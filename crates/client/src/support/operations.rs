//! Support desk edits as queued in the outbox: opening a ticket, changing
//! its status, priority or assignee, writing a reply or a note, and merging
//! a duplicate into another ticket. Each is one request; new tickets and
//! messages carry the id the desktop gave them, so the optimistic row is
//! already final and a replay harmless.

use hjs_model::documents::{Attachment, MessageType, StaffInfo, StatusChange, SupportMessage, SupportTicket, TicketStatus};
use hjs_model::support::{MessageDraft, Opening, Side, TicketChange, TicketDraft, TicketMerge};
use hjs_model::{Collection, ObjectId, Timestamp};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ClientError, Result};
use crate::outbox::operation::{decode, DocRef, Precondition, ProviderRequest, ServerChange};

/// What a queued ticket shows as its number until the provider gives it one.
pub const PENDING_NUMBER: &str = "(new)";

/// A new ticket; `customer` is whom it is for, as the provider will
/// record it (the draft names them only when staff open it on their behalf).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketOpen {
    pub customer: ObjectId,
    pub draft: TicketDraft,
}

impl TicketOpen {
    pub fn validate(&self) -> Result<()> {
        self.draft.parse().map(drop).map_err(ClientError::Invalid)
    }

    pub fn request(&self, id: &str) -> ProviderRequest {
        ProviderRequest {
            method: Method::PUT,
            path: format!("/support-tickets/{id}"),
            body: Some(serde_json::to_value(&self.draft).unwrap_or_default()),
            precondition: Precondition::IfNoneMatch,
        }
    }

    pub fn apply(&self, doc: &DocRef) -> Result<Option<String>> {
        let valid = self.draft.parse().map_err(ClientError::Invalid)?;
        let opening = Opening {
            id: ObjectId::parse(&doc.id).map_err(|e| anyhow::anyhow!("ticket id: {e}"))?,
            customer: self.customer,
            ticket_number: PENDING_NUMBER.into(),
            support_package_id: None,
            at: Timestamp::now(),
            version: 0,
        };
        let ticket = valid.open(opening);
        Ok(Some(serde_json::to_string(&ticket).map_err(anyhow::Error::from)?))
    }

    pub fn describe(&self) -> String {
        format!("open ticket “{}”", self.draft.subject.trim())
    }
}

/// A change of a ticket's status, priority or assignee, checked for the
/// side of the desk the person is on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketUpdate {
    pub change: TicketChange,
    pub staff: bool,
    /// The assignee's name, to describe the change.
    #[serde(default)]
    pub assignee_name: Option<String>,
}

impl TicketUpdate {
    fn side(&self) -> Side {
        if self.staff {
            Side::Staff
        } else {
            Side::Customer
        }
    }

    /// Checked against the ticket as the cache holds it.
    pub fn validate_against(&self, ticket: &SupportTicket) -> Result<()> {
        self.change.check(ticket.status, self.side()).map_err(ClientError::Invalid)
    }

    pub fn request(&self, id: &str, base_version: i64) -> ProviderRequest {
        ProviderRequest {
            method: Method::PATCH,
            path: format!("/support-tickets/{id}"),
            body: Some(serde_json::to_value(&self.change).unwrap_or_default()),
            precondition: Precondition::IfMatch(base_version),
        }
    }

    pub fn apply(&self, current: Option<&str>) -> Result<Option<String>> {
        let Some(current) = current else { return Ok(None) };
        let mut ticket: SupportTicket = decode(current)?;
        let now = Timestamp::now();
        if let Some(priority) = self.change.priority {
            ticket.priority = priority;
        }
        if let Some(assignee) = self.change.assigned_to {
            if ticket.assigned_to != assignee {
                ticket.assigned_to = assignee;
                ticket.assigned_at = assignee.map(|_| now);
            }
        }
        if let Some(status) = self.change.status {
            ticket.status = status;
            ticket.resolved_at = match status {
                TicketStatus::Resolved | TicketStatus::Closed => ticket.resolved_at.or(Some(now)),
                _ => None,
            };
        }
        ticket.updated_at = now;
        Ok(Some(serde_json::to_string(&ticket).map_err(anyhow::Error::from)?))
    }

    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(status) = self.change.status {
            parts.push(format!("status {}", status.label()));
        }
        if let Some(priority) = self.change.priority {
            parts.push(format!("priority {priority}"));
        }
        match (&self.change.assigned_to, &self.assignee_name) {
            (Some(Some(_)), Some(name)) => parts.push(format!("assign to {name}")),
            (Some(Some(id)), None) => parts.push(format!("assign to {id}")),
            (Some(None), _) => parts.push("unassign".into()),
            (None, _) => {}
        }
        parts.join(", ")
    }
}

/// A reply or an internal note; `author` and `staff_info` are how the
/// provider will sign it, shown while it waits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagePost {
    pub draft: MessageDraft,
    pub author: ObjectId,
    /// The ticket's number, to describe the message.
    pub ticket_number: String,
    #[serde(default)]
    pub staff_info: Option<StaffInfo>,
    /// The staged files the draft names, as the message shows them while
    /// it waits (the push uploads them first: `support::attachments`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<Attachment>,
}

impl MessagePost {
    fn side(&self) -> Side {
        if self.staff_info.is_some() {
            Side::Staff
        } else {
            Side::Customer
        }
    }

    pub fn validate(&self) -> Result<()> {
        self.draft.parse(self.side()).map(drop).map_err(ClientError::Invalid)
    }

    pub fn request(&self, id: &str) -> ProviderRequest {
        ProviderRequest {
            method: Method::PUT,
            path: format!("/support-messages/{id}"),
            body: Some(serde_json::to_value(&self.draft).unwrap_or_default()),
            precondition: Precondition::IfNoneMatch,
        }
    }

    /// The message, and its ticket: a reply moves the ticket's response
    /// times or reopens it, so later edits of the ticket are based on the
    /// version the provider answers with.
    pub fn touches(&self, doc_id: &str) -> Vec<DocRef> {
        vec![DocRef::new(Collection::SupportMessages, doc_id), DocRef::new(Collection::SupportTickets, self.draft.ticket_id.to_string())]
    }

    pub fn apply(&self, doc: &DocRef, body: Option<&str>) -> Result<Option<String>> {
        if doc.collection == Collection::SupportTickets {
            let Some(body) = body else { return Ok(None) };
            let mut ticket: SupportTicket = decode(body)?;
            if self.draft.message_type == MessageType::Reply {
                let now = Timestamp::now();
                if self.staff_info.is_some() {
                    ticket.first_response_at = ticket.first_response_at.or(Some(now));
                    ticket.last_response_at = Some(now);
                } else if let Some(to) = ticket.status.after_reply(true) {
                    ticket.status = to;
                    ticket.resolved_at = None;
                }
                ticket.updated_at = now;
            }
            return Ok(Some(serde_json::to_string(&ticket).map_err(anyhow::Error::from)?));
        }
        let content = self.draft.parse(self.side()).map_err(ClientError::Invalid)?;
        let now = Timestamp::now();
        let staff = self.staff_info.is_some();
        let message = SupportMessage {
            id: ObjectId::parse(&doc.id).map_err(|e| anyhow::anyhow!("message id: {e}"))?,
            ticket_id: self.draft.ticket_id,
            user_id: (!staff).then_some(self.author),
            content,
            message_type: self.draft.message_type,
            is_from_customer: !staff,
            attachments: self.files.clone(),
            staff_info: self.staff_info.clone(),
            status_change: None::<StatusChange>,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        Ok(Some(serde_json::to_string(&message).map_err(anyhow::Error::from)?))
    }

    /// The provider answers with the message and its ticket.
    pub fn settle(&self, answer: Value) -> Result<Vec<ServerChange>> {
        #[derive(Deserialize)]
        struct Answer {
            message: Value,
            ticket: Value,
        }
        let answer: Answer = serde_json::from_value(answer).map_err(|e| anyhow::anyhow!("the provider's answer to a message: {e}"))?;
        Ok(vec![
            ServerChange::Upsert(Collection::SupportMessages, answer.message),
            ServerChange::Upsert(Collection::SupportTickets, answer.ticket),
        ])
    }

    pub fn describe(&self) -> String {
        let kind = if self.draft.message_type == MessageType::Note { "internal note" } else { "reply" };
        let mut preview: String = self.draft.content.trim().chars().take(60).collect();
        if self.draft.content.trim().chars().count() > 60 {
            preview.push('…');
        }
        format!("{kind} on {}: {preview}", self.ticket_number)
    }
}

/// Staff merging the filed-under ticket (the duplicate) into another; the
/// duplicate's messages as the cache held them when it was queued move
/// with it (the provider moves any that arrive meanwhile too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketMergeEdit {
    pub merge: TicketMerge,
    pub messages: Vec<ObjectId>,
    /// The two tickets' numbers, to describe the merge.
    pub duplicate_number: String,
    pub target_number: String,
}

impl TicketMergeEdit {
    pub fn request(&self, id: &str, base_version: i64) -> ProviderRequest {
        ProviderRequest {
            method: Method::POST,
            path: format!("/support-tickets/{id}/merge"),
            body: Some(serde_json::to_value(&self.merge).unwrap_or_default()),
            precondition: Precondition::IfMatch(base_version),
        }
    }

    pub fn touches(&self, doc_id: &str) -> Vec<DocRef> {
        let mut docs = vec![
            DocRef::new(Collection::SupportTickets, doc_id),
            DocRef::new(Collection::SupportTickets, self.merge.into_ticket_id.to_string()),
        ];
        docs.extend(self.messages.iter().map(|id| DocRef::new(Collection::SupportMessages, id.to_string())));
        docs
    }

    /// The duplicate closes, its messages show in the target's thread.
    pub fn apply(&self, doc: &DocRef, body: Option<&str>) -> Result<Option<String>> {
        let Some(body) = body else { return Ok(None) };
        let now = Timestamp::now();
        let encoded = if doc.collection == Collection::SupportMessages {
            let mut message: SupportMessage = decode(body)?;
            message.ticket_id = self.merge.into_ticket_id;
            serde_json::to_string(&message)
        } else {
            let mut ticket: SupportTicket = decode(body)?;
            if ticket.id != self.merge.into_ticket_id && ticket.status != TicketStatus::Closed {
                ticket.status = TicketStatus::Closed;
                ticket.resolved_at = ticket.resolved_at.or(Some(now));
            }
            ticket.updated_at = now;
            serde_json::to_string(&ticket)
        };
        Ok(Some(encoded.map_err(anyhow::Error::from)?))
    }

    /// The provider answers with both tickets and every message it moved or wrote.
    pub fn settle(&self, answer: Value) -> Result<Vec<ServerChange>> {
        #[derive(Deserialize)]
        struct Answer {
            duplicate: Value,
            target: Value,
            messages: Vec<Value>,
        }
        let answer: Answer = serde_json::from_value(answer).map_err(|e| anyhow::anyhow!("the provider's answer to a merge: {e}"))?;
        let mut changes = vec![
            ServerChange::Upsert(Collection::SupportTickets, answer.duplicate),
            ServerChange::Upsert(Collection::SupportTickets, answer.target),
        ];
        changes.extend(answer.messages.into_iter().map(|message| ServerChange::Upsert(Collection::SupportMessages, message)));
        Ok(changes)
    }

    pub fn describe(&self) -> String {
        format!("merge {} into {}", self.duplicate_number, self.target_number)
    }
}
