//! One function per command: parse → engine → print.

mod account;
mod audit;
mod dns;
mod dns_templates;
mod domains;
mod email_forwarding;
mod outbox;
mod search;
mod support;
mod sync;

use std::collections::HashMap;

use hjs_client::outbox::{EntryStatus, OutboxEntry};
use hjs_client::queries::{self, DomainQuery};
use hjs_client::{ClientError, Home, Workspace};
use hjs_model::Collection;

use crate::failure::{code_for_problem, describe_fields, exit, Failure};
use crate::output::{line, note};
use crate::{Command, DomainsCommand, NotificationAction, OutboxCommand};

pub async fn dispatch(command: Command) -> Result<(), Failure> {
    match command {
        Command::Login(args) => account::login(args).await,
        Command::Logout => account::logout().await,
        Command::Workspace(command) => account::workspace(command).await,
        Command::Sync { watch: false } => sync::sync_once().await,
        Command::Sync { watch: true } => sync::watch().await,
        Command::Status { json } => sync::status(json).await,
        Command::Domains(DomainsCommand::List { status, expiring, auto_renew, search, sort, limit, format }) => {
            let query = DomainQuery {
                status,
                auto_renew: auto_renew.map(|s| s.is_on()),
                text: search,
                sort: match sort {
                    crate::DomainSort::Name => queries::DomainSort::NameAsc,
                    crate::DomainSort::Expires => queries::DomainSort::ExpirationAsc,
                },
                ..DomainQuery::default()
            };
            domains::list(query, expiring, limit, format.json, format.csv).await
        }
        Command::Domains(DomainsCommand::Show { domain, json }) => domains::show(&domain, json).await,
        Command::Domains(DomainsCommand::Set { domain, auto_renew, lock, privacy, nameservers, default_nameservers }) => {
            let settings = hjs_model::documents::DomainSettings {
                auto_renew: auto_renew.map(|s| s.is_on()),
                whois_privacy: privacy.map(|s| s.is_on()),
                transfer_lock: lock.map(|s| s.is_on()),
                nameservers: nameservers.map(|list| list.into_iter().map(|ns| ns.trim().to_string()).collect()),
                use_default_nameservers: default_nameservers.then_some(true),
            };
            domains::set(&domain, settings).await
        }
        Command::Outbox(OutboxCommand::List { json }) => outbox::list(json).await,
        Command::Outbox(OutboxCommand::Retry { id }) => outbox::retry(&id).await,
        Command::Outbox(OutboxCommand::Discard { id }) => outbox::discard(&id).await,
        Command::Notifications(args) => match args.action {
            None => outbox::notifications(args.unread, args.json).await,
            Some(NotificationAction::Read { id }) => outbox::mark_notification(&id, true).await,
            Some(NotificationAction::Unread { id }) => outbox::mark_notification(&id, false).await,
        },
        Command::Dns(command) => dns::run(command).await,
        Command::Forwards(command) => email_forwarding::run(command).await,
        Command::Audit(command) => audit::run(command).await,
        Command::Tickets(command) => support::run(command).await,
        Command::Canned(command) => support::canned(command).await,
        Command::Search { text, limit, json } => search::search(&text, limit, json).await,
    }
}

/// The current workspace, opened without contacting the provider.
async fn open() -> Result<Workspace, Failure> {
    let home = Home::from_env()?;
    Ok(Workspace::open_current(&home).await?)
}

/// The current workspace for reading; warns when its cache is incomplete
/// (the first download was interrupted).
async fn open_for_reading() -> Result<Workspace, Failure> {
    let workspace = open().await?;
    if !workspace.cache.is_bootstrapped().await.map_err(Failure::from)? {
        note("warning: this workspace's cache is incomplete (its download did not finish): run hjs sync");
    }
    Ok(workspace)
}

/// How many outbox entries (pending, conflicted or failed) each document
/// of `collection` has, by id.
async fn queued_edits(workspace: &Workspace, collection: Collection) -> Result<HashMap<String, i64>, Failure> {
    let mut counts = HashMap::new();
    for entry in workspace.outbox().await? {
        if entry.collection == collection {
            *counts.entry(entry.doc_id).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// What an outbox entry's document is called: a domain's name, a
/// notification's title; `COLLECTION ID` when the cache no longer has it.
async fn document_label(workspace: &Workspace, collection: Collection, id: &str) -> Result<String, Failure> {
    let label = match collection {
        Collection::Domains => match queries::domain(&workspace.cache, id).await {
            Ok(domain) => Some(domain.display_name),
            Err(ClientError::NotFound { .. } | ClientError::Invalid(_)) => None,
            Err(error) => return Err(error.into()),
        },
        Collection::Notifications => match workspace.document(collection, id).await {
            Ok(doc) => doc["title"].as_str().map(|title| format!("notification \"{title}\"")),
            Err(ClientError::NotFound { .. }) => None,
            Err(error) => return Err(error.into()),
        },
        _ => None,
    };
    Ok(label.unwrap_or_else(|| format!("{collection} {id}")))
}

/// A cached document as its model type.
fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ClientError> {
    serde_json::from_value(value).map_err(|e| ClientError::Other(anyhow::anyhow!("a cached document does not decode: {e}")))
}

/// After an edit was queued: one sync round, then what became of the entry.
/// Unreachable provider: the edit stays queued and that is fine (exit 0).
async fn send_queued(workspace: &Workspace, entry: &OutboxEntry, label: &str) -> Result<(), Failure> {
    line(format!("queued: {label}: {}", entry.description));
    match workspace.sync().await {
        Ok(()) => {}
        Err(ClientError::Offline(_)) => {
            line("queued: will be sent when the provider is reachable");
            return Ok(());
        }
        Err(ClientError::SignInRequired(message)) => {
            return Err(Failure::new(exit::SIGN_IN, format!("sign in again: {message}; the edit stays queued (hjs login)")));
        }
        Err(error) => return Err(error.into()),
    }
    match hjs_client::outbox::get(&workspace.cache, &entry.id).await {
        Err(ClientError::NotFound { .. }) => {
            line("sent: the provider accepted it");
            Ok(())
        }
        Ok(now) => match now.status {
            EntryStatus::Pending => {
                line("queued: will be sent when the provider is reachable");
                Ok(())
            }
            EntryStatus::Conflict => Err(Failure::new(
                exit::ATTENTION,
                format!("conflict: {label} changed on the provider meanwhile; see hjs outbox list, then hjs outbox retry {0} (keep mine) or hjs outbox discard {0} (take theirs)", now.id),
            )),
            EntryStatus::Failed => Err(refusal(&now)),
        },
        Err(error) => Err(error.into()),
    }
}

/// A failed entry as a failure: the provider's reason, with its fields.
fn refusal(entry: &OutboxEntry) -> Failure {
    let error = entry.error.clone().unwrap_or_default();
    let code = error["code"].as_str().unwrap_or_default();
    let fields: Vec<hjs_model::FieldError> = serde_json::from_value(error["errors"].clone()).unwrap_or_default();
    let reason =
        if fields.is_empty() { error["detail"].as_str().unwrap_or("no reason given").to_string() } else { describe_fields(&fields) };
    let status = match code {
        "gone" | "not_found" => 404,
        _ => 0,
    };
    Failure::new(
        code_for_problem(code, status, !fields.is_empty()),
        format!("the provider refused it: {reason} (outbox entry {})", entry.id),
    )
}
