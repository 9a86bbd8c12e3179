//! What an outbox entry does. Each kind of edit knows the documents it
//! touches, how it looks applied to each of them at once (optimistically,
//! as the provider will apply it), the provider request that carries it,
//! what the provider's answer says is now stored, and how to describe
//! itself to people. Input is checked with `hjs-model`, the rules the
//! provider applies, before anything is queued.
//!
//! The edits of a business area live in that area's module
//! ([`crate::dns::operations`], [`crate::email_forwarding::operations`]);
//! this enum is the one list the outbox stores and dispatches on.

use hjs_model::documents::{Domain, DomainSettings, Notification};
use hjs_model::Collection;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dns::operations::DnsPlanEdit;
use crate::email_forwarding::operations::{ForwardCreate, ForwardDelete, ForwardUpdate};
use crate::error::{ClientError, Result};
use crate::support::canned::{CannedReplyDelete, CannedReplySave};
use crate::support::operations::{MessagePost, TicketMergeEdit, TicketOpen, TicketUpdate};

/// One cached document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocRef {
    pub collection: Collection,
    pub id: String,
}

impl DocRef {
    pub fn new(collection: Collection, id: impl Into<String>) -> DocRef {
        DocRef { collection, id: id.into() }
    }
}

/// How a queued edit guards against overwriting someone else's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// `If-Match: <version>`: replace only that version.
    IfMatch(i64),
    /// `If-None-Match: *`: create only if absent.
    IfNoneMatch,
    /// The body carries its own versions (a DNS plan).
    InBody,
}

/// The provider request that carries an edit.
#[derive(Debug, Clone)]
pub struct ProviderRequest {
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
    pub precondition: Precondition,
}

/// What the provider's answer to an edit says is now stored.
#[derive(Debug, Clone)]
pub enum ServerChange {
    Upsert(Collection, Value),
    Delete(DocRef),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Operation {
    /// `PATCH /domains/{id}`: auto-renew, privacy, lock, name servers.
    #[serde(rename_all = "camelCase")]
    DomainSettings { settings: DomainSettings },
    /// `PUT /notifications/{id}/read`.
    #[serde(rename_all = "camelCase")]
    NotificationRead { is_read: bool },
    /// `POST /domains/{id}/dns-plans`: edits to one zone, all or nothing.
    DnsPlan(DnsPlanEdit),
    /// `PUT /email-forwardings/{id}` with `If-None-Match: *`.
    ForwardCreate(ForwardCreate),
    /// `PATCH /email-forwardings/{id}`.
    ForwardUpdate(ForwardUpdate),
    /// `DELETE /email-forwardings/{id}`.
    ForwardDelete(ForwardDelete),
    /// `PUT /support-tickets/{id}` with `If-None-Match: *`.
    TicketOpen(TicketOpen),
    /// `PATCH /support-tickets/{id}`: status, priority, assignee.
    TicketUpdate(TicketUpdate),
    /// `PUT /support-messages/{id}` with `If-None-Match: *`: a reply or a note.
    MessagePost(MessagePost),
    /// `POST /support-tickets/{id}/merge`: a duplicate into another ticket.
    TicketMerge(TicketMergeEdit),
    /// `PUT` (new) or `PATCH /canned-replies/{id}`.
    CannedReplySave(CannedReplySave),
    /// `DELETE /canned-replies/{id}`.
    CannedReplyDelete(CannedReplyDelete),
}

impl Operation {
    /// The collection of the document the entry is filed under (a DNS
    /// plan is filed under its domain).
    pub fn collection(&self) -> Collection {
        match self {
            Operation::DomainSettings { .. } | Operation::DnsPlan(_) => Collection::Domains,
            Operation::NotificationRead { .. } => Collection::Notifications,
            Operation::ForwardCreate(_) | Operation::ForwardUpdate(_) | Operation::ForwardDelete(_) => Collection::EmailForwardings,
            Operation::TicketOpen(_) | Operation::TicketUpdate(_) | Operation::TicketMerge(_) => Collection::SupportTickets,
            Operation::MessagePost(_) => Collection::SupportMessages,
            Operation::CannedReplySave(_) | Operation::CannedReplyDelete(_) => Collection::CannedReplies,
        }
    }

