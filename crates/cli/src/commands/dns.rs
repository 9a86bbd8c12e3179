//! `hjs dns list|add|set|rm|plan|apply|import|export|history|restore|lint`
//! (`hjs dns template` is in [`super::dns_templates`]).
//!
//! Every edit is a zone plan: checked against the cached zone with the
//! provider's own rules (errors exit 3 and queue nothing), refused without
//! `--force` when it needs confirmation, then queued as one outbox entry
//! and sent at once when the provider answers.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use hjs_client::dns::zone::{add_record, PlanPreview};
use hjs_client::Workspace;
use hjs_model::dns::lint::Severity;
use hjs_model::dns::{takes_priority, PlanChange, PlanDiff, RecordDraft, ZonePlan};
use hjs_model::documents::{AuditActor, DnsRecord, DnsRecordType, ZoneVersion};
use hjs_model::{Collection, FieldError, Timestamp};
use serde::Serialize;

use crate::failure::{describe_fields, exit, Failure};
use crate::output::{emit, line, minute, note, print_csv, print_json, print_table, table};
use crate::DnsCommand;

pub async fn run(command: DnsCommand) -> Result<(), Failure> {
    match command {
        DnsCommand::List { domain, format } => list(&domain, format.json, format.csv).await,
        DnsCommand::Add { domain, record_type, name, value, ttl, priority, comment, inactive } => {
            let record = RecordDraft { record_type, name, value, ttl, priority, is_active: !inactive, comment };
            let workspace = super::open().await?;
            let preview = workspace.preview_dns_plan(&domain, add_record(record)).await?;
            queue(&workspace, &domain, preview, false, |_| String::new()).await
        }
        DnsCommand::Set { domain, id, record_type, name, value, ttl, priority, comment, active, inactive } => {
            let edit = RecordEdit { record_type, name, value, ttl, priority, comment, active: (active || inactive).then_some(active) };
            set(&domain, &id, edit).await
        }
        DnsCommand::Rm { domain, ids, force } => rm(&domain, &ids, force).await,
        DnsCommand::Plan { domain, file, json } => plan(&domain, &file, json).await,
        DnsCommand::Apply { domain, file, force } => apply(&domain, &file, force).await,
        DnsCommand::Import { domain, file, replace, apply, force } => import(&domain, &file, replace, apply, force).await,
        DnsCommand::Export { domain, output } => {
            let workspace = super::open_for_reading().await?;
            write_output(&workspace.export_zone_file(&domain).await?, output.as_deref())
        }
        DnsCommand::History { domain, diff: Some(range), json } => history_diff(&domain, range[0], range[1], json).await,
        DnsCommand::History { domain, diff: None, json } => history(&domain, json).await,
        DnsCommand::Restore { domain, version, apply, force } => restore(&domain, version, apply, force).await,
        DnsCommand::Lint { domain, json } => lint(&domain, json).await,
        DnsCommand::Template(command) => super::dns_templates::run(command).await,
    }
}

/// One row of `hjs dns list --json`: the record as cached, and whether an
/// edit of it waits in the outbox.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordRow {
    #[serde(flatten)]
    record: DnsRecord,
    queued: bool,
}

async fn list(domain: &str, json: bool, csv: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let mut records = workspace.zone_records(domain).await?;
    records.sort_by(|a, b| {
        (a.record_type, a.name.as_str(), a.priority, a.value.as_str()).cmp(&(b.record_type, b.name.as_str(), b.priority, b.value.as_str()))
    });
    let queued = queued_records(&workspace).await?;
    let rows: Vec<RecordRow> =
        records.into_iter().map(|record| RecordRow { queued: queued.contains(&record.id.to_string()), record }).collect();
    if json {
        return print_json(&rows);
    }
    if csv {
        let header = ["id", "type", "name", "value", "ttl", "priority", "is_active", "is_system_record", "queued", "comment"];
        return print_csv(
            &header,
            rows.into_iter().map(|RecordRow { record: r, queued }| {
                vec![
                    r.id.to_string(),
                    r.record_type.to_string(),
                    r.name,
                    r.value,
                    r.ttl.to_string(),
                    r.priority.map(|p| p.to_string()).unwrap_or_default(),
                    r.is_active.to_string(),
                    r.is_system_record.to_string(),
                    queued.to_string(),
                    r.comment.unwrap_or_default(),
                ]
            }),
        );
    }
    let mut out = table(&["ID", "TYPE", "NAME", "VALUE", "TTL", "PRIORITY", "STATE", "COMMENT"]);
    for RecordRow { record: r, queued } in &rows {
        let mut state = vec![if r.is_active { "active" } else { "inactive" }];
        if r.is_system_record {
            state.push("system");
        }
        if *queued {
            state.push("queued");
        }
        out.add_row(vec![
            r.id.to_string(),
            r.record_type.to_string(),
            r.name.clone(),
            r.value.clone(),
            r.ttl.to_string(),
            r.priority.map(|p| p.to_string()).unwrap_or_default(),
            state.join(", "),
            r.comment.clone().unwrap_or_default(),
        ]);
    }
    print_table(&out, "no DNS records");
    Ok(())
}

