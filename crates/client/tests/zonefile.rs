//! Zone files in and out: what an import makes of every construct of the
//! format (fixtures in `tests/zonefiles/`), the lines it cannot read, and
//! exports that BIND's `named-checkzone` accepts and that import back to the
//! same records.

use std::path::{Path, PathBuf};
use std::process::Command;

use hjs_client::dns::zonefile::{export_zone, parse_zone, ZoneFileError, ZoneImport};
use hjs_model::dns::RecordDraft;
use hjs_model::documents::{DnsRecord, DnsRecordType};
use hjs_model::{DomainName, ObjectId, Timestamp};

use DnsRecordType::*;

fn zone() -> DomainName {
    DomainName::parse("example.com").expect("example.com is a domain")
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/zonefiles").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn import(text: &str) -> ZoneImport {
    parse_zone(text, &zone(), 1800).unwrap_or_else(|e| panic!("the file should import, but: {e}\n--- file ---\n{text}"))
}

fn import_error(text: &str) -> ZoneFileError {
    match parse_zone(text, &zone(), 1800) {
        Ok(import) => panic!("the file should be refused, but it imported as {import:#?}"),
        Err(error) => error,
    }
}

fn draft(record_type: DnsRecordType, name: &str, value: &str, ttl: u32, priority: Option<u16>, comment: Option<&str>) -> RecordDraft {
    RecordDraft {
        record_type,
        name: name.into(),
        value: value.into(),
        ttl,
        priority,
        is_active: true,
        comment: comment.map(str::to_string),
    }
}

fn stored(draft: &RecordDraft) -> DnsRecord {
    let now = Timestamp::now();
    DnsRecord {
        id: ObjectId::new(),
        domain_id: ObjectId::new(),
        user_id: ObjectId::new(),
        record_type: draft.record_type,
        name: draft.name.clone(),
        value: draft.value.clone(),
        ttl: draft.ttl,
        priority: draft.priority,
        is_active: draft.is_active,
        is_system_record: false,
        comment: draft.comment.clone(),
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn as_draft(record: &DnsRecord) -> RecordDraft {
    RecordDraft {
        record_type: record.record_type,
        name: record.name.clone(),
        value: record.value.clone(),
        ttl: record.ttl,
        priority: record.priority,
        is_active: record.is_active,
        comment: record.comment.clone(),
    }
}

fn lines(import: &ZoneImport) -> Vec<(usize, RecordDraft)> {
    import.records.iter().map(|record| (record.line, record.draft.clone())).collect()
}

fn skipped(import: &ZoneImport) -> Vec<(usize, &str, &str, &str)> {
    import.skipped.iter().map(|skip| (skip.line, skip.owner.as_str(), skip.record_type.as_str(), skip.code)).collect()
}

/// Where `named-checkzone` is: on PATH, or where Debian's bind9-utils puts it.
fn named_checkzone() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).map(|dir| dir.join("named-checkzone")).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(["/usr/sbin/named-checkzone", "/usr/bin/named-checkzone"].map(PathBuf::from))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "named-checkzone is not installed, so exports cannot be checked against BIND: \
                 install the bind9-utils package (apt-get install -y bind9-utils); the project's test script does"
            )
        })
}

