//! The canned replies on the desktop: the library from the cache (staff
//! workspaces hold it; customers' never do), its edits queued like any
//! other, and a reply's text filled in for one ticket.

use hjs_model::documents::{SupportTicket, User};
use hjs_model::support::canned::{CannedReply, CannedReplyDraft, ReplyContext};
use hjs_model::{Collection, ObjectId, Timestamp};
use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::error::{ClientError, Result};
use crate::outbox::operation::{decode, DocRef, Precondition, ProviderRequest};
use crate::outbox::{Operation, OutboxEntry};
use crate::workspace::Workspace;

/// A canned reply written or rewritten.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CannedReplySave {
    pub draft: CannedReplyDraft,
    /// A new reply (`PUT` with `If-None-Match: *`), else a change (`PATCH`).
    pub creating: bool,
    /// Who writes it: the new reply is filed under them.
    pub author: ObjectId,
}

impl CannedReplySave {
    pub fn validate(&self) -> Result<()> {
        self.draft.parse().map(drop).map_err(ClientError::Invalid)
    }

    pub fn request(&self, id: &str, base_version: i64) -> ProviderRequest {
        ProviderRequest {
            method: if self.creating { Method::PUT } else { Method::PATCH },
            path: format!("/canned-replies/{id}"),
            body: Some(serde_json::to_value(&self.draft).unwrap_or_default()),
            precondition: if self.creating { Precondition::IfNoneMatch } else { Precondition::IfMatch(base_version) },
        }
    }

    pub fn apply(&self, doc: &DocRef, current: Option<&str>) -> Result<Option<String>> {
        let valid = self.draft.parse().map_err(ClientError::Invalid)?;
        let reply = match (self.creating, current) {
            (true, _) => {
                valid.into_reply(ObjectId::parse(&doc.id).map_err(|e| anyhow::anyhow!("reply id: {e}"))?, self.author, Timestamp::now(), 0)
            }
            (false, Some(current)) => {
                let before: CannedReply = decode(current)?;
                CannedReply { title: valid.title, content: valid.content, updated_at: Timestamp::now(), ..before }
            }
            (false, None) => return Ok(None),
        };
        Ok(Some(serde_json::to_string(&reply).map_err(anyhow::Error::from)?))
    }

    pub fn describe(&self) -> String {
        format!("{} canned reply “{}”", if self.creating { "new" } else { "change" }, self.draft.title.trim())
    }
}

/// A canned reply removed; `title` to describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CannedReplyDelete {
    pub title: String,
}

impl CannedReplyDelete {
    pub fn describe(&self) -> String {
        format!("remove canned reply “{}”", self.title)
    }
}

impl Workspace {
    /// The canned replies in the cache, by title.
    pub async fn canned_replies(&self) -> Result<Vec<CannedReply>> {
        let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM documents WHERE collection = ?")
            .bind(Collection::CannedReplies.as_str())
            .fetch_all(&self.cache.pool)
            .await?;
        let mut replies = bodies
            .iter()
            .map(|body| serde_json::from_str(body).map_err(|e| anyhow::anyhow!("a cached canned reply does not parse: {e}").into()))
            .collect::<Result<Vec<CannedReply>>>()?;
        replies.sort_by_key(|reply| reply.title.to_lowercase());
        Ok(replies)
    }

    /// A canned reply by id or by title (any case).
    pub async fn canned_reply(&self, key: &str) -> Result<CannedReply> {
        let key = key.trim();
        self.canned_replies()
            .await?
            .into_iter()
            .find(|reply| reply.id.to_string() == key || reply.title.eq_ignore_ascii_case(key))
            .ok_or_else(|| ClientError::not_found(format!("canned reply {key}")))
    }

    /// Queues a new canned reply (`id` `None`) or a change of one.
    pub async fn save_canned_reply(&self, id: Option<&str>, draft: CannedReplyDraft) -> Result<OutboxEntry> {
        self.ensure_staff()?;
        draft.parse().map_err(ClientError::Invalid)?;
        let author = ObjectId::parse(&self.info.user_id).map_err(|e| anyhow::anyhow!("the workspace's user id: {e}"))?;
        match id {
            Some(id) => {
                let reply = self.canned_reply(id).await?;
                let save = CannedReplySave { draft, creating: false, author };
                self.queue(&reply.id.to_string(), Operation::CannedReplySave(save)).await
            }
            None => {
                let save = CannedReplySave { draft, creating: true, author };
                self.queue(&ObjectId::new().to_string(), Operation::CannedReplySave(save)).await
            }
        }
    }

    /// Queues removing a canned reply.
    pub async fn delete_canned_reply(&self, id: &str) -> Result<OutboxEntry> {
        self.ensure_staff()?;
        let reply = self.canned_reply(id).await?;
        self.queue(&reply.id.to_string(), Operation::CannedReplyDelete(CannedReplyDelete { title: reply.title })).await
    }

    /// A canned reply's text for a ticket, its variables filled in from
    /// the cached ticket and customer.
    pub async fn render_canned_reply(&self, canned_id: &str, ticket_id: &str) -> Result<String> {
        let reply = self.canned_reply(canned_id).await?;
        let ticket: SupportTicket = self.typed(Collection::SupportTickets, ticket_id).await?;
        let customer: Option<User> = self.typed(Collection::Users, &ticket.user_id.to_string()).await.ok();
        let context = ReplyContext {
            customer_first_name: customer.as_ref().map(|c| c.first_name.clone()).unwrap_or_else(|| "there".into()),
            customer_name: customer.as_ref().map(|c| c.full_name()).unwrap_or_default(),
            ticket_number: ticket.ticket_number,
            ticket_subject: ticket.subject,
            domain: ticket.related_domains.first().map(|d| d.unicode()),
        };
        Ok(reply.render(&context))
    }

    fn ensure_staff(&self) -> Result<()> {
        if self.is_staff() {
            return Ok(());
        }
        Err(ClientError::Invalid(hjs_model::FieldErrors(vec![hjs_model::FieldError::new(
            "title",
            "staff_only",
            "canned replies are the support staff's",
        )])))
    }
}
