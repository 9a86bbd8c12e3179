//! Zone lint: advice about a zone that is valid but will not work as meant
//! (mail rejected, a subdomain open to takeover, a target that does not
//! resolve). Nothing here refuses an edit; [`check_zone`](super::check_zone)
//! does that.
//!
//! Only active records count: inactive ones are not published.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{PlanChange, RecordDraft, ZonePlan, MAX_TTL, MIN_TTL};
use crate::documents::{DnsRecord, DnsRecordType};
use crate::{DomainName, ObjectId};

/// Most DNS-querying SPF terms a receiver evaluates (RFC 7208 §4.6.4);
/// one more is a permanent error, so the mail fails SPF.
pub const MAX_SPF_LOOKUPS: usize = 10;

/// Hosting projects are served at `<slug>.` + this.
pub const PROJECT_HOST_SUFFIX: &str = "hostjamstack.app";

/// TTL of the records lint fixes create.
const FIX_TTL: u32 = 3600;

/// What lint needs to know beside the zone's records.
#[derive(Debug, Clone, Copy)]
pub struct LintContext<'a> {
    /// The zone being linted.
    pub zone: &'a DomainName,
    /// Every zone this provider serves, with its records, to tell whether a
    /// target inside "our zones" resolves and to follow SPF includes into
    /// them. The linted zone may be listed or not: its records are always
    /// taken from the `records` given to [`lint`]. Inactive records are
    /// skipped here too.
    pub our_zones: &'a [(DomainName, Vec<DnsRecord>)],
    /// Slugs of the hosting projects that exist (`<slug>.hostjamstack.app`);
    /// `None` when unknown, which skips `dangling_project`.
    pub projects: Option<&'a [String]>,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something fails now (mail rejected, a name that does not resolve, a
    /// subdomain anyone could take over).
    Error,
    /// Works, but not as written, or not for everyone.
    Warning,
    /// A suggestion.
    Info,
}

/// One piece of advice about a zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable, snake_case; see [`lint`] for the list.
    pub code: String,
    pub severity: Severity,
    /// The record at fault; `None` for something the zone lacks.
    pub record_id: Option<ObjectId>,
    /// One line for people, saying why it matters.
    pub message: String,
    /// A plan that fixes it, where the fix is obvious. Not `confirmed`:
    /// whoever offers it shows it first.
    pub fix: Option<ZonePlan>,
}

/// Every finding about the active `records` of `ctx.zone`, grouped by check
/// in the order below and in record order within a check. Codes:
///
/// - `spf_multiple` (error): more than one SPF TXT record (`v=spf1`) at one
///   name; receivers treat that as a permanent error. Reported on each.
/// - `spf_too_many_lookups` (error): an SPF record needs more than
///   [`MAX_SPF_LOOKUPS`] DNS lookups (`include`, `a`, `mx`, `ptr`, `exists`,
///   `redirect`; not `ip4`, `ip6`, `all`). An `include:` or `redirect=`
///   target inside our zones that has an SPF record is followed and its
///   terms counted too; a target outside our zones counts as 1, as we
///   cannot see its record. An include that leads back to a record being
///   counted loops, which receivers also stop at the limit.
/// - `dmarc_syntax`: a TXT record at `_dmarc` or `_dmarc.<sub>` that is not
///   valid DMARC. Error when receivers ignore the whole record (no leading
///   `v=DMARC1`, an invalid `p`, a term without `=`, a repeated tag);
///   warning when they ignore only a tag (unknown tags, bad `sp`, `pct`,
///   `adkim`, `aspf`, `fo`, `ri`, `rua`, `ruf`, `rf` values).
/// - `dmarc_missing_policy` (warning): a DMARC record without `p=`.
/// - `target_not_found` (error): an MX, NS or SRV target inside one of our
///   zones with no A, AAAA or CNAME record there, or a CNAME target inside
///   one of our zones with no record at all there (a CNAME may lead to TXT
///   only, as DKIM delegations do). A wildcard directly above the target
///   counts when the target name itself has no records. `.` (null MX, no
///   SRV service) is fine.
/// - `dangling_project` (error): a CNAME to `<slug>.hostjamstack.app` where
///   no such project exists, so whoever creates it takes over the name.
///   Fix: delete the record.
/// - `ttl_out_of_bounds` (warning): a TTL outside [`MIN_TTL`]..=[`MAX_TTL`]
///   (older data has them). Fix: set it to the nearest bound.
/// - `spf_missing` (info): the apex has MX records but no SPF record.
///   Fix: create `v=spf1 mx -all` at the apex.
///
/// System records get no fix: plans cannot change them.
pub fn lint(ctx: &LintContext, records: &[DnsRecord]) -> Vec<Finding> {
    let active: Vec<&DnsRecord> = records.iter().filter(|record| record.is_active).collect();
    let zones = Zones::new(ctx, &active);
    let mut findings = Vec::new();
    spf_multiple(ctx.zone, &active, &mut findings);
    spf_lookups(ctx.zone, &active, &zones, &mut findings);
    dmarc(ctx.zone, &active, &mut findings);
    targets(ctx.zone, &active, &zones, &mut findings);
    dangling_projects(ctx, &active, &mut findings);
    ttls(ctx.zone, &active, &mut findings);
    spf_missing(&active, &mut findings);
    findings
}

