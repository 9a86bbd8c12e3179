//! What the support desk reads, all from the cache: the queue (filters,
//! views, two orders, live counts) and a ticket's thread with its SLA and
//! support package, so both work offline and the SLA counts down there too.
//!
//! The queue is read per status: each status's part comes in queue order
//! from `support_tickets_queue` and SQLite merges them, so a page never
//! sorts the whole table. The first-response due time is computed only for
//! the tickets whose clock runs (the partial index
//! `support_tickets_awaiting`), with the rules of `hjs_model::support::sla`.

use std::collections::HashMap;
use std::sync::LazyLock;

use hjs_model::documents::{SupportMessage, SupportPackage, SupportTicket, TicketCategory, TicketPriority, TicketStatus};
use hjs_model::support::sla::{default_response_minutes, response_minutes, Sla};
use hjs_model::support::Side;
use hjs_model::{Collection, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::cache::Cache;
use crate::error::{ClientError, Result};
use crate::queries::{names, person, Check, Person, DEFAULT_LIMIT, MAX_LIMIT, UNASSIGNED};

/// Which tickets a queue view holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueView {
    /// Every status.
    #[default]
    All,
    /// Open, in progress and waiting on the customer.
    Active,
    /// Awaiting a first staff reply that is due within [`BREACHING_WITHIN_MINUTES`] or overdue.
    Breaching,
}

/// How far ahead the breaching view looks.
pub const BREACHING_WITHIN_MINUTES: i64 = 60;

/// The order of the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// Most urgent first, then the longest waiting.
    #[default]
    Queue,
    /// Tickets whose first reply is awaited, soonest due first; then the
    /// rest in queue order.
    Due,
}

/// The ticket queue's filters and page. Every filter is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TicketQuery {
    /// `open`, `in_progress`, `waiting_customer`, `resolved` or `closed`.
    pub status: Option<String>,
    /// `urgent`, `high`, `normal` or `low`.
    pub priority: Option<String>,
    /// `technical`, `billing`, `general` or `migration`.
    pub category: Option<String>,
    /// A staff member's id, or [`UNASSIGNED`] (`unassigned`).
    pub assigned_to: Option<String>,
    /// One customer's tickets.
    pub user_id: Option<String>,
    pub view: QueueView,
    /// The breaching view is always sorted by due time.
    pub sort: QueueSort,
    /// 1 to 1,000; 50 by default.
    pub limit: i64,
    pub offset: i64,
}

impl Default for TicketQuery {
    fn default() -> Self {
        Self {
            status: None,
            priority: None,
            category: None,
            assigned_to: None,
            user_id: None,
            view: QueueView::All,
            sort: QueueSort::Queue,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

/// One row of the ticket queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct TicketListItem {
    pub id: String,
    pub ticket_number: String,
    pub subject: String,
    pub status: String,
    pub priority: String,
    pub category: String,
    pub user_id: String,
    /// The customer's name and address, when in the cache.
    pub customer_name: Option<String>,
    pub customer_email: Option<String>,
    pub assigned_to: Option<String>,
    /// The assignee's name, when staff are in the cache (support workspaces).
    pub assignee_name: Option<String>,
    /// The provider's mark: the first reply came, or is, late.
    pub sla_breached: bool,
    /// When the first staff reply is due, while one is awaited (the clock
    /// runs); the desktop counts down to it.
    pub response_due_at: Option<String>,
    pub message_count: i64,
    pub last_response_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// An edit of this ticket waits in the outbox.
    pub pending: bool,
}

/// A page of the ticket queue and how many tickets match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketPage {
    pub items: Vec<TicketListItem>,
    pub total: i64,
}

/// The clock runs on `t`: open or in progress, no staff reply yet.
const AWAITING: &str = "t.first_response_at IS NULL AND t.status IN ('open', 'in_progress')";

/// `t`'s first-reply due time (as the cache writes times) while its clock
/// runs, else NULL: opened at plus the guarantee of the package it names,
/// or the default for its priority.
static DUE: LazyLock<String> = LazyLock::new(|| {
    let default = |priority| default_response_minutes(priority);
    format!(
        "(CASE WHEN {AWAITING} THEN strftime('%Y-%m-%dT%H:%M:%fZ', t.created_at, '+' || COALESCE(\
         (SELECT json_extract(p.body, '$.responseTimeGuarantee') FROM documents p \
          WHERE p.collection = 'supportPackages' AND p.id = t.support_package_id), \
         CASE t.priority_rank WHEN 0 THEN {} WHEN 1 THEN {} WHEN 2 THEN {} ELSE {} END) || ' minutes') END)",
        default(TicketPriority::Urgent),
        default(TicketPriority::High),
        default(TicketPriority::Normal),
        default(TicketPriority::Low),
    )
});

/// The queue's columns for the tickets picked into `page` (`r`: rowid).
/// The due time is computed here, for the page's rows only.
static TICKET_SELECT: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT t.id, t.ticket_number, t.subject, t.status, t.priority, t.category, t.user_id, \
         c.full_name AS customer_name, c.email AS customer_email, t.assigned_to, a.full_name AS assignee_name, \
         COALESCE(json_extract(t.body, '$.slaBreached'), 0) AS sla_breached, {} AS response_due_at, \
         (SELECT COUNT(*) FROM support_messages m WHERE m.ticket_id = t.id) AS message_count, \
         json_extract(t.body, '$.lastResponseAt') AS last_response_at, t.created_at, t.updated_at, \
         EXISTS (SELECT 1 FROM outbox WHERE collection = 'supportTickets' AND doc_id = t.id) AS pending \
         FROM page JOIN support_tickets t ON t.rowid = page.r \
         LEFT JOIN users c ON c.id = t.user_id LEFT JOIN users a ON a.id = t.assigned_to",
        DUE.as_str()
    )
});

