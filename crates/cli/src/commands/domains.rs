//! `hjs domains list|show|set`.

use std::collections::HashMap;

use hjs_client::cache::Cache;
use hjs_client::outbox::OutboxEntry;
use hjs_client::queries::{self, DomainListItem, DomainQuery, MAX_EXPIRING_WITHIN_DAYS, MAX_LIMIT};
use hjs_client::ClientError;
use hjs_model::documents::{DnsRecord, Domain, DomainSettings};
use hjs_model::{Collection, Timestamp};
use serde::Serialize;

use crate::failure::Failure;
use crate::output::{date, emit, line, on_off, pairs, print_csv, print_json, print_table, table};

/// One row of `hjs domains list`, as `--json` prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DomainRow {
    id: String,
    /// ASCII (punycode) form.
    domain_name: String,
    /// As people read it (Unicode for IDNs).
    display_name: String,
    status: String,
    expiration_date: String,
    auto_renew: bool,
    owner_email: Option<String>,
    owner_name: Option<String>,
    /// Edits of this domain in the outbox (pending, conflicted or failed).
    queued_edits: i64,
}

/// `hjs domains list`: `query` (filters and sort), the `--expiring` window
/// and `--limit` (none: every matching domain).
pub async fn list(
    query: DomainQuery,
    expiring: Option<chrono::Duration>,
    limit: Option<i64>,
    json: bool,
    csv: bool,
) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let items = matching_domains(&workspace.cache, query, expiring, limit).await?;
    let queued = if items.iter().any(|d| d.pending) { super::queued_edits(&workspace, Collection::Domains).await? } else { HashMap::new() };
    let domains: Vec<DomainRow> = items
        .into_iter()
        .map(|d| DomainRow {
            queued_edits: queued.get(&d.id).copied().unwrap_or(0),
            id: d.id,
            domain_name: d.domain_name,
            display_name: d.display_name,
            status: d.status,
            expiration_date: d.expiration_date,
            auto_renew: d.auto_renew,
            owner_email: d.owner_email,
            owner_name: d.owner_name,
        })
        .collect();
    if json {
        return print_json(&domains);
    }
    if csv {
        let header =
            ["id", "domain_name", "display_name", "status", "expiration_date", "auto_renew", "owner_email", "owner_name", "queued_edits"];
        return print_csv(
            &header,
            domains.into_iter().map(|d| {
                vec![
                    d.id,
                    d.domain_name,
                    d.display_name,
                    d.status,
                    d.expiration_date,
                    d.auto_renew.to_string(),
                    d.owner_email.unwrap_or_default(),
                    d.owner_name.unwrap_or_default(),
                    d.queued_edits.to_string(),
                ]
            }),
        );
    }
    let mut out = table(&["DOMAIN", "STATUS", "EXPIRES", "AUTO-RENEW", "OWNER", "QUEUED"]);
    for d in &domains {
        out.add_row(vec![
            d.display_name.clone(),
            d.status.clone(),
            date(&d.expiration_date).to_string(),
            on_off(d.auto_renew).to_string(),
            d.owner_email.clone().unwrap_or_default(),
            if d.queued_edits > 0 { d.queued_edits.to_string() } else { String::new() },
        ]);
    }
    print_table(&out, "no domains match");
    Ok(())
}

/// Every domain `query` matches, read page by page, at most `limit` of them.
///
/// The engine takes the expiring window in whole days (1 to 3,650); the
/// CLI's may be hours, zero or longer. The engine is asked for the days
/// that cover it (or for no window beyond its maximum) and the exact window
/// is applied to what comes back, before the limit.
async fn matching_domains(
    cache: &Cache,
    mut query: DomainQuery,
    expiring: Option<chrono::Duration>,
    limit: Option<i64>,
) -> Result<Vec<DomainListItem>, ClientError> {
    let want = match limit {
        Some(limit) if limit <= 0 => return Ok(Vec::new()),
        Some(limit) => Some(usize::try_from(limit).unwrap_or(usize::MAX)),
        None => None,
    };
    let window = expiring.map(|within| {
        let now = Timestamp::now();
        (now.to_string(), now.plus(within).to_string())
    });
    query.expiring_within_days = expiring.and_then(|within| {
        let days = within.num_seconds().saturating_add(86_399).div_euclid(86_400).max(1);
        (days <= MAX_EXPIRING_WITHIN_DAYS).then_some(days)
    });
    query.offset = 0;
    query.limit = match (limit, &window) {
        (Some(limit), None) => limit.min(MAX_LIMIT),
        _ => MAX_LIMIT,
    };
    let mut items = Vec::new();
    loop {
        let page = queries::domains(cache, &query).await?;
        let read = page.items.len() as i64;
        items.extend(
            page.items
                .into_iter()
                .filter(|d| window.as_ref().is_none_or(|(from, to)| d.expiration_date >= *from && d.expiration_date <= *to)),
        );
        if let Some(want) = want.filter(|want| items.len() >= *want) {
            items.truncate(want);
            break;
        }
        query.offset += read;
        if read == 0 || query.offset >= page.total {
            break;
        }
    }
    Ok(items)
}

