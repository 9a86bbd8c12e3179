//! One DNS record as proposed by a person, a template or a zone file, and
//! the rules that turn it into the one stored form.
//!
//! The stored form is what the provider publishes and what duplicate checks
//! compare, so every way of writing the same record (`WWW.Example.com.`,
//! `www`; `2001:DB8:0::1`, `2001:db8::1`) must end up as the same text.

use std::net::{Ipv4Addr, Ipv6Addr};

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use serde::{Deserialize, Serialize};

use crate::documents::{DnsRecord, DnsRecordType};
use crate::error::{FieldError, FieldErrors, ParseError};
use crate::DomainName;

/// Shortest TTL accepted: lower values mostly add load on resolvers and ours.
pub const MIN_TTL: u32 = 60;
/// Longest TTL accepted (one day), so a mistake never lingers for longer.
pub const MAX_TTL: u32 = 86_400;
/// Longest TXT text, in characters; long enough for 4096-bit DKIM keys.
pub const MAX_TXT_CHARS: usize = 4_000;
/// Longest record comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 200;

/// Longest name or target we even look at; longer text is refused unprocessed.
const MAX_NAME_INPUT: usize = 320;

/// Every ASCII character a DNS name may not hold. Unlike UTS #46's STD3 list
/// it lets the underscore through: service labels (`_dmarc`, `_sip._tls`,
/// `selector1._domainkey`) need it. `*` is denied here; wildcards are
/// recognised before this list applies.
const DNS_DENY_LIST: AsciiDenyList = AsciiDenyList::new(true, "!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~");

/// A record before it is stored: what a plan creates or changes a record to.
/// `name` is relative to the zone (`@` for the apex); `value` is the record
/// data as the plan stores it (see [`crate::documents::DnsRecord`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDraft {
    #[serde(rename = "type")]
    pub record_type: DnsRecordType,
    pub name: String,
    pub value: String,
    pub ttl: u32,
    /// MX and SRV only.
    #[serde(default)]
    pub priority: Option<u16>,
    #[serde(default = "active")]
    pub is_active: bool,
    #[serde(default)]
    pub comment: Option<String>,
}

fn active() -> bool {
    true
}

/// Whether records of this type carry a `priority` (MX and SRV do).
pub fn takes_priority(record_type: DnsRecordType) -> bool {
    matches!(record_type, DnsRecordType::MX | DnsRecordType::SRV)
}

impl RecordDraft {
    /// The stored form of this draft in `zone`, or every problem at once.
    ///
    /// Errors are named `name`, `value`, `ttl`, `priority` or `comment`
    /// (every type is valid in itself); callers prefix them
    /// (`changes[3].value`). Codes:
    ///
    /// - `name`: `invalid_name`, `too_long` (a label over 63 or the whole
    ///   name over 253 characters), `outside_zone` (an absolute name, ending
    ///   in a dot, that is not in the zone), `invalid_srv` (an SRV name not
    ///   starting with `_service._tcp|_udp|_tls`).
    ///   `@` or nothing is the apex; a name ending in the zone is made
    ///   relative (`www.example.com.`, `www.example.com` → `www`); IDN labels
    ///   become Punycode; `*` may only be the whole leftmost label.
    ///   Underscores are allowed in names of every type, since CNAMEs and
    ///   PTRs live at service names too (`_acme-challenge`, `_dns-sd._udp`).
    /// - `value`: `required`, `invalid_ipv4`, `invalid_ipv6`,
    ///   `invalid_hostname`, `too_long`, `invalid_srv`, `invalid_txt`,
    ///   `invalid_caa`. Targets are absolute names without the trailing dot;
    ///   AAAA is stored compressed; CAA as `flags tag "value"`.
    /// - `priority`: `required` (MX, SRV) or `not_applicable` (others).
    /// - `ttl`: `out_of_range` (one code for both ends; the message says which).
    /// - `comment`: `too_long`; it is trimmed and an empty one is dropped.
    pub fn normalize(&self, zone: &DomainName) -> Result<RecordDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = errors.check("name", owner_name(&self.name, zone, self.record_type));
        let value = errors.check("value", record_value(self.record_type, &self.value, zone));
        match (takes_priority(self.record_type), self.priority) {
            (true, None) => errors.push(FieldError::new(
                "priority",
                "required",
                format!("{} records need a priority (0–65535; lower is tried first)", self.record_type),
            )),
            (false, Some(_)) => errors.push(FieldError::new(
                "priority",
                "not_applicable",
                format!("{} records have no priority; only MX and SRV records do", self.record_type),
            )),
            _ => {}
        }
        if !(MIN_TTL..=MAX_TTL).contains(&self.ttl) {
            let bound = if self.ttl < MIN_TTL { format!("at least {MIN_TTL}") } else { format!("at most {MAX_TTL} (one day)") };
            errors.push(FieldError::new("ttl", "out_of_range", format!("TTL must be {bound} seconds, not {}", self.ttl)));
        }
        let comment = errors.check("comment", comment(self.comment.as_deref()));
        match (name, value, comment) {
            (Some(name), Some(value), Some(comment)) if errors.is_empty() => Ok(RecordDraft {
                record_type: self.record_type,
                name,
                value,
                ttl: self.ttl,
                priority: self.priority,
                is_active: self.is_active,
                comment,
            }),
            _ => Err(errors),
        }
    }

    /// What makes two records the same record (see [`RecordIdentity`]).
    pub fn identity(&self) -> RecordIdentity {
        RecordIdentity::new(self.record_type, &self.name, &self.value)
    }

    /// Whether `other` is the same record, perhaps with another TTL,
    /// priority, state or comment.
    pub fn same_identity(&self, other: &RecordDraft) -> bool {
        self.identity() == other.identity()
    }
}

