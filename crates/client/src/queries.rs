//! What the screens read, all from the cache: never the network, so every
//! list, count and search works offline.
//!
//! Each function takes the workspace's [`Cache`] and returns plain structs
//! that serialize to camelCase JSON, the shape the desktop UI receives and
//! the `hjs` CLI prints. Input is checked first: a limit out of range, an
//! unknown status or a malformed id is refused with
//! [`ClientError::Invalid`], naming the field (`limit`, `status`, `userId`,
//! ...), before any SQL runs.
//!
//! - [`domains`]: the domain table (filters, sort, paging, total);
//!   [`domain`]: one domain with its owner and queued edits.
//! - [`renewal_risk`] and [`domains_by_status`]: the dashboard's counts.
//! - [`notifications`] and [`unread_count`].
//! - [`search`]: one box over domains, customers, tickets and messages.
//! - [`list_documents`]: the collections kept in the shared `documents`
//!   table (DNS records, forwards, transfers, orders, payment methods,
//!   hosting packages and projects, deployments, support packages).
//!
//! Lists that come with a `total` read both in one transaction, so the
//! count always matches the page even while a sync is writing.
//!
//! Full-text search uses the cache's FTS5 tables. What people type is never
//! passed to `MATCH` as query syntax: every term is quoted. Domain names use
//! the trigram index (any part of a name, three characters or more; shorter
//! input falls back to `LIKE`); prose uses word indexes with prefix
//! matching, so `cert` finds "certificate" (one-letter words match whole).

use std::str::FromStr;

use hjs_model::documents::DomainStatus;
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::cache::{self, Cache};
use crate::error::{ClientError, Result};
use crate::outbox::{self, OutboxEntry};

/// The page size when none is given.
pub const DEFAULT_LIMIT: i64 = 50;
/// The largest page any list returns.
pub const MAX_LIMIT: i64 = 1_000;
/// The most hits [`search`] returns per kind.
pub const MAX_SEARCH_LIMIT: i64 = 100;
/// The longest search text or filter text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// The widest "expiring within" window, in days (ten years).
pub const MAX_EXPIRING_WITHIN_DAYS: i64 = 3_650;
/// How many domains [`renewal_risk`] lists.
pub const RENEWAL_RISK_ITEMS: i64 = 50;
/// The value of the ticket queue's `assignedTo` that selects unassigned tickets.
pub const UNASSIGNED: &str = "unassigned";

// ---------------------------------------------------------------------------
// Input checks

/// Gathers every problem with a query's input, so a form shows them all.
#[derive(Debug, Default)]
pub(crate) struct Check(FieldErrors);