/// `hjs domains show --json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DomainDetail {
    /// As cached (local edits applied).
    domain: Domain,
    display_name: String,
    owner_email: Option<String>,
    owner_name: Option<String>,
    dns_records: Vec<DnsRecord>,
    queued_edits: Vec<OutboxEntry>,
}

/// A domain's DNS records, every page, by name, type, priority and value.
async fn dns_records(cache: &Cache, domain_id: &str) -> Result<Vec<DnsRecord>, ClientError> {
    let mut records: Vec<DnsRecord> = Vec::new();
    loop {
        let page = queries::list_documents(cache, Collection::DnsRecords, Some(domain_id), None, MAX_LIMIT, records.len() as i64).await?;
        let read = page.items.len();
        for item in page.items {
            records.push(super::decode(item)?);
        }
        if read == 0 || records.len() as i64 >= page.total {
            break;
        }
    }
    records.sort_by(|a, b| {
        (a.name.as_str(), a.record_type.as_str(), a.priority, a.value.as_str()).cmp(&(
            b.name.as_str(),
            b.record_type.as_str(),
            b.priority,
            b.value.as_str(),
        ))
    });
    Ok(records)
}

pub async fn show(key: &str, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let id = workspace.domain_id(key).await?;
    let found = queries::domain(&workspace.cache, &id).await?;
    let detail = DomainDetail {
        domain: super::decode(found.domain)?,
        display_name: found.display_name,
        owner_email: found.owner.as_ref().map(|owner| owner.email.clone()),
        owner_name: found.owner.map(|owner| owner.full_name),
        dns_records: dns_records(&workspace.cache, &id).await?,
        queued_edits: found.outbox,
    };
    if json {
        return print_json(&detail);
    }
    let d = &detail.domain;
    let name = if detail.display_name != d.domain_name.as_str() {
        format!("{} ({})", detail.display_name, d.domain_name.as_str())
    } else {
        detail.display_name.clone()
    };
    let days_left = (d.expiration_date.datetime() - chrono::Utc::now()).num_days();
    let owner = match (&detail.owner_name, &detail.owner_email) {
        (Some(name), Some(email)) if !name.is_empty() => format!("{name} <{email}>"),
        (_, Some(email)) => email.clone(),
        _ => d.user_id.to_string(),
    };
    let nameservers = d.nameservers.iter().map(|ns| ns.as_str()).collect::<Vec<_>>().join(", ");
    let rows = vec![
        ("domain", name),
        ("id", d.id.to_string()),
        ("status", d.status.as_str().to_string()),
        ("owner", owner),
        ("registered", date(&d.registration_date.to_string()).to_string()),
        ("expires", format!("{} ({} days)", date(&d.expiration_date.to_string()), days_left)),
        ("auto-renew", on_off(d.auto_renew).to_string()),
        ("transfer lock", on_off(d.transfer_lock).to_string()),
        ("WHOIS privacy", on_off(d.whois_privacy).to_string()),
        ("name servers", if d.use_default_nameservers { format!("{nameservers} (default)") } else { nameservers }),
        ("registrar", d.registrar.clone()),
        ("renewal price", format!("{} {}", d.renewal_price, d.currency.code())),
    ];
    emit(&pairs(&rows));
    if !detail.dns_records.is_empty() {
        line("");
        let mut records = table(&["TYPE", "NAME", "VALUE", "TTL", "PRIORITY", "ACTIVE"]);
        for r in &detail.dns_records {
            records.add_row(vec![
                r.record_type.as_str().to_string(),
                r.name.clone(),
                r.value.clone(),
                r.ttl.to_string(),
                r.priority.map(|p| p.to_string()).unwrap_or_default(),
                if r.is_active { "yes" } else { "no" }.to_string(),
            ]);
        }
        line(records.to_string());
    }
    for entry in &detail.queued_edits {
        line(format!("queued ({}): {} [outbox entry {}]", entry.status.as_str(), entry.description, entry.id));
    }
    Ok(())
}

pub async fn set(key: &str, settings: DomainSettings) -> Result<(), Failure> {
    let workspace = super::open().await?;
    let entry = workspace.set_domain_settings(key, settings).await?;
    let label = super::document_label(&workspace, entry.collection, &entry.doc_id).await?;
    super::send_queued(&workspace, &entry, &label).await
}
