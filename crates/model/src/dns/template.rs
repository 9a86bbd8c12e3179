//! DNS templates: the records a service needs (SPF, DMARC, Google
//! Workspace, Microsoft 365, our own mail and hosting), planned zone by zone
//! so that one template can be applied to thousands of domains at once.
//!
//! A [`TemplateRequest`] (an id and text parameters, as a form or
//! `--param k=v` gives them) parses into a [`Template`]; for each zone,
//! [`Template::plan_for`] decides: [`TemplateOutcome::Applied`] with the
//! plan and notes saying what it replaces, or [`TemplateOutcome::Skipped`]
//! with a reason. The rules:
//!
//! - **Idempotent.** A zone that already has the records is skipped
//!   (`already_applied`): applying a template twice changes nothing.
//! - **SPF is merged.** A zone has one SPF record per name, so the terms a
//!   template needs (`include:_spf.google.com`) are added to the existing
//!   one, keeping its other terms and its `all`; two SPF records are left to
//!   a person (`spf_multiple`), and so is a merge that would need more DNS
//!   lookups than receivers allow (`spf_too_many_lookups`).
//! - **Record sets are replaced.** Pointing a domain's mail (MX) or web
//!   site (the apex A and AAAA) somewhere else is what such a template is
//!   for: the other records of that set are removed, and the notes say so.
//! - **Single records are not overwritten.** A different record where the
//!   template needs one (a CNAME at `www`, another DMARC record, another SRV
//!   service) skips the zone (`conflict`) unless `replace=yes` was given.
//! - **System records are never touched.** A template that would have to
//!   change or remove one skips the zone (`system_record`).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::lint::{self, is_spf, LintContext, PROJECT_HOST_SUFFIX};
use super::record::host_target;
use super::{PlanChange, RecordDraft, RecordIdentity, ZonePlan};
use crate::documents::{DnsRecord, DnsRecordType};
use crate::{string_enum, DomainName, EmailAddress, FieldError, FieldErrors, ObjectId, Timestamp};

/// The provider's mail exchangers and their priorities: what a domain's MX
/// must name for its mailboxes and forwards to receive mail.
pub const OUR_MAIL_SERVERS: [(&str, u16); 2] = [("mx1.hostjamstack.com", 10), ("mx2.hostjamstack.com", 20)];
/// The SPF record of our outgoing mail servers, for `include:`.
pub const OUR_SPF_INCLUDE: &str = "_spf.hostjamstack.com";
/// Webmail, for the `webmail.<domain>` CNAME.
pub const OUR_WEBMAIL_HOST: &str = "webmail.hostjamstack.com";
/// Mail submission (`_submission._tcp`) and IMAP over TLS (`_imaps._tcp`):
/// weight, port and host, as SRV values.
pub const OUR_SUBMISSION_SRV: &str = "1 587 smtp.hostjamstack.com";
pub const OUR_IMAPS_SRV: &str = "1 993 imap.hostjamstack.com";
/// The hosting edge: a hosted domain's apex A and AAAA point here.
pub const EDGE_IPV4: &str = "203.0.113.10";
pub const EDGE_IPV6: &str = "2001:db8:2a::10";

/// Google Workspace's mail exchangers (priority, host), as Google lists them.
const GOOGLE_MX: [(u16, &str); 5] = [
    (1, "aspmx.l.google.com"),
    (5, "alt1.aspmx.l.google.com"),
    (5, "alt2.aspmx.l.google.com"),
    (10, "alt3.aspmx.l.google.com"),
    (10, "alt4.aspmx.l.google.com"),
];
const GOOGLE_SPF_INCLUDE: &str = "_spf.google.com";
const MICROSOFT_SPF_INCLUDE: &str = "spf.protection.outlook.com";
const MICROSOFT_AUTODISCOVER: &str = "autodiscover.outlook.com";
const MICROSOFT_MX_SUFFIX: &str = "mail.protection.outlook.com";

/// TTL of the records templates create.
const TEMPLATE_TTL: u32 = 3600;

string_enum! {
    /// Which template.
    pub enum TemplateId {
        Spf = "spf",
        Dmarc = "dmarc",
        GoogleWorkspace = "google-workspace",
        Microsoft365 = "microsoft-365",
        ProviderMail = "provider-mail",
        ProviderHosting = "provider-hosting",
    }
}