/// A checked [`TicketQuery`].
#[derive(Debug)]
struct TicketFilter {
    statuses: Vec<TicketStatus>,
    priority_rank: Option<i64>,
    category: Option<TicketCategory>,
    /// `Some(None)`: unassigned.
    assigned_to: Option<Option<String>>,
    user_id: Option<String>,
    /// Breaching: due no later than this.
    due_by: Option<String>,
    sort: QueueSort,
}

impl TicketFilter {
    fn parse(query: &TicketQuery, now: Timestamp) -> Result<TicketFilter> {
        let mut check = Check::default();
        let status: Option<TicketStatus> =
            query.status.as_deref().and_then(|s| check.one_of("status", s, &names(TicketStatus::ALL, TicketStatus::as_str)));
        let priority: Option<TicketPriority> =
            query.priority.as_deref().and_then(|p| check.one_of("priority", p, &names(TicketPriority::ALL, TicketPriority::as_str)));
        let category =
            query.category.as_deref().and_then(|c| check.one_of("category", c, &names(TicketCategory::ALL, TicketCategory::as_str)));
        let assigned_to = match query.assigned_to.as_deref().map(str::trim) {
            None => None,
            Some(UNASSIGNED) => Some(None),
            Some(id) => check.id("assignedTo", id).map(Some),
        };
        let user_id = query.user_id.as_deref().and_then(|id| check.id("userId", id));
        check.limit("limit", query.limit, MAX_LIMIT);
        check.offset(query.offset);
        check.finish()?;
        let in_view = |s: &TicketStatus| match query.view {
            QueueView::All => true,
            QueueView::Active => !matches!(s, TicketStatus::Resolved | TicketStatus::Closed),
            QueueView::Breaching => hjs_model::support::sla::clock_runs(*s),
        };
        let statuses = TicketStatus::ALL.iter().copied().filter(|s| status.is_none_or(|one| one == *s)).filter(in_view).collect();
        let breaching = query.view == QueueView::Breaching;
        Ok(TicketFilter {
            statuses,
            priority_rank: priority.map(priority_rank),
            category,
            assigned_to,
            user_id,
            due_by: breaching.then(|| now.plus(chrono::Duration::minutes(BREACHING_WITHIN_MINUTES)).to_string()),
            sort: if breaching { QueueSort::Due } else { query.sort },
        })
    }

    /// `SELECT {columns} FROM support_tickets t WHERE t.status = ?` and
    /// the other filters: one status's part of the queue.
    fn push_arm(&self, q: &mut QueryBuilder<'_, Sqlite>, columns: &str, status: TicketStatus) {
        q.push("SELECT ").push(columns).push(" FROM support_tickets t WHERE t.status = ").push_bind(status.as_str());
        if let Some(rank) = self.priority_rank {
            q.push(" AND t.priority_rank = ").push_bind(rank);
        }
        if let Some(category) = self.category {
            q.push(" AND t.category = ").push_bind(category.as_str());
        }
        match &self.assigned_to {
            Some(Some(id)) => {
                q.push(" AND t.assigned_to = ").push_bind(id.clone());
            }
            Some(None) => {
                q.push(" AND t.assigned_to IS NULL");
            }
            None => {}
        }
        if let Some(id) = &self.user_id {
            q.push(" AND t.user_id = ").push_bind(id.clone());
        }
        if let Some(due_by) = &self.due_by {
            q.push(format!(" AND {AWAITING} AND {} <= ", DUE.as_str())).push_bind(due_by.clone());
        }
    }