impl Check {
    pub(crate) fn push(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    pub(crate) fn limit(&mut self, field: &str, value: i64, max: i64) {
        if !(1..=max).contains(&value) {
            self.push(field, "out_of_range", format!("{field} must be between 1 and {max}, got {value}"));
        }
    }

    pub(crate) fn offset(&mut self, value: i64) {
        if value < 0 {
            self.push("offset", "out_of_range", format!("offset must not be negative, got {value}"));
        }
    }

    /// A 24-hex document id.
    pub(crate) fn id(&mut self, field: &str, value: &str) -> Option<String> {
        match ObjectId::parse(value.trim()) {
            Ok(id) => Some(id.to_string()),
            Err(_) => {
                self.push(field, "invalid_id", format!("{field} must be a 24-character hexadecimal id"));
                None
            }
        }
    }

    /// One of a closed set of values (`all` lists them for the message).
    pub(crate) fn one_of<T: FromStr>(&mut self, field: &str, value: &str, all: &[&str]) -> Option<T> {
        match value.trim().parse::<T>() {
            Ok(parsed) => Some(parsed),
            Err(_) => {
                self.push(field, "invalid_value", format!("{field} must be one of {}", all.join(", ")));
                None
            }
        }
    }

    /// Search or filter text: trimmed, `None` when empty, at most
    /// [`MAX_TEXT_CHARS`] characters.
    pub(crate) fn text(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let text = value.map(str::trim).filter(|t| !t.is_empty())?;
        if text.chars().count() > MAX_TEXT_CHARS {
            self.push(field, "too_long", format!("{field} must be at most {MAX_TEXT_CHARS} characters"));
            return None;
        }
        Some(text.to_string())
    }

    /// Whether nothing was refused so far.
    pub(crate) fn is_clean(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn finish(self) -> Result<()> {
        self.0.into_result().map_err(ClientError::Invalid)
    }
}

/// The wire names of a closed set, for messages.
pub(crate) fn names<T>(all: &[T], name: impl Fn(&T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(name).collect()
}

// ---------------------------------------------------------------------------
// Full-text query text

/// `text` as one FTS5 phrase: `"..."` with inner quotes doubled. For the
/// trigram index this matches the text as a substring.
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `text` as an FTS5 query for a word index: every whitespace-separated
/// term quoted (`"cert"* "err"*`, all must match). A term is matched as a
/// prefix when its last word has two characters or more: a one-letter
/// prefix would merge the postings of a good part of the vocabulary, for
/// hits nobody wants. `None` when nothing searchable is left (only
/// punctuation).
pub(crate) fn fts_words(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|term| term.chars().any(char::is_alphanumeric))
        .map(|term| {
            let last_word = term.chars().rev().skip_while(|c| !c.is_alphanumeric()).take_while(|c| c.is_alphanumeric()).count();
            format!("{}{}", fts_phrase(term), if last_word >= 2 { "*" } else { "" })
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// `%text%` for `LIKE ... ESCAPE '\'`, with the wildcards in `text` escaped.
pub(crate) fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Whether text is long enough for the trigram index.
fn trigram_searchable(text: &str) -> bool {
    text.chars().count() >= 3
}

// ---------------------------------------------------------------------------
// People

/// A user as lists and details show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub company: Option<String>,
    pub role: String,
}

pub(crate) async fn person(conn: &mut SqliteConnection, id: Option<&str>) -> Result<Option<Person>> {
    let Some(id) = id else { return Ok(None) };
    Ok(sqlx::query_as("SELECT id, full_name, email, company, role FROM users WHERE id = ?").bind(id).fetch_optional(conn).await?)
}

/// A person in the cache (a customer, a staff member, oneself).
pub async fn find_person(cache: &Cache, id: &str) -> Result<Person> {
    let mut conn = cache.pool.acquire().await?;
    person(&mut conn, Some(id)).await?.ok_or_else(|| ClientError::not_found(format!("user {id}")))
}

// ---------------------------------------------------------------------------
// Domains

/// The order of the domain table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DomainSort {
    /// By name, a to z (the default).
    #[default]
    #[serde(rename = "name")]
    NameAsc,
    /// By name, z to a.
    #[serde(rename = "-name")]
    NameDesc,
    /// Soonest expiration first.
    #[serde(rename = "expirationDate")]
    ExpirationAsc,
    /// Latest expiration first.
    #[serde(rename = "-expirationDate")]
    ExpirationDesc,
}

impl DomainSort {
    /// Every sort, as written in queries (`name`, `-name`, `expirationDate`, `-expirationDate`).
    pub const ALL: [DomainSort; 4] = [DomainSort::NameAsc, DomainSort::NameDesc, DomainSort::ExpirationAsc, DomainSort::ExpirationDesc];

    pub fn as_str(self) -> &'static str {
        match self {
            DomainSort::NameAsc => "name",
            DomainSort::NameDesc => "-name",
            DomainSort::ExpirationAsc => "expirationDate",
            DomainSort::ExpirationDesc => "-expirationDate",
        }
    }

    /// The ORDER BY of the domain table; `rowid` last makes pages stable and
    /// is part of every index, so no sort step is needed.
    fn order_by(self) -> &'static str {
        match self {
            DomainSort::NameAsc => "d.domain_name ASC, d.rowid ASC",
            DomainSort::NameDesc => "d.domain_name DESC, d.rowid DESC",
            DomainSort::ExpirationAsc => "d.expiration_date ASC, d.rowid ASC",
            DomainSort::ExpirationDesc => "d.expiration_date DESC, d.rowid DESC",
        }
    }
}

impl FromStr for DomainSort {
    type Err = ClientError;

