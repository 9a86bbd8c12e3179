//! The collections, named as the API and the change feed name them.

use serde::{Deserialize, Serialize};

use crate::string_enum;

string_enum! {
    /// A collection of documents. The wire name is used in the change feed,
    /// the snapshot stream and the desktop cache.
    pub enum Collection {
        Users = "users",
        Domains = "domains",
        DnsRecords = "dnsRecords",
        EmailForwardings = "emailForwardings",
        DomainTransfers = "domainTransfers",
        DomainOrders = "domainOrders",
        PaymentMethods = "paymentMethods",
        HostingPackages = "hostingPackages",
        HostingProjects = "hostingProjects",
        Deployments = "deployments",
        SupportPackages = "supportPackages",
        SupportTickets = "supportTickets",
        SupportMessages = "supportMessages",
        Notifications = "notifications",
        AuditEvents = "auditEvents",
        ZoneVersions = "zoneVersions",
        CannedReplies = "cannedReplies",
    }
}

/// Generates a closed set of string values: serde and OpenAPI use the given
/// wire names, `as_str` and `FromStr` use them for storage and query strings.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:tt),+ $(,)? }) => {
        $(#[$meta])*
        // `$wire` is taken as a plain token (`tt`), not a `literal` fragment:
        // utoipa does not see through the group a `literal` arrives in, and
        // would document the variants' Rust names instead of the wire's.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire and storage name.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::error::ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    _ => Err($crate::error::ParseError::new(
                        "invalid_value",
                        format!("'{}' is not one of: {}", s.chars().take(40).collect::<String>(), [$($wire),+].join(", ")),
                    )),
                }
            }
        }
    };
}
