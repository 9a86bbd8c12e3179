//! Support desk rules that the provider and the desktop both apply: which
//! status changes each side may make, what a new ticket and a message must
//! hold, and what a reply does to its ticket.
//!
//! The status machine: open → in_progress → waiting_customer → resolved →
//! closed. Staff move a ticket anywhere along it and back, except out of
//! `closed`, which is final: a customer's reply to a closed ticket opens a
//! follow-up ticket pointing back ([`SupportTicket::follow_up`]). A customer
//! marks their ticket resolved or closes it, and reopens a resolved one; a
//! customer's reply to a ticket waiting on them or resolved reopens it.
//!
//! [`sla`] holds the first-response promise and the package's monthly usage;
//! [`presence`] who is on a ticket; [`canned`] the shared canned replies.

pub mod canned;
pub mod presence;
pub mod sla;

use serde::{Deserialize, Serialize};

use crate::documents::{MessageType, SupportTicket, TicketCategory, TicketPriority, TicketStatus};
use crate::{DomainName, FieldError, FieldErrors, ObjectId, Timestamp};

/// Longest subject, in characters: a line in a queue.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// Longest description or message, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most domains one ticket may name.
pub const MAX_RELATED_DOMAINS: usize = 20;

/// Who is acting on a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Support or admin staff.
    Staff,
    /// The ticket's customer (or their reseller).
    Customer,
}

impl TicketStatus {
    /// The status as people read it: "waiting on customer".
    pub fn label(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::InProgress => "in progress",
            TicketStatus::WaitingCustomer => "waiting on customer",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }

    /// The statuses `side` may move a ticket in this status to.
    pub fn next_for(self, side: Side) -> &'static [TicketStatus] {
        use TicketStatus::*;
        match (side, self) {
            (_, Closed) => &[],
            (Side::Staff, Open) => &[InProgress, WaitingCustomer, Resolved, Closed],
            (Side::Staff, InProgress) => &[Open, WaitingCustomer, Resolved, Closed],
            (Side::Staff, WaitingCustomer) => &[Open, InProgress, Resolved, Closed],
            (Side::Staff, Resolved) => &[Open, Closed],
            (Side::Customer, Open | InProgress | WaitingCustomer) => &[Resolved, Closed],
            (Side::Customer, Resolved) => &[Open, Closed],
        }
    }

    /// Refuses a move `side` may not make, naming the `status` field.
    pub fn check_move(self, to: TicketStatus, side: Side) -> Result<(), FieldError> {
        if self.next_for(side).contains(&to) {
            return Ok(());
        }
        let message = match (self, side) {
            (TicketStatus::Closed, _) => "this ticket is closed, which is final: open a new ticket".to_string(),
            (_, Side::Customer) => format!("a customer cannot move a ticket from {self} to {to}"),
            (_, Side::Staff) => format!("a ticket cannot move from {self} to {to}"),
        };
        Err(FieldError::new("status", "transition_not_allowed", message))
    }

    /// The status a reply moves the ticket to, when it moves it: a
    /// customer answering a ticket that waited on them, or was resolved,
    /// reopens it.
    pub fn after_reply(self, from_customer: bool) -> Option<TicketStatus> {
        match (from_customer, self) {
            (true, TicketStatus::WaitingCustomer | TicketStatus::Resolved) => Some(TicketStatus::Open),
            _ => None,
        }
    }
}

/// A ticket as a person opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TicketDraft {
    /// The customer the ticket is for: staff opening one on a customer's
    /// behalf name them; a customer leaves it out (it is theirs).
    #[serde(default)]
    pub customer_id: Option<ObjectId>,
    /// Not blank; at most 200 characters.
    #[schema(max_length = 200, pattern = "\\S")]
    pub subject: String,
    /// Not blank; at most 20,000 characters.
    #[schema(max_length = 20000, pattern = "\\S")]
    pub description: String,
    #[serde(default = "normal")]
    pub priority: TicketPriority,
    pub category: TicketCategory,
    #[serde(default)]
    pub subcategory: Option<String>,
    #[serde(default)]
    pub related_domains: Vec<String>,
}

