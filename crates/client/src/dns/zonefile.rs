//! RFC 1035 master files ("BIND zone files"): [`parse_zone`] turns one into
//! record drafts, [`export_zone`] writes a zone as one.
//!
//! # Import
//!
//! The records are read by the zone-file scanner of NLnet Labs' `domain`
//! crate, which knows the whole syntax: `$ORIGIN`, `$TTL`, relative names,
//! `@`, omitted owners, parentheses across lines, quoted and multi-string
//! text, `\"` and `\DDD` escapes, comments. It hands `$INCLUDE` back instead
//! of opening files, so a file from elsewhere can never make the desktop
//! read a path of its choosing.
//!
//! The scanner does not say on which line a record starts, and people need
//! that to find a skipped or broken record. So [`entries`] splits the text
//! first at the line feeds that end an entry (those outside quotes,
//! parentheses and comments; it knows nothing else of the syntax), and the
//! scanner is fed one entry at a time: whatever it returns after a feed came
//! from that entry. The scanner still sees the whole text, in order.
//!
//! Records are converted to the stored conventions of
//! [`DnsRecord`](hjs_model::documents::DnsRecord): names relative to the zone
//! (`@` for the apex) in lowercase, host names absolute without the final
//! dot, MX and SRV priorities in `priority`, TXT as its raw text. Types the
//! provider does not serve, `$INCLUDE` and names outside the zone are listed
//! in [`ZoneImport::skipped`] with their line, never dropped silently. The
//! drafts are not checked against the record rules here: that is the zone
//! plan's job (`RecordDraft::normalize`), which names the field at fault.
//!
//! # Export
//!
//! [`export_zone`] writes `$ORIGIN`, `$TTL`, the SOA the provider would
//! serve and the records, one per line, in a stable order, so that BIND's
//! `named-checkzone` accepts the file and two exports diff line by line.
//! Switched-off records are kept as `; inactive: ` comments, which
//! [`parse_zone`] reads back as inactive drafts.

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use bytes::Bytes;
use domain::base::iana::{Class, Rtype};
use domain::base::{Name, ToName};
use domain::rdata::ZoneRecordData;
use domain::zonefile::inplace::{Entry, ScannedRecord, Zonefile};
use hjs_model::dns::RecordDraft;
use hjs_model::documents::{DnsRecord, DnsRecordType};
use hjs_model::{DomainName, FieldError, FieldErrors};
use serde::Serialize;

use crate::ClientError;

/// What a zone file holds, as drafts for a zone plan and the lines left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneImport {
    /// Records in file order.
    pub records: Vec<ImportedRecord>,
    /// Entries not imported, in file order, each with why.
    pub skipped: Vec<SkippedLine>,
}

/// One record of the file and the line where it starts (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportedRecord {
    pub line: usize,
    pub draft: RecordDraft,
}

/// An entry of the file that was read but not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedLine {
    /// Where the entry starts (1-based).
    pub line: usize,
    /// The owner relative to the zone (`@`, `www`), or the full name (no
    /// final dot) when it lies outside the zone; empty for `$INCLUDE`.
    pub owner: String,
    /// `SOA`, `DNSKEY`, `TYPE65534`, … or `$INCLUDE`.
    pub record_type: String,
    /// For people.
    pub reason: String,
    /// For programs: `soa_by_provider`, `dnssec_record`, `unsupported_type`,
    /// `generic_rdata`, `text_not_utf8`, `outside_zone` or
    /// `include_not_supported`.
    pub code: &'static str,
}

/// A zone file that cannot be read at all. Nothing of it is imported, since
/// an entry the scanner could not make sense of may hide the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("line {line}: {message}")]
pub struct ZoneFileError {
    /// The line at fault (1-based).
    pub line: usize,
    /// `unclosed_quote`, `unclosed_parenthesis`, `missing_owner` or
    /// `syntax_error` (anything the scanner refused).
    pub code: &'static str,
    pub message: String,
}

/// A zone file error reaches the UI as an invalid `file` field, with the
/// line in its message.
impl From<ZoneFileError> for ClientError {
    fn from(error: ZoneFileError) -> Self {
        ClientError::Invalid(FieldErrors(vec![FieldError::new("file", error.code, error.to_string())]))
    }
}