    /// `name`, `-name`, `expirationDate` (or `expiration`), `-expirationDate`
    /// (or `-expiration`). Anything else is refused, naming the field `sort`.
    fn from_str(text: &str) -> Result<Self> {
        match text.trim() {
            "name" | "+name" => Ok(DomainSort::NameAsc),
            "-name" => Ok(DomainSort::NameDesc),
            "expirationDate" | "+expirationDate" | "expiration" => Ok(DomainSort::ExpirationAsc),
            "-expirationDate" | "-expiration" => Ok(DomainSort::ExpirationDesc),
            _ => Err(ClientError::Invalid(FieldErrors(vec![FieldError::new(
                "sort",
                "invalid_value",
                "sort must be one of name, -name, expirationDate, -expirationDate",
            )]))),
        }
    }
}

/// The domain table's filters, order and page. Every filter is optional;
/// given filters must all hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DomainQuery {
    /// `active`, `pending`, `expired`, `suspended` or `transferred`.
    pub status: Option<String>,
    /// Expiring between now and now + N days (1 to 3,650).
    pub expiring_within_days: Option<i64>,
    pub auto_renew: Option<bool>,
    /// The owning account (a reseller's client, say).
    pub user_id: Option<String>,
    /// Part of the name, ASCII or Unicode form (`bäckerei`, `xn--bckerei`).
    pub text: Option<String>,
    pub sort: DomainSort,
    pub offset: i64,
    /// 1 to 1,000; 50 by default.
    pub limit: i64,
}

impl Default for DomainQuery {
    fn default() -> Self {
        Self {
            status: None,
            expiring_within_days: None,
            auto_renew: None,
            user_id: None,
            text: None,
            sort: DomainSort::default(),
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// One row of the domain table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct DomainListItem {
    pub id: String,
    /// The stored ASCII form (`xn--bckerei-mller-wjb.de`).
    pub domain_name: String,
    /// The form people read (`bäckerei-müller.de`).
    pub display_name: String,
    pub user_id: String,
    /// The owner's name and address, when the owner is in the cache.
    pub owner_name: Option<String>,
    pub owner_email: Option<String>,
    pub status: String,
    pub expiration_date: String,
    pub auto_renew: bool,
    pub whois_privacy: bool,
    pub transfer_lock: bool,
    pub version: i64,
    /// An edit of this domain waits in the outbox (pending, conflict or failed).
    pub pending: bool,
}

/// A page of the domain table and how many domains match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainPage {
    pub items: Vec<DomainListItem>,
    pub total: i64,
}

/// The columns of a [`DomainListItem`], over `domains d` and `users u`.
macro_rules! domain_columns {
    () => {
        "SELECT d.id, d.domain_name, d.display_name, d.user_id, u.full_name AS owner_name, u.email AS owner_email, \
         d.status, d.expiration_date, d.auto_renew, \
         COALESCE(json_extract(d.body, '$.whoisPrivacy'), 0) AS whois_privacy, \
         COALESCE(json_extract(d.body, '$.transferLock'), 0) AS transfer_lock, d.version, \
         EXISTS (SELECT 1 FROM outbox WHERE collection = 'domains' AND doc_id = d.id) AS pending"
    };
}

/// [`DomainListItem`]s of the domains a WHERE clause picks.
const DOMAIN_SELECT: &str = concat!(domain_columns!(), " FROM domains d LEFT JOIN users u ON u.id = d.user_id");

/// [`DomainListItem`]s of the domains picked into `page` (`r`: rowid).
const DOMAIN_PAGE_SELECT: &str =
    concat!(domain_columns!(), " FROM page JOIN domains d ON d.rowid = page.r LEFT JOIN users u ON u.id = d.user_id");

/// A checked [`DomainQuery`].
#[derive(Debug)]
struct DomainFilter {
    status: Option<DomainStatus>,
    expiring: Option<(String, String)>,
    auto_renew: Option<bool>,
    user_id: Option<String>,
    text: Option<String>,
    sort: DomainSort,
    offset: i64,
    limit: i64,
}

impl DomainFilter {
    fn parse(query: &DomainQuery, now: Timestamp) -> Result<DomainFilter> {
        let mut check = Check::default();
        let status = query.status.as_deref().and_then(|s| check.one_of("status", s, &names(DomainStatus::ALL, DomainStatus::as_str)));
        let expiring = match query.expiring_within_days {
            Some(days) if !(1..=MAX_EXPIRING_WITHIN_DAYS).contains(&days) => {
                check.push(
                    "expiringWithinDays",
                    "out_of_range",
                    format!("expiringWithinDays must be between 1 and {MAX_EXPIRING_WITHIN_DAYS}, got {days}"),
                );
                None
            }
            Some(days) => Some((now.to_string(), now.plus(chrono::Duration::days(days)).to_string())),
            None => None,
        };
        let user_id = query.user_id.as_deref().and_then(|id| check.id("userId", id));
        let text = check.text("text", query.text.as_deref());
        check.limit("limit", query.limit, MAX_LIMIT);
        check.offset(query.offset);
        check.finish()?;
        Ok(DomainFilter {
            status,
            expiring,
            auto_renew: query.auto_renew,
            user_id,
            text,
            sort: query.sort,
            offset: query.offset,
            limit: query.limit,
        })
    }

