//! The reads behind the CLI's lists, straight from the workspace's cache
//! (SQLite, no network). A stand-in until `hjs_client::queries` offers
//! them; the structs are what `--json` prints.

use hjs_client::{ClientError, Workspace};
use hjs_model::documents::{DnsRecord, Domain, Notification};
use hjs_model::{Collection, Timestamp};
use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite};

type Result<T> = std::result::Result<T, ClientError>;

/// One row of `hjs domains list`.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct DomainListItem {
    pub id: String,
    /// ASCII (punycode) form.
    pub domain_name: String,
    /// As people read it (Unicode for IDNs).
    pub display_name: String,
    pub status: String,
    pub expiration_date: String,
    pub auto_renew: bool,
    pub owner_email: Option<String>,
    pub owner_name: Option<String>,
    /// Edits of this domain in the outbox (pending, conflicted or failed).
    pub queued_edits: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DomainOrder {
    Name,
    Expires,
}

#[derive(Debug, Clone)]
pub struct DomainFilter {
    pub status: Option<String>,
    /// Expiring between now and now + this (already expired ones are not "expiring").
    pub expiring_within: Option<chrono::Duration>,
    pub auto_renew: Option<bool>,
    /// Part of the name (ASCII or Unicode form), case-insensitive.
    pub search: Option<String>,
    pub order: DomainOrder,
    pub limit: Option<i64>,
}

fn like_pattern(text: &str) -> String {
    let escaped = text.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

pub async fn domains(workspace: &Workspace, filter: &DomainFilter) -> Result<Vec<DomainListItem>> {
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
        "SELECT d.id, d.domain_name, d.display_name, d.status, d.expiration_date, d.auto_renew, \
         u.email AS owner_email, u.full_name AS owner_name, \
         (SELECT COUNT(*) FROM outbox o WHERE o.collection = 'domains' AND o.doc_id = d.id) AS queued_edits \
         FROM domains d LEFT JOIN users u ON u.id = d.user_id WHERE 1 = 1",
    );
    if let Some(status) = &filter.status {
        query.push(" AND d.status = ").push_bind(status.clone());
    }
    if let Some(window) = filter.expiring_within {
        let now = Timestamp::now();
        query.push(" AND d.expiration_date >= ").push_bind(now.to_string());
        query.push(" AND d.expiration_date <= ").push_bind(now.plus(window).to_string());
    }
    if let Some(auto_renew) = filter.auto_renew {
        query.push(" AND d.auto_renew = ").push_bind(auto_renew);
    }
    if let Some(text) = &filter.search {
        let pattern = like_pattern(text);
        query.push(" AND (d.domain_name LIKE ").push_bind(pattern.clone()).push(" ESCAPE '\\'");
        query.push(" OR d.display_name LIKE ").push_bind(pattern).push(" ESCAPE '\\')");
    }
    query.push(match filter.order {
        DomainOrder::Name => " ORDER BY d.domain_name",
        DomainOrder::Expires => " ORDER BY d.expiration_date, d.domain_name",
    });
    if let Some(limit) = filter.limit {
        query.push(" LIMIT ").push_bind(limit.max(0));
    }
    Ok(query.build_query_as().fetch_all(&workspace.cache.pool).await?)
}

/// `hjs domains show`: the domain as cached (local edits applied), its
/// owner, its DNS records and the edits queued on it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainDetail {
    pub domain: Domain,
    pub display_name: String,
    pub owner_email: Option<String>,
    pub owner_name: Option<String>,
    pub dns_records: Vec<DnsRecord>,
    pub queued_edits: Vec<hjs_client::outbox::OutboxEntry>,
}

pub async fn domain(workspace: &Workspace, key: &str) -> Result<DomainDetail> {
    let id = workspace.domain_id(key).await?;
    let (body, display_name, owner_email, owner_name): (String, String, Option<String>, Option<String>) = sqlx::query_as(
        "SELECT d.body, d.display_name, u.email, u.full_name FROM domains d LEFT JOIN users u ON u.id = d.user_id WHERE d.id = ?",
    )
    .bind(&id)
    .fetch_optional(&workspace.cache.pool)
    .await?
    .ok_or_else(|| ClientError::not_found(format!("domain {key}")))?;
    let domain: Domain = decode(&body)?;
    let records: Vec<String> =
        sqlx::query_scalar("SELECT body FROM documents WHERE collection = ? AND parent_id = ? ORDER BY sort_key, id")
            .bind(Collection::DnsRecords.as_str())
            .bind(&id)
            .fetch_all(&workspace.cache.pool)
            .await?;
    let mut dns_records = records.iter().map(|body| decode::<DnsRecord>(body)).collect::<Result<Vec<_>>>()?;
    dns_records.sort_by(|a, b| {
        (a.name.as_str(), a.record_type.as_str(), a.priority, a.value.as_str()).cmp(&(
            b.name.as_str(),
            b.record_type.as_str(),
            b.priority,
            b.value.as_str(),
        ))
    });
    let queued_edits = workspace.outbox().await?.into_iter().filter(|e| e.collection == Collection::Domains && e.doc_id == id).collect();
    Ok(DomainDetail { domain, display_name, owner_email, owner_name, dns_records, queued_edits })
}

/// One row of `hjs notifications`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationItem {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub message: String,
    pub is_read: bool,
    pub created_at: String,
    pub queued_edits: i64,
}

