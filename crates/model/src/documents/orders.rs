//! Domain orders: what was bought, for how much, and how it was paid.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::documents::billing::PaymentProvider;
use crate::{string_enum, Amount, Collection, Currency, DomainName, ObjectId, Timestamp};

string_enum! {
    pub enum OrderStatus {
        Pending = "pending",
        Processing = "processing",
        Completed = "completed",
        Failed = "failed",
        Refunded = "refunded",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DomainOrder {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub user_id: ObjectId,
    pub order_number: String,
    pub status: OrderStatus,
    pub domain_name: DomainName,
    pub registration_period: u8,
    pub is_premium: bool,
    pub subtotal: Amount,
    pub taxes: Amount,
    pub total: Amount,
    pub currency: Currency,
    pub payment_method: PaymentProvider,
    pub payment_intent_id: Option<String>,
    pub paid_at: Option<Timestamp>,
    /// Set once the domain exists.
    pub domain_id: Option<ObjectId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(DomainOrder, Collection::DomainOrders);
