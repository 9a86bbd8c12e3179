//! Support: packages (what a customer is entitled to), tickets and the
//! messages of their threads. A message of type `note` is internal: staff
//! only, never shown to the customer.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Amount, Collection, Currency, DomainName, ObjectId, Timestamp};

use super::hosting::BillingCycle;

string_enum! {
    pub enum SupportPackageType {
        Basic = "basic",
        Priority = "priority",
        Enterprise = "enterprise",
    }
}

string_enum! {
    pub enum SupportPackageStatus {
        Active = "active",
        Expired = "expired",
        Cancelled = "cancelled",
    }
}

string_enum! {
    pub enum SupportChannel {
        Email = "email",
        Phone = "phone",
        Chat = "chat",
    }
}

string_enum! {
    pub enum TicketPriority {
        Low = "low",
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

string_enum! {
    pub enum TicketStatus {
        Open = "open",
        InProgress = "in_progress",
        WaitingCustomer = "waiting_customer",
        Resolved = "resolved",
        Closed = "closed",
    }
}

string_enum! {
    pub enum TicketCategory {
        Technical = "technical",
        Billing = "billing",
        General = "general",
        Migration = "migration",
    }
}

string_enum! {
    pub enum MessageType {
        Reply = "reply",
        Note = "note",
        StatusChange = "status_change",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportPackage {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub user_id: ObjectId,
    pub package_name: String,
    pub package_type: SupportPackageType,
    pub status: SupportPackageStatus,
    pub features: Vec<String>,
    /// -1 for unlimited.
    pub monthly_tickets: i32,
    /// Minutes.
    pub response_time_guarantee: u32,
    pub support_channels: Vec<SupportChannel>,
    pub price: Amount,
    pub currency: Currency,
    pub billing_cycle: BillingCycle,
    pub next_billing_date: Option<Timestamp>,
    pub auto_renew: bool,
    pub current_usage: SupportUsage,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(SupportPackage, Collection::SupportPackages);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportUsage {
    pub tickets_used: u32,
    pub hours_used: f64,
    /// When monthly usage resets.
    pub reset_date: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportTicket {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub user_id: ObjectId,
    pub support_package_id: Option<ObjectId>,
    pub ticket_number: String,
    pub subject: String,
    pub description: String,
    pub priority: TicketPriority,
    pub status: TicketStatus,
    pub category: TicketCategory,
    pub subcategory: Option<String>,
    /// A support staff user.
    pub assigned_to: Option<ObjectId>,
    pub assigned_at: Option<Timestamp>,
    pub first_response_at: Option<Timestamp>,
    pub last_response_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub sla_breached: bool,
    pub related_domains: Vec<DomainName>,
    pub related_hosting_packages: Vec<ObjectId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(SupportTicket, Collection::SupportTickets);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupportMessage {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub ticket_id: ObjectId,
    /// The customer who wrote it; null when written by support staff.
    pub user_id: Option<ObjectId>,
    pub content: String,
    pub message_type: MessageType,
    pub is_from_customer: bool,
    pub attachments: Vec<Attachment>,
    pub staff_info: Option<StaffInfo>,
    pub status_change: Option<StatusChange>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

impl SupportMessage {
    /// Internal notes are for staff only.
    pub fn is_internal(&self) -> bool {
        self.message_type == MessageType::Note
    }
}

impl super::Document for SupportMessage {
    const COLLECTION: Collection = Collection::SupportMessages;
    fn id(&self) -> ObjectId {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
    fn owner_id(&self) -> Option<ObjectId> {
        self.user_id
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub filename: String,
    /// Bytes.
    pub file_size: u64,
    pub mime_type: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffInfo {
    pub name: String,
    pub role: String,
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub from: TicketStatus,
    pub to: TicketStatus,
}
