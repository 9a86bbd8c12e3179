//! Scenarios: a DNS template applied to every domain of the demo reseller
//! (its clients' included). The dry run queues nothing; the apply queues
//! one plan per domain it applies to and says why it skips the others; the
//! plans reach the provider, and applying again changes nothing.

use std::collections::BTreeMap;

use hjs_client::dns::templates::{DomainOutcome, DomainSelection, Phase, TemplateProgress, TemplateReport};
use hjs_client::outbox::Operation;
use hjs_client::{Home, SignIn, Workspace};
use hjs_model::dns::{Template, TemplateRequest};
use hjs_model::documents::DnsRecord;
use hjs_provider::seed::{DEMO_PASSWORD, DEMO_RESELLER_EMAIL};

use crate::common::World;

const DMARC: &str = "v=DMARC1; p=reject; rua=mailto:dmarc@northwind-reseller.com";

/// A provider with the demo data and the demo reseller signed in to it from
/// a fresh home; the caller keeps all three alive for the test's length.
async fn signed_in() -> (World, tempfile::TempDir, Workspace) {
    let world = World::start().await;
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let workspace =
        Workspace::sign_in(&home, &SignIn::new(&world.url, DEMO_RESELLER_EMAIL, DEMO_PASSWORD), |_| {}).await.unwrap().workspace;
    (world, dir, workspace)
}

fn template(id: &str, params: &[(&str, &str)]) -> Template {
    let params: BTreeMap<String, String> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Template::parse(&TemplateRequest { id: id.into(), params }).unwrap()
}

fn everything() -> DomainSelection {
    DomainSelection::All { client: None }
}

/// The results' (domain name, skip code or "applied").
fn outcomes(report: &TemplateReport) -> Vec<(String, String)> {
    report
        .results
        .iter()
        .map(|r| {
            let what = match &r.outcome {
                DomainOutcome::Applied { .. } => "applied".to_string(),
                DomainOutcome::Skipped { code, .. } => code.clone(),
            };
            (r.domain_name.clone(), what)
        })
        .collect()
}

