//! `hjs domains list|show|set`.

use hjs_model::documents::DomainSettings;

use crate::failure::Failure;
use crate::output::{date, emit, line, on_off, pairs, print_csv, print_json, print_table, table};
use crate::read::{self, DomainFilter};

pub async fn list(filter: DomainFilter, json: bool, csv: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let domains = read::domains(&workspace, &filter).await?;
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

pub async fn show(key: &str, json: bool) -> Result<(), Failure> {
    let workspace = super::open_for_reading().await?;
    let detail = read::domain(&workspace, key).await?;
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
    let label = read::document_label(&workspace, entry.collection, &entry.doc_id).await?;
    super::send_queued(&workspace, &entry, &label).await
}
