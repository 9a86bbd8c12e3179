//! The dashboard's figures, all from the cache: renewal risk, domains by
//! status, unread notifications, open tickets by priority, hosting usage
//! against its limits, and recent deployments.

use hjs_model::documents::{HostingPackage, TicketPriority, TicketStatus};
use hjs_model::{Collection, Timestamp};
use serde::Serialize;
use serde_json::Value;

use crate::cache::Cache;
use crate::error::Result;
use crate::queries::{self, RenewalRisk};

/// How many of something there are under one key (a status, a priority).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Count {
    pub key: String,
    pub count: i64,
}

/// One hosting package's usage: `[used, limit]` per resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostingUsage {
    pub id: String,
    pub package_name: String,
    pub package_type: String,
    pub status: String,
    pub user_id: String,
    pub storage: (f64, Option<f64>),
    pub bandwidth: (f64, Option<f64>),
    pub databases: (f64, Option<f64>),
    pub email_accounts: (f64, Option<f64>),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub renewal: RenewalRisk,
    pub domains_by_status: Vec<Count>,
    pub unread_notifications: i64,
    pub open_tickets_by_priority: Vec<Count>,
    pub open_tickets: i64,
    pub hosting: Vec<HostingUsage>,
    pub recent_deployments: Vec<Value>,
    pub deployments_by_status: Vec<Count>,
}

/// Packages shown on the dashboard, most used first.
const HOSTING_SHOWN: usize = 12;
const RECENT_DEPLOYMENTS: i64 = 8;

/// Everything the dashboard shows for the person `me` (their unread notifications).
pub async fn dashboard(cache: &Cache, me: &str, now: Timestamp) -> Result<Dashboard> {
    let renewal = queries::renewal_risk(cache, now).await?;
    let domains_by_status = queries::domains_by_status(cache).await?.into_iter().map(|s| Count { key: s.status, count: s.count }).collect();
    let unread_notifications = queries::unread_count(cache, me).await?;
    let open_tickets_by_priority = open_tickets_by_priority(cache).await?;
    let open_tickets = open_tickets_by_priority.iter().map(|c| c.count).sum();
    Ok(Dashboard {
        renewal,
        domains_by_status,
        unread_notifications,
        open_tickets_by_priority,
        open_tickets,
        hosting: hosting_usage(cache).await?,
        recent_deployments: queries::list_documents(cache, Collection::Deployments, None, None, RECENT_DEPLOYMENTS, 0).await?.items,
        deployments_by_status: deployments_by_status(cache).await?,
    })
}

/// Tickets not yet resolved or closed, per priority, most urgent first (zeros included).
async fn open_tickets_by_priority(cache: &Cache) -> Result<Vec<Count>> {
    let open = [TicketStatus::Open, TicketStatus::InProgress, TicketStatus::WaitingCustomer];
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT priority, COUNT(*) FROM support_tickets WHERE status IN (?, ?, ?) GROUP BY priority")
            .bind(open[0].as_str())
            .bind(open[1].as_str())
            .bind(open[2].as_str())
            .fetch_all(&cache.pool)
            .await?;
    Ok([TicketPriority::Urgent, TicketPriority::High, TicketPriority::Normal, TicketPriority::Low]
        .iter()
        .map(|p| Count { key: p.as_str().to_string(), count: rows.iter().find(|(k, _)| k == p.as_str()).map_or(0, |(_, n)| *n) })
        .collect())
}

async fn deployments_by_status(cache: &Cache) -> Result<Vec<Count>> {
    let rows: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT json_extract(body, '$.status') AS status, COUNT(*) FROM documents WHERE collection = ? GROUP BY status ORDER BY status",
    )
    .bind(Collection::Deployments.as_str())
    .fetch_all(&cache.pool)
    .await?;
    Ok(rows.into_iter().map(|(key, count)| Count { key: key.unwrap_or_default(), count }).collect())
}

/// Hosting packages with their usage, the fullest first. A package the
/// cache holds in a shape this build cannot read is left out, not fatal.
async fn hosting_usage(cache: &Cache) -> Result<Vec<HostingUsage>> {
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM documents WHERE collection = ?")
        .bind(Collection::HostingPackages.as_str())
        .fetch_all(&cache.pool)
        .await?;
    let mut usage: Vec<HostingUsage> = bodies
        .iter()
        .filter_map(|body| serde_json::from_str::<HostingPackage>(body).ok())
        .map(|p| HostingUsage {
            id: p.id.to_string(),
            package_name: p.package_name,
            package_type: p.package_type.as_str().to_string(),
            status: p.status.as_str().to_string(),
            user_id: p.user_id.to_string(),
            storage: (p.current_usage.storage, Some(f64::from(p.storage))),
            bandwidth: (p.current_usage.bandwidth, Some(f64::from(p.bandwidth))),
            databases: (f64::from(p.current_usage.databases), Some(f64::from(p.databases))),
            email_accounts: (f64::from(p.current_usage.email_accounts), Some(f64::from(p.email_accounts))),
        })
        .collect();
    usage.sort_by(|a, b| fullest(b).total_cmp(&fullest(a)));
    usage.truncate(HOSTING_SHOWN);
    Ok(usage)
}

/// The highest used/limit ratio of a package's resources.
fn fullest(usage: &HostingUsage) -> f64 {
    [usage.storage, usage.bandwidth, usage.databases, usage.email_accounts]
        .iter()
        .filter_map(|(used, limit)| limit.filter(|l| *l > 0.0).map(|l| used / l))
        .fold(0.0, f64::max)
}
