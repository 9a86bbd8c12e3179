//! `hjs tickets list|search|show|open|reply|note|status|assign|merge|priority|download`
//! and `hjs canned list|show|add|set|rm`. Replies and notes carry files
//! with `--attach PATH`; `download` saves a ticket's files.
//!
//! The queue and threads are read from the cache (offline too); every
//! change is queued and sent like any other edit.

use std::io::Read;
use std::path::{Path, PathBuf};

use hjs_client::queries::{DEFAULT_LIMIT, UNASSIGNED};
use hjs_client::support::attachments;
use hjs_client::support::queries::{self, QueueSort, QueueView, TicketQuery, TicketSearch};
use hjs_client::Workspace;
use hjs_model::documents::{MessageType, SupportMessage, TicketCategory, TicketPriority, TicketStatus};
use hjs_model::support::canned::CannedReplyDraft;
use hjs_model::support::sla::SlaState;
use hjs_model::support::{TicketChange, TicketDraft};
use hjs_model::ObjectId;
use hjs_model::Timestamp;

use crate::failure::{exit, Failure};
use crate::output::{line, minute, print_csv, print_json, print_table, table};
use crate::{CannedCommand, TicketCategoryArg, TicketPriorityArg, TicketStatusArg, TicketsCommand};

pub async fn run(command: TicketsCommand) -> Result<(), Failure> {
    match command {
        TicketsCommand::List { status, priority, category, active, breaching, by_due, mine, unassigned, customer, limit, format } => {
            let workspace = super::open_for_reading().await?;
            let assigned_to = match (mine, unassigned) {
                (true, _) => Some(workspace.info.user_id.clone()),
                (_, true) => Some(UNASSIGNED.to_string()),
                _ => None,
            };
            let query = TicketQuery {
                status,
                priority,
                category,
                assigned_to,
                user_id: customer,
                view: match (active, breaching) {
                    (_, true) => QueueView::Breaching,
                    (true, _) => QueueView::Active,
                    _ => QueueView::All,
                },
                sort: if by_due { QueueSort::Due } else { QueueSort::Queue },
                limit: limit.unwrap_or(DEFAULT_LIMIT),
                offset: 0,
            };
            list(&workspace, &query, format.json, format.csv).await
        }
        TicketsCommand::Show { ticket, json } => show(&ticket, json).await,
        TicketsCommand::Search { text, status, mine, unassigned, customer, from, to, json } => {
            let workspace = super::open_for_reading().await?;
            let assigned_to = match (mine, unassigned) {
                (true, _) => Some(workspace.info.user_id.clone()),
                (_, true) => Some(UNASSIGNED.to_string()),
                _ => None,
            };
            let search = TicketSearch { text, status, assigned_to, user_id: customer, from, to, limit: DEFAULT_LIMIT };
            let hits = queries::search_tickets(&workspace.cache, &search).await?;
            if json {
                return print_json(&hits);
            }
            for hit in &hits {
                line(format!("{}  {}  ({})", hit.ticket_number, hit.subject, hit.status.replace('_', " ")));
                // Matches in brackets: a terminal shows no highlight everywhere.
                let snippet: String = hit
                    .snippet
                    .iter()
                    .map(|s| if s.hit { format!("[{}]", s.text) } else { s.text.clone() })
                    .collect::<String>()
                    .replace('\n', " ");
                line(format!("    {snippet}"));
            }
            if hits.is_empty() {
                line("no tickets match");
            }
            Ok(())
        }
        TicketsCommand::Open { subject, description, category, priority, customer, domains } => {
            let workspace = super::open().await?;
            let customer_id = match customer {
                Some(id) => {
                    Some(ObjectId::parse(&id).map_err(|_| Failure::new(exit::INVALID, format!("--customer: {id} is not a user id")))?)
                }
                None => None,
            };
            let draft = TicketDraft {
                customer_id,
                subject,
                description: text_or_stdin(description)?,
                priority: priority_of(priority),
                category: match category {
                    TicketCategoryArg::Technical => TicketCategory::Technical,
                    TicketCategoryArg::Billing => TicketCategory::Billing,
                    TicketCategoryArg::General => TicketCategory::General,
                    TicketCategoryArg::Migration => TicketCategory::Migration,
                },
                subcategory: None,
                related_domains: domains,
            };
            let entry = workspace.open_ticket(draft).await?;
            super::send_queued(&workspace, &entry, "new ticket").await?;
            // The number is the provider's: known once it accepted the ticket.
            let opened = queries::ticket_thread(&workspace.cache, &entry.doc_id, workspace.side(), Timestamp::now()).await?;
            line(format!("ticket {} ({})", opened.ticket["ticketNumber"].as_str().unwrap_or_default(), entry.doc_id));
            Ok(())
        }
        TicketsCommand::Reply { ticket, text, canned, minutes, attach } => {
            let text = match (text, canned) {
                (_, Some(canned)) => {
                    let workspace = super::open_for_reading().await?;
                    let id = workspace.ticket_id(&ticket).await?;
                    workspace.render_canned_reply(&canned, &id).await?
                }
                (Some(text), None) => text,
                (None, None) => return Err(Failure::new(exit::INVALID, "give the reply's text or --canned")),
            };
            post(&ticket, MessageType::Reply, text, minutes, &attach).await
        }
        TicketsCommand::Note { ticket, text, minutes, attach } => post(&ticket, MessageType::Note, text, minutes, &attach).await,
        TicketsCommand::Download { ticket, names, to } => download(&ticket, &names, &to).await,
        TicketsCommand::Status { ticket, status } => {
            let status = match status {
                TicketStatusArg::Open => TicketStatus::Open,
                TicketStatusArg::InProgress => TicketStatus::InProgress,
                TicketStatusArg::WaitingCustomer => TicketStatus::WaitingCustomer,
                TicketStatusArg::Resolved => TicketStatus::Resolved,
                TicketStatusArg::Closed => TicketStatus::Closed,
            };
            change(&ticket, TicketChange { status: Some(status), ..TicketChange::default() }).await
        }
        TicketsCommand::Assign { ticket, to } => {
            let workspace = super::open().await?;
            let assignee = match to.trim() {
                "none" => None,
                "me" => Some(workspace.info.user_id.clone()),
                other => Some(workspace.staff_member(other).await?.id),
            };
            let assignee = assignee
                .map(|id| ObjectId::parse(&id).map_err(|e| Failure::new(exit::UNEXPECTED, format!("a cached user id does not parse: {e}"))))
                .transpose()?;
            change_in(&workspace, &ticket, TicketChange { assigned_to: Some(assignee), ..TicketChange::default() }).await
        }
        TicketsCommand::Merge { ticket, into } => {
            let workspace = super::open().await?;
            let (duplicate, target) = (workspace.ticket_id(&ticket).await?, workspace.ticket_id(&into).await?);
            let entry = workspace.merge_tickets(&duplicate, &target).await?;
            let label = format!("{} into {}", ticket_label(&workspace, &duplicate).await?, ticket_label(&workspace, &target).await?);
            super::send_queued(&workspace, &entry, &label).await
        }
        TicketsCommand::Priority { ticket, priority } => {
            change(&ticket, TicketChange { priority: Some(priority_of(priority)), ..TicketChange::default() }).await
        }
    }
}

