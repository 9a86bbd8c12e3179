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

/// A page of the documents of `table` under a domain the caller sees (its
/// DNS records, its forwards), oldest first; 404 for a domain outside the view.
pub async fn page_of_domain(
    state: &AppState,
    principal: &crate::scope::Principal,
    domain_id: hjs_model::ObjectId,
    table: &'static str,
    collection: hjs_model::Collection,
    page: crate::http::PageQuery,
) -> crate::error::ApiResult<axum::response::Response> {
    let parent = crate::http::Parent { collection: hjs_model::Collection::Domains, id: domain_id, column: "domain_id" };
    crate::http::page_under(state, principal, parent, table, collection, page).await
}
