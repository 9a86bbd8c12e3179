//! DNS templates ([`Template`]): each template on a fresh zone, on a zone
//! that already has it (nothing to do), and beside records it must merge
//! with, replace, or leave alone; the plans they make apply cleanly.

use hjs_model::dns::{PlanChange, PlanContext, Template, TemplateOutcome, TemplateRequest, ZonePlan};
use hjs_model::documents::{DnsRecord, DnsRecordType, DnsRecordType::*};
use hjs_model::{DomainName, ObjectId};

mod common;
use common::{at, id, record, zone};

/// Template parameters, or (field, code) pairs of errors.
type Params = &'static [(&'static str, &'static str)];
/// Records a zone must have: (type, name, value).
type Expected = &'static [(DnsRecordType, &'static str, &'static str)];

fn system(mut record: DnsRecord) -> DnsRecord {
    record.is_system_record = true;
    record
}

fn with_priority(mut record: DnsRecord, priority: u16) -> DnsRecord {
    record.priority = Some(priority);
    record
}

/// A zone as a domain on our name servers starts: our NS records (locked)
/// and an address for the site.
fn fresh() -> Vec<DnsRecord> {
    vec![
        system(record(1, NS, "@", "ns1.hostjamstack.com")),
        system(record(2, NS, "@", "ns2.hostjamstack.com")),
        record(3, A, "@", "198.51.100.20"),
    ]
}

fn with(extra: Vec<DnsRecord>) -> Vec<DnsRecord> {
    let mut records = fresh();
    records.extend(extra);
    records
}

fn template(id: &str, params: &[(&str, &str)]) -> Template {
    let request = TemplateRequest { id: id.into(), params: params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() };
    Template::parse(&request).unwrap_or_else(|e| panic!("{id} {params:?} should parse: {e}"))
}

fn new_ids() -> impl FnMut() -> ObjectId {
    let mut n = 500;
    move || {
        n += 1;
        id(n)
    }
}

/// The plan's outcome on `records`: the zone after the plan (applied as
/// confirmed: safety is the caller's question) and the notes.
#[track_caller]
fn applied(template: &Template, records: &[DnsRecord]) -> (ZonePlan, Vec<DnsRecord>, Vec<String>) {
    let zone = zone();
    match template.plan_for(&zone, records, new_ids()) {
        TemplateOutcome::Applied { plan, notes } => {
            let ctx = PlanContext { zone: &zone, domain_id: id(900), user_id: id(901), now: at(60) };
            let confirmed = ZonePlan { confirmed: true, ..plan.clone() };
            let after =
                confirmed.apply(&ctx, records).unwrap_or_else(|refusal| panic!("{template:?}: the plan {plan:?} is refused: {refusal}"));
            (plan, after.records_after(records), notes)
        }
        TemplateOutcome::Skipped(skip) => panic!("{template:?} should apply, but was skipped: {} ({})", skip.reason, skip.code),
    }
}

#[track_caller]
fn skipped(template: &Template, records: &[DnsRecord]) -> (String, String) {
    match template.plan_for(&zone(), records, new_ids()) {
        TemplateOutcome::Skipped(skip) => (skip.code, skip.reason),
        TemplateOutcome::Applied { plan, .. } => panic!("{template:?} should be skipped, but planned {plan:?}"),
    }
}

/// (type, name, value, priority) of the active records, sorted.
fn published(records: &[DnsRecord]) -> Vec<(DnsRecordType, String, String, Option<u16>)> {
    let mut out: Vec<_> =
        records.iter().filter(|r| r.is_active).map(|r| (r.record_type, r.name.clone(), r.value.clone(), r.priority)).collect();
    out.sort();
    out
}

fn values(records: &[DnsRecord], record_type: DnsRecordType, name: &str) -> Vec<String> {
    let mut out: Vec<String> =
        records.iter().filter(|r| r.is_active && r.record_type == record_type && r.name == name).map(|r| r.value.clone()).collect();
    out.sort();
    out
}

// ---------------------------------------------------------------- every template