fn priority_of(priority: TicketPriorityArg) -> TicketPriority {
    match priority {
        TicketPriorityArg::Low => TicketPriority::Low,
        TicketPriorityArg::Normal => TicketPriority::Normal,
        TicketPriorityArg::High => TicketPriority::High,
        TicketPriorityArg::Urgent => TicketPriority::Urgent,
    }
}

/// `text`, or standard input when it is "-".
fn text_or_stdin(text: String) -> Result<String, Failure> {
    if text != "-" {
        return Ok(text);
    }
    let mut read = String::new();
    std::io::stdin().read_to_string(&mut read).map_err(|e| Failure::new(exit::UNEXPECTED, format!("reading standard input: {e}")))?;
    Ok(read)
}

async fn list(workspace: &Workspace, query: &TicketQuery, json: bool, csv: bool) -> Result<(), Failure> {
    let page = queries::ticket_queue(&workspace.cache, query, Timestamp::now()).await?;
    if json {
        return print_json(&page.items);
    }
    if csv {
        let header = [
            "id",
            "ticket_number",
            "subject",
            "status",
            "priority",
            "category",
            "customer",
            "assignee",
            "messages",
            "sla_breached",
            "response_due_at",
            "created_at",
            "pending",
        ];
        return print_csv(
            &header,
            page.items.iter().map(|t| {
                vec![
                    t.id.clone(),
                    t.ticket_number.clone(),
                    t.subject.clone(),
                    t.status.clone(),
                    t.priority.clone(),
                    t.category.clone(),
                    t.customer_email.clone().unwrap_or_else(|| t.user_id.clone()),
                    t.assignee_name.clone().or_else(|| t.assigned_to.clone()).unwrap_or_default(),
                    t.message_count.to_string(),
                    t.sla_breached.to_string(),
                    t.response_due_at.clone().unwrap_or_default(),
                    t.created_at.clone(),
                    t.pending.to_string(),
                ]
            }),
        );
    }
    let mut out = table(&["NUMBER", "STATUS", "PRIORITY", "SUBJECT", "CUSTOMER", "ASSIGNEE", "FIRST REPLY DUE", "OPENED"]);
    for t in &page.items {
        let status = if t.pending { format!("{} (queued)", t.status) } else { t.status.clone() };
        let due = match (&t.response_due_at, t.sla_breached) {
            (_, true) => "breached".to_string(),
            (Some(due), false) => minute(due),
            (None, false) => String::new(),
        };
        out.add_row(vec![
            t.ticket_number.clone(),
            status,
            t.priority.clone(),
            t.subject.clone(),
            t.customer_name.clone().or_else(|| t.customer_email.clone()).unwrap_or_else(|| t.user_id.clone()),
            t.assignee_name.clone().unwrap_or_default(),
            due,
            minute(&t.created_at),
        ]);
    }
    print_table(&out, "no tickets");
    if page.total > page.items.len() as i64 {
        line(format!("{} of {} tickets (--limit for more)", page.items.len(), page.total));
    }
    Ok(())
}

