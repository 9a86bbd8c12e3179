//! The DNS rules both the provider and the desktop apply: one record
//! ([`RecordDraft::normalize`]) and a whole zone ([`check_zone`]).

use hjs_model::dns::{check_zone, RecordDraft};
use hjs_model::documents::{DnsRecord, DnsRecordType, DnsRecordType::*};
use hjs_model::{DomainName, ObjectId, Timestamp};

fn zone() -> DomainName {
    DomainName::parse("example.com").expect("a valid zone")
}

fn draft(record_type: DnsRecordType, name: &str, value: &str) -> RecordDraft {
    let priority = matches!(record_type, MX | SRV).then_some(10);
    RecordDraft { record_type, name: name.into(), value: value.into(), ttl: 3600, priority, is_active: true, comment: None }
}

/// The one error of `draft`, as (field, code), or the stored value.
fn outcome(draft: &RecordDraft) -> Result<String, (String, String)> {
    match draft.normalize(&zone()) {
        Ok(normal) => Ok(normal.value),
        Err(errors) => {
            assert_eq!(errors.0.len(), 1, "{draft:?} should fail for one reason, got {errors}");
            Err((errors.0[0].field.clone(), errors.0[0].code.clone()))
        }
    }
}

/// A table row's expectation: the stored value, or (field, code).
type Expected = Result<&'static str, (&'static str, &'static str)>;

fn fails(field: &str, code: &str) -> Result<String, (String, String)> {
    Err((field.into(), code.into()))
}

fn codes(errors: &hjs_model::FieldErrors) -> Vec<(&str, &str)> {
    errors.0.iter().map(|error| (error.field.as_str(), error.code.as_str())).collect()
}

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_780_000_000_000 + seconds * 1000).expect("a valid time")
}

fn id(n: u64) -> ObjectId {
    ObjectId::from_parts(1_780_000_000, n)
}

fn record(n: u64, record_type: DnsRecordType, name: &str, value: &str) -> DnsRecord {
    DnsRecord {
        id: id(n),
        domain_id: id(900),
        user_id: id(901),
        record_type,
        name: name.into(),
        value: value.into(),
        ttl: 3600,
        priority: matches!(record_type, MX | SRV).then_some(10),
        is_active: true,
        is_system_record: false,
        comment: None,
        created_at: at(0),
        updated_at: at(0),
        version: 1,
    }
}

fn system(mut record: DnsRecord) -> DnsRecord {
    record.is_system_record = true;
    record
}

/// A lived-in zone of ten records.
fn current() -> Vec<DnsRecord> {
    vec![
        system(record(1, NS, "@", "ns1.hostjamstack.com")),
        system(record(2, NS, "@", "ns2.hostjamstack.com")),
        record(3, A, "@", "192.0.2.1"),
        record(4, AAAA, "@", "2001:db8::1"),
        record(5, CNAME, "www", "example.com"),
        record(6, MX, "@", "mx1.example.net"),
        record(7, MX, "@", "mx2.example.net"),
        record(8, TXT, "@", "v=spf1 -all"),
        record(9, TXT, "_dmarc", "v=DMARC1; p=none"),
        record(10, A, "api", "192.0.2.2"),
    ]
}

// ---------------------------------------------------------------- names

#[test]
fn names_are_stored_relative_to_the_zone_in_lowercase_ascii() {
    let cases: &[(&str, Result<&str, &str>)] = &[
        ("@", Ok("@")),
        ("", Ok("@")),
        ("  WWW ", Ok("www")),
        ("www.example.com.", Ok("www")),
        ("www.example.com", Ok("www")),
        ("example.com.", Ok("@")),
        ("Example.COM", Ok("@")),
        ("Bücher", Ok("xn--bcher-kva")),
        ("shop.bücher.example.com.", Ok("shop.xn--bcher-kva")),
        ("*", Ok("*")),
        ("*.dev", Ok("*.dev")),
        ("*.example.com.", Ok("*")),
        ("_dmarc", Ok("_dmarc")),
        ("hjs1._domainkey", Ok("hjs1._domainkey")),
        ("a.b.c", Ok("a.b.c")),
        ("r3--sn-abc", Ok("r3--sn-abc")),
        ("www.example.org.", Err("outside_zone")),
        ("notexample.com.", Err("outside_zone")),
        (".", Err("outside_zone")),
        ("a*b", Err("invalid_name")),
        ("www.*", Err("invalid_name")),
        ("*.*", Err("invalid_name")),
        ("a..b", Err("invalid_name")),
        (".www", Err("invalid_name")),
        ("-www", Err("invalid_name")),
        ("www-", Err("invalid_name")),
        ("ex ample", Err("invalid_name")),
        ("mail@home", Err("invalid_name")),
        ("www.@", Err("invalid_name")),
    ];
    for (input, expected) in cases {
        let result = draft(A, input, "192.0.2.1").normalize(&zone());
        match (result, expected) {
            (Ok(normal), Ok(name)) => assert_eq!(normal.name, *name, "name {input:?}"),
            (Err(errors), Err(code)) => assert_eq!(codes(&errors), [("name", *code)], "name {input:?}"),
            (result, _) => panic!("name {input:?}: expected {expected:?}, got {result:?}"),
        }
    }
}

