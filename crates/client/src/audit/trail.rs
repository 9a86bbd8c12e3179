//! Reading the cached audit events: the filters people give ([`AuditQuery`],
//! checked into an [`AuditFilter`] whose errors name the field), a page of
//! the log newest first with a keyset cursor, one document's trail, and
//! every matching event as CSV.
//!
//! Audit events live in the cache's shared `documents` table: `parent_id`
//! is the document the event is about, `sort_key` its time. Time, document
//! and cursor are index ranges; the actor and the changed collection have
//! partial indexes of their own (`documents_audit_actor`,
//! `documents_audit_target`), each in the log's order, so a page they
//! serve costs as many rows as it shows. Role, channel and operation are
//! read from each event's JSON, and the free text is matched on each
//! event's words ([`AuditEntry::matches`]), with SQL first dropping the
//! rows that cannot match (`checked_words`); for those a page reads the
//! newest events in order, then looks through the rest at once (see
//! [`events`]), so a rare value costs one pass over the table, not a walk
//! that looks every event up.

use chrono::NaiveDate;
use hjs_model::documents::{AuditEvent, AuditOperation, AuditVia, UserRole};
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite};

use super::describe::{document_name, summary, SUMMARY_PHRASES};
use crate::cache::Cache;
use crate::error::{ClientError, Result};
use crate::queries::{like_pattern, names, Check, DEFAULT_LIMIT, MAX_LIMIT};

/// The most events [`history`] returns for one document.
pub const MAX_HISTORY: i64 = 1_000;

/// Events read in the log's order, when some condition is not served by
/// an index, before the rest is looked through at once (see [`events`]).
const WINDOW: i64 = 5_000;

/// Events that pass every condition SQL checks read per step, when a
/// search may still turn some down.
const BATCH: i64 = 500;

/// The audit log's filters and page, as people give them (the audit
/// screen's filter bar, `hjs audit list`'s options). Every filter is
/// optional; given filters must all hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditQuery {
    /// Who made the change: a user id, an e-mail address, or part of the
    /// address or name of exactly one person in the cache.
    pub user: Option<String>,
    /// The actor's role: `user`, `reseller`, `support` or `admin`.
    pub role: Option<String>,
    /// How the change came: `desktop`, `api_token`, `job` or `anonymous`.
    pub via: Option<String>,
    /// The changed document's collection (`domains`, `dnsRecords`, ...).
    pub collection: Option<String>,
    /// `create`, `update` or `delete`.
    pub action: Option<String>,
    /// The changed document's id.
    pub doc_id: Option<String>,
    /// From this time on: RFC 3339 (`2026-11-23T16:00:00Z`) or a date
    /// (`2026-11-23`, from its start, UTC).
    pub since: Option<String>,
    /// Up to this time: RFC 3339 (that instant included) or a date (that
    /// whole day included, UTC).
    pub until: Option<String>,
    /// Words that must all appear in the event's summary, the document's
    /// name or the actor's name, e-mail address or job (any case).
    pub search: Option<String>,
    /// Where the previous page stopped ([`AuditPage::next`]).
    pub after: Option<String>,
    /// 1 to 1,000; 50 by default.
    pub limit: i64,
}