    /// The WHERE clause.
    fn push_where(&self, q: &mut QueryBuilder<'_, Sqlite>) {
        q.push(" WHERE 1 = 1");
        if let Some(status) = self.status {
            q.push(" AND d.status = ").push_bind(status.as_str());
        }
        if let Some((from, to)) = &self.expiring {
            q.push(" AND d.expiration_date >= ").push_bind(from.clone()).push(" AND d.expiration_date <= ").push_bind(to.clone());
        }
        if let Some(auto_renew) = self.auto_renew {
            q.push(" AND d.auto_renew = ").push_bind(auto_renew);
        }
        if let Some(user_id) = &self.user_id {
            q.push(" AND d.user_id = ").push_bind(user_id.clone());
        }
        if let Some(text) = &self.text {
            if trigram_searchable(text) {
                q.push(" AND d.rowid IN (SELECT rowid FROM domains_fts WHERE domains_fts MATCH ").push_bind(fts_phrase(text)).push(")");
            } else {
                let pattern = like_pattern(text);
                q.push(" AND (d.domain_name LIKE ")
                    .push_bind(pattern.clone())
                    .push(" ESCAPE '\\' OR d.display_name LIKE ")
                    .push_bind(pattern)
                    .push(" ESCAPE '\\')");
            }
        }
    }
}

/// A page of the domain table: `query`'s filters, order and page, and the
/// number of domains matching the filters in all.
pub async fn domains(cache: &Cache, query: &DomainQuery) -> Result<DomainPage> {
    let filter = DomainFilter::parse(query, Timestamp::now())?;
    let mut tx = cache.pool.begin().await?;
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM domains d");
    filter.push_where(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *tx).await?;
    if total == 0 || filter.offset >= total {
        tx.commit().await?;
        return Ok(DomainPage { items: Vec::new(), total });
    }
    // The page's rows are picked first and only they are read in full:
    // rows skipped by OFFSET cost an index step, not a join and JSON.
    let mut page = QueryBuilder::new("WITH page AS (SELECT d.rowid AS r FROM domains d");
    filter.push_where(&mut page);
    page.push(" ORDER BY ").push(filter.sort.order_by());
    page.push(" LIMIT ").push_bind(filter.limit).push(" OFFSET ").push_bind(filter.offset);
    page.push(") ").push(DOMAIN_PAGE_SELECT).push(" ORDER BY ").push(filter.sort.order_by());
    let items = page.build_query_as::<DomainListItem>().fetch_all(&mut *tx).await?;
    tx.commit().await?;
    Ok(DomainPage { items, total })
}

/// One domain in full.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainDetail {
    /// The document as the cache holds it (queued edits applied).
    pub domain: Value,
    /// The name as people read it.
    pub display_name: String,
    pub owner: Option<Person>,
    /// Whether any outbox entry concerns it.
    pub pending: bool,
    /// Its queued edits, oldest first (pending, conflicts and failures).
    pub outbox: Vec<OutboxEntry>,
}