fn finding(code: &str, severity: Severity, record: Option<&DnsRecord>, message: String, fix: Option<ZonePlan>) -> Finding {
    Finding { code: code.into(), severity, record_id: record.map(|record| record.id), message, fix }
}

/// `name` of `zone` as people read it: `www.example.com`, `example.com`.
fn shown(zone: &DomainName, name: &str) -> String {
    if name == "@" {
        zone.to_string()
    } else {
        format!("{name}.{zone}")
    }
}

/// Host names compare lowercase and without the trailing dot.
fn host(text: &str) -> String {
    let text = text.trim().to_ascii_lowercase();
    match text.strip_suffix('.') {
        Some(stripped) if !stripped.is_empty() => stripped.to_string(),
        _ => text,
    }
}

fn fixable(record: &DnsRecord, plan: impl FnOnce() -> ZonePlan) -> Option<ZonePlan> {
    (!record.is_system_record).then(plan)
}

// ---------------------------------------------------------------- our zones

/// The zones targets may fall in: the linted one (its given records) and the
/// rest of `our_zones`, active records only.
struct Zones<'a> {
    zones: Vec<(&'a str, Vec<&'a DnsRecord>)>,
}

impl<'a> Zones<'a> {
    fn new(ctx: &LintContext<'a>, active: &[&'a DnsRecord]) -> Self {
        let mut zones = vec![(ctx.zone.as_str(), active.to_vec())];
        for (zone, records) in ctx.our_zones {
            if zone != ctx.zone {
                zones.push((zone.as_str(), records.iter().filter(|record| record.is_active).collect()));
            }
        }
        Self { zones }
    }

    /// The records at absolute `name` (normalized by [`host`]) and the
    /// relative name, in the closest of our zones holding it; `None` when
    /// the name is outside our zones.
    fn find(&self, name: &str) -> Option<(String, &[&'a DnsRecord])> {
        self.zones
            .iter()
            .filter_map(|(zone, records)| {
                let relative = if name == *zone { "@".to_string() } else { name.strip_suffix(zone)?.strip_suffix('.')?.to_string() };
                Some((zone.len(), relative, records.as_slice()))
            })
            .max_by_key(|(length, _, _)| *length)
            .map(|(_, relative, records)| (relative, records))
    }
}

fn at_name<'r, 'a>(records: &'r [&'a DnsRecord], name: &'r str) -> impl Iterator<Item = &'a DnsRecord> + 'r {
    records.iter().copied().filter(move |record| record.name.eq_ignore_ascii_case(name))
}

// ---------------------------------------------------------------- SPF

