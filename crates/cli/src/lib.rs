//! `hjs`: the HostJamstack command line, a thin front over the desktop
//! engine (`hjs-client`). Every command parses its arguments, calls the
//! engine and prints; nothing here talks to the provider or the cache on
//! its own: reads go through `hjs_client::queries`.
//!
//! Reads (`domains`, `notifications`, `search`, `outbox list`, `status`,
//! `dns list|plan|export|history|lint`, `forwards list|export`, `audit list`,
//! `tickets list|show`) come from the
//! workspace's local cache and work offline. Edits are queued
//! in the engine's outbox and sent at once when the provider can be reached.
//!
//! [`run`] is the whole program; `main.rs` only hands it the arguments.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod commands;
mod failure;
mod output;

pub use failure::exit;

const LONG_ABOUT: &str = "\
hjs: the HostJamstack command line.

Signs in to a provider, keeps a local copy of the account (a workspace's
cache) in step with it, and reads and edits that copy. Reads never need the
provider: they work offline. Edits are queued and sent as soon as the
provider can be reached; `hjs outbox list` shows what is still waiting.

Session tokens are kept in the OS keyring (Secret Service, or the kernel
keyring when none answers; HJS_KEYRING=secret-service|keyutils|session forces
one, `session` being the kernel session keyring alone). With no keyring at
all, hjs login says so and how to get one.
Workspaces and caches live in the platform data folder, or in HJS_HOME.";

const EXIT_CODES: &str = "\
Exit codes:
  0  ok
  1  unexpected failure (cache, keyring, provider error without a better code)
  2  usage: unknown command or option, missing argument
  3  invalid input: refused by validation (the field is named in the message)
  4  not found: no such domain, notification, outbox entry or workspace
  5  offline: the provider cannot be reached (only commands that need it)
  6  sign-in required: no workspace yet, or the session ended (hjs login)
  7  needs attention: conflicted or failed edits are left after a sync,
     or dns lint found errors in the zone";

