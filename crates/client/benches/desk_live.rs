//! Live support desk benchmark: `cargo bench -p hjs-client --bench desk_live`.
//!
//! Starts a provider in this process (SQLite in a temporary folder, served
//! on 127.0.0.1:0), loads `LargeSpec::full()` scaled by `HJS_BENCH_SCALE`
//! (default 1: 50,000 tickets, 500,000 messages) and bootstraps two support
//! staff members' caches. Agent B's sync loop runs as the desktop's does
//! (following the event stream). Then:
//!
//! - a reply agent A makes (queued, then pushed) until it is in agent B's
//!   cache: from A's queueing to B's cache holding it;
//! - agent A saying they are typing on a ticket until B's desk hears it;
//! - a reply carrying a file (10 MB; 256 KB in the smoke run): A's push,
//!   upload included, and B's download of it; and a thumbnail of a
//!   1600×1000 screenshot.
//!
//! It prints numbers; nothing passes or fails. Run without `--bench` (as
//! `cargo test --all-targets` does) it makes a quick smoke run at a tiny
//! scale.

use std::time::{Duration, Instant};

use hjs_client::bootstrap;
use hjs_client::cache::Cache;
use hjs_client::outbox::{self, Operation};
use hjs_client::support::attachments;
use hjs_client::support::operations::MessagePost;
use hjs_client::sync::Syncer;
use hjs_model::documents::{Attachment, MessageType, StaffInfo};
use hjs_model::files::attachment_url;
use hjs_model::support::presence::PresenceState;
use hjs_model::support::MessageDraft;
use hjs_model::ObjectId;
use hjs_provider::accounts::auth::{self, TokenKind};
use hjs_provider::seed::{self, LargeSpec};
use tokio::sync::watch;

#[path = "support/mod.rs"]
mod support;

/// The issue's targets, for the printout.
const TARGET_REPLY_MS: f64 = 150.0;
const TARGET_PRESENCE_MS: f64 = 1_000.0;

fn main() -> anyhow::Result<()> {
    let benching = std::env::args().any(|a| a == "--bench");
    let scale = if benching { std::env::var("HJS_BENCH_SCALE").ok().and_then(|v| v.parse::<f64>().ok()).unwrap_or(1.0) } else { 0.002 };
    let rounds = if benching { 60 } else { 3 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(scale, rounds))
}