pub(crate) fn is_spf(record: &DnsRecord) -> bool {
    if record.record_type != DnsRecordType::TXT {
        return false;
    }
    let text = record.value.trim_start();
    text.get(..6).is_some_and(|version| version.eq_ignore_ascii_case("v=spf1")) && text[6..].chars().next().is_none_or(|c| c == ' ')
}

fn spf_multiple(zone: &DomainName, active: &[&DnsRecord], findings: &mut Vec<Finding>) {
    for record in active.iter().filter(|record| is_spf(record)) {
        let count = at_name(active, &record.name).filter(|other| is_spf(other)).count();
        if count > 1 {
            findings.push(finding(
                "spf_multiple",
                Severity::Error,
                Some(record),
                format!(
                    "{} has {count} SPF records; receivers treat that as a permanent error and fail all its mail: merge them into one",
                    shown(zone, &record.name)
                ),
                None,
            ));
        }
    }
}

/// The SPF record at absolute `name`, when it lies in our zones.
fn spf_at<'a>(zones: &Zones<'a>, name: &str) -> Option<&'a DnsRecord> {
    let (relative, records) = zones.find(name)?;
    let found = at_name(records, &relative).find(|record| is_spf(record));
    found
}

/// How an SPF record's lookups were counted.
struct LookupCount {
    lookups: usize,
    /// The name an include led back to, if it looped.
    cycle: Option<String>,
}

/// Adds the lookups of SPF `text` (at absolute `name`) to `count`, following
/// includes into our zones. Stops once over the limit, which also bounds the
/// work on a zone whose includes fan out.
fn count_lookups(zones: &Zones, name: &str, text: &str, path: &mut Vec<String>, count: &mut LookupCount) {
    path.push(name.to_string());
    let terms: Vec<String> = text.split_whitespace().skip(1).map(str::to_ascii_lowercase).collect();
    let has_all = terms.iter().any(|term| term.trim_start_matches(['+', '-', '~', '?']) == "all");
    for term in &terms {
        if count.lookups > MAX_SPF_LOOKUPS || count.cycle.is_some() {
            break;
        }
        let term = term.trim_start_matches(['+', '-', '~', '?']);
        let split = term.find([':', '/', '=']).unwrap_or(term.len());
        let (mechanism, rest) = term.split_at(split);
        let target = match (mechanism, rest.chars().next()) {
            ("include", Some(':')) => Some(&rest[1..]),
            // RFC 7208 §6.1: with an `all` mechanism, redirect is ignored.
            ("redirect", Some('=')) if !has_all => Some(&rest[1..]),
            ("a" | "mx" | "ptr", None | Some(':' | '/')) | ("exists", Some(':')) => None,
            _ => continue,
        };
        count.lookups += 1;
        let Some(target) = target.map(host) else { continue };
        if path.contains(&target) {
            count.cycle = Some(target);
        } else if let Some(record) = spf_at(zones, &target) {
            count_lookups(zones, &target, &record.value, path, count);
        }
    }
    path.pop();
}

fn spf_lookups(zone: &DomainName, active: &[&DnsRecord], zones: &Zones, findings: &mut Vec<Finding>) {
    for record in active.iter().filter(|record| is_spf(record)) {
        let name = host(&shown(zone, &record.name));
        let mut count = LookupCount { lookups: 0, cycle: None };
        count_lookups(zones, &name, &record.value, &mut Vec::new(), &mut count);
        let message = match (count.cycle, count.lookups > MAX_SPF_LOOKUPS) {
            (Some(cycle), _) => format!(
                "the SPF record of {name} includes {cycle}, which leads back to itself; receivers stop after {MAX_SPF_LOOKUPS} lookups and fail the mail"
            ),
            (None, true) => format!(
                "the SPF record of {name} needs more than {MAX_SPF_LOOKUPS} DNS lookups (include, a, mx, ptr, exists, redirect), so receivers fail its mail; replace some with ip4/ip6"
            ),
            (None, false) => continue,
        };
        findings.push(finding("spf_too_many_lookups", Severity::Error, Some(record), message, None));
    }
}