/// Every domain `query` matches (its offset and limit aside), read a page
/// of 1,000 at a time in the query's order: what exports write.
pub async fn every_domain(cache: &Cache, query: &DomainQuery) -> Result<Vec<DomainListItem>> {
    let mut page_query = DomainQuery { offset: 0, limit: MAX_LIMIT, ..query.clone() };
    let mut rows = Vec::new();
    loop {
        let page = domains(cache, &page_query).await?;
        let read = page.items.len() as i64;
        rows.extend(page.items);
        page_query.offset += read;
        if read < page_query.limit || page_query.offset >= page.total {
            return Ok(rows);
        }
    }
}

/// One domain by id, with its owner and its outbox entries.
pub async fn domain(cache: &Cache, id: &str) -> Result<DomainDetail> {
    let mut check = Check::default();
    let id = check.id("id", id);
    check.finish()?;
    let id = id.unwrap_or_default();
    let mut tx = cache.pool.begin().await?;
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT body, display_name, user_id FROM domains WHERE id = ?").bind(&id).fetch_optional(&mut *tx).await?;
    let (body, display_name, user_id) = row.ok_or_else(|| ClientError::not_found(format!("domain {id}")))?;
    let owner = person(&mut tx, Some(&user_id)).await?;
    let entry_ids: Vec<String> = sqlx::query_scalar("SELECT id FROM outbox WHERE collection = 'domains' AND doc_id = ? ORDER BY seq")
        .bind(&id)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    let mut entries = Vec::with_capacity(entry_ids.len());
    for entry in entry_ids {
        match outbox::get(cache, &entry).await {
            Ok(entry) => entries.push(entry),
            // Settled between the two reads: no longer queued.
            Err(ClientError::NotFound { .. }) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(DomainDetail {
        domain: serde_json::from_str(&body).map_err(|e| anyhow::anyhow!("cached domain {id} does not parse: {e}"))?,
        display_name,
        owner,
        pending: !entries.is_empty(),
        outbox: entries,
    })
}

// ---------------------------------------------------------------------------
// Dashboard

/// A domain at risk of lapsing, soonest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewalItem {
    #[serde(flatten)]
    pub domain: DomainListItem,
    /// Whole days until it expires (0 when it expires within a day).
    pub days_left: i64,
}

/// Active domains expiring within 30, 60 and 90 days (each count includes
/// the shorter windows), how many of the 90 will not renew by themselves,
/// and the soonest of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewalRisk {
    pub within30: i64,
    pub within60: i64,
    pub within90: i64,
    pub auto_renew_off_within90: i64,
    /// Up to 50 active domains expiring within 90 days, soonest first; their
    /// `autoRenew` says which ones need a person.
    pub items: Vec<RenewalItem>,
}

