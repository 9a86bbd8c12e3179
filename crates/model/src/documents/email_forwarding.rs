//! E-mail forwards: an address at one of the user's domains delivered on to
//! one or more other mailboxes. A catch-all forward has `fromEmail`
//! `*@domain` and takes whatever no other forward of that domain matches.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{Collection, EmailAddress, ObjectId, Timestamp};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailForwarding {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub domain_id: ObjectId,
    pub user_id: ObjectId,
    pub from_email: EmailAddress,
    pub to_emails: Vec<EmailAddress>,
    pub is_active: bool,
    pub catch_all: bool,
    pub forwarded_count: u64,
    pub last_forwarded_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(EmailForwarding, Collection::EmailForwardings);
