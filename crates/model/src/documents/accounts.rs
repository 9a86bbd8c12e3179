//! Users: the people who sign in, with profile, billing address and role.
//!
//! Beyond the plan: `resellerId` names the reseller whose client this user is
//! (null for direct customers, staff and resellers themselves), and the role
//! `reseller` exists. The plan's secret fields (`password`,
//! `twoFactorSecret`, `emailVerificationToken`, `passwordResetToken`,
//! `passwordResetExpires`) are kept by the provider beside the document,
//! hashed, and are never part of it.

use serde::{Deserialize, Serialize};

use crate::{string_enum, EmailAddress, ObjectId, Timestamp};

string_enum! {
    /// What a user may do. Resellers act on their clients' documents; support
    /// reads every customer's documents and works tickets; admin does anything.
    pub enum UserRole {
        User = "user",
        Reseller = "reseller",
        Support = "support",
        Admin = "admin",
    }
}

impl UserRole {
    /// Support and admin work for the provider rather than for an account.
    pub fn is_staff(&self) -> bool {
        matches!(self, UserRole::Support | UserRole::Admin)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub email: EmailAddress,
    pub first_name: String,
    pub last_name: String,
    pub email_verified: bool,
    pub profile: UserProfile,
    pub billing: UserBilling,
    pub is_active: bool,
    pub role: UserRole,
    pub two_factor_enabled: bool,
    /// Beyond the plan: the reseller this user is a client of.
    pub reseller_id: Option<ObjectId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

impl User {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    pub company: Option<String>,
    pub phone: Option<String>,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub timezone: String,
    /// BCP 47 language tag, e.g. `en`.
    pub language: String,
}

impl Default for UserProfile {
    fn default() -> Self {
        Self { company: None, phone: None, timezone: "UTC".into(), language: "en".into() }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserBilling {
    /// Reference to a payment method of this user.
    pub default_payment_method: Option<ObjectId>,
    pub billing_address: Option<BillingAddress>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BillingAddress {
    pub street: String,
    pub city: String,
    pub state: Option<String>,
    pub zip_code: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

impl super::Document for User {
    const COLLECTION: crate::Collection = crate::Collection::Users;
    fn id(&self) -> ObjectId {
        self.id
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn set_version(&mut self, version: i64) {
        self.version = version;
    }
    /// A user document belongs to the user themself.
    fn owner_id(&self) -> Option<ObjectId> {
        Some(self.id)
    }
}
