//! The support desk's edits as the desktop and the CLI make them: checked
//! against the cache with the provider's rules (who the customer is, whose
//! domains, which status moves this side of the desk may make, whether the
//! ticket still takes messages), then queued in the outbox.

use hjs_model::documents::{MessageType, StaffInfo, SupportTicket, TicketStatus, UserRole};
use hjs_model::support::presence::{PresenceState, TicketPresence};
use hjs_model::support::{MessageDraft, Side, TicketChange, TicketDraft, TicketMerge};
use hjs_model::{Collection, DomainName, FieldError, FieldErrors, ObjectId};

use super::operations::{MessagePost, TicketMergeEdit, TicketOpen, TicketUpdate};
use crate::error::{ClientError, Result};
use crate::outbox::{Operation, OutboxEntry};
use crate::queries::{find_person, Person};
use crate::workspace::Workspace;

impl Workspace {
    /// Whether the signed-in person works the desk (support or admin).
    pub fn is_staff(&self) -> bool {
        self.info.role.parse::<UserRole>().is_ok_and(|role| role.is_staff())
    }

    /// Which side of the desk the signed-in person is on.
    pub fn side(&self) -> Side {
        if self.is_staff() {
            Side::Staff
        } else {
            Side::Customer
        }
    }

    fn my_id(&self) -> Result<ObjectId> {
        ObjectId::parse(&self.info.user_id).map_err(|e| anyhow::anyhow!("the workspace's user id: {e}").into())
    }

    /// Queues a new ticket: the signed-in customer's own, or (staff) one
    /// for the customer the draft names.
    pub async fn open_ticket(&self, draft: TicketDraft) -> Result<OutboxEntry> {
        let valid = draft.parse().map_err(ClientError::Invalid)?;
        let customer = match (draft.customer_id, self.is_staff()) {
            (Some(customer), _) => customer,
            (None, false) => self.my_id()?,
            (None, true) => return Err(invalid("customerId", "required", "staff open a ticket on a customer's behalf: name the customer")),
        };
        let person = find_person(&self.cache, &customer.to_string())
            .await
            .map_err(|_| invalid("customerId", "not_found", "no such customer in this workspace"))?;
        if person.role.parse::<UserRole>().is_ok_and(|role| role.is_staff()) {
            return Err(invalid("customerId", "not_a_customer", "tickets are opened for customers, not for staff"));
        }
        self.check_customer_domains(customer, &valid.related_domains).await?;
        let id = ObjectId::new();
        self.queue(&id.to_string(), Operation::TicketOpen(TicketOpen { customer, draft })).await
    }

    /// Refuses a related domain the cache does not hold as the customer's,
    /// looking up only the named domains in one query.
    async fn check_customer_domains(&self, customer: ObjectId, domains: &[DomainName]) -> Result<()> {
        if domains.is_empty() {
            return Ok(());
        }
        let mut query = sqlx::QueryBuilder::new("SELECT domain_name FROM domains WHERE user_id = ");
        query.push_bind(customer.to_string()).push(" AND domain_name IN (");
        let mut names = query.separated(", ");
        for domain in domains {
            names.push_bind(domain.as_str().to_string());
        }
        query.push(")");
        let owned: Vec<String> = query.build_query_scalar().fetch_all(&self.cache.pool).await?;
        let mut errors = FieldErrors::new();
        for (i, domain) in domains.iter().enumerate().filter(|(_, d)| !owned.iter().any(|o| o == d.as_str())) {
            errors.push(FieldError::new(format!("relatedDomains[{i}]"), "not_yours", format!("{domain} is not a domain of this customer")));
        }
        errors.into_result().map_err(ClientError::Invalid)
    }

    /// Queues a change of a ticket's status, priority or assignee.
    pub async fn change_ticket(&self, id: &str, change: TicketChange) -> Result<OutboxEntry> {
        let ticket: SupportTicket = self.typed(Collection::SupportTickets, id).await?;
        let assignee_name = match change.assigned_to {
            Some(Some(assignee)) => {
                let person = find_person(&self.cache, &assignee.to_string())
                    .await
                    .map_err(|_| invalid("assignedTo", "not_found", "no such person in this workspace"))?;
                if !person.role.parse::<UserRole>().is_ok_and(|role| role.is_staff()) {
                    return Err(invalid("assignedTo", "not_staff", format!("{} is not support staff", person.full_name)));
                }
                Some(person.full_name)
            }
            _ => None,
        };
        let update = TicketUpdate { change, staff: self.is_staff(), assignee_name };
        update.validate_against(&ticket)?;
        self.queue(id, Operation::TicketUpdate(update)).await
    }

