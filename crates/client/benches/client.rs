//! Desktop engine benchmark: `cargo bench -p hjs-client --bench client`.
//!
//! Starts a provider in this process (SQLite in a temporary folder, served
//! on 127.0.0.1:0), loads `LargeSpec::full()` scaled by `HJS_BENCH_SCALE`
//! (default 1) with `seed::generate_large`, gives the large reseller an API
//! token, and then, as that reseller with a fresh cache, measures:
//!
//! - bootstrap: the whole snapshot into an empty cache (seconds,
//!   documents/s, cache file size, the process's peak RSS — which includes
//!   the in-process provider streaming the snapshot);
//! - delta latency: single-document writes on the provider, each followed
//!   by the client noticing it over `/sync/events` and pulling it; the time
//!   from the provider's commit to the document being readable in the cache;
//! - the screens' queries (`hjs_client::queries`), 200 runs each: a filtered
//!   and sorted domain page, the renewal-risk panel, a ticket-queue page and
//!   full-text search (domains, customers, tickets, messages).
//!
//! `HJS_BENCH_KEEP=1` keeps the provider database and the cache file;
//! `HJS_BENCH_PLANS=1` prints the query plans of the page queries as the
//! bundled SQLite makes them.
//! It prints numbers; nothing passes or fails. Run without `--bench` (as
//! `cargo test --all-targets` does) it makes a quick smoke run at a tiny
//! scale.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::StreamExt;
use hjs_client::api::ProviderApi;
use hjs_client::cache::Cache;
use hjs_client::queries::{self, DomainQuery, DomainSort};
use hjs_client::support::queries::{self as desk, QueueSort, QueueView, TicketQuery};
use hjs_client::{bootstrap, sync};
use hjs_model::documents::Domain;
use hjs_model::Timestamp;
use hjs_provider::seed::{self, LargeSpec};
use tokio::sync::watch;

#[path = "support/mod.rs"]
mod support;

/// Targets from the design brief, for the last column.
const TARGET_DOCS_PER_SECOND: f64 = 150_000.0;

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let scale = if benching { std::env::var("HJS_BENCH_SCALE").ok().and_then(|v| v.parse::<f64>().ok()).unwrap_or(1.0) } else { 0.001 };
    let plan = if benching { Plan { writes: 1_000, runs: 200 } } else { Plan { writes: 20, runs: 10 } };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(scale, plan, benching))
}

#[derive(Debug, Clone, Copy)]
struct Plan {
    /// Provider writes whose arrival in the cache is timed.
    writes: usize,
    /// Runs of each query.
    runs: usize,
}

