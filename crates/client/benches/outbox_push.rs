//! Outbox push benchmark: `cargo bench -p hjs-client --bench outbox_push`.
//!
//! Starts a provider in this process (SQLite in a temporary folder, served
//! on 127.0.0.1:0), loads `LargeSpec::full()` scaled by `HJS_BENCH_SCALE`
//! (default 1: 10,000 domains), and, as the large reseller with a freshly
//! bootstrapped cache, queues one DNS plan per domain (a TXT record added
//! to each zone, the shape a template applied to every domain takes), then
//! pushes them: half one request per entry, half in batches (`POST
//! /batch`). Each figure is the time until the provider has confirmed
//! every entry and the cache has settled them, as entries per second.
//!
//! It prints numbers; nothing passes or fails. Run without `--bench` (as
//! `cargo test --all-targets` does) it makes a quick smoke run at a tiny
//! scale.

use std::time::Instant;

use hjs_client::bootstrap;
use hjs_client::cache::Cache;
use hjs_client::dns::operations::DnsPlanEdit;
use hjs_client::outbox::{self, Operation};
use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
use hjs_model::documents::{DnsRecordType, Domain};
use hjs_model::ObjectId;
use hjs_provider::seed::{self, LargeSpec};

#[path = "support/mod.rs"]
mod support;

/// The target, for the printout.
const TARGET_ENTRIES_PER_SECOND: f64 = 1_000.0;

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let scale = if benching { std::env::var("HJS_BENCH_SCALE").ok().and_then(|v| v.parse::<f64>().ok()).unwrap_or(1.0) } else { 0.002 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(scale))
}

async fn run(scale: f64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let spec = LargeSpec::full().scaled(scale);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("\nHostJamstack outbox push benchmark — SQLite, {profile} build, scale {scale}");

    let provider = support::provider(dir.path()).await?;
    let db = provider.state.db.clone();
    seed::generate_large(&db, spec).await?;
    let support::Served { api, stop, server } = support::serve(provider, "push benchmark").await?;
    let cache = Cache::open(&dir.path().join("cache.db")).await?;
    bootstrap::bootstrap(&cache, &api, |_| {}).await?;

    // One plan per domain whose zone is served here, each adding a TXT record.
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM domains WHERE status <> 'transferred' ORDER BY id").fetch_all(&cache.pool).await?;
    let mut edits = Vec::with_capacity(bodies.len());
    for body in &bodies {
        let domain: Domain = serde_json::from_str(body)?;
        let record = RecordDraft {
            record_type: DnsRecordType::TXT,
            name: "_bench".into(),
            value: format!("bench-{}", domain.id),
            ttl: 3600,
            priority: None,
            is_active: true,
            comment: None,
        };
        let plan = ZonePlan { changes: vec![PlanChange::Create { id: ObjectId::new(), record }], confirmed: false };
        let edit = DnsPlanEdit { domain_id: domain.id, zone: domain.domain_name.clone(), user_id: domain.user_id, plan };
        edits.push((domain.id.to_string(), Operation::DnsPlan(edit)));
    }
    // Half the plans one request each (as the outbox pushed before
    // batches), half in batches of PUSH_BATCH.
    let half = edits.len() / 2;
    let batched = edits.split_off(half);
    let single = edits;
    let mut pushed_before = 0;
    for (label, edits, batch_size) in [("one request per entry", single, 1), ("batches", batched, outbox::PUSH_BATCH)] {
        let entries = edits.len();
        let started = Instant::now();
        outbox::enqueue_all(&cache, edits).await?;
        let queued = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let report = outbox::push_in_batches_of(&cache, &api, batch_size).await?;
        let pushed = started.elapsed().as_secs_f64();
        if report.accepted as usize != entries {
            let errors: Vec<String> =
                sqlx::query_scalar("SELECT error FROM outbox WHERE status <> 'pending' LIMIT 3").fetch_all(&cache.pool).await?;
            anyhow::bail!("the provider accepted {} of {entries} entries: {report:?}; for example {errors:?}", report.accepted);
        }
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dns_records WHERE name = '_bench'").fetch_one(&db.pool).await?;
        anyhow::ensure!(stored as usize == pushed_before + entries, "the provider holds {stored} of {} records", pushed_before + entries);
        pushed_before += entries;
        let rate = entries as f64 / pushed;
        println!(
            "{label} (batch size {batch_size}): {entries} plans queued in {:.0} ms, pushed and confirmed in {:.0} ms: {:.0} entries/s (target ≥ {TARGET_ENTRIES_PER_SECOND:.0}) {}",
            queued * 1000.0,
            pushed * 1000.0,
            rate,
            if rate >= TARGET_ENTRIES_PER_SECOND { "ok" } else { "below target" }
        );
    }
    let _ = stop.send(());
    server.await??;
    Ok(())
}