    /// Queues a reply, or (staff) an internal note, on a ticket, carrying
    /// the staged files `attachments`; staff may log the minutes they
    /// spent on it.
    pub async fn post_message(
        &self,
        ticket_id: &str,
        message_type: MessageType,
        content: &str,
        minutes_spent: Option<u32>,
        attachments: &[String],
    ) -> Result<OutboxEntry> {
        let ticket: SupportTicket = self.typed(Collection::SupportTickets, ticket_id).await?;
        // Closed is final: a customer's reply opens a follow-up ticket (the
        // provider makes it); staff open a new ticket themselves.
        if ticket.status == TicketStatus::Closed && (self.is_staff() || message_type != MessageType::Reply) {
            return Err(invalid(
                "ticketId",
                "ticket_closed",
                format!("{} is closed and takes no more messages: open a new ticket to follow up", ticket.ticket_number),
            ));
        }
        let me = self.my_id()?;
        let staff_info = if self.is_staff() {
            let person = find_person(&self.cache, &me.to_string()).await?;
            Some(StaffInfo { name: person.full_name, role: person.role, department: "Support".into() })
        } else {
            None
        };
        let staged = super::attachments::staged_for_message(&self.cache, attachments).await?;
        let draft = MessageDraft {
            ticket_id: ticket.id,
            message_type,
            content: content.to_string(),
            minutes_spent,
            attachments: staged.iter().map(|(id, _)| *id).collect(),
        };
        let files = staged.into_iter().map(|(_, file)| file).collect();
        let post = MessagePost { draft, author: me, ticket_number: ticket.ticket_number, staff_info, files };
        self.queue(&ObjectId::new().to_string(), Operation::MessagePost(post)).await
    }

    /// Queues merging ticket `duplicate_id` into `into` (staff), checked
    /// against the cache as the provider will check it.
    pub async fn merge_tickets(&self, duplicate_id: &str, into: &str) -> Result<OutboxEntry> {
        if !self.is_staff() {
            return Err(invalid("intoTicketId", "staff_only", "support staff merge tickets"));
        }
        let duplicate: SupportTicket = self.typed(Collection::SupportTickets, duplicate_id).await?;
        let target: SupportTicket = self
            .typed(Collection::SupportTickets, into)
            .await
            .map_err(|_| invalid("intoTicketId", "not_found", "no such ticket in this workspace"))?;
        let merge = TicketMerge { into_ticket_id: target.id };
        merge.check(&duplicate, &target).map_err(ClientError::Invalid)?;
        let messages: Vec<String> = sqlx::query_scalar("SELECT id FROM support_messages WHERE ticket_id = ?")
            .bind(duplicate.id.to_string())
            .fetch_all(&self.cache.pool)
            .await?;
        let messages = messages
            .iter()
            .map(|id| ObjectId::parse(id).map_err(|e| anyhow::anyhow!("a cached message id: {e}").into()))
            .collect::<Result<Vec<_>>>()?;
        let edit = TicketMergeEdit { merge, messages, duplicate_number: duplicate.ticket_number, target_number: target.ticket_number };
        self.queue(duplicate_id, Operation::TicketMerge(edit)).await
    }

    /// Tells the other support staff that this person is viewing, typing
    /// on or leaving a ticket. Said straight to the provider, never queued:
    /// offline it is simply not said.
    pub async fn announce_presence(&self, ticket_id: &str, state: PresenceState) -> Result<TicketPresence> {
        let ticket: SupportTicket = self.typed(Collection::SupportTickets, ticket_id).await?;
        self.api.announce_presence(&ticket.id.to_string(), state).await
    }

    /// A ticket's id from its number (`TKT-2026-000123`, any case) or id.
    pub async fn ticket_id(&self, key: &str) -> Result<String> {
        let key = key.trim();
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM support_tickets WHERE id = ? OR ticket_number = ? LIMIT 1")
            .bind(key)
            .bind(key.to_ascii_uppercase())
            .fetch_optional(&self.cache.pool)
            .await?;
        id.ok_or_else(|| ClientError::not_found(format!("ticket {key}")))
    }

    /// A staff member by id or e-mail address.
    pub async fn staff_member(&self, key: &str) -> Result<Person> {
        let key = key.trim();
        let person: Option<Person> = sqlx::query_as(
            "SELECT id, full_name, email, company, role FROM users WHERE (id = ? OR lower(email) = lower(?)) AND role IN ('support', 'admin')",
        )
        .bind(key)
        .bind(key)
        .fetch_optional(&self.cache.pool)
        .await?;
        person.ok_or_else(|| invalid("assignedTo", "not_staff", format!("{key} is not a support staff member of this workspace")))
    }

    /// The people tickets can be assigned to, by name.
    pub async fn support_staff(&self) -> Result<Vec<Person>> {
        Ok(sqlx::query_as(
            "SELECT id, full_name, email, company, role FROM users WHERE role IN ('support', 'admin') ORDER BY full_name, email",
        )
        .fetch_all(&self.cache.pool)
        .await?)
    }
}

fn invalid(field: &str, code: &str, message: impl Into<String>) -> ClientError {
    ClientError::Invalid(FieldErrors(vec![FieldError::new(field, code, message)]))
}
