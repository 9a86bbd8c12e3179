//! Names people type: [`DomainName`], [`Hostname`] and [`EmailAddress`].
//!
//! Internationalized names go through UTS #46 processing (the `idna` crate,
//! non-transitional, STD3 rules, hyphen checks, DNS lengths) and are stored
//! in their ASCII (Punycode) form; the Unicode form is for display.
//! A domain must sit under a suffix of the Public Suffix List (the `psl`
//! crate), so `example.invalid` or a bare `com` is refused before a registrar
//! or a DNS server ever sees it.

use std::fmt;

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ParseError;

/// Longest input we even look at; longer text is refused unprocessed.
const MAX_INPUT: usize = 320;

fn to_ascii(input: &str) -> Result<String, ParseError> {
    let trimmed = input.trim();
    if trimmed.len() > MAX_INPUT {
        return Err(ParseError::new("too_long", "name is longer than 253 characters"));
    }
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if trimmed.is_empty() {
        return Err(ParseError::new("required", "name is empty"));
    }
    Uts46::new()
        .to_ascii(trimmed.as_bytes(), AsciiDenyList::STD3, Hyphens::Check, DnsLength::Verify)
        .map(|ascii| ascii.into_owned())
        .map_err(|_| ParseError::new("invalid_name", format!("'{}' is not a valid host name", shorten(trimmed))))
}

fn to_unicode(ascii: &str) -> String {
    let (unicode, _) = Uts46::new().to_unicode(ascii.as_bytes(), AsciiDenyList::STD3, Hyphens::Check);
    unicode.into_owned()
}

fn shorten(input: &str) -> String {
    input.chars().take(60).collect()
}

macro_rules! text_serde {
    ($ty:ident, $example:literal) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .max_length(Some(253))
                    .examples([$example])
                    .into()
            }
        }

        impl utoipa::ToSchema for $ty {}
    };
}

/// A registrable or delegated domain name under a known public suffix, held
/// in lowercase ASCII form (`xn--bcher-kva.example` for `bücher.example`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DomainName(String);

impl DomainName {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let ascii = to_ascii(input).map_err(|e| match e.code {
            "invalid_name" => ParseError::new("invalid_domain_name", format!("'{}' is not a valid domain name", shorten(input.trim()))),
            _ => e,
        })?;
        let suffix = psl::suffix(ascii.as_bytes()).filter(|suffix| suffix.is_known()).ok_or_else(|| {
            ParseError::new("unknown_public_suffix", format!("'{}' does not end in a known public suffix", shorten(input.trim())))
        })?;
        if suffix.as_bytes().len() >= ascii.len() {
            return Err(ParseError::new("public_suffix_only", format!("'{}' is a public suffix, not a domain", shorten(input.trim()))));
        }
        Ok(Self(ascii))
    }

    /// The stored, ASCII form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form to show people (`bücher.example`).
    pub fn unicode(&self) -> String {
        to_unicode(&self.0)
    }

    /// The registrable part: the public suffix plus one label.
    pub fn registrable(&self) -> &str {
        psl::domain_str(&self.0).unwrap_or(&self.0)
    }
}

text_serde!(DomainName, "example.com");

/// A DNS host name with at least two labels, such as a name server
/// (`ns1.hostjamstack.com`). No public-suffix requirement: name servers may
/// live under private suffixes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hostname(String);

impl Hostname {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let ascii = to_ascii(input).map_err(|e| match e.code {
            "invalid_name" => ParseError::new("invalid_hostname", format!("'{}' is not a valid host name", shorten(input.trim()))),
            _ => e,
        })?;
        let last = ascii.rsplit('.').next().unwrap_or_default();
        if !ascii.contains('.') || last.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::new("invalid_hostname", format!("'{}' is not a fully qualified host name", shorten(input.trim()))));
        }
        Ok(Self(ascii))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn unicode(&self) -> String {
        to_unicode(&self.0)
    }
}

text_serde!(Hostname, "ns1.hostjamstack.com");

/// An e-mail address: an RFC 5322 local part and a host name domain (in
/// ASCII form, lowercased). Quoted local parts and IP literals are refused:
/// no mailbox we forward to or sign in with uses them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let input = input.trim();
        let invalid = || ParseError::new("invalid_email", format!("'{}' is not a valid e-mail address", shorten(input)));
        if input.len() > 254 {
            return Err(ParseError::new("too_long", "e-mail address is longer than 254 characters"));
        }
        let (local, domain) = input.rsplit_once('@').ok_or_else(invalid)?;
        if local.is_empty() || local.len() > 64 || local.starts_with('"') {
            return Err(invalid());
        }
        let domain = Hostname::parse(domain).map_err(|_| invalid())?;
        let address = format!("{local}@{}", domain.as_str());
        if !email_address::EmailAddress::is_valid(&address) {
            return Err(invalid());
        }
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map(|(local, _)| local).unwrap_or_default()
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, domain)| domain).unwrap_or_default()
    }

    /// The form used to compare and look up sign-in addresses.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

text_serde!(EmailAddress, "john@example.com");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_stored_in_ascii_and_shown_in_unicode() {
        let name = DomainName::parse("Bücher.Example.COM.").unwrap();
        assert_eq!(name.as_str(), "xn--bcher-kva.example.com");
        assert_eq!(name.unicode(), "bücher.example.com");
        assert_eq!(name.registrable(), "example.com");
    }

    #[test]
    fn domains_must_sit_under_a_known_public_suffix() {
        assert_eq!(DomainName::parse("example.notatld").unwrap_err().code, "unknown_public_suffix");
        assert_eq!(DomainName::parse("co.uk").unwrap_err().code, "public_suffix_only");
        assert_eq!(DomainName::parse("com").unwrap_err().code, "public_suffix_only");
        assert!(DomainName::parse("shop.example.co.uk").is_ok());
    }

    #[test]
    fn malformed_domains_are_refused() {
        for bad in ["-bad.com", "bad-.com", "ex ample.com", "a..b.com", "", &format!("{}.com", "a".repeat(64))] {
            assert!(DomainName::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn hostnames_need_two_labels_and_a_non_numeric_tld() {
        assert!(Hostname::parse("ns1.hostjamstack.com").is_ok());
        assert!(Hostname::parse("ns1.internal").is_ok());
        assert!(Hostname::parse("localhost").is_err());
        assert!(Hostname::parse("192.168.1.1").is_err());
    }

    #[test]
    fn email_addresses_parse_and_lowercase_their_domain() {
        let address = EmailAddress::parse(" John.Doe+tag@Example.COM ").unwrap();
        assert_eq!(address.as_str(), "John.Doe+tag@example.com");
        assert_eq!(address.domain(), "example.com");
        for bad in ["john", "@example.com", "john@", "john@@example.com", "john doe@example.com", "john@localhost", "\"john\"@example.com"]
        {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?} must be refused");
        }
    }
}