string_enum! {
    /// What an SPF record tells receivers to do with mail from other senders.
    pub enum SpfAll {
        /// `-all`: reject it.
        Fail = "fail",
        /// `~all`: accept it, marked as suspicious.
        Softfail = "softfail",
    }
}

string_enum! {
    /// A DMARC policy (`p=`).
    pub enum DmarcPolicy {
        None = "none",
        Quarantine = "quarantine",
        Reject = "reject",
    }
}

impl SpfAll {
    fn term(self) -> &'static str {
        match self {
            SpfAll::Fail => "-all",
            SpfAll::Softfail => "~all",
        }
    }
}

/// A template as people choose it: its id and its parameters as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateRequest {
    pub id: String,
    #[serde(default)]
    pub params: BTreeMap<String, String>,
}

/// How a parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ParamKind {
    Text,
    /// Comma-separated values.
    List,
    /// One of `choices`.
    Choice,
    /// `yes` or `no`.
    Flag,
}

/// One parameter of a template, for forms and `hjs dns template list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateParam {
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: ParamKind,
    pub choices: Vec<&'static str>,
    pub default: Option<&'static str>,
    pub required: bool,
}

/// A template as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateInfo {
    pub id: TemplateId,
    pub title: &'static str,
    pub description: &'static str,
    pub params: Vec<TemplateParam>,
}

/// A template with its parameters parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    Spf {
        includes: Vec<String>,
        mx: bool,
        all: SpfAll,
    },
    Dmarc {
        policy: DmarcPolicy,
        rua: Option<EmailAddress>,
        replace: bool,
    },
    GoogleWorkspace {
        replace: bool,
    },
    Microsoft365 {
        replace: bool,
    },
    ProviderMail {
        replace: bool,
    },
    /// `project` is the hosting project's slug (`<slug>.hostjamstack.app`).
    ProviderHosting {
        project: String,
        replace: bool,
    },
}

/// Why a template leaves a zone alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Skip {
    /// Stable: `already_applied`, `conflict`, `system_record`,
    /// `spf_multiple`, `spf_too_many_lookups`, `not_applicable`.
    pub code: String,
    /// One line for people.
    pub reason: String,
}

/// What a template does to one zone.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateOutcome {
    /// The plan that applies it (not `confirmed`: whoever shows it checks
    /// its safety), and notes on what it replaces or merges.
    Applied {
        plan: ZonePlan,
        notes: Vec<String>,
    },
    Skipped(Skip),
}

fn skip(code: &str, reason: String) -> TemplateOutcome {
    TemplateOutcome::Skipped(Skip { code: code.into(), reason })
}

const REPLACE: TemplateParam = TemplateParam {
    name: "replace",
    label: "Replace conflicting records",
    help: "Replace a different record at a name the template needs (never a record managed by HostJamstack); without it, such a domain is skipped",
    kind: ParamKind::Flag,
    choices: Vec::new(),
    default: Some("no"),
    required: false,
};

