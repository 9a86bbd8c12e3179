//! Zone lint ([`lint`]): advice about zones that are valid but will not work
//! as meant, each check with a stable code, and fixes that apply cleanly.

use hjs_model::dns::lint::{lint, Finding, LintContext, Severity};
use hjs_model::dns::{PlanContext, ZonePlan};
use hjs_model::documents::{DnsRecord, DnsRecordType::*};
use hjs_model::{DomainName, ObjectId};

mod common;
use common::{at, id, record, zone};

fn domain(name: &str) -> DomainName {
    DomainName::parse(name).expect("a valid zone")
}

fn inactive(mut record: DnsRecord) -> DnsRecord {
    record.is_active = false;
    record
}

fn with_ttl(mut record: DnsRecord, ttl: u32) -> DnsRecord {
    record.ttl = ttl;
    record
}

/// Lints example.com alone: no other zones, projects unknown.
fn lint_alone(records: &[DnsRecord]) -> Vec<Finding> {
    let zone = zone();
    lint(&LintContext { zone: &zone, our_zones: &[], projects: None }, records)
}

/// The findings with `code`, as (record id, severity).
fn with_code(findings: &[Finding], code: &str) -> Vec<(Option<ObjectId>, Severity)> {
    findings.iter().filter(|finding| finding.code == code).map(|finding| (finding.record_id, finding.severity)).collect()
}

/// Applies `fix` to `current` and returns the zone after it.
fn apply(fix: &ZonePlan, current: &[DnsRecord]) -> Vec<DnsRecord> {
    let zone = zone();
    let ctx = PlanContext { zone: &zone, domain_id: id(900), user_id: id(901), now: at(60) };
    let applied = fix.apply(&ctx, current).unwrap_or_else(|refusal| panic!("the fix {fix:?} should apply, but: {refusal}"));
    applied.records_after(current)
}

// ---------------------------------------------------------------- SPF

#[test]
fn two_spf_records_at_one_name_are_a_permanent_error_reported_on_both() {
    let cases: [(&str, Vec<DnsRecord>, Vec<u64>); 4] = [
        ("two at the apex", vec![record(1, TXT, "@", "v=spf1 mx -all"), record(2, TXT, "@", "v=spf1 a -all")], vec![1, 2]),
        ("one each at two names", vec![record(1, TXT, "@", "v=spf1 mx -all"), record(2, TXT, "mail", "v=spf1 a -all")], vec![]),
        ("SPF beside other TXT", vec![record(1, TXT, "@", "v=spf1 mx -all"), record(2, TXT, "@", "v=spf10 not spf")], vec![]),
        ("the second inactive", vec![record(1, TXT, "@", "v=spf1 mx -all"), inactive(record(2, TXT, "@", "v=spf1 a -all"))], vec![]),
    ];
    for (case, records, expected) in cases {
        let found = with_code(&lint_alone(&records), "spf_multiple");
        let expected: Vec<_> = expected.into_iter().map(|n| (Some(id(n)), Severity::Error)).collect();
        assert_eq!(found, expected, "{case}");
    }
}

fn includes(count: usize) -> String {
    (0..count).map(|n| format!(" include:spf{n}.mailer.net")).collect()
}

#[test]
fn an_spf_record_may_need_at_most_ten_dns_lookups() {
    let cases = [
        (format!("v=spf1{} -all", includes(10)), false),
        (format!("v=spf1{} -all", includes(11)), true),
        ("v=spf1 a mx ptr exists:%{i}.x.net a:b.net mx:c.net/24 a/24 include:d.net ~include:e.net redirect=f.net".into(), false),
        ("v=spf1 a mx ptr exists:%{i}.x.net a:b.net mx:c.net/24 a/24 include:d.net ~include:e.net -mx:g.net redirect=f.net".into(), true),
        (format!("v=spf1 ip4:192.0.2.1 ip6:2001:db8::1 exp=explain.example.com{} -all", includes(10)), false),
        // With `all`, redirect is never reached (RFC 7208 §6.1).
        (format!("v=spf1{} redirect=other.net -all", includes(10)), false),
        (format!("V=SPF1{} ?all", includes(11)), true),
    ];
    for (text, flagged) in cases {
        let found = with_code(&lint_alone(&[record(1, TXT, "@", &text)]), "spf_too_many_lookups");
        let expected = if flagged { vec![(Some(id(1)), Severity::Error)] } else { vec![] };
        assert_eq!(found, expected, "{text}");
    }
}

