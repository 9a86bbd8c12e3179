//! The reply or note a person is writing on a ticket, kept in the cache
//! per ticket (table `reply_drafts`): it outlives a restart, a lost
//! connection and changes to the ticket by others. Posting a message on the
//! ticket drops it, in the same transaction that queues the message.

use hjs_model::documents::MessageType;
use hjs_model::support::sla::MAX_MINUTES_SPENT;
use hjs_model::support::MAX_TEXT_CHARS;
use hjs_model::{Collection, FieldError, FieldErrors, Timestamp};
use serde::{Deserialize, Serialize};

use crate::error::{ClientError, Result};
use crate::workspace::Workspace;

/// A message being written on a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct ReplyDraft {
    pub ticket_id: String,
    /// `reply` or `note`.
    pub message_type: String,
    pub content: String,
    pub minutes_spent: Option<u32>,
    pub updated_at: String,
}

impl Workspace {
    /// The draft on a ticket, if any.
    pub async fn reply_draft(&self, ticket_id: &str) -> Result<Option<ReplyDraft>> {
        Ok(sqlx::query_as("SELECT ticket_id, message_type, content, minutes_spent, updated_at FROM reply_drafts WHERE ticket_id = ?")
            .bind(ticket_id.trim())
            .fetch_optional(&self.cache.pool)
            .await?)
    }

    /// Keeps what is being written on a ticket; blank text drops the draft.
    pub async fn save_reply_draft(
        &self,
        ticket_id: &str,
        message_type: MessageType,
        content: &str,
        minutes_spent: Option<u32>,
    ) -> Result<Option<ReplyDraft>> {
        let mut errors = FieldErrors::new();
        match message_type {
            MessageType::Reply => {}
            MessageType::Note if self.is_staff() => {}
            MessageType::Note => errors.push(FieldError::new("messageType", "staff_only", "internal notes are written by support staff")),
            MessageType::StatusChange => errors.push(FieldError::new("messageType", "not_allowed", "a draft is a reply or a note")),
        }
        if content.chars().count() > MAX_TEXT_CHARS {
            errors.push(FieldError::new("content", "too_long", format!("at most {MAX_TEXT_CHARS} characters")));
        }
        if minutes_spent.is_some_and(|m| m > MAX_MINUTES_SPENT) {
            errors.push(FieldError::new("minutesSpent", "too_large", format!("at most {MAX_MINUTES_SPENT} minutes on one message")));
        }
        errors.into_result().map_err(ClientError::Invalid)?;
        // Only a ticket the cache holds has a draft: no orphans.
        let ticket: hjs_model::documents::SupportTicket = self.typed(Collection::SupportTickets, ticket_id).await?;
        let ticket_id = ticket.id.to_string();
        if content.trim().is_empty() {
            sqlx::query("DELETE FROM reply_drafts WHERE ticket_id = ?").bind(&ticket_id).execute(&self.cache.pool).await?;
            return Ok(None);
        }
        let draft = ReplyDraft {
            ticket_id,
            message_type: message_type.as_str().to_string(),
            content: content.to_string(),
            minutes_spent: minutes_spent.filter(|m| *m > 0),
            updated_at: Timestamp::now().to_string(),
        };
        sqlx::query(
            "INSERT INTO reply_drafts (ticket_id, message_type, content, minutes_spent, updated_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (ticket_id) DO UPDATE SET message_type = excluded.message_type, content = excluded.content, \
             minutes_spent = excluded.minutes_spent, updated_at = excluded.updated_at",
        )
        .bind(&draft.ticket_id)
        .bind(&draft.message_type)
        .bind(&draft.content)
        .bind(draft.minutes_spent)
        .bind(&draft.updated_at)
        .execute(&self.cache.pool)
        .await?;
        Ok(Some(draft))
    }
}