fn spf_missing(active: &[&DnsRecord], findings: &mut Vec<Finding>) {
    let apex = |wanted: &dyn Fn(&DnsRecord) -> bool| active.iter().any(|record| record.name == "@" && wanted(record));
    if apex(&|record| record.record_type == DnsRecordType::MX) && !apex(&is_spf) {
        let record = RecordDraft {
            record_type: DnsRecordType::TXT,
            name: "@".into(),
            value: "v=spf1 mx -all".into(),
            ttl: FIX_TTL,
            priority: None,
            is_active: true,
            comment: None,
        };
        findings.push(finding(
            "spf_missing",
            Severity::Info,
            None,
            "the domain receives mail but has no SPF record, so anyone can send mail in its name unchallenged; `v=spf1 mx -all` allows only its mail servers".into(),
            Some(ZonePlan { changes: vec![PlanChange::Create { id: ObjectId::new(), record }], confirmed: false }),
        ));
    }
}

// ---------------------------------------------------------------- DMARC

fn is_dmarc_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "_dmarc" || name.starts_with("_dmarc.")
}

/// Why a DMARC record is invalid, each with its severity.
fn dmarc_problems(text: &str) -> (Vec<(Severity, String)>, bool) {
    let mut problems = Vec::new();
    let mut terms = text.split(';').map(str::trim).filter(|term| !term.is_empty());
    let version = terms.next().map(|term| term.split_once('=').map(|(tag, value)| (tag.trim(), value.trim())));
    if version != Some(Some(("v", "DMARC1"))) {
        problems.push((Severity::Error, "it does not start with v=DMARC1; so receivers ignore it".to_string()));
        return (problems, true);
    }
    let mut seen = HashSet::new();
    let mut policy = false;
    for term in terms {
        let Some((tag, value)) = term.split_once('=') else {
            problems.push((Severity::Error, format!("'{term}' is not a tag=value pair, so receivers ignore the record")));
            continue;
        };
        let (tag, value) = (tag.trim().to_ascii_lowercase(), value.trim());
        if !seen.insert(tag.clone()) {
            problems.push((Severity::Error, format!("the tag {tag} appears twice, so receivers ignore the record")));
            continue;
        }
        let policy_value = matches!(value.to_ascii_lowercase().as_str(), "none" | "quarantine" | "reject");
        let valid = match tag.as_str() {
            "p" => {
                policy = true;
                if !policy_value {
                    problems.push((
                        Severity::Error,
                        format!("p={value} is not a policy (none, quarantine or reject), so receivers ignore the record"),
                    ));
                }
                continue;
            }
            "sp" => policy_value,
            "pct" => value.parse::<u8>().is_ok_and(|pct| pct <= 100),
            "adkim" | "aspf" => matches!(value.to_ascii_lowercase().as_str(), "r" | "s"),
            "fo" => value.split(':').all(|option| matches!(option.trim().to_ascii_lowercase().as_str(), "0" | "1" | "d" | "s")),
            "rf" => value.split(':').all(|format| !format.trim().is_empty()),
            "ri" => value.parse::<u32>().is_ok(),
            "rua" | "ruf" => {
                value.split(',').all(|uri| uri.trim().split_once(':').is_some_and(|(scheme, rest)| !scheme.is_empty() && !rest.is_empty()))
            }
            "v" => {
                problems.push((Severity::Warning, "v may only be the first tag; receivers skip this one".into()));
                continue;
            }
            _ => {
                problems.push((Severity::Warning, format!("{tag} is not a DMARC tag; receivers skip it")));
                continue;
            }
        };
        if !valid {
            problems.push((Severity::Warning, format!("{tag}={value} is not a valid value; receivers use the default instead")));
        }
    }
    (problems, policy)
}

