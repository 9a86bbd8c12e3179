//! Domain transfers in and out. The EPP `authCode` is a secret: the provider
//! keeps it beside the document and reveals it only through an audited call.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Collection, ObjectId, Timestamp};

string_enum! {
    pub enum TransferType {
        Incoming = "incoming",
        Outgoing = "outgoing",
    }
}

string_enum! {
    pub enum TransferStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        Completed = "completed",
        Failed = "failed",
    }
}

string_enum! {
    pub enum TransferNoticeType {
        StatusUpdate = "status_update",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DomainTransfer {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub domain_id: ObjectId,
    pub user_id: ObjectId,
    pub transfer_type: TransferType,
    pub status: TransferStatus,
    pub current_registrar: String,
    pub target_registrar: String,
    pub initiated_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub estimated_completion_date: Option<Timestamp>,
    pub notifications: Vec<TransferNotice>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(DomainTransfer, Collection::DomainTransfers);

/// One message in a transfer's history (the plan's `notifications[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransferNotice {
    #[serde(rename = "type")]
    pub notice_type: TransferNoticeType,
    pub message: String,
    pub sent_at: Timestamp,
}
