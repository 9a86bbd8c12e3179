//! GET /api/v1/domains.

use axum::extract::State;
use axum::response::Response;
use hjs_model::documents::DomainStatus;
use hjs_model::{Collection, FieldErrors, ObjectId, Timestamp};
use serde::Deserialize;

use crate::error::{ApiError, ApiResult};
use crate::http::{KeysetQuery, PageQuery, QueryParams};
use crate::scope::Principal;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DomainFilter {
    /// One of the domain statuses.
    pub status: Option<String>,
    /// Only domains expiring before this instant (RFC 3339).
    pub expiring_before: Option<String>,
    pub auto_renew: Option<bool>,
    /// Substring of the domain name.
    pub q: Option<String>,
    /// Only this account's domains (a reseller's client, for example).
    pub user_id: Option<String>,
    /// `domainName` (default), `-domainName`, `expirationDate` or `-expirationDate`.
    pub sort: Option<String>,
    /// At most this many items (1–500, default 50).
    #[param(minimum = 1, maximum = 500, nullable = false)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `nextCursor`).
    #[param(min_length = 1, nullable = false)]
    pub cursor: Option<String>,
}

struct Sort {
    column: &'static str,
    descending: bool,
}

fn parse_sort(errors: &mut FieldErrors, sort: Option<&str>) -> Sort {
    match sort.unwrap_or("domainName") {
        "domainName" => Sort { column: "domain_name", descending: false },
        "-domainName" => Sort { column: "domain_name", descending: true },
        "expirationDate" => Sort { column: "expiration_date", descending: false },
        "-expirationDate" => Sort { column: "expiration_date", descending: true },
        _ => {
            errors.push(hjs_model::FieldError::new(
                "sort",
                "invalid_value",
                "sort must be domainName, -domainName, expirationDate or -expirationDate",
            ));
            Sort { column: "domain_name", descending: false }
        }
    }
}

/// GET /api/v1/domains: the domains the caller can see, filtered and paged.
#[utoipa::path(get, path = "/api/v1/domains", tag = "domains", params(DomainFilter),
    responses((status = 200, description = "`{items: Domain[], nextCursor}`"), (status = 422, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    QueryParams(filter): QueryParams<DomainFilter>,
) -> ApiResult<Response> {
    let mut errors = FieldErrors::new();
    let status = filter.status.as_deref().and_then(|s| errors.check("status", s.parse::<DomainStatus>()));
    let expiring_before = filter.expiring_before.as_deref().and_then(|t| errors.check("expiringBefore", Timestamp::parse(t)));
    let user_id = filter.user_id.as_deref().and_then(|u| errors.check("userId", ObjectId::parse(u)));
    if let Some(q) = &filter.q {
        crate::http::bounded_text(&mut errors, "q", q, 253);
    }
    let sort = parse_sort(&mut errors, filter.sort.as_deref());
    let page = PageQuery { limit: filter.limit, cursor: filter.cursor.clone() };
    // Paging errors join the others so a person sees every problem at once.
    if let Err(ApiError::Validation(paging)) = page.limit().and_then(|_| page.after()) {
        errors.0.extend(paging.0);
    }
    errors.into_result()?;

    let mut query = KeysetQuery::new("domains", sort.column, sort.descending, principal.scope().owner_clause(Collection::Domains, 1));
    if let Some(status) = status {
        let status = query.bind(status.as_str().into());
        query.filter(format!("status = {status}"));
    }
    if let Some(before) = expiring_before {
        let before = query.bind(before.to_string());
        query.filter(format!("expiration_date < {before}"));
    }
    if let Some(auto_renew) = filter.auto_renew {
        query.filter(format!("auto_renew = {}", auto_renew as i64));
    }
    if let Some(user) = user_id {
        let user = query.bind(user.to_string());
        query.filter(format!("owner_id = {user}"));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let pattern = query.bind(format!("%{escaped}%"));
        query.filter(format!("domain_name LIKE {pattern} ESCAPE '\\'"));
    }
    query.page(&state.db.pool, &page).await
}