fn normal() -> TicketPriority {
    TicketPriority::Normal
}

/// A ticket draft whose every field parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTicket {
    pub subject: String,
    pub description: String,
    pub priority: TicketPriority,
    pub category: TicketCategory,
    pub subcategory: Option<String>,
    pub related_domains: Vec<DomainName>,
}

/// What a new ticket holds beside its draft: who it is for and what the
/// provider gives it (its number, the package it counts against).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub id: ObjectId,
    pub customer: ObjectId,
    pub ticket_number: String,
    pub support_package_id: Option<ObjectId>,
    pub at: Timestamp,
    pub version: i64,
}

impl ValidTicket {
    /// The ticket this draft opens: open, unassigned, not yet answered.
    pub fn open(self, opening: Opening) -> SupportTicket {
        SupportTicket {
            id: opening.id,
            user_id: opening.customer,
            support_package_id: opening.support_package_id,
            ticket_number: opening.ticket_number,
            subject: self.subject,
            description: self.description,
            priority: self.priority,
            status: TicketStatus::Open,
            category: self.category,
            subcategory: self.subcategory,
            assigned_to: None,
            assigned_at: None,
            first_response_at: None,
            last_response_at: None,
            resolved_at: None,
            sla_breached: false,
            related_domains: self.related_domains,
            related_hosting_packages: Vec::new(),
            created_at: opening.at,
            updated_at: opening.at,
            version: opening.version,
        }
    }
}

impl TicketDraft {
    /// Checks the draft on its own; that the related domains are the
    /// customer's is checked against their account by the caller.
    pub fn parse(&self) -> Result<ValidTicket, FieldErrors> {
        let mut errors = FieldErrors::new();
        let subject = text(&mut errors, "subject", &self.subject, MAX_SUBJECT_CHARS);
        let description = text(&mut errors, "description", &self.description, MAX_TEXT_CHARS);
        let subcategory = self.subcategory.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        if subcategory.as_ref().is_some_and(|s| s.chars().count() > 100) {
            errors.push(FieldError::new("subcategory", "too_long", "at most 100 characters"));
        }
        if self.related_domains.len() > MAX_RELATED_DOMAINS {
            errors.push(FieldError::new("relatedDomains", "too_many", format!("at most {MAX_RELATED_DOMAINS} domains")));
        }
        let mut related_domains: Vec<DomainName> = Vec::new();
        for (i, name) in self.related_domains.iter().enumerate() {
            if let Some(domain) = errors.check(&format!("relatedDomains[{i}]"), DomainName::parse(name.trim())) {
                if !related_domains.contains(&domain) {
                    related_domains.push(domain);
                }
            }
        }
        errors.into_result()?;
        Ok(ValidTicket { subject, description, priority: self.priority, category: self.category, subcategory, related_domains })
    }
}

/// A message as a person writes it on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessageDraft {
    pub ticket_id: ObjectId,
    /// `reply` (the customer sees it) or `note` (staff only).
    pub message_type: MessageType,
    /// Not blank; at most 20,000 characters.
    #[schema(max_length = 20000, pattern = "\\S")]
    pub content: String,
    /// Staff only: minutes spent on the ticket for this message, logged
    /// against the support package the ticket counts against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_spent: Option<u32>,
    /// Files uploaded beforehand (`PUT /attachments/{id}`) by the writer,
    /// by their ids: at most [`crate::files::MAX_ATTACHMENTS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<ObjectId>,
}

