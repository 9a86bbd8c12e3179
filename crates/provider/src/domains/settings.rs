//! GET and PATCH /api/v1/domains/{id}.

use axum::extract::{Path, State};
use axum::Json;
use hjs_model::documents::domains::{default_nameservers, parse_nameservers};
use hjs_model::documents::{Domain, DomainStatus};
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::http::{check_version, idempotent_write, IdempotencyKey, IfMatch, JsonBody, Stored};
use crate::scope::Principal;
use crate::store::fetch_one;
use crate::AppState;

/// The settings a customer changes on a domain. Absent fields stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DomainSettings {
    pub auto_renew: Option<bool>,
    pub whois_privacy: Option<bool>,
    pub transfer_lock: Option<bool>,
    /// 2–13 host names. Sets `useDefaultNameservers` to false.
    pub nameservers: Option<Vec<String>>,
    /// `true` restores the provider's name servers.
    pub use_default_nameservers: Option<bool>,
}

fn parse_id(id: &str) -> ApiResult<ObjectId> {
    // A malformed id can name no document: same answer as a missing one.
    ObjectId::parse(id).map_err(|_| ApiError::NotFound)
}

/// GET /api/v1/domains/{id}
#[utoipa::path(get, path = "/api/v1/domains/{id}", tag = "domains", params(("id" = String, Path)),
    responses((status = 200, body = Domain), (status = 404, body = crate::error::Problem)))]
pub async fn get(State(state): State<AppState>, principal: Principal, Path(id): Path<String>) -> ApiResult<Json<Domain>> {
    let id = parse_id(&id)?;
    let mut conn = state.db.pool.acquire().await?;
    Ok(Json(fetch_one(&mut conn, &principal.scope(), id).await?))
}

/// PATCH /api/v1/domains/{id}: change settings; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/domains/{id}", tag = "domains", request_body = DomainSettings,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = Domain), (status = 404, body = crate::error::Problem), (status = 412, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(settings): JsonBody<DomainSettings>,
) -> ApiResult<Stored> {
    let id = parse_id(&id)?;
    principal.ensure_can_write(Collection::Domains)?;
    let change = parse_settings(&settings)?;
    let fingerprint = format!("domain-settings {id} {expected} {}", serde_json::to_string(&settings).unwrap_or_default());
    let scope = principal.scope();
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let mut domain: Domain = fetch_one(&mut tx.tx, &scope, id).await?;
            check_version(domain.version, expected, &domain)?;
            apply(&mut domain, change)?;
            domain.version += 1;
            domain.updated_at = Timestamp::now();
            tx.update(&domain).await?;
            Stored::ok(&domain)
        })
    })
    .await
}

/// A validated settings change.
#[derive(Debug, Clone)]
pub struct SettingsChange {
    auto_renew: Option<bool>,
    whois_privacy: Option<bool>,
    transfer_lock: Option<bool>,
    nameservers: Option<Vec<hjs_model::Hostname>>,
}

fn parse_settings(settings: &DomainSettings) -> ApiResult<SettingsChange> {
    let mut errors = FieldErrors::new();
    let nameservers = match (&settings.nameservers, settings.use_default_nameservers) {
        (Some(_), Some(true)) => {
            errors.push(FieldError::new(
                "useDefaultNameservers",
                "conflict",
                "give either nameservers or useDefaultNameservers: true, not both",
            ));
            None
        }
        (Some(list), _) => parse_nameservers(list).map_err(|e| errors.0.extend(e.0)).ok(),
        (None, Some(true)) => Some(default_nameservers()),
        (None, Some(false)) => {
            errors.push(FieldError::new(
                "useDefaultNameservers",
                "invalid_value",
                "to stop using the defaults, give the nameservers to use",
            ));
            None
        }
        (None, None) => None,
    };
    let change = SettingsChange {
        auto_renew: settings.auto_renew,
        whois_privacy: settings.whois_privacy,
        transfer_lock: settings.transfer_lock,
        nameservers,
    };
    if errors.is_empty()
        && change.auto_renew.is_none()
        && change.whois_privacy.is_none()
        && change.transfer_lock.is_none()
        && change.nameservers.is_none()
    {
        errors.push(FieldError::new("_", "empty", "nothing to change"));
    }
    errors.into_result()?;
    Ok(change)
}

fn apply(domain: &mut Domain, change: SettingsChange) -> ApiResult<()> {
    if matches!(domain.status, DomainStatus::Transferred) {
        return Err(ApiError::Conflict {
            code: "domain_transferred",
            detail: "this domain was transferred away and can no longer be changed".into(),
        });
    }
    if let Some(value) = change.auto_renew {
        domain.auto_renew = value;
    }
    if let Some(value) = change.whois_privacy {
        domain.whois_privacy = value;
    }
    if let Some(value) = change.transfer_lock {
        domain.transfer_lock = value;
    }
    if let Some(nameservers) = change.nameservers {
        domain.use_default_nameservers = nameservers == default_nameservers();
        domain.nameservers = nameservers;
    }
    Ok(())
}
