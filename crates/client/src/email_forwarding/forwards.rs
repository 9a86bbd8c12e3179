//! Forwards as the desktop reads and edits them: checked against the cached
//! forwards with the provider's rules before they are queued (or replace a
//! refused edit in the outbox), exported as a
//! Postfix virtual alias map or CSV, and the warning (with its fix) when a
//! domain's mail does not reach our servers.

use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan, OUR_MAIL_SERVERS};
use hjs_model::documents::{DnsRecordType, Domain, EmailForwarding};
use hjs_model::forwarding::{check_against, ForwardDraft};
use hjs_model::{Collection, ObjectId, Timestamp};

use super::operations::{ForwardCreate, ForwardDelete, ForwardUpdate};
use crate::cache::{read_typed, Cache};
use crate::error::{ClientError, Result};
use crate::outbox::{Operation, OutboxEntry};
use crate::workspace::Workspace;

impl Workspace {
    /// Every cached forward, or one domain's, ordered by address.
    pub async fn forwards(&self, domain: Option<&str>) -> Result<Vec<EmailForwarding>> {
        let domain_id = match domain {
            Some(domain) => Some(self.domain_id(domain).await?),
            None => None,
        };
        cached_forwards(&self.cache, domain_id.as_deref()).await
    }

    /// Queues a new forward on `domain`.
    pub async fn create_forward(&self, domain: &str, draft: ForwardDraft) -> Result<OutboxEntry> {
        let domain: Domain = self.typed(Collection::Domains, &self.domain_id(domain).await?).await?;
        let id = ObjectId::new();
        let edit = checked_create(&self.cache, &domain, id, draft).await?;
        self.queue(&id.to_string(), Operation::ForwardCreate(edit)).await
    }

    /// Queues new fields for a forward (enable/disable included).
    pub async fn update_forward(&self, id: &str, draft: ForwardDraft) -> Result<OutboxEntry> {
        let edit = checked_update(&self.cache, id, draft).await?;
        self.queue(id, Operation::ForwardUpdate(edit)).await
    }

    /// Queues removing a forward.
    pub async fn delete_forward(&self, id: &str) -> Result<OutboxEntry> {
        let forward: EmailForwarding = self.typed(Collection::EmailForwardings, id).await?;
        self.queue(id, Operation::ForwardDelete(ForwardDelete { from_email: forward.from_email.to_string() })).await
    }

    /// Whether a domain's active apex MX records name our mail servers; when
    /// not, a plan that adds them (forwards cannot receive mail otherwise).
    pub async fn mail_routing(&self, domain: &str) -> Result<Option<ZonePlan>> {
        let records = self.zone_records(domain).await?;
        let ours = |value: &str| OUR_MAIL_SERVERS.iter().any(|(host, _)| value.eq_ignore_ascii_case(host));
        let apex_mx: Vec<_> = records.iter().filter(|r| r.is_active && r.record_type == DnsRecordType::MX && r.name == "@").collect();
        if !apex_mx.is_empty() && apex_mx.iter().all(|r| ours(&r.value)) {
            return Ok(None);
        }
        let mut changes: Vec<PlanChange> = apex_mx
            .iter()
            .filter(|r| !ours(&r.value) && !r.is_system_record)
            .map(|r| PlanChange::Delete { id: r.id, version: r.version })
            .collect();
        for (host, priority) in OUR_MAIL_SERVERS {
            if !apex_mx.iter().any(|r| r.value.eq_ignore_ascii_case(host)) {
                let record = RecordDraft {
                    record_type: DnsRecordType::MX,
                    name: "@".into(),
                    value: host.into(),
                    ttl: 3600,
                    priority: Some(priority),
                    is_active: true,
                    comment: Some("mail for forwards".into()),
                };
                changes.push(PlanChange::Create { id: ObjectId::new(), record });
            }
        }
        Ok(Some(ZonePlan { changes, confirmed: false }))
    }
}