fn dmarc(zone: &DomainName, active: &[&DnsRecord], findings: &mut Vec<Finding>) {
    for record in active.iter().filter(|record| record.record_type == DnsRecordType::TXT && is_dmarc_name(&record.name)) {
        let name = shown(zone, &record.name);
        let (problems, policy) = dmarc_problems(&record.value);
        for (severity, why) in problems {
            findings.push(finding("dmarc_syntax", severity, Some(record), format!("the DMARC record at {name}: {why}"), None));
        }
        if !policy {
            findings.push(finding(
                "dmarc_missing_policy",
                Severity::Warning,
                Some(record),
                format!("the DMARC record at {name} has no p= policy, so receivers treat it as p=none or ignore it; add p=none, quarantine or reject"),
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------- targets

fn targets(zone: &DomainName, active: &[&DnsRecord], zones: &Zones, findings: &mut Vec<Finding>) {
    for record in active {
        let target = match record.record_type {
            DnsRecordType::MX | DnsRecordType::CNAME | DnsRecordType::NS => host(&record.value),
            DnsRecordType::SRV => host(record.value.split_whitespace().last().unwrap_or_default()),
            _ => continue,
        };
        if target == "." {
            continue;
        }
        let Some((relative, records)) = zones.find(&target) else { continue };
        let resolves = |name: &str| {
            at_name(records, name).any(|other| {
                record.record_type == DnsRecordType::CNAME
                    || matches!(other.record_type, DnsRecordType::A | DnsRecordType::AAAA | DnsRecordType::CNAME)
            })
        };
        let wildcard = || {
            let parent = relative.split_once('.').map_or("@", |(_, parent)| parent);
            let above = if parent == "@" { "*".to_string() } else { format!("*.{parent}") };
            relative != "@" && at_name(records, &relative).next().is_none() && resolves(&above)
        };
        if !resolves(&relative) && !wildcard() {
            let needs = if record.record_type == DnsRecordType::CNAME { "no records" } else { "no A, AAAA or CNAME record" };
            findings.push(finding(
                "target_not_found",
                Severity::Error,
                Some(record),
                format!(
                    "the {} record at {} points at {target}, which has {needs} in our zones, so it does not resolve",
                    record.record_type,
                    shown(zone, &record.name)
                ),
                None,
            ));
        }
    }
}

fn dangling_projects(ctx: &LintContext, active: &[&DnsRecord], findings: &mut Vec<Finding>) {
    let Some(projects) = ctx.projects else { return };
    for record in active.iter().filter(|record| record.record_type == DnsRecordType::CNAME) {
        let target = host(&record.value);
        let Some(slug) = target.strip_suffix(PROJECT_HOST_SUFFIX).and_then(|rest| rest.strip_suffix('.')) else { continue };
        if slug.contains('.') || projects.iter().any(|project| project.eq_ignore_ascii_case(slug)) {
            continue;
        }
        findings.push(finding(
            "dangling_project",
            Severity::Error,
            Some(record),
            format!(
                "{} points at the project {slug}, which does not exist: anyone could create a project named {slug} and take over this subdomain; delete the record",
                shown(ctx.zone, &record.name)
            ),
            fixable(record, || ZonePlan {
                changes: vec![PlanChange::Delete { id: record.id, version: record.version }],
                confirmed: false,
            }),
        ));
    }
}

fn ttls(zone: &DomainName, active: &[&DnsRecord], findings: &mut Vec<Finding>) {
    for record in active {
        let (bound, why) = match record.ttl {
            ttl if ttl < MIN_TTL => (MIN_TTL, format!("below the minimum of {MIN_TTL} seconds")),
            ttl if ttl > MAX_TTL => (MAX_TTL, format!("above the maximum of {MAX_TTL} seconds, so a mistake would linger for days")),
            _ => continue,
        };
        findings.push(finding(
            "ttl_out_of_bounds",
            Severity::Warning,
            Some(record),
            format!(
                "the {} record at {} has a TTL of {}, {why}; set it to {bound}",
                record.record_type,
                shown(zone, &record.name),
                record.ttl
            ),
            fixable(record, || ZonePlan {
                changes: vec![PlanChange::Update {
                    id: record.id,
                    version: record.version,
                    record: RecordDraft { ttl: bound, ..record.to_draft() },
                }],
                confirmed: false,
            }),
        ));
    }
}