#[test]
fn includes_into_our_zones_are_followed_and_their_lookups_counted() {
    // example.net (ours) spends 6 lookups; with the 5 of example.com's own
    // terms (the include among them) that makes 11.
    let net = domain("example.net");
    let ours = |net_text: &str| vec![(net.clone(), vec![record(10, TXT, "@", net_text)])];
    let zone = zone();
    let records = [record(1, TXT, "@", "v=spf1 include:example.net a mx include:outside.org include:_spf.example.com -all")];
    let own = [record(2, TXT, "_spf", "v=spf1 ip4:192.0.2.0/24 -all")];
    let all: Vec<DnsRecord> = records.iter().chain(&own).cloned().collect();

    let heavy = ours(&format!("v=spf1 a{} -all", includes(5)));
    let found = lint(&LintContext { zone: &zone, our_zones: &heavy, projects: None }, &all);
    assert_eq!(with_code(&found, "spf_too_many_lookups"), [(Some(id(1)), Severity::Error)], "5 own + 6 in example.net is 11");

    let light = ours(&format!("v=spf1{} -all", includes(5)));
    let found = lint(&LintContext { zone: &zone, our_zones: &light, projects: None }, &all);
    assert_eq!(with_code(&found, "spf_too_many_lookups"), [], "5 own + 5 in example.net is 10, the limit");

    let found = lint(&LintContext { zone: &zone, our_zones: &[], projects: None }, &all);
    assert_eq!(with_code(&found, "spf_too_many_lookups"), [], "example.net outside our zones counts as one include");
}

#[test]
fn an_include_that_leads_back_to_itself_is_reported_and_counting_ends() {
    let zone = zone();
    let net = domain("example.net");
    let ours = [(net.clone(), vec![record(10, TXT, "@", "v=spf1 include:_spf.example.com -all")])];
    let records = [
        record(1, TXT, "@", "v=spf1 include:example.net -all"),
        record(2, TXT, "_spf", "v=spf1 mx include:EXAMPLE.NET. -all"),
        record(3, TXT, "loop", "v=spf1 include:loop.example.com -all"),
    ];
    let found = lint(&LintContext { zone: &zone, our_zones: &ours, projects: None }, &records);
    let lookups: Vec<&Finding> = found.iter().filter(|finding| finding.code == "spf_too_many_lookups").collect();
    assert_eq!(lookups.iter().map(|finding| finding.record_id).collect::<Vec<_>>(), [Some(id(1)), Some(id(2)), Some(id(3))]);
    assert!(lookups.iter().all(|finding| finding.message.contains("leads back")), "each message names the loop: {lookups:?}");
}

#[test]
fn a_domain_receiving_mail_without_spf_is_offered_one() {
    let mail = [record(1, MX, "@", "mx.mailer.net")];
    let found = lint_alone(&mail);
    let missing: Vec<&Finding> = found.iter().filter(|finding| finding.code == "spf_missing").collect();
    assert_eq!(missing.len(), 1, "{found:?}");
    assert_eq!((missing[0].severity, missing[0].record_id), (Severity::Info, None));

    let fix = missing[0].fix.as_ref().expect("a plan creating an SPF record");
    let after = apply(fix, &mail);
    assert!(after.iter().any(|record| record.record_type == TXT && record.value == "v=spf1 mx -all"));
    assert_eq!(with_code(&lint_alone(&after), "spf_missing"), [], "the fix settles it");

    let cases = [
        ("SPF present", vec![record(1, MX, "@", "mx.mailer.net"), record(2, TXT, "@", "v=spf1 mx -all")]),
        ("no mail at the apex", vec![record(1, MX, "shop", "mx.mailer.net")]),
        ("the MX inactive", vec![inactive(record(1, MX, "@", "mx.mailer.net"))]),
    ];
    for (case, records) in cases {
        assert_eq!(with_code(&lint_alone(&records), "spf_missing"), [], "{case}");
    }
}

// ---------------------------------------------------------------- DMARC

/// A DMARC table row: name, text and the (code, severity) of each finding.
type DmarcCase = (&'static str, &'static str, &'static [(&'static str, Severity)]);

