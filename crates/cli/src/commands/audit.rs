//! `hjs audit list`: the audit log in the workspace's cache, newest first,
//! filtered like the desktop's audit screen. An admin's cache holds every
//! event; anyone else's, the events about the documents they may see.

use hjs_client::audit::{entries_csv, AuditEntry, AuditQuery};
use hjs_client::queries::MAX_LIMIT;
use hjs_model::documents::AuditVia;
use hjs_model::Timestamp;

use crate::failure::Failure;
use crate::output::{emit, minute, note, print_json, print_table, table};
use crate::{AuditCommand, AuditListArgs};

pub async fn run(command: AuditCommand) -> Result<(), Failure> {
    match command {
        AuditCommand::List(args) => list(args).await,
    }
}

/// `--since 7d` means seven days ago; anything else (a time, a date) goes
/// to the engine as it is, which checks it.
fn since(text: String) -> String {
    match crate::parse_window(&text) {
        Ok(window) => Timestamp::now().minus(window).to_string(),
        Err(_) => text,
    }
}

async fn list(args: AuditListArgs) -> Result<(), Failure> {
    let AuditListArgs { user, role, via, collection, action, doc, since: from, until, search, limit, format } = args;
    let want = usize::try_from(limit.max(0)).unwrap_or(usize::MAX);
    let mut query = AuditQuery {
        user,
        role,
        via,
        collection,
        action,
        doc_id: doc,
        since: from.map(since),
        until,
        search,
        after: None,
        limit: limit.clamp(1, MAX_LIMIT),
    };
    let workspace = super::open_for_reading().await?;
    let mut entries: Vec<AuditEntry> = Vec::new();
    let mut more = false;
    while entries.len() < want {
        query.limit = i64::try_from(want - entries.len()).unwrap_or(MAX_LIMIT).clamp(1, MAX_LIMIT);
        let page = workspace.audit_events(&query).await?;
        entries.extend(page.items);
        match page.next {
            Some(next) => query.after = Some(next),
            None => break,
        }
        more = entries.len() >= want;
    }
    entries.truncate(want);
    if more {
        note(format!("showing the newest {}; more events may match (--limit N shows more)", entries.len()));
    }
    if format.json {
        return print_json(&entries);
    }
    if format.csv {
        emit(&entries_csv(&entries)?);
        return Ok(());
    }
    let mut out = table(&["WHEN", "WHO", "VIA", "ACTION", "COLLECTION", "DOCUMENT", "SUMMARY"]);
    for entry in &entries {
        let event = &entry.event;
        out.add_row(vec![
            minute(&event.created_at.to_string()),
            who(entry),
            channel(entry),
            event.operation.to_string(),
            event.collection.to_string(),
            entry.document.clone().unwrap_or_else(|| event.doc_id.to_string()),
            entry.summary.clone(),
        ]);
    }
    print_table(&out, "no audit events match");
    Ok(())
}

/// The actor: their address (or name) when the cache knows them, with the
/// role they acted in.
fn who(entry: &AuditEntry) -> String {
    let actor = &entry.event.actor;
    let person = entry.actor_email.clone().or_else(|| entry.actor_name.clone()).or_else(|| actor.user_id.map(|id| id.to_string()));
    match (person, actor.role) {
        (Some(person), Some(role)) => format!("{person} ({role})"),
        (Some(person), None) => person,
        (None, Some(role)) => role.to_string(),
        (None, None) if actor.via == AuditVia::Job => "HostJamstack".into(),
        (None, None) => "nobody signed in".into(),
    }
}

/// The channel, with the job's or the API token's name.
fn channel(entry: &AuditEntry) -> String {
    let actor = &entry.event.actor;
    match &actor.detail {
        Some(detail) => format!("{} {detail}", actor.via),
        None => actor.via.to_string(),
    }
}
