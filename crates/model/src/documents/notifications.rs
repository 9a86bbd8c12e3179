//! Notifications: e-mail reminders and alerts, also shown in the app.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Collection, ObjectId, Timestamp};

string_enum! {
    pub enum NotificationType {
        DomainExpiring = "domain_expiring",
        TransferComplete = "transfer_complete",
        DnsChanged = "dns_changed",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub user_id: ObjectId,
    #[serde(rename = "type")]
    pub notification_type: NotificationType,
    pub title: String,
    pub message: String,
    pub is_read: bool,
    pub email_sent: bool,
    pub sent_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub version: i64,
}

owned_document!(Notification, Collection::Notifications);