impl DnsRecord {
    /// What makes two records the same record (see [`RecordIdentity`]).
    pub fn identity(&self) -> RecordIdentity {
        RecordIdentity::new(self.record_type, &self.name, &self.value)
    }

    /// This record as a draft, e.g. to edit it or to compare it with one.
    pub fn to_draft(&self) -> RecordDraft {
        RecordDraft {
            record_type: self.record_type,
            name: self.name.clone(),
            value: self.value.clone(),
            ttl: self.ttl,
            priority: self.priority,
            is_active: self.is_active,
            comment: self.comment.clone(),
        }
    }

    /// One line for people, as in a zone file:
    /// `www 3600 MX 10 mail.example.com (inactive) ; note`.
    pub fn zone_line(&self) -> String {
        let mut text = format!("{} {} {}", self.name, self.ttl, self.record_type);
        if let Some(priority) = self.priority {
            text.push_str(&format!(" {priority}"));
        }
        text.push_str(&format!(" {}", self.value));
        if !self.is_active {
            text.push_str(" (inactive)");
        }
        if let Some(comment) = &self.comment {
            text.push_str(&format!(" ; {comment}"));
        }
        text
    }
}

/// The key of duplicate detection and of matching records between two
/// versions of a zone: type, name and value. TTL, priority, state and
/// comment are attributes of a record, not part of what it is.
///
/// Names and host-name targets compare case-insensitively and without a
/// trailing dot (DNS does); addresses by the address they denote. TXT and
/// CAA values compare exactly: their text is data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordIdentity {
    pub record_type: DnsRecordType,
    pub name: String,
    pub value: String,
}

impl RecordIdentity {
    pub fn new(record_type: DnsRecordType, name: &str, value: &str) -> Self {
        let host = |text: &str| {
            let text = text.trim().to_ascii_lowercase();
            match text.strip_suffix('.') {
                Some(stripped) if !stripped.is_empty() => stripped.to_string(),
                _ => text,
            }
        };
        let value = match record_type {
            DnsRecordType::A => value.trim().parse::<Ipv4Addr>().map(|ip| ip.to_string()).unwrap_or_else(|_| value.to_string()),
            DnsRecordType::AAAA => value.trim().parse::<Ipv6Addr>().map(|ip| ip.to_string()).unwrap_or_else(|_| value.to_string()),
            DnsRecordType::CNAME | DnsRecordType::NS | DnsRecordType::PTR | DnsRecordType::MX | DnsRecordType::SRV => host(value),
            DnsRecordType::TXT | DnsRecordType::CAA => value.to_string(),
        };
        Self { record_type, name: host(name), value }
    }
}

fn shorten(input: &str) -> String {
    let short: String = input.chars().take(60).collect();
    if short.len() < input.len() {
        format!("{short}…")
    } else {
        short
    }
}

