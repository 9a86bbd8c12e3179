//! Domains: registrations with their dates, status, name servers, prices and
//! the registrar-side features (privacy, transfer lock).

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Amount, Collection, Currency, DomainName, Hostname, ObjectId, Timestamp};

string_enum! {
    pub enum DomainStatus {
        Active = "active",
        Pending = "pending",
        Expired = "expired",
        Suspended = "suspended",
        Transferred = "transferred",
    }
}

/// The provider's own name servers, used when `useDefaultNameservers` is true.
pub const DEFAULT_NAMESERVERS: [&str; 2] = ["ns1.hostjamstack.com", "ns2.hostjamstack.com"];

/// A domain delegates to between 2 and 13 name servers (registry limits).
pub const MIN_NAMESERVERS: usize = 2;
pub const MAX_NAMESERVERS: usize = 13;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub domain_name: DomainName,
    pub user_id: ObjectId,
    pub registration_date: Timestamp,
    pub expiration_date: Timestamp,
    pub auto_renew: bool,
    /// Years.
    pub registration_period: u8,
    pub is_premium: bool,
    pub status: DomainStatus,
    pub registrar: String,
    pub registrar_domain_id: Option<String>,
    pub nameservers: Vec<Hostname>,
    pub use_default_nameservers: bool,
    pub purchase_price: Amount,
    pub renewal_price: Amount,
    pub currency: Currency,
    pub whois_privacy: bool,
    pub transfer_lock: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(Domain, Collection::Domains);

/// The default name servers as parsed host names.
pub fn default_nameservers() -> Vec<Hostname> {
    DEFAULT_NAMESERVERS.iter().filter_map(|name| Hostname::parse(name).ok()).collect()
}

/// Checks a name-server list: 2–13 distinct valid host names, in the order
/// given. Returns the parsed list or the reason, naming the offending entry.
pub fn parse_nameservers(input: &[String]) -> Result<Vec<Hostname>, crate::FieldErrors> {
    let mut errors = crate::FieldErrors::new();
    if !(MIN_NAMESERVERS..=MAX_NAMESERVERS).contains(&input.len()) {
        errors.push(crate::FieldError::new(
            "nameservers",
            "invalid_count",
            format!("a domain needs between {MIN_NAMESERVERS} and {MAX_NAMESERVERS} name servers, got {}", input.len()),
        ));
    }
    let mut parsed: Vec<Hostname> = Vec::with_capacity(input.len());
    for (i, raw) in input.iter().enumerate().take(MAX_NAMESERVERS + 1) {
        let field = format!("nameservers[{i}]");
        if let Some(host) = errors.check(&field, Hostname::parse(raw)) {
            if parsed.contains(&host) {
                errors.push(crate::FieldError::new(field, "duplicate", format!("'{host}' is listed twice")));
            } else {
                parsed.push(host);
            }
        }
    }
    errors.into_result().map(|()| parsed)
}

/// The settings a customer changes on a domain (the body of
/// `PATCH /domains/{id}`, also what the desktop queues offline). Absent
/// fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DomainSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_renew: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whois_privacy: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer_lock: Option<bool>,
    /// 2–13 host names. Sets `useDefaultNameservers` to false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nameservers: Option<Vec<String>>,
    /// `true` restores the provider's name servers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub use_default_nameservers: Option<bool>,
}

/// A checked [`DomainSettings`], ready to apply.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettingsChange {
    auto_renew: Option<bool>,
    whois_privacy: Option<bool>,
    transfer_lock: Option<bool>,
    nameservers: Option<Vec<Hostname>>,
}

impl DomainSettings {
    /// Checks the change; every invalid field is reported at once.
    pub fn parse(&self) -> Result<SettingsChange, crate::FieldErrors> {
        let mut errors = crate::FieldErrors::new();
        let nameservers = match (&self.nameservers, self.use_default_nameservers) {
            (Some(_), Some(true)) => {
                errors.push(crate::FieldError::new(
                    "useDefaultNameservers",
                    "conflict",
                    "give either nameservers or useDefaultNameservers: true, not both",
                ));
                None
            }
            (Some(list), _) => parse_nameservers(list).map_err(|e| errors.0.extend(e.0)).ok(),
            (None, Some(true)) => Some(default_nameservers()),
            (None, Some(false)) => {
                errors.push(crate::FieldError::new(
                    "useDefaultNameservers",
                    "invalid_value",
                    "to stop using the defaults, give the nameservers to use",
                ));
                None
            }
            (None, None) => None,
        };
        let change = SettingsChange {
            auto_renew: self.auto_renew,
            whois_privacy: self.whois_privacy,
            transfer_lock: self.transfer_lock,
            nameservers,
        };
        if errors.is_empty() && change == SettingsChange::default() {
            errors.push(crate::FieldError::new("_", "empty", "nothing to change"));
        }
        errors.into_result()?;
        Ok(change)
    }
}

impl SettingsChange {
    /// Applies the change to a domain (version and timestamps are the caller's).
    pub fn apply(&self, domain: &mut Domain) {
        if let Some(value) = self.auto_renew {
            domain.auto_renew = value;
        }
        if let Some(value) = self.whois_privacy {
            domain.whois_privacy = value;
        }
        if let Some(value) = self.transfer_lock {
            domain.transfer_lock = value;
        }
        if let Some(nameservers) = &self.nameservers {
            domain.use_default_nameservers = *nameservers == default_nameservers();
            domain.nameservers = nameservers.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nameserver_lists_need_two_to_thirteen_distinct_hosts() {
        let ok = parse_nameservers(&["ns1.example.net".into(), "NS2.example.net.".into()]).unwrap();
        assert_eq!(ok[1].as_str(), "ns2.example.net");
        assert_eq!(parse_nameservers(&["ns1.example.net".into()]).unwrap_err().0[0].code, "invalid_count");
        let dup = parse_nameservers(&["ns1.example.net".into(), "ns1.example.net".into()]).unwrap_err();
        assert_eq!(dup.0[0].field, "nameservers[1]");
        let bad = parse_nameservers(&["ns1.example.net".into(), "not a host".into()]).unwrap_err();
        assert_eq!((bad.0[0].field.as_str(), bad.0[0].code.as_str()), ("nameservers[1]", "invalid_hostname"));
        let many: Vec<String> = (0..14).map(|i| format!("ns{i}.example.net")).collect();
        assert!(parse_nameservers(&many).is_err());
    }
}
