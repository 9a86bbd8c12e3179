//! Forward edits as queued in the outbox: one request per forward, made
//! with the id the desktop gave it so the optimistic row is already final.

use hjs_model::documents::EmailForwarding;
use hjs_model::forwarding::ForwardDraft;
use hjs_model::{DomainName, ObjectId, Timestamp};
use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::error::{ClientError, Result};
use crate::outbox::operation::{decode, DocRef, Precondition, ProviderRequest};

/// A new forward on `domain_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardCreate {
    pub domain_id: ObjectId,
    pub zone: DomainName,
    /// The domain owner's account: the forward belongs to it.
    pub user_id: ObjectId,
    pub draft: ForwardDraft,
}

impl ForwardCreate {
    pub fn validate(&self) -> Result<()> {
        self.draft.parse(&self.zone).map(drop).map_err(ClientError::Invalid)
    }

    pub fn request(&self, id: &str) -> ProviderRequest {
        let mut body = serde_json::to_value(&self.draft).unwrap_or_default();
        body["domainId"] = serde_json::json!(self.domain_id);
        ProviderRequest {
            method: Method::PUT,
            path: format!("/email-forwardings/{id}"),
            body: Some(body),
            precondition: Precondition::IfNoneMatch,
        }
    }

    pub fn apply(&self, doc: &DocRef, _current: Option<&str>) -> Result<Option<String>> {
        let valid = self.draft.parse(&self.zone).map_err(ClientError::Invalid)?;
        let id = ObjectId::parse(&doc.id).map_err(|e| anyhow::anyhow!("forward id: {e}"))?;
        let forward = valid.new_forward(id, self.domain_id, self.user_id, Timestamp::now(), 0);
        Ok(Some(serde_json::to_string(&forward).map_err(anyhow::Error::from)?))
    }

    pub fn describe(&self) -> String {
        format!("forward {} → {}", self.draft.from_email, self.draft.to_emails.join(", "))
    }
}

/// New fields for an existing forward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardUpdate {
    pub zone: DomainName,
    pub draft: ForwardDraft,
}

impl ForwardUpdate {
    pub fn validate(&self) -> Result<()> {
        self.draft.parse(&self.zone).map(drop).map_err(ClientError::Invalid)
    }

    pub fn request(&self, id: &str, base_version: i64) -> ProviderRequest {
        ProviderRequest {
            method: Method::PATCH,
            path: format!("/email-forwardings/{id}"),
            body: Some(serde_json::to_value(&self.draft).unwrap_or_default()),
            precondition: Precondition::IfMatch(base_version),
        }
    }

    pub fn apply(&self, current: Option<&str>) -> Result<Option<String>> {
        let Some(current) = current else { return Ok(None) };
        let mut forward: EmailForwarding = decode(current)?;
        self.draft.parse(&self.zone).map_err(ClientError::Invalid)?.apply(&mut forward);
        forward.updated_at = Timestamp::now();
        Ok(Some(serde_json::to_string(&forward).map_err(anyhow::Error::from)?))
    }

    pub fn describe(&self) -> String {
        let state = if self.draft.is_active { "" } else { " (disabled)" };
        format!("forward {} → {}{state}", self.draft.from_email, self.draft.to_emails.join(", "))
    }
}

/// Removing a forward; the address is kept to describe it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardDelete {
    pub from_email: String,
}

impl ForwardDelete {
    pub fn describe(&self) -> String {
        format!("remove the forward of {}", self.from_email)
    }
}