/// `body` (no trailing dot, no wildcard) in lowercase ASCII, labels checked.
/// `code` names the syntax error (`invalid_name` for owners,
/// `invalid_hostname` for targets).
fn dns_ascii(body: &str, underscores: bool, code: &'static str) -> Result<String, ParseError> {
    let invalid = |why: &str| ParseError::new(code, format!("'{}' {why}", shorten(body)));
    // Hyphens only checked first and last: real names such as
    // `r3--sn-abc.googlevideo.com` have them in the third and fourth place.
    let ascii = Uts46::new()
        .to_ascii(body.as_bytes(), DNS_DENY_LIST, Hyphens::CheckFirstLast, DnsLength::Ignore)
        .map_err(|_| invalid("is not a valid name: use letters, digits, hyphens (not at either end of a label) and dots"))?;
    for label in ascii.split('.') {
        if label.is_empty() {
            return Err(invalid("has an empty label (two dots in a row, or a dot at the start)"));
        }
        if label.len() > 63 {
            return Err(ParseError::new("too_long", format!("'{}' has a label longer than 63 characters", shorten(body))));
        }
        if !underscores && label.contains('_') {
            return Err(invalid("is not a host name: host names may not contain '_'"));
        }
    }
    Ok(ascii.into_owned())
}

/// The record's name relative to `zone`.
fn owner_name(input: &str, zone: &DomainName, record_type: DnsRecordType) -> Result<String, ParseError> {
    let trimmed = input.trim();
    let zone = zone.as_str();
    if trimmed.len() > MAX_NAME_INPUT {
        return Err(ParseError::new("too_long", "name is longer than 253 characters"));
    }
    let relative = if trimmed.is_empty() || trimmed == "@" {
        "@".to_string()
    } else {
        // A trailing dot makes the name absolute, so it must lie in the zone;
        // without one, a name that happens to end in the zone is still taken
        // as the full name, since that is what people paste.
        let absolute = trimmed.ends_with('.');
        let body = trimmed.strip_suffix('.').unwrap_or(trimmed);
        let (wildcard, rest) = match body {
            "*" => (true, ""),
            _ => body.strip_prefix("*.").map_or((false, body), |rest| (true, rest)),
        };
        if rest.contains('*') {
            return Err(ParseError::new(
                "invalid_name",
                format!("'{}': '*' may only be the whole leftmost label, as in * or *.sub", shorten(trimmed)),
            ));
        }
        if body.is_empty() {
            return Err(ParseError::new("outside_zone", format!("'.' is the DNS root, not a name in {zone}")));
        }
        let ascii = if rest.is_empty() { String::new() } else { dns_ascii(rest, true, "invalid_name")? };
        let full = match (wildcard, ascii.is_empty()) {
            (true, true) => "*".to_string(),
            (true, false) => format!("*.{ascii}"),
            (false, _) => ascii,
        };
        if full == zone {
            "@".to_string()
        } else if let Some(inside) = full.strip_suffix(zone).and_then(|rest| rest.strip_suffix('.')) {
            inside.to_string()
        } else if absolute {
            return Err(ParseError::new(
                "outside_zone",
                format!("'{}' is not in {zone}; write a name inside the zone, or leave out the final dot", shorten(trimmed)),
            ));
        } else {
            full
        }
    };
    let length = if relative == "@" { zone.len() } else { relative.len() + 1 + zone.len() };
    if length > 253 {
        return Err(ParseError::new("too_long", format!("with the zone, '{}' is longer than 253 characters", shorten(&relative))));
    }
    let first = relative.split('.').next().unwrap_or_default();
    match record_type {
        DnsRecordType::SRV => {
            let mut labels = relative.split('.');
            let service = labels.next().unwrap_or_default();
            let proto = labels.next().unwrap_or_default();
            if service.len() < 2 || !service.starts_with('_') || !matches!(proto, "_tcp" | "_udp" | "_tls") {
                return Err(ParseError::new(
                    "invalid_srv",
                    format!(
                        "an SRV name starts with _service._protocol (_tcp, _udp or _tls), e.g. _sip._tls, not '{}'",
                        shorten(&relative)
                    ),
                ));
            }
        }
        // RFC 4592 §4.2: a wildcard NS set makes the zone's delegations
        // unpredictable, so no resolver-independent meaning exists.
        DnsRecordType::NS if first == "*" => {
            return Err(ParseError::new("invalid_name", "NS records cannot have a wildcard name"));
        }
        _ => {}
    }
    Ok(relative)
}

