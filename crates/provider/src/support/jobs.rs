//! The support desk's background jobs (see [`crate::jobs`] for how they
//! run). Each change is re-checked under the writer lock and written as a
//! versioned update, so with several provider processes each happens once.
//!
//! - SLA breach: an open or in-progress ticket still waiting for its first
//!   staff reply past its due time gets `slaBreached` (a late first reply
//!   marks it itself, in the reply's transaction).
//! - Monthly usage: a package whose `currentUsage.resetDate` has come
//!   starts the month over (no tickets, no hours used) and its next reset
//!   moves a month on.

use std::collections::HashMap;

use anyhow::Context;
use hjs_model::documents::{AuditActor, SupportPackage, SupportTicket};
use hjs_model::support::sla::response_minutes;
use hjs_model::{ObjectId, Timestamp};

use crate::db::Audit;
use crate::scope::Scope;
use crate::store::fetch_one;
use crate::AppState;

/// Marks every ticket whose first reply is overdue; answers how many.
pub async fn mark_sla_breaches(state: &AppState, now: Timestamp) -> anyhow::Result<u32> {
    // The clock only runs on open and in-progress tickets: an index range.
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT t.body, p.body FROM support_tickets t LEFT JOIN support_packages p ON p.id = t.support_package_id \
         WHERE t.status IN ('open', 'in_progress')",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut packages: HashMap<ObjectId, SupportPackage> = HashMap::new();
    let mut due = Vec::new();
    for (ticket, package) in rows {
        let ticket: SupportTicket = serde_json::from_str(&ticket).context("stored ticket does not decode")?;
        if let Some(package) = package {
            let package: SupportPackage = serde_json::from_str(&package).context("stored support package does not decode")?;
            packages.insert(package.id, package);
        }
        let package = ticket.support_package_id.and_then(|id| packages.get(&id));
        if ticket.breaches_at(response_minutes(&ticket, package), now) {
            due.push(ticket.id);
        }
    }
    let mut marked = 0;
    for id in due {
        let mut tx = state.db.begin_write(Audit::As(AuditActor::job("sla_breach"))).await?;
        let before: SupportTicket = fetch_one(&mut tx.tx, &Scope::Staff, id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        let package = before.support_package_id.and_then(|id| packages.get(&id));
        // Re-checked under the writer lock: a reply or another process may
        // have come first.
        if !before.breaches_at(response_minutes(&before, package), now) {
            continue;
        }
        let mut after = before.clone();
        after.sla_breached = true;
        after.version += 1;
        after.updated_at = now;
        tx.update_many(&[(&before, &after)]).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
        marked += 1;
    }
    Ok(marked)
}

/// Starts the month over for every active package whose reset date has
/// come; answers how many.
pub async fn reset_monthly_usage(state: &AppState, now: Timestamp) -> anyhow::Result<u32> {
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM support_packages WHERE status = 'active'").fetch_all(&state.db.pool).await?;
    let mut due = Vec::new();
    for body in bodies {
        let package: SupportPackage = serde_json::from_str(&body).context("stored support package does not decode")?;
        if package.current_usage.resets_at(now) {
            due.push(package.id);
        }
    }
    let mut reset = 0;
    for id in due {
        let mut tx = state.db.begin_write(Audit::As(AuditActor::job("support_usage_reset"))).await?;
        let before: SupportPackage = fetch_one(&mut tx.tx, &Scope::Staff, id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        if !before.current_usage.resets_at(now) {
            continue;
        }
        let mut after = before.clone();
        after.current_usage.reset(now);
        after.version += 1;
        after.updated_at = now;
        tx.update_many(&[(&before, &after)]).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
        reset += 1;
    }
    Ok(reset)
}