fn reason_of<'a>(report: &'a TemplateReport, code: &str) -> &'a str {
    report
        .results
        .iter()
        .find_map(|r| match &r.outcome {
            DomainOutcome::Skipped { code: c, reason } if c == code => Some(reason.as_str()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no domain was skipped with {code}: {:?}", outcomes(report)))
}

async fn provider_dmarc(world: &World, domain_id: &str) -> Vec<String> {
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM dns_records WHERE domain_id = $1")
        .bind(domain_id)
        .fetch_all(&world.state.db.pool)
        .await
        .unwrap();
    bodies.iter().map(|b| serde_json::from_str::<DnsRecord>(b).unwrap()).filter(|r| r.name == "_dmarc").map(|r| r.value).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_on_every_domain_is_dry_run_then_queued_one_plan_per_domain_and_a_second_apply_changes_nothing() {
    let (world, _dir, workspace) = signed_in().await;
    let dmarc = template("dmarc", &[("policy", "reject"), ("rua", "dmarc@northwind-reseller.com")]);
    let domains: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM domains").fetch_one(&workspace.cache.pool).await.unwrap();

    // Dry run: every domain is reported, nothing is queued.
    let mut seen: Vec<TemplateProgress> = Vec::new();
    let dry = workspace.template_dry_run(&dmarc, &everything(), |p| seen.push(p)).await.unwrap();
    assert!(dry.dry_run);
    assert_eq!(dry.results.len() as i64, domains, "one result per domain the reseller sees, its clients' included");
    assert!(dry.results.iter().map(|r| &r.owner_id).collect::<std::collections::HashSet<_>>().len() > 1, "across clients");
    assert!(workspace.outbox().await.unwrap().is_empty(), "a dry run queues nothing");
    assert_eq!(seen.last().map(|p| (p.phase, p.done == p.total)), Some((Phase::Checking, true)), "progress ends at the total");
    assert!(dry.applied > 0 && dry.skipped > 0, "{:?}", outcomes(&dry));
    assert!(reason_of(&dry, "conflict").contains("v=DMARC1; p=quarantine"), "a different DMARC record is named, not overwritten");
    assert!(reason_of(&dry, "not_served").contains("uses other name servers"));
    let applied = dry.results.iter().find(|r| matches!(r.outcome, DomainOutcome::Applied { .. })).unwrap();
    let DomainOutcome::Applied { summary, diff, .. } = &applied.outcome else { unreachable!() };
    assert_eq!((summary.as_str(), diff.len()), ("1 added", 1), "{diff:?}");
    assert!(diff[0].starts_with(&format!("+ _dmarc 3600 TXT {DMARC}")), "{diff:?}");

    // Apply: one outbox entry (a DNS plan) per applied domain, in one go.
    let mut phases = Vec::new();
    let report = workspace.apply_template(&dmarc, &everything(), false, |p| phases.push(p.phase)).await.unwrap();
    assert_eq!(outcomes(&report), outcomes(&dry), "the apply does what the dry run said");
    assert!(phases.contains(&Phase::Queueing));
    let outbox = workspace.outbox().await.unwrap();
    assert_eq!(outbox.len(), report.applied, "one entry per applied domain");
    for result in &report.results {
        let DomainOutcome::Applied { entry_id, .. } = &result.outcome else { continue };
        let entry = outbox.iter().find(|e| Some(&e.id) == entry_id.as_ref()).expect("the result names its entry");
        assert_eq!(entry.doc_id, result.domain_id, "filed under its domain");
        assert!(matches!(&entry.operation, Operation::DnsPlan(edit) if edit.plan.changes.len() == 1));
    }
    let cached = workspace.zone_records(&applied.domain_id).await.unwrap();
    assert!(cached.iter().any(|r| r.name == "_dmarc" && r.value == DMARC), "the cache shows the record at once");

    // Push: the provider has them; a second apply finds nothing to do.
    workspace.sync().await.unwrap();
    assert!(workspace.outbox().await.unwrap().is_empty(), "every plan was accepted");
    assert_eq!(provider_dmarc(&world, &applied.domain_id).await, [DMARC]);
    let again = workspace.apply_template(&dmarc, &everything(), false, |_| {}).await.unwrap();
    assert_eq!(again.applied, 0, "{:?}", outcomes(&again));
    assert!(workspace.outbox().await.unwrap().is_empty());
    for (first, second) in report.results.iter().zip(&again.results) {
        if matches!(first.outcome, DomainOutcome::Applied { .. }) {
            assert!(
                matches!(&second.outcome, DomainOutcome::Skipped { code, .. } if code == "already_applied"),
                "{}: {:?}",
                first.domain_name,
                second.outcome
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_can_be_limited_to_one_client_or_named_domains_and_plans_needing_confirmation_wait_for_it() {
    let (_world, _dir, workspace) = signed_in().await;
    let hosting = template("provider-hosting", &[("project", "northwind-site"), ("replace", "yes")]);

    let all = workspace.template_dry_run(&hosting, &everything(), |_| {}).await.unwrap();
    let some = &all.results[0];
    let email = some.owner_email.clone().expect("the cache knows the owner");
    let theirs = workspace.template_dry_run(&hosting, &DomainSelection::All { client: Some(email.to_uppercase()) }, |_| {}).await.unwrap();
    assert!(!theirs.results.is_empty() && theirs.results.len() < all.results.len());
    assert!(theirs.results.iter().all(|r| r.owner_id == some.owner_id), "only that client's domains");
    let named = DomainSelection::Listed { domains: vec![some.display_name.clone(), some.domain_id.clone()] };
    assert_eq!(workspace.template_dry_run(&hosting, &named, |_| {}).await.unwrap().results.len(), 1, "a domain named twice counts once");

    let unknown = DomainSelection::Listed { domains: vec!["no-such-domain.example".into()] };
    assert_eq!(workspace.template_dry_run(&hosting, &unknown, |_| {}).await.unwrap_err().code(), "not_found");
    let missing = template("provider-hosting", &[("project", "no-such-project")]);
    let refused = workspace.template_dry_run(&missing, &everything(), |_| {}).await.unwrap_err();
    assert_eq!(refused.field(), Some("project"), "a CNAME to a project nobody has would be a takeover: {refused}");

    // Replacing a small zone's records is a large change: confirmed, or skipped.
    let large = all
        .results
        .iter()
        .find(|r| matches!(&r.outcome, DomainOutcome::Applied { safety, .. } if !safety.is_empty()))
        .expect("some zone where the template changes most records");
    let only = DomainSelection::Listed { domains: vec![large.domain_id.clone()] };
    let unconfirmed = workspace.apply_template(&hosting, &only, false, |_| {}).await.unwrap();
    assert_eq!(outcomes(&unconfirmed)[0].1, "confirmation_required");
    assert!(workspace.outbox().await.unwrap().is_empty());
    let confirmed = workspace.apply_template(&hosting, &only, true, |_| {}).await.unwrap();
    assert_eq!(confirmed.applied, 1);
    let entries = workspace.outbox().await.unwrap();
    assert!(matches!(&entries[0].operation, Operation::DnsPlan(edit) if edit.plan.confirmed), "queued as confirmed");
    workspace.sync().await.unwrap();
    assert!(workspace.outbox().await.unwrap().is_empty(), "the provider accepted the confirmed plan");
}