/// The renewal-risk panel as of `now`.
pub async fn renewal_risk(cache: &Cache, now: Timestamp) -> Result<RenewalRisk> {
    let bound = |days: i64| now.plus(chrono::Duration::days(days)).to_string();
    let (from, d30, d60, d90) = (now.to_string(), bound(30), bound(60), bound(90));
    let mut tx = cache.pool.begin().await?;
    let (within90, within30, within60, auto_renew_off_within90): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(expiration_date <= ?), 0), COALESCE(SUM(expiration_date <= ?), 0), COALESCE(SUM(auto_renew = 0), 0) \
         FROM domains WHERE status = 'active' AND expiration_date >= ? AND expiration_date <= ?",
    )
    .bind(&d30)
    .bind(&d60)
    .bind(&from)
    .bind(&d90)
    .fetch_one(&mut *tx)
    .await?;
    let rows: Vec<DomainListItem> = sqlx::query_as(&format!(
        "{DOMAIN_SELECT} WHERE d.status = 'active' AND d.expiration_date >= ? AND d.expiration_date <= ? \
         ORDER BY d.expiration_date, d.rowid LIMIT ?"
    ))
    .bind(&from)
    .bind(&d90)
    .bind(RENEWAL_RISK_ITEMS)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let items = rows
        .into_iter()
        .map(|domain| {
            let expires = Timestamp::parse(&domain.expiration_date).map(|t| t.unix_millis()).unwrap_or_else(|_| now.unix_millis());
            let days_left = (expires - now.unix_millis()).max(0) / 86_400_000;
            RenewalItem { domain, days_left }
        })
        .collect();
    Ok(RenewalRisk { within30, within60, within90, auto_renew_off_within90, items })
}

/// How many domains have one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: String,
    pub count: i64,
}

/// Domains per status: every status in a fixed order (active, pending,
/// expired, suspended, transferred), zeros included.
pub async fn domains_by_status(cache: &Cache) -> Result<Vec<StatusCount>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM domains GROUP BY status").fetch_all(&cache.pool).await?;
    let mut counts: Vec<StatusCount> = DomainStatus::ALL
        .iter()
        .map(|status| StatusCount {
            status: status.as_str().to_string(),
            count: rows.iter().find(|(s, _)| s == status.as_str()).map(|(_, n)| *n).unwrap_or(0),
        })
        .collect();
    // A status this build does not know (a newer provider) still counts.
    for (status, count) in rows {
        if status.parse::<DomainStatus>().is_err() {
            counts.push(StatusCount { status, count });
        }
    }
    Ok(counts)
}

// ---------------------------------------------------------------------------
// Notifications

/// One notification as the bell's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct NotificationItem {
    pub id: String,
    pub user_id: String,
    /// `domain_expiring`, `transfer_complete` or `dns_changed`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub message: String,
    pub is_read: bool,
    pub created_at: String,
    /// A read/unread change waits in the outbox.
    pub pending: bool,
}

/// Notifications, newest first: all of them or only the unread; `limit`
/// 1 to 1,000.
pub async fn notifications(cache: &Cache, recipient: &str, unread_only: bool, limit: i64) -> Result<Vec<NotificationItem>> {
    let mut check = Check::default();
    check.limit("limit", limit, MAX_LIMIT);
    check.finish()?;
    // A reseller's cache also holds its clients' notifications; the center
    // shows the signed-in person's own, the only ones they can mark.
    let sql = format!(
        "SELECT n.id, n.user_id, COALESCE(json_extract(n.body, '$.type'), '') AS kind, \
         COALESCE(json_extract(n.body, '$.title'), '') AS title, COALESCE(json_extract(n.body, '$.message'), '') AS message, \
         n.is_read, n.created_at, EXISTS (SELECT 1 FROM outbox WHERE collection = 'notifications' AND doc_id = n.id) AS pending \
         FROM notifications n WHERE n.user_id = ? {} ORDER BY n.created_at DESC, n.rowid DESC LIMIT ?",
        if unread_only { "AND n.is_read = 0" } else { "" }
    );
    Ok(sqlx::query_as(&sql).bind(recipient).bind(limit).fetch_all(&cache.pool).await?)
}

/// How many of `recipient`'s notifications are unread.
pub async fn unread_count(cache: &Cache, recipient: &str) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND is_read = 0")
        .bind(recipient)
        .fetch_one(&cache.pool)
        .await?)
}

