//! `hjs dns template list|apply`: a DNS template (SPF, DMARC, Google
//! Workspace, Microsoft 365, our mail and hosting) applied to many domains.
//!
//! `apply --dry-run` reports what the template would do to each domain and
//! queues nothing. `apply` queues one plan per domain it applies to (all of
//! them in one go, or none), then sends them at once when the provider
//! answers. Skipped domains are part of the report, not failures: the exit
//! code is 0 unless the parameters or a named domain are refused (3, 4), or
//! the provider refused or conflicted with some of the plans (7).

use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;

use hjs_client::dns::templates::{DomainOutcome, DomainSelection, Phase, TemplateProgress, TemplateReport};
use hjs_client::outbox::EntryStatus;
use hjs_client::{ClientError, Workspace};
use hjs_model::dns::template::{ParamKind, TemplateParam};
use hjs_model::dns::{Template, TemplateId, TemplateRequest};

use crate::failure::{exit, Failure};
use crate::output::{line, note, print_csv, print_json, print_table, table};
use crate::TemplateCommand;

pub async fn run(command: TemplateCommand) -> Result<(), Failure> {
    match command {
        TemplateCommand::List { json } => list(json),
        TemplateCommand::Apply { template, domains, all: _, client, params, dry_run, force, format } => {
            let request = TemplateRequest { id: template, params: params.into_iter().collect() };
            let template = Template::parse(&request).map_err(ClientError::Invalid)?;
            // clap makes sure there is --domain, --all or --client.
            let selection = if domains.is_empty() { DomainSelection::All { client } } else { DomainSelection::Listed { domains } };
            let output = if format.json {
                Output::Json
            } else if format.csv {
                Output::Csv
            } else {
                Output::Table
            };
            apply(&template, &selection, dry_run, force, output).await
        }
    }
}

fn list(json: bool) -> Result<(), Failure> {
    let catalogue = TemplateId::catalogue();
    if json {
        return print_json(&catalogue);
    }
    let mut out = table(&["TEMPLATE", "TITLE", "PARAMETERS", "WHAT IT DOES"]);
    for info in &catalogue {
        let params: Vec<String> = info.params.iter().map(param_text).collect();
        out.add_row(vec![info.id.to_string(), info.title.to_string(), params.join("\n"), info.description.to_string()]);
    }
    print_table(&out, "no templates");
    Ok(())
}

/// `policy=none|quarantine|reject (default none)`, `project=TEXT (required)`.
fn param_text(param: &TemplateParam) -> String {
    let values = match param.kind {
        ParamKind::Text => "TEXT".to_string(),
        ParamKind::List => "A,B,…".to_string(),
        ParamKind::Choice => param.choices.join("|"),
        ParamKind::Flag => "yes|no".to_string(),
    };
    let mut text = format!("{}={values}", param.name);
    if let Some(default) = param.default {
        text.push_str(&format!(" (default {default})"));
    } else if param.required {
        text.push_str(" (required)");
    }
    text
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Table,
    Json,
    Csv,
}

impl Output {
    /// A line for people: with the table on stdout; beside JSON or CSV on
    /// stderr, so the data stays parseable.
    fn say(self, text: impl AsRef<str>) {
        match self {
            Output::Table => line(text),
            Output::Json | Output::Csv => note(text),
        }
    }
}

async fn apply(template: &Template, selection: &DomainSelection, dry_run: bool, force: bool, output: Output) -> Result<(), Failure> {
    let workspace = if dry_run { super::open_for_reading().await? } else { super::open().await? };
    let mut meter = Meter::new();
    let report = if dry_run {
        workspace.template_dry_run(template, selection, |p| meter.show(p)).await?
    } else {
        workspace.apply_template(template, selection, force, |p| meter.show(p)).await?
    };
    meter.finish();
    match output {
        Output::Json => print_json(&report)?,
        Output::Csv => print_report_csv(&report)?,
        Output::Table => print_report_table(&report),
    }
    output.say(summary(&report));
    if dry_run && report.needs_confirmation > 0 {
        output.say(format!("{} of them need confirmation: apply with --force to include them", report.needs_confirmation));
    }
    if dry_run || report.applied == 0 {
        return Ok(());
    }
    send(&workspace, &report, output).await
}

/// `DMARC: 12 applied, 30 skipped (24 already_applied, 6 conflict)`.
fn summary(report: &TemplateReport) -> String {
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for result in &report.results {
        if let DomainOutcome::Skipped { code, .. } = &result.outcome {
            *codes.entry(code.as_str()).or_default() += 1;
        }
    }
    let verb = if report.dry_run { "would apply to" } else { "queued for" };
    let mut text = format!("{}: {verb} {} of {} domains", report.title, report.applied, report.results.len());
    if !codes.is_empty() {
        let parts: Vec<String> = codes.iter().map(|(code, n)| format!("{n} {code}")).collect();
        text.push_str(&format!("; skipped {} ({})", report.skipped, parts.join(", ")));
    }
    text
}