async fn show(key: &str, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let id = workspace.ticket_id(key).await?;
    let thread = queries::ticket_thread(&workspace.cache, &id, workspace.side(), Timestamp::now()).await?;
    if json {
        return print_json(&thread);
    }
    let t = &thread.ticket;
    let field = |name: &str| t[name].as_str().unwrap_or_default().to_string();
    line(format!("{}  {}", field("ticketNumber"), field("subject")));
    line(format!("status {}, priority {}, category {}", field("status"), field("priority"), field("category")));
    if let Some(customer) = &thread.customer {
        line(format!("customer: {} <{}>", customer.full_name, customer.email));
    }
    line(format!("assignee: {}", thread.assignee.as_ref().map(|a| a.full_name.as_str()).unwrap_or("nobody")));
    line(format!("opened {}", minute(&field("createdAt"))));
    let due = minute(&thread.sla.due_at.to_string());
    line(match thread.sla.state {
        SlaState::Running => format!("first reply due {due}"),
        SlaState::Met => "first reply: in time".to_string(),
        SlaState::Breached => format!("first reply: SLA breached (was due {due})"),
        SlaState::Stopped => "first reply: clock stopped".to_string(),
    });
    if let Some(package) = &thread.package {
        let tickets = if package.monthly_tickets < 0 { "unlimited".to_string() } else { package.monthly_tickets.to_string() };
        line(format!(
            "support package: {}, {} of {tickets} tickets and {:.1} h used this month, resets {}",
            package.package_name,
            package.tickets_used,
            package.hours_used,
            minute(&package.reset_date.to_string())
        ));
    }
    line("");
    line(field("description"));
    for message in &thread.messages {
        line("");
        line(format!("— {} · {}", author(message), minute(&message.created_at.to_string())));
        line(&message.content);
        for file in &message.attachments {
            line(format!("  attached: {} ({}, {})", file.filename, hjs_model::files::readable_size(file.file_size), file.mime_type));
        }
    }
    Ok(())
}

/// Saves the ticket's attachments (those named, or all) into `folder`,
/// downloading what the workspace does not have yet.
async fn download(key: &str, names: &[String], folder: &Path) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let id = workspace.ticket_id(key).await?;
    let thread = queries::ticket_thread(&workspace.cache, &id, workspace.side(), Timestamp::now()).await?;
    let files: Vec<_> = thread
        .messages
        .iter()
        .flat_map(|message| &message.attachments)
        .filter(|file| names.is_empty() || names.iter().any(|name| name == &file.filename))
        .collect();
    if let Some(missing) = names.iter().find(|name| !files.iter().any(|file| &&file.filename == name)) {
        return Err(Failure::new(exit::NOT_FOUND, format!("no file named {missing} on this ticket")));
    }
    if files.is_empty() {
        line("no attached files on this ticket");
        return Ok(());
    }
    std::fs::create_dir_all(folder).map_err(|e| Failure::new(exit::UNEXPECTED, format!("{}: {e}", folder.display())))?;
    for file in files {
        let local = attachments::local_file(&workspace.cache, workspace.api(), &file.url, &file.filename).await?;
        let to = folder.join(hjs_model::files::sanitize_filename(&file.filename));
        std::fs::copy(&local, &to).map_err(|e| Failure::new(exit::UNEXPECTED, format!("{}: {e}", to.display())))?;
        line(format!("saved {} ({})", to.display(), hjs_model::files::readable_size(file.file_size)));
    }
    Ok(())
}