#[test]
fn dmarc_records_are_checked_tag_by_tag() {
    use Severity::{Error as E, Warning as W};
    let cases: [DmarcCase; 14] = [
        ("_dmarc", "v=DMARC1; p=none; rua=mailto:dmarc@example.com", &[]),
        ("_dmarc.shop", "v=DMARC1;p=reject;sp=quarantine;pct=50;adkim=s;aspf=r;fo=0:d;rf=afrf;ri=86400;", &[]),
        ("_dmarc", "v=DMARC1; p=none; ruf=mailto:a@example.com,mailto:b@example.org", &[]),
        ("_dmarc", "p=none; v=DMARC1", &[("dmarc_syntax", E)]),
        ("_dmarc", "v=dmarc1; p=none", &[("dmarc_syntax", E)]),
        ("_dmarc", "google-site-verification=abc", &[("dmarc_syntax", E)]),
        ("_dmarc", "v=DMARC1; p=block", &[("dmarc_syntax", E)]),
        ("_dmarc", "v=DMARC1; p=none; p=reject", &[("dmarc_syntax", E)]),
        ("_dmarc", "v=DMARC1; p=none; reject", &[("dmarc_syntax", E)]),
        ("_dmarc", "v=DMARC1; p=none; pct=101", &[("dmarc_syntax", W)]),
        ("_dmarc", "v=DMARC1; p=none; adkim=x; colour=blue", &[("dmarc_syntax", W), ("dmarc_syntax", W)]),
        ("_dmarc", "v=DMARC1; rua=mailto:dmarc@example.com", &[("dmarc_missing_policy", W)]),
        ("_dmarc", "v=DMARC1", &[("dmarc_missing_policy", W)]),
        // Not a DMARC name: not a DMARC record.
        ("dmarc", "p=none", &[]),
    ];
    for (name, text, expected) in cases {
        let found: Vec<(String, Severity)> = lint_alone(&[record(1, TXT, name, text)])
            .into_iter()
            .filter(|finding| finding.code.starts_with("dmarc"))
            .map(|finding| (finding.code, finding.severity))
            .collect();
        let expected: Vec<(String, Severity)> = expected.iter().map(|(code, severity)| (code.to_string(), *severity)).collect();
        assert_eq!(found, expected, "{name} TXT {text}");
    }
}

// ---------------------------------------------------------------- targets

#[test]
fn targets_inside_our_zones_must_resolve() {
    let net = domain("example.net");
    let sub = domain("sub.example.net");
    let ours = [
        (net.clone(), vec![record(20, A, "mail", "192.0.2.1"), record(21, TXT, "dkim", "v=DKIM1; p=abc")]),
        (sub.clone(), vec![record(30, AAAA, "ns1", "2001:db8::1")]),
    ];
    let own =
        || vec![record(10, A, "www", "192.0.2.2"), record(11, A, "*.apps", "192.0.2.3"), record(12, CNAME, "alias", "www.example.com")];
    let cases: [(DnsRecord, bool); 15] = [
        (record(1, MX, "@", "mail.example.net"), false),
        (record(1, MX, "@", "mx.example.net"), true),
        (record(1, MX, "@", "www.example.com."), false),
        (record(1, MX, "@", "alias.example.com"), false),
        (record(1, MX, "@", "."), false),
        (record(1, MX, "@", "mx.mailer.org"), false),
        (record(1, CNAME, "shop", "nowhere.example.com"), true),
        (record(1, CNAME, "sel._domainkey", "dkim.example.net"), false),
        (record(1, NS, "dept", "ns1.sub.example.net"), false),
        // sub.example.net is its own zone: example.net's records do not count there.
        (record(1, NS, "dept", "mail.sub.example.net"), true),
        (record(1, NS, "dept", "example.net"), true),
        (record(1, SRV, "_sip._tcp", "0 5060 www.example.com"), false),
        (record(1, SRV, "_sip._tcp", "0 5060 sip.example.com"), true),
        (record(1, SRV, "_sip._tcp", "0 0 ."), false),
        (record(1, CNAME, "app", "shop.apps.example.com"), false),
    ];
    let zone = zone();
    for (target, flagged) in cases {
        let records: Vec<DnsRecord> = own().into_iter().chain([target.clone()]).collect();
        let found = lint(&LintContext { zone: &zone, our_zones: &ours, projects: None }, &records);
        let expected = if flagged { vec![(Some(id(1)), Severity::Error)] } else { vec![] };
        assert_eq!(with_code(&found, "target_not_found"), expected, "{} {} → {}", target.record_type, target.name, target.value);
    }
}