#[test]
fn every_template_applies_to_a_fresh_zone_without_confirmation_and_a_second_time_changes_nothing() {
    let cases: [(&str, Params, Expected); 6] = [
        ("spf", &[("include", "_spf.google.com")], &[(TXT, "@", "v=spf1 mx include:_spf.google.com ~all")]),
        (
            "dmarc",
            &[("policy", "reject"), ("rua", "reports@example.com")],
            &[(TXT, "_dmarc", "v=DMARC1; p=reject; rua=mailto:reports@example.com")],
        ),
        (
            "google-workspace",
            &[],
            &[(MX, "@", "aspmx.l.google.com"), (MX, "@", "alt4.aspmx.l.google.com"), (TXT, "@", "v=spf1 include:_spf.google.com ~all")],
        ),
        (
            "microsoft-365",
            &[],
            &[
                (MX, "@", "example-com.mail.protection.outlook.com"),
                (CNAME, "autodiscover", "autodiscover.outlook.com"),
                (TXT, "@", "v=spf1 include:spf.protection.outlook.com -all"),
            ],
        ),
        (
            "provider-mail",
            &[],
            &[
                (MX, "@", "mx1.hostjamstack.com"),
                (MX, "@", "mx2.hostjamstack.com"),
                (TXT, "@", "v=spf1 include:_spf.hostjamstack.com ~all"),
                (CNAME, "webmail", "webmail.hostjamstack.com"),
                (SRV, "_submission._tcp", "1 587 smtp.hostjamstack.com"),
                (SRV, "_imaps._tcp", "1 993 imap.hostjamstack.com"),
            ],
        ),
        (
            "provider-hosting",
            &[("project", "brightpath-docs")],
            &[(A, "@", "203.0.113.10"), (AAAA, "@", "2001:db8:2a::10"), (CNAME, "www", "brightpath-docs.hostjamstack.app")],
        ),
    ];
    let zone = zone();
    for (id, params, expected) in cases {
        let template = template(id, params);
        let (plan, after, _) = applied(&template, &fresh());
        let ctx = PlanContext { zone: &zone, domain_id: self::id(900), user_id: self::id(901), now: at(60) };
        plan.apply(&ctx, &fresh()).unwrap_or_else(|refusal| panic!("{id}: a fresh zone needs no confirmation: {refusal}"));
        for (record_type, name, value) in expected {
            assert!(values(&after, *record_type, name).contains(&value.to_string()), "{id}: {record_type} {name} {value} in {after:#?}");
        }
        for change in &plan.changes {
            if let PlanChange::Create { record, .. } = change {
                assert!(
                    record.comment.as_deref().is_some_and(|c| c.starts_with("DNS template: ")),
                    "{id}: new records say where they came from"
                );
            }
        }
        let (code, reason) = skipped(&template, &after);
        assert_eq!(code, "already_applied", "{id}: applying twice changes nothing ({reason})");
        assert_eq!(reason, "example.com already has these records");
    }
}

#[test]
fn templates_and_their_parameters_are_parsed_with_errors_naming_the_parameter() {
    let parse = |id: &str, params: &[(&str, &str)]| {
        let params = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Template::parse(&TemplateRequest { id: id.into(), params })
    };
    let cases: [(&str, Params, Params); 8] = [
        ("mx-magic", &[], &[("id", "unknown_template")]),
        ("dmarc", &[("policy", "maybe")], &[("policy", "invalid_value")]),
        ("dmarc", &[("rua", "not an address"), ("replace", "perhaps")], &[("rua", "invalid_email"), ("replace", "invalid_value")]),
        ("google-workspace", &[("policy", "reject")], &[("policy", "unknown_parameter")]),
        ("provider-hosting", &[], &[("project", "required")]),
        ("provider-hosting", &[("project", "two.labels")], &[("project", "invalid_project")]),
        (
            "spf",
            &[("include", "_spf.google.com, bad..host"), ("all", "never")],
            &[("include[1]", "invalid_hostname"), ("all", "invalid_value")],
        ),
        ("spf", &[("mx", "nope")], &[("mx", "invalid_value")]),
    ];
    for (id, params, expected) in cases {
        let errors = parse(id, params).expect_err(&format!("{id} {params:?} is refused"));
        let found: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(found, expected, "{id} {params:?}: {errors}");
    }
    assert_eq!(
        parse(" DMARC ", &[("policy", "Quarantine"), ("rua", "mailto:dmarc@example.com")]),
        Ok(Template::Dmarc {
            policy: hjs_model::dns::template::DmarcPolicy::Quarantine,
            rua: Some(hjs_model::EmailAddress::parse("dmarc@example.com").expect("an address")),
            replace: false
        })
    );
}

// ---------------------------------------------------------------- SPF