/// Ids of the DNS records an outbox entry (pending, conflicted or failed) changes.
async fn queued_records(workspace: &Workspace) -> Result<HashSet<String>, Failure> {
    let mut ids = HashSet::new();
    for entry in workspace.outbox().await? {
        ids.extend(entry.operation.touches(&entry.doc_id).into_iter().filter(|d| d.collection == Collection::DnsRecords).map(|d| d.id));
    }
    Ok(ids)
}

/// The fields `hjs dns set` was given.
struct RecordEdit {
    record_type: Option<DnsRecordType>,
    name: Option<String>,
    value: Option<String>,
    ttl: Option<u32>,
    priority: Option<u16>,
    comment: Option<String>,
    active: Option<bool>,
}

async fn set(domain: &str, id: &str, edit: RecordEdit) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let record = find_record(&workspace.zone_records(domain).await?, domain, id)?.clone();
    let before = record.to_draft();
    let mut draft = before.clone();
    if let Some(record_type) = edit.record_type {
        draft.record_type = record_type;
        // An A record has no priority: leaving the MX one would only be refused.
        if !takes_priority(record_type) && edit.priority.is_none() {
            draft.priority = None;
        }
    }
    draft.name = edit.name.unwrap_or(draft.name);
    draft.value = edit.value.unwrap_or(draft.value);
    draft.ttl = edit.ttl.unwrap_or(draft.ttl);
    draft.priority = edit.priority.or(draft.priority);
    draft.is_active = edit.active.unwrap_or(draft.is_active);
    if let Some(comment) = edit.comment {
        draft.comment = Some(comment).filter(|c| !c.trim().is_empty());
    }
    if draft == before {
        return Err(Failure::new(exit::INVALID, "nothing to change"));
    }
    let plan = ZonePlan { changes: vec![PlanChange::Update { id: record.id, version: record.version, record: draft }], confirmed: false };
    let preview = workspace.preview_dns_plan(domain, plan).await?;
    queue(&workspace, domain, preview, false, |_| String::new()).await
}

async fn rm(domain: &str, ids: &[String], force: bool) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let records = workspace.zone_records(domain).await?;
    let mut changes = Vec::with_capacity(ids.len());
    for id in ids {
        let record = find_record(&records, domain, id)?;
        changes.push(PlanChange::Delete { id: record.id, version: record.version });
    }
    let preview = workspace.preview_dns_plan(domain, ZonePlan { changes, confirmed: false }).await?;
    queue(&workspace, domain, preview, force, |i| format!("record {}", ids[i])).await
}

fn find_record<'a>(records: &'a [DnsRecord], domain: &str, id: &str) -> Result<&'a DnsRecord, Failure> {
    records
        .iter()
        .find(|r| r.id.to_string() == id.trim())
        .ok_or_else(|| Failure::new(exit::NOT_FOUND, format!("DNS record {id} not found in {domain} (hjs dns list {domain})")))
}

async fn plan(domain: &str, file: &Path, json: bool) -> Result<(), Failure> {
    let plan = read_plan(file)?;
    let workspace = super::open_for_reading().await?;
    let preview = workspace.preview_dns_plan(domain, plan).await?;
    if json {
        print_json(&preview)?;
    } else {
        print_preview(&preview);
    }
    refuse_errors(&preview, |i| format!("changes[{i}]"))
}

async fn apply(domain: &str, file: &Path, force: bool) -> Result<(), Failure> {
    let plan = read_plan(file)?;
    let workspace = super::open().await?;
    let preview = workspace.preview_dns_plan(domain, plan).await?;
    if preview.plan.changes.is_empty() {
        return Err(Failure::new(exit::INVALID, "changes: the plan changes nothing"));
    }
    print_preview(&preview);
    queue(&workspace, domain, preview, force, |i| format!("changes[{i}]")).await
}

/// A plan file as the API takes it: `{"changes": [...]}`.
fn read_plan(file: &Path) -> Result<ZonePlan, Failure> {
    serde_json::from_str(&read_input(file)?)
        .map_err(|e| Failure::new(exit::INVALID, format!("{}: not a zone plan ({{\"changes\": [...]}}): {e}", file.display())))
}