    /// Every cached document this edit changes. `doc_id` is the document
    /// the entry is filed under.
    /// Whether files go up before this edit (a message with attachments).
    pub fn carries_files(&self) -> bool {
        matches!(self, Operation::MessagePost(post) if !post.draft.attachments.is_empty())
    }

    pub fn touches(&self, doc_id: &str) -> Vec<DocRef> {
        match self {
            Operation::DnsPlan(edit) => edit.touches(),
            Operation::MessagePost(edit) => edit.touches(doc_id),
            Operation::TicketMerge(edit) => edit.touches(doc_id),
            other => vec![DocRef::new(other.collection(), doc_id)],
        }
    }

    /// Whether this edit makes its document (so it must not exist yet).
    pub fn creates(&self) -> bool {
        matches!(self, Operation::ForwardCreate(_) | Operation::TicketOpen(_) | Operation::MessagePost(_))
            || matches!(self, Operation::CannedReplySave(save) if save.creating)
    }

    /// Whether this edit removes `doc`.
    pub fn deletes(&self, doc: &DocRef) -> bool {
        match self {
            Operation::DnsPlan(edit) => edit.deletes(doc),
            Operation::ForwardDelete(_) => doc.collection == Collection::EmailForwardings,
            Operation::CannedReplyDelete(_) => doc.collection == Collection::CannedReplies,
            _ => false,
        }
    }

    /// Refuses what the provider would refuse, naming the field.
    pub fn validate(&self) -> Result<()> {
        match self {
            Operation::DomainSettings { settings } => settings.parse().map(|_| ()).map_err(ClientError::Invalid),
            Operation::NotificationRead { .. } => Ok(()),
            Operation::DnsPlan(edit) => edit.validate(),
            Operation::ForwardCreate(edit) => edit.validate(),
            Operation::ForwardUpdate(edit) => edit.validate(),
            Operation::ForwardDelete(_) => Ok(()),
            Operation::TicketOpen(edit) => edit.validate(),
            // Checked against the cached tickets when it is queued.
            Operation::TicketUpdate(_) | Operation::TicketMerge(_) => Ok(()),
            Operation::MessagePost(edit) => edit.validate(),
            Operation::CannedReplySave(edit) => edit.validate(),
            Operation::CannedReplyDelete(_) => Ok(()),
        }
    }

    /// The provider request that carries this edit; `base_version` is the
    /// provider's version of the filed-under document it was made on.
    pub fn request(&self, doc_id: &str, base_version: i64) -> ProviderRequest {
        let if_match = Precondition::IfMatch(base_version);
        let json = |value: Value| Some(value);
        match self {
            Operation::DomainSettings { settings } => ProviderRequest {
                method: Method::PATCH,
                path: format!("/domains/{doc_id}"),
                body: json(serde_json::to_value(settings).unwrap_or(Value::Null)),
                precondition: if_match,
            },
            Operation::NotificationRead { is_read } => ProviderRequest {
                method: Method::PUT,
                path: format!("/notifications/{doc_id}/read"),
                body: json(serde_json::json!({ "isRead": is_read })),
                precondition: if_match,
            },
            Operation::DnsPlan(edit) => edit.request(),
            Operation::ForwardCreate(edit) => edit.request(doc_id),
            Operation::ForwardUpdate(edit) => edit.request(doc_id, base_version),
            Operation::ForwardDelete(_) => {
                ProviderRequest { method: Method::DELETE, path: format!("/email-forwardings/{doc_id}"), body: None, precondition: if_match }
            }
            Operation::TicketOpen(edit) => edit.request(doc_id),
            Operation::TicketUpdate(edit) => edit.request(doc_id, base_version),
            Operation::MessagePost(edit) => edit.request(doc_id),
            Operation::TicketMerge(edit) => edit.request(doc_id, base_version),
            Operation::CannedReplySave(edit) => edit.request(doc_id, base_version),
            Operation::CannedReplyDelete(_) => {
                ProviderRequest { method: Method::DELETE, path: format!("/canned-replies/{doc_id}"), body: None, precondition: if_match }
            }
        }
    }

