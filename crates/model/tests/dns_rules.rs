//! The DNS rules both the provider and the desktop apply: one record
//! ([`RecordDraft::normalize`]), a whole zone ([`check_zone`]) and a plan of
//! edits ([`ZonePlan::apply`], [`safety`], [`diff`], [`plan_between`]).

use hjs_model::dns::{check_zone, diff, plan_between, safety, AppliedPlan, PlanChange, PlanContext, PlanRefusal, RecordDraft, ZonePlan};
use hjs_model::documents::{DnsRecord, DnsRecordType, DnsRecordType::*};
use hjs_model::{DomainName, ObjectId};

mod common;
use common::{at, id, record, zone};

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

fn system(mut record: DnsRecord) -> DnsRecord {
    record.is_system_record = true;
    record
}

/// A lived-in zone of ten records, so that edits of up to three records are
/// not a large change.
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

// ---------------------------------------------------------------- apply

fn ctx(zone: &DomainName) -> PlanContext<'_> {
    PlanContext { zone, domain_id: id(900), user_id: id(901), now: at(60) }
}

fn plan(changes: Vec<PlanChange>) -> ZonePlan {
    ZonePlan { changes, confirmed: false }
}

fn invalid(refusal: PlanRefusal) -> Vec<(String, String)> {
    match refusal {
        PlanRefusal::Invalid(errors) => errors.0.into_iter().map(|error| (error.field, error.code)).collect(),
        stale => panic!("expected field errors, got {stale:?}"),
    }
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.into(), code.into())
}

#[test]
fn a_created_record_is_normalized_and_stamped() {
    let zone = zone();
    let change = PlanChange::Create { id: id(50), record: draft(A, "Blog.example.com.", " 192.0.2.50 ") };
    let applied = plan(vec![change]).apply(&ctx(&zone), &current()).expect("a valid plan");
    let created = &applied.created[0];
    assert_eq!((created.id, created.name.as_str(), created.value.as_str()), (id(50), "blog", "192.0.2.50"));
    assert_eq!((created.domain_id, created.user_id), (id(900), id(901)), "owned like the zone");
    assert_eq!((created.created_at, created.updated_at, created.version), (at(60), at(60), 1));
    assert!(!created.is_system_record, "people's records are never system records");
    assert!(applied.updated.is_empty() && applied.deleted.is_empty());
}

#[test]
fn an_update_bumps_the_version_and_a_delete_returns_the_record_as_it_was() {
    let zone = zone();
    let changes = vec![
        PlanChange::Update { id: id(10), version: 1, record: RecordDraft { ttl: 300, ..draft(A, "api", "192.0.2.3") } },
        PlanChange::Delete { id: id(9), version: 1 },
    ];
    let applied = plan(changes).apply(&ctx(&zone), &current()).expect("a valid plan");
    let updated = &applied.updated[0];
    assert_eq!((updated.value.as_str(), updated.ttl, updated.version), ("192.0.2.3", 300, 2));
    assert_eq!((updated.created_at, updated.updated_at), (at(0), at(60)), "created stays, updated moves");
    assert_eq!(applied.deleted, [current()[8].clone()]);
    let after = applied.records_after(&current());
    assert_eq!(after.len(), 9);
    assert!(after.contains(updated) && !after.iter().any(|record| record.id == id(9)));
}

#[test]
fn one_bad_change_refuses_the_whole_plan() {
    let zone = zone();
    let changes = vec![
        PlanChange::Create { id: id(50), record: draft(A, "blog", "192.0.2.50") },
        PlanChange::Create { id: id(51), record: draft(A, "shop", "192.0.2.999") },
        PlanChange::Delete { id: id(10), version: 1 },
        PlanChange::Create { id: id(52), record: RecordDraft { ttl: 1, ..draft(TXT, "www.example.org.", "x") } },
    ];
    let refusal = plan(changes).apply(&ctx(&zone), &current()).expect_err("nothing applies");
    assert_eq!(
        invalid(refusal),
        [pair("changes[1].value", "invalid_ipv4"), pair("changes[3].name", "outside_zone"), pair("changes[3].ttl", "out_of_range")]
    );
}