    /// How many tickets match, counted per status (each an index range).
    async fn count(&self, conn: &mut SqliteConnection) -> Result<i64> {
        let mut count = QueryBuilder::new("SELECT 0");
        for status in &self.statuses {
            count.push(" + (");
            self.push_arm(&mut count, "COUNT(*)", *status);
            count.push(")");
        }
        Ok(count.build_query_scalar().fetch_one(conn).await?)
    }
}

/// The cache's rank of a priority (see the `support_tickets` table).
fn priority_rank(priority: TicketPriority) -> i64 {
    match priority {
        TicketPriority::Urgent => 0,
        TicketPriority::High => 1,
        TicketPriority::Normal => 2,
        TicketPriority::Low => 3,
    }
}

/// A page of the ticket queue in the order asked for, and the number of
/// tickets matching the filters in all, as of `now` (the breaching view
/// looks an hour ahead of it).
pub async fn ticket_queue(cache: &Cache, query: &TicketQuery, now: Timestamp) -> Result<TicketPage> {
    let filter = TicketFilter::parse(query, now)?;
    if filter.statuses.is_empty() {
        return Ok(TicketPage { items: Vec::new(), total: 0 });
    }
    let mut tx = cache.pool.begin().await?;
    let total = filter.count(&mut tx).await?;

    // The page's rows picked from the index alone (each status's part
    // already in queue order, merged), then read in full. Ordered by due
    // time, each row's due time is computed to pick the page (only the
    // running clocks' is more than a NULL).
    let (columns, inner, outer) = match filter.sort {
        QueueSort::Queue => ("t.rowid AS r, t.priority_rank AS p, t.created_at AS c".to_string(), "p, c, r", "page.p, page.c, page.r"),
        QueueSort::Due => (
            format!("t.rowid AS r, t.priority_rank AS p, t.created_at AS c, {} AS d", DUE.as_str()),
            "d NULLS LAST, p, c, r",
            "page.d NULLS LAST, page.p, page.c, page.r",
        ),
    };
    let mut page = QueryBuilder::new("WITH page AS (");
    for (i, status) in filter.statuses.iter().enumerate() {
        if i > 0 {
            page.push(" UNION ALL ");
        }
        filter.push_arm(&mut page, &columns, *status);
    }
    page.push(format!(" ORDER BY {inner} LIMIT ")).push_bind(query.limit).push(" OFFSET ").push_bind(query.offset);
    page.push(") ").push(TICKET_SELECT.as_str()).push(format!(" ORDER BY {outer}"));
    let items = page.build_query_as::<TicketListItem>().fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(TicketPage { items, total })
}

/// The queue views' live counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueCounts {
    /// Open, in progress or waiting on the customer.
    pub active: i64,
    /// Active and assigned to the person asking.
    pub mine: i64,
    /// Active and nobody's.
    pub unassigned: i64,
    /// First reply due within the hour, or overdue.
    pub breaching: i64,
    pub waiting: i64,
}

/// The counts beside the queue views, for `me` (a staff member's id) as
/// of `now`, read in one transaction.
pub async fn queue_counts(cache: &Cache, me: &str, now: Timestamp) -> Result<QueueCounts> {
    let active = TicketQuery { view: QueueView::Active, ..TicketQuery::default() };
    let queries = [
        active.clone(),
        TicketQuery { assigned_to: Some(me.to_string()), ..active.clone() },
        TicketQuery { assigned_to: Some(UNASSIGNED.into()), ..active },
        TicketQuery { view: QueueView::Breaching, ..TicketQuery::default() },
        TicketQuery { status: Some(TicketStatus::WaitingCustomer.as_str().into()), ..TicketQuery::default() },
    ];
    let mut tx = cache.pool.begin().await?;
    let mut counts = [0; 5];
    for (count, query) in counts.iter_mut().zip(&queries) {
        *count = TicketFilter::parse(query, now)?.count(&mut tx).await?;
    }
    tx.commit().await?;
    let [active, mine, unassigned, breaching, waiting] = counts;
    Ok(QueueCounts { active, mine, unassigned, breaching, waiting })
}

