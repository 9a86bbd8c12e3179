//! Zone import benchmark: `cargo bench -p hjs-client --bench zone_import`.
//!
//! A cached zone of 10,000 records and a BIND file of 10,000 records (half
//! of them the zone's own with a new TTL, half new): the time from the
//! file's text to the plan shown — parse, normalize, read the cached zone,
//! match, diff and safety checks — as `Workspace::import_zone_file` does it.
//! Median and max of `HJS_BENCH_RUNS` (default 7) runs.
//!
//! It prints numbers; nothing passes or fails. Run without `--bench` (as
//! `cargo test --all-targets` does) it makes a quick smoke run.

use std::fmt::Write as _;
use std::time::Instant;

use hjs_client::cache::{self, Cache, Row};
use hjs_client::dns::zone::import_preview;
use hjs_model::documents::{DnsRecord, DnsRecordType, Domain};
use hjs_model::{Collection, ObjectId, Timestamp};

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let (records, runs) = if benching {
        (10_000, std::env::var("HJS_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(7usize).clamp(1, 50))
    } else {
        (200, 1)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let cache = Cache::open(&dir.path().join("cache.db")).await?;
        let domain = demo_domain()?;
        let now = Timestamp::now();
        let mut rows = vec![Row::from_json(Collection::Domains, serde_json::to_string(&domain)?)?];
        let mut text = format!("$ORIGIN {}.\n$TTL 3600\n", domain.domain_name);
        for i in 0..records {
            let record = DnsRecord {
                id: ObjectId::new(),
                domain_id: domain.id,
                user_id: domain.user_id,
                record_type: DnsRecordType::A,
                name: format!("host-{i}"),
                value: format!("198.51.{}.{}", (i / 250) % 250, i % 250),
                ttl: 3600,
                priority: None,
                is_active: true,
                is_system_record: false,
                comment: None,
                created_at: now,
                updated_at: now,
                version: 1,
            };
            rows.push(Row::from_json(Collection::DnsRecords, serde_json::to_string(&record)?)?);
            // Half the file is the zone's own records with a new TTL, half new names.
            if i % 2 == 0 {
                writeln!(text, "host-{i} 600 IN A {}", record.value)?;
            } else {
                writeln!(text, "new-{i} IN A 203.0.113.{}", i % 250)?;
            }
        }
        let mut conn = cache.pool.acquire().await?;
        cache::upsert_rows(&mut conn, rows).await?;
        drop(conn);
        let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
        let mut samples = Vec::new();
        let mut changes = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let preview = import_preview(&cache, &domain, &text, false).await?;
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            changes = preview.preview.plan.changes.len();
        }
        samples.sort_by(|a, b| a.total_cmp(b));
        println!(
            "\nzone file of {records} records to a shown plan ({changes} changes) against a cached zone of {records}, {runs} runs ({profile}): median {:.0} ms, max {:.0} ms",
            samples[samples.len() / 2],
            samples[samples.len() - 1]
        );
        Ok(())
    })
}

fn demo_domain() -> anyhow::Result<Domain> {
    let json = serde_json::json!({
        "_id": ObjectId::new(), "userId": ObjectId::new(), "domainName": "bench-zone.com", "tld": "com",
        "registrationDate": Timestamp::now(), "expirationDate": Timestamp::now(), "autoRenew": true, "registrationPeriod": 1,
        "isPremium": false, "status": "active", "registrar": "name.com", "registrarDomainId": null,
        "nameservers": ["ns1.hostjamstack.com", "ns2.hostjamstack.com"], "useDefaultNameservers": true,
        "purchasePrice": 12.99, "renewalPrice": 14.99, "currency": "EUR", "whoisPrivacy": true, "transferLock": true,
        "createdAt": Timestamp::now(), "updatedAt": Timestamp::now(), "version": 1
    });
    Ok(serde_json::from_value(json)?)
}