impl TemplateId {
    pub fn title(self) -> &'static str {
        match self {
            TemplateId::Spf => "SPF",
            TemplateId::Dmarc => "DMARC",
            TemplateId::GoogleWorkspace => "Google Workspace mail",
            TemplateId::Microsoft365 => "Microsoft 365 mail",
            TemplateId::ProviderMail => "HostJamstack mail",
            TemplateId::ProviderHosting => "HostJamstack hosting",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            TemplateId::Spf => {
                "An SPF record naming who may send the domain's mail; merged into an existing SPF record instead of adding a second"
            }
            TemplateId::Dmarc => "A DMARC record at _dmarc: what receivers do with mail that fails SPF and DKIM, and where they report it",
            TemplateId::GoogleWorkspace => {
                "Google's five MX records (replacing the domain's other MX records) and include:_spf.google.com in the SPF record"
            }
            TemplateId::Microsoft365 => {
                "The tenant's MX (<domain-with-dashes>.mail.protection.outlook.com, replacing other MX records), the autodiscover CNAME and include:spf.protection.outlook.com in the SPF record"
            }
            TemplateId::ProviderMail => {
                "Our mail: MX mx1/mx2.hostjamstack.com (replacing other MX records), our SPF include, webmail and the submission and IMAPS services"
            }
            TemplateId::ProviderHosting => {
                "Our hosting: the apex A and AAAA on our edge (replacing other apex addresses) and www as a CNAME to the project"
            }
        }
    }

    pub fn params(self) -> Vec<TemplateParam> {
        match self {
            TemplateId::Spf => vec![
                TemplateParam {
                    name: "include",
                    label: "Include",
                    help: "Other senders' SPF records to include, comma-separated, e.g. _spf.google.com, servers.mcsv.net",
                    kind: ParamKind::List,
                    choices: Vec::new(),
                    default: None,
                    required: false,
                },
                TemplateParam {
                    name: "mx",
                    label: "Allow the MX hosts",
                    help: "Let the hosts of the domain's MX records send its mail (the mx term)",
                    kind: ParamKind::Flag,
                    choices: Vec::new(),
                    default: Some("yes"),
                    required: false,
                },
                TemplateParam {
                    name: "all",
                    label: "Other senders",
                    help: "What receivers do with mail from anyone else: fail (-all) or softfail (~all); an existing record keeps its own",
                    kind: ParamKind::Choice,
                    choices: SpfAll::ALL.iter().map(SpfAll::as_str).collect(),
                    default: Some("softfail"),
                    required: false,
                },
            ],
            TemplateId::Dmarc => vec![
                TemplateParam {
                    name: "policy",
                    label: "Policy",
                    help: "What receivers do with mail that fails: none (only report), quarantine (spam folder) or reject",
                    kind: ParamKind::Choice,
                    choices: DmarcPolicy::ALL.iter().map(DmarcPolicy::as_str).collect(),
                    default: Some("none"),
                    required: false,
                },
                TemplateParam {
                    name: "rua",
                    label: "Reports to",
                    help: "The e-mail address that receives the daily aggregate reports (rua=mailto:…)",
                    kind: ParamKind::Text,
                    choices: Vec::new(),
                    default: None,
                    required: false,
                },
                REPLACE,
            ],
            TemplateId::GoogleWorkspace | TemplateId::Microsoft365 | TemplateId::ProviderMail => vec![REPLACE],
            TemplateId::ProviderHosting => vec![
                TemplateParam {
                    name: "project",
                    label: "Project",
                    help: "The hosting project that serves the site: its name or its host, <name>.hostjamstack.app",
                    kind: ParamKind::Text,
                    choices: Vec::new(),
                    default: None,
                    required: true,
                },
                REPLACE,
            ],
        }
    }

    pub fn info(self) -> TemplateInfo {
        TemplateInfo { id: self, title: self.title(), description: self.description(), params: self.params() }
    }

    /// Every template, in the order people are offered them.
    pub fn catalogue() -> Vec<TemplateInfo> {
        TemplateId::ALL.iter().map(|id| id.info()).collect()
    }
}

/// The parameters of a request, read one by one; every problem is kept,
/// named by the parameter.
struct Params<'a> {
    given: &'a BTreeMap<String, String>,
    errors: FieldErrors,
}

impl Params<'_> {
    /// The trimmed value, `None` when absent or blank.
    fn text(&self, name: &str) -> Option<&str> {
        self.given.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    fn flag(&mut self, name: &str, default: bool) -> bool {
        match self.text(name).map(str::to_ascii_lowercase).as_deref() {
            None => default,
            Some("yes" | "true" | "on" | "1") => true,
            Some("no" | "false" | "off" | "0") => false,
            Some(other) => {
                let message = format!("'{other}' is not yes or no");
                self.errors.push(FieldError::new(name, "invalid_value", message));
                default
            }
        }
    }

    fn choice<T: std::str::FromStr<Err = crate::error::ParseError>>(&mut self, name: &str, default: T) -> T {
        match self.text(name) {
            None => default,
            Some(text) => self.errors.check(name, text.to_ascii_lowercase().parse()).unwrap_or(default),
        }
    }

    /// Comma- or space-separated values.
    fn list(&self, name: &str) -> Vec<String> {
        self.text(name).map(|text| text.split([',', ' ']).filter(|v| !v.is_empty()).map(str::to_string).collect()).unwrap_or_default()
    }
}