/// What a ticket's support package allows and has used this month.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageUsage {
    pub id: String,
    pub package_name: String,
    /// -1: unlimited.
    pub monthly_tickets: i32,
    /// Minutes to the first reply.
    pub response_time_guarantee: u32,
    pub tickets_used: u32,
    pub hours_used: f64,
    pub reset_date: Timestamp,
}

impl From<&SupportPackage> for PackageUsage {
    fn from(package: &SupportPackage) -> Self {
        PackageUsage {
            id: package.id.to_string(),
            package_name: package.package_name.clone(),
            monthly_tickets: package.monthly_tickets,
            response_time_guarantee: package.response_time_guarantee,
            tickets_used: package.current_usage.tickets_used,
            hours_used: package.current_usage.hours_used,
            reset_date: package.current_usage.reset_date,
        }
    }
}

/// A ticket and its whole thread.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketThread {
    /// The ticket document as the cache holds it.
    pub ticket: Value,
    pub customer: Option<Person>,
    pub assignee: Option<Person>,
    /// The messages, oldest first. Internal notes are here only for staff
    /// workspaces: the provider never sends them to customers.
    pub messages: Vec<SupportMessage>,
    /// The first-response promise as of the moment asked.
    pub sla: Sla,
    /// The support package the ticket counts against, when it names one
    /// the cache holds.
    pub package: Option<PackageUsage>,
    /// The statuses the person asking may move the ticket to, by the
    /// model's status machine (none once it is closed).
    pub next_statuses: Vec<TicketStatus>,
}

/// A ticket by id with its messages in the order they were written, its
/// SLA as of `now` and the moves `side` may make.
pub async fn ticket_thread(cache: &Cache, ticket_id: &str, side: Side, now: Timestamp) -> Result<TicketThread> {
    let mut check = Check::default();
    let id = check.id("ticketId", ticket_id);
    check.finish()?;
    let id = id.unwrap_or_default();
    let mut tx = cache.pool.begin().await?;
    let row: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT body, user_id, assigned_to FROM support_tickets WHERE id = ?").bind(&id).fetch_optional(&mut *tx).await?;
    let (body, user_id, assigned_to) = row.ok_or_else(|| ClientError::not_found(format!("ticket {id}")))?;
    let customer = person(&mut tx, Some(&user_id)).await?;
    let assignee = person(&mut tx, assigned_to.as_deref()).await?;
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM support_messages WHERE ticket_id = ? ORDER BY created_at, rowid")
        .bind(&id)
        .fetch_all(&mut *tx)
        .await?;
    let typed: SupportTicket = decode(&body, &id, "ticket")?;
    let package: Option<SupportPackage> = match typed.support_package_id {
        Some(package_id) => sqlx::query_scalar::<_, String>("SELECT body FROM documents WHERE collection = ? AND id = ?")
            .bind(Collection::SupportPackages.as_str())
            .bind(package_id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .map(|body| decode(&body, &id, "support package"))
            .transpose()?,
        None => None,
    };
    tx.commit().await?;
    let messages = bodies.iter().map(|body| decode(body, &id, "message")).collect::<Result<Vec<SupportMessage>>>()?;
    Ok(TicketThread {
        ticket: decode(&body, &id, "ticket")?,
        customer,
        assignee,
        messages,
        sla: typed.sla(response_minutes(&typed, package.as_ref()), now),
        package: package.as_ref().map(PackageUsage::from),
        next_statuses: typed.status.next_for(side).to_vec(),
    })
}

/// A cached document of ticket `id`'s thread, decoded.
fn decode<T: serde::de::DeserializeOwned>(body: &str, id: &str, what: &str) -> Result<T> {
    serde_json::from_str(body).map_err(|e| anyhow::anyhow!("a cached {what} of ticket {id} does not parse: {e}").into())
}

/// A full-text search over tickets: their number, subject and description
/// and every message the workspace holds (a customer's cache never holds
/// internal notes, so they never search them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TicketSearch {
    pub text: String,
    pub status: Option<String>,
    /// A staff member's id, or [`UNASSIGNED`].
    pub assigned_to: Option<String>,
    /// One customer's tickets.
    pub user_id: Option<String>,
    /// Opened on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Opened on or before this day.
    pub to: Option<String>,
    /// 1 to 100; 50 by default.
    pub limit: i64,
}