    /// Document `doc` with this edit applied, as the provider will apply it
    /// (`None`: the edit removes it, or it does not exist). Version and
    /// times stay the provider's to set.
    pub fn apply(&self, doc: &DocRef, body: Option<&str>) -> Result<Option<String>> {
        let encoded = match self {
            Operation::DomainSettings { settings } => {
                let Some(body) = body else { return Ok(None) };
                let mut domain: Domain = decode(body)?;
                settings.parse().map_err(ClientError::Invalid)?.apply(&mut domain);
                serde_json::to_string(&domain)
            }
            Operation::NotificationRead { is_read } => {
                let Some(body) = body else { return Ok(None) };
                let mut notification: Notification = decode(body)?;
                notification.is_read = *is_read;
                serde_json::to_string(&notification)
            }
            Operation::DnsPlan(edit) => return edit.apply(doc, body),
            Operation::ForwardCreate(edit) => return edit.apply(doc, body),
            Operation::ForwardUpdate(edit) => return edit.apply(body),
            Operation::ForwardDelete(_) => return Ok(None),
            Operation::TicketOpen(edit) => return edit.apply(doc),
            Operation::TicketUpdate(edit) => return edit.apply(body),
            Operation::MessagePost(edit) => return edit.apply(doc, body),
            Operation::TicketMerge(edit) => return edit.apply(doc, body),
            Operation::CannedReplySave(edit) => return edit.apply(doc, body),
            Operation::CannedReplyDelete(_) => return Ok(None),
        };
        Ok(Some(encoded.map_err(anyhow::Error::from)?))
    }

    /// What the provider's answer (`Null` for 204) says is now stored.
    pub fn settle(&self, doc_id: &str, answer: Value) -> Result<Vec<ServerChange>> {
        match self {
            Operation::DnsPlan(edit) => edit.settle(answer),
            Operation::MessagePost(edit) => edit.settle(answer),
            Operation::TicketMerge(edit) => edit.settle(answer),
            Operation::ForwardDelete(_) => Ok(vec![ServerChange::Delete(DocRef::new(Collection::EmailForwardings, doc_id))]),
            Operation::CannedReplyDelete(_) => Ok(vec![ServerChange::Delete(DocRef::new(Collection::CannedReplies, doc_id))]),
            other => Ok(vec![ServerChange::Upsert(other.collection(), answer)]),
        }
    }

    /// Re-bases the edit of `doc` from provider version `from` to `to`
    /// (an earlier entry of ours was accepted and moved it). Answers whether
    /// anything changed. Single-document edits keep their base in the
    /// entry's `base_version` instead.
    pub fn rebase(&mut self, doc: &DocRef, from: i64, to: i64) -> bool {
        match self {
            Operation::DnsPlan(edit) => edit.rebase(doc, from, to),
            _ => false,
        }
    }

    /// The document a 412 answer is about: the plan's change the provider
    /// named (`changes[3]`), else the filed-under document.
    pub fn stale_doc(&self, doc_id: &str, problem: &crate::api::Problem) -> DocRef {
        match self {
            Operation::DnsPlan(edit) => edit.stale_doc(problem).unwrap_or_else(|| DocRef::new(Collection::Domains, doc_id)),
            other => DocRef::new(other.collection(), doc_id),
        }
    }

    /// "Keep mine" after a conflict on `doc`, whose provider version is now
    /// `theirs` (`None`: deleted). `None` when nothing of the edit is left
    /// to send (it only deleted what is already gone).
    pub fn keep_mine(self, doc: &DocRef, theirs: Option<&Value>) -> Option<Operation> {
        match self {
            Operation::DnsPlan(edit) => edit.keep_mine(doc, theirs).map(Operation::DnsPlan),
            other => Some(other),
        }
    }

    /// A short description for people: "auto-renew off, transfer lock on".
    pub fn describe(&self) -> String {
        let on_off = |value: bool| if value { "on" } else { "off" };
        match self {
            Operation::DomainSettings { settings } => {
                let mut parts = Vec::new();
                if let Some(value) = settings.auto_renew {
                    parts.push(format!("auto-renew {}", on_off(value)));
                }
                if let Some(value) = settings.whois_privacy {
                    parts.push(format!("WHOIS privacy {}", on_off(value)));
                }
                if let Some(value) = settings.transfer_lock {
                    parts.push(format!("transfer lock {}", on_off(value)));
                }
                if let Some(list) = &settings.nameservers {
                    parts.push(format!("name servers {}", list.join(", ")));
                }
                if settings.use_default_nameservers == Some(true) {
                    parts.push("default name servers".into());
                }
                parts.join(", ")
            }
            Operation::NotificationRead { is_read } => if *is_read { "mark read" } else { "mark unread" }.into(),
            Operation::DnsPlan(edit) => edit.describe(),
            Operation::ForwardCreate(edit) => edit.describe(),
            Operation::ForwardUpdate(edit) => edit.describe(),
            Operation::ForwardDelete(edit) => edit.describe(),
            Operation::TicketOpen(edit) => edit.describe(),
            Operation::TicketUpdate(edit) => edit.describe(),
            Operation::MessagePost(edit) => edit.describe(),
            Operation::TicketMerge(edit) => edit.describe(),
            Operation::CannedReplySave(edit) => edit.describe(),
            Operation::CannedReplyDelete(edit) => edit.describe(),
        }
    }
}

pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &str) -> Result<T> {
    Ok(serde_json::from_str(body).map_err(|e| anyhow::anyhow!("cached document does not decode: {e}"))?)
}