impl Template {
    /// Parses a request. Errors name the parameter (`policy`, `rua`,
    /// `include[1]`, `project`), or `id` for an unknown template; codes:
    /// `invalid_value`, `required`, `unknown_parameter`, `invalid_email`,
    /// `invalid_hostname`, `invalid_project`.
    pub fn parse(request: &TemplateRequest) -> Result<Template, FieldErrors> {
        let id: TemplateId = request.id.trim().to_ascii_lowercase().parse().map_err(|e: crate::error::ParseError| {
            FieldErrors(vec![FieldError::new("id", "unknown_template", format!("no such template: {}", e.message))])
        })?;
        let mut params = Params { given: &request.params, errors: FieldErrors::new() };
        let known: Vec<&str> = id.params().iter().map(|p| p.name).collect();
        for name in request.params.keys() {
            if !known.contains(&name.as_str()) {
                let takes = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                params.errors.push(FieldError::new(
                    name.as_str(),
                    "unknown_parameter",
                    format!("the {} template has no parameter '{name}' (it takes: {takes})", id.title()),
                ));
            }
        }
        // The zone only shapes error hints here; a template is checked before any zone is known.
        let hint_zone = DomainName::parse("example.com").map_err(|e| FieldErrors(vec![e.at("id")]))?;
        let template = match id {
            TemplateId::Spf => {
                let mut includes = Vec::new();
                for (i, include) in params.list("include").iter().enumerate() {
                    let host = include.strip_prefix("include:").unwrap_or(include);
                    if let Some(host) = params.errors.check(&format!("include[{i}]"), host_target(host, &hint_zone, false, true)) {
                        if !includes.contains(&host) {
                            includes.push(host);
                        }
                    }
                }
                let mx = params.flag("mx", true);
                let all = params.choice("all", SpfAll::Softfail);
                Template::Spf { includes, mx, all }
            }
            TemplateId::Dmarc => {
                let policy = params.choice("policy", DmarcPolicy::None);
                let rua = params.text("rua").map(|text| text.strip_prefix("mailto:").unwrap_or(text).to_string());
                let rua = rua.and_then(|text| params.errors.check("rua", EmailAddress::parse(&text)));
                Template::Dmarc { policy, rua, replace: params.flag("replace", false) }
            }
            TemplateId::GoogleWorkspace => Template::GoogleWorkspace { replace: params.flag("replace", false) },
            TemplateId::Microsoft365 => Template::Microsoft365 { replace: params.flag("replace", false) },
            TemplateId::ProviderMail => Template::ProviderMail { replace: params.flag("replace", false) },
            TemplateId::ProviderHosting => {
                let project = match params.text("project") {
                    None => {
                        params.errors.push(FieldError::new("project", "required", "name the hosting project that serves the site"));
                        String::new()
                    }
                    Some(text) => params.errors.check("project", project_slug(text)).unwrap_or_default(),
                };
                Template::ProviderHosting { project, replace: params.flag("replace", false) }
            }
        };
        params.errors.into_result().map(|()| template)
    }

    pub fn id(&self) -> TemplateId {
        match self {
            Template::Spf { .. } => TemplateId::Spf,
            Template::Dmarc { .. } => TemplateId::Dmarc,
            Template::GoogleWorkspace { .. } => TemplateId::GoogleWorkspace,
            Template::Microsoft365 { .. } => TemplateId::Microsoft365,
            Template::ProviderMail { .. } => TemplateId::ProviderMail,
            Template::ProviderHosting { .. } => TemplateId::ProviderHosting,
        }
    }

    fn replace(&self) -> bool {
        match self {
            Template::Spf { .. } => false,
            Template::Dmarc { replace, .. }
            | Template::GoogleWorkspace { replace }
            | Template::Microsoft365 { replace }
            | Template::ProviderMail { replace }
            | Template::ProviderHosting { replace, .. } => *replace,
        }
    }