impl Default for AuditQuery {
    fn default() -> Self {
        Self {
            user: None,
            role: None,
            via: None,
            collection: None,
            action: None,
            doc_id: None,
            since: None,
            until: None,
            search: None,
            after: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

/// One audit event as the audit screen, the History tab and `hjs audit`
/// show it: the event as the provider recorded it, put into words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[serde(flatten)]
    pub event: AuditEvent,
    /// `created`, `deleted`, `changed autoRenew, nameservers`.
    pub summary: String,
    /// What the document is called (`example.com`, `www A`), when it has a name.
    pub document: Option<String>,
    /// The actor's name and e-mail address, when the cache knows the account.
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
}

impl AuditEntry {
    fn new(event: AuditEvent, actor_name: Option<String>, actor_email: Option<String>) -> AuditEntry {
        AuditEntry { summary: summary(&event), document: document_name(&event), actor_name, actor_email, event }
    }

    /// Whether every word (lower case) is part of the summary, the
    /// document's name, the collection or the actor's name, e-mail address
    /// or job / token name.
    pub fn matches(&self, words: &[String]) -> bool {
        let haystack = [
            Some(self.summary.as_str()),
            self.document.as_deref(),
            Some(self.event.collection.as_str()),
            self.actor_name.as_deref(),
            self.actor_email.as_deref(),
            self.event.actor.detail.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
        words.iter().all(|word| haystack.contains(word.as_str()))
    }

    /// Where a page that ends with this entry continues.
    fn cursor(&self) -> String {
        format!("{}|{}", self.event.created_at, self.event.id)
    }
}

/// A page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// Pass as [`AuditQuery::after`] for the next page; `None` when the log
    /// has nothing older that matches.
    pub next: Option<String>,
}

/// Who a filter means: an account by id, or the one person in the cache
/// with this e-mail address, or whose address or name contains the text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Actor {
    Id(ObjectId),
    Matching(String),
}

/// A checked [`AuditQuery`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFilter {
    actor: Option<Actor>,
    role: Option<UserRole>,
    via: Option<AuditVia>,
    collection: Option<Collection>,
    action: Option<AuditOperation>,
    doc_id: Option<String>,
    since: Option<Timestamp>,
    /// Exclusive.
    before: Option<Timestamp>,
    words: Vec<String>,
    /// The words SQL checks, once [`checked_words`] looked their people up.
    checked: Vec<CheckedWord>,
    /// `(createdAt, id)` of the last event of the previous page.
    after: Option<Key>,
    limit: i64,
}

impl AuditFilter {
    /// Checks every field of `query`, reporting all the problems at once.
    pub fn parse(query: &AuditQuery) -> Result<AuditFilter> {
        let mut check = Check::default();
        let actor = check.text("user", query.user.as_deref()).map(|user| match ObjectId::parse(&user) {
            Ok(id) => Actor::Id(id),
            Err(_) => Actor::Matching(user),
        });
        let role = query.role.as_deref().and_then(|r| check.one_of("role", r, &names(UserRole::ALL, UserRole::as_str)));
        let via = query.via.as_deref().and_then(|v| check.one_of("via", v, &names(AuditVia::ALL, AuditVia::as_str)));
        let collection =
            query.collection.as_deref().and_then(|c| check.one_of("collection", c, &names(Collection::ALL, Collection::as_str)));
        let action = query.action.as_deref().and_then(|a| check.one_of("action", a, &names(AuditOperation::ALL, AuditOperation::as_str)));
        let doc_id = query.doc_id.as_deref().and_then(|id| check.id("docId", id));
        let since = query.since.as_deref().and_then(|t| instant(&mut check, "since", t, Bound::Start));
        let before = query.until.as_deref().and_then(|t| instant(&mut check, "until", t, Bound::End));
        if let (Some(since), Some(before)) = (since, before) {
            if before <= since {
                check.push("until", "out_of_range", "until must be later than since");
            }
        }
        let words = check.text("search", query.search.as_deref()).map(|t| t.to_lowercase()).unwrap_or_default();
        let words = words.split_whitespace().map(str::to_string).collect();
        let after = query.after.as_deref().and_then(|cursor| {
            let parsed = cursor.split_once('|').and_then(|(time, id)| {
                let time = Timestamp::parse(time).ok()?.to_string();
                Some((time, ObjectId::parse(id).ok()?.to_string()))
            });
            if parsed.is_none() {
                check.push("after", "invalid_value", "after must be the `next` of a previous page");
            }
            parsed
        });
        check.limit("limit", query.limit, MAX_LIMIT);
        check.finish()?;
        Ok(AuditFilter {
            actor,
            role,
            via,
            collection,
            action,
            doc_id,
            since,
            before,
            words,
            checked: Vec::new(),
            after,
            limit: query.limit,
        })
    }