/// One field of a conflict: what the provider has now beside this edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictField {
    pub field: String,
    pub theirs: String,
    pub mine: String,
}

/// A provider value as text: strings bare, lists joined, the rest as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Field by field, for a conflict on document `doc_id`: what the provider
/// has now (`theirs`; `None` when they deleted it) beside this edit.
pub fn conflict_fields(operation: &Operation, doc_id: &str, theirs: Option<&Value>) -> Vec<ConflictField> {
    let none = Value::Null;
    let theirs = theirs.unwrap_or(&none);
    let mut rows = Vec::new();
    let mut row = |field: &str, mine: String| {
        let their_text = if theirs.is_null() { "(deleted)".to_string() } else { text(&theirs[field]) };
        rows.push(ConflictField { field: field.to_string(), theirs: their_text, mine });
    };
    match operation {
        Operation::DomainSettings { settings } => {
            if let Some(value) = settings.auto_renew {
                row("autoRenew", value.to_string());
            }
            if let Some(value) = settings.whois_privacy {
                row("whoisPrivacy", value.to_string());
            }
            if let Some(value) = settings.transfer_lock {
                row("transferLock", value.to_string());
            }
            if let Some(list) = &settings.nameservers {
                row("nameservers", list.join(", "));
            }
            if settings.use_default_nameservers == Some(true) {
                row("useDefaultNameservers", "true".into());
            }
        }
        Operation::NotificationRead { is_read } => row("isRead", is_read.to_string()),
        Operation::DnsPlan(edit) => match edit.plan.changes.iter().find(|c| c.id().to_string() == doc_id) {
            Some(hjs_model::dns::PlanChange::Create { record, .. } | hjs_model::dns::PlanChange::Update { record, .. }) => {
                row("type", record.record_type.to_string());
                row("name", record.name.clone());
                row("value", record.value.clone());
                row("ttl", record.ttl.to_string());
                row("priority", record.priority.map(|p| p.to_string()).unwrap_or_else(|| "(none)".into()));
                row("isActive", record.is_active.to_string());
            }
            Some(hjs_model::dns::PlanChange::Delete { .. }) => row("value", "(removed)".into()),
            None => {}
        },
        Operation::ForwardCreate(ForwardCreate { draft, .. }) | Operation::ForwardUpdate(ForwardUpdate { draft, .. }) => {
            row("fromEmail", draft.from_email.clone());
            row("toEmails", draft.to_emails.join(", "));
            row("isActive", draft.is_active.to_string());
        }
        Operation::ForwardDelete(_) => row("fromEmail", "(removed)".into()),
        Operation::TicketOpen(TicketOpen { draft, .. }) => row("subject", draft.subject.clone()),
        Operation::TicketUpdate(TicketUpdate { change, assignee_name, .. }) => {
            if let Some(status) = change.status {
                row("status", status.to_string());
            }
            if let Some(priority) = change.priority {
                row("priority", priority.to_string());
            }
            if let Some(assignee) = &change.assigned_to {
                row("assignedTo", assignee_name.clone().or_else(|| assignee.map(|a| a.to_string())).unwrap_or_else(|| "(none)".into()));
            }
        }
        Operation::MessagePost(MessagePost { draft, .. }) => row("content", draft.content.clone()),
        Operation::TicketMerge(edit) => row("status", format!("closed, merged into {}", edit.target_number)),
        Operation::CannedReplySave(edit) => {
            row("title", edit.draft.title.clone());
            row("content", edit.draft.content.clone());
        }
        Operation::CannedReplyDelete(_) => row("title", "(removed)".into()),
    }
    rows
}