#[test]
fn spf_terms_are_merged_into_the_one_spf_record_never_added_as_a_second() {
    let google = template("google-workspace", &[]);
    let records = with(vec![record(10, TXT, "@", "v=spf1 a mx -all"), record(11, TXT, "@", "google-site-verification=abc")]);
    let (plan, after, notes) = applied(&google, &records);
    assert_eq!(
        values(&after, TXT, "@"),
        ["google-site-verification=abc", "v=spf1 a mx include:_spf.google.com -all"],
        "merged, keeping -all"
    );
    assert!(
        plan.changes.iter().any(|c| matches!(c, PlanChange::Update { id, .. } if *id == self::id(10))),
        "the record is updated in place"
    );
    assert!(notes.iter().any(|n| n.contains("v=spf1 a mx -all → v=spf1 a mx include:_spf.google.com -all")), "{notes:?}");

    let spf = template("spf", &[("include", "servers.mcsv.net")]);
    let (_, after, _) = applied(&spf, &with(vec![record(10, TXT, "@", "v=spf1 +MX redirect=_spf.example.net")]));
    assert_eq!(values(&after, TXT, "@"), ["v=spf1 +MX include:servers.mcsv.net redirect=_spf.example.net"], "mx is there already");
}

#[test]
fn spf_that_cannot_be_merged_skips_the_zone_with_the_reason() {
    let google = template("google-workspace", &[]);
    let two = with(vec![record(10, TXT, "@", "v=spf1 mx -all"), record(11, TXT, "@", "v=spf1 a -all")]);
    assert_eq!(skipped(&google, &two).0, "spf_multiple");

    let ours = with(vec![system(record(10, TXT, "@", "v=spf1 include:_spf.hostjamstack.com ~all"))]);
    let (code, reason) = skipped(&template("spf", &[("include", "_spf.google.com")]), &ours);
    assert_eq!(code, "system_record");
    assert!(reason.contains("managed by HostJamstack"), "{reason}");

    let many: Vec<String> = (0..10).map(|i| format!("include:s{i}.example.net")).collect();
    let full = with(vec![record(10, TXT, "@", &format!("v=spf1 {} -all", many.join(" ")))]);
    let (code, reason) = skipped(&template("spf", &[]), &full);
    assert_eq!(code, "spf_too_many_lookups", "10 includes and mx are 11 lookups: {reason}");
}

// ---------------------------------------------------------------- MX sets

#[test]
fn an_mx_template_replaces_the_other_mx_records_and_says_so() {
    let google = template("google-workspace", &[]);
    let records = with(vec![record(10, MX, "@", "mx.old-provider.example"), with_priority(record(11, MX, "@", "aspmx.l.google.com"), 30)]);
    let (plan, after, notes) = applied(&google, &records);
    assert_eq!(
        values(&after, MX, "@"),
        ["alt1.aspmx.l.google.com", "alt2.aspmx.l.google.com", "alt3.aspmx.l.google.com", "alt4.aspmx.l.google.com", "aspmx.l.google.com"]
    );
    let kept = after.iter().find(|r| r.id == id(11)).expect("the matching record is kept");
    assert_eq!(kept.priority, Some(1), "with Google's priority");
    assert!(plan.changes.contains(&PlanChange::Delete { id: id(10), version: 1 }));
    assert_eq!(notes.iter().filter(|n| n.starts_with("replaces MX 10 mx.old-provider.example")).count(), 1, "{notes:?}");
}

#[test]
fn system_mx_records_are_never_replaced() {
    let ours = with(vec![
        system(record(10, MX, "@", "mx1.hostjamstack.com")),
        system(with_priority(record(11, MX, "@", "mx2.hostjamstack.com"), 20)),
    ]);
    for id in ["google-workspace", "microsoft-365"] {
        let (code, reason) = skipped(&template(id, &[]), &ours);
        assert_eq!(code, "system_record", "{id}: {reason}");
        assert!(reason.starts_with("MX 10 mx1.hostjamstack.com at example.com is managed by HostJamstack"), "{reason}");
    }
    // Our mail on our system records: only what is missing is added.
    let mut mail = ours.clone();
    mail.push(system(record(12, TXT, "@", "v=spf1 include:_spf.hostjamstack.com ~all")));
    let (plan, after, notes) = applied(&template("provider-mail", &[]), &mail);
    assert!(plan.changes.iter().all(|c| matches!(c, PlanChange::Create { .. })), "{plan:?}");
    assert_eq!(plan.changes.len(), 3, "webmail and the two services");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(values(&after, MX, "@"), ["mx1.hostjamstack.com", "mx2.hostjamstack.com"]);
}

#[test]
fn microsoft_365_derives_the_mx_host_from_the_domain() {
    let long = DomainName::parse(&format!("{}.com", "a".repeat(60))).expect("a long but valid domain");
    let outcome = template("microsoft-365", &[]).plan_for(&long, &fresh(), new_ids());
    assert!(matches!(outcome, TemplateOutcome::Skipped(ref s) if s.code == "not_applicable"), "{outcome:?}");
}

