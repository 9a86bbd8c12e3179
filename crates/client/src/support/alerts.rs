//! What raises a desktop notification for support staff, worked out from
//! the cache and the clock (so it works offline too): a ticket newly
//! assigned to me, and a first reply about to fall due on my tickets or
//! unassigned ones. Each is raised once per run of the app.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use hjs_model::Timestamp;

use super::queries::{ticket_queue, QueueView, TicketQuery};
use crate::cache::Cache;
use crate::error::Result;
use crate::queries::UNASSIGNED;

/// A first reply due within this many minutes raises an alert.
pub const DUE_SOON_MINUTES: i64 = 15;
/// An assignment a person made themselves is not news to them; their
/// edit and the provider's answer arrive within this long.
const OWN_ASSIGNMENT: Duration = Duration::from_secs(120);

/// One desktop notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeskAlert {
    pub ticket_id: String,
    pub title: String,
    pub body: String,
}

/// What one staff member has been told during this run.
#[derive(Debug)]
pub struct DeskAlerts {
    me: String,
    /// Tickets assigned to me, with their `assignedAt`; `None` until the
    /// first check, which takes what is there as known.
    assigned: Option<HashMap<String, Option<String>>>,
    /// Tickets I assigned to myself, and when.
    own: HashMap<String, Instant>,
    /// Tickets whose coming due was already told.
    warned: HashSet<String>,
}

#[derive(sqlx::FromRow)]
struct Assigned {
    id: String,
    ticket_number: String,
    subject: String,
    assigned_at: Option<String>,
}

impl DeskAlerts {
    pub fn new(me: impl Into<String>) -> DeskAlerts {
        DeskAlerts { me: me.into(), assigned: None, own: HashMap::new(), warned: HashSet::new() }
    }

    /// Records that the person assigned `ticket_id` to themselves.
    pub fn assigned_myself(&mut self, ticket_id: &str) {
        self.own.insert(ticket_id.to_string(), Instant::now());
    }

    /// The alerts due as of `now`, each raised once.
    pub async fn check(&mut self, cache: &Cache, now: Timestamp) -> Result<Vec<DeskAlert>> {
        let mut alerts = self.new_assignments(cache).await?;
        alerts.extend(self.due_soon(cache, now).await?);
        Ok(alerts)
    }

    async fn new_assignments(&mut self, cache: &Cache) -> Result<Vec<DeskAlert>> {
        let rows: Vec<Assigned> = sqlx::query_as(
            "SELECT id, ticket_number, subject, json_extract(body, '$.assignedAt') AS assigned_at FROM support_tickets \
             WHERE assigned_to = ? AND status IN ('open', 'in_progress', 'waiting_customer')",
        )
        .bind(&self.me)
        .fetch_all(&cache.pool)
        .await?;
        self.own.retain(|_, at| at.elapsed() < OWN_ASSIGNMENT);
        let Some(known) = &mut self.assigned else {
            self.assigned = Some(rows.into_iter().map(|row| (row.id, row.assigned_at)).collect());
            return Ok(Vec::new());
        };
        let mut alerts = Vec::new();
        for row in rows {
            if known.get(&row.id) == Some(&row.assigned_at) {
                continue;
            }
            if !self.own.contains_key(&row.id) {
                alerts.push(DeskAlert {
                    ticket_id: row.id.clone(),
                    title: format!("Assigned to you: {}", row.ticket_number),
                    body: row.subject.clone(),
                });
            }
            known.insert(row.id, row.assigned_at);
        }
        Ok(alerts)
    }

    async fn due_soon(&mut self, cache: &Cache, now: Timestamp) -> Result<Vec<DeskAlert>> {
        let soon = now.plus(chrono::Duration::minutes(DUE_SOON_MINUTES));
        let mut alerts = Vec::new();
        for assignee in [self.me.clone(), UNASSIGNED.to_string()] {
            let query = TicketQuery { view: QueueView::Breaching, assigned_to: Some(assignee), limit: 100, ..TicketQuery::default() };
            for item in ticket_queue(cache, &query, now).await?.items {
                let Some(due) = item.response_due_at.as_deref().and_then(|d| Timestamp::parse(d).ok()) else { continue };
                if due <= now || due > soon || !self.warned.insert(item.id.clone()) {
                    continue;
                }
                let minutes = ((due.unix_millis() - now.unix_millis()) as f64 / 60_000.0).ceil() as i64;
                let whose = if item.assigned_to.is_some() { "your ticket" } else { "unassigned" };
                alerts.push(DeskAlert {
                    ticket_id: item.id,
                    title: format!("First reply due in {minutes} min: {}", item.ticket_number),
                    body: format!("{} ({whose})", item.subject),
                });
            }
        }
        Ok(alerts)
    }
}