impl MessageDraft {
    /// Checks the message for `side`: only staff write notes, and status
    /// changes are written by the provider, never sent.
    pub fn parse(&self, side: Side) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::new();
        match (self.message_type, side) {
            (MessageType::Reply, _) | (MessageType::Note, Side::Staff) => {}
            (MessageType::Note, Side::Customer) => {
                errors.push(FieldError::new("messageType", "staff_only", "internal notes are written by support staff"))
            }
            (MessageType::StatusChange, _) => errors.push(FieldError::new(
                "messageType",
                "not_allowed",
                "status changes are recorded when the status is changed, not sent as messages",
            )),
        }
        let content = text(&mut errors, "content", &self.content, MAX_TEXT_CHARS);
        match (self.minutes_spent, side) {
            (None | Some(0), _) => {}
            (Some(_), Side::Customer) => {
                errors.push(FieldError::new("minutesSpent", "staff_only", "support staff log the time they spend"))
            }
            (Some(minutes), Side::Staff) if minutes > sla::MAX_MINUTES_SPENT => errors.push(FieldError::new(
                "minutesSpent",
                "too_large",
                format!("at most {} minutes on one message", sla::MAX_MINUTES_SPENT),
            )),
            (Some(_), Side::Staff) => {}
        }
        if self.attachments.len() > crate::files::MAX_ATTACHMENTS {
            errors.push(FieldError::new(
                "attachments",
                "too_many",
                format!("at most {} files on one message", crate::files::MAX_ATTACHMENTS),
            ));
        }
        if let Some(twice) = self.attachments.iter().enumerate().find(|(i, id)| self.attachments[..*i].contains(id)) {
            errors.push(FieldError::new(format!("attachments[{}]", twice.0), "duplicate", "the same file is attached twice"));
        }
        errors.into_result()?;
        Ok(content)
    }
}

/// A ticket's fields a person changes; a field left out is unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TicketChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TicketStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<TicketPriority>,
    /// `null` unassigns; absent leaves the assignee as it is.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub assigned_to: Option<Option<ObjectId>>,
}

impl TicketChange {
    /// Refuses what `side` may not change from `status`, naming the field.
    pub fn check(&self, status: TicketStatus, side: Side) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.status.is_none() && self.priority.is_none() && self.assigned_to.is_none() {
            errors.push(FieldError::new("status", "empty_change", "the change changes nothing"));
        }
        if let Some(to) = self.status.filter(|to| *to != status) {
            if let Err(error) = status.check_move(to, side) {
                errors.push(error);
            }
        }
        if side == Side::Customer {
            if self.priority.is_some() {
                errors.push(FieldError::new("priority", "staff_only", "support staff set a ticket's priority"));
            }
            if self.assigned_to.is_some() {
                errors.push(FieldError::new("assignedTo", "staff_only", "support staff assign tickets"));
            }
        } else if status == TicketStatus::Closed && (self.priority.is_some() || self.assigned_to.is_some()) {
            errors.push(FieldError::new("status", "ticket_closed", "this ticket is closed, which is final"));
        }
        errors.into_result()
    }
}

/// Staff merging a duplicate ticket into another of the same customer's:
/// the duplicate's messages move into the target (keeping their times, so
/// the thread stays in order) and the duplicate closes, pointing at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TicketMerge {
    /// The ticket that stays.
    pub into_ticket_id: ObjectId,
}

impl TicketMerge {
    /// Refuses a merge of `duplicate` into `target` that cannot be made,
    /// naming `intoTicketId`.
    pub fn check(&self, duplicate: &SupportTicket, target: &SupportTicket) -> Result<(), FieldErrors> {
        let refuse = |code: &str, message: String| Err(FieldErrors(vec![FieldError::new("intoTicketId", code, message)]));
        if duplicate.id == target.id {
            return refuse("same_ticket", "a ticket cannot be merged into itself".into());
        }
        if duplicate.user_id != target.user_id {
            return refuse(
                "other_customer",
                format!("{} belongs to another customer: only one customer's tickets are merged", target.ticket_number),
            );
        }
        if target.status == TicketStatus::Closed {
            return refuse("ticket_closed", format!("{} is closed and takes no more messages", target.ticket_number));
        }
        Ok(())
    }

    /// What the target's thread says about the merge (the customer sees it,
    /// with the duplicate's own words so nothing of them is lost).
    pub fn target_note(duplicate: &SupportTicket) -> String {
        format!(
            "{} \"{}\" was merged into this ticket. Its description:\n\n{}",
            duplicate.ticket_number, duplicate.subject, duplicate.description
        )
    }

