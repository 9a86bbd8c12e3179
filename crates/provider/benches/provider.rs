//! Provider benchmark: `cargo bench -p hjs-provider --bench provider`.
//!
//! Builds a SQLite provider in a temporary folder, loads
//! `LargeSpec::full()` (scaled by `HJS_BENCH_SCALE`, default 1) with
//! `seed::generate_large`, serves it on 127.0.0.1:0 and, signed in as the
//! large reseller, measures:
//!
//! - the seed itself, and the batched write path against `WriteTx::insert`;
//! - `GET /api/v1/sync/snapshot` read to the end: documents, seconds,
//!   documents/s, MB/s;
//! - `GET /api/v1/domains?limit=50` with varying filters, sorts and cursors
//!   from 64 concurrent tasks for `HJS_BENCH_SECONDS` (default 10) seconds:
//!   requests/s and latency percentiles.
//!
//! `HJS_BENCH_KEEP=1` keeps the database file for inspection afterwards.
//!
//! It prints numbers; nothing passes or fails. Everything stays on loopback
//! and every loop is bounded. Run without `--bench` (as `cargo test
//! --all-targets` does) it makes a quick smoke run at a tiny scale.

use std::time::{Duration, Instant};

use anyhow::Context;
use hjs_model::documents::{DnsRecord, DnsRecordType, UserProfile, UserRole};
use hjs_model::{EmailAddress, ObjectId, Timestamp};
use hjs_provider::accounts::users;
use hjs_provider::seed::{self, bulk::BulkWriter, LargeSpec};
use hjs_provider::{Config, Db, MailConfig, Provider};
use serde_json::Value;

const TASKS: usize = 64;
/// Upper bound on requests per task, whatever the clock says.
const MAX_REQUESTS_PER_TASK: usize = 200_000;
const WRITE_PATH_DOCS: usize = 5_000;
const SEQUENTIAL_REQUESTS: usize = 20;

/// The `GET /domains` queries the load cycles through.
const VARIANTS: [&str; 8] = [
    "limit=50",
    "limit=50&status=active",
    "limit=50&sort=-expirationDate",
    "limit=50&sort=expirationDate&expiringBefore=+90d",
    "limit=50&autoRenew=false",
    "limit=50&q=<substring>",
    "limit=50&userId=<client>",
    "limit=50&cursor=<next page>",
];

/// The query string of variant `v` (see [`VARIANTS`]); the cursor variant
/// takes the cursor left by the previous page, or starts over.
fn query_for(v: usize, k: usize, owners: &[String], expiring: &str, cursor: &mut Option<String>) -> String {
    match v {
        0 => "limit=50".to_string(),
        1 => "limit=50&status=active".into(),
        2 => "limit=50&sort=-expirationDate".into(),
        3 => format!("limit=50&sort=expirationDate&expiringBefore={expiring}"),
        4 => "limit=50&autoRenew=false".into(),
        5 => format!("limit=50&q={}", ["solar", "-tech", "garden", ".io", "river"][k % 5]),
        6 if !owners.is_empty() => format!("limit=50&userId={}", owners[k % owners.len()]),
        _ => match cursor.take() {
            Some(c) => format!("limit=50&cursor={c}"),
            None => "limit=50".into(),
        },
    }
}

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f64>().ok());
    let (scale, seconds) =
        if benching { (env("HJS_BENCH_SCALE").unwrap_or(1.0), env("HJS_BENCH_SECONDS").unwrap_or(10.0)) } else { (0.001, 1.0) };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(scale, seconds.clamp(0.5, 600.0), benching))
}