#[test]
fn names_longer_than_dns_allows_are_too_long() {
    let long_label = "a".repeat(64);
    let fits = vec!["a".repeat(63); 3].join("."); // 191 + 12 for ".example.com"
    let too_long = vec!["a".repeat(63); 4].join("."); // 255 + 12
    assert_eq!(outcome(&draft(TXT, &long_label, "x")), fails("name", "too_long"));
    assert!(draft(TXT, &fits, "x").normalize(&zone()).is_ok(), "203 characters in all fit");
    assert_eq!(outcome(&draft(TXT, &too_long, "x")), fails("name", "too_long"));
    assert_eq!(outcome(&draft(TXT, &"a.".repeat(400), "x")), fails("name", "too_long"));
}

#[test]
fn a_wildcard_ns_record_is_refused() {
    assert_eq!(outcome(&draft(NS, "*.dev", "ns1.example.net")), fails("name", "invalid_name"));
    assert_eq!(outcome(&draft(NS, "dev", "ns1.example.net")), Ok("ns1.example.net".into()));
}

// ---------------------------------------------------------------- values

#[test]
fn each_record_type_stores_its_value_in_one_form() {
    let cases: &[(DnsRecordType, &str, Expected)] = &[
        // A: std's parser, which refuses leading zeros (octal or decimal is ambiguous)
        (A, "192.0.2.1", Ok("192.0.2.1")),
        (A, " 192.0.2.1 ", Ok("192.0.2.1")),
        (A, "0.0.0.0", Ok("0.0.0.0")),
        (A, "192.0.2.01", Err(("value", "invalid_ipv4"))),
        (A, "256.0.0.1", Err(("value", "invalid_ipv4"))),
        (A, "192.0.2", Err(("value", "invalid_ipv4"))),
        (A, "192.0.2.1.", Err(("value", "invalid_ipv4"))),
        (A, "0x7f.0.0.1", Err(("value", "invalid_ipv4"))),
        (A, "2001:db8::1", Err(("value", "invalid_ipv4"))),
        (A, "", Err(("value", "required"))),
        // AAAA: stored compressed and lowercase (RFC 5952)
        (AAAA, "2001:DB8:0:0:0:0:0:1", Ok("2001:db8::1")),
        (AAAA, "2001:db8:0:0:1:0:0:1", Ok("2001:db8::1:0:0:1")),
        (AAAA, "::ffff:192.0.2.1", Ok("::ffff:192.0.2.1")),
        (AAAA, "::1", Ok("::1")),
        (AAAA, "fe80::1%eth0", Err(("value", "invalid_ipv6"))),
        (AAAA, "2001:db8:::1", Err(("value", "invalid_ipv6"))),
        (AAAA, "2001:db8::g", Err(("value", "invalid_ipv6"))),
        (AAAA, "192.0.2.1", Err(("value", "invalid_ipv6"))),
        // CNAME: an absolute host name without the trailing dot
        (CNAME, "target.example.net.", Ok("target.example.net")),
        (CNAME, "Target.Example.NET", Ok("target.example.net")),
        (CNAME, "bücher.example", Ok("xn--bcher-kva.example")),
        (CNAME, "example.com", Ok("example.com")),
        (CNAME, "selector1-x._domainkey.x.onmicrosoft.com", Ok("selector1-x._domainkey.x.onmicrosoft.com")),
        (CNAME, "@", Err(("value", "invalid_hostname"))),
        (CNAME, "www", Err(("value", "invalid_hostname"))),
        (CNAME, "192.0.2.1", Err(("value", "invalid_hostname"))),
        (CNAME, "*.example.net", Err(("value", "invalid_hostname"))),
        (CNAME, "a..example.net", Err(("value", "invalid_hostname"))),
        (CNAME, ".", Err(("value", "invalid_hostname"))),
        (CNAME, "https://example.net/", Err(("value", "invalid_hostname"))),
        // NS and PTR
        (NS, "ns1.example.net.", Ok("ns1.example.net")),
        (NS, "_ns.example.net", Err(("value", "invalid_hostname"))),
        (PTR, "example.com.", Ok("example.com")),
        (PTR, "@", Err(("value", "invalid_hostname"))),
        // MX: a mail host name, or "." for "no mail here" (RFC 7505)
        (MX, "mx1.hostjamstack.com", Ok("mx1.hostjamstack.com")),
        (MX, "MX1.HostJamstack.com.", Ok("mx1.hostjamstack.com")),
        (MX, ".", Ok(".")),
        (MX, "mail_in.example.net", Err(("value", "invalid_hostname"))),
        (MX, "mail", Err(("value", "invalid_hostname"))),
        // TXT: raw text
        (TXT, "v=spf1 -all", Ok("v=spf1 -all")),
        (TXT, "  v=spf1 -all \n", Ok("v=spf1 -all")),
        (TXT, "\"v=DKIM1; k=rsa; \" \"p=MIGf\"", Ok("v=DKIM1; k=rsa; p=MIGf")),
        (TXT, "\"say \\\"hi\\\"\"", Ok("say \"hi\"")),
        (TXT, "\"a\" b", Ok("\"a\" b")),
        (TXT, "grüße", Ok("grüße")),
        (TXT, "two\nlines", Err(("value", "invalid_txt"))),
        (TXT, "tab\there", Err(("value", "invalid_txt"))),
        (TXT, "   ", Err(("value", "required"))),
        (TXT, "\"\"", Err(("value", "required"))),
        // CAA: flags tag "value"
        (CAA, "0 issue \"letsencrypt.org\"", Ok("0 issue \"letsencrypt.org\"")),
        (CAA, "0 ISSUE LetsEncrypt.org", Ok("0 issue \"letsencrypt.org\"")),
        (CAA, "  0   issue   \"letsencrypt.org\"  ", Ok("0 issue \"letsencrypt.org\"")),
        (CAA, "128 issuewild \";\"", Ok("128 issuewild \";\"")),
        (CAA, "0 issue \"\"", Ok("0 issue \"\"")),
        (CAA, "0 issue \"letsencrypt.org;validationmethods=dns-01\"", Ok("0 issue \"letsencrypt.org; validationmethods=dns-01\"")),
        (CAA, "0 iodef \"mailto:security@example.com\"", Ok("0 iodef \"mailto:security@example.com\"")),
        (CAA, "0 iodef https://example.com/caa", Ok("0 iodef \"https://example.com/caa\"")),
        (CAA, "0 iodef \"ftp://example.com\"", Err(("value", "invalid_caa"))),
        (CAA, "0 iodef \"\"", Err(("value", "invalid_caa"))),
        (CAA, "256 issue \"letsencrypt.org\"", Err(("value", "invalid_caa"))),
        (CAA, "issue \"letsencrypt.org\"", Err(("value", "invalid_caa"))),
        (CAA, "0 tbs \"letsencrypt.org\"", Err(("value", "invalid_caa"))),
        (CAA, "0 issue \"letsencrypt.org", Err(("value", "invalid_caa"))),
        (CAA, "0 issue \"lets\"encrypt.org\"", Err(("value", "invalid_caa"))),
        (CAA, "0 issue \"not a domain\"", Err(("value", "invalid_caa"))),
        (CAA, "0", Err(("value", "invalid_caa"))),
    ];
    for (record_type, input, expected) in cases {
        let got = outcome(&draft(*record_type, "@", input));
        let expected = expected.map(String::from).map_err(|(field, code)| (field.to_string(), code.to_string()));
        assert_eq!(got, expected, "{record_type} value {input:?}");
    }
}