// ---------------------------------------------------------------------------
// Search

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SearchKind {
    Domain,
    Customer,
    Ticket,
    Message,
}

/// One search hit, ready to show as a line with a second line under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The document's id (a message's own id for messages).
    pub id: String,
    pub title: String,
    pub subtitle: String,
    /// For messages: the ticket to open.
    pub parent_id: Option<String>,
}

/// Searches domains (any part of the name, ASCII or Unicode), customers
/// (name, e-mail, company), tickets (number, subject, description) and
/// messages (their words), at most `limit_per_kind` (1 to 100) hits each,
/// in that order. Domains and customers come best match first; tickets and
/// messages, of which there are many, newest in the cache first.
pub async fn search(cache: &Cache, text: &str, limit_per_kind: i64) -> Result<Vec<SearchHit>> {
    let mut check = Check::default();
    let text = check.text("text", Some(text));
    if text.is_none() && check.is_clean() {
        check.push("text", "required", "type something to search for");
    }
    check.limit("limitPerKind", limit_per_kind, MAX_SEARCH_LIMIT);
    check.finish()?;
    let text = text.unwrap_or_default();
    let limit = limit_per_kind;
    let mut hits = Vec::new();
    let mut tx = cache.pool.begin().await?;

    // Domains.
    let domains: Vec<(String, String, String, String, String)> = if trigram_searchable(&text) {
        sqlx::query_as(
            "SELECT d.id, d.display_name, d.domain_name, d.status, d.expiration_date FROM domains_fts f \
             JOIN domains d ON d.rowid = f.rowid WHERE domains_fts MATCH ? ORDER BY f.rank, d.domain_name LIMIT ?",
        )
        .bind(fts_phrase(&text))
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?
    } else {
        let pattern = like_pattern(&text);
        sqlx::query_as(
            "SELECT id, display_name, domain_name, status, expiration_date FROM domains \
             WHERE domain_name LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\' ORDER BY domain_name LIMIT ?",
        )
        .bind(&pattern)
        .bind(&pattern)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?
    };
    for (id, display, ascii, status, expires) in domains {
        let mut subtitle = format!("{status}, expires {}", expires.get(..10).unwrap_or(&expires));
        if display != ascii {
            subtitle = format!("{ascii} · {subtitle}");
        }
        hits.push(SearchHit { kind: SearchKind::Domain, id, title: display, subtitle, parent_id: None });
    }

    if let Some(words) = fts_words(&text) {
        // Customers.
        let users: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT u.id, u.full_name, u.email, u.company FROM users_fts f JOIN users u ON u.rowid = f.rowid \
             WHERE users_fts MATCH ? ORDER BY f.rank, u.email LIMIT ?",
        )
        .bind(&words)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        for (id, name, email, company) in users {
            let title = if name.is_empty() { email.clone() } else { name };
            let subtitle = match company.filter(|c| !c.is_empty()) {
                Some(company) => format!("{email} · {company}"),
                None => email,
            };
            hits.push(SearchHit { kind: SearchKind::Customer, id, title, subtitle, parent_id: None });
        }

        // Tickets.
        let tickets: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT t.id, t.ticket_number, t.subject, t.status, t.priority FROM \
             (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC LIMIT ?) h \
             JOIN support_tickets t ON t.rowid = h.rowid ORDER BY h.rowid DESC",
        )
        .bind(&words)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        for (id, number, subject, status, priority) in tickets {
            hits.push(SearchHit {
                kind: SearchKind::Ticket,
                id,
                title: subject,
                subtitle: format!("{number} · {} · {priority}", status.replace('_', " ")),
                parent_id: None,
            });
        }

        // Messages.
        let messages: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT m.id, m.ticket_id, COALESCE(t.ticket_number || ' ' || t.subject, 'Message'), h.snippet FROM \
             (SELECT rowid, snippet(messages_fts, 0, '', '', '…', 16) AS snippet FROM messages_fts \
              WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?) h \
             JOIN support_messages m ON m.rowid = h.rowid LEFT JOIN support_tickets t ON t.id = m.ticket_id ORDER BY h.rowid DESC",
        )
        .bind(&words)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        for (id, ticket_id, title, snippet) in messages {
            hits.push(SearchHit { kind: SearchKind::Message, id, title, subtitle: snippet, parent_id: Some(ticket_id) });
        }
    }
    tx.commit().await?;
    Ok(hits)
}