async fn run(scale: f64, seconds: f64, benching: bool) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let spec = LargeSpec::full().scaled(scale);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!();
    println!(
        "HostJamstack provider benchmark — SQLite, {profile} build, scale {scale} ({} mode)",
        if benching { "bench" } else { "smoke" }
    );
    println!("spec: {}", spec.describe());

    // The write paths side by side, on a database of their own.
    let (per_doc, bulk) = compare_write_paths(dir.path(), if benching { WRITE_PATH_DOCS } else { 500 }).await?;

    // Seed.
    let db_path = dir.path().join("provider.db");
    let mut config = Config::new(format!("sqlite://{}?mode=rwc", db_path.display()));
    config.mail = MailConfig::Folder(dir.path().join("mail"));
    config.files_dir = dir.path().join("files");
    config.run_jobs = false;
    let provider = Provider::build(config).await?;
    let started = Instant::now();
    let summary = seed::generate_large(&provider.state.db, spec).await?;
    let seed_time = started.elapsed().as_secs_f64();
    println!("{summary}");
    let db_bytes =
        ["", "-wal"].iter().filter_map(|s| std::fs::metadata(format!("{}{s}", db_path.display())).ok()).map(|m| m.len()).sum::<u64>();

    // Serve.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}/api/v1", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(provider.serve(listener, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder().pool_max_idle_per_host(TASKS * 2).timeout(Duration::from_secs(600)).build()?;
    let response = client
        .post(format!("{base}/auth/sign-in"))
        .json(&serde_json::json!({ "email": seed::LARGE_RESELLER_EMAIL, "password": seed::DEMO_PASSWORD }))
        .send()
        .await?;
    anyhow::ensure!(response.status().is_success(), "sign-in failed: {}", response.status());
    let token = response.json::<Value>().await?["token"].as_str().context("no token")?.to_string();

    // Snapshot, read to the end.
    let started = Instant::now();
    let mut response = client.get(format!("{base}/sync/snapshot")).bearer_auth(&token).send().await?;
    anyhow::ensure!(response.status().is_success(), "snapshot failed: {}", response.status());
    let (mut bytes, mut lines, mut tail) = (0u64, 0u64, Vec::new());
    while let Some(chunk) = response.chunk().await? {
        bytes += chunk.len() as u64;
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        tail.extend_from_slice(&chunk);
        if tail.len() > 8192 {
            tail.drain(..tail.len() - 4096);
        }
    }
    let snapshot_time = started.elapsed().as_secs_f64();
    let end_line = String::from_utf8_lossy(&tail).lines().last().unwrap_or_default().to_string();
    let end: Value = serde_json::from_str(&end_line).context("the snapshot has no end line")?;
    let documents = end["documents"].as_u64().unwrap_or(0);
    anyhow::ensure!(end["type"] == "end" && documents + 1 == lines, "snapshot ended badly: {end_line}");

    // Domain list under concurrent load.
    let first: Value = client.get(format!("{base}/domains?limit=500")).bearer_auth(&token).send().await?.json().await?;
    let mut owners: Vec<String> =
        first["items"].as_array().into_iter().flatten().filter_map(|d| d["userId"].as_str().map(str::to_string)).collect();
    owners.sort();
    owners.dedup();
    let expiring = Timestamp::now().plus(chrono::Duration::days(90)).to_string();
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let load_started = Instant::now();
    let mut tasks = Vec::with_capacity(TASKS);
    for task in 0..TASKS {
        let (client, base, token, owners, expiring) = (client.clone(), base.clone(), token.clone(), owners.clone(), expiring.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0u64;
            let mut cursor: Option<String> = None;
            for k in 0..MAX_REQUESTS_PER_TASK {
                if Instant::now() >= deadline {
                    break;
                }
                let query = query_for((task + k) % VARIANTS.len(), k, &owners, &expiring, &mut cursor);
                let sent = Instant::now();
                let result = client.get(format!("{base}/domains?{query}")).bearer_auth(&token).send().await;
                match result {
                    Ok(response) if response.status().is_success() => match response.json::<Value>().await {
                        Ok(page) => {
                            latencies.push(sent.elapsed().as_micros() as u64);
                            if query.contains("cursor=") || query == "limit=50" {
                                cursor = page["nextCursor"].as_str().map(str::to_string);
                            }
                        }
                        Err(_) => errors += 1,
                    },
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (mine, failed) = task.await?;
        latencies.extend(mine);
        errors += failed;
    }
    let load_time = load_started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))).copied().unwrap_or(0) as f64 / 1000.0
    };

    // Each variant alone: the service time of one request without queueing.
    let mut alone = Vec::new();
    for (v, name) in VARIANTS.iter().enumerate() {
        let mut cursor = None;
        let mut times = Vec::new();
        for k in 0..SEQUENTIAL_REQUESTS {
            let query = query_for(v, k, &owners, &expiring, &mut cursor);
            let sent = Instant::now();
            let page: Value = client.get(format!("{base}/domains?{query}")).bearer_auth(&token).send().await?.json().await?;
            times.push(sent.elapsed().as_secs_f64() * 1000.0);
            cursor = page["nextCursor"].as_str().map(str::to_string);
        }
        times.sort_by(f64::total_cmp);
        alone.push((*name, times[times.len() / 2], times[times.len() - 1]));
    }

    let _ = stop.send(());
    let _ = server.await;

    let mb = |b: f64| b / 1_000_000.0;
    println!();
    println!("{:<44} {:>14} {:>10} {:>14} {:>12}", "measurement", "count", "seconds", "rate", "throughput");
    println!("{}", "-".repeat(98));
    let total = spec.total_documents() as f64;
    println!(
        "{:<44} {:>14} {:>10.2} {:>14} {:>12}",
        "seed: generate_large",
        fmt(total),
        seed_time,
        format!("{} docs/s", fmt(total / seed_time)),
        ""
    );
    println!("{:<44} {:>14} {:>10} {:>14} {:>12}", "  database file (incl. WAL)", "", "", "", format!("{:.0} MB", mb(db_bytes as f64)));
    println!(
        "{:<44} {:>14} {:>10.2} {:>14} {:>12}",
        "write path: WriteTx::insert, one per doc",
        fmt(per_doc.0 as f64),
        per_doc.1,
        format!("{} docs/s", fmt(per_doc.0 as f64 / per_doc.1)),
        ""
    );
    println!(
        "{:<44} {:>14} {:>10.2} {:>14} {:>12}",
        "write path: seed::bulk::BulkWriter",
        fmt(bulk.0 as f64),
        bulk.1,
        format!("{} docs/s", fmt(bulk.0 as f64 / bulk.1)),
        format!("{:.1}x", per_doc.1 / bulk.1)
    );
    println!(
        "{:<44} {:>14} {:>10.2} {:>14} {:>12}",
        "GET /sync/snapshot (reseller, full read)",
        fmt(documents as f64),
        snapshot_time,
        format!("{} docs/s", fmt(documents as f64 / snapshot_time)),
        format!("{:.1} MB/s", mb(bytes as f64) / snapshot_time)
    );
    println!("{:<44} {:>14} {:>10} {:>14} {:>12}", "  snapshot size", "", "", "", format!("{:.0} MB", mb(bytes as f64)));
    println!(
        "{:<44} {:>14} {:>10.2} {:>14} {:>12}",
        format!("GET /domains?limit=50, {TASKS} concurrent tasks"),
        fmt(latencies.len() as f64),
        load_time,
        format!("{} req/s", fmt(latencies.len() as f64 / load_time)),
        format!("errors {errors}")
    );
    println!(
        "{:<44} {:>14} {:>10} {:>14} {:>12}",
        "  latency ms: p50 / p90 / p99 / max",
        "",
        "",
        format!("{:.1} / {:.1}", pct(0.50), pct(0.90)),
        format!("{:.1} / {:.1}", pct(0.99), latencies.last().copied().unwrap_or(0) as f64 / 1000.0)
    );
    println!();
    println!("GET /domains, one request at a time ({SEQUENTIAL_REQUESTS} each): median / max ms");
    for (name, median, max) in alone {
        println!("  {name:<50} {median:>8.2} / {max:.2}");
    }
    println!();
    if std::env::var_os("HJS_BENCH_KEEP").is_some() {
        println!("database kept for inspection: {}", dir.keep().join("provider.db").display());
    }
    Ok(())
}