/// Runs `named-checkzone` as strictly as BIND can (integrity checks on
/// in-zone names, host-name rules and NS targets as failures) and asserts
/// that it accepts `text` as the zone `zone`.
fn assert_bind_accepts(zone: &str, text: &str) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join(format!("{zone}.zone"));
    std::fs::write(&file, text).expect("the zone file is written");
    let output = Command::new(named_checkzone())
        .args(["-i", "local", "-k", "fail", "-n", "fail", zone])
        .arg(&file)
        .output()
        .expect("named-checkzone runs");
    assert!(
        output.status.success(),
        "named-checkzone refused the file:\n{}{}\n--- file ---\n{text}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}

/// A zone with one or more records of every type, comments, an inactive
/// record, text that needs escapes and a long DKIM-like key.
fn every_type() -> Vec<DnsRecord> {
    let key = long_text(600);
    [
        draft(NS, "@", "ns1.hostjamstack.com", 86400, None, None),
        draft(NS, "@", "ns2.hostjamstack.com", 86400, None, None),
        draft(A, "@", "192.0.2.1", 300, None, Some("the web server")),
        draft(AAAA, "@", "2001:db8::1", 300, None, None),
        draft(CNAME, "www", "example.com", 3600, None, None),
        draft(A, "*.preview", "192.0.2.80", 300, None, None),
        draft(A, "mail", "192.0.2.25", 3600, None, None),
        draft(MX, "@", "mail.example.com", 3600, Some(10), None),
        draft(MX, "@", "mx2.hostjamstack.com", 3600, Some(20), Some("backup mail server")),
        draft(TXT, "@", "v=spf1 mx include:_spf.hostjamstack.com ~all", 3600, None, None),
        draft(TXT, "quote", "say \"hi\" \\ back\\slash; café ✓", 3600, None, None),
        draft(TXT, "hjs1._domainkey", &key, 3600, None, None),
        draft(SRV, "_imaps._tcp", "1 993 imap.hostjamstack.com", 3600, Some(0), None),
        draft(SRV, "_sip._tls", "0 443 .", 3600, Some(100), Some("no SIP here")),
        draft(PTR, "b._dns-sd._udp", "example.com", 3600, None, None),
        draft(CAA, "@", "0 issue \"letsencrypt.org\"", 3600, None, None),
        draft(CAA, "@", "0 iodef \"mailto:security@example.com\"", 3600, None, None),
        draft(NS, "dev", "ns-1536.awsdns-00.co.uk", 86400, None, None),
        RecordDraft { is_active: false, ..draft(A, "staging", "192.0.2.77", 300, None, Some("switched off for now")) },
        RecordDraft { is_active: false, ..draft(TXT, "old", "retired; \"quoted\"", 300, None, None) },
    ]
    .iter()
    .map(stored)
    .collect()
}

/// `len` bytes of base64-looking text, as in a DKIM key.
fn long_text(len: usize) -> String {
    let prefix = "v=DKIM1; k=rsa; p=";
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    prefix.chars().chain(alphabet.chars().cycle()).take(len).collect()
}

fn sorted(mut drafts: Vec<RecordDraft>) -> Vec<RecordDraft> {
    drafts.sort_by(|a, b| (&a.name, a.record_type, &a.value).cmp(&(&b.name, b.record_type, &b.value)));
    drafts
}

#[test]
fn a_file_with_every_construct_imports_each_record_with_its_line() {
    let import = import(&fixture("constructs.zone"));

    let expected = vec![
        (11, draft(NS, "@", "ns1.example.net", 3600, None, Some("no owner: the apex again"))),
        (12, draft(NS, "@", "ns2.example.net", 3600, None, None)),
        (13, draft(A, "@", "192.0.2.1", 300, None, None)),
        (14, draft(AAAA, "@", "2001:db8::1", 300, None, None)),
        (15, draft(MX, "@", "mail.example.com", 3600, Some(10), Some("a relative target"))),
        (16, draft(MX, "@", "mx.example.net", 3600, Some(20), None)),
        (17, draft(A, "mail", "192.0.2.25", 3600, None, None)),
        (18, draft(A, "sip", "192.0.2.60", 3600, None, None)),
        (19, draft(CNAME, "www", "example.com", 3600, None, None)),
        (20, draft(A, "*.wild", "192.0.2.80", 3600, None, None)),
        (21, draft(TXT, "@", "v=spf1 include:_spf.example.net ~all", 3600, None, None)),
        (22, draft(TXT, "@", "first part, second part", 3600, None, Some("one record over two lines"))),
        (24, draft(TXT, "quote", "say \"hi\" \\ back\\slash", 3600, None, None)),
        (25, draft(TXT, "cafe", "café ; unquoted", 3600, None, None)),
        (27, draft(SRV, "_sip._tcp", "60 5060 sip.example.com", 3600, Some(10), None)),
        (28, draft(SRV, "_sip._tcp", "0 5060 .", 3600, Some(20), None)),
        (29, draft(CAA, "@", "0 issue \"letsencrypt.org\"", 3600, None, None)),
        (30, draft(CAA, "@", "0 iodef \"mailto:security@example.com\"", 3600, None, None)),
        (31, draft(PTR, "b._dns-sd._udp", "example.com", 3600, None, None)),
        (32, draft(NS, "dev", "ns-1.awsdns-00.com", 86400, None, None)),
        (34, draft(A, "xn--bcher-kva", "192.0.2.9", 3600, None, None)),
        (36, draft(A, "api.sub", "192.0.2.10", 3600, None, None)),
        (37, draft(A, "sub", "192.0.2.11", 3600, None, None)),
        (44, draft(A, "tail", "192.0.2.200", 3600, None, Some("the last line has no line feed"))),
    ];
    let actual = lines(&import);
    for (i, (want, got)) in expected.iter().zip(&actual).enumerate() {
        assert_eq!(want, got, "record {i} differs");
    }
    assert_eq!(actual.len(), expected.len(), "every record and no other: {actual:#?}");

    assert_eq!(
        skipped(&import),
        vec![
            (4, "@", "SOA", "soa_by_provider"),
            (26, "binary", "TXT", "text_not_utf8"),
            (33, "dev", "DS", "dnssec_record"),
            (39, "@", "DNSKEY", "dnssec_record"),
            (41, "@", "HINFO", "unsupported_type"),
            (42, "other.org", "A", "outside_zone"),
            (43, "", "$INCLUDE", "include_not_supported"),
        ],
        "every entry not imported is listed with its line"
    );
    assert_eq!(import.skipped[0].reason, "the provider writes the SOA record itself");
    assert!(import.skipped[5].reason.contains("outside the zone example.com"), "{}", import.skipped[5].reason);
    assert!(import.skipped[6].reason.contains("extra.zone"), "the include names its file: {}", import.skipped[6].reason);
}

#[test]
fn without_a_ttl_directive_a_records_ttl_carries_forward_and_the_default_applies_before_it() {
    let import = import(&fixture("no-ttl.zone"));

    assert_eq!(
        lines(&import),
        vec![
            (3, draft(NS, "@", "ns1.example.net", 1800, None, None)),
            (4, draft(NS, "@", "ns2.example.net", 1800, None, None)),
            (5, draft(A, "www", "192.0.2.1", 1800, None, None)),
            (6, draft(A, "api", "192.0.2.2", 600, None, None)),
            (7, draft(A, "cdn", "192.0.2.3", 600, None, None)),
        ]
    );
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
}

#[test]
fn windows_line_endings_read_the_same() {
    let unix = fixture("constructs.zone");
    let windows = unix.replace('\n', "\r\n");

    assert_eq!(import(&windows), import(&unix));
}

#[test]
fn a_syntax_error_refuses_the_file_and_names_its_line() {
    let error = import_error("$ORIGIN example.com.\n@ A 192.0.2.1\n\nwww A 192.0.2\nmail A 192.0.2.25\n");

    assert_eq!((error.line, error.code), (4, "syntax_error"), "{error}");
    assert!(error.message.contains("IPv4"), "the message says what was expected: {error}");
}

#[test]
fn an_error_inside_parentheses_names_the_line_it_is_on() {
    let error = import_error("@ A 192.0.2.1\n@ SOA ns1.example.net. hostmaster.example.com. (\n 1 7200\n 3600 soon 3600 )\n");

    assert_eq!((error.line, error.code), (4, "syntax_error"), "{error}");
}

#[test]
fn ttls_with_units_are_refused_with_a_hint() {
    let error = import_error("; BIND's shorthand\n$TTL 1h\n@ A 192.0.2.1\n");

    assert_eq!(error.line, 2, "{error}");
    assert!(error.message.contains("seconds"), "{error}");
}

#[test]
fn unclosed_quotes_and_parentheses_are_reported_where_they_open() {
    let quote = import_error("@ A 192.0.2.1\n@ TXT \"never closed\nwww A 192.0.2.2\n");
    let parenthesis = import_error("@ A 192.0.2.1\n@ TXT ( \"a\"\n \"b\"\nwww A 192.0.2.2\n");

    assert_eq!((quote.line, quote.code), (2, "unclosed_quote"), "{quote}");
    assert_eq!((parenthesis.line, parenthesis.code), (2, "unclosed_parenthesis"), "{parenthesis}");
}

#[test]
fn a_first_record_without_an_owner_is_refused() {
    let error = import_error("; nothing above\n   IN A 192.0.2.1\n");

    assert_eq!((error.line, error.code), (2, "missing_owner"), "{error}");
}

#[test]
fn unknown_record_types_are_refused_with_their_line() {
    let error = import_error("@ A 192.0.2.1\n@ FROB 1 2 3\n");

    assert_eq!((error.line, error.code), (2, "syntax_error"), "{error}");
}

#[test]
fn the_import_serializes_as_camel_case_json_for_the_ui_and_cli() {
    let import = import("@ 300 A 192.0.2.1\n@ SOA ns1.example.net. hostmaster.example.com. 1 2 3 4 5\n");

    let json = serde_json::to_value(&import).expect("the import serializes");
    assert_eq!(
        json,
        serde_json::json!({
            "records": [{
                "line": 1,
                "draft": { "type": "A", "name": "@", "value": "192.0.2.1", "ttl": 300, "priority": null, "isActive": true, "comment": null }
            }],
            "skipped": [{
                "line": 2, "owner": "@", "recordType": "SOA", "reason": "the provider writes the SOA record itself", "code": "soa_by_provider"
            }]
        })
    );
}

#[test]
fn an_export_has_origin_ttl_and_the_providers_soa_first() {
    let text = export_zone(&zone(), &every_type(), 2026120701);

    let directives: Vec<&str> = text.lines().filter(|line| !line.starts_with(';')).take(3).collect();
    assert_eq!(directives[0], "$ORIGIN example.com.");
    assert_eq!(directives[1], "$TTL 3600");
    let soa: Vec<&str> = directives[2].split_whitespace().collect();
    assert_eq!(
        soa,
        [
            "@",
            "3600",
            "IN",
            "SOA",
            "ns1.hostjamstack.com.",
            "hostmaster.hostjamstack.com.",
            "2026120701",
            "7200",
            "3600",
            "1209600",
            "3600"
        ]
    );
}

#[test]
fn an_export_lists_the_apex_first_then_names_types_and_data_in_order() {
    let text = export_zone(&zone(), &every_type(), 1);

    let records: Vec<(String, String)> = text
        .lines()
        .map(|line| line.strip_prefix("; inactive: ").unwrap_or(line))
        .filter(|line| !line.starts_with(';') && !line.starts_with('$'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields[0].to_string(), fields[3].to_string())
        })
        .collect();
    let expected = [
        ("@", "SOA"),
        ("@", "NS"),
        ("@", "NS"),
        ("@", "A"),
        ("@", "AAAA"),
        ("@", "MX"),
        ("@", "MX"),
        ("@", "TXT"),
        ("@", "CAA"),
        ("@", "CAA"),
        ("hjs1._domainkey", "TXT"),
        ("_imaps._tcp", "SRV"),
        ("_sip._tls", "SRV"),
        ("b._dns-sd._udp", "PTR"),
        ("dev", "NS"),
        ("mail", "A"),
        ("old", "TXT"),
        ("*.preview", "A"),
        ("quote", "TXT"),
        ("staging", "A"),
        ("www", "CNAME"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(name, kind)| (name.to_string(), kind.to_string())).collect();
    assert_eq!(records, expected, "apex first, then names compared label by label from the right");
}

#[test]
fn inactive_records_are_commented_out_and_comments_end_their_line() {
    let text = export_zone(&zone(), &every_type(), 1);

    let staging = text.lines().find(|line| line.contains("staging")).expect("the inactive record is in the file");
    assert!(staging.starts_with("; inactive: staging "), "{staging}");
    assert!(staging.ends_with("192.0.2.77 ; switched off for now"), "{staging}");
    let backup = text.lines().find(|line| line.contains("mx2.hostjamstack.com")).expect("the MX is in the file");
    assert!(backup.ends_with("20 mx2.hostjamstack.com. ; backup mail server"), "{backup}");
}

#[test]
fn a_line_break_in_a_comment_does_not_reach_the_file() {
    let records = [stored(&draft(A, "www", "192.0.2.1", 300, None, Some("first line\n$INCLUDE /etc/passwd")))];

    let text = export_zone(&zone(), &records, 1);

    assert!(text.lines().any(|line| line.ends_with("192.0.2.1 ; first line $INCLUDE /etc/passwd")), "{text}");
    assert!(import(&text).skipped.iter().all(|skip| skip.code != "include_not_supported"), "the comment stays a comment");
}

#[test]
fn host_names_get_their_final_dot_and_srv_its_priority_first() {
    let text = export_zone(&zone(), &every_type(), 1);

    for (owner, rdata) in [
        ("www", "CNAME example.com."),
        ("_imaps._tcp", "SRV   0 1 993 imap.hostjamstack.com."),
        ("_sip._tls", "SRV   100 0 443 . ; no SIP here"),
        ("b._dns-sd._udp", "PTR   example.com."),
        ("dev", "NS    ns-1536.awsdns-00.co.uk."),
    ] {
        let line = text.lines().find(|line| line.starts_with(&format!("{owner} "))).unwrap_or_else(|| panic!("{owner} is in the file"));
        assert!(line.ends_with(rdata), "{line:?} should end with {rdata:?}");
    }
}

#[test]
fn a_txt_of_600_bytes_splits_into_three_strings_and_joins_again() {
    let value = long_text(600);
    let records = [stored(&draft(TXT, "hjs1._domainkey", &value, 3600, None, None))];

    let text = export_zone(&zone(), &records, 1);
    let line = text.lines().find(|line| line.starts_with("hjs1._domainkey")).expect("the TXT record is in the file");
    let strings = format!("\"{}\" \"{}\" \"{}\"", &value[..255], &value[255..510], &value[510..]);
    assert!(line.ends_with(&strings), "three character-strings of 255, 255 and 90 bytes: {line}");

    let import = import(&text);
    assert_eq!(import.records.iter().find(|record| record.draft.record_type == TXT).map(|record| &record.draft.value), Some(&value));
}

#[test]
fn txt_escapes_quotes_backslashes_and_every_byte_that_is_not_printable_ascii() {
    let records = [stored(&draft(TXT, "quote", "say \"hi\" \\ café", 3600, None, None))];

    let text = export_zone(&zone(), &records, 1);

    assert!(text.contains(r#""say \"hi\" \\ caf\195\169""#), "{text}");
}

#[test]
fn an_export_round_trips_to_the_same_records() {
    let records = every_type();

    let text = export_zone(&zone(), &records, 1);
    let import = import(&text);

    let expected = sorted(records.iter().map(as_draft).collect());
    let actual = sorted(import.records.iter().map(|record| record.draft.clone()).collect());
    assert_eq!(actual, expected, "export then import gives back every record, inactive ones too\n--- file ---\n{text}");
    assert_eq!(skipped(&import), vec![(5, "@", "SOA", "soa_by_provider")], "only the SOA is left out");
}

#[test]
fn an_export_of_every_type_passes_named_checkzone() {
    assert_bind_accepts("example.com", &export_zone(&zone(), &every_type(), 2026120701));
}

#[test]
fn a_zone_without_apex_name_servers_gets_the_providers_so_bind_accepts_it() {
    let records: Vec<DnsRecord> = every_type().into_iter().filter(|record| !(record.record_type == NS && record.name == "@")).collect();

    let text = export_zone(&zone(), &records, 1);

    let apex_ns: Vec<&str> = text.lines().filter(|line| line.starts_with("@ ") && line.contains(" NS ")).collect();
    assert_eq!(apex_ns.len(), 2, "{text}");
    assert!(apex_ns[0].ends_with("ns1.hostjamstack.com.") && apex_ns[1].ends_with("ns2.hostjamstack.com."), "{apex_ns:?}");
    assert_bind_accepts("example.com", &text);
}

#[test]
fn a_conflicting_cname_is_still_written_for_the_zone_lint_to_report() {
    let mut records = every_type();
    records.push(stored(&draft(A, "www", "192.0.2.8", 300, None, None)));

    let text = export_zone(&zone(), &records, 1);

    assert!(text.lines().any(|line| line.starts_with("www ") && line.ends_with("CNAME example.com.")), "{text}");
    assert!(text.lines().any(|line| line.starts_with("www ") && line.ends_with("A     192.0.2.8")), "{text}");
}

#[test]
fn the_fixtures_pass_named_checkzone_after_import_and_export() {
    for name in ["constructs.zone", "no-ttl.zone"] {
        let records: Vec<DnsRecord> = import(&fixture(name)).records.iter().map(|record| stored(&record.draft)).collect();

        let text = export_zone(&zone(), &records, 7);

        assert_bind_accepts("example.com", &text);
        let again: Vec<RecordDraft> = import(&text).records.into_iter().map(|record| record.draft).collect();
        assert_eq!(sorted(again), sorted(records.iter().map(as_draft).collect()), "{name} survives a second trip");
    }
}
