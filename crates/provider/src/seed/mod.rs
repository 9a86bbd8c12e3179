//! Seed data: the deterministic demo data set ([`demo`]) and generated
//! large data sets for load tests and benchmarks ([`generate_large`]).
//!
//! # The demo data set
//!
//! [`demo`] loads a small, realistic provider: an admin
//! (`admin@demo.hostjamstack.com`), two support staff, the reseller
//! "Northwind Reseller" (`reseller@demo.hostjamstack.com`) with four client
//! accounts, two direct customers and a second reseller ("Harbor Web
//! Partners", `harbor@demo.hostjamstack.com`) with one client. Around them:
//! 40 domains (one of them internationalized, `bäckerei-müller.de`) in every
//! status with expirations spread from hours to years ahead, their DNS
//! records of every type, e-mail forwards including catch-alls, transfers in
//! and out, orders, payment methods, hosting packages with projects and
//! deployments, support packages, tickets with whole threads (customer and
//! staff replies, status changes, internal notes, attachments) and
//! notifications. Every document lands in the change log, so a desktop that
//! syncs sees all of it.
//!
//! **Every demo account signs in with the password [`DEMO_PASSWORD`]
//! (`demo-password-2026`).** The accounts' addresses are listed in
//! [`DEMO_ACCOUNTS`].
//!
//! The data set is deterministic: document ids are derived from fixed
//! creation times ([`ObjectId::from_parts`]) and all history (creation,
//! messages, deployments) is placed relative to the fixed instant
//! [`DEMO_BASE`]. Only what looks ahead is placed relative to the moment of
//! seeding, so that renewal-risk and billing views stay meaningful whenever
//! the demo is loaded: domain expiration dates, next billing dates, usage
//! reset dates and expected transfer completion. User ids come from
//! [`crate::accounts::users::create`] and are not deterministic.
//!
//! Loading is idempotent: when the demo admin already exists, [`demo`]
//! returns a summary and inserts nothing. The whole data set is written in
//! one transaction, so it is either all there or not at all.
//!
//! Secrets stay beside the documents, never inside them: transfer auth codes
//! go to `domain_transfers.auth_code`, secret environment variable values to
//! `project_secrets`, password hashes to `user_secrets`.
//!
//! # Large data sets
//!
//! [`generate_large`] creates one reseller account
//! ([`LARGE_RESELLER_EMAIL`], password [`DEMO_PASSWORD`]) with its clients
//! and a [`LargeSpec`] worth of documents, written in batches through
//! [`bulk::BulkWriter`], which keeps the change log exactly as
//! [`crate::db::WriteTx::insert`] would, at a fraction of the cost.

mod bulk_writer;
mod demo_data;
mod demo_files;
mod large;

use anyhow::Context;
use hjs_model::{Amount, ObjectId, Timestamp};

use crate::db::Db;

pub use demo_data::demo;
pub use large::{generate_large, LargeSpec, LARGE_RESELLER_EMAIL};

/// The batched write path used by [`generate_large`].
pub mod bulk {
    pub use super::bulk_writer::BulkWriter;
}

/// The password of every account the seed creates (demo and large).
pub const DEMO_PASSWORD: &str = "demo-password-2026";

/// The demo admin; its presence marks the demo data set as loaded.
pub const DEMO_ADMIN_EMAIL: &str = "admin@demo.hostjamstack.com";

/// The demo reseller "Northwind Reseller".
pub const DEMO_RESELLER_EMAIL: &str = "reseller@demo.hostjamstack.com";

/// Every demo account: e-mail address and role. All sign in with [`DEMO_PASSWORD`].
pub const DEMO_ACCOUNTS: &[(&str, &str)] = &[
    ("admin@demo.hostjamstack.com", "admin"),
    ("sarah.johnson@demo.hostjamstack.com", "support"),
    ("tomas.oliveira@demo.hostjamstack.com", "support"),
    ("reseller@demo.hostjamstack.com", "reseller (Northwind Reseller)"),
    ("lena.mueller@demo.hostjamstack.com", "user, client of Northwind"),
    ("james.carter@demo.hostjamstack.com", "user, client of Northwind"),
    ("priya.raman@demo.hostjamstack.com", "user, client of Northwind"),
    ("marco.bianchi@demo.hostjamstack.com", "user, client of Northwind"),
    ("sophie.laurent@demo.hostjamstack.com", "user, direct customer"),
    ("daniel.kim@demo.hostjamstack.com", "user, direct customer"),
    ("harbor@demo.hostjamstack.com", "reseller (Harbor Web Partners)"),
    ("olivia.brown@demo.hostjamstack.com", "user, client of Harbor Web Partners"),
];

/// The fixed instant the demo's history is placed around (RFC 3339).
pub const DEMO_BASE: &str = "2026-11-23T16:00:00Z";

fn demo_base() -> anyhow::Result<Timestamp> {
    Timestamp::parse(DEMO_BASE).map_err(|e| anyhow::anyhow!("{e}")).context("DEMO_BASE")
}

/// An amount in cents; the seed's constants are all in range.
fn cents(minor: i64) -> Amount {
    Amount::from_minor(minor).unwrap_or(Amount::ZERO)
}

/// A deterministic id: the creation second, then the kind of document and
/// its number (kinds keep the demo's and the large sets' ids apart).
fn seed_id(created: Timestamp, kind: u8, n: u64) -> ObjectId {
    let seconds = (created.unix_millis() / 1000).clamp(0, u32::MAX as i64) as u32;
    ObjectId::from_parts(seconds, ((kind as u64) << 48) | (n & 0xffff_ffff_ffff))
}

fn days(n: i64) -> chrono::Duration {
    chrono::Duration::days(n)
}

fn hours(n: i64) -> chrono::Duration {
    chrono::Duration::hours(n)
}

fn minutes(n: i64) -> chrono::Duration {
    chrono::Duration::minutes(n)
}

/// Whether a user with this e-mail address exists.
async fn user_exists(db: &Db, email: &str) -> anyhow::Result<bool> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(email.to_lowercase()).fetch_optional(&db.pool).await?;
    Ok(found.is_some())
}

/// Row counts of the fourteen collection tables, as `name count, ...`.
async fn table_counts(db: &Db) -> anyhow::Result<String> {
    let mut parts = Vec::new();
    for collection in hjs_model::Collection::ALL {
        let n: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", crate::store::table_of(*collection))).fetch_one(&db.pool).await?;
        parts.push(format!("{} {n}", collection.as_str()));
    }
    Ok(parts.join(", "))
}