    /// What the duplicate's thread says: where its conversation went.
    pub fn duplicate_note(target: &SupportTicket) -> String {
        format!("Merged into {}: the conversation continues there.", target.ticket_number)
    }
}

impl SupportTicket {
    /// The ticket a customer's reply to this closed ticket opens: same
    /// customer, category, priority and domains, its subject marked as a
    /// follow-up and its description pointing back at this one.
    pub fn follow_up(&self, reply: &str) -> ValidTicket {
        let subject: String = format!("Follow-up: {}", self.subject).chars().take(MAX_SUBJECT_CHARS).collect();
        ValidTicket {
            subject,
            description: format!("Follow-up to {} (closed).\n\n{}", self.ticket_number, reply),
            priority: self.priority,
            category: self.category,
            subcategory: self.subcategory.clone(),
            related_domains: self.related_domains.clone(),
        }
    }
}

/// Trimmed, non-empty and at most `max` characters.
fn text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.push(FieldError::new(field, "required", format!("{field} is empty")));
    } else if trimmed.chars().count() > max {
        errors.push(FieldError::new(field, "too_long", format!("at most {max} characters")));
    }
    trimmed.to_string()
}

/// `Option<Option<T>>` that tells a field left out (`None`) from `null`
/// (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    const ALL: [TicketStatus; 5] = [Open, InProgress, WaitingCustomer, Resolved, Closed];

    #[test]
    fn every_move_is_allowed_or_refused_as_the_machine_says() {
        let staff_allowed = [
            (Open, InProgress),
            (Open, WaitingCustomer),
            (Open, Resolved),
            (Open, Closed),
            (InProgress, Open),
            (InProgress, WaitingCustomer),
            (InProgress, Resolved),
            (InProgress, Closed),
            (WaitingCustomer, Open),
            (WaitingCustomer, InProgress),
            (WaitingCustomer, Resolved),
            (WaitingCustomer, Closed),
            (Resolved, Open),
            (Resolved, Closed),
        ];
        let customer_allowed = [
            (Open, Resolved),
            (Open, Closed),
            (InProgress, Resolved),
            (InProgress, Closed),
            (WaitingCustomer, Resolved),
            (WaitingCustomer, Closed),
            (Resolved, Open),
            (Resolved, Closed),
        ];
        for from in ALL {
            for to in ALL {
                for (side, allowed) in [(Side::Staff, staff_allowed.as_slice()), (Side::Customer, customer_allowed.as_slice())] {
                    let result = from.check_move(to, side);
                    assert_eq!(result.is_ok(), allowed.contains(&(from, to)), "{side:?}: {from} → {to}");
                    if let Err(error) = result {
                        assert_eq!((error.field.as_str(), error.code.as_str()), ("status", "transition_not_allowed"));
                    }
                }
            }
        }
        assert!(Closed.check_move(Open, Side::Staff).unwrap_err().message.contains("final"));
    }

    #[test]
    fn a_customer_reply_reopens_a_ticket_waiting_on_them_or_resolved() {
        for status in ALL {
            let expected = matches!(status, WaitingCustomer | Resolved).then_some(Open);
            assert_eq!(status.after_reply(true), expected, "{status}");
            assert_eq!(status.after_reply(false), None, "a staff reply leaves {status} as it is");
        }
    }

    fn draft() -> TicketDraft {
        TicketDraft {
            customer_id: None,
            subject: "  Site down  ".into(),
            description: "It answers 502 since noon.".into(),
            priority: TicketPriority::High,
            category: TicketCategory::Technical,
            subcategory: Some(" ".into()),
            related_domains: vec!["Example.COM".into(), "example.com".into()],
        }
    }

    #[test]
    fn a_draft_is_trimmed_and_its_domains_parsed_once_each() {
        let valid = draft().parse().unwrap();
        assert_eq!(valid.subject, "Site down");
        assert_eq!(valid.subcategory, None);
        assert_eq!(valid.related_domains.iter().map(|d| d.as_str()).collect::<Vec<_>>(), ["example.com"]);
    }

    #[test]
    fn a_bad_draft_names_each_field() {
        let bad = TicketDraft {
            subject: "x".repeat(MAX_SUBJECT_CHARS + 1),
            description: "   ".into(),
            related_domains: vec!["not a domain".into()],
            ..draft()
        };
        let fields: Vec<String> = bad.parse().unwrap_err().0.into_iter().map(|e| format!("{}:{}", e.field, e.code)).collect();
        assert_eq!(fields.len(), 3, "{fields:?}");
        assert!(fields.contains(&"subject:too_long".to_string()) && fields.contains(&"description:required".to_string()), "{fields:?}");
        assert!(fields.iter().any(|f| f.starts_with("relatedDomains[0]:")), "{fields:?}");
    }

    #[test]
    fn only_staff_write_notes_and_nobody_sends_a_status_change() {
        let message = |message_type| MessageDraft {
            ticket_id: ObjectId::new(),
            message_type,
            content: " Thanks! ".into(),
            minutes_spent: None,
            attachments: Vec::new(),
        };
        assert_eq!(message(MessageType::Reply).parse(Side::Customer).unwrap(), "Thanks!");
        assert_eq!(message(MessageType::Note).parse(Side::Staff).unwrap(), "Thanks!");
        assert_eq!(message(MessageType::Note).parse(Side::Customer).unwrap_err().0[0].code, "staff_only");
        assert_eq!(message(MessageType::StatusChange).parse(Side::Staff).unwrap_err().0[0].code, "not_allowed");
        let empty = MessageDraft { content: "\n".into(), ..message(MessageType::Reply) };
        assert_eq!(empty.parse(Side::Staff).unwrap_err().0[0].field, "content");
        let timed = |minutes| MessageDraft { minutes_spent: Some(minutes), ..message(MessageType::Reply) };
        assert!(timed(15).parse(Side::Staff).is_ok());
        assert_eq!(timed(15).parse(Side::Customer).unwrap_err().0[0].code, "staff_only");
        assert_eq!(timed(sla::MAX_MINUTES_SPENT + 1).parse(Side::Staff).unwrap_err().0[0].field, "minutesSpent");
        let with = |attachments: Vec<ObjectId>| MessageDraft { attachments, ..message(MessageType::Reply) };
        let file = ObjectId::new();
        assert!(with(vec![file]).parse(Side::Customer).is_ok());
        assert_eq!(with(vec![file, file]).parse(Side::Customer).unwrap_err().0[0].field, "attachments[1]");
        let many = (0..=crate::files::MAX_ATTACHMENTS).map(|_| ObjectId::new()).collect();
        assert_eq!(with(many).parse(Side::Staff).unwrap_err().0[0].code, "too_many");
    }

    #[test]
    fn a_change_tells_unassign_from_unchanged_and_keeps_customers_to_status() {
        let unassign: TicketChange = serde_json::from_str(r#"{"assignedTo": null}"#).unwrap();
        assert_eq!(unassign.assigned_to, Some(None));
        assert_eq!(serde_json::to_string(&unassign).unwrap(), r#"{"assignedTo":null}"#);
        let unchanged: TicketChange = serde_json::from_str(r#"{"status": "resolved"}"#).unwrap();
        assert_eq!(unchanged.assigned_to, None);
        assert!(unchanged.check(Open, Side::Customer).is_ok());
        let fields = |change: TicketChange, side| change.check(Open, side).unwrap_err().0.into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(
            fields(TicketChange { priority: Some(TicketPriority::Urgent), ..unassign.clone() }, Side::Customer),
            ["priority", "assignedTo"]
        );
        assert_eq!(fields(TicketChange::default(), Side::Staff), ["status"]);
        assert!(serde_json::from_str::<TicketChange>(r#"{"stauts": "open"}"#).is_err(), "unknown fields are refused");
    }
}
