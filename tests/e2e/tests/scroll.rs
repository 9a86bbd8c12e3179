//! A measurement, not a pass/fail test: how the domains table scrolls in
//! the real window with a big account. `scripts/measure-desk.sh` runs it on
//! the release build, on the data folder where the app already downloaded
//! the generated account (10,000 domains at scale 1):
//!
//! ```sh
//! HJS_E2E_APP=.../release/hjs-desk HJS_E2E_HOME=<data folder> \
//!     cargo test -p hjs-e2e --test scroll -- --ignored --nocapture
//! ```
//!
//! Two passes, each driven by `requestAnimationFrame` inside the page so
//! the timing is the browser's own: the scroll bar dragged from top to
//! bottom in 4 s (about 85,000 px/s), then a steady wheel of 2,000 px/s
//! (about 60 rows/s) for 4 s. For each it prints the frames drawn, the
//! frame intervals (p50, p95, max), the frames over 50 ms, and the frames
//! where a row in view still showed its placeholder (its page not read
//! from the cache yet).

use std::path::PathBuf;

use anyhow::{ensure, Context, Result};
use hjs_e2e::Desk;
use serde::Deserialize;
use serde_json::json;

/// Runs in the page: scrolls the domains table frame by frame and returns
/// what each frame looked like.
const SCROLL: &str = r#"
const [mode, durationMs, done] = arguments;
const viewport = document.querySelector('[data-testid=domains-table]');
const total = Number(viewport.dataset.total);
viewport.scrollTop = 0;
// The table's geometry as drawn: a row's height, and where row 0 starts
// below the header.
const sample = viewport.querySelector('[data-testid=domain-row]');
const rowHeight = sample.offsetHeight;
const header = sample.getBoundingClientRect().top - viewport.getBoundingClientRect().top - Number(sample.dataset.index) * rowHeight;
const maxTop = viewport.scrollHeight - viewport.clientHeight;
const intervals = [];
let placeholderFrames = 0;
let start = null;
let last = null;
// Rows in view not drawn with their data yet (placeholders).
function placeholderRows() {
  const first = Math.max(0, Math.floor((viewport.scrollTop - header) / rowHeight));
  const inView = Math.min(Math.ceil(viewport.clientHeight / rowHeight), total - first);
  const drawn = new Set();
  for (const row of viewport.querySelectorAll('[data-testid=domain-row]')) drawn.add(Number(row.dataset.index));
  let missing = 0;
  for (let i = first; i < first + inView; i++) if (!drawn.has(i)) missing++;
  return missing;
}
function frame(now) {
  if (start === null) { start = now; last = now; requestAnimationFrame(frame); return; }
  intervals.push(now - last);
  last = now;
  if (placeholderRows() > 0) placeholderFrames++;
  const t = (now - start) / durationMs;
  if (t >= 1) { done({ intervals, placeholderFrames, total, maxTop, endTop: viewport.scrollTop }); return; }
  viewport.scrollTop = mode === 'drag' ? t * maxTop : Math.min(maxTop, (now - start) * 2);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
"#;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pass {
    intervals: Vec<f64>,
    placeholder_frames: usize,
    total: u64,
    max_top: f64,
    end_top: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test]
#[ignore = "a measurement on a prepared data folder: scripts/measure-desk.sh runs it"]
async fn domains_table_scroll() -> Result<()> {
    let home = PathBuf::from(std::env::var("HJS_E2E_HOME").context("HJS_E2E_HOME must name a data folder with a big account")?);
    let desk = Desk::launch_on(&home).await?;
    desk.click("[data-testid=nav-domains]").await?;
    desk.find("[data-testid=domain-row]").await?;
    let total: u64 = desk.attr("[data-testid=domains-table]", "data-total").await?.context("the table says its total")?.parse()?;
    ensure!(total > 0, "the account has domains");
    let row_height = desk.client.execute("return document.querySelector('[data-testid=domain-row]').offsetHeight", vec![]).await?;
    println!("domains table, {total} rows, {row_height} px each, in the real window (release build)");
    println!(
        "{:<30} {:>7} {:>9} {:>9} {:>9} {:>12} {:>19}",
        "pass", "frames", "p50 ms", "p95 ms", "max ms", "over 50 ms", "placeholder frames"
    );
    for (mode, label) in [("drag", "scroll bar, top→bottom in 4 s"), ("wheel", "wheel, 2,000 px/s for 4 s")] {
        let value = desk.client.execute_async(SCROLL, vec![json!(mode), json!(4_000)]).await?;
        let pass: Pass = serde_json::from_value(value).context("the scroll script's answer")?;
        ensure!(pass.total == total && pass.max_top > 0.0, "the table scrolled");
        if mode == "drag" {
            ensure!(pass.end_top >= pass.max_top * 0.95, "the drag reached the end ({} of {} px)", pass.end_top, pass.max_top);
        }
        let mut sorted = pass.intervals.clone();
        sorted.sort_by(f64::total_cmp);
        println!(
            "{:<30} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>12} {:>19}",
            label,
            sorted.len(),
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.95),
            sorted.last().copied().unwrap_or(0.0),
            sorted.iter().filter(|ms| **ms > 50.0).count(),
            pass.placeholder_frames
        );
    }
    desk.close().await
}