/// A host name a record points at, absolute and without the trailing dot.
/// `root` allows `.` ("no such service": SRV, and MX per RFC 7505).
pub(crate) fn host_target(input: &str, zone: &DomainName, root: bool, underscores: bool) -> Result<String, ParseError> {
    let trimmed = input.trim();
    let invalid = |why: String| ParseError::new("invalid_hostname", why);
    match trimmed {
        "" => return Err(ParseError::new("required", "a target host name is required")),
        "." if root => return Ok(".".to_string()),
        "." => return Err(invalid("'.' is not a host name".into())),
        "@" => return Err(invalid(format!("'@' cannot be a target: write the full name, e.g. {zone}"))),
        _ if trimmed.len() > MAX_NAME_INPUT => return Err(ParseError::new("too_long", "the host name is longer than 253 characters")),
        _ if trimmed.contains('*') => {
            return Err(invalid(format!("'{}' is not a host name: targets cannot be wildcards", shorten(trimmed))))
        }
        _ => {}
    }
    let body = trimmed.strip_suffix('.').unwrap_or(trimmed);
    let ascii = dns_ascii(body, underscores, "invalid_hostname")?;
    let Some((_, top)) = ascii.rsplit_once('.') else {
        return Err(invalid(format!("'{}' is not a full host name: write it out, e.g. {ascii}.{zone}", shorten(body))));
    };
    if top.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(format!("'{}' is an IP address; this record points at a host name", shorten(body))));
    }
    if ascii.len() > 253 {
        return Err(ParseError::new("too_long", "the host name is longer than 253 characters"));
    }
    Ok(ascii)
}

fn record_value(record_type: DnsRecordType, input: &str, zone: &DomainName) -> Result<String, ParseError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ParseError::new("required", format!("{record_type} records need a value")));
    }
    match record_type {
        DnsRecordType::A => trimmed.parse::<Ipv4Addr>().map(|ip| ip.to_string()).map_err(|_| {
            let hint = if trimmed.parse::<Ipv6Addr>().is_ok() { "; IPv6 addresses go in an AAAA record" } else { "" };
            ParseError::new("invalid_ipv4", format!("'{}' is not an IPv4 address such as 192.0.2.10{hint}", shorten(trimmed)))
        }),
        DnsRecordType::AAAA => trimmed.parse::<Ipv6Addr>().map(|ip| ip.to_string()).map_err(|_| {
            let hint = if trimmed.parse::<Ipv4Addr>().is_ok() { "; IPv4 addresses go in an A record" } else { "" };
            ParseError::new("invalid_ipv6", format!("'{}' is not an IPv6 address such as 2001:db8::10{hint}", shorten(trimmed)))
        }),
        // CNAME and PTR targets may be service names (DKIM delegations such
        // as `selector1-x._domainkey.x.onmicrosoft.com`, DNS-SD); mail and
        // name servers must be real host names.
        DnsRecordType::CNAME | DnsRecordType::PTR => host_target(trimmed, zone, false, true),
        DnsRecordType::NS => host_target(trimmed, zone, false, false),
        DnsRecordType::MX => host_target(trimmed, zone, true, false),
        DnsRecordType::SRV => srv_value(trimmed, zone),
        DnsRecordType::TXT => txt_value(input),
        DnsRecordType::CAA => caa_value(trimmed, zone),
    }
}

fn srv_value(input: &str, zone: &DomainName) -> Result<String, ParseError> {
    let invalid = |why: &str| {
        ParseError::new(
            "invalid_srv",
            format!("{why}; write weight, port and target, e.g. 1 443 sip.example.com (the priority has its own field)"),
        )
    };
    let parts: Vec<&str> = input.split_whitespace().collect();
    let [weight, port, target] = parts[..] else {
        return Err(invalid(&format!("'{}' is not an SRV value", shorten(input))));
    };
    let weight: u16 = weight.parse().map_err(|_| invalid("the weight must be a number from 0 to 65535"))?;
    let port: u16 = port.parse().map_err(|_| invalid("the port must be a number from 0 to 65535"))?;
    let target = host_target(target, zone, true, false)?;
    Ok(format!("{weight} {port} {target}"))
}