/// The signed-in person's notifications, newest first. A reseller's cache
/// also holds its clients' notifications, but those are addressed to the
/// clients (the provider lists and marks only the caller's own).
pub async fn notifications(workspace: &Workspace, unread_only: bool) -> Result<Vec<NotificationItem>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT n.body, (SELECT COUNT(*) FROM outbox o WHERE o.collection = 'notifications' AND o.doc_id = n.id) \
         FROM notifications n WHERE n.user_id = ? AND (? = 0 OR n.is_read = 0) ORDER BY n.created_at DESC, n.id",
    )
    .bind(&workspace.info.user_id)
    .bind(unread_only)
    .fetch_all(&workspace.cache.pool)
    .await?;
    rows.into_iter()
        .map(|(body, queued_edits)| {
            let n: Notification = decode(&body)?;
            Ok(NotificationItem {
                id: n.id.to_string(),
                kind: n.notification_type.as_str().to_string(),
                title: n.title,
                message: n.message,
                is_read: n.is_read,
                created_at: n.created_at.to_string(),
                queued_edits,
            })
        })
        .collect()
}

/// Whether the notification is addressed to the signed-in person.
pub async fn is_own_notification(workspace: &Workspace, id: &str) -> Result<bool> {
    let owner: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM notifications WHERE id = ?").bind(id).fetch_optional(&workspace.cache.pool).await?;
    Ok(owner.as_deref() == Some(workspace.info.user_id.as_str()))
}

/// One hit of `hjs search`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// `domain`, `account`, `ticket` or `message`.
    pub kind: &'static str,
    pub id: String,
    /// The domain name, the account's e-mail address, the ticket number.
    pub name: String,
    pub detail: String,
}

/// An FTS5 query matching every word as a prefix: `"dns"* "fail"*`.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> =
        text.split_whitespace().map(|w| w.replace('"', "")).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"*")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

pub async fn search(workspace: &Workspace, text: &str, limit: i64) -> Result<Vec<SearchHit>> {
    let pool = &workspace.cache.pool;
    let pattern = like_pattern(text);
    let mut hits = Vec::new();
    let domains: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, display_name, status FROM domains WHERE domain_name LIKE ?1 ESCAPE '\\' OR display_name LIKE ?1 ESCAPE '\\' \
         ORDER BY domain_name LIMIT ?2",
    )
    .bind(&pattern)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    hits.extend(domains.into_iter().map(|(id, name, status)| SearchHit { kind: "domain", id, name, detail: status }));
    let users: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, email, full_name, company FROM users \
         WHERE email LIKE ?1 ESCAPE '\\' OR full_name LIKE ?1 ESCAPE '\\' OR company LIKE ?1 ESCAPE '\\' ORDER BY email LIMIT ?2",
    )
    .bind(&pattern)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    hits.extend(users.into_iter().map(|(id, email, name, company)| SearchHit {
        kind: "account",
        id,
        name: email,
        detail: match company {
            Some(company) if !company.is_empty() => format!("{name}, {company}"),
            _ => name,
        },
    }));
    let Some(fts) = fts_query(text) else { return Ok(hits) };
    let tickets: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT t.id, t.ticket_number, t.subject, t.status FROM tickets_fts f JOIN support_tickets t ON t.rowid = f.rowid \
         WHERE tickets_fts MATCH ? ORDER BY rank LIMIT ?",
    )
    .bind(&fts)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    hits.extend(tickets.into_iter().map(|(id, number, subject, status)| SearchHit {
        kind: "ticket",
        id,
        name: number,
        detail: format!("{subject} ({status})"),
    }));
    let messages: Vec<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT m.id, t.ticket_number, snippet(messages_fts, 0, '', '', '…', 12) FROM messages_fts f \
         JOIN support_messages m ON m.rowid = f.rowid LEFT JOIN support_tickets t ON t.id = m.ticket_id \
         WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?",
    )
    .bind(&fts)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    hits.extend(messages.into_iter().map(|(id, number, snippet)| SearchHit {
        kind: "message",
        id,
        name: number.unwrap_or_default(),
        detail: snippet.split_whitespace().collect::<Vec<_>>().join(" "),
    }));
    Ok(hits)
}

/// What an outbox entry's document is called: a domain's name, a notification's title.
pub async fn document_label(workspace: &Workspace, collection: Collection, id: &str) -> Result<String> {
    let label: Option<String> = match collection {
        Collection::Domains => {
            sqlx::query_scalar("SELECT display_name FROM domains WHERE id = ?").bind(id).fetch_optional(&workspace.cache.pool).await?
        }
        Collection::Notifications => {
            let body: Option<String> =
                sqlx::query_scalar("SELECT body FROM notifications WHERE id = ?").bind(id).fetch_optional(&workspace.cache.pool).await?;
            body.and_then(|body| serde_json::from_str::<serde_json::Value>(&body).ok())
                .and_then(|doc| doc["title"].as_str().map(|title| format!("notification \"{title}\"")))
        }
        _ => None,
    };
    Ok(label.unwrap_or_else(|| format!("{collection} {id}")))
}

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> Result<T> {
    serde_json::from_str(body).map_err(|e| ClientError::Other(anyhow::anyhow!("a cached document does not decode: {e}")))
}
