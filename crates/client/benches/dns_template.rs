//! DNS template benchmark: `cargo bench -p hjs-client --bench dns_template`.
//!
//! The large account of the client benchmark: a provider in this process
//! (SQLite in a temporary folder, served on 127.0.0.1:0) loaded with
//! `LargeSpec::full()` scaled by `HJS_BENCH_SCALE` (default 1: the large
//! reseller's 10,000 domains and 200,000 DNS records; its tickets and
//! messages are left out, as templates never read them), bootstrapped into a
//! cache as that reseller. Then, for each template below, on a fresh copy
//! of that cache per run, the template applied to every domain:
//!
//! - dry run: every zone read from the cache and planned, each plan checked
//!   with the provider's rules, diff and safety checks made;
//! - apply: the same, then one DNS plan per applied domain queued in ONE
//!   cache transaction (optimistic records, shadows, outbox entries): the
//!   time until everything is queued, and the queueing part alone.
//!
//! Min, median and max of `HJS_BENCH_RUNS` (default 5) runs. It prints
//! numbers; nothing passes or fails. Run without `--bench` (as `cargo test
//! --all-targets` does) it makes a quick smoke run at a tiny scale.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use hjs_client::bootstrap;
use hjs_client::cache::Cache;
use hjs_client::dns::templates::{self, DomainSelection, Phase};
use hjs_model::dns::{Template, TemplateRequest};
use hjs_provider::seed::{self, LargeSpec};

#[path = "support/mod.rs"]
mod support;

/// The target for queueing a template on every domain.
const TARGET_QUEUED_SECONDS: f64 = 3.0;

/// A template's parameters.
type Params = &'static [(&'static str, &'static str)];

/// The templates measured: (label, id, parameters).
const TEMPLATES: [(&str, &str, Params); 2] = [
    ("dmarc p=reject replace=yes (1 change a domain)", "dmarc", &[("policy", "reject"), ("replace", "yes")]),
    ("provider-mail (2 new records a domain)", "provider-mail", &[]),
];

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let scale = if benching { std::env::var("HJS_BENCH_SCALE").ok().and_then(|v| v.parse::<f64>().ok()).unwrap_or(1.0) } else { 0.002 };
    let runs = if benching { std::env::var("HJS_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5usize).clamp(1, 50) } else { 1 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(scale, runs))
}

async fn run(scale: f64, runs: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let spec = LargeSpec { tickets: 0, messages: 0, ..LargeSpec::full() }.scaled(scale);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("\nHostJamstack DNS template benchmark — SQLite, {profile} build, scale {scale}, {runs} runs");
    println!("spec: {}", spec.describe());

    let provider = support::provider(dir.path()).await?;
    seed::generate_large(&provider.state.db, spec).await?;
    let support::Served { api, stop, server } = support::serve(provider, "template benchmark").await?;

    // The account in a cache, once; each run works on a copy of it.
    let base = dir.path().join("cache.db");
    let cache = Cache::open(&base).await?;
    let report = bootstrap::bootstrap(&cache, &api, |_| {}).await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&cache.pool).await?;
    let domains: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM domains").fetch_one(&cache.pool).await?;
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE collection = 'dnsRecords'").fetch_one(&cache.pool).await?;
    cache.pool.close().await;
    let _ = stop.send(());
    server.await??;
    println!("cache: {domains} domains, {records} DNS records ({} documents bootstrapped in {:.1} s)", report.documents, report.seconds);

    let everything = DomainSelection::All { client: None };
    println!();
    println!("{:<48} {:>10} {:>10} {:>10}", "template on every domain", "min", "median", "max");
    println!("{}", "-".repeat(108));
    for (label, id, params) in TEMPLATES {
        let params: BTreeMap<String, String> = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let template = Template::parse(&TemplateRequest { id: id.into(), params }).map_err(|e| anyhow::anyhow!("{id}: {e}"))?;
        let (mut dry, mut queued, mut queueing) = (Vec::new(), Vec::new(), Vec::new());
        let mut outcome = String::new();
        for n in 0..runs {
            let cache = copy_of(&base, &dir.path().join(format!("{id}-{n}.db"))).await?;
            let started = Instant::now();
            let report = templates::dry_run(&cache, &template, &everything, |_| {}).await?;
            dry.push(started.elapsed().as_secs_f64());
            let mut queue_started = None;
            let started = Instant::now();
            let applied = templates::apply(&cache, &template, &everything, true, |p| {
                if p.phase == Phase::Queueing && queue_started.is_none() {
                    queue_started = Some(Instant::now());
                }
            })
            .await?;
            let done = Instant::now();
            queued.push((done - started).as_secs_f64());
            queueing.push(queue_started.map_or(0.0, |at| (done - at).as_secs_f64()));
            let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox").fetch_one(&cache.pool).await?;
            anyhow::ensure!(entries as usize == applied.applied, "{entries} entries queued for {} applied domains", applied.applied);
            anyhow::ensure!(report.applied == applied.applied, "the dry run and the apply agree");
            outcome = format!("{} of {} domains applied, {} skipped", applied.applied, applied.results.len(), applied.skipped);
            cache.pool.close().await;
        }
        println!("{label}: {outcome}");
        row("  dry run (read, plan, check, diff)", &dry, "");
        let verdict = if median(&queued) <= TARGET_QUEUED_SECONDS { "ok" } else { "over target" };
        row("  apply: everything queued", &queued, &format!("target ≤ {TARGET_QUEUED_SECONDS:.0} s: {verdict}"));
        row("    of which queueing (one transaction)", &queueing, "");
    }
    Ok(())
}

/// A copy of the bootstrapped cache (checkpointed, so the main file is all of it).
async fn copy_of(base: &Path, path: &Path) -> anyhow::Result<Cache> {
    std::fs::copy(base, path)?;
    Ok(Cache::open(path).await?)
}

fn median(seconds: &[f64]) -> f64 {
    let mut sorted = seconds.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// min / median / max in ms.
fn row(label: &str, seconds: &[f64], note: &str) {
    let ms = |s: f64| format!("{:.0} ms", s * 1000.0);
    let min = seconds.iter().copied().fold(f64::INFINITY, f64::min);
    let max = seconds.iter().copied().fold(0.0, f64::max);
    let line = format!("{label:<48} {:>10} {:>10} {:>10}   {note}", ms(min), ms(median(seconds)), ms(max));
    println!("{}", line.trim_end());
}