#[test]
fn a_change_based_on_an_old_version_is_stale_and_shows_the_record_now() {
    let zone = zone();
    let mut records = current();
    records[9].version = 3;
    records[9].value = "192.0.2.99".into();
    let changes = vec![
        PlanChange::Create { id: id(50), record: draft(A, "blog", "192.0.2.50") },
        PlanChange::Update { id: id(10), version: 2, record: draft(A, "api", "192.0.2.3") },
    ];
    let refusal = plan(changes).apply(&ctx(&zone), &records).expect_err("stale");
    assert_eq!(refusal, PlanRefusal::Stale { index: 1, id: id(10), current: Some(Box::new(records[9].clone())) });
}

#[test]
fn a_record_deleted_meanwhile_is_a_conflict_not_an_error() {
    let zone = zone();
    for change in
        [PlanChange::Delete { id: id(77), version: 1 }, PlanChange::Update { id: id(77), version: 1, record: draft(A, "x", "192.0.2.1") }]
    {
        let refusal = plan(vec![change]).apply(&ctx(&zone), &current()).expect_err("stale");
        assert_eq!(refusal, PlanRefusal::Stale { index: 0, id: id(77), current: None });
    }
}

#[test]
fn system_records_are_locked() {
    let zone = zone();
    let changes = vec![
        PlanChange::Update { id: id(1), version: 1, record: draft(NS, "@", "ns1.example.net") },
        PlanChange::Delete { id: id(2), version: 1 },
    ];
    let refusal = plan(changes).apply(&ctx(&zone), &current()).expect_err("locked");
    let PlanRefusal::Invalid(errors) = refusal else { panic!("expected field errors") };
    assert_eq!(codes(&errors), [("changes[0].id", "system_record"), ("changes[1].id", "system_record")]);
    assert!(errors.0[0].message.contains("custom name servers"), "the message says how to change it: {}", errors.0[0].message);
}

#[test]
fn a_record_may_appear_in_one_change_only_and_new_ids_must_be_new() {
    let zone = zone();
    let changes = vec![
        PlanChange::Update { id: id(10), version: 1, record: draft(A, "api", "192.0.2.3") },
        PlanChange::Delete { id: id(10), version: 1 },
        PlanChange::Create { id: id(3), record: draft(A, "blog", "192.0.2.50") },
    ];
    let refusal = plan(changes).apply(&ctx(&zone), &current()).expect_err("refused");
    assert_eq!(invalid(refusal), [pair("changes[1].id", "duplicate_change"), pair("changes[2].id", "id_taken")]);
}

#[test]
fn an_empty_plan_and_a_huge_one_are_refused() {
    let zone = zone();
    assert_eq!(invalid(plan(vec![]).apply(&ctx(&zone), &current()).expect_err("empty")), [pair("changes", "empty_plan")]);
    let huge = (0..10_001).map(|n| PlanChange::Delete { id: id(1_000 + n), version: 1 }).collect();
    assert_eq!(invalid(plan(huge).apply(&ctx(&zone), &current()).expect_err("huge")), [pair("changes", "too_many_changes")]);
}

#[test]
fn a_plan_may_not_break_the_zone_rules_for_the_records_it_writes() {
    let zone = zone();
    let cases = [
        (draft(A, "www", "192.0.2.7"), "changes[0].name", "cname_conflict"),
        (draft(CNAME, "@", "example.net"), "changes[0].name", "cname_at_apex"),
        (draft(TXT, "@", "v=spf1 -all"), "changes[0].value", "duplicate"),
        (draft(CNAME, "WWW.example.com.", "Example.com."), "changes[0].value", "duplicate"),
    ];
    for (record, field, code) in cases {
        let refusal = plan(vec![PlanChange::Create { id: id(50), record: record.clone() }]).apply(&ctx(&zone), &current());
        assert!(invalid(refusal.expect_err("zone rule")).contains(&pair(field, code)), "{record:?} → {code}");
    }
    let parked = PlanChange::Create { id: id(50), record: RecordDraft { is_active: false, ..draft(A, "www", "192.0.2.7") } };
    assert!(plan(vec![parked]).apply(&ctx(&zone), &current()).is_ok(), "an inactive record is parked, not published");
    let moved = vec![PlanChange::Delete { id: id(5), version: 1 }, PlanChange::Create { id: id(50), record: draft(A, "www", "192.0.2.7") }];
    assert!(plan(moved).apply(&ctx(&zone), &current()).is_ok(), "replacing the CNAME in one plan is fine");
}