    /// The conditions an index serves, over `documents d`: audit events,
    /// the actor (resolved to an id), the changed collection, the document,
    /// the time range and the cursor. `by_time`: whether the time
    /// conditions may pick the time index; a scan of the table in its own
    /// order ([`scan`]) says no, or SQLite would walk that index and look
    /// every event up.
    fn push_indexed(&self, q: &mut QueryBuilder<'_, Sqlite>, actor: Option<&str>, after: Option<&Key>, by_time: bool) {
        // `+column` is the column's value, which no index serves.
        let time = if by_time { "d.sort_key" } else { "+d.sort_key" };
        // A literal, not a bound value: SQLite uses a partial index only
        // when it can see the condition the index was built with.
        q.push(" WHERE d.collection = 'auditEvents'");
        if let Some(actor) = actor {
            q.push(" AND json_extract(d.body, '$.actor.userId') = ").push_bind(actor.to_string());
        }
        if let Some(collection) = self.collection {
            q.push(" AND json_extract(d.body, '$.collection') = ").push_bind(collection.as_str());
        }
        if let Some(doc_id) = &self.doc_id {
            q.push(" AND d.parent_id = ").push_bind(doc_id.clone());
        }
        if let Some(since) = self.since {
            q.push(format!(" AND {time} >= ")).push_bind(since.to_string());
        }
        if let Some(before) = self.before {
            q.push(format!(" AND {time} < ")).push_bind(before.to_string());
        }
        if let Some((at, id)) = after {
            q.push(format!(" AND ({time}, d.id) < (")).push_bind(at.clone()).push(", ").push_bind(id.clone()).push(")");
        }
    }

    /// Whether some condition needs each event's JSON read (role, channel,
    /// operation, or a search word SQL can check).
    fn reads_json(&self) -> bool {
        self.role.is_some() || self.via.is_some() || self.action.is_some() || !self.checked.is_empty()
    }

    /// The conditions read from each event's JSON, over `documents d`:
    /// role, channel, operation and the search's SQL check.
    fn push_json_checks(&self, q: &mut QueryBuilder<'_, Sqlite>) {
        let mut json_equals = |path: &'static str, value: Option<&'static str>| {
            if let Some(value) = value {
                q.push(format!(" AND json_extract(d.body, '{path}') = ")).push_bind(value);
            }
        };
        json_equals("$.actor.role", self.role.map(|r| r.as_str()));
        json_equals("$.actor.via", self.via.map(|v| v.as_str()));
        json_equals("$.operation", self.action.map(|a| a.as_str()));
        push_search_prefilter(q, &self.checked);
    }
}

/// A search word SQL checks (see [`push_search_prefilter`]): its `LIKE`
/// pattern, and the ids of the people in the cache whose name or address
/// has it (`None` when more than [`MAX_LISTED_PEOPLE`] do).
#[derive(Debug, Clone, PartialEq, Eq)]
struct CheckedWord {
    pattern: String,
    people: Option<Vec<String>>,
}

/// The most people a search word's check names one by one.
const MAX_LISTED_PEOPLE: usize = 50;