// ---------------------------------------------------------------------------
// The shared documents table

/// A page of one collection of the shared `documents` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentPage {
    /// The documents as the cache holds them.
    pub items: Vec<Value>,
    pub total: i64,
}

/// Whether a collection's lists read newest first (what happened lately
/// matters most) rather than in the order things were created.
fn newest_first(collection: Collection) -> bool {
    matches!(collection, Collection::Deployments | Collection::DomainOrders | Collection::DomainTransfers)
}

/// Documents of a collection kept in the shared table, optionally only
/// those under `parent_id` (a domain's DNS records, forwards, transfers and
/// orders, a project's deployments, a hosting package's projects) and only
/// those of the account `owner_id` (a customer's packages).
/// Deployments, orders and transfers come newest first, the others in the
/// order they were created. `limit` 1 to 1,000.
pub async fn list_documents(
    cache: &Cache,
    collection: Collection,
    parent_id: Option<&str>,
    owner_id: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<DocumentPage> {
    let mut check = Check::default();
    if cache::table_of(collection) != "documents" {
        check.push("collection", "invalid_value", format!("{collection} has a query of its own, not list_documents"));
    }
    let parent = parent_id.and_then(|id| check.id("parentId", id));
    let owner = owner_id.and_then(|id| check.id("ownerId", id));
    check.limit("limit", limit, MAX_LIMIT);
    check.offset(offset);
    check.finish()?;
    let push_where = |q: &mut QueryBuilder<'_, Sqlite>| {
        q.push(" WHERE collection = ").push_bind(collection.as_str());
        if let Some(parent) = &parent {
            q.push(" AND parent_id = ").push_bind(parent.clone());
        }
        if let Some(owner) = &owner {
            q.push(" AND owner_id = ").push_bind(owner.clone());
        }
    };
    let mut tx = cache.pool.begin().await?;
    let mut count = QueryBuilder::new("SELECT COUNT(*) FROM documents");
    push_where(&mut count);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *tx).await?;
    let mut page = QueryBuilder::new("SELECT body FROM documents");
    push_where(&mut page);
    page.push(if newest_first(collection) { " ORDER BY sort_key DESC, id DESC" } else { " ORDER BY sort_key ASC, id ASC" });
    page.push(" LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
    let bodies: Vec<String> = page.build_query_scalar().fetch_all(&mut *tx).await?;
    tx.commit().await?;
    let items = bodies
        .iter()
        .map(|body| serde_json::from_str(body).map_err(|e| anyhow::anyhow!("a cached {collection} document does not parse: {e}")))
        .collect::<Result<Vec<Value>, _>>()?;
    Ok(DocumentPage { items, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_quoted_so_it_is_never_query_syntax() {
        assert_eq!(fts_phrase(r#"a"b OR c"#), r#""a""b OR c""#);
        assert_eq!(fts_words("cert  NEAR(xy) -y").as_deref(), Some(r#""cert"* "NEAR(xy)"* "-y""#));
        assert_eq!(fts_words("** -- ()"), None);
    }

    #[test]
    fn like_wildcards_in_the_text_are_escaped() {
        assert_eq!(like_pattern("A_b%"), r"%a\_b\%%");
    }

    #[test]
    fn sorts_read_as_the_provider_writes_them() {
        for sort in DomainSort::ALL {
            assert_eq!(sort.as_str().parse::<DomainSort>().unwrap(), sort);
            assert_eq!(serde_json::to_value(sort).unwrap(), sort.as_str());
        }
        assert_eq!("size".parse::<DomainSort>().unwrap_err().field(), Some("sort"));
    }
}