/// What the exporter writes before a switched-off record, and what the
/// importer looks for to bring it back.
const INACTIVE_PREFIX: &str = "; inactive: ";

/// Reads a master file for `zone` (the file's `$ORIGIN` may move names
/// elsewhere; relative names start from the zone). `default_ttl` is the TTL
/// of records whose TTL the file leaves open: no TTL of their own, no `$TTL`
/// above them and no earlier record with one (RFC 1035 §5.1 carries the
/// last TTL written forward; RFC 2308's `$TTL` takes precedence over it).
///
/// - A record's comments (after `;`, on the lines it spans) become its
///   `comment`.
/// - A `; inactive: ` comment that holds a record, as [`export_zone`] writes
///   a switched-off one, comes back as an inactive draft.
/// - `@` and relative names follow the `$ORIGIN` in force, targets included.
/// - TTLs must be written in seconds (`3600`, not BIND's `1h`), and names in
///   ASCII (IDN labels in their `xn--` form): the scanner refuses the rest,
///   and the whole file with it, naming the line.
pub fn parse_zone(text: &str, zone: &DomainName, default_ttl: u32) -> Result<ZoneImport, ZoneFileError> {
    let mut reader = Reader::new(zone, default_ttl, 0)?;
    let mut import = ZoneImport::default();
    for entry in entries(text)? {
        if !entry.has_token {
            if let Some(record) = entry.text.strip_prefix(INACTIVE_PREFIX) {
                if let Some(draft) = reader.inactive_record(record) {
                    import.records.push(ImportedRecord { line: entry.first_line, draft });
                }
            }
        }
        for scanned in reader.feed(&entry)? {
            match scanned {
                Scanned::Record(record) => match reader.convert(&record, &entry)? {
                    Ok(draft) => import.records.push(ImportedRecord { line: entry.first_line, draft }),
                    Err(skip) => import.skipped.push(skip.at(entry.first_line)),
                },
                Scanned::Include(path) => import.skipped.push(SkippedLine {
                    line: entry.first_line,
                    owner: String::new(),
                    record_type: "$INCLUDE".into(),
                    reason: format!("included files are not read: import the records of '{path}' on their own"),
                    code: "include_not_supported",
                }),
            }
        }
    }
    Ok(import)
}

// ---------------------------------------------------------------------------
// Splitting the text into entries.

/// One entry of a master file: a record, a `$` directive, or only blanks
/// and comments.
#[derive(Debug)]
struct RawEntry<'a> {
    /// The entry's text, through the line feed that ends it (if any).
    text: &'a str,
    /// The line of its first token, or of its start if it has none.
    first_line: usize,
    /// The line its terminating line feed is on.
    last_line: usize,
    /// Comment texts, after each `;` outside quotes, trimmed.
    comments: Vec<&'a str>,
    /// Whether there is anything but blanks and comments.
    has_token: bool,
}