async fn run(scale: f64, plan: Plan, benching: bool) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let spec = LargeSpec::full().scaled(scale);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!();
    println!(
        "HostJamstack desktop engine benchmark — SQLite, {profile} build, scale {scale} ({} mode)",
        if benching { "bench" } else { "smoke" }
    );
    println!("spec: {}", spec.describe());

    // The provider, seeded, with an API token for the large reseller.
    let provider = support::provider(dir.path()).await?;
    let db = provider.state.db.clone();
    let started = Instant::now();
    let summary = seed::generate_large(&db, spec).await?;
    let seed_seconds = started.elapsed().as_secs_f64();
    println!("{summary}");
    let support::Served { api, stop, server } = support::serve(provider, "client benchmark").await?;

    // (a) Bootstrap into a fresh cache.
    let cache_path = dir.path().join("cache.db");
    let cache = Cache::open(&cache_path).await?;
    let rss_before = vm_kib("VmRSS");
    // Reset the peak so it reflects the bootstrap, not the seeding before it.
    let peak_reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let report = bootstrap::bootstrap(&cache, &api, |_| {}).await?;
    let peak = vm_kib("VmHWM");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&cache.pool).await?;
    let cache_bytes = file_bytes(&cache_path);

    // (b) Delta latency: provider commit → readable in the cache.
    let (deltas, writes) = delta_latency(&db, &cache, &api, plan.writes).await?;

    // (c) Queries.
    let now = Timestamp::now();
    let owners: Vec<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE role = 'user' ORDER BY email LIMIT 20").fetch_all(&cache.pool).await?;
    let mut results = Vec::new();
    results.push(
        time_query("domains: status=active, sort=expirationDate, paged", 10.0, plan.runs, |k| {
            let query = DomainQuery {
                status: Some("active".into()),
                sort: DomainSort::ExpirationAsc,
                offset: ((k * 50) % 2_000) as i64,
                ..DomainQuery::default()
            };
            let cache = cache.clone();
            async move { queries::domains(&cache, &query).await.map(|p| p.items.len()) }
        })
        .await?,
    );
    results.push(
        time_query("domains: 4 filter/sort mixes (text, client, expiring)", 10.0, plan.runs, |k| {
            let query = match k % 4 {
                0 => DomainQuery { text: Some(["garden", "tech", "river", "solar"][k / 4 % 4].into()), ..DomainQuery::default() },
                1 => DomainQuery {
                    user_id: owners.get(k % owners.len().max(1)).cloned(),
                    sort: DomainSort::NameDesc,
                    ..DomainQuery::default()
                },
                2 => DomainQuery {
                    expiring_within_days: Some(90),
                    auto_renew: Some(false),
                    sort: DomainSort::ExpirationAsc,
                    ..DomainQuery::default()
                },
                _ => DomainQuery { status: Some("expired".into()), sort: DomainSort::ExpirationDesc, ..DomainQuery::default() },
            };
            let cache = cache.clone();
            async move { queries::domains(&cache, &query).await.map(|p| p.items.len()) }
        })
        .await?,
    );
    results.push(
        time_query("renewal_risk (counts + 50 soonest)", 10.0, plan.runs, |_| {
            let cache = cache.clone();
            async move { queries::renewal_risk(&cache, now).await.map(|r| r.items.len()) }
        })
        .await?,
    );
    results.push(
        time_query("ticket_queue: one status, paged", 10.0, plan.runs, |k| {
            let status = ["open", "in_progress", "waiting_customer", "resolved", "closed"][k % 5];
            let query = TicketQuery { status: Some(status.into()), offset: ((k / 5 * 50) % 1_000) as i64, ..TicketQuery::default() };
            let cache = cache.clone();
            async move { desk::ticket_queue(&cache, &query, now).await.map(|p| p.items.len()) }
        })
        .await?,
    );
    results.push(
        time_query("ticket_queue: all statuses / by priority", 10.0, plan.runs, |k| {
            let query = match k % 2 {
                0 => TicketQuery { offset: ((k * 25) % 1_000) as i64, ..TicketQuery::default() },
                _ => TicketQuery { priority: Some("urgent".into()), ..TicketQuery::default() },
            };
            let cache = cache.clone();
            async move { desk::ticket_queue(&cache, &query, now).await.map(|p| p.items.len()) }
        })
        .await?,
    );
    // A reseller's cache holds no staff accounts: the assignee of a ticket.
    let staff: String = sqlx::query_scalar("SELECT assigned_to FROM support_tickets WHERE assigned_to IS NOT NULL ORDER BY rowid LIMIT 1")
        .fetch_one(&cache.pool)
        .await?;
    results.push(
        time_query("ticket_queue: views (active by SLA due, breaching, mine)", 10.0, plan.runs, |k| {
            let query = match k % 3 {
                0 => {
                    TicketQuery { view: QueueView::Active, sort: QueueSort::Due, offset: ((k * 25) % 500) as i64, ..TicketQuery::default() }
                }
                1 => TicketQuery { view: QueueView::Breaching, ..TicketQuery::default() },
                _ => TicketQuery { view: QueueView::Active, assigned_to: Some(staff.clone()), ..TicketQuery::default() },
            };
            let cache = cache.clone();
            async move { desk::ticket_queue(&cache, &query, now).await.map(|p| p.items.len()) }
        })
        .await?,
    );
    results.push(
        time_query("queue_counts: the five views' counts", 10.0, plan.runs, |_| {
            let (cache, staff) = (cache.clone(), staff.clone());
            async move { desk::queue_counts(&cache, &staff, now).await.map(|c| c.active as usize) }
        })
        .await?,
    );
    results.push(
        time_query("search_tickets: words, 50 newest, with/without filters", 40.0, plan.runs, |k| {
            let text = ["certificate", "screenshot", "dns", "escalated", "renewal failed", "propag", "thank", "logs"][k % 8];
            let search = desk::TicketSearch {
                text: text.into(),
                status: (k % 3 == 1).then(|| "closed".to_string()),
                assigned_to: (k % 3 == 2).then(|| staff.clone()),
                ..desk::TicketSearch::default()
            };
            let cache = cache.clone();
            async move { desk::search_tickets(&cache, &search).await.map(|h| h.len()) }
        })
        .await?,
    );
    results.push(
        time_query("search: 4 kinds × 10 hits, mixed words", 40.0, plan.runs, |k| {
            let text = ["certificate", "screenshot", "dns", "escalated", "garden", "renewal failed", "propag", "thank"][k % 8];
            let cache = cache.clone();
            async move { queries::search(&cache, text, 10).await.map(|h| h.len()) }
        })
        .await?,
    );
    if std::env::var_os("HJS_BENCH_PLANS").is_some() {
        print_plans(&cache).await?;
    }
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM support_messages").fetch_one(&cache.pool).await?;
    let tickets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM support_tickets").fetch_one(&cache.pool).await?;

    let _ = stop.send(());
    let _ = server.await;

    let mb = |bytes: f64| bytes / 1_000_000.0;
    println!();
    println!("{:<56} {:>34} {:>16}", "measurement", "result", "target");
    println!("{}", "-".repeat(108));
    println!("{:<56} {:>34} {:>16}", "provider seed (generate_large)", format!("{seed_seconds:.1} s"), "");
    println!(
        "{:<56} {:>34} {:>16}",
        "bootstrap: snapshot → empty cache",
        format!("{} docs in {:.2} s", fmt(report.documents as f64), report.seconds),
        ""
    );
    println!(
        "{:<56} {:>34} {:>16}",
        "  documents/s",
        format!("{} docs/s", fmt(report.documents as f64 / report.seconds)),
        format!("≥ {}", fmt(TARGET_DOCS_PER_SECOND))
    );
    println!("{:<56} {:>34} {:>16}", "  of which index and FTS rebuild", format!("{:.2} s", report.index_seconds), "");
    let journal = if report.unjournaled { "none (file open nowhere else)" } else { "WAL" };
    println!("{:<56} {:>34} {:>16}", "  journal while the documents went in", journal, "");
    println!("{:<56} {:>34} {:>16}", "  snapshot read", format!("{:.0} MB", mb(report.bytes as f64)), "");
    println!("{:<56} {:>34} {:>16}", "  cache file (checkpointed)", format!("{:.0} MB", mb(cache_bytes as f64)), "");
    println!(
        "{:<56} {:>34} {:>16}",
        format!("  peak RSS {} (incl. in-process provider)", if peak_reset { "during bootstrap" } else { "of the process" }),
        format!("{:.0} MB (RSS before: {:.0} MB)", peak as f64 / 1024.0, rss_before as f64 / 1024.0),
        ""
    );
    println!(
        "{:<56} {:>34} {:>16}",
        format!("delta: provider commit → readable in cache ({})", deltas.len()),
        format!("p50 {:.1} / p95 {:.1} / max {:.1} ms", pct(&deltas, 0.50), pct(&deltas, 0.95), pct(&deltas, 1.0)),
        "50 / 150 ms"
    );
    println!(
        "{:<56} {:>34} {:>16}",
        "  (the provider write itself: begin → commit)",
        format!("p50 {:.1} / p95 {:.1} ms", pct(&writes, 0.50), pct(&writes, 0.95)),
        ""
    );
    println!();
    println!(
        "queries over {} domains, {} tickets, {} messages — {} runs each",
        fmt(spec.domains as f64),
        fmt(tickets as f64),
        fmt(messages as f64),
        plan.runs
    );
    println!("{:<56} {:>10} {:>10} {:>10} {:>8} {:>10}", "query", "p50 ms", "p95 ms", "max ms", "rows", "target p95");
    println!("{}", "-".repeat(108));
    for r in &results {
        println!(
            "{:<56} {:>10.2} {:>10.2} {:>10.2} {:>8} {:>10}",
            r.name,
            pct(&r.times, 0.50),
            pct(&r.times, 0.95),
            pct(&r.times, 1.0),
            r.rows,
            format!("{} ms", r.target)
        );
    }
    println!();
    if std::env::var_os("HJS_BENCH_KEEP").is_some() {
        let kept = dir.keep();
        println!("kept for inspection: {} and {}", kept.join("provider.db").display(), kept.join("cache.db").display());
    }
    Ok(())
}