/// Every cached forward, or those of the domain with id `domain_id`
/// (queued edits included), ordered by address.
async fn cached_forwards(cache: &Cache, domain_id: Option<&str>) -> Result<Vec<EmailForwarding>> {
    let bodies: Vec<String> = match domain_id {
        Some(id) => {
            sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'emailForwardings' AND parent_id = ?")
                .bind(id)
                .fetch_all(&cache.pool)
                .await?
        }
        None => sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'emailForwardings'").fetch_all(&cache.pool).await?,
    };
    let mut forwards = bodies
        .iter()
        .map(|b| Ok(serde_json::from_str(b).map_err(|e| anyhow::anyhow!("a cached forward does not parse: {e}"))?))
        .collect::<Result<Vec<EmailForwarding>>>()?;
    forwards.sort_by(|a, b| a.from_email.as_str().cmp(b.from_email.as_str()));
    Ok(forwards)
}

/// A new forward `id` on `domain`, checked with the provider's rules against
/// every cached forward (a duplicate address, a second catch-all, a loop).
async fn checked_create(cache: &Cache, domain: &Domain, id: ObjectId, draft: ForwardDraft) -> Result<ForwardCreate> {
    let valid = draft.parse(&domain.domain_name).map_err(ClientError::Invalid)?;
    let candidate = valid.new_forward(id, domain.id, domain.user_id, Timestamp::now(), 0);
    check_against(&candidate, &cached_forwards(cache, None).await?).map_err(ClientError::Invalid)?;
    Ok(ForwardCreate { domain_id: domain.id, zone: domain.domain_name.clone(), user_id: domain.user_id, draft })
}

/// New fields for the cached forward `id`, checked as [`checked_create`] checks.
pub(crate) async fn checked_update(cache: &Cache, id: &str, draft: ForwardDraft) -> Result<ForwardUpdate> {
    let mut forward: EmailForwarding = read_typed(cache, Collection::EmailForwardings, id).await?;
    let domain: Domain = read_typed(cache, Collection::Domains, &forward.domain_id.to_string()).await?;
    draft.parse(&domain.domain_name).map_err(ClientError::Invalid)?.apply(&mut forward);
    check_against(&forward, &cached_forwards(cache, None).await?).map_err(ClientError::Invalid)?;
    Ok(ForwardUpdate { zone: domain.domain_name, draft })
}

/// The create that replaces the refused one of forward `id` (an outbox
/// edit), checked as a new forward is. The refused create shows nowhere in
/// the cache, so it cannot collide with itself; the forward keeps its id
/// and its domain, whatever `draft` came with.
pub(crate) async fn replacement_create(cache: &Cache, id: &str, refused: &ForwardCreate, draft: ForwardDraft) -> Result<ForwardCreate> {
    let domain: Domain = read_typed(cache, Collection::Domains, &refused.domain_id.to_string()).await?;
    let id = ObjectId::parse(id).map_err(|e| anyhow::anyhow!("forward id {id}: {e}"))?;
    checked_create(cache, &domain, id, draft).await
}

/// Active forwards as a Postfix virtual alias map (`postmap` input): one
/// line per address, a catch-all as `@domain`.
pub fn postfix_virtual(forwards: &[EmailForwarding]) -> String {
    let mut out = String::from("# Postfix virtual alias map, written by HostJamstack Desk\n");
    for forward in forwards.iter().filter(|f| f.is_active) {
        let from = if forward.catch_all { format!("@{}", forward.from_email.domain()) } else { forward.from_email.to_string() };
        let to: Vec<&str> = forward.to_emails.iter().map(|t| t.as_str()).collect();
        out.push_str(&format!("{from} {}\n", to.join(", ")));
    }
    out
}

/// Forwards as CSV, every one with its state and statistics.
pub fn forwards_csv(forwards: &[EmailForwarding]) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>, row: &[String]| w.write_record(row).map_err(|e| ClientError::Other(e.into()));
    let header = ["fromEmail", "toEmails", "isActive", "catchAll", "forwardedCount", "lastForwardedAt"].map(String::from);
    write(&mut writer, &header)?;
    for f in forwards {
        let targets: Vec<&str> = f.to_emails.iter().map(|t| t.as_str()).collect();
        write(
            &mut writer,
            &[
                f.from_email.to_string(),
                targets.join(" "),
                f.is_active.to_string(),
                f.catch_all.to_string(),
                f.forwarded_count.to_string(),
                f.last_forwarded_at.map(|t| t.to_string()).unwrap_or_default(),
            ],
        )?;
    }
    let bytes = writer.into_inner().map_err(|e| ClientError::Other(anyhow::anyhow!("{e}")))?;
    Ok(String::from_utf8(bytes).map_err(anyhow::Error::from)?)
}