impl RawEntry<'_> {
    /// The record's comment: the comments of its lines, joined.
    fn comment(&self) -> Option<String> {
        let parts: Vec<&str> = self.comments.iter().copied().filter(|comment| !comment.is_empty()).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Splits `text` where entries end: at line feeds outside quotes,
/// parentheses and comments. Only `\`, `"`, `(`, `)`, `;` and line feeds
/// matter here; everything else is left to the scanner.
///
/// A quote or parenthesis still open at the end of the text is reported
/// here, at the line where it opened: by then every later line has been
/// swallowed, so the scanner could only name the last one.
fn entries(text: &str) -> Result<Vec<RawEntry<'_>>, ZoneFileError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut start_line, mut line) = (0, 1, 1);
    let mut first_token: Option<usize> = None;
    let mut comments = Vec::new();
    let mut quote_opened: Option<usize> = None;
    let mut parens: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if quote_opened.is_some() {
            match byte {
                b'\\' => {
                    i += 1;
                    if bytes.get(i) == Some(&b'\n') {
                        line += 1;
                    }
                }
                b'"' => quote_opened = None,
                b'\n' => line += 1,
                _ => {}
            }
            i += 1;
            continue;
        }
        match byte {
            b' ' | b'\t' | b'\r' => {}
            b'(' => parens.push(line),
            b')' => {
                // An unbalanced `)` is the scanner's to report.
                parens.pop();
            }
            b';' => {
                let end = text[i..].find('\n').map_or(bytes.len(), |offset| i + offset);
                comments.push(text[i + 1..end].trim());
                i = end;
                continue;
            }
            b'\n' => {
                if parens.is_empty() {
                    out.push(RawEntry {
                        text: &text[start..=i],
                        first_line: first_token.unwrap_or(start_line),
                        last_line: line,
                        comments: std::mem::take(&mut comments),
                        has_token: first_token.is_some(),
                    });
                    start = i + 1;
                    start_line = line + 1;
                    first_token = None;
                }
                line += 1;
            }
            _ => {
                first_token.get_or_insert(line);
                match byte {
                    b'"' => quote_opened = Some(line),
                    b'\\' => {
                        // The escaped character is data, whatever it is.
                        i += 1;
                        if bytes.get(i) == Some(&b'\n') {
                            line += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    if let Some(opened) = quote_opened {
        return Err(ZoneFileError {
            line: opened,
            code: "unclosed_quote",
            message: "the text quoted on this line is never closed: a \" is missing".into(),
        });
    }
    if let Some(&opened) = parens.first() {
        return Err(ZoneFileError {
            line: opened,
            code: "unclosed_parenthesis",
            message: "the parenthesis opened on this line is never closed: a ) is missing".into(),
        });
    }
    if start < bytes.len() {
        out.push(RawEntry {
            text: &text[start..],
            first_line: first_token.unwrap_or(start_line),
            last_line: line,
            comments,
            has_token: first_token.is_some(),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Scanning entries and converting records.

/// The owner of the record fed ahead of the file (see [`Reader::new`]); a
/// record of the file that ends up with it had no owner of its own.
const SENTINEL_OWNER: &str = "hjs-default-ttl.invalid.";

/// What the scanner returned for an entry.
enum Scanned {
    Record(ScannedRecord),
    Include(String),
}

/// A record that is read but not imported (its line is added by the caller).
struct Skip {
    owner: String,
    record_type: String,
    reason: String,
    code: &'static str,
}

impl Skip {
    fn at(self, line: usize) -> SkippedLine {
        SkippedLine { line, owner: self.owner, record_type: self.record_type, reason: self.reason, code: self.code }
    }
}

/// The scanner over one file, fed entry by entry.
struct Reader<'z> {
    zonefile: Zonefile,
    zone: &'z DomainName,
    default_ttl: u32,
    /// Lines the scanner saw that are not in the file (the sentinel's, and
    /// for an inactive record, those of the file before it).
    line_offset: usize,
}

impl<'z> Reader<'z> {
    /// A scanner whose origin is `zone` and whose class is IN unless a
    /// record says otherwise.
    ///
    /// The scanner falls back on a TTL of its own (3600) for records whose
    /// TTL the file leaves open, and has no setting for it. So a record with
    /// an explicit `default_ttl` is fed first: it becomes the "last TTL"
    /// that RFC 1035 carries forward, without the precedence a `$TTL` line
    /// would have, and is then dropped.
    fn new(zone: &'z DomainName, default_ttl: u32, line_offset: usize) -> Result<Self, ZoneFileError> {
        let origin: Name<Bytes> = format!("{}.", zone.as_str()).parse().map_err(|_| ZoneFileError {
            line: 0,
            code: "syntax_error",
            message: format!("'{zone}' cannot be the origin of a zone file"),
        })?;
        let mut zonefile = Zonefile::new();
        zonefile.set_origin(origin);
        zonefile.set_default_class(Class::IN);
        let mut reader = Self { zonefile, zone, default_ttl, line_offset: line_offset + 1 };
        let sentinel = format!("{SENTINEL_OWNER} {default_ttl} IN TXT \"\"\n");
        reader.zonefile.extend_from_slice(sentinel.as_bytes());
        loop {
            match reader.next() {
                Ok(Some(_sentinel)) => {}
                Ok(None) => return Ok(reader),
                Err(message) => return Err(ZoneFileError { line: 0, code: "syntax_error", message }),
            }
        }
    }

    /// Feeds one entry and returns what the scanner made of it.
    fn feed(&mut self, entry: &RawEntry<'_>) -> Result<Vec<Scanned>, ZoneFileError> {
        self.zonefile.extend_from_slice(entry.text.as_bytes());
        // The scanner only finishes an entry at a line feed; the last line
        // of a file often has none.
        if !entry.text.ends_with('\n') {
            self.zonefile.extend_from_slice(b"\n");
        }
        let mut out = Vec::new();
        loop {
            match self.next() {
                Ok(Some(scanned)) => out.push(scanned),
                Ok(None) => return Ok(out),
                Err(message) => return Err(self.error(message, entry)),
            }
        }
    }

    /// The scanner's next entry in what has been fed, as `Err(message)` if
    /// it refused it.
    fn next(&mut self) -> Result<Option<Scanned>, String> {
        // The scanner is a third party's code reading a file from anywhere;
        // should it panic on some input, the import fails with a message
        // instead of taking the app down.
        let next = catch_unwind(AssertUnwindSafe(|| self.zonefile.next_entry()))
            .map_err(|_| "0:0: the zone-file scanner failed on this entry".to_string())?;
        match next {
            Ok(Some(Entry::Record(record))) => Ok(Some(Scanned::Record(record))),
            Ok(Some(Entry::Include { path, .. })) => Ok(Some(Scanned::Include(path.to_string()))),
            Ok(None) => Ok(None),
            Err(error) => Err(error.to_string()),
        }
    }

    /// A scanner message as an error on the right line.
    ///
    /// `domain`'s error keeps its position private and shows it as
    /// `line:column: message`; its line counts the sentinel, and at the end
    /// of an entry may already be the next line, hence the clamp.
    fn error(&self, message: String, entry: &RawEntry<'_>) -> ZoneFileError {
        let mut parts = message.splitn(3, ':');
        let line = parts.next().and_then(|line| line.trim().parse::<usize>().ok());
        let (line, text) = match (line, parts.next(), parts.next()) {
            (Some(line), Some(_column), Some(text)) => (line.saturating_sub(self.line_offset), text.trim()),
            _ => (entry.first_line, message.as_str()),
        };
        ZoneFileError {
            line: line.clamp(entry.first_line, entry.last_line.max(entry.first_line)),
            code: "syntax_error",
            message: explain(text),
        }
    }

    /// A `; inactive: ` comment read as the record it comments out, if it is
    /// one, with the `$ORIGIN` in force. Anything else there is a comment
    /// like any other.
    fn inactive_record(&self, text: &str) -> Option<RecordDraft> {
        let entries = entries(text).ok()?;
        let [entry] = entries.as_slice() else { return None };
        let mut reader = Reader::new(self.zone, self.default_ttl, 0).ok()?;
        if let Ok(origin) = self.zonefile.origin() {
            reader.zonefile.set_origin(origin);
        }
        let scanned = reader.feed(entry).ok()?;
        let [Scanned::Record(record)] = scanned.as_slice() else { return None };
        let mut draft = reader.convert(record, entry).ok()?.ok()?;
        draft.is_active = false;
        Some(draft)
    }

    /// A scanned record in the stored conventions, or why it is skipped.
    /// `Err` is for a record the file cannot hold (no owner).
    fn convert(&self, record: &ScannedRecord, entry: &RawEntry<'_>) -> Result<Result<RecordDraft, Skip>, ZoneFileError> {
        let owner = labels(record.owner());
        if owner.join(".") + "." == SENTINEL_OWNER {
            return Err(ZoneFileError {
                line: entry.first_line,
                code: "missing_owner",
                message: "this record has no owner name, and no record above it to take one from".into(),
            });
        }
        let record_type = record.rtype().to_string();
        let zone_labels: Vec<&str> = self.zone.as_str().split('.').collect();
        let Some(inside) = owner.len().checked_sub(zone_labels.len()).filter(|&n| owner[n..] == zone_labels[..]) else {
            let full = owner.join(".");
            return Ok(Err(Skip {
                reason: format!("'{full}' is outside the zone {}", self.zone),
                owner: full,
                record_type,
                code: "outside_zone",
            }));
        };
        let name = if inside == 0 { "@".to_string() } else { owner[..inside].join(".") };
        let skip = |code: &'static str, reason: String| Skip { owner: name.clone(), record_type: record_type.clone(), reason, code };
        let (kind, value, priority) = match record.data() {
            ZoneRecordData::A(a) => (DnsRecordType::A, a.addr().to_string(), None),
            ZoneRecordData::Aaaa(aaaa) => (DnsRecordType::AAAA, aaaa.addr().to_string(), None),
            ZoneRecordData::Cname(cname) => (DnsRecordType::CNAME, host(cname.cname()), None),
            ZoneRecordData::Ns(ns) => (DnsRecordType::NS, host(ns.nsdname()), None),
            ZoneRecordData::Ptr(ptr) => (DnsRecordType::PTR, host(ptr.ptrdname()), None),
            ZoneRecordData::Mx(mx) => (DnsRecordType::MX, host(mx.exchange()), Some(mx.preference())),
            ZoneRecordData::Srv(srv) => {
                (DnsRecordType::SRV, format!("{} {} {}", srv.weight(), srv.port(), host(srv.target())), Some(srv.priority()))
            }
            ZoneRecordData::Txt(txt) => {
                let bytes: Vec<u8> = txt.iter().flatten().copied().collect();
                match String::from_utf8(bytes) {
                    Ok(text) => (DnsRecordType::TXT, text, None),
                    Err(_) => {
                        return Ok(Err(skip(
                            "text_not_utf8",
                            "the text holds bytes that are not UTF-8 text, and TXT values are stored as text".into(),
                        )))
                    }
                }
            }
            ZoneRecordData::Caa(caa) => {
                let tag = caa.tag().to_string().to_ascii_lowercase();
                (DnsRecordType::CAA, format!("{} {tag} {}", caa.flags().bits(), quoted(caa.value())), None)
            }
            ZoneRecordData::Soa(_) => return Ok(Err(skip("soa_by_provider", "the provider writes the SOA record itself".into()))),
            ZoneRecordData::Unknown(_) if served(record.rtype()) => {
                return Ok(Err(skip(
                    "generic_rdata",
                    format!("the record is written in the generic \\# form (RFC 3597); write it as a usual {record_type} record"),
                )))
            }
            _ if is_dnssec(record.rtype()) => {
                return Ok(Err(skip(
                    "dnssec_record",
                    "DNSSEC keys and signatures belong to the server that signs the zone; they are not imported".into(),
                )))
            }
            _ => return Ok(Err(skip("unsupported_type", format!("the provider does not serve {record_type} records")))),
        };
        Ok(Ok(RecordDraft {
            record_type: kind,
            name,
            value,
            ttl: record.ttl().as_secs(),
            priority,
            is_active: true,
            comment: entry.comment(),
        }))
    }
}

/// Scanner messages in words people can act on; others pass as they are.
fn explain(message: &str) -> String {
    let explained = match message {
        "expected rtype" => "expected a TTL in seconds, a class (IN) or a record type such as A, MX or TXT",
        "expected decimal number" => "expected a number here (a TTL is written in seconds: 3600, not 1h)",
        "unknown record type with concrete data" => "the importer does not know this record type; remove the line",
        "bad symbol" => "a character that is not allowed here (names are written in ASCII: an internationalized name in its xn-- form)",
        "unbalanced parens" => "a ) without a ( before it",
        "trailing tokens" => "more fields than this record type has",
        "unexpected end of entry" => "the record ends before all of its fields are given",
        _ if message.starts_with("different class") => "only records of class IN (internet) can be imported",
        _ if message.starts_with("unknown control") => {
            return format!("{}: only the directives $ORIGIN, $TTL and $INCLUDE are read", message.trim_start_matches("unknown control: "));
        }
        _ => message,
    };
    explained.to_string()
}

/// Types the provider serves (when written in the generic form, they are
/// refused with a hint rather than as unsupported).
fn served(rtype: Rtype) -> bool {
    [Rtype::A, Rtype::AAAA, Rtype::CNAME, Rtype::MX, Rtype::TXT, Rtype::NS, Rtype::SRV, Rtype::PTR, Rtype::CAA].contains(&rtype)
}

fn is_dnssec(rtype: Rtype) -> bool {
    [Rtype::DNSKEY, Rtype::RRSIG, Rtype::NSEC, Rtype::NSEC3, Rtype::NSEC3PARAM, Rtype::DS, Rtype::CDS, Rtype::CDNSKEY].contains(&rtype)
}

/// A name's labels (root excluded) in stored form: lowercase, and `\DDD`
/// for anything that is not a plain printable character in a name.
fn labels(name: &impl ToName) -> Vec<String> {
    name.iter_labels()
        .map(|label| label.as_ref().to_vec())
        .filter(|label| !label.is_empty())
        .map(|label| {
            let mut out = String::with_capacity(label.len());
            for byte in label {
                if byte.is_ascii_graphic() && !b".\\\"();@$".contains(&byte) {
                    out.push(byte.to_ascii_lowercase() as char);
                } else {
                    let _ = write!(out, "\\{byte:03}");
                }
            }
            out
        })
        .collect()
}

/// A target host name, absolute without the final dot; `.` for the root
/// (an SRV or MX "no service here").
///
/// BIND reads a target written `@` as the origin, as it does an owner; the
/// scanner only does so for owners and makes the target a label named `@`
/// under the origin. No host name holds an `@`, so that label is dropped.
fn host(name: &impl ToName) -> String {
    let mut labels = labels(name);
    if labels.first().is_some_and(|label| label == "\\064") {
        labels.remove(0);
    }
    if labels.is_empty() {
        ".".into()
    } else {
        labels.join(".")
    }
}

// ---------------------------------------------------------------------------
// Export.

/// The provider's name servers: the SOA's primary and the NS records a
/// zone without its own gets.
const PROVIDER_NAME_SERVERS: [&str; 2] = ["ns1.hostjamstack.com.", "ns2.hostjamstack.com."];
/// The SOA's mailbox (`hostmaster@hostjamstack.com`).
const HOSTMASTER: &str = "hostmaster.hostjamstack.com.";
/// SOA timers: refresh 2 h, retry 1 h, expire 2 weeks, negative-answer TTL
/// 1 h (RIPE-203's ranges; RFC 2308 §5 advises 1–3 h for the last).
const SOA_TIMERS: &str = "7200 3600 1209600 3600";
/// `$TTL`: every record line carries its own TTL, so this only serves
/// someone who adds a line by hand.
const DEFAULT_TTL: u32 = 3600;
/// TTL of the NS records the exporter adds, as the provider serves them.
const NS_TTL: u32 = 86_400;

/// `zone` as a master file: `$ORIGIN`, `$TTL`, the SOA (primary
/// `ns1.hostjamstack.com.`, the given `serial`), then `records` sorted apex
/// first, then by name (label by label from the right, so a name's children
/// follow it), type and data.
///
/// - Inactive records are written commented out behind `; inactive: `, so
///   nothing is lost; [`parse_zone`] reads them back as inactive.
/// - A record's comment ends its line as `; comment`.
/// - TXT text is split into quoted strings of at most 255 bytes (the limit
///   of one DNS character-string), with `"` and `\` escaped and any byte
///   that is not printable ASCII (UTF-8 included) written as `\DDD`.
/// - Host names get their final dot; SRV is `priority weight port target.`;
///   CAA is written as stored. An MX or SRV without a priority (which the
///   record rules refuse) is written with 0.
/// - When no active NS record is at the apex, the provider's two are added:
///   a zone has to name its servers at its apex (`named-checkzone` refuses
///   one that does not), and the provider serves every zone from these.
/// - Nothing else is checked: a CNAME beside other data is written as it
///   is, for the zone lint to report, not silently dropped.
pub fn export_zone(zone: &DomainName, records: &[DnsRecord], serial: u32) -> String {
    let mut sorted: Vec<&DnsRecord> = records.iter().collect();
    sorted.sort_by_cached_key(|record| {
        let name = owner(record).to_ascii_lowercase();
        let labels: Vec<String> = if name == "@" { Vec::new() } else { name.rsplit('.').map(str::to_string).collect() };
        (labels, type_rank(record.record_type), record.priority, record.value.clone())
    });
    let width = sorted.iter().map(|record| owner(record).len()).max().unwrap_or(1);

    let mut out = String::new();
    let _ = writeln!(out, "; {} as a master file (RFC 1035), exported by HostJamstack Desk.", zone.as_str());
    let _ = writeln!(out, "; Switched-off records are kept as comments that start with \"{}\".", INACTIVE_PREFIX.trim_end());
    let _ = writeln!(out, "$ORIGIN {}.", zone.as_str());
    let _ = writeln!(out, "$TTL {DEFAULT_TTL}");
    let soa = format!("{} {HOSTMASTER} {serial} {SOA_TIMERS}", PROVIDER_NAME_SERVERS[0]);
    let _ = writeln!(out, "{}", line("@", width, DEFAULT_TTL, "SOA", &soa));

    let has_apex_ns = records.iter().any(|record| record.is_active && record.record_type == DnsRecordType::NS && owner(record) == "@");
    if !has_apex_ns {
        let _ = writeln!(out, "; The zone lists no name servers at its apex; these are the provider's, which serve it.");
        for server in PROVIDER_NAME_SERVERS {
            let _ = writeln!(out, "{}", line("@", width, NS_TTL, "NS", server));
        }
    }

    for record in sorted {
        let mut text = line(owner(record), width, record.ttl, record.record_type.as_str(), &rdata(record));
        if let Some(comment) = record.comment.as_deref().map(one_line).filter(|comment| !comment.is_empty()) {
            let _ = write!(text, " ; {comment}");
        }
        if !record.is_active {
            text.insert_str(0, INACTIVE_PREFIX);
        }
        let _ = writeln!(out, "{text}");
    }
    out
}

fn line(owner: &str, width: usize, ttl: u32, record_type: &str, rdata: &str) -> String {
    format!("{owner:<width$} {ttl:>6} IN {record_type:<5} {rdata}")
}

/// The owner as written: stored names are already relative; an empty one
/// would shift the line's fields, so it is the apex too.
fn owner(record: &DnsRecord) -> &str {
    match record.name.trim() {
        "" => "@",
        name => name,
    }
}

/// Types in the order BIND files usually list them: delegation first.
fn type_rank(record_type: DnsRecordType) -> u8 {
    match record_type {
        DnsRecordType::NS => 0,
        DnsRecordType::A => 1,
        DnsRecordType::AAAA => 2,
        DnsRecordType::CNAME => 3,
        DnsRecordType::MX => 4,
        DnsRecordType::SRV => 5,
        DnsRecordType::TXT => 6,
        DnsRecordType::CAA => 7,
        DnsRecordType::PTR => 8,
    }
}

/// The record data in master-file form.
fn rdata(record: &DnsRecord) -> String {
    let value = record.value.trim();
    let priority = record.priority.unwrap_or(0);
    match record.record_type {
        DnsRecordType::A | DnsRecordType::AAAA | DnsRecordType::CAA => value.to_string(),
        DnsRecordType::CNAME | DnsRecordType::NS | DnsRecordType::PTR => absolute(value),
        DnsRecordType::MX => format!("{priority} {}", absolute(value)),
        DnsRecordType::SRV => match value.split_whitespace().collect::<Vec<_>>()[..] {
            [weight, port, target] => format!("{priority} {weight} {port} {}", absolute(target)),
            // Not the stored form; written as is for named-checkzone or the
            // zone lint to point at.
            _ => format!("{priority} {value}"),
        },
        // The raw text, not trimmed: its spaces are data.
        DnsRecordType::TXT if record.value.is_empty() => "\"\"".into(),
        DnsRecordType::TXT => record.value.as_bytes().chunks(255).map(quoted).collect::<Vec<_>>().join(" "),
    }
}

/// A host name with its final dot (`.` stays the root).
fn absolute(host: &str) -> String {
    if host.ends_with('.') {
        host.to_string()
    } else {
        format!("{host}.")
    }
}

/// One quoted character-string: `"` and `\` escaped, anything but
/// printable ASCII as `\DDD`.
fn quoted(bytes: impl AsRef<[u8]>) -> String {
    let bytes = bytes.as_ref();
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('"');
    for &byte in bytes {
        match byte {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(byte as char);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\{byte:03}");
            }
        }
    }
    out.push('"');
    out
}

/// A comment on one line: a line break would end it and turn the rest into
/// zone data.
fn one_line(comment: &str) -> String {
    comment.split(char::is_control).map(str::trim).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" ")
}
