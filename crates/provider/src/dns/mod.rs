//! DNS: a domain's zone records, edited one at a time or as a plan applied
//! all or nothing, with every applied plan kept as a zone version.
//!
//! Every write here, a single record's included, is a plan: the rules of
//! `hjs_model::dns` are applied to the whole zone under the writer lock, so
//! two edits at once can never leave a CNAME beside another record.

pub mod plans;
pub mod records;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use hjs_model::documents::{DnsRecord, ZoneVersion};

use crate::store::{impl_stored, Column};
use crate::AppState;

/// Largest plan body: a 10,000-record zone import is about 2 MB.
pub const MAX_PLAN_BYTES: usize = 8 * 1024 * 1024;

impl_stored!(DnsRecord, "dns_records", |record| [
    "domain_id" => Column::Text(record.domain_id.to_string()),
    "type" => Column::Text(record.record_type.as_str().to_string()),
    "name" => Column::Text(record.name.clone()),
]);

impl crate::store::Stored for ZoneVersion {
    const TABLE: &'static str = "zone_versions";
    fn columns(&self) -> Vec<(&'static str, Column)> {
        vec![("domain_id", Column::Text(self.domain_id.to_string())), ("zone_version", Column::Int(self.zone_version))]
    }
    fn created_at(&self) -> hjs_model::Timestamp {
        self.created_at
    }
    fn updated_at(&self) -> hjs_model::Timestamp {
        self.created_at
    }
    fn set_updated_at(&mut self, _: hjs_model::Timestamp) {}
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/domains/{id}/dns-records", get(records::list))
        .route("/domains/{id}/dns-plans", post(plans::apply).layer(DefaultBodyLimit::max(MAX_PLAN_BYTES)))
        .route("/dns-records/{id}", put(records::create).get(records::get).patch(records::update).delete(records::delete))
}
