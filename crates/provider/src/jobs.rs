//! Background jobs, run by every provider process on an interval. They are
//! written so that any number of processes may run them at once: each unit
//! of work is claimed by a row whose primary key makes the claim unique
//! (`reminders_sent`), or is a versioned update that only one writer can win.
//!
//! - Renewal reminders: a `domain_expiring` notification (and e-mail) 30, 7
//!   and 1 days before `expirationDate`, each once. A domain first seen
//!   inside a smaller window gets only that reminder.
//! - Expiry: active domains past `expirationDate` become `expired`.
//! - The support desk's SLA breaches and monthly usage resets
//!   ([`crate::support::jobs`]), and ticket mail a write could not send
//!   at once ([`crate::support::mail`]).

use std::time::Duration;

use anyhow::Context;
use chrono::Duration as Span;
use hjs_model::documents::AuditActor;
use hjs_model::documents::{Domain, DomainStatus, Notification, NotificationType, User};
use hjs_model::{ObjectId, Timestamp};

use crate::db::Audit;
use crate::mail::Mail;
use crate::store::fetch_one;
use crate::AppState;

/// Reminder thresholds in days, smallest first.
pub const REMINDER_DAYS: [i64; 3] = [1, 7, 30];

pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(state.config.job_interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = run_once(&state, Timestamp::now()).await {
                tracing::warn!(error = %format!("{error:#}"), "background jobs failed; retrying next interval");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    })
}

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JobReport {
    pub reminders_sent: u32,
    pub domains_expired: u32,
    pub slas_breached: u32,
    pub support_usage_resets: u32,
    pub ticket_mails_sent: u32,
}

/// One pass of every job, as of `now`.
pub async fn run_once(state: &AppState, now: Timestamp) -> anyhow::Result<JobReport> {
    let reminders_sent = send_expiry_reminders(state, now).await?;
    let domains_expired = expire_domains(state, now).await?;
    let slas_breached = crate::support::jobs::mark_sla_breaches(state, now).await?;
    let support_usage_resets = crate::support::jobs::reset_monthly_usage(state, now).await?;
    let ticket_mails_sent = crate::support::mail::send_pending(state, now).await?;
    Ok(JobReport { reminders_sent, domains_expired, slas_breached, support_usage_resets, ticket_mails_sent })
}

async fn send_expiry_reminders(state: &AppState, now: Timestamp) -> anyhow::Result<u32> {
    let horizon = now.plus(Span::days(*REMINDER_DAYS.last().unwrap_or(&30)));
    let due: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, expiration_date FROM domains WHERE status = 'active' AND expiration_date > $1 AND expiration_date <= $2 ORDER BY expiration_date",
    )
    .bind(now.to_string())
    .bind(horizon.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    let mut sent = 0;
    for (id, expiration) in due {
        let expiration = Timestamp::parse(&expiration).context("stored expiration date")?;
        let Some(threshold) = REMINDER_DAYS.iter().copied().find(|days| expiration <= now.plus(Span::days(*days))) else { continue };
        let id = ObjectId::parse(&id).context("stored domain id")?;
        if let Some(notification) = claim_reminder(state, id, expiration, threshold, now).await? {
            sent += 1;
            deliver(state, notification).await;
        }
    }
    Ok(sent)
}

/// Claims the reminder for (domain, expiration, threshold) and creates its
/// notification in the same transaction; `None` when another run has it.
async fn claim_reminder(
    state: &AppState,
    domain_id: ObjectId,
    expiration: Timestamp,
    threshold: i64,
    now: Timestamp,
) -> anyhow::Result<Option<Notification>> {
    let mut tx = state.db.begin_write(Audit::As(AuditActor::job("expiry_reminders"))).await?;
    let claimed = sqlx::query(
        "INSERT INTO reminders_sent (domain_id, expiration_date, days_before, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(domain_id.to_string())
    .bind(expiration.to_string())
    .bind(threshold)
    .bind(now.to_string())
    .execute(&mut *tx.tx)
    .await?
    .rows_affected()
        == 1;
    if !claimed {
        return Ok(None);
    }
    // Larger windows already passed: mark them so they are never sent late.
    for larger in REMINDER_DAYS.iter().filter(|days| **days > threshold) {
        sqlx::query(
            "INSERT INTO reminders_sent (domain_id, expiration_date, days_before, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(domain_id.to_string())
        .bind(expiration.to_string())
        .bind(*larger)
        .bind(now.to_string())
        .execute(&mut *tx.tx)
        .await?;
    }
    let domain: Domain = fetch_one(&mut tx.tx, &crate::scope::Scope::Staff, domain_id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let days = if threshold == 1 { "1 day".to_string() } else { format!("{threshold} days") };
    let notification = Notification {
        id: ObjectId::new(),
        user_id: domain.user_id,
        notification_type: NotificationType::DomainExpiring,
        title: "Domain Expiring Soon".into(),
        message: format!(
            "Your domain {} expires in {days}{}",
            domain.domain_name.unicode(),
            if domain.auto_renew { "; it will renew automatically." } else { ". Auto-renew is off: renew it to keep it." }
        ),
        is_read: false,
        email_sent: false,
        sent_at: None,
        created_at: now,
        version: 1,
    };
    tx.insert(&notification).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    Ok(Some(notification))
}

/// E-mails a notification and records that it went out. A failed send
/// leaves `emailSent` false for a later retry; the notification stays.
async fn deliver(state: &AppState, mut notification: Notification) {
    let result: anyhow::Result<()> = async {
        let mut conn = state.db.pool.acquire().await?;
        let user: User =
            fetch_one(&mut conn, &crate::scope::Scope::Staff, notification.user_id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        drop(conn);
        state
            .mailer
            .send(Mail {
                to: user.email.to_string(),
                subject: notification.title.clone(),
                text: notification.message.clone(),
                thread: None,
            })
            .await?;
        let mut tx = state.db.begin_write(Audit::As(AuditActor::job("reminder_mail"))).await?;
        notification.email_sent = true;
        notification.sent_at = Some(Timestamp::now());
        notification.version += 1;
        tx.update(&notification).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    if let Err(error) = result {
        tracing::warn!(error = %format!("{error:#}"), notification = %notification.id, "reminder e-mail not sent");
    }
}

async fn expire_domains(state: &AppState, now: Timestamp) -> anyhow::Result<u32> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM domains WHERE status = 'active' AND expiration_date <= $1")
        .bind(now.to_string())
        .fetch_all(&state.db.pool)
        .await?;
    let mut expired = 0;
    for id in ids {
        let id = ObjectId::parse(&id).context("stored domain id")?;
        let mut tx = state.db.begin_write(Audit::As(AuditActor::job("domain_expiry"))).await?;
        let mut domain: Domain = fetch_one(&mut tx.tx, &crate::scope::Scope::Staff, id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        // Re-checked under the writer lock: another process may have done it.
        if domain.status != DomainStatus::Active || domain.expiration_date > now {
            continue;
        }
        domain.status = DomainStatus::Expired;
        domain.version += 1;
        domain.updated_at = now;
        tx.update(&domain).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
        expired += 1;
    }
    Ok(expired)
}
