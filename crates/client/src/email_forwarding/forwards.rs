//! Forwards as the desktop reads and edits them: checked against the cached
//! forwards with the provider's rules before they are queued, exported as a
//! Postfix virtual alias map or CSV, and the warning (with its fix) when a
//! domain's mail does not reach our servers.

use hjs_model::dns::{PlanChange, RecordDraft, ZonePlan};
use hjs_model::documents::{DnsRecordType, Domain, EmailForwarding};
use hjs_model::forwarding::{check_against, ForwardDraft};
use hjs_model::{Collection, ObjectId, Timestamp};

use super::operations::{ForwardCreate, ForwardDelete, ForwardUpdate};
use crate::error::{ClientError, Result};
use crate::outbox::{Operation, OutboxEntry};
use crate::workspace::Workspace;

/// The provider's mail exchangers, which forwards need a domain's MX to name.
pub const OUR_MAIL_SERVERS: [(&str, u16); 2] = [("mx1.hostjamstack.com", 10), ("mx2.hostjamstack.com", 20)];

impl Workspace {
    /// Every cached forward, or one domain's, ordered by address.
    pub async fn forwards(&self, domain: Option<&str>) -> Result<Vec<EmailForwarding>> {
        let bodies: Vec<String> = match domain {
            Some(domain) => {
                let id = self.domain_id(domain).await?;
                sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'emailForwardings' AND parent_id = ?")
                    .bind(id)
                    .fetch_all(&self.cache.pool)
                    .await?
            }
            None => {
                sqlx::query_scalar("SELECT body FROM documents WHERE collection = 'emailForwardings'").fetch_all(&self.cache.pool).await?
            }
        };
        let mut forwards = bodies
            .iter()
            .map(|b| Ok(serde_json::from_str(b).map_err(|e| anyhow::anyhow!("a cached forward does not parse: {e}"))?))
            .collect::<Result<Vec<EmailForwarding>>>()?;
        forwards.sort_by(|a, b| a.from_email.as_str().cmp(b.from_email.as_str()));
        Ok(forwards)
    }

    /// Queues a new forward on `domain`.
    pub async fn create_forward(&self, domain: &str, draft: ForwardDraft) -> Result<OutboxEntry> {
        let domain: Domain = self.typed(Collection::Domains, &self.domain_id(domain).await?).await?;
        let valid = draft.parse(&domain.domain_name).map_err(ClientError::Invalid)?;
        let id = ObjectId::new();
        let candidate = valid.new_forward(id, domain.id, domain.user_id, Timestamp::now(), 0);
        check_against(&candidate, &self.forwards(None).await?).map_err(ClientError::Invalid)?;
        let edit = ForwardCreate { domain_id: domain.id, zone: domain.domain_name, user_id: domain.user_id, draft };
        self.queue(&id.to_string(), Operation::ForwardCreate(edit)).await
    }

    /// Queues new fields for a forward (enable/disable included).
    pub async fn update_forward(&self, id: &str, draft: ForwardDraft) -> Result<OutboxEntry> {
        let mut forward: EmailForwarding = self.typed(Collection::EmailForwardings, id).await?;
        let domain: Domain = self.typed(Collection::Domains, &forward.domain_id.to_string()).await?;
        draft.parse(&domain.domain_name).map_err(ClientError::Invalid)?.apply(&mut forward);
        check_against(&forward, &self.forwards(None).await?).map_err(ClientError::Invalid)?;
        self.queue(id, Operation::ForwardUpdate(ForwardUpdate { zone: domain.domain_name, draft })).await
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