/// The `hjs` command line.
#[derive(Debug, Parser)]
#[command(name = "hjs", version, about = "HostJamstack from the command line: domains, DNS, e-mail forwards, sync, queued edits.", long_about = LONG_ABOUT, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign in to a provider and download the account into a new (or the same) workspace.
    Login(LoginArgs),
    /// End the current workspace's session; its cache stays readable.
    Logout,
    /// The workspaces (provider + account) on this machine.
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Send queued edits and pull the provider's changes (once, or live with --watch).
    Sync {
        /// Keep following the provider's changes until Ctrl-C, printing status changes.
        #[arg(long)]
        watch: bool,
    },
    /// Connection, last sync, change seq and queued edits of the current workspace.
    Status {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Domains: list, show, change settings.
    #[command(subcommand)]
    Domains(DomainsCommand),
    /// Edits waiting for the provider, and the ones it refused or that conflicted.
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Notifications: list them, mark them read or unread.
    Notifications(NotificationsArgs),
    /// DNS records of a domain's zone: list, edit, plans, zone files, versions.
    #[command(subcommand)]
    Dns(DnsCommand),
    /// E-mail forwards: list, add, change, remove, export.
    #[command(subcommand)]
    Forwards(ForwardsCommand),
    /// The audit log: who changed which document, when and how (an admin sees everyone's).
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Support tickets: the queue, threads, opening, replies, notes, status, assignment.
    #[command(subcommand)]
    Tickets(TicketsCommand),
    /// Canned replies (support staff): list, show, add, change, remove.
    #[command(subcommand)]
    Canned(CannedCommand),
    /// Search domains, accounts, tickets and ticket messages in the cache.
    Search {
        /// What to look for: part of a domain name, an e-mail address, words of a ticket.
        text: String,
        /// At most this many hits of each kind.
        #[arg(long, default_value_t = 20)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
struct LoginArgs {
    /// The provider's root URL, e.g. https://provider.example.com
    #[arg(long)]
    provider: String,
    /// The account's e-mail address.
    #[arg(long)]
    email: String,
    /// Read the password from the first line of standard input (else HJS_PASSWORD, else a prompt).
    #[arg(long)]
    password_stdin: bool,
    /// The current code of the authenticator app, for accounts with two-factor sign-in.
    #[arg(long)]
    totp: Option<String>,
    /// What to call the workspace (default: "EMAIL @ HOST").
    #[arg(long)]
    name: Option<String>,
}

#[derive(Debug, Subcommand)]
enum WorkspaceCommand {
    /// Every workspace; the current one is marked with *.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Make a workspace the current one.
    Use {
        /// The workspace's name or id.
        workspace: String,
    },
    /// Forget a workspace: its cache and its session token. Refused while
    /// edits are queued there, unless --discard-queued.
    Remove {
        /// The workspace's name or id.
        workspace: String,
        /// Drop edits still queued in this workspace (they exist nowhere else).
        #[arg(long)]
        discard_queued: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Switch {
    On,
    Off,
}

impl Switch {
    fn is_on(self) -> bool {
        self == Switch::On
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DomainSort {
    /// By domain name.
    Name,
    /// Soonest expiration first.
    Expires,
}

/// How a list is printed.
#[derive(Debug, Args)]
struct ListFormat {
    /// Pretty JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// CSV with a header row.
    #[arg(long)]
    csv: bool,
}

#[derive(Debug, Subcommand)]
enum DomainsCommand {
    /// The domains this account sees (its own and, for resellers, its clients').
    List {
        /// Only domains in this status.
        #[arg(long, value_parser = status_values())]
        status: Option<String>,
        /// Only domains expiring within this window from now: 30d, 12h, 2w (a bare number is days).
        #[arg(long, value_name = "WINDOW", value_parser = parse_window)]
        expiring: Option<chrono::Duration>,
        /// Only domains whose auto-renew is on (or off).
        #[arg(long)]
        auto_renew: Option<Switch>,
        /// Only domains whose name contains this text.
        #[arg(long)]
        search: Option<String>,
        /// Order of the list.
        #[arg(long, value_enum, default_value_t = DomainSort::Name)]
        sort: DomainSort,
        /// At most this many domains.
        #[arg(long)]
        limit: Option<i64>,
        #[command(flatten)]
        format: ListFormat,
    },
    /// One domain: dates, settings, name servers, DNS records, queued edits.
    Show {
        /// The domain's name (ASCII or Unicode) or id.
        domain: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a domain's settings; the change is queued, then sent when the provider can be reached.
    Set {
        /// The domain's name (ASCII or Unicode) or id.
        domain: String,
        #[arg(long)]
        auto_renew: Option<Switch>,
        /// The registrar's transfer lock.
        #[arg(long)]
        lock: Option<Switch>,
        /// WHOIS privacy.
        #[arg(long)]
        privacy: Option<Switch>,
        /// Delegate to these name servers (2 to 13, comma-separated).
        #[arg(long, value_delimiter = ',', conflicts_with = "default_nameservers")]
        nameservers: Option<Vec<String>>,
        /// Go back to the provider's own name servers.
        #[arg(long)]
        default_nameservers: bool,
    },
}

/// What `--force` says, shared by every command that queues a zone plan.
const FORCE_HELP: &str = "Apply even when the plan needs confirmation (the apex NS or MX removed, a large change)";

#[derive(Debug, Subcommand)]
enum DnsCommand {
    /// The zone's records, grouped by type.
    List {
        /// The domain's name (ASCII or Unicode) or id.
        domain: String,
        #[command(flatten)]
        format: ListFormat,
    },
    /// Add one record.
    Add {
        domain: String,
        /// A, AAAA, CNAME, MX, TXT, NS, SRV, PTR or CAA.
        #[arg(value_parser = parse_record_type)]
        record_type: hjs_model::documents::DnsRecordType,
        /// Relative to the zone: @ for the domain itself, www, _dmarc, *.
        name: String,
        value: String,
        /// Seconds (60 to 86400).
        #[arg(long, default_value_t = 3600)]
        ttl: u32,
        /// MX and SRV only (lower is tried first).
        #[arg(long)]
        priority: Option<u16>,
        /// A note for people; never published.
        #[arg(long)]
        comment: Option<String>,
        /// Add it switched off (kept, not published).
        #[arg(long)]
        inactive: bool,
    },
    /// Change a record; the fields not given stay as they are.
    Set {
        domain: String,
        /// The record's id (hjs dns list).
        id: String,
        #[arg(long = "type", value_parser = parse_record_type)]
        record_type: Option<hjs_model::documents::DnsRecordType>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        value: Option<String>,
        #[arg(long)]
        ttl: Option<u32>,
        #[arg(long)]
        priority: Option<u16>,
        /// The note; an empty one removes it.
        #[arg(long)]
        comment: Option<String>,
        /// Publish it.
        #[arg(long, conflicts_with = "inactive")]
        active: bool,
        /// Keep it, unpublished.
        #[arg(long)]
        inactive: bool,
    },
    /// Remove records (in one plan).
    Rm {
        domain: String,
        /// The records' ids (hjs dns list).
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, help = FORCE_HELP)]
        force: bool,
    },
    /// Check a plan file ({"changes": [...]}, as the API takes) against the zone and show its diff; queues nothing.
    Plan {
        domain: String,
        /// The plan as JSON; - reads standard input.
        file: std::path::PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check a plan file, show its diff, then queue it.
    Apply {
        domain: String,
        /// The plan as JSON; - reads standard input.
        file: std::path::PathBuf,
        #[arg(long, help = FORCE_HELP)]
        force: bool,
    },
    /// Read a zone file (RFC 1035) as a plan and show it; with --apply, queue it.
    Import {
        domain: String,
        /// The zone file; - reads standard input.
        file: std::path::PathBuf,
        /// Also remove the records that are not in the file (system records stay).
        #[arg(long)]
        replace: bool,
        /// Queue the plan (else it is only shown).
        #[arg(long)]
        apply: bool,
        #[arg(long, help = FORCE_HELP, requires = "apply")]
        force: bool,
    },
    /// The zone as an RFC 1035 zone file.
    Export {
        domain: String,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
    /// The zone's versions (applied plans), newest first; or what changed between two of them.
    History {
        domain: String,
        /// What changed from version FROM to version TO (0: the empty zone).
        #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
        diff: Option<Vec<i64>>,
        #[arg(long)]
        json: bool,
    },
    /// Check the zone for mistakes (SPF, DMARC, dangling targets, ...); exits 7 when it finds errors.
    Lint {
        domain: String,
        /// The findings as JSON, each with the plan that fixes it (for hjs dns apply).
        #[arg(long)]
        json: bool,
    },
    /// Show the plan that brings the zone back to a version; with --apply, queue it.
    Restore {
        domain: String,
        /// The version (hjs dns history).
        version: i64,
        /// Queue the plan (else it is only shown).
        #[arg(long)]
        apply: bool,
        #[arg(long, help = FORCE_HELP, requires = "apply")]
        force: bool,
    },
    /// Templates (SPF, DMARC, Google Workspace, Microsoft 365, our mail and hosting) applied to many domains at once.
    #[command(subcommand)]
    Template(TemplateCommand),
}

#[derive(Debug, Subcommand)]
enum TemplateCommand {
    /// The templates and their parameters.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Apply a template to domains: one plan per domain, queued together and sent; --dry-run only shows them.
    Apply {
        /// The template's id (hjs dns template list), e.g. dmarc.
        template: String,
        /// A domain's name or id; repeat for more.
        #[arg(long = "domain", value_name = "NAME", required_unless_present_any = ["all", "client"], conflicts_with_all = ["all", "client"])]
        domains: Vec<String>,
        /// Every domain of the workspace (a reseller's clients' included).
        #[arg(long)]
        all: bool,
        /// Only the domains of this client (account id or e-mail address).
        #[arg(long, value_name = "USER")]
        client: Option<String>,
        /// A template parameter; repeat for more (hjs dns template list shows them).
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// Show what the template would do to each domain; queue nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also apply to domains whose plan needs confirmation (a large change); else they are skipped.
        #[arg(long, conflicts_with = "dry_run")]
        force: bool,
        #[command(flatten)]
        format: ListFormat,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Audit events in the cache, newest first, with the filters given.
    List(AuditListArgs),
}

#[derive(Debug, Args)]
struct AuditListArgs {
    /// Who made the change: a user id, an e-mail address, or part of one person's address or name.
    #[arg(long)]
    user: Option<String>,
    /// The role they acted in.
    #[arg(long, value_parser = wire_values(hjs_model::documents::UserRole::ALL, |r| r.as_str()))]
    role: Option<String>,
    /// How the change came.
    #[arg(long, value_parser = wire_values(hjs_model::documents::AuditVia::ALL, |v| v.as_str()))]
    via: Option<String>,
    /// The changed document's collection: domains, dnsRecords, emailForwardings, users, ...
    #[arg(long)]
    collection: Option<String>,
    /// What was done.
    #[arg(long, value_parser = wire_values(hjs_model::documents::AuditOperation::ALL, |o| o.as_str()))]
    action: Option<String>,
    /// The changed document's id.
    #[arg(long, value_name = "ID")]
    doc: Option<String>,
    /// From this time on: 2026-11-23T16:00:00Z, a date (2026-11-23) or a window back from now (7d, 12h).
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// Up to this time: 2026-11-23T16:00:00Z, or a date (that whole day included).
    #[arg(long, value_name = "TIME")]
    until: Option<String>,
    /// Words that must all appear in the summary, the document's name or the actor's name or address.
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// At most this many events.
    #[arg(long, default_value_t = 50)]
    limit: i64,
    #[command(flatten)]
    format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ForwardsFormat {
    /// A Postfix virtual alias map (postmap input); active forwards only.
    Postfix,
    /// CSV with every forward, its state and statistics.
    Csv,
}

#[derive(Debug, Subcommand)]
enum TicketsCommand {
    /// The ticket queue, most urgent first (or by SLA due time): filter by status, priority, category, assignee, customer.
    List {
        /// open, in_progress, waiting_customer, resolved or closed.
        #[arg(long)]
        status: Option<String>,
        /// urgent, high, normal or low.
        #[arg(long)]
        priority: Option<String>,
        /// technical, billing, general or migration.
        #[arg(long)]
        category: Option<String>,
        /// Only open, in-progress and waiting tickets.
        #[arg(long, conflicts_with = "breaching")]
        active: bool,
        /// Only tickets whose first reply is due within the hour or overdue (sorted by due time).
        #[arg(long)]
        breaching: bool,
        /// Tickets awaiting a first reply first, soonest due first.
        #[arg(long)]
        by_due: bool,
        /// Only the tickets assigned to me.
        #[arg(long, conflicts_with = "unassigned")]
        mine: bool,
        /// Only the tickets nobody has taken.
        #[arg(long)]
        unassigned: bool,
        /// One customer's tickets (their user id).
        #[arg(long)]
        customer: Option<String>,
        /// At most this many tickets (default 50).
        #[arg(long)]
        limit: Option<i64>,
        #[command(flatten)]
        format: ListFormat,
    },
    /// Search tickets and every message you may see for words, newest first, with the matching words marked.
    Search {
        /// The words (each may be the start of a word).
        text: String,
        /// open, in_progress, waiting_customer, resolved or closed.
        #[arg(long)]
        status: Option<String>,
        /// Only the tickets assigned to me.
        #[arg(long, conflicts_with = "unassigned")]
        mine: bool,
        /// Only the tickets nobody has taken.
        #[arg(long)]
        unassigned: bool,
        /// One customer's tickets (their user id).
        #[arg(long)]
        customer: Option<String>,
        /// Opened on or after this day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Opened on or before this day (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A ticket and its thread (internal notes marked as such).
    Show {
        /// The ticket's number (TKT-2026-000123) or id.
        ticket: String,
        #[arg(long)]
        json: bool,
    },
    /// Open a ticket: your own, or (support staff) a customer's with --customer.
    Open {
        #[arg(long)]
        subject: String,
        /// What is wrong; "-" reads it from standard input.
        #[arg(long)]
        description: String,
        #[arg(long, value_enum, default_value_t = TicketCategoryArg::General)]
        category: TicketCategoryArg,
        #[arg(long, value_enum, default_value_t = TicketPriorityArg::Normal)]
        priority: TicketPriorityArg,
        /// The customer's user id (staff opening a ticket on a customer's behalf).
        #[arg(long)]
        customer: Option<String>,
        /// A domain of the customer's the ticket is about (repeatable).
        #[arg(long = "domain")]
        domains: Vec<String>,
    },
    /// Reply on a ticket (the customer sees it); "-" reads the text from standard input.
    Reply {
        ticket: String,
        /// The text; leave it out with --canned.
        #[arg(required_unless_present = "canned")]
        text: Option<String>,
        /// Reply with a canned reply (title or id), its variables filled in for the ticket.
        #[arg(long, conflicts_with = "text")]
        canned: Option<String>,
        /// Minutes spent on it (support staff), logged against the customer's support package.
        #[arg(long)]
        minutes: Option<u32>,
        /// A file to attach (repeatable; 25 MB each, 10 at most).
        #[arg(long = "attach", value_name = "PATH")]
        attach: Vec<std::path::PathBuf>,
    },
    /// Add an internal note (support staff; the customer never sees it).
    Note {
        ticket: String,
        text: String,
        /// Minutes spent on it, logged against the customer's support package.
        #[arg(long)]
        minutes: Option<u32>,
        /// A file to attach (repeatable; 25 MB each, 10 at most).
        #[arg(long = "attach", value_name = "PATH")]
        attach: Vec<std::path::PathBuf>,
    },
    /// Save a ticket's attached files (all, or those named) into a folder.
    Download {
        ticket: String,
        /// File names to save; all of them when left out.
        names: Vec<String>,
        /// The folder to save into.
        #[arg(long, default_value = ".")]
        to: std::path::PathBuf,
    },
    /// Move a ticket to another status.
    Status {
        ticket: String,
        #[arg(value_enum)]
        status: TicketStatusArg,
    },
    /// Assign a ticket: "me", "none", or a staff member's id or e-mail.
    Assign { ticket: String, to: String },
    /// Merge a duplicate ticket into another of the same customer's (support staff): its messages move, it closes.
    Merge {
        /// The duplicate's number or id.
        ticket: String,
        /// The ticket that stays (number or id).
        #[arg(long)]
        into: String,
    },
    /// Change a ticket's priority (support staff).
    Priority {
        ticket: String,
        #[arg(value_enum)]
        priority: TicketPriorityArg,
    },
}

#[derive(Debug, Subcommand)]
enum CannedCommand {
    /// The library, by title.
    List {
        #[command(flatten)]
        format: ListFormat,
    },
    /// One canned reply's text, or (with --ticket) its text filled in for a ticket.
    Show {
        /// Its title (any case) or id.
        reply: String,
        /// A ticket number or id whose customer, number and domain fill the variables.
        #[arg(long)]
        ticket: Option<String>,
    },
    /// Add one. Variables: {{customer.firstName}}, {{customer.name}}, {{ticket.number}}, {{ticket.subject}}, {{domain}}.
    Add {
        #[arg(long)]
        title: String,
        /// The text; "-" reads it from standard input.
        #[arg(long)]
        content: String,
    },
    /// Change one's title and text.
    Set {
        reply: String,
        #[arg(long)]
        title: Option<String>,
        /// "-" reads it from standard input.
        #[arg(long)]
        content: Option<String>,
    },
    /// Remove one.
    Rm { reply: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
enum TicketStatusArg {
    Open,
    InProgress,
    WaitingCustomer,
    Resolved,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TicketPriorityArg {
    Low,
    Normal,
    High,
    Urgent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TicketCategoryArg {
    Technical,
    Billing,
    General,
    Migration,
}

#[derive(Debug, Subcommand)]
enum ForwardsCommand {
    /// Every forward, or one domain's; warns when a domain's mail does not reach our servers.
    List {
        /// The domain's name or id (default: every domain).
        domain: Option<String>,
        #[command(flatten)]
        format: ListFormat,
    },
    /// Forward an address of a domain to one or more others.
    Add {
        domain: String,
        /// The address that receives mail, e.g. info@example.com.
        from: String,
        /// Where it goes.
        #[arg(required = true)]
        to: Vec<String>,
        /// Also take mail for every address of the domain that has no forward of its own.
        #[arg(long)]
        catch_all: bool,
        /// Add it switched off.
        #[arg(long)]
        inactive: bool,
    },
    /// Change where a forward goes, or switch it on or off.
    Set {
        /// The forward's id (hjs forwards list).
        id: String,
        /// The new targets, comma-separated.
        #[arg(long, value_delimiter = ',')]
        to: Option<Vec<String>>,
        #[arg(long, conflicts_with = "disable")]
        enable: bool,
        #[arg(long)]
        disable: bool,
    },
    /// Remove a forward.
    Rm {
        /// The forward's id (hjs forwards list).
        id: String,
    },
    /// Forwards as a Postfix virtual map or CSV.
    Export {
        /// The domain's name or id (default: every domain).
        domain: Option<String>,
        #[arg(long, value_enum)]
        format: ForwardsFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
    /// Point the domain's MX records at our mail servers, so its forwards receive mail.
    FixMx {
        domain: String,
        #[arg(long, help = FORCE_HELP)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum OutboxCommand {
    /// Queued edits, oldest first; conflicts show the provider's values beside yours.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Send a conflicted or failed edit again (for a conflict: keep mine).
    Retry {
        /// The outbox entry's id.
        id: String,
    },
    /// Drop a queued edit (for a conflict: take theirs).
    Discard {
        /// The outbox entry's id.
        id: String,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
struct NotificationsArgs {
    #[command(subcommand)]
    action: Option<NotificationAction>,
    /// Only unread notifications.
    #[arg(long)]
    unread: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum NotificationAction {
    /// Mark a notification read.
    Read {
        /// The notification's id.
        id: String,
    },
    /// Mark a notification unread.
    Unread {
        /// The notification's id.
        id: String,
    },
}

fn status_values() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(hjs_model::documents::DomainStatus::ALL.iter().map(|status| status.as_str()))
}

/// The wire names of a closed set of the model, as the only values an option takes.
fn wire_values<T>(all: &'static [T], name: fn(&T) -> &'static str) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(all.iter().map(name))
}

/// A record type in any case: `a`, `MX`.
fn parse_record_type(text: &str) -> Result<hjs_model::documents::DnsRecordType, String> {
    text.trim().to_ascii_uppercase().parse().map_err(|e: hjs_model::error::ParseError| e.message)
}

/// `name=value` (the value may hold `=`).
fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_ascii_lowercase(), value.trim().to_string())),
        _ => Err(format!("'{text}' is not NAME=VALUE, e.g. policy=reject")),
    }
}

/// `30d`, `12h`, `2w`, or a bare number of days.
fn parse_window(text: &str) -> Result<chrono::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last() {
        Some((i, unit)) if unit.is_ascii_alphabetic() => (&text[..i], unit.to_ascii_lowercase()),
        _ => (text, 'd'),
    };
    let n: i64 = number.trim().parse().map_err(|_| format!("'{text}' is not a window like 30d, 12h or 2w"))?;
    if !(0..=36_500).contains(&n) {
        return Err(format!("'{text}' is out of range"));
    }
    match unit {
        'h' => Ok(chrono::Duration::hours(n)),
        'd' => Ok(chrono::Duration::days(n)),
        'w' => Ok(chrono::Duration::weeks(n)),
        _ => Err(format!("'{text}': the unit is h (hours), d (days) or w (weeks)")),
    }
}

/// Runs `hjs` with these arguments (the first is the program name) and
/// returns its exit code; see [`exit`] for their meaning.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version print to stdout and exit 0; usage errors exit 2.
            let _ = error.print();
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start: {error}");
            return ExitCode::from(exit::UNEXPECTED);
        }
    };
    match runtime.block_on(commands::dispatch(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message.replace(['\n', '\r'], " "));
            ExitCode::from(failure.code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_as_hours_days_or_weeks() {
        assert_eq!(parse_window("30d"), Ok(chrono::Duration::days(30)));
        assert_eq!(parse_window("12h"), Ok(chrono::Duration::hours(12)));
        assert_eq!(parse_window("2W"), Ok(chrono::Duration::weeks(2)));
        assert_eq!(parse_window("7"), Ok(chrono::Duration::days(7)));
        assert!(parse_window("soon").is_err());
        assert!(parse_window("3y").is_err());
        assert!(parse_window("-1d").is_err());
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
