//! The commands the window calls, by business area. Each parses its input,
//! calls hjs-client (or the [`Desk`](crate::desk::Desk)) and maps the error:
//! a few lines, no rules of their own.

pub mod app;
pub mod audit;
pub mod dns;
pub mod documents;
pub mod domains;
pub mod email_forwarding;
pub mod notifications;
pub mod outbox;
pub mod support;