/// `writes` single-domain updates on the provider, each timed from its
/// commit until the cache holds the new version. A follower task does what
/// the desktop's sync loop does: wait for a `seq` announcement on
/// `/sync/events`, then `sync::pull`. Returns the latencies and the write
/// times, in ms.
async fn delta_latency(db: &hjs_provider::Db, cache: &Cache, api: &ProviderApi, writes: usize) -> anyhow::Result<(Vec<f64>, Vec<f64>)> {
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM domains ORDER BY rowid LIMIT 200").fetch_all(&cache.pool).await?;
    let mut domains: Vec<Domain> = bodies.iter().map(|b| serde_json::from_str(b)).collect::<Result<_, _>>()?;
    anyhow::ensure!(!domains.is_empty(), "no domains to write");

    let (pulled, mut noticed) = watch::channel(0u64);
    let (follower_cache, follower_api) = (cache.clone(), api.clone());
    let follower = tokio::spawn(async move {
        let mut events = Box::pin(follower_api.events().await?);
        while let Some(event) = events.next().await {
            let hjs_client::api::LiveEvent::Seq(seq) = event? else { continue };
            if seq > follower_cache.seq().await? {
                sync::pull(&follower_cache, &follower_api).await?;
                pulled.send_modify(|n| *n += 1);
            }
        }
        anyhow::Ok(())
    });

    let mut latencies = Vec::with_capacity(writes);
    let mut write_times = Vec::with_capacity(writes);
    for i in 0..writes {
        let n = domains.len();
        let domain = &mut domains[i % n];
        domain.version += 1;
        domain.auto_renew = !domain.auto_renew;
        domain.updated_at = Timestamp::now();
        let id = domain.id.to_string();
        let begun = Instant::now();
        let mut tx = db.begin_write(hjs_provider::db::Audit::Seed).await?;
        tx.update(&*domain).await?;
        tx.commit().await?;
        let committed = Instant::now();
        write_times.push((committed - begun).as_secs_f64() * 1000.0);
        loop {
            noticed.borrow_and_update();
            let version: i64 = sqlx::query_scalar("SELECT version FROM domains WHERE id = ?").bind(&id).fetch_one(&cache.pool).await?;
            if version >= domain.version {
                break;
            }
            tokio::time::timeout(Duration::from_secs(30), noticed.changed())
                .await
                .context("the cache did not see a write within 30 s")?
                .context("the follower stopped")?;
        }
        latencies.push(committed.elapsed().as_secs_f64() * 1000.0);
    }
    follower.abort();
    Ok((latencies, write_times))
}

