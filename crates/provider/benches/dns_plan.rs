//! DNS plan benchmark: `cargo bench -p hjs-provider --bench dns_plan`.
//!
//! On a fresh demo database, an admin applies a plan of 1,000 new records
//! to one zone (`apply_plan` inside one write transaction, commit
//! included), then a plan changing those 1,000 records, on SQLite and, when
//! `HJS_BENCH_POSTGRES_URL` names a PostgreSQL cluster, on PostgreSQL.
//! Each figure is the median and max of `HJS_BENCH_RUNS` (default 5) runs
//! on different zones. Every record write appends its change-log row and
//! its audit record, as in production.
//!
//! It prints numbers; nothing passes or fails. Run without `--bench` (as
//! `cargo test --all-targets` does) it makes a quick smoke run.

use std::time::Instant;

use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
use hjs_model::documents::{AuditVia, DnsRecordType, UserRole};
use hjs_model::ObjectId;
use hjs_provider::db::Audit;
use hjs_provider::dns::plans::apply_plan;
use hjs_provider::scope::Principal;
use hjs_provider::{seed, Db};

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let runs = if benching { std::env::var("HJS_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5usize).clamp(1, 30) } else { 1 };
    let records = if benching { 1_000 } else { 20 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
        println!("\nDNS plans of {records} records, {runs} runs ({profile} build): median / max ms");
        let sqlite = format!("sqlite://{}?mode=rwc", dir.path().join("provider.db").display());
        measure("SQLite", &sqlite, runs, records).await?;
        if let Ok(admin_url) = std::env::var("HJS_BENCH_POSTGRES_URL") {
            use sqlx::Connection;
            let name = format!("hjs_bench_{}", ObjectId::new());
            let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
            sqlx::Executor::execute(&mut admin, format!("CREATE DATABASE {name}").as_str()).await?;
            let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin_url);
            let measured = measure("PostgreSQL", &format!("{base}/{name}"), runs, records).await;
            // Each run's database goes, or a development cluster fills up.
            sqlx::Executor::execute(&mut admin, format!("DROP DATABASE {name} WITH (FORCE)").as_str()).await?;
            measured?;
        } else {
            println!("  (HJS_BENCH_POSTGRES_URL not set: PostgreSQL not measured)");
        }
        Ok(())
    })
}

async fn measure(engine: &str, url: &str, runs: usize, records: usize) -> anyhow::Result<()> {
    let db = Db::connect(url).await?;
    let files = tempfile::tempdir()?;
    seed::demo(&db, &hjs_provider::files::FolderStore::new(files.path().join("files"))?).await?;
    let admin: String =
        sqlx::query_scalar("SELECT id FROM users WHERE body LIKE '%\"role\":\"admin\"%' LIMIT 1").fetch_one(&db.pool).await?;
    let principal = Principal {
        user_id: ObjectId::parse(&admin)?,
        role: UserRole::Admin,
        token_id: "bench".into(),
        via: AuditVia::Desktop,
        token_name: None,
    };
    let domains: Vec<String> = sqlx::query_scalar("SELECT id FROM domains WHERE status = 'active' ORDER BY domain_name LIMIT $1")
        .bind(runs as i64)
        .fetch_all(&db.pool)
        .await?;
    let (mut creates, mut updates) = (Vec::new(), Vec::new());
    for domain in domains {
        let domain = ObjectId::parse(&domain)?;
        let ids: Vec<ObjectId> = (0..records).map(|_| ObjectId::new()).collect();
        let draft = |i: usize, last: u8| RecordDraft {
            record_type: DnsRecordType::A,
            name: format!("host-{i}"),
            value: format!("198.51.100.{last}"),
            ttl: 3600,
            priority: None,
            is_active: true,
            comment: None,
        };
        let create = ZonePlan {
            changes: ids.iter().enumerate().map(|(i, id)| PlanChange::Create { id: *id, record: draft(i, 10) }).collect(),
            confirmed: true,
        };
        creates.push(timed(&db, &principal, domain, &create).await?);
        let update = ZonePlan {
            changes: ids.iter().enumerate().map(|(i, id)| PlanChange::Update { id: *id, version: 1, record: draft(i, 20) }).collect(),
            confirmed: true,
        };
        updates.push(timed(&db, &principal, domain, &update).await?);
    }
    println!("  {engine:<12} {records} creates: {}   {records} changes: {}", figures(&mut creates), figures(&mut updates));
    Ok(())
}

async fn timed(db: &Db, principal: &Principal, domain: ObjectId, plan: &ZonePlan) -> anyhow::Result<f64> {
    let started = Instant::now();
    let mut tx = db.begin_write(Audit::As(principal.actor())).await?;
    apply_plan(&mut tx, principal, domain, plan).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

fn figures(samples: &mut [f64]) -> String {
    samples.sort_by(|a, b| a.total_cmp(b));
    format!("{:.0} / {:.0} ms", samples[samples.len() / 2], samples[samples.len() - 1])
}