/// Who wrote a message, and what kind it is when it is not a reply.
fn author(message: &SupportMessage) -> String {
    let who = match (&message.staff_info, message.is_from_customer) {
        (Some(staff), _) => staff.name.clone(),
        (None, true) => "customer".to_string(),
        (None, false) => "support".to_string(),
    };
    match message.message_type {
        MessageType::Note => format!("{who} (internal note)"),
        MessageType::StatusChange => format!("{who} (status)"),
        MessageType::Reply => who,
    }
}

async fn post(key: &str, message_type: MessageType, text: String, minutes: Option<u32>, files: &[PathBuf]) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let id = workspace.ticket_id(key).await?;
    let text = text_or_stdin(text)?;
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        match attachments::stage_path(&workspace.cache, file).await {
            Ok(file) => staged.push(file.id),
            Err(error) => {
                for id in &staged {
                    attachments::discard_staged(&workspace.cache, id).await?;
                }
                return Err(error.into());
            }
        }
    }
    let entry = workspace.post_message(&id, message_type, &text, minutes, &staged).await?;
    let label = ticket_label(&workspace, &id).await?;
    super::send_queued(&workspace, &entry, &label).await
}

async fn change(key: &str, change: TicketChange) -> Result<(), Failure> {
    let workspace = super::open().await?;
    change_in(&workspace, key, change).await
}

async fn change_in(workspace: &Workspace, key: &str, change: TicketChange) -> Result<(), Failure> {
    let id = workspace.ticket_id(key).await?;
    let entry = workspace.change_ticket(&id, change).await?;
    let label = ticket_label(workspace, &id).await?;
    super::send_queued(workspace, &entry, &label).await
}

async fn ticket_label(workspace: &Workspace, id: &str) -> Result<String, Failure> {
    let ticket = workspace.document(hjs_model::Collection::SupportTickets, id).await?;
    Ok(format!("ticket {}", ticket["ticketNumber"].as_str().unwrap_or(id)))
}

/// `hjs canned …`: the staff's canned replies.
pub async fn canned(command: CannedCommand) -> Result<(), Failure> {
    match command {
        CannedCommand::List { format } => {
            let workspace = super::open_for_reading().await?;
            let replies = workspace.canned_replies().await?;
            if format.json {
                return print_json(&replies);
            }
            if format.csv {
                return print_csv(
                    &["id", "title", "content", "updated_at"],
                    replies.iter().map(|r| vec![r.id.to_string(), r.title.clone(), r.content.clone(), r.updated_at.to_string()]),
                );
            }
            let mut out = table(&["TITLE", "TEXT", "UPDATED"]);
            for reply in &replies {
                let preview: String = reply.content.replace('\n', " ").chars().take(60).collect();
                out.add_row(vec![reply.title.clone(), preview, minute(&reply.updated_at.to_string())]);
            }
            print_table(&out, "no canned replies");
            Ok(())
        }
        CannedCommand::Show { reply, ticket } => {
            let workspace = super::open_for_reading().await?;
            let text = match ticket {
                Some(ticket) => {
                    let id = workspace.ticket_id(&ticket).await?;
                    workspace.render_canned_reply(&reply, &id).await?
                }
                None => workspace.canned_reply(&reply).await?.content,
            };
            line(text);
            Ok(())
        }
        CannedCommand::Add { title, content } => {
            let workspace = super::open().await?;
            let draft = CannedReplyDraft { title: title.clone(), content: text_or_stdin(content)? };
            let entry = workspace.save_canned_reply(None, draft).await?;
            super::send_queued(&workspace, &entry, &format!("canned reply “{}”", title.trim())).await
        }
        CannedCommand::Set { reply, title, content } => {
            let workspace = super::open().await?;
            let current = workspace.canned_reply(&reply).await?;
            let content = match content {
                Some(content) => text_or_stdin(content)?,
                None => current.content,
            };
            let draft = CannedReplyDraft { title: title.unwrap_or(current.title), content };
            let label = format!("canned reply “{}”", draft.title.trim());
            let entry = workspace.save_canned_reply(Some(&current.id.to_string()), draft).await?;
            super::send_queued(&workspace, &entry, &label).await
        }
        CannedCommand::Rm { reply } => {
            let workspace = super::open().await?;
            let current = workspace.canned_reply(&reply).await?;
            let entry = workspace.delete_canned_reply(&current.id.to_string()).await?;
            super::send_queued(&workspace, &entry, &format!("canned reply “{}”", current.title)).await
        }
    }
}