async fn run(scale: f64, rounds: usize) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let spec = LargeSpec::full().scaled(scale);
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    println!("\nHostJamstack live desk benchmark — SQLite, {profile} build, scale {scale}");

    let provider = support::provider(dir.path()).await?;
    let db = provider.state.db.clone();
    seed::generate_large(&db, spec).await?;
    let staff: Vec<(String, String)> =
        sqlx::query_as("SELECT id, email FROM users WHERE role = 'support' ORDER BY id LIMIT 2").fetch_all(&db.pool).await?;
    anyhow::ensure!(staff.len() == 2, "the large account has two support staff");
    let mut tokens = Vec::new();
    for (id, _) in &staff {
        let id = ObjectId::parse(id).map_err(|e| anyhow::anyhow!("staff id: {e}"))?;
        let mut tx = db.begin_write(hjs_provider::db::Audit::Seed).await?;
        tokens.push(auth::issue(&mut tx.tx, id, TokenKind::Api, Some("live desk benchmark"), None).await?.token);
        tx.commit().await?;
    }
    let support::Served { api, stop, server } = support::serve(provider, "live desk benchmark").await?;
    let (api_a, api_b) = (api.with_token(tokens[0].clone()), api.with_token(tokens[1].clone()));
    let cache_a = Cache::open(&dir.path().join("a").join("cache.db")).await?;
    let cache_b = Cache::open(&dir.path().join("b").join("cache.db")).await?;
    let started = Instant::now();
    bootstrap::bootstrap(&cache_a, &api_a, |_| {}).await?;
    bootstrap::bootstrap(&cache_b, &api_b, |_| {}).await?;
    println!("two staff caches bootstrapped in {:.1} s", started.elapsed().as_secs_f64());

    // Agent B's desk: the sync loop following the event stream.
    let syncer_b = Syncer::new(cache_b.clone(), api_b.clone());
    let mut status_b = syncer_b.subscribe();
    let mut presence_b = syncer_b.subscribe_presence();
    let (shutdown, stopped) = watch::channel(false);
    let (_nudge, nudged) = tokio::sync::mpsc::channel(1);
    let follower = {
        let syncer = syncer_b.clone();
        tokio::spawn(async move { syncer.run(stopped, nudged).await })
    };
    // Caught up and following before anything is measured.
    tokio::time::timeout(Duration::from_secs(60), status_b.wait_for(|s| s.last_synced_at.is_some())).await??;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let tickets: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, ticket_number FROM support_tickets WHERE status IN ('open', 'in_progress') ORDER BY created_at DESC LIMIT ?",
    )
    .bind(rounds as i64)
    .fetch_all(&cache_a.pool)
    .await?;
    anyhow::ensure!(!tickets.is_empty(), "open tickets to answer");
    let author = ObjectId::parse(&staff[0].0).map_err(|e| anyhow::anyhow!("staff id: {e}"))?;
    let signature = StaffInfo { name: staff[0].1.clone(), role: "support".into(), department: "Support".into() };

    let mut replies = Vec::with_capacity(rounds);
    let mut pushes = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let (ticket_id, number) = &tickets[i % tickets.len()];
        let message = ObjectId::new().to_string();
        let draft = MessageDraft {
            ticket_id: ObjectId::parse(ticket_id).map_err(|e| anyhow::anyhow!("ticket id: {e}"))?,
            message_type: MessageType::Reply,
            content: format!("Reply {i}: we are looking into it."),
            minutes_spent: None,
            attachments: Vec::new(),
        };
        let post = MessagePost { draft, author, ticket_number: number.clone(), staff_info: Some(signature.clone()), files: Vec::new() };
        let start = Instant::now();
        outbox::enqueue_all(&cache_a, vec![(message.clone(), Operation::MessagePost(post))]).await?;
        outbox::push(&cache_a, &api_a).await?;
        pushes.push(start.elapsed().as_secs_f64() * 1_000.0);
        loop {
            let held: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM support_messages WHERE id = ?").bind(&message).fetch_optional(&cache_b.pool).await?;
            if held.is_some() {
                break;
            }
            tokio::time::timeout(Duration::from_secs(5), status_b.changed()).await??;
        }
        replies.push(start.elapsed().as_secs_f64() * 1_000.0);
    }

    // Pairs of rounds on one ticket: "typing", then "left" (each a change
    // B hears, however few tickets the scale leaves).
    let mut presence = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let (ticket_id, _) = &tickets[(i / 2) % tickets.len()];
        let state = if i % 2 == 0 { PresenceState::Typing } else { PresenceState::Left };
        let start = Instant::now();
        api_a.announce_presence(ticket_id, state).await?;
        loop {
            let news = tokio::time::timeout(Duration::from_secs(5), presence_b.recv()).await??;
            let present = news.people.iter().any(|p| p.user_id == author && p.state == PresenceState::Typing);
            if news.ticket_id.to_string() == *ticket_id && present == (state == PresenceState::Typing) {
                break;
            }
        }
        presence.push(start.elapsed().as_secs_f64() * 1_000.0);
    }

    println!("{:<52} {:>9} {:>9} {:>9} {:>12}", "", "p50 ms", "p95 ms", "max ms", "target p95");
    for (label, times, target) in [
        ("reply: A queues it → in B's cache (push, SSE, pull)", &replies, TARGET_REPLY_MS),
        ("  of which A's push (queued → provider answered)", &pushes, TARGET_REPLY_MS),
        ("presence: A says typing / left → B's desk hears it", &presence, TARGET_PRESENCE_MS),
    ] {
        println!(
            "{label:<52} {:>9.1} {:>9.1} {:>9.1} {:>12}",
            pct(times, 0.5),
            pct(times, 0.95),
            pct(times, 1.0),
            format!("≤ {target} ms")
        );
    }

    let file_bytes = if rounds > 3 { 10 * 1024 * 1024 } else { 256 * 1024 };
    let mut uploads = Vec::new();
    let mut downloads = Vec::new();
    for i in 0..rounds.min(5) {
        let (ticket_id, number) = &tickets[i % tickets.len()];
        // Incompressible, and different each round (kept by content).
        let bytes: Vec<u8> = (0..file_bytes).map(|n: usize| (n.wrapping_mul(2_654_435_761) >> (i % 7 + 3)) as u8).collect();
        let staged = attachments::stage_bytes(&cache_a, &format!("capture-{i}.bin"), bytes).await?;
        let file_id = ObjectId::parse(&staged.id).map_err(|e| anyhow::anyhow!("staged id: {e}"))?;
        let draft = MessageDraft {
            ticket_id: ObjectId::parse(ticket_id).map_err(|e| anyhow::anyhow!("ticket id: {e}"))?,
            message_type: MessageType::Reply,
            content: format!("Capture {i} attached."),
            minutes_spent: None,
            attachments: vec![file_id],
        };
        let file = Attachment {
            filename: staged.filename.clone(),
            file_size: staged.file_size,
            mime_type: staged.mime_type.clone(),
            url: attachment_url(file_id),
        };
        let post = MessagePost { draft, author, ticket_number: number.clone(), staff_info: Some(signature.clone()), files: vec![file] };
        let start = Instant::now();
        outbox::enqueue_all(&cache_a, vec![(ObjectId::new().to_string(), Operation::MessagePost(post))]).await?;
        outbox::push(&cache_a, &api_a).await?;
        uploads.push(start.elapsed().as_secs_f64() * 1_000.0);
        let start = Instant::now();
        attachments::local_file(&cache_b, &api_b, &attachment_url(file_id), &staged.filename).await?;
        downloads.push(start.elapsed().as_secs_f64() * 1_000.0);
    }
    let screenshot = {
        let image = image::RgbImage::from_fn(1600, 1000, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 239) as u8]));
        let mut png = std::io::Cursor::new(Vec::new());
        image.write_to(&mut png, image::ImageFormat::Png)?;
        png.into_inner()
    };
    let start = Instant::now();
    let thumbnail = attachments::stage_bytes(&cache_a, "screenshot.png", screenshot).await?;
    let staged_ms = start.elapsed().as_secs_f64() * 1_000.0;
    anyhow::ensure!(thumbnail.thumbnail.is_some(), "a screenshot gets a thumbnail");
    let megabytes = file_bytes as f64 / (1024.0 * 1024.0);
    println!(
        "\n{:<52} {:>9} {:>9} {:>12}",
        format!("a {megabytes:.2} MB file ({} rounds)", uploads.len()),
        "p50 ms",
        "max ms",
        "MB/s (p50)"
    );
    for (label, times) in
        [("A's reply with the file: push, upload included", &uploads), ("B opens it: download into the workspace", &downloads)]
    {
        let median = pct(times, 0.5);
        println!("{label:<52} {median:>9.1} {:>9.1} {:>12.1}", pct(times, 1.0), megabytes / (median / 1_000.0));
    }
    println!("{:<52} {staged_ms:>9.1}", "a 1600×1000 PNG staged, its thumbnail made");

    shutdown.send_replace(true);
    let _ = follower.await;
    let _ = stop.send(());
    server.await??;
    Ok(())
}

fn pct(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len().max(1));
    sorted.get(rank - 1).copied().unwrap_or(0.0)
}