    /// What the template needs in `zone`, or why it cannot apply there at all.
    fn wants(&self, zone: &DomainName) -> Result<Vec<Want>, Skip> {
        let comment = Some(format!("DNS template: {}", self.id().title()));
        let draft = |record_type, name: &str, value: String, priority| RecordDraft {
            record_type,
            name: name.into(),
            value,
            ttl: TEMPLATE_TTL,
            priority,
            is_active: true,
            comment: comment.clone(),
        };
        let mx_set = |hosts: Vec<(String, u16)>| Want::Set {
            record_type: DnsRecordType::MX,
            name: "@",
            records: hosts.into_iter().map(|(host, priority)| draft(DnsRecordType::MX, "@", host, Some(priority))).collect(),
        };
        let spf = |terms: Vec<String>, all| Want::Spf { terms, all, comment: comment.clone() };
        Ok(match self {
            Template::Spf { includes, mx, all } => {
                let mut terms: Vec<String> = if *mx { vec!["mx".into()] } else { Vec::new() };
                terms.extend(includes.iter().map(|host| format!("include:{host}")));
                vec![spf(terms, *all)]
            }
            Template::Dmarc { policy, rua, .. } => {
                let mut value = format!("v=DMARC1; p={policy}");
                if let Some(rua) = rua {
                    value.push_str(&format!("; rua=mailto:{rua}"));
                }
                vec![Want::One { record: draft(DnsRecordType::TXT, "_dmarc", value, None), kind: Kind::Dmarc }]
            }
            Template::GoogleWorkspace { .. } => vec![
                mx_set(GOOGLE_MX.iter().map(|(priority, host)| (host.to_string(), *priority)).collect()),
                spf(vec![format!("include:{GOOGLE_SPF_INCLUDE}")], SpfAll::Softfail),
            ],
            Template::Microsoft365 { .. } => {
                let tenant = zone.as_str().replace('.', "-");
                if tenant.len() > 63 {
                    return Err(Skip {
                        code: "not_applicable".into(),
                        reason: format!(
                            "{} is too long for Microsoft 365's usual MX host ({tenant}.{MICROSOFT_MX_SUFFIX} has a label over 63 characters); add the MX host the Microsoft 365 admin center shows",
                            zone.unicode()
                        ),
                    });
                }
                vec![
                    mx_set(vec![(format!("{tenant}.{MICROSOFT_MX_SUFFIX}"), 0)]),
                    Want::One {
                        record: draft(DnsRecordType::CNAME, "autodiscover", MICROSOFT_AUTODISCOVER.into(), None),
                        kind: Kind::Alone,
                    },
                    spf(vec![format!("include:{MICROSOFT_SPF_INCLUDE}")], SpfAll::Fail),
                ]
            }
            Template::ProviderMail { .. } => vec![
                mx_set(OUR_MAIL_SERVERS.iter().map(|(host, priority)| (host.to_string(), *priority)).collect()),
                spf(vec![format!("include:{OUR_SPF_INCLUDE}")], SpfAll::Softfail),
                Want::One { record: draft(DnsRecordType::CNAME, "webmail", OUR_WEBMAIL_HOST.into(), None), kind: Kind::Alone },
                Want::One {
                    record: draft(DnsRecordType::SRV, "_submission._tcp", OUR_SUBMISSION_SRV.into(), Some(0)),
                    kind: Kind::SameType,
                },
                Want::One { record: draft(DnsRecordType::SRV, "_imaps._tcp", OUR_IMAPS_SRV.into(), Some(0)), kind: Kind::SameType },
            ],
            Template::ProviderHosting { project, .. } => vec![
                Want::Set { record_type: DnsRecordType::A, name: "@", records: vec![draft(DnsRecordType::A, "@", EDGE_IPV4.into(), None)] },
                Want::Set {
                    record_type: DnsRecordType::AAAA,
                    name: "@",
                    records: vec![draft(DnsRecordType::AAAA, "@", EDGE_IPV6.into(), None)],
                },
                Want::One {
                    record: draft(DnsRecordType::CNAME, "www", format!("{project}.{PROJECT_HOST_SUFFIX}"), None),
                    kind: Kind::Alone,
                },
            ],
        })
    }

    /// What this template does to `zone`, whose records are now `current`
    /// (the cached zone, queued edits included). New records get ids from
    /// `new_id`. See the module documentation for the rules.
    pub fn plan_for(&self, zone: &DomainName, current: &[DnsRecord], new_id: impl FnMut() -> ObjectId) -> TemplateOutcome {
        let wants = match self.wants(zone) {
            Ok(wants) => wants,
            Err(skipped) => return TemplateOutcome::Skipped(skipped),
        };
        let mut planner =
            Planner { zone, shown_zone: zone.unicode(), current, replace: self.replace(), new_id, changes: Vec::new(), notes: Vec::new() };
        for want in &wants {
            let step = match want {
                Want::Set { record_type, name, records } => planner.set(*record_type, name, records),
                Want::One { record, kind } => planner.one(record, *kind),
                Want::Spf { terms, all, comment } => planner.spf(terms, *all, comment),
            };
            if let Err(outcome) = step {
                return outcome;
            }
        }
        if planner.changes.is_empty() {
            return skip("already_applied", format!("{} already has these records", planner.shown_zone));
        }
        TemplateOutcome::Applied { plan: ZonePlan { changes: planner.changes, confirmed: false }, notes: planner.notes }
    }
}