#[test]
fn problems_a_record_already_had_do_not_block_editing_it() {
    let zone = zone();
    let mut records = current();
    records.push(record(11, TXT, "@", "v=spf1 -all")); // a legacy copy of record 8
    let change = PlanChange::Update { id: id(11), version: 1, record: RecordDraft { ttl: 600, ..draft(TXT, "@", "v=spf1 -all") } };
    assert!(plan(vec![change]).apply(&ctx(&zone), &records).is_ok(), "the TTL edit does not make the copy worse");
}

// ---------------------------------------------------------------- safety

fn deletes(ids: &[u64]) -> ZonePlan {
    plan(ids.iter().map(|n| PlanChange::Delete { id: id(*n), version: 1 }).collect())
}

#[test]
fn changing_more_than_30_percent_of_the_zone_needs_confirmation() {
    let zone = zone();
    assert!(deletes(&[8, 9, 10]).apply(&ctx(&zone), &current()).is_ok(), "3 of 10 is exactly 30 %");
    let refusal = deletes(&[3, 8, 9, 10]).apply(&ctx(&zone), &current()).expect_err("4 of 10");
    let PlanRefusal::Invalid(errors) = refusal else { panic!("expected field errors") };
    assert_eq!(codes(&errors), [("confirmed", "confirmation_required")]);
    assert!(errors.0[0].message.contains("4 of the zone's 10 records"), "{}", errors.0[0].message);
    let confirmed = ZonePlan { confirmed: true, ..deletes(&[3, 8, 9, 10]) };
    assert_eq!(confirmed.apply(&ctx(&zone), &current()).map(|applied| applied.deleted.len()), Ok(4), "confirmed goes through");
    let added = AppliedPlan { created: current()[..6].to_vec(), ..AppliedPlan::default() };
    assert_eq!(safety(&current(), &added), [], "adding records never counts: only what exists can break");
}

#[test]
fn the_first_edits_of_a_small_zone_do_not_nag() {
    let small = vec![record(1, A, "@", "192.0.2.1"), record(2, A, "www", "192.0.2.1"), record(3, TXT, "@", "hello")];
    let applied = AppliedPlan { deleted: small[..2].to_vec(), ..AppliedPlan::default() };
    assert_eq!(safety(&small, &applied), [], "three records are below the large-change minimum");
    let four = [small.clone(), vec![record(4, TXT, "x", "y")]].concat();
    assert_eq!(safety(&four, &applied).iter().map(|check| check.code.as_str()).collect::<Vec<_>>(), ["large_change"]);
}

#[test]
fn removing_the_last_apex_ns_or_mx_records_needs_confirmation() {
    let records = current();
    let removed = |ids: &[u64]| AppliedPlan {
        deleted: records.iter().filter(|record| ids.iter().any(|n| record.id == id(*n))).cloned().collect(),
        ..AppliedPlan::default()
    };
    let check = |applied: &AppliedPlan| safety(&records, applied).into_iter().map(|check| check.code).collect::<Vec<_>>();
    assert_eq!(check(&removed(&[6])), Vec::<String>::new(), "one MX is left");
    assert_eq!(check(&removed(&[6, 7])), ["removes_apex_mx"]);
    assert_eq!(check(&removed(&[1, 2])), ["removes_apex_ns"]);
    let mut off = records[5].clone();
    off.is_active = false;
    let mut off2 = records[6].clone();
    off2.is_active = false;
    assert_eq!(
        check(&AppliedPlan { updated: vec![off, off2], ..AppliedPlan::default() }),
        ["removes_apex_mx"],
        "turned off counts as gone"
    );
    let plain = vec![record(1, A, "@", "192.0.2.1"), record(2, A, "www", "192.0.2.1")];
    assert_eq!(safety(&plain, &AppliedPlan { deleted: plain.clone(), ..AppliedPlan::default() }), [], "nothing to lose");
}

#[test]
fn removing_the_apex_mx_records_through_a_plan_asks_first() {
    let zone = zone();
    let refusal = deletes(&[6, 7]).apply(&ctx(&zone), &current()).expect_err("needs confirmation");
    let PlanRefusal::Invalid(errors) = refusal else { panic!("expected field errors") };
    assert_eq!(codes(&errors), [("confirmed", "confirmation_required")]);
    assert!(errors.0[0].message.contains("MX"), "the reason is listed: {}", errors.0[0].message);
    assert!(ZonePlan { confirmed: true, ..deletes(&[6, 7]) }.apply(&ctx(&zone), &current()).is_ok());
}

