//! GET /api/v1/domains.

use axum::extract::State;
use axum::response::Response;
use hjs_model::documents::DomainStatus;
use hjs_model::{Collection, FieldErrors, ObjectId, Timestamp};
use serde::Deserialize;

use crate::error::ApiResult;
use crate::http::{encode_cursor, page_response, PageQuery, QueryParams};
use crate::scope::Principal;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
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
    pub limit: Option<u32>,
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
            errors.push(hjs_model::FieldError::new("sort", "invalid_value", "sort must be domainName, -domainName, expirationDate or -expirationDate"));
            Sort { column: "domain_name", descending: false }
        }
    }
}

/// GET /api/v1/domains: the domains the caller can see, filtered and paged.
#[utoipa::path(get, path = "/api/v1/domains", tag = "domains", params(DomainFilter),
    responses((status = 200, description = "`{items: Domain[], nextCursor}`"), (status = 422, body = crate::error::Problem)))]
pub async fn list(State(state): State<AppState>, principal: Principal, QueryParams(filter): QueryParams<DomainFilter>) -> ApiResult<Response> {
    let mut errors = FieldErrors::new();
    let status = filter.status.as_deref().and_then(|s| errors.check("status", s.parse::<DomainStatus>()));
    let expiring_before = filter.expiring_before.as_deref().and_then(|t| errors.check("expiringBefore", Timestamp::parse(t)));
    let user_id = filter.user_id.as_deref().and_then(|u| errors.check("userId", ObjectId::parse(u)));
    if let Some(q) = &filter.q {
        crate::http::bounded_text(&mut errors, "q", q, 253);
    }
    let sort = parse_sort(&mut errors, filter.sort.as_deref());
    let page = PageQuery { limit: filter.limit, cursor: filter.cursor.clone() };
    let limit = errors.check("limit", page.limit().map_err(|_| hjs_model::error::ParseError::new("out_of_range", "limit must be between 1 and 500")));
    let after = page.after();
    errors.into_result()?;
    let after = after?;
    let limit = limit.unwrap_or(crate::http::DEFAULT_PAGE);

    let clause = principal.scope().owner_clause(Collection::Domains, 1);
    let mut sql = format!("SELECT id, {}, body FROM domains WHERE {}", sort.column, clause.sql);
    let mut binds = clause.binds;
    let bind = |value: String, binds: &mut Vec<String>| {
        binds.push(value);
        format!("${}", binds.len())
    };
    if let Some(status) = status {
        sql.push_str(&format!(" AND status = {}", bind(status.as_str().into(), &mut binds)));
    }
    if let Some(before) = expiring_before {
        sql.push_str(&format!(" AND expiration_date < {}", bind(before.to_string(), &mut binds)));
    }
    if let Some(auto_renew) = filter.auto_renew {
        sql.push_str(&format!(" AND auto_renew = {}", auto_renew as i64));
    }
    if let Some(user) = user_id {
        sql.push_str(&format!(" AND owner_id = {}", bind(user.to_string(), &mut binds)));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        sql.push_str(&format!(" AND domain_name LIKE {} ESCAPE '\\'", bind(format!("%{escaped}%"), &mut binds)));
    }
    let (cmp, order) = if sort.descending { ("<", "DESC") } else { (">", "ASC") };
    if let Some((key, id)) = after {
        let key = bind(key, &mut binds);
        let id = bind(id, &mut binds);
        sql.push_str(&format!(" AND ({col} {cmp} {key} OR ({col} = {key} AND id {cmp} {id}))", col = sort.column));
    }
    sql.push_str(&format!(" ORDER BY {col} {order}, id {order} LIMIT {}", limit + 1, col = sort.column));

    let mut query = sqlx::query_as::<_, (String, String, String)>(&sql);
    for value in binds {
        query = query.bind(value);
    }
    let mut rows = query.fetch_all(&state.db.pool).await?;
    let next = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|(id, key, _)| encode_cursor(key, id))
    } else {
        None
    };
    Ok(page_response(rows.into_iter().map(|(_, _, body)| body).collect(), next))
}