#[test]
fn txt_text_may_be_long_but_not_longer_than_4000_characters() {
    assert_eq!(outcome(&draft(TXT, "@", &"a".repeat(300))), Ok("a".repeat(300)), "split into 255-byte strings only on export");
    assert_eq!(outcome(&draft(TXT, "@", &"ä".repeat(4000))), Ok("ä".repeat(4000)), "characters are counted, not bytes");
    assert_eq!(outcome(&draft(TXT, "@", &"a".repeat(4001))), fails("value", "too_long"));
    assert_eq!(outcome(&draft(TXT, "@", &"a".repeat(5000))), fails("value", "too_long"));
}

#[test]
fn srv_records_need_a_service_name_and_weight_port_target() {
    let cases: &[(&str, &str, Expected)] = &[
        ("_sip._tls", "1 443 sipdir.online.lync.com", Ok("1 443 sipdir.online.lync.com")),
        ("_xmpp-client._tcp", "5  5222  Chat.Example.com.", Ok("5 5222 chat.example.com")),
        ("_sip._udp.eu", "0 5060 sip.example.com", Ok("0 5060 sip.example.com")),
        ("_submission._tcp.example.com.", "1 587 smtp.example.net", Ok("1 587 smtp.example.net")),
        ("_imap._tcp", "0 0 .", Ok("0 0 .")),
        ("sip", "1 443 sip.example.com", Err(("name", "invalid_srv"))),
        ("@", "1 443 sip.example.com", Err(("name", "invalid_srv"))),
        ("_sip._sctp", "1 443 sip.example.com", Err(("name", "invalid_srv"))),
        ("_._tcp", "1 443 sip.example.com", Err(("name", "invalid_srv"))),
        ("*._tcp", "1 443 sip.example.com", Err(("name", "invalid_srv"))),
        ("_sip._tls", "10 1 443 sip.example.com", Err(("value", "invalid_srv"))),
        ("_sip._tls", "1 443", Err(("value", "invalid_srv"))),
        ("_sip._tls", "1 70000 sip.example.com", Err(("value", "invalid_srv"))),
        ("_sip._tls", "-1 443 sip.example.com", Err(("value", "invalid_srv"))),
        ("_sip._tls", "1 443 sip", Err(("value", "invalid_hostname"))),
        ("_sip._tls", "1 443 _sip.example.com", Err(("value", "invalid_hostname"))),
    ];
    for (name, value, expected) in cases {
        let got = outcome(&draft(SRV, name, value));
        let expected = expected.map(String::from).map_err(|(field, code)| (field.to_string(), code.to_string()));
        assert_eq!(got, expected, "SRV {name:?} {value:?}");
    }
}