/// `name`, `name.hostjamstack.app` or `https://name.hostjamstack.app/` → `name`.
fn project_slug(text: &str) -> Result<String, crate::error::ParseError> {
    let text = text.trim().to_ascii_lowercase();
    let text = text.strip_prefix("https://").unwrap_or(&text);
    let text = text.trim_end_matches('/').trim_end_matches('.');
    let slug = text.strip_suffix(PROJECT_HOST_SUFFIX).and_then(|rest| rest.strip_suffix('.')).unwrap_or(text);
    let invalid = || {
        crate::error::ParseError::new(
            "invalid_project",
            format!("'{slug}' is not a project name: one label of letters, digits and hyphens, as in my-site.{PROJECT_HOST_SUFFIX}"),
        )
    };
    if slug.is_empty() || slug.contains('.') || slug.contains('_') {
        return Err(invalid());
    }
    let zone = DomainName::parse(PROJECT_HOST_SUFFIX).map_err(|_| invalid())?;
    host_target(&format!("{slug}.{PROJECT_HOST_SUFFIX}"), &zone, false, false).map_err(|_| invalid())?;
    Ok(slug.to_string())
}

/// What a template needs at one name.
enum Want {
    /// Exactly these records of one type at one name; others of the type
    /// there are removed (MX, the apex addresses).
    Set { record_type: DnsRecordType, name: &'static str, records: Vec<RecordDraft> },
    /// This record; what else at its name conflicts depends on `kind`.
    One { record: RecordDraft, kind: Kind },
    /// These terms in the apex SPF record; `all` ends a new one.
    Spf { terms: Vec<String>, all: SpfAll, comment: Option<String> },
}

/// Which other records at a name a single record cannot share it with
/// (beyond a CNAME, which shares with nothing).
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A CNAME: anything else at the name.
    Alone,
    /// Another record of its type (an SRV service that names another host).
    SameType,
    /// Another DMARC record (TXT `v=DMARC1…`).
    Dmarc,
}

struct Planner<'a, F> {
    zone: &'a DomainName,
    /// The zone as people read it (Unicode for IDNs), for messages.
    shown_zone: String,
    current: &'a [DnsRecord],
    replace: bool,
    new_id: F,
    changes: Vec<PlanChange>,
    notes: Vec<String>,
}

type Step = Result<(), TemplateOutcome>;

impl<'a, F: FnMut() -> ObjectId> Planner<'a, F> {
    /// The records at `name`, borrowed from the zone (not from the planner,
    /// which goes on to add changes).
    fn at_name<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a DnsRecord> + 'n
    where
        'a: 'n,
    {
        let current: &'a [DnsRecord] = self.current;
        current.iter().filter(move |record| record.name.eq_ignore_ascii_case(name))
    }

    fn shown(&self, name: &str) -> String {
        if name == "@" {
            self.shown_zone.clone()
        } else {
            format!("{name}.{}", self.shown_zone)
        }
    }

    fn create(&mut self, record: &RecordDraft) {
        let id = (self.new_id)();
        self.changes.push(PlanChange::Create { id, record: record.clone() });
    }

    fn update(&mut self, existing: &DnsRecord, record: RecordDraft) {
        self.changes.push(PlanChange::Update { id: existing.id, version: existing.version, record });
    }

    fn delete(&mut self, existing: &DnsRecord) {
        self.changes.push(PlanChange::Delete { id: existing.id, version: existing.version });
    }

    /// The record a template wants is there with another state or
    /// priority: switched on, with the template's priority. Its TTL and
    /// comment stay the zone's. System records are left as they are.
    fn align(&mut self, existing: &DnsRecord, wanted: &RecordDraft) {
        if existing.is_system_record || (existing.is_active && existing.priority == wanted.priority) {
            return;
        }
        let record = RecordDraft { is_active: true, priority: wanted.priority, ..existing.to_draft() };
        self.update(existing, record);
    }

    fn system_refusal(&self, record: &DnsRecord, needed: &str) -> TemplateOutcome {
        skip(
            "system_record",
            format!(
                "{} at {} is managed by HostJamstack, and {needed}; a template never changes it",
                describe(record),
                self.shown(&record.name)
            ),
        )
    }

