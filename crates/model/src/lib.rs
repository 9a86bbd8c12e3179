//! The HostJamstack data model: the schema plan's fourteen documents as serde
//! types, the newtypes that parse input at the edge, and the business rules
//! that both the provider and the desktop apply. This crate does no I/O.
//!
//! # Layout
//!
//! - [`id`], [`time`], [`money`], [`names`]: parse-don't-validate newtypes
//!   (`ObjectId`, `Timestamp`, `Amount`/`Currency`, `DomainName`, `Hostname`,
//!   `EmailAddress`).
//! - [`documents`]: one module per business area holding its documents with
//!   the plan's field names and nesting, plus the enums of every status, type
//!   and role field.
//! - [`collection`]: the list of collections the change feed speaks about.
//! - [`error`]: [`FieldError`], the one shape every validation failure takes.
//! - [`dns`], [`forwarding`], [`support`]: the rules of a business area
//!   that both sides apply; [`files`]: those of attached files.
//!
//! Every document carries `version` (bumped on each write) besides the plan's
//! fields. Secrets the plan lists on documents (`password`, `twoFactorSecret`,
//! `emailVerificationToken`, `passwordResetToken`, a transfer's `authCode`) are
//! deliberately absent from these types: they never leave the provider inside
//! a document, so no type that can be serialized to a client holds them.

pub mod collection;
pub mod dns;
pub mod documents;
pub mod error;
pub mod files;
pub mod forwarding;
pub mod id;
pub mod money;
pub mod names;
pub mod support;
pub mod time;

pub use collection::Collection;
pub use error::{FieldError, FieldErrors};
pub use id::ObjectId;
pub use money::{Amount, Currency};
pub use names::{DomainName, EmailAddress, Hostname};
pub use time::Timestamp;