// ---------------------------------------------------------------- diff

#[test]
fn the_diff_matches_records_by_id_and_sorts_them_as_zones_are_shown() {
    let before = current();
    let mut after = before.clone();
    after.retain(|record| record.id != id(5) && record.id != id(9));
    after[3].ttl = 300; // AAAA @ (nothing before it was removed)
    after[2].version = 7; // A @: a new version alone is no change
    after.push(record(60, TXT, "zz", "last"));
    after.push(record(61, A, "@", "192.0.2.60"));
    after.push(record(62, A, "blog", "192.0.2.61"));
    let result = diff(&before, &after);
    let names = |records: &[DnsRecord]| records.iter().map(|record| (record.name.clone(), record.record_type)).collect::<Vec<_>>();
    assert_eq!(names(&result.added), [("@".to_string(), A), ("blog".into(), A), ("zz".into(), TXT)], "apex first");
    assert_eq!(result.changed.len(), 1);
    assert_eq!((result.changed[0].before.ttl, result.changed[0].after.ttl), (3600, 300));
    assert_eq!(names(&result.removed), [("_dmarc".to_string(), TXT), ("www".into(), CNAME)]);
    assert_eq!(result.summary(), "3 added, 1 changed, 2 removed");
    assert_eq!(diff(&before, &before).summary(), "no changes");
}

// ---------------------------------------------------------------- plan_between

fn counter(start: u64) -> impl FnMut() -> ObjectId {
    let mut next = start;
    move || {
        next += 1;
        id(next)
    }
}

#[test]
fn a_zone_planned_onto_itself_needs_no_changes() {
    let records = current();
    let target: Vec<RecordDraft> = records.iter().map(DnsRecord::to_draft).collect();
    assert_eq!(plan_between(&records, &target, true, counter(100)), ZonePlan::default());
}

#[test]
fn plan_between_updates_matches_creates_the_new_and_removes_the_missing_on_request() {
    let records = current();
    let mut target: Vec<RecordDraft> = records.iter().filter(|record| record.id != id(9)).map(DnsRecord::to_draft).collect();
    target[2].ttl = 300; // A @ 192.0.2.1
    target[5].priority = Some(5); // MX mx1
    target.push(draft(A, "blog", "192.0.2.50"));
    target.push(draft(A, "blog", "192.0.2.50")); // a copy counts once

    let keep = plan_between(&records, &target, false, counter(100));
    assert_eq!(
        keep.changes,
        [
            PlanChange::Update { id: id(3), version: 1, record: target[2].clone() },
            PlanChange::Update { id: id(6), version: 1, record: target[5].clone() },
            PlanChange::Create { id: id(101), record: draft(A, "blog", "192.0.2.50") },
        ]
    );
    assert_eq!(keep.summary(), "1 added, 2 changed");
    assert!(!keep.confirmed, "whoever shows the plan asks for confirmation");

    let replace = plan_between(&records, &target, true, counter(100));
    assert_eq!(replace.changes.last(), Some(&PlanChange::Delete { id: id(9), version: 1 }));
    assert_eq!(replace.summary(), "1 added, 2 changed, 1 removed");
    let zone = zone();
    let confirmed = ZonePlan { confirmed: true, ..replace }; // 4 of 10 records is a large change
    let applied = confirmed.apply(&ctx(&zone), &records).expect("the plan applies to the zone it came from");
    assert_eq!(applied.len(), 4);
}

#[test]
fn plan_between_never_touches_system_records() {
    let records = current();
    let mut target: Vec<RecordDraft> = records.iter().map(DnsRecord::to_draft).collect();
    target[0].ttl = 60; // NS ns1, a system record, listed with another TTL
    target.remove(1); // NS ns2, a system record, missing
    let result = plan_between(&records, &target, true, counter(100));
    assert_eq!(result, ZonePlan::default(), "system records match but are neither updated nor removed");
}

#[test]
fn plan_between_matches_host_names_whatever_their_case_and_copies_one_by_one() {
    let records = vec![record(1, CNAME, "www", "example.net"), record(2, TXT, "@", "x"), record(3, TXT, "@", "x")];
    let target = vec![draft(CNAME, "WWW", "Example.NET."), draft(TXT, "@", "x")];
    let result = plan_between(&records, &target, true, counter(100));
    assert_eq!(result.changes, [PlanChange::Delete { id: id(3), version: 1 }], "the second copy is what goes");
}
