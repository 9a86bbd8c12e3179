//! E-mail to a ticket's customer: each staff reply and each status change
//! staff make, never an internal note. The mail is stored in the write's
//! transaction (`mail_outbox`) and sent right after the commit, or by the
//! next job run if that fails; with several processes each row is claimed
//! before it goes out. Every mail of a ticket carries `In-Reply-To` and
//! `References` naming the ticket, so mail programs show one conversation.

use std::time::Duration;

use chrono::Duration as Span;
use hjs_model::documents::{SupportMessage, SupportTicket, TicketStatus, User};
use hjs_model::{ObjectId, Timestamp};

use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::mail::{Mail, MailThread};
use crate::scope::Scope;
use crate::store::fetch_one;
use crate::AppState;

/// The domain of the `Message-ID`s the desk makes.
const MESSAGE_ID_DOMAIN: &str = "tickets.hostjamstack.com";
/// How long a process holds a mail it is sending before another may try.
const CLAIM: Span = Span::minutes(2);
/// Attempts before a mail is left for a person to look at.
const MAX_ATTEMPTS: i64 = 10;

/// What the customer is told.
#[derive(Debug)]
pub enum TicketMail<'a> {
    /// A staff reply, with its text.
    Reply(&'a SupportMessage),
    /// Staff moved the ticket.
    Status { from: TicketStatus, to: TicketStatus },
}

/// Stores the mail about `ticket` in the write's transaction.
pub async fn queue(tx: &mut WriteTx, ticket: &SupportTicket, mail: TicketMail<'_>, now: Timestamp) -> ApiResult<()> {
    let customer: User = fetch_one(&mut tx.tx, &Scope::Staff, ticket.user_id).await?;
    let (local, body) = match mail {
        TicketMail::Reply(message) => {
            let who = message.staff_info.as_ref().map(|s| s.name.as_str()).unwrap_or("HostJamstack support");
            let mut body = format!("{who} replied to your ticket:\n\n{}\n", message.content);
            // Files stay behind the sign-in: the mail names them, the link opens them.
            if !message.attachments.is_empty() {
                body.push_str("\nAttached (open the ticket to download):\n");
                for file in &message.attachments {
                    body.push_str(&format!("- {} ({})\n", file.filename, hjs_model::files::readable_size(file.file_size)));
                }
            }
            (message.id.to_string(), body)
        }
        TicketMail::Status { from, to } => {
            let what = match to {
                TicketStatus::WaitingCustomer => "We are waiting for your answer: reply to go on.",
                TicketStatus::Resolved => "We consider it solved. If it is not, reply and it reopens.",
                TicketStatus::Closed => "It is closed. A reply opens a follow-up ticket.",
                TicketStatus::Open | TicketStatus::InProgress => "We are working on it.",
            };
            (format!("status-{}", ObjectId::new()), format!("Your ticket moved from {} to {}.\n\n{what}\n", from.label(), to.label()))
        }
    };
    sqlx::query(
        "INSERT INTO mail_outbox (id, recipient, subject, body, link_path, message_id, in_reply_to, created_at, attempts) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0)",
    )
    .bind(ObjectId::new().to_string())
    .bind(customer.email.as_str())
    .bind(format!("[{}] {}", ticket.ticket_number, ticket.subject))
    .bind(body)
    .bind(format!("/tickets/{}", ticket.ticket_number))
    .bind(format!("<{local}.{}@{MESSAGE_ID_DOMAIN}>", ticket.id))
    .bind(format!("<{}@{MESSAGE_ID_DOMAIN}>", ticket.id))
    .bind(now.to_string())
    .execute(&mut *tx.tx)
    .await?;
    Ok(())
}

/// Sends what is waiting, soon, without holding up the caller.
pub fn send_soon(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(error) = send_pending(&state, Timestamp::now()).await {
            tracing::warn!(error = %format!("{error:#}"), "ticket mail not sent; the job retries");
        }
    });
}

#[derive(sqlx::FromRow)]
struct Pending {
    id: String,
    recipient: String,
    subject: String,
    body: String,
    link_path: Option<String>,
    message_id: Option<String>,
    in_reply_to: Option<String>,
}

/// Sends every mail waiting in the outbox that no other process holds;
/// answers how many went out.
pub async fn send_pending(state: &AppState, now: Timestamp) -> anyhow::Result<u32> {
    let pending: Vec<Pending> = sqlx::query_as(
        "SELECT id, recipient, subject, body, link_path, message_id, in_reply_to FROM mail_outbox \
         WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $1) AND attempts < $2 ORDER BY created_at LIMIT 100",
    )
    .bind(now.to_string())
    .bind(MAX_ATTEMPTS)
    .fetch_all(&state.db.pool)
    .await?;
    let mut sent = 0;
    for mail in pending {
        let claimed = sqlx::query(
            "UPDATE mail_outbox SET claimed_until = $1, attempts = attempts + 1 \
             WHERE id = $2 AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3)",
        )
        .bind(now.plus(CLAIM).to_string())
        .bind(&mail.id)
        .bind(now.to_string())
        .execute(&state.db.pool)
        .await?
        .rows_affected()
            == 1;
        if !claimed {
            continue;
        }
        let link = mail.link_path.map(|path| format!("\n-- \nSee the whole conversation and answer: {}{path}\n", state.config.app_url));
        let thread = match (mail.message_id, mail.in_reply_to) {
            (Some(message_id), Some(in_reply_to)) => Some(MailThread { message_id, in_reply_to }),
            _ => None,
        };
        let text = format!("{}{}", mail.body, link.unwrap_or_default());
        let out = Mail { to: mail.recipient, subject: mail.subject, text, thread };
        match tokio::time::timeout(Duration::from_secs(30), state.mailer.send(out)).await {
            Ok(Ok(())) => {
                sqlx::query("UPDATE mail_outbox SET sent_at = $1 WHERE id = $2")
                    .bind(Timestamp::now().to_string())
                    .bind(&mail.id)
                    .execute(&state.db.pool)
                    .await?;
                sent += 1;
            }
            Ok(Err(error)) => tracing::warn!(error = %format!("{error:#}"), mail = %mail.id, "ticket mail failed; retried later"),
            Err(_) => tracing::warn!(mail = %mail.id, "ticket mail timed out; retried later"),
        }
    }
    Ok(sent)
}