impl Default for TicketSearch {
    fn default() -> Self {
        Self { text: String::new(), status: None, assigned_to: None, user_id: None, from: None, to: None, limit: DEFAULT_LIMIT }
    }
}

/// A piece of a snippet: `hit` marks the words that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// A ticket the search found, with where it matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketSearchHit {
    pub id: String,
    pub ticket_number: String,
    pub subject: String,
    pub status: String,
    pub priority: String,
    pub customer_name: Option<String>,
    pub created_at: String,
    /// The newest matching message, when a message matched.
    pub message_id: Option<String>,
    /// The matched words in their context.
    pub snippet: Vec<Segment>,
}

/// How many of the newest matches of each index a search looks through:
/// a common word matches much of the desk, and people want the recent.
const SEARCH_WINDOW: i64 = 2_000;

/// Tickets matching every word (prefixes of two letters or more), newest
/// first, filtered by status, assignee, customer and opening day.
pub async fn search_tickets(cache: &Cache, search: &TicketSearch) -> Result<Vec<TicketSearchHit>> {
    let mut check = Check::default();
    let text = check.text("text", Some(&search.text));
    let words = text.as_deref().and_then(crate::queries::fts_words);
    if words.is_none() && check.is_clean() {
        check.push("text", "required", "type words to search for");
    }
    let status: Option<TicketStatus> =
        search.status.as_deref().and_then(|s| check.one_of("status", s, &names(TicketStatus::ALL, TicketStatus::as_str)));
    let assigned_to = match search.assigned_to.as_deref().map(str::trim) {
        None => None,
        Some(UNASSIGNED) => Some(None),
        Some(id) => check.id("assignedTo", id).map(Some),
    };
    let user_id = search.user_id.as_deref().and_then(|id| check.id("userId", id));
    let day = |check: &mut Check, field: &str, value: Option<&str>| -> Option<chrono::NaiveDate> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                check.push(field, "invalid_date", format!("{field} must be a day written YYYY-MM-DD"));
                None
            }
        }
    };
    let from = day(&mut check, "from", search.from.as_deref());
    let to = day(&mut check, "to", search.to.as_deref());
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            check.push("to", "out_of_range", "to must not be before from");
        }
    }
    check.limit("limit", search.limit, crate::queries::MAX_SEARCH_LIMIT);
    check.finish()?;
    let words = words.unwrap_or_default();

    let mut q = QueryBuilder::<Sqlite>::new(
        "SELECT t.rowid AS ticket_row, MAX(x.mr) AS message_row, t.id, t.ticket_number, t.subject, t.status, t.priority, \
         c.full_name AS customer_name, t.created_at FROM (\
         SELECT * FROM (SELECT rowid AS tr, NULL AS mr FROM tickets_fts WHERE tickets_fts MATCH ",
    );
    q.push_bind(words.clone()).push(" ORDER BY rowid DESC LIMIT ").push_bind(SEARCH_WINDOW);
    q.push(
        ") UNION ALL SELECT * FROM (SELECT t2.rowid AS tr, h.rowid AS mr FROM \
         (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ",
    );
    q.push_bind(words.clone()).push(" ORDER BY rowid DESC LIMIT ").push_bind(SEARCH_WINDOW);
    q.push(
        ") h JOIN support_messages m ON m.rowid = h.rowid JOIN support_tickets t2 ON t2.id = m.ticket_id)) x \
         JOIN support_tickets t ON t.rowid = x.tr LEFT JOIN users c ON c.id = t.user_id WHERE 1 = 1",
    );
    if let Some(status) = status {
        q.push(" AND t.status = ").push_bind(status.as_str());
    }
    match assigned_to {
        Some(Some(id)) => {
            q.push(" AND t.assigned_to = ").push_bind(id);
        }
        Some(None) => {
            q.push(" AND t.assigned_to IS NULL");
        }
        None => {}
    }
    if let Some(id) = user_id {
        q.push(" AND t.user_id = ").push_bind(id);
    }
    if let Some(from) = from {
        q.push(" AND t.created_at >= ").push_bind(from.format("%Y-%m-%d").to_string());
    }
    if let Some(to) = to {
        q.push(" AND t.created_at < ").push_bind((to + chrono::Days::new(1)).format("%Y-%m-%d").to_string());
    }
    q.push(" GROUP BY t.rowid ORDER BY t.created_at DESC, t.rowid DESC LIMIT ").push_bind(search.limit);

    #[derive(sqlx::FromRow)]
    struct Found {
        ticket_row: i64,
        message_row: Option<i64>,
        id: String,
        ticket_number: String,
        subject: String,
        status: String,
        priority: String,
        customer_name: Option<String>,
        created_at: String,
    }
    let mut tx = cache.pool.begin().await?;
    let found: Vec<Found> = q.build_query_as().fetch_all(&mut *tx).await?;
    // The snippets of the rows shown, cut from their text here: FTS5's
    // snippet() would walk a common word's postings for every row.
    let message_rows: Vec<i64> = found.iter().filter_map(|row| row.message_row).collect();
    let ticket_rows: Vec<i64> = found.iter().filter(|row| row.message_row.is_none()).map(|row| row.ticket_row).collect();
    let messages: HashMap<i64, (String, String)> = sqlx::query_as::<_, (i64, String, String)>(
        "SELECT rowid, id, content FROM support_messages WHERE rowid IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::to_string(&message_rows).map_err(anyhow::Error::from)?)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .map(|(row, id, content)| (row, (id, content)))
    .collect();
    let descriptions: HashMap<i64, String> = sqlx::query_as::<_, (i64, String)>(
        "SELECT rowid, description FROM support_tickets WHERE rowid IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::to_string(&ticket_rows).map_err(anyhow::Error::from)?)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    tx.commit().await?;
    let terms = search_terms(text.as_deref().unwrap_or_default());
    Ok(found
        .into_iter()
        .map(|row| {
            let (snippet, message_id) = match row.message_row.and_then(|r| messages.get(&r)) {
                Some((id, content)) => (snippet_of(content, &terms), Some(id.clone())),
                None => {
                    let description = descriptions.get(&row.ticket_row).map(String::as_str).unwrap_or_default();
                    let in_description = snippet_of(description, &terms);
                    let matched = in_description.iter().any(|s| s.hit);
                    (if matched { in_description } else { snippet_of(&row.subject, &terms) }, None)
                }
            };
            TicketSearchHit {
                id: row.id,
                ticket_number: row.ticket_number,
                subject: row.subject,
                status: row.status,
                priority: row.priority,
                customer_name: row.customer_name,
                created_at: row.created_at,
                message_id,
                snippet,
            }
        })
        .collect())
}

/// The words of a search as the index matches them: lower case, each the
/// start of a word (one letter: the whole word).
fn search_terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Words of context shown around the first match.
const SNIPPET_WORDS: usize = 16;

/// About [`SNIPPET_WORDS`] words of `text` around its first word matching a
/// term, the matching words marked.
fn snippet_of(text: &str, terms: &[String]) -> Vec<Segment> {
    let matches = |word: &str| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        terms.iter().any(|term| if term.chars().count() < 2 { word == *term } else { word.starts_with(term.as_str()) })
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let first = words.iter().position(|w| matches(w)).unwrap_or(0);
    let start = first.saturating_sub(SNIPPET_WORDS / 4);
    let end = (start + SNIPPET_WORDS).min(words.len());
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |text: String, hit: bool| match out.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(&text),
        _ => out.push(Segment { text, hit }),
    };
    if start > 0 {
        push("…".into(), false);
    }
    for (i, word) in words[start..end].iter().enumerate() {
        if i > 0 {
            push(" ".into(), false);
        }
        push((*word).to_string(), matches(word));
    }
    if end < words.len() {
        push(" …".into(), false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_marks_the_words_that_start_with_a_term_around_the_first() {
        let terms = search_terms("Certif  act!");
        let text = "one two three four five six seven the certificate is active now, says Act. Eight nine ten eleven twelve";
        let pieces = snippet_of(text, &terms);
        let shown: Vec<(&str, bool)> = pieces.iter().map(|s| (s.text.as_str(), s.hit)).collect();
        assert!(shown[0].0.starts_with("…five") && !shown[0].1, "cut before: {shown:?}");
        assert!(
            shown.contains(&("certificate", true)) && shown.contains(&("active", true)) && shown.contains(&("Act.", true)),
            "{shown:?}"
        );
        let long = format!("{text} {}", "more ".repeat(20));
        assert!(snippet_of(&long, &terms).last().unwrap().text.ends_with(" …"), "cut after");
        assert_eq!(snippet_of("a b", &search_terms("a")).iter().filter(|s| s.hit).count(), 1, "one letter: whole words only");
        assert!(snippet_of("", &terms).is_empty());
    }
}