    fn set(&mut self, record_type: DnsRecordType, name: &str, wanted: &[RecordDraft]) -> Step {
        let cname =
            self.at_name(name).find(|r| r.is_active && r.record_type == DnsRecordType::CNAME && record_type != DnsRecordType::CNAME);
        if let Some(cname) = cname {
            return Err(self.conflict(name, &[cname], &format!("{record_type} records")));
        }
        let existing: Vec<&DnsRecord> = self.at_name(name).filter(|r| r.record_type == record_type).collect();
        let identities: HashSet<RecordIdentity> = wanted.iter().map(RecordDraft::identity).collect();
        if let Some(system) = existing.iter().find(|r| r.is_active && r.is_system_record && !identities.contains(&r.identity())) {
            return Err(self.system_refusal(system, &format!("the template replaces the {record_type} records there")));
        }
        for draft in wanted {
            match existing.iter().find(|r| r.identity() == draft.identity()) {
                Some(found) => self.align(found, draft),
                None => self.create(draft),
            }
        }
        for old in existing.iter().filter(|r| r.is_active && !identities.contains(&r.identity())) {
            self.delete(old);
            self.notes.push(format!("replaces {} at {}", describe(old), self.shown(name)));
        }
        Ok(())
    }

    /// A record the template wants at a name where `conflicts` are: a
    /// system record stops it, `replace` allows replacing the others.
    fn conflict(&self, name: &str, conflicts: &[&DnsRecord], needed: &str) -> TemplateOutcome {
        if let Some(system) = conflicts.iter().find(|r| r.is_system_record) {
            return self.system_refusal(system, &format!("the template needs {needed} there"));
        }
        let found: Vec<String> = conflicts.iter().map(|r| describe(r)).collect();
        skip(
            "conflict",
            format!(
                "{} already has {}, and the template needs {needed} there; replace=yes replaces it",
                self.shown(name),
                found.join(" and ")
            ),
        )
    }

    fn one(&mut self, wanted: &RecordDraft, kind: Kind) -> Step {
        if let Some(found) = self.at_name(&wanted.name).find(|r| r.identity() == wanted.identity()) {
            self.align(found, wanted);
            return Ok(());
        }
        let conflicts: Vec<&DnsRecord> = self
            .at_name(&wanted.name)
            .filter(|r| r.is_active)
            .filter(|r| {
                r.record_type == DnsRecordType::CNAME
                    || match kind {
                        Kind::Alone => true,
                        Kind::SameType => r.record_type == wanted.record_type,
                        Kind::Dmarc => r.record_type == DnsRecordType::TXT && is_dmarc(&r.value),
                    }
            })
            .collect();
        if conflicts.is_empty() {
            self.create(wanted);
            return Ok(());
        }
        let needed = format!("{} {}", wanted.record_type, wanted.value);
        if !self.replace || conflicts.iter().any(|r| r.is_system_record) {
            return Err(self.conflict(&wanted.name, &conflicts, &needed));
        }
        // One of its own type is changed in place, so its history reads as a change.
        let same = conflicts.iter().position(|r| r.record_type == wanted.record_type);
        for (i, old) in conflicts.iter().enumerate() {
            if Some(i) == same {
                self.update(old, RecordDraft { comment: old.comment.clone().or(wanted.comment.clone()), ..wanted.clone() });
            } else {
                self.delete(old);
            }
            self.notes.push(format!("replaces {} at {}", describe(old), self.shown(&wanted.name)));
        }
        if same.is_none() {
            self.create(wanted);
        }
        Ok(())
    }

    fn spf(&mut self, terms: &[String], all: SpfAll, comment: &Option<String>) -> Step {
        let records: Vec<&DnsRecord> = self.at_name("@").filter(|r| r.is_active && is_spf(r)).collect();
        let text = match records.as_slice() {
            [] => {
                let mut parts = vec!["v=spf1".to_string()];
                parts.extend(terms.iter().cloned());
                parts.push(all.term().into());
                parts.join(" ")
            }
            [record] => {
                let missing: Vec<&String> = terms.iter().filter(|term| !has_term(&record.value, term)).collect();
                if missing.is_empty() {
                    return Ok(());
                }
                let adding: Vec<&str> = missing.iter().map(|t| t.as_str()).collect();
                if record.is_system_record {
                    return Err(self.system_refusal(record, &format!("the template needs {} in it", adding.join(" "))));
                }
                merge_terms(&record.value, &adding)
            }
            many => {
                return Err(skip(
                    "spf_multiple",
                    format!(
                        "{} has {} SPF records, which receivers treat as an error; merge them into one before applying a template",
                        self.shown_zone,
                        many.len()
                    ),
                ))
            }
        };
        if too_many_lookups(self.zone, &text) {
            return Err(skip(
                "spf_too_many_lookups",
                format!(
                    "the SPF record of {} would need more than {} DNS lookups ({text}), so receivers would fail its mail",
                    self.shown_zone,
                    lint::MAX_SPF_LOOKUPS
                ),
            ));
        }
        match records.first() {
            None => {
                let record = RecordDraft {
                    record_type: DnsRecordType::TXT,
                    name: "@".into(),
                    value: text,
                    ttl: TEMPLATE_TTL,
                    priority: None,
                    is_active: true,
                    comment: comment.clone(),
                };
                self.create(&record);
            }
            Some(record) => {
                self.notes.push(format!("merges into the SPF record of {}: {} → {text}", self.shown_zone, record.value));
                self.update(record, RecordDraft { value: text, ..record.to_draft() });
            }
        }
        Ok(())
    }
}