fn owner(result: &hjs_client::dns::templates::DomainTemplateResult) -> String {
    result.owner_email.clone().or_else(|| result.owner_name.clone()).unwrap_or_else(|| result.owner_id.clone())
}

fn print_report_table(report: &TemplateReport) {
    let mut out = table(&["DOMAIN", "OWNER", "RESULT", "DETAILS"]);
    for result in &report.results {
        let (state, details) = match &result.outcome {
            DomainOutcome::Applied { summary, diff, notes, safety, .. } => {
                let mut details = vec![summary.clone()];
                details.extend(safety.iter().map(|check| format!("needs confirmation: {}", check.message)));
                details.extend(notes.iter().cloned());
                details.extend(diff.iter().cloned());
                (if report.dry_run { "would apply" } else { "queued" }.to_string(), details.join("\n"))
            }
            DomainOutcome::Skipped { code, reason } => (format!("skipped: {code}"), reason.clone()),
        };
        out.add_row(vec![result.display_name.clone(), owner(result), state, details]);
    }
    print_table(&out, "no domains selected");
}

fn print_report_csv(report: &TemplateReport) -> Result<(), Failure> {
    let header = [
        "domain_id",
        "domain_name",
        "display_name",
        "owner_email",
        "status",
        "code",
        "summary",
        "added",
        "changed",
        "removed",
        "needs_confirmation",
        "notes",
        "diff",
        "reason",
        "entry_id",
    ];
    print_csv(
        &header,
        report.results.iter().map(|r| {
            let mut row =
                vec![r.domain_id.clone(), r.domain_name.clone(), r.display_name.clone(), r.owner_email.clone().unwrap_or_default()];
            match &r.outcome {
                DomainOutcome::Applied { summary, added, changed, removed, diff, notes, safety, entry_id } => {
                    let checks: Vec<&str> = safety.iter().map(|check| check.message.as_str()).collect();
                    row.extend([
                        "applied".into(),
                        String::new(),
                        summary.clone(),
                        added.to_string(),
                        changed.to_string(),
                        removed.to_string(),
                        checks.join("; "),
                        notes.join("; "),
                        diff.join("\n"),
                        String::new(),
                        entry_id.clone().unwrap_or_default(),
                    ]);
                }
                DomainOutcome::Skipped { code, reason } => {
                    row.extend(["skipped".into(), code.clone()]);
                    row.extend(std::iter::repeat_n(String::new(), 7));
                    row.extend([reason.clone(), String::new()]);
                }
            }
            row
        }),
    )
}

/// One sync round after queueing, then what became of this run's entries.
async fn send(workspace: &Workspace, report: &TemplateReport, output: Output) -> Result<(), Failure> {
    match workspace.sync().await {
        Ok(()) => {}
        Err(ClientError::Offline(_)) => {
            output.say(format!("queued: the {} plans will be sent when the provider is reachable", report.applied));
            return Ok(());
        }
        Err(ClientError::SignInRequired(message)) => {
            return Err(Failure::new(exit::SIGN_IN, format!("sign in again: {message}; the plans stay queued (hjs login)")));
        }
        Err(error) => return Err(error.into()),
    }
    let ours: HashSet<&str> = report
        .results
        .iter()
        .filter_map(|r| match &r.outcome {
            DomainOutcome::Applied { entry_id, .. } => entry_id.as_deref(),
            DomainOutcome::Skipped { .. } => None,
        })
        .collect();
    let (mut pending, mut refused) = (0, 0);
    for entry in workspace.outbox().await? {
        if ours.contains(entry.id.as_str()) {
            match entry.status {
                EntryStatus::Pending => pending += 1,
                EntryStatus::Conflict | EntryStatus::Failed => refused += 1,
            }
        }
    }
    output.say(format!("sent: the provider accepted {} of {} plans", ours.len() - pending - refused, ours.len()));
    if pending > 0 {
        output.say(format!("queued: {pending} will be sent when the provider is reachable"));
    }
    if refused > 0 {
        return Err(Failure::new(
            exit::ATTENTION,
            format!("{refused} plans were refused or conflicted on the provider: see hjs outbox list (retry or discard each)"),
        ));
    }
    Ok(())
}

/// Progress on stderr, on one line rewritten in place, when a person watches.
struct Meter {
    shown: bool,
    terminal: bool,
}

impl Meter {
    fn new() -> Self {
        Self { shown: false, terminal: std::io::stderr().is_terminal() }
    }

    fn show(&mut self, progress: TemplateProgress) {
        if !self.terminal || progress.total == 0 {
            return;
        }
        let what = match progress.phase {
            Phase::Checking => "checking",
            Phase::Queueing => "queueing",
        };
        eprint!("\r{what} {}/{} domains   ", progress.done, progress.total);
        self.shown = true;
    }

    fn finish(&mut self) {
        if self.shown {
            eprintln!();
        }
    }
}