#[test]
fn mx_and_srv_records_need_a_priority_and_others_may_not_have_one() {
    let mut mx = draft(MX, "@", "mx1.example.net");
    mx.priority = None;
    assert_eq!(outcome(&mx), fails("priority", "required"));
    let mut srv = draft(SRV, "_sip._tls", "1 443 sip.example.com");
    srv.priority = None;
    assert_eq!(outcome(&srv), fails("priority", "required"));
    mx.priority = Some(0);
    assert!(mx.normalize(&zone()).is_ok(), "0 is the most preferred priority");
    for record_type in [A, AAAA, CNAME, TXT, NS, PTR, CAA] {
        let mut other = draft(record_type, "@", "irrelevant");
        other.priority = Some(10);
        let errors = other.normalize(&zone()).expect_err("a priority on a type without one");
        assert!(codes(&errors).contains(&("priority", "not_applicable")), "{record_type}: {errors}");
    }
}

#[test]
fn ttls_from_one_minute_to_one_day_are_accepted() {
    for (ttl, ok) in [(0, false), (59, false), (60, true), (3600, true), (86_400, true), (86_401, false)] {
        let mut record = draft(A, "@", "192.0.2.1");
        record.ttl = ttl;
        let expected = if ok { Ok("192.0.2.1".to_string()) } else { fails("ttl", "out_of_range") };
        assert_eq!(outcome(&record), expected, "ttl {ttl}");
    }
}

#[test]
fn comments_are_trimmed_and_limited_to_200_characters() {
    let with = |comment: &str| RecordDraft { comment: Some(comment.into()), ..draft(A, "@", "192.0.2.1") };
    assert_eq!(with("  office router ").normalize(&zone()).map(|d| d.comment), Ok(Some("office router".into())));
    assert_eq!(with("   ").normalize(&zone()).map(|d| d.comment), Ok(None), "a blank comment is no comment");
    assert!(with(&"é".repeat(200)).normalize(&zone()).is_ok());
    assert_eq!(outcome(&with(&"a".repeat(201))), fails("comment", "too_long"));
}