/// `EXPLAIN QUERY PLAN` of the page queries, with the bundled SQLite and
/// the statistics the bootstrap left.
async fn print_plans(cache: &Cache) -> anyhow::Result<()> {
    let statements = [
        "WITH page AS (SELECT d.rowid AS r FROM domains d WHERE 1 = 1 AND d.status = 'active' \
         ORDER BY d.expiration_date ASC, d.rowid ASC LIMIT 50 OFFSET 1000) \
         SELECT d.id FROM page JOIN domains d ON d.rowid = page.r LEFT JOIN users u ON u.id = d.user_id \
         ORDER BY d.expiration_date ASC, d.rowid ASC",
        "SELECT COUNT(*) FROM domains d WHERE 1 = 1 AND d.status = 'active'",
        "SELECT COUNT(*) FROM domains WHERE status = 'active' AND expiration_date >= '2026' AND expiration_date <= '2027'",
    ];
    for sql in statements {
        println!("{sql}");
        let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(&cache.pool).await?;
        for (_, _, _, detail) in rows {
            println!("    {detail}");
        }
    }
    Ok(())
}

struct Timed {
    name: &'static str,
    target: f64,
    times: Vec<f64>,
    rows: usize,
}

/// Runs `query(k)` for k in 0..runs, one at a time, after one warm-up run.
async fn time_query<F, Fut>(name: &'static str, target: f64, runs: usize, query: F) -> anyhow::Result<Timed>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = hjs_client::Result<usize>>,
{
    query(0).await?;
    let mut times = Vec::with_capacity(runs);
    let mut rows = 0;
    for k in 0..runs {
        let started = Instant::now();
        rows += query(k).await?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(Timed { name, target, times, rows: rows / runs.max(1) })
}

/// The `p`-th percentile (nearest rank) of `values`, 0 when empty.
fn pct(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// A `Vm*` line of /proc/self/status in KiB (0 where there is none).
fn vm_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// A SQLite file with its WAL and shared-memory files.
fn file_bytes(path: &Path) -> u64 {
    ["", "-wal", "-shm"].iter().filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok()).map(|m| m.len()).sum()
}

/// 1234567.8 as "1,234,568".
fn fmt(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