async fn import(domain: &str, file: &Path, replace: bool, apply: bool, force: bool) -> Result<(), Failure> {
    let text = read_input(file)?;
    let workspace = if apply { super::open().await? } else { super::open_for_reading().await? };
    let import = workspace.import_zone_file(domain, &text, replace).await?;
    let records = if import.records_in_file == 1 { "1 record".to_string() } else { format!("{} records", import.records_in_file) };
    line(format!("read {records} from {}", file.display()));
    for skipped in &import.skipped {
        let owner = if skipped.owner.is_empty() { String::new() } else { format!("{} ", skipped.owner) };
        line(format!("skipped line {}: {owner}{}: {}", skipped.line, skipped.record_type, skipped.reason));
    }
    review_then_queue(&workspace, domain, import.preview, apply, force, "the zone already matches the file").await
}

/// Shows a plan made here (an import, a restore); with `apply`, queues it.
async fn review_then_queue(
    workspace: &Workspace,
    domain: &str,
    preview: PlanPreview,
    apply: bool,
    force: bool,
    when_empty: &str,
) -> Result<(), Failure> {
    if preview.plan.changes.is_empty() {
        line(format!("nothing to change: {when_empty}"));
        return Ok(());
    }
    print_preview(&preview);
    if !apply {
        refuse_errors(&preview, |i| format!("changes[{i}]"))?;
        line("not applied: run again with --apply to queue it");
        return Ok(());
    }
    queue(workspace, domain, preview, force, |i| format!("changes[{i}]")).await
}

/// Queues a previewed plan and sends it: refused (exit 3) when the rules
/// found errors, or when it needs confirmation and `force` is not set.
/// `label(i)` names change `i` in error messages ("" for the record itself).
pub(super) async fn queue(
    workspace: &Workspace,
    domain: &str,
    preview: PlanPreview,
    force: bool,
    label: impl Fn(usize) -> String,
) -> Result<(), Failure> {
    refuse_errors(&preview, label)?;
    if !preview.safety.is_empty() && !force {
        let reasons: Vec<&str> = preview.safety.iter().map(|s| s.message.as_str()).collect();
        return Err(Failure::new(
            exit::INVALID,
            format!("this change needs confirmation: {}; pass --force to apply it anyway", reasons.join("; ")),
        ));
    }
    let plan = ZonePlan { confirmed: force, ..preview.plan };
    let entry = workspace.apply_dns_plan(domain, plan).await?;
    let name = super::document_label(workspace, entry.collection, &entry.doc_id).await?;
    super::send_queued(workspace, &entry, &name).await
}

/// The rules' refusals as one failure (exit 3), each field named with
/// `label(i)` in place of `changes[i]`.
fn refuse_errors(preview: &PlanPreview, label: impl Fn(usize) -> String) -> Result<(), Failure> {
    if preview.errors.is_empty() {
        return Ok(());
    }
    let errors: Vec<FieldError> = preview.errors.iter().map(|e| FieldError { field: relabel(&e.field, &label), ..e.clone() }).collect();
    let hint = if preview.stale { " (run hjs sync, then make the plan again)" } else { "" };
    Err(Failure::new(exit::INVALID, format!("{}{hint}", describe_fields(&errors))))
}

/// `changes[3].value` → `label(3).value`, or `value` when the label is empty.
fn relabel(field: &str, label: &impl Fn(usize) -> String) -> String {
    let Some((index, rest)) = field.strip_prefix("changes[").and_then(|r| r.split_once(']')) else {
        return field.to_string();
    };
    let Ok(index) = index.parse::<usize>() else {
        return field.to_string();
    };
    let name = label(index);
    match (name.is_empty(), rest.strip_prefix('.')) {
        (true, Some(rest)) => rest.to_string(),
        (true, None) => rest.to_string(),
        // `record ID.id` says the same twice.
        (false, Some("id")) => name,
        (false, _) => format!("{name}{rest}"),
    }
}

/// A plan's review: its diff, the rules' errors and what needs `--force`.
pub(super) fn print_preview(preview: &PlanPreview) {
    if preview.errors.is_empty() {
        line(format!("plan: {}", preview.summary));
        print_diff(&preview.diff);
    } else {
        line("refused by the zone's rules:");
        for error in &preview.errors {
            line(format!("  {}: {}", error.field, error.message));
        }
    }
    if !preview.safety.is_empty() {
        line("needs confirmation (--force):");
        for check in &preview.safety {
            line(format!("  {}", check.message));
        }
    }
}

/// `+` added, `~` changed (before → after), `-` removed; one record a line.
fn print_diff(diff: &PlanDiff) {
    for text in diff.lines() {
        line(text);
    }
}

/// One row of `hjs dns history --json` (the records of each version are
/// left out: `--diff` shows them).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionRow {
    zone_version: i64,
    created_at: Timestamp,
    author: AuditActor,
    /// The author's e-mail address, when the cache knows the account.
    author_email: Option<String>,
    summary: String,
    changes: Vec<PlanChange>,
}

