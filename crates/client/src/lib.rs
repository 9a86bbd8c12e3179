//! The HostJamstack desktop engine, without a window: a local SQLite cache
//! per workspace kept in step with the provider, an offline outbox for
//! edits, the queries behind every screen, and credentials in the OS
//! keyring. The Tauri shell and the `hjs` CLI are thin fronts over it.
//!
//! # Layout
//!
//! - [`workspaces`]: the list of workspaces (provider URL + account) and
//!   where their files live; [`credentials`]: session tokens in the keyring.
//! - [`workspace`]: [`Workspace`], an open workspace and the operations on it.
//! - [`cache`]: the cache file, its migrations (top-level `migrations/`) and
//!   how documents are written into it.
//! - [`bootstrap`]: filling the cache from the provider's snapshot;
//!   [`unjournaled`]: how it writes without a journal when it safely can.
//! - [`sync`]: pulling changes, the live loop, the status stream.
//! - [`outbox`]: edits queued offline ([`outbox::Operation`]), optimistic
//!   application, push, conflicts and failures.
//! - [`queries`]: what the screens read; [`dashboard`]: the dashboard's figures.
//! - Business areas, each with its operations (and, as they grow, its
//!   queries): [`dns`] (plans, zone files), [`email_forwarding`],
//!   [`audit`] (the audit log, a document's history, CSV).
//! - [`api`]: the provider's HTTP API; [`error`]: [`ClientError`].
//!
//! Reads never touch the network. Writes go to the cache and the outbox in
//! one transaction, then to the provider when it can be reached.

pub mod api;
pub mod audit;
pub mod bootstrap;
pub mod cache;
pub mod credentials;
pub mod dashboard;
pub mod dns;
pub mod email_forwarding;
pub mod error;
pub mod outbox;
pub mod queries;
pub mod support;
pub mod sync;
pub mod unjournaled;
pub mod workspace;
pub mod workspaces;

pub use error::{ClientError, Result};
pub use workspace::{SignIn, SignedIn, Workspace};
pub use workspaces::{Home, WorkspaceInfo, Workspaces};