/// The search words SQL can check, each with the people whose name or
/// address has it.
///
/// A word of lower-case ASCII letters, digits and `._@-` that is part of
/// an event's summary, document name, collection or job is part of the
/// event's JSON (field names and values appear there as they are), unless
/// it comes from a summary's own words ([`SUMMARY_PHRASES`]) or from a
/// domain name shown in Unicode (its JSON has the `xn--` form). One in the
/// actor's name or address is in a `users` row, and then the actor's id is
/// in the JSON. Other words (with punctuation, or letters whose case `LIKE`
/// does not fold) are only matched in [`AuditEntry::matches`], which
/// decides in every case.
async fn checked_words(cache: &Cache, words: &[String]) -> Result<Vec<CheckedWord>> {
    let plain = |word: &str| word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '@' | '-'));
    let mut checked = Vec::new();
    for word in words.iter().filter(|w| plain(w) && !SUMMARY_PHRASES.iter().any(|phrase| phrase.contains(w.as_str()))) {
        let pattern = like_pattern(word);
        let people: Vec<String> =
            sqlx::query_scalar("SELECT id FROM users WHERE full_name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' LIMIT ?")
                .bind(&pattern)
                .bind(&pattern)
                .bind(MAX_LISTED_PEOPLE as i64 + 1)
                .fetch_all(&cache.pool)
                .await?;
        checked.push(CheckedWord { people: (people.len() <= MAX_LISTED_PEOPLE).then_some(people), pattern });
    }
    Ok(checked)
}

/// For each checked search word, a condition every event it matches
/// meets (see [`checked_words`]), so the rows that cannot match are never
/// parsed.
fn push_search_prefilter(q: &mut QueryBuilder<'_, Sqlite>, checked: &[CheckedWord]) {
    for word in checked {
        // LIKE ignores ASCII case without copying the body, and finds text
        // several times faster than `instr` (which steps a byte at a time).
        q.push(" AND (d.body LIKE ").push_bind(word.pattern.clone()).push(" ESCAPE '\\' OR d.body LIKE '%xn--%'");
        match &word.people {
            // An id in the JSON, found without parsing it.
            Some(people) => {
                for id in people {
                    q.push(" OR d.body LIKE ").push_bind(format!("%{id}%"));
                }
            }
            None => {
                q.push(" OR json_extract(d.body, '$.actor.userId') IN (SELECT id FROM users WHERE full_name LIKE ")
                    .push_bind(word.pattern.clone())
                    .push(" ESCAPE '\\' OR email LIKE ")
                    .push_bind(word.pattern.clone())
                    .push(" ESCAPE '\\')");
            }
        }
        q.push(")");
    }
}

/// The id of the person a filter names: the id itself; else the one person
/// in the cache with that e-mail address, or whose address or name contains
/// the text. No one, or several people, is refused naming the field `user`.
async fn actor_id(cache: &Cache, actor: &Actor) -> Result<String> {
    let text = match actor {
        Actor::Id(id) => return Ok(id.to_string()),
        Actor::Matching(text) => text,
    };
    let pattern = like_pattern(text);
    let people: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, email FROM users WHERE email = ? OR email LIKE ? ESCAPE '\\' OR full_name LIKE ? ESCAPE '\\' ORDER BY email LIMIT 6",
    )
    .bind(text.to_lowercase())
    .bind(&pattern)
    .bind(&pattern)
    .fetch_all(&cache.pool)
    .await?;
    let refuse = |code: &str, message: String| ClientError::Invalid(FieldErrors(vec![FieldError::new("user", code, message)]));
    if let Some((id, _)) = people.iter().find(|(_, email)| email.eq_ignore_ascii_case(text)) {
        return Ok(id.clone());
    }
    match people.as_slice() {
        [] => Err(refuse("unknown_user", format!("no one in this workspace's cache has an e-mail address or name containing '{text}'"))),
        [(id, _)] => Ok(id.clone()),
        several => {
            let shown: Vec<&str> = several.iter().take(5).map(|(_, email)| email.as_str()).collect();
            let more = if several.len() > 5 { ", …" } else { "" };
            Err(refuse(
                "ambiguous_user",
                format!("'{text}' matches several people ({}{more}): give more of the e-mail address, or the id", shown.join(", ")),
            ))
        }
    }
}

/// Which end of a time range a date stands for.
#[derive(Debug, Clone, Copy)]
enum Bound {
    Start,
    End,
}