#[test]
fn an_inactive_address_record_does_not_make_a_target_resolve() {
    let records = [record(1, MX, "@", "mail.example.com"), inactive(record(2, A, "mail", "192.0.2.1"))];
    assert_eq!(with_code(&lint_alone(&records), "target_not_found"), [(Some(id(1)), Severity::Error)]);
}

// ---------------------------------------------------------------- projects

#[test]
fn a_cname_to_a_project_that_does_not_exist_can_be_taken_over_and_is_offered_for_deletion() {
    let zone = zone();
    let projects = vec!["blog".to_string()];
    let records = [
        record(1, CNAME, "blog", "blog.hostjamstack.app"),
        record(2, CNAME, "shop", "Shop.hostjamstack.app."),
        record(3, CNAME, "docs", "docs.example.org"),
        record(4, A, "@", "192.0.2.1"),
    ];
    let found = lint(&LintContext { zone: &zone, our_zones: &[], projects: Some(&projects) }, &records);
    let dangling: Vec<&Finding> = found.iter().filter(|finding| finding.code == "dangling_project").collect();
    assert_eq!(dangling.iter().map(|finding| (finding.record_id, finding.severity)).collect::<Vec<_>>(), [(Some(id(2)), Severity::Error)]);
    assert!(dangling[0].message.contains("take over"), "the message says why: {}", dangling[0].message);

    let fix = dangling[0].fix.as_ref().expect("a plan deleting the record");
    let after = apply(fix, &records);
    assert!(after.iter().all(|record| record.id != id(2)), "the dangling CNAME is gone");

    let unknown = lint(&LintContext { zone: &zone, our_zones: &[], projects: None }, &records);
    assert_eq!(with_code(&unknown, "dangling_project"), [], "with projects unknown, nothing is claimed");
}

// ---------------------------------------------------------------- TTL

#[test]
fn ttls_outside_the_bounds_are_offered_the_nearest_bound() {
    let cases = [(30, Some(60)), (60, None), (86_400, None), (604_800, Some(86_400))];
    for (ttl, fixed) in cases {
        let records = [with_ttl(record(1, A, "www", "192.0.2.1"), ttl)];
        let found = lint_alone(&records);
        let finding = found.iter().find(|finding| finding.code == "ttl_out_of_bounds");
        match (fixed, finding) {
            (None, None) => {}
            (Some(bound), Some(finding)) => {
                assert_eq!((finding.record_id, finding.severity), (Some(id(1)), Severity::Warning));
                let after = apply(finding.fix.as_ref().expect("an update"), &records);
                assert_eq!(after[0].ttl, bound, "TTL {ttl} becomes the nearest bound");
                assert_eq!(with_code(&lint_alone(&after), "ttl_out_of_bounds"), [], "the fix settles it");
            }
            (expected, got) => panic!("TTL {ttl}: expected a fix to {expected:?}, got {got:?}"),
        }
    }
}

#[test]
fn system_records_are_reported_without_a_fix_plans_cannot_apply() {
    let mut system = with_ttl(record(1, A, "www", "192.0.2.1"), 10);
    system.is_system_record = true;
    let found = lint_alone(&[system]);
    let finding = found.iter().find(|finding| finding.code == "ttl_out_of_bounds").expect("still reported");
    assert_eq!(finding.fix, None);
}

// ---------------------------------------------------------------- all

#[test]
fn a_clean_zone_has_no_findings_and_findings_serialize_in_camel_case() {
    let clean = [
        record(1, A, "@", "192.0.2.1"),
        record(2, A, "mail", "192.0.2.2"),
        record(3, MX, "@", "mail.example.com"),
        record(4, TXT, "@", "v=spf1 mx -all"),
        record(5, TXT, "_dmarc", "v=DMARC1; p=quarantine"),
    ];
    assert_eq!(lint_alone(&clean), []);

    let found = lint_alone(&[with_ttl(record(1, A, "www", "192.0.2.1"), 10)]);
    let json = serde_json::to_value(&found[0]).expect("serializable");
    assert_eq!(json["code"], "ttl_out_of_bounds");
    assert_eq!(json["severity"], "warning");
    assert_eq!(json["recordId"], id(1).to_string());
    assert_eq!(json["fix"]["changes"][0]["op"], "update");
}
