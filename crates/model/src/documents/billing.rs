//! Payment methods: tokenized at the payment provider; only the last four
//! digits, brand and expiry are held here.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Collection, ObjectId, Timestamp};

string_enum! {
    pub enum PaymentMethodType {
        Card = "card",
        Paypal = "paypal",
        BankAccount = "bank_account",
    }
}

string_enum! {
    pub enum PaymentProvider {
        Stripe = "stripe",
        Paypal = "paypal",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub user_id: ObjectId,
    #[serde(rename = "type")]
    pub method_type: PaymentMethodType,
    pub provider: PaymentProvider,
    /// The provider's token, e.g. `pm_123456`. Not a card number.
    pub provider_id: String,
    pub last_four: Option<String>,
    pub brand: Option<String>,
    pub expiry_month: Option<u8>,
    pub expiry_year: Option<u16>,
    pub is_default: bool,
    pub is_active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(PaymentMethod, Collection::PaymentMethods);
