//! The edits a person can make, as queued in the outbox: each knows its
//! provider request, how to apply itself to the cached document at once
//! (optimistically), and how to describe itself to people. Input is checked
//! by `hjs-model`, the same rules the provider applies, before anything is
//! queued.

use hjs_model::documents::{Domain, DomainSettings, Notification};
use hjs_model::Collection;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ClientError, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Operation {
    /// `PATCH /domains/{id}`: auto-renew, privacy, lock, name servers.
    #[serde(rename_all = "camelCase")]
    DomainSettings { settings: DomainSettings },
    /// `PUT /notifications/{id}/read`.
    #[serde(rename_all = "camelCase")]
    NotificationRead { is_read: bool },
}

impl Operation {
    pub fn collection(&self) -> Collection {
        match self {
            Operation::DomainSettings { .. } => Collection::Domains,
            Operation::NotificationRead { .. } => Collection::Notifications,
        }
    }

    /// Refuses what the provider would refuse, naming the field.
    pub fn validate(&self) -> Result<()> {
        match self {
            Operation::DomainSettings { settings } => settings.parse().map(|_| ()).map_err(ClientError::Invalid),
            Operation::NotificationRead { .. } => Ok(()),
        }
    }

    /// The provider request that carries this edit.
    pub fn request(&self, doc_id: &str) -> (Method, String, Value) {
        match self {
            Operation::DomainSettings { settings } => {
                (Method::PATCH, format!("/domains/{doc_id}"), serde_json::to_value(settings).unwrap_or(Value::Null))
            }
            Operation::NotificationRead { is_read } => {
                (Method::PUT, format!("/notifications/{doc_id}/read"), serde_json::json!({ "isRead": is_read }))
            }
        }
    }

    /// The cached document with this edit applied, as the provider will
    /// apply it. Version and times stay the provider's to set.
    pub fn apply(&self, body: &str) -> Result<String> {
        let encoded = match self {
            Operation::DomainSettings { settings } => {
                let mut domain: Domain = decode(body)?;
                settings.parse().map_err(ClientError::Invalid)?.apply(&mut domain);
                serde_json::to_string(&domain)
            }
            Operation::NotificationRead { is_read } => {
                let mut notification: Notification = decode(body)?;
                notification.is_read = *is_read;
                serde_json::to_string(&notification)
            }
        };
        Ok(encoded.map_err(anyhow::Error::from)?)
    }

    /// A short description for people: "auto-renew off, transfer lock on".
    pub fn describe(&self) -> String {
        let on_off = |value: bool| if value { "on" } else { "off" };
        match self {
            Operation::DomainSettings { settings } => {
                let mut parts = Vec::new();
                if let Some(value) = settings.auto_renew {
                    parts.push(format!("auto-renew {}", on_off(value)));
                }
                if let Some(value) = settings.whois_privacy {
                    parts.push(format!("WHOIS privacy {}", on_off(value)));
                }
                if let Some(value) = settings.transfer_lock {
                    parts.push(format!("transfer lock {}", on_off(value)));
                }
                if let Some(list) = &settings.nameservers {
                    parts.push(format!("name servers {}", list.join(", ")));
                }
                if settings.use_default_nameservers == Some(true) {
                    parts.push("default name servers".into());
                }
                parts.join(", ")
            }
            Operation::NotificationRead { is_read } => if *is_read { "mark read" } else { "mark unread" }.into(),
        }
    }
}

fn decode<T: serde::de::DeserializeOwned>(body: &str) -> Result<T> {
    Ok(serde_json::from_str(body).map_err(|e| anyhow::anyhow!("cached document does not decode: {e}"))?)
}
