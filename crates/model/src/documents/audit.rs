//! The audit trail: who changed which document, when, and how it looked
//! before and after. Written by the provider in the same transaction as the
//! change, and synced to everyone who may see the document it is about.
//!
//! Zone versions (every applied DNS plan) live here too: they are the audit
//! trail of a whole zone, kept complete so any two versions can be compared
//! and an old one restored.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{owned_document, DnsRecord, UserRole};
use crate::dns::PlanChange;
use crate::{string_enum, Collection, ObjectId, Timestamp};

string_enum! {
    /// How a write reached the provider.
    pub enum AuditVia {
        /// A signed-in session: the desktop app or `hjs`.
        Desktop = "desktop",
        /// A script with an API token.
        ApiToken = "api_token",
        /// A background job of the provider (renewals, expiry, SLA, ...).
        Job = "job",
        /// A request without a session: sign-up, password reset.
        Anonymous = "anonymous",
    }
}

string_enum! {
    pub enum AuditOperation {
        Create = "create",
        Update = "update",
        Delete = "delete",
    }
}

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditActor {
    /// The person; `None` for a job.
    pub user_id: Option<ObjectId>,
    pub role: Option<UserRole>,
    pub via: AuditVia,
    /// A job's name, or the API token's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl AuditActor {
    /// A request without a session (sign-up, sign-in, password reset),
    /// naming the account it acts on when there is one.
    pub fn anonymous(user_id: Option<ObjectId>) -> AuditActor {
        AuditActor { user_id, role: None, via: AuditVia::Anonymous, detail: None }
    }

    pub fn job(name: &str) -> AuditActor {
        AuditActor { user_id: None, role: None, via: AuditVia::Job, detail: Some(name.to_string()) }
    }
}

/// One write of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    /// The account the changed document belongs to: it decides who sees this.
    pub user_id: ObjectId,
    pub actor: AuditActor,
    pub collection: Collection,
    pub doc_id: ObjectId,
    pub operation: AuditOperation,
    /// The document before the write (`None` for a create), secrets redacted.
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// The document after the write (`None` for a delete), secrets redacted.
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
    pub created_at: Timestamp,
    pub version: i64,
}

owned_document!(AuditEvent, Collection::AuditEvents);

/// Field names that never appear in an audit event, whatever document they
/// turn up in: documents are built without secrets, and this keeps it so if
/// one ever slips into a body.
const SECRET_FIELDS: &[&str] =
    &["password", "twoFactorSecret", "emailVerificationToken", "passwordResetToken", "authCode", "secret", "token", "recoveryCodes"];

/// Replaces the value of every secret-named field, at any depth, with
/// `"[redacted]"`.
pub fn redact(mut value: Value) -> Value {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, field) in map.iter_mut() {
                    if SECRET_FIELDS.contains(&key.as_str()) && !field.is_null() {
                        *field = Value::String("[redacted]".into());
                    } else {
                        walk(field);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}

/// One applied DNS plan: the zone as it was left, who applied it and what
/// it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ZoneVersion {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub domain_id: ObjectId,
    pub user_id: ObjectId,
    /// 1 for the first applied plan of the zone, then counting up.
    pub zone_version: i64,
    pub author: AuditActor,
    /// "2 added, 1 changed".
    pub summary: String,
    pub changes: Vec<PlanChange>,
    /// Every record of the zone after the plan.
    pub records: Vec<DnsRecord>,
    pub created_at: Timestamp,
    pub version: i64,
}

owned_document!(ZoneVersion, Collection::ZoneVersions);