/// An RFC 3339 time or a `YYYY-MM-DD` date (UTC) as a range bound: the
/// start is inclusive; the end is returned exclusive (the instant's next
/// millisecond, the day after the date), since times are kept to the
/// millisecond.
fn instant(check: &mut Check, field: &str, text: &str, bound: Bound) -> Option<Timestamp> {
    let text = text.trim();
    let parsed = match Timestamp::parse(text) {
        Ok(at) => Some(match bound {
            Bound::Start => at,
            Bound::End => at.plus(chrono::Duration::milliseconds(1)),
        }),
        Err(_) => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|day| {
            let day = match bound {
                Bound::Start => day,
                Bound::End => day.succ_opt()?,
            };
            Some(Timestamp::from_datetime(day.and_hms_opt(0, 0, 0)?.and_utc()))
        }),
    };
    if parsed.is_none() {
        check.push(field, "invalid_timestamp", format!("{field} must be a time like 2026-11-23T16:00:00Z or a date like 2026-11-23"));
    }
    parsed
}

/// A place in the log: an event's time (`sort_key`) and id.
type Key = (String, String);

/// One row of the log as read: its place (time, id), its JSON (`None`
/// when the search's SQL check already ruled it out), the actor's name and
/// address.
type Row = (String, String, Option<String>, Option<String>, Option<String>);

/// The columns of a [`Row`] over `documents d` and `users u`.
const ROW_COLUMNS: &str = "SELECT d.sort_key, d.id, d.body, u.full_name, u.email FROM documents d \
     LEFT JOIN users u ON u.id = json_extract(d.body, '$.actor.userId')";

/// The event of a row, when it has its JSON.
fn entry_of((_, _, body, name, email): Row) -> Result<Option<AuditEntry>> {
    let Some(body) = body else { return Ok(None) };
    let event: AuditEvent = serde_json::from_str(&body).map_err(|e| anyhow::anyhow!("a cached audit event does not parse: {e}"))?;
    Ok(Some(AuditEntry::new(event, name.filter(|n| !n.is_empty()), email)))
}

/// Where the last of some rows stands in the log.
fn last_key(rows: &[Row]) -> Option<Key> {
    rows.last().map(|(time, id, ..)| (time.clone(), id.clone()))
}

/// Up to `limit` events of `filter` after `after` (and no older than
/// `down_to`, when given), newest first, in the order an index walk
/// yields them.
async fn read_in_order(
    cache: &Cache,
    filter: &AuditFilter,
    actor: Option<&str>,
    after: Option<&Key>,
    down_to: Option<&Key>,
    limit: i64,
) -> Result<Vec<Row>> {
    let mut q = QueryBuilder::new(ROW_COLUMNS);
    filter.push_indexed(&mut q, actor, after, true);
    if let Some((at, id)) = down_to {
        q.push(" AND (d.sort_key, d.id) >= (").push_bind(at.clone()).push(", ").push_bind(id.clone()).push(")");
    }
    filter.push_json_checks(&mut q);
    q.push(" ORDER BY d.sort_key DESC, d.id DESC LIMIT ").push_bind(limit);
    Ok(q.build_query_as().fetch_all(&cache.pool).await?)
}

/// The place of the `WINDOW`th event the indexed conditions yield after
/// `after`; `None` when fewer are left. Read from the index alone.
async fn window_end(cache: &Cache, filter: &AuditFilter, actor: Option<&str>, after: Option<&Key>) -> Result<Option<Key>> {
    let mut q = QueryBuilder::new("SELECT d.sort_key, d.id FROM documents d");
    filter.push_indexed(&mut q, actor, after, true);
    q.push(" ORDER BY d.sort_key DESC, d.id DESC LIMIT 1 OFFSET ").push_bind(WINDOW - 1);
    Ok(q.build_query_as().fetch_optional(&cache.pool).await?)
}

