//! Domains: list with filters and cursor paging, get one, change settings
//! (auto-renew, WHOIS privacy, transfer lock, name servers).

pub mod list;
pub mod settings;

use axum::routing::get;
use axum::Router;
use hjs_model::documents::Domain;

use crate::store::{impl_stored, Column};
use crate::AppState;

pub use hjs_model::documents::DomainSettings;
pub use list::DomainFilter;

impl_stored!(Domain, "domains", |domain| [
    "domain_name" => Column::Text(domain.domain_name.as_str().to_string()),
    "status" => Column::Text(domain.status.as_str().to_string()),
    "expiration_date" => Column::Text(domain.expiration_date.to_string()),
    "auto_renew" => Column::flag(domain.auto_renew),
]);

pub fn router() -> Router<AppState> {
    Router::new().route("/domains", get(list::list)).route("/domains/{id}", get(settings::get).patch(settings::update))
}