/// TXT text as stored: unquoted and trimmed (edges of whitespace are
/// invisible in every form and never meant). Text pasted in zone-file form,
/// one or more quoted strings (as DKIM instructions give it), is unquoted
/// and joined, so it is stored once whichever way it was written.
fn txt_value(input: &str) -> Result<String, ParseError> {
    let text = unquote_strings(input).unwrap_or_else(|| input.trim().to_string());
    if text.is_empty() {
        return Err(ParseError::new("required", "TXT records need some text"));
    }
    let chars = text.chars().count();
    if chars > MAX_TXT_CHARS {
        return Err(ParseError::new("too_long", format!("TXT text is {chars} characters long; at most {MAX_TXT_CHARS} are allowed")));
    }
    if text.chars().any(char::is_control) {
        return Err(ParseError::new("invalid_txt", "TXT text cannot contain line breaks, tabs or other control characters"));
    }
    Ok(text)
}

/// `"v=DKIM1; " "p=abc"` → `v=DKIM1; p=abc`. `None` unless the whole text
/// is quoted strings; decimal escapes (`\059`) are left to zone-file import.
fn unquote_strings(text: &str) -> Option<String> {
    let mut chars = text.trim().chars();
    let mut out = String::new();
    let mut any = false;
    while let Some(c) = chars.next() {
        match c {
            _ if c.is_whitespace() => continue,
            '"' => any = true,
            _ => return None,
        }
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => match chars.next()? {
                    digit if digit.is_ascii_digit() => return None,
                    escaped => out.push(escaped),
                },
                other => out.push(other),
            }
        }
    }
    any.then_some(out)
}

/// `0 issue "letsencrypt.org"`: flags, lowercase tag, quoted value.
fn caa_value(input: &str, zone: &DomainName) -> Result<String, ParseError> {
    let invalid =
        |why: &str| ParseError::new("invalid_caa", format!("{why}; write flags, tag and value, e.g. 0 issue \"letsencrypt.org\""));
    let split = |text: &str| -> (String, String) {
        let text = text.trim_start();
        let (head, tail) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        (head.to_string(), tail.to_string())
    };
    let (flags, rest) = split(input);
    let flags: u8 = flags.parse().map_err(|_| invalid("the flags must be a number from 0 to 255"))?;
    let (tag, rest) = split(&rest);
    let tag = tag.to_ascii_lowercase();
    let rest = rest.trim();
    let inner = match rest.strip_prefix('"') {
        Some(quoted) => quoted.strip_suffix('"').ok_or_else(|| invalid("the value's closing quote is missing"))?,
        None => rest,
    };
    // Nothing to escape keeps the stored form one line of zone file as is.
    if inner.contains(['"', '\\']) || inner.chars().any(char::is_control) {
        return Err(invalid("the value cannot contain quotes, backslashes or control characters"));
    }
    let inner = match tag.as_str() {
        "issue" | "issuewild" => {
            // `issuer-domain; key=value ...`; an empty issuer (`""` or `;`)
            // means no CA may issue.
            let (issuer, parameters) = inner.split_once(';').map_or((inner, None), |(issuer, rest)| (issuer, Some(rest.trim())));
            let issuer = match issuer.trim() {
                "" => String::new(),
                issuer => host_target(issuer, zone, false, false)
                    .map_err(|_| invalid(&format!("'{}' is not a certificate authority's domain name", shorten(issuer))))?,
            };
            match parameters {
                None => issuer,
                Some("") => format!("{issuer};"),
                Some(parameters) if issuer.is_empty() => format!("; {parameters}"),
                Some(parameters) => format!("{issuer}; {parameters}"),
            }
        }
        "iodef" => {
            let lower = inner.to_ascii_lowercase();
            let url = ["mailto:", "https://", "http://"].iter().any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme));
            if !url || inner.contains(char::is_whitespace) {
                return Err(invalid("an iodef value is a mailto: or https:// URL where violations are reported"));
            }
            inner.to_string()
        }
        _ => return Err(invalid("the tag must be issue, issuewild or iodef")),
    };
    Ok(format!("{flags} {tag} \"{inner}\""))
}

/// The comment as stored: trimmed, and `None` when nothing is left.
fn comment(input: Option<&str>) -> Result<Option<String>, ParseError> {
    let Some(text) = input.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(None);
    };
    let chars = text.chars().count();
    if chars > MAX_COMMENT_CHARS {
        return Err(ParseError::new(
            "too_long",
            format!("the comment is {chars} characters long; at most {MAX_COMMENT_CHARS} are allowed"),
        ));
    }
    Ok(Some(text.to_string()))
}