/// Writes the same number of DNS records through `WriteTx::insert` (one
/// transaction) and through `BulkWriter`; returns (docs, seconds) of each.
async fn compare_write_paths(dir: &std::path::Path, n: usize) -> anyhow::Result<((usize, f64), (usize, f64))> {
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", dir.join("write-paths.db").display())).await?;
    let mut tx = db.begin_write(hjs_provider::db::Audit::Seed).await?;
    let owner = users::create(
        &mut tx,
        users::NewUser {
            email: EmailAddress::parse("owner@bench.example.com").map_err(|e| anyhow::anyhow!("{e}"))?,
            password_hash: "not-a-hash".into(),
            first_name: "Bench".into(),
            last_name: "Owner".into(),
            role: UserRole::User,
            reseller_id: None,
            email_verified: true,
            profile: UserProfile::default(),
            created_at: Timestamp::now(),
        },
    )
    .await?;
    tx.commit().await?;
    let records = |n: usize| -> Vec<DnsRecord> {
        let now = Timestamp::now();
        let domain = ObjectId::new();
        (0..n)
            .map(|i| DnsRecord {
                id: ObjectId::new(),
                domain_id: domain,
                user_id: owner.id,
                record_type: DnsRecordType::A,
                name: format!("host{i}"),
                value: format!("198.51.100.{}", i % 250 + 1),
                ttl: 3600,
                priority: None,
                is_active: true,
                is_system_record: false,
                comment: None,
                created_at: now,
                updated_at: now,
                version: 1,
            })
            .collect()
    };
    let one_by_one = records(n);
    let started = Instant::now();
    let mut tx = db.begin_write(hjs_provider::db::Audit::Seed).await?;
    for record in &one_by_one {
        tx.insert(record).await?;
    }
    tx.commit().await?;
    let per_doc = (n, started.elapsed().as_secs_f64());
    let batched = records(n);
    let started = Instant::now();
    let mut writer = BulkWriter::new(&db, 5_000);
    writer.insert_all(&batched).await?;
    writer.finish().await?;
    let bulk = (n, started.elapsed().as_secs_f64());
    db.pool.close().await;
    Ok((per_doc, bulk))
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