async fn history(domain: &str, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let versions = workspace.zone_versions(domain).await?;
    let mut rows = Vec::with_capacity(versions.len());
    for ZoneVersion { zone_version, created_at, author, summary, changes, .. } in versions {
        let author_email = author_email(&workspace, &author).await?;
        rows.push(VersionRow { zone_version, created_at, author, author_email, summary, changes });
    }
    if json {
        return print_json(&rows);
    }
    let mut out = table(&["VERSION", "WHEN", "WHO", "SUMMARY"]);
    for row in &rows {
        let who = match (&row.author_email, &row.author.role) {
            (Some(email), _) => email.clone(),
            (None, Some(role)) => role.to_string(),
            (None, None) => row.author.detail.clone().unwrap_or_else(|| row.author.via.to_string()),
        };
        out.add_row(vec![
            row.zone_version.to_string(),
            minute(&row.created_at.to_string()),
            format!("{who} ({})", row.author.via),
            row.summary.clone(),
        ]);
    }
    print_table(&out, "no versions yet: the zone has not been edited here");
    Ok(())
}

async fn author_email(workspace: &Workspace, author: &AuditActor) -> Result<Option<String>, Failure> {
    let Some(user_id) = author.user_id else { return Ok(None) };
    match workspace.document(Collection::Users, &user_id.to_string()).await {
        Ok(user) => Ok(user["email"].as_str().map(str::to_string)),
        Err(hjs_client::ClientError::NotFound { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

async fn history_diff(domain: &str, from: i64, to: i64, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let diff = workspace.zone_version_diff(domain, from, to).await?;
    if json {
        return print_json(&diff);
    }
    if diff.added.is_empty() && diff.changed.is_empty() && diff.removed.is_empty() {
        line(format!("no differences between versions {from} and {to}"));
    } else {
        print_diff(&diff);
    }
    Ok(())
}

async fn restore(domain: &str, version: i64, apply: bool, force: bool) -> Result<(), Failure> {
    let workspace = if apply { super::open().await? } else { super::open_for_reading().await? };
    let preview = workspace.restore_zone_version(domain, version).await?;
    review_then_queue(&workspace, domain, preview, apply, force, &format!("the zone already matches version {version}")).await
}

/// The zone lint: one row per finding (the record at fault as a zone-file
/// line, the fix as a plan summary); exits 7 when any finding is an error.
async fn lint(domain: &str, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let findings = workspace.zone_lint(domain).await?;
    if json {
        print_json(&findings)?;
    } else {
        let records = workspace.zone_records(domain).await?;
        let mut out = table(&["CODE", "SEVERITY", "RECORD", "MESSAGE", "FIX"]);
        for finding in &findings {
            let record = finding.record_id.and_then(|id| records.iter().find(|r| r.id == id));
            out.add_row(vec![
                finding.code.clone(),
                severity(finding.severity).to_string(),
                record.map(DnsRecord::zone_line).unwrap_or_else(|| "(zone)".into()),
                finding.message.clone(),
                finding.fix.as_ref().map(|plan| plan.summary()).unwrap_or_default(),
            ]);
        }
        print_table(&out, &format!("no findings: the zone of {domain} looks right"));
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    if errors > 0 {
        let noun = if errors == 1 { "error" } else { "errors" };
        return Err(Failure::new(exit::ATTENTION, format!("{errors} {noun} in the zone of {domain}")));
    }
    Ok(())
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// A file's text, or standard input's for `-`.
pub(super) fn read_input(file: &Path) -> Result<String, Failure> {
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| Failure::new(exit::UNEXPECTED, format!("standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(file).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound { exit::NOT_FOUND } else { exit::UNEXPECTED };
        Failure::new(code, format!("{}: {e}", file.display()))
    })
}

/// `text` to a file (saying so on stderr), or to standard output.
pub(super) fn write_output(text: &str, output: Option<&Path>) -> Result<(), Failure> {
    match output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| Failure::new(exit::UNEXPECTED, format!("{}: {e}", path.display())))?;
            note(format!("wrote {}", path.display()));
        }
        None => emit(text),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_indexes_become_the_names_people_gave() {
        let none = |_: usize| String::new();
        let id = |i: usize| format!("record {}", ["a1", "b2"][i]);
        assert_eq!(relabel("changes[0].value", &none), "value");
        assert_eq!(relabel("changes[1].id", &id), "record b2");
        assert_eq!(relabel("changes[0].value", &id), "record a1.value");
        assert_eq!(relabel("changes[1]", &id), "record b2");
        assert_eq!(relabel("confirmed", &id), "confirmed");
    }
}