fn is_dmarc(value: &str) -> bool {
    value.trim_start().get(..8).is_some_and(|start| start.eq_ignore_ascii_case("v=DMARC1"))
}

/// `MX 10 mx.example.com`, `CNAME www.example.net`, `TXT "v=spf1 -all"`.
fn describe(record: &DnsRecord) -> String {
    match (record.record_type, record.priority) {
        (DnsRecordType::TXT, _) => format!("TXT \"{}\"", record.value),
        (_, Some(priority)) => format!("{} {priority} {}", record.record_type, record.value),
        (_, None) => format!("{} {}", record.record_type, record.value),
    }
}

/// Whether SPF `text` has `term` (qualifier `+` implied, case aside).
fn has_term(text: &str, term: &str) -> bool {
    text.split_whitespace().skip(1).any(|have| have.strip_prefix('+').unwrap_or(have).eq_ignore_ascii_case(term))
}

/// `terms` added to SPF `text` before its `all` or `redirect=` (which end
/// the evaluation, so terms after them would never count).
fn merge_terms(text: &str, terms: &[&str]) -> String {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let end = parts
        .iter()
        .position(|part| {
            let bare = part.trim_start_matches(['+', '-', '~', '?']).to_ascii_lowercase();
            bare == "all" || bare.starts_with("redirect=")
        })
        .unwrap_or(parts.len());
    let mut merged: Vec<&str> = parts[..end].to_vec();
    merged.extend_from_slice(terms);
    merged.extend_from_slice(&parts[end..]);
    merged.join(" ")
}

/// Whether SPF `text` at the apex of `zone` needs more lookups than
/// receivers allow, counted by the zone lint's own rule (includes outside
/// this zone count as one each).
fn too_many_lookups(zone: &DomainName, text: &str) -> bool {
    let probe = DnsRecord {
        id: ObjectId::from_parts(0, 0),
        domain_id: ObjectId::from_parts(0, 0),
        user_id: ObjectId::from_parts(0, 0),
        record_type: DnsRecordType::TXT,
        name: "@".into(),
        value: text.into(),
        ttl: TEMPLATE_TTL,
        priority: None,
        is_active: true,
        is_system_record: false,
        comment: None,
        created_at: Timestamp::from_unix_millis(0).unwrap_or_else(Timestamp::now),
        updated_at: Timestamp::from_unix_millis(0).unwrap_or_else(Timestamp::now),
        version: 1,
    };
    let context = LintContext { zone, our_zones: &[], projects: None };
    lint::lint(&context, &[probe]).iter().any(|finding| finding.code == "spf_too_many_lookups")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_go_before_the_all_that_ends_the_record() {
        assert_eq!(merge_terms("v=spf1 mx ~all", &["include:_spf.google.com"]), "v=spf1 mx include:_spf.google.com ~all");
        assert_eq!(merge_terms("v=spf1 redirect=_spf.example.net", &["mx"]), "v=spf1 mx redirect=_spf.example.net");
        assert_eq!(merge_terms("v=spf1 a", &["mx"]), "v=spf1 a mx");
        assert!(has_term("v=spf1 +MX include:_SPF.google.com -all", "include:_spf.google.com"));
        assert!(has_term("v=spf1 +MX -all", "mx"));
        assert!(!has_term("v=spf1 -mx", "mx"), "-mx denies the MX hosts; it is not the term the template adds");
    }

    #[test]
    fn a_project_is_named_by_its_slug_or_its_host() {
        assert_eq!(project_slug("My-Site").as_deref(), Ok("my-site"));
        assert_eq!(project_slug("https://my-site.hostjamstack.app/").as_deref(), Ok("my-site"));
        assert!(project_slug("a.b").is_err());
        assert!(project_slug("-bad").is_err());
    }
}