// ---------------------------------------------------------------- single records

#[test]
fn a_different_record_where_the_template_needs_one_is_left_alone_unless_replace_is_given() {
    let cases: [(&str, Params, DnsRecord, DnsRecordType, &str, &str); 4] = [
        ("dmarc", &[("policy", "reject")], record(10, TXT, "_dmarc", "v=DMARC1; p=none"), TXT, "_dmarc", "v=DMARC1; p=reject"),
        (
            "microsoft-365",
            &[],
            record(10, CNAME, "autodiscover", "autodiscover.old.example"),
            CNAME,
            "autodiscover",
            "autodiscover.outlook.com",
        ),
        ("provider-hosting", &[("project", "shop")], record(10, CNAME, "www", "example.com"), CNAME, "www", "shop.hostjamstack.app"),
        (
            "provider-mail",
            &[],
            record(10, SRV, "_submission._tcp", "1 587 mail.other.example"),
            SRV,
            "_submission._tcp",
            "1 587 smtp.hostjamstack.com",
        ),
    ];
    for (id, params, conflicting, record_type, name, value) in cases {
        let records = with(vec![conflicting.clone()]);
        let (code, reason) = skipped(&template(id, params), &records);
        assert_eq!(code, "conflict", "{id}: {reason}");
        assert!(reason.contains(&conflicting.value) && reason.contains("replace=yes"), "{id}: the reason names what is there: {reason}");

        let mut replacing = params.to_vec();
        replacing.push(("replace", "yes"));
        let (plan, after, notes) = applied(&template(id, &replacing), &records);
        assert_eq!(values(&after, record_type, name), [value], "{id}: replaced");
        assert!(
            plan.changes.iter().any(|c| matches!(c, PlanChange::Update { id, .. } if *id == conflicting.id)),
            "{id}: a record of the same type is changed in place: {plan:?}"
        );
        assert!(notes.iter().any(|n| n.contains(&conflicting.value)), "{id}: {notes:?}");
    }
}

#[test]
fn a_cname_is_not_put_beside_other_records_and_system_records_are_not_replaced_even_with_replace() {
    let records = with(vec![record(10, A, "www", "198.51.100.20"), record(11, AAAA, "www", "2001:db8::20")]);
    let hosting = template("provider-hosting", &[("project", "shop"), ("replace", "yes")]);
    let (plan, after, _) = applied(&hosting, &records);
    assert_eq!(values(&after, A, "www"), Vec::<String>::new());
    assert_eq!(values(&after, CNAME, "www"), ["shop.hostjamstack.app"]);
    assert_eq!(
        plan.changes.iter().filter(|c| matches!(c, PlanChange::Delete { .. })).count(),
        3,
        "www A, www AAAA and the apex A: {plan:?}"
    );

    let locked = with(vec![system(record(10, CNAME, "www", "old-project.hostjamstack.app"))]);
    let (code, _) = skipped(&hosting, &locked);
    assert_eq!(code, "system_record");
}

#[test]
fn the_hosting_template_points_the_apex_at_our_edge_replacing_its_addresses() {
    let hosting = template("provider-hosting", &[("project", "https://Shop.hostjamstack.app/")]);
    let (_, after, notes) = applied(&hosting, &with(vec![record(10, AAAA, "@", "2001:db8::20")]));
    assert_eq!(values(&after, A, "@"), ["203.0.113.10"]);
    assert_eq!(values(&after, AAAA, "@"), ["2001:db8:2a::10"]);
    assert!(notes.contains(&"replaces A 198.51.100.20 at example.com".to_string()), "{notes:?}");
    assert_eq!(values(&after, NS, "@").len(), 2, "our NS records stay");
    assert!(published(&after).iter().all(|(t, n, _, _)| !(*t == CNAME && n == "@")), "never a CNAME at the apex");
}

#[test]
fn an_inactive_copy_of_a_wanted_record_is_switched_on_rather_than_duplicated() {
    let mut parked = record(10, CNAME, "webmail", "webmail.hostjamstack.com");
    parked.is_active = false;
    let (plan, after, _) = applied(&template("provider-mail", &[]), &with(vec![parked]));
    assert!(plan.changes.iter().any(|c| matches!(c, PlanChange::Update { id, record, .. } if *id == self::id(10) && record.is_active)));
    assert_eq!(values(&after, CNAME, "webmail"), ["webmail.hostjamstack.com"]);
}
