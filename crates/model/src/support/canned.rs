//! Canned replies: the support desk's shared library of answers, written by
//! staff and visible to staff only. A reply's text may name the ticket's
//! customer, number and domain as variables, filled in when it is inserted.

use serde::{Deserialize, Serialize};

use super::{text, MAX_TEXT_CHARS};
use crate::documents::Document;
use crate::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};

/// Longest title, in characters: a line in the picker.
pub const MAX_TITLE_CHARS: usize = 100;

/// The variables a canned reply may use, as written in it.
pub const VARIABLES: [&str; 5] = ["{{customer.firstName}}", "{{customer.name}}", "{{ticket.number}}", "{{ticket.subject}}", "{{domain}}"];

/// A canned reply as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CannedReply {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub title: String,
    pub content: String,
    /// The staff member who wrote it.
    pub created_by: ObjectId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

impl Document for CannedReply {
    const COLLECTION: Collection = Collection::CannedReplies;
    fn id(&self) -> ObjectId {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
    /// Filed under its author, a staff member: no customer's view holds it.
    fn owner_id(&self) -> Option<ObjectId> {
        Some(self.created_by)
    }
}

/// A canned reply as a person writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CannedReplyDraft {
    pub title: String,
    pub content: String,
}

impl CannedReplyDraft {
    /// Trimmed title and text, each required and bounded; a `{{…}}` that is
    /// not one of [`VARIABLES`] is refused, naming it.
    pub fn parse(&self) -> Result<CannedReplyDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = text(&mut errors, "title", &self.title, MAX_TITLE_CHARS);
        let content = text(&mut errors, "content", &self.content, MAX_TEXT_CHARS);
        let mut rest = content.as_str();
        while let Some(start) = rest.find("{{") {
            let Some(length) = rest[start..].find("}}") else { break };
            let variable = &rest[start..start + length + 2];
            if !VARIABLES.contains(&variable) {
                errors.push(FieldError::new(
                    "content",
                    "unknown_variable",
                    format!("{variable} is not a variable; use {}", VARIABLES.join(", ")),
                ));
                break;
            }
            rest = &rest[start + length + 2..];
        }
        errors.into_result()?;
        Ok(CannedReplyDraft { title, content })
    }

    /// The stored reply this draft makes or replaces.
    pub fn into_reply(self, id: ObjectId, created_by: ObjectId, at: Timestamp, version: i64) -> CannedReply {
        CannedReply { id, title: self.title, content: self.content, created_by, created_at: at, updated_at: at, version }
    }
}

/// What a canned reply's variables stand for on one ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyContext {
    pub customer_first_name: String,
    pub customer_name: String,
    pub ticket_number: String,
    pub ticket_subject: String,
    /// The ticket's first related domain, if it names one.
    pub domain: Option<String>,
}

impl CannedReply {
    /// The reply's text for a ticket, every variable filled in (a missing
    /// domain reads "your domain").
    pub fn render(&self, context: &ReplyContext) -> String {
        let domain = context.domain.as_deref().unwrap_or("your domain");
        let values = [
            context.customer_first_name.as_str(),
            context.customer_name.as_str(),
            context.ticket_number.as_str(),
            context.ticket_subject.as_str(),
            domain,
        ];
        VARIABLES.iter().zip(values).fold(self.content.clone(), |text, (variable, value)| text.replace(variable, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_fills_in_its_variables_and_refuses_unknown_ones() {
        let draft = CannedReplyDraft {
            title: " SSL renewal ".into(),
            content: "Hi {{customer.firstName}}, the certificate of {{domain}} ({{ticket.number}}) renews tonight.".into(),
        };
        let reply = draft.parse().unwrap().into_reply(ObjectId::new(), ObjectId::new(), Timestamp::now(), 1);
        assert_eq!(reply.title, "SSL renewal");
        let context = ReplyContext {
            customer_first_name: "Lena".into(),
            customer_name: "Lena Müller".into(),
            ticket_number: "TKT-2026-000042".into(),
            ticket_subject: "Certificate".into(),
            domain: Some("bakery.de".into()),
        };
        assert_eq!(reply.render(&context), "Hi Lena, the certificate of bakery.de (TKT-2026-000042) renews tonight.");
        assert!(reply.render(&ReplyContext { domain: None, ..context }).contains("certificate of your domain"));
        let unknown = CannedReplyDraft { title: "x".into(), content: "Dear {{customer.lastName}}".into() };
        let error = unknown.parse().unwrap_err();
        assert_eq!((error.0[0].field.as_str(), error.0[0].code.as_str()), ("content", "unknown_variable"));
        assert!(error.0[0].message.contains("{{customer.lastName}}"));
        let empty = CannedReplyDraft { title: " ".into(), content: " ".into() };
        assert_eq!(empty.parse().unwrap_err().0.len(), 2);
    }
}