#[test]
fn every_problem_of_a_draft_is_reported_at_once() {
    let bad = RecordDraft {
        record_type: MX,
        name: "www.example.org.".into(),
        value: "@".into(),
        ttl: 5,
        priority: None,
        is_active: true,
        comment: Some("x".repeat(300)),
    };
    let errors = bad.normalize(&zone()).expect_err("everything is wrong");
    assert_eq!(
        codes(&errors),
        [
            ("name", "outside_zone"),
            ("value", "invalid_hostname"),
            ("priority", "required"),
            ("ttl", "out_of_range"),
            ("comment", "too_long")
        ]
    );
    assert!(errors.0.iter().all(|error| !error.message.is_empty()), "every error has a sentence for people");
}

#[test]
fn normalizing_twice_changes_nothing() {
    for record in [
        draft(AAAA, "WWW.example.com.", "2001:DB8::0:1"),
        draft(CAA, "@", "0 ISSUE letsencrypt.org"),
        draft(TXT, "_dmarc", "\"v=DMARC1; \" \"p=none\""),
        draft(SRV, "_sip._tls", "1 443 SIP.example.com."),
    ] {
        let once = record.normalize(&zone()).expect("valid");
        assert_eq!(once.normalize(&zone()), Ok(once.clone()), "the stored form is its own stored form");
    }
}

#[test]
fn records_are_the_same_whatever_the_case_of_their_host_names() {
    assert!(draft(CNAME, "WWW", "Target.Example.NET.").same_identity(&draft(CNAME, "www", "target.example.net")));
    assert!(draft(MX, "@", "MX1.example.net").same_identity(&RecordDraft {
        priority: Some(50),
        ttl: 60,
        ..draft(MX, "@", "mx1.example.net")
    }));
    assert!(draft(AAAA, "@", "2001:DB8:0::1").same_identity(&draft(AAAA, "@", "2001:db8::1")));
    assert!(!draft(TXT, "@", "Hello").same_identity(&draft(TXT, "@", "hello")), "TXT text is data, compared exactly");
    assert!(!draft(A, "@", "192.0.2.1").same_identity(&draft(AAAA, "@", "192.0.2.1")), "the type is part of the identity");
}

// ---------------------------------------------------------------- zone

#[test]
fn a_cname_at_the_apex_is_refused() {
    let problems = check_zone(&zone(), &[record(1, CNAME, "@", "example.net")]);
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].id, problems[0].field, problems[0].code), (id(1), "name", "cname_at_apex"));
}

#[test]
fn a_cname_must_be_alone_at_its_name_and_both_records_hear_of_it() {
    let records = [record(1, CNAME, "www", "example.net"), record(2, A, "WWW", "192.0.2.1"), record(3, A, "api", "192.0.2.1")];
    let problems = check_zone(&zone(), &records);
    let found: Vec<_> = problems.iter().map(|problem| (problem.id, problem.code)).collect();
    assert_eq!(found, [(id(1), "cname_conflict"), (id(2), "cname_conflict")]);
    assert!(problems[0].message.contains("A records"), "the CNAME's message names the other type: {}", problems[0].message);
    assert!(problems[1].message.contains("www.example.com"), "{}", problems[1].message);
}

#[test]
fn two_cnames_at_one_name_conflict() {
    let problems = check_zone(&zone(), &[record(1, CNAME, "www", "a.example.net"), record(2, CNAME, "www", "b.example.net")]);
    assert_eq!(problems.iter().map(|problem| problem.code).collect::<Vec<_>>(), ["cname_conflict", "cname_conflict"]);
}

#[test]
fn inactive_records_are_not_published_so_they_do_not_conflict() {
    let mut parked = record(2, A, "www", "192.0.2.1");
    parked.is_active = false;
    let mut copy = record(3, CNAME, "www", "example.net");
    copy.is_active = false;
    let mut apex = record(4, CNAME, "@", "example.net");
    apex.is_active = false;
    assert_eq!(check_zone(&zone(), &[record(1, CNAME, "www", "example.net"), parked, copy, apex]), []);
}

#[test]
fn the_same_record_twice_is_a_duplicate() {
    let records = [record(1, TXT, "@", "v=spf1 -all"), record(2, TXT, "@", "v=spf1 -all"), record(3, TXT, "@", "v=spf1 ~all")];
    let found: Vec<_> = check_zone(&zone(), &records).into_iter().map(|problem| (problem.id, problem.field, problem.code)).collect();
    assert_eq!(found, [(id(1), "value", "duplicate"), (id(2), "value", "duplicate")]);
    assert_eq!(check_zone(&zone(), &current()), [], "the sample zone is clean");
}