/// Up to `limit` events of `filter` after `after`, newest first, found by
/// reading the events in the table's own order and sorting those that
/// pass: for conditions too rare to fill a page from a walk in time order,
/// which looks every event up.
async fn scan(cache: &Cache, filter: &AuditFilter, actor: Option<&str>, after: Option<&Key>, limit: i64) -> Result<Vec<Row>> {
    // MATERIALIZED keeps the ORDER BY outside, so SQLite does not walk the
    // time index to avoid a sort.
    let mut q = QueryBuilder::new("WITH m AS MATERIALIZED (SELECT d.sort_key, d.id, d.body FROM documents d");
    filter.push_indexed(&mut q, actor, after, false);
    filter.push_json_checks(&mut q);
    q.push(
        ") SELECT m.sort_key, m.id, m.body, u.full_name, u.email FROM m \
         LEFT JOIN users u ON u.id = json_extract(m.body, '$.actor.userId') ORDER BY m.sort_key DESC, m.id DESC LIMIT ",
    )
    .push_bind(limit);
    Ok(q.build_query_as().fetch_all(&cache.pool).await?)
}

/// A page of the cached audit log: the events `query` matches, newest
/// first. A person given by name or address must be exactly one person in
/// the cache: no one, or several, is refused naming the field `user`.
///
/// When every condition is served by an index (or there is none), the page
/// is one walk in the log's order. Otherwise the newest `WINDOW` events the
/// indexes yield are walked in order first, which fills a page when the
/// other conditions are common; the rest is read a batch at a time by a
/// scan of the table in its own order (or, when SQL checks nothing, as
/// with search words that are only the summary's own, on in time order),
/// until the page is full.
pub async fn events(cache: &Cache, query: &AuditQuery) -> Result<AuditPage> {
    let mut filter = AuditFilter::parse(query)?;
    filter.checked = checked_words(cache, &filter.words).await?;
    let actor = match &filter.actor {
        Some(actor) => Some(actor_id(cache, actor).await?),
        None => None,
    };
    let actor = actor.as_deref();
    // One more than the page says whether there is a next one.
    let wanted = filter.limit as usize + 1;
    let mut items = Vec::with_capacity(wanted);
    // Parses and matches rows until there are `wanted`; answers whether there are.
    let take = |rows: Vec<Row>, items: &mut Vec<AuditEntry>| -> Result<bool> {
        for row in rows {
            let Some(entry) = entry_of(row)? else { continue };
            if entry.matches(&filter.words) {
                items.push(entry);
                if items.len() == wanted {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    };
    if !filter.reads_json() && filter.words.is_empty() {
        take(read_in_order(cache, &filter, actor, filter.after.as_ref(), None, wanted as i64).await?, &mut items)?;
    } else {
        // In order down to the window's end, a batch of what SQL lets
        // through at a time; then the rest by scans (or, when SQL checks
        // nothing, on in order).
        let end = window_end(cache, &filter, actor, filter.after.as_ref()).await?;
        let mut after = filter.after.clone();
        let mut in_window = true;
        loop {
            // Without words every row SQL lets through is on the page.
            let step = if filter.words.is_empty() { (wanted - items.len()) as i64 } else { BATCH };
            let batch = if in_window {
                read_in_order(cache, &filter, actor, after.as_ref(), end.as_ref(), step).await?
            } else if filter.reads_json() {
                scan(cache, &filter, actor, after.as_ref(), step).await?
            } else {
                read_in_order(cache, &filter, actor, after.as_ref(), None, step).await?
            };
            let exhausted = (batch.len() as i64) < step;
            after = last_key(&batch).or(after);
            if take(batch, &mut items)? {
                break;
            }
            if exhausted {
                // The window is done: the rest of the log, if it goes on.
                match (in_window, &end) {
                    (true, Some(end)) => {
                        in_window = false;
                        after = Some(end.clone());
                    }
                    _ => break,
                }
            }
        }
    }
    let next = if items.len() == wanted {
        items.pop();
        items.last().map(AuditEntry::cursor)
    } else {
        None
    };
    Ok(AuditPage { items, next })
}

/// Every event `query` matches (its `after` and `limit` aside), newest
/// first, read a page of 1,000 at a time: what exports write.
pub async fn every_event(cache: &Cache, query: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let mut page_query = AuditQuery { after: None, limit: MAX_LIMIT, ..query.clone() };
    let mut entries = Vec::new();
    loop {
        let page = events(cache, &page_query).await?;
        entries.extend(page.items);
        match page.next {
            Some(next) => page_query.after = Some(next),
            None => return Ok(entries),
        }
    }
}

/// One document's audit trail, newest first (at most [`MAX_HISTORY`]).
pub async fn history(cache: &Cache, doc_id: &str) -> Result<Vec<AuditEntry>> {
    let query = AuditQuery { doc_id: Some(doc_id.to_string()), limit: MAX_HISTORY, ..AuditQuery::default() };
    Ok(events(cache, &query).await?.items)
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 16] = [
    "createdAt",
    "operation",
    "collection",
    "docId",
    "document",
    "summary",
    "actorId",
    "actorName",
    "actorEmail",
    "actorRole",
    "via",
    "viaDetail",
    "userId",
    "eventId",
    "before",
    "after",
];

/// Entries as CSV: a header row, then one row per event with the document
/// before and after as compact JSON.
pub fn entries_csv(entries: &[AuditEntry]) -> Result<String> {
    let fail = |e: csv::Error| ClientError::Other(anyhow::anyhow!("could not write CSV: {e}"));
    let json = |value: &Option<serde_json::Value>| value.as_ref().map(|v| v.to_string()).unwrap_or_default();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER).map_err(fail)?;
    for entry in entries {
        let e = &entry.event;
        writer
            .write_record([
                e.created_at.to_string(),
                e.operation.to_string(),
                e.collection.to_string(),
                e.doc_id.to_string(),
                entry.document.clone().unwrap_or_default(),
                entry.summary.clone(),
                e.actor.user_id.map(|id| id.to_string()).unwrap_or_default(),
                entry.actor_name.clone().unwrap_or_default(),
                entry.actor_email.clone().unwrap_or_default(),
                e.actor.role.map(|r| r.to_string()).unwrap_or_default(),
                e.actor.via.to_string(),
                e.actor.detail.clone().unwrap_or_default(),
                e.user_id.to_string(),
                e.id.to_string(),
                json(&e.before),
                json(&e.after),
            ])
            .map_err(fail)?;
    }
    let bytes = writer.into_inner().map_err(|e| ClientError::Other(anyhow::anyhow!("could not write CSV: {e}")))?;
    Ok(String::from_utf8(bytes).map_err(anyhow::Error::from)?)
}

/// Every event `query` matches as CSV (see [`entries_csv`]), and how many.
pub async fn audit_csv(cache: &Cache, query: &AuditQuery) -> Result<(String, usize)> {
    let entries = every_event(cache, query).await?;
    Ok((entries_csv(&entries)?, entries.len()))
}

#[cfg(test)]
mod tests {
    use hjs_model::documents::AuditActor;
    use serde_json::json;

    use super::*;

    fn field_of(error: ClientError) -> Vec<String> {
        error.field_errors().iter().map(|e| e.field.clone()).collect()
    }

    #[test]
    fn every_bad_filter_is_refused_naming_its_field() {
        let query = AuditQuery {
            role: Some("owner".into()),
            via: Some("fax".into()),
            collection: Some("widgets".into()),
            action: Some("rename".into()),
            doc_id: Some("42".into()),
            since: Some("yesterday".into()),
            until: Some("2026-13-01".into()),
            after: Some("nonsense".into()),
            limit: 0,
            ..AuditQuery::default()
        };
        let fields = field_of(AuditFilter::parse(&query).unwrap_err());
        assert_eq!(fields, ["role", "via", "collection", "action", "docId", "since", "until", "after", "limit"]);
    }

    #[test]
    fn a_date_covers_its_whole_day_and_until_must_follow_since() {
        let query = AuditQuery { since: Some("2026-11-23".into()), until: Some("2026-11-23".into()), ..AuditQuery::default() };
        let filter = AuditFilter::parse(&query).unwrap();
        assert_eq!(filter.since.unwrap().to_string(), "2026-11-23T00:00:00.000Z");
        assert_eq!(filter.before.unwrap().to_string(), "2026-11-24T00:00:00.000Z", "until a date includes that day");
        let instant = AuditQuery { until: Some("2026-11-23T16:00:00Z".into()), ..AuditQuery::default() };
        assert_eq!(AuditFilter::parse(&instant).unwrap().before.unwrap().to_string(), "2026-11-23T16:00:00.001Z");
        let backwards = AuditQuery { since: Some("2026-11-24".into()), until: Some("2026-11-23".into()), ..AuditQuery::default() };
        assert_eq!(field_of(AuditFilter::parse(&backwards).unwrap_err()), ["until"]);
    }

    #[test]
    fn a_user_is_an_id_or_text_to_look_up() {
        let id = ObjectId::new();
        let by_id = AuditQuery { user: Some(format!(" {id} ")), ..AuditQuery::default() };
        assert_eq!(AuditFilter::parse(&by_id).unwrap().actor, Some(Actor::Id(id)));
        let by_name = AuditQuery { user: Some("Sarah".into()), ..AuditQuery::default() };
        assert_eq!(AuditFilter::parse(&by_name).unwrap().actor, Some(Actor::Matching("Sarah".into())));
    }

    fn entry(document: &str, before: Option<serde_json::Value>, after: Option<serde_json::Value>) -> AuditEntry {
        let event = AuditEvent {
            id: ObjectId::new(),
            user_id: ObjectId::new(),
            actor: AuditActor { user_id: Some(ObjectId::new()), role: Some(UserRole::Admin), via: AuditVia::Desktop, detail: None },
            collection: Collection::EmailForwardings,
            doc_id: ObjectId::new(),
            operation: AuditOperation::Update,
            before,
            after,
            created_at: Timestamp::parse("2026-11-23T16:00:00Z").unwrap(),
            version: 1,
        };
        AuditEntry {
            document: Some(document.into()),
            ..AuditEntry::new(event, Some("Ada Lovelace".into()), Some("ada@example.com".into()))
        }
    }

    #[test]
    fn the_search_needs_every_word_somewhere_in_the_entry() {
        let e = entry("info@example.com", Some(json!({"toEmails": ["a"]})), Some(json!({"toEmails": ["b"]})));
        let words = |text: &str| text.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
        assert!(e.matches(&words("ADA toemails")), "the actor's name and the changed field, in any case");
        assert!(e.matches(&words("info@ changed")));
        assert!(e.matches(&words("emailForwardings")), "the collection");
        assert!(!e.matches(&words("ada deleted")), "every word must match");
    }

    #[test]
    fn csv_has_a_header_and_escapes_commas_quotes_and_newlines() {
        let tricky = entry("say \"hi\", then\nleave", Some(json!({"a": 1, "b": "x"})), Some(json!({"a": 2, "b": "y,\"z\""})));
        let text = entries_csv(std::slice::from_ref(&tricky)).unwrap();
        assert!(text.starts_with("createdAt,operation,collection,docId,document,summary,"), "{text}");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1, "the newline inside a field does not start a row");
        assert_eq!(&rows[0][4], "say \"hi\", then\nleave");
        assert_eq!(&rows[0][5], "changed a, b");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&rows[0][15]).unwrap(), json!({"a": 2, "b": "y,\"z\""}));
        assert!(text.contains("\"say \"\"hi\"\", then\nleave\""), "quoted, with inner quotes doubled: {text}");
    }
}
