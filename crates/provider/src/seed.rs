//! Deterministic demo data (see `demo`).

use crate::db::Db;

/// Loads the demo data set; returns a one-line summary.
pub async fn demo(db: &Db) -> anyhow::Result<String> {
    let _ = db;
    anyhow::bail!("the demo data set is not loaded by this build")
}
