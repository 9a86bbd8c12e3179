//! PATCH /api/v1/me: the signed-in user's names, profile and billing address.
//!
//! Absent fields stay as they are; `null` clears a field that may be empty
//! (`company`, `phone`, `billingAddress`, its `state`). A billing address is
//! merged field by field with the stored one and must then be complete.

use axum::extract::State;
use hjs_model::documents::{BillingAddress, User};
use hjs_model::{FieldError, FieldErrors, Timestamp};
use serde::{Deserialize, Deserializer, Serialize};

use super::users;
use crate::error::ApiResult;
use crate::http::{check_version, idempotent_write, IdempotencyKey, IfMatch, JsonBody, Stored};
use crate::scope::{Principal, Scope};
use crate::store::fetch_one;
use crate::AppState;

const TEXT_MAX: usize = 200;
const ZIP_MAX: usize = 20;
const PHONE_MAX: usize = 32;
const TIMEZONE_MAX: usize = 64;
const LANGUAGE_MAX: usize = 35;

/// A change to the caller's own user document.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileFields>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing: Option<BillingFields>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileFields {
    /// Up to 200 characters; `null` clears it.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub company: Option<Option<String>>,
    /// Up to 32 of digits, spaces and `+-()`; `null` clears it.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub phone: Option<Option<String>>,
    /// IANA time zone name such as `Europe/Berlin`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// BCP 47 language tag such as `en` or `pt-BR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillingFields {
    /// Merged with the stored address; `null` removes it.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<AddressFields>)]
    pub billing_address: Option<Option<AddressFields>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub state: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<String>,
    /// ISO 3166-1 alpha-2, upper case: `DE`, `US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Tells "absent" (`None`, via `default`) from "null" (`Some(None)`).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// PATCH /api/v1/me: changes the caller's names, profile or billing address; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts", request_body = ProfileChange,
    params(("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = User), (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem),
        (status = 428, body = crate::error::Problem)))]
pub async fn update(
    State(state): State<AppState>,
    principal: Principal,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(change): JsonBody<ProfileChange>,
) -> ApiResult<Stored> {
    let parsed = parse(&change)?;
    let id = principal.user_id;
    let fingerprint = format!("me-profile {id} {expected} {}", serde_json::to_string(&change).unwrap_or_default());
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let mut user: User = fetch_one(&mut tx.tx, &Scope::Own(id), id).await?;
            check_version(user.version, expected, &user)?;
            apply(&mut user, parsed)?;
            user.version += 1;
            user.updated_at = Timestamp::now();
            tx.update(&user).await?;
            Stored::ok(&user)
        })
    })
    .await
}

/// A validated change. `Some(None)` clears a field.
#[derive(Debug, Default)]
struct ParsedChange {
    first_name: Option<String>,
    last_name: Option<String>,
    company: Option<Option<String>>,
    phone: Option<Option<String>>,
    timezone: Option<String>,
    language: Option<String>,
    billing_address: Option<Option<AddressChange>>,
}

/// Validated address fields; those absent are taken from the stored address.
#[derive(Debug, Default)]
struct AddressChange {
    street: Option<String>,
    city: Option<String>,
    state: Option<Option<String>>,
    zip_code: Option<String>,
    country: Option<String>,
}

/// Checks every field that does not depend on the stored document,
/// reporting all problems at once.
fn parse(change: &ProfileChange) -> Result<ParsedChange, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut parsed = ParsedChange {
        first_name: change.first_name.as_deref().and_then(|name| errors.check("firstName", users::parse_name(name))),
        last_name: change.last_name.as_deref().and_then(|name| errors.check("lastName", users::parse_name(name))),
        ..ParsedChange::default()
    };
    if let Some(profile) = &change.profile {
        parsed.company =
            profile.company.as_ref().and_then(|company| optional_text(&mut errors, "profile.company", company.as_deref(), TEXT_MAX));
        parsed.phone = profile.phone.as_ref().and_then(|phone| {
            let phone = optional_text(&mut errors, "profile.phone", phone.as_deref(), PHONE_MAX)?;
            let valid = phone
                .as_deref()
                .is_none_or(|p| p.chars().any(|c| c.is_ascii_digit()) && p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)));
            if !valid {
                errors.push(FieldError::new("profile.phone", "invalid_phone", "use digits, spaces and + - ( ) only"));
            }
            valid.then_some(phone)
        });
        parsed.timezone = profile.timezone.as_deref().and_then(|timezone| {
            let timezone = required_text(&mut errors, "profile.timezone", timezone, TIMEZONE_MAX)?;
            let valid = timezone.chars().all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
            if !valid {
                errors.push(FieldError::new("profile.timezone", "invalid_timezone", "use an IANA time zone name such as Europe/Berlin"));
            }
            valid.then_some(timezone)
        });
        parsed.language = profile.language.as_deref().and_then(|language| {
            let language = required_text(&mut errors, "profile.language", language, LANGUAGE_MAX)?;
            let valid = is_language_tag(&language);
            if !valid {
                errors.push(FieldError::new("profile.language", "invalid_language", "use a language tag such as en or pt-BR"));
            }
            valid.then_some(language)
        });
    }
    if let Some(BillingFields { billing_address: Some(address) }) = &change.billing {
        parsed.billing_address = match address {
            None => Some(None),
            Some(fields) => Some(Some(parse_address(&mut errors, fields))),
        };
    }
    let nothing = parsed.first_name.is_none()
        && parsed.last_name.is_none()
        && parsed.company.is_none()
        && parsed.phone.is_none()
        && parsed.timezone.is_none()
        && parsed.language.is_none()
        && parsed.billing_address.is_none();
    if errors.is_empty() && nothing {
        errors.push(FieldError::new("_", "empty", "nothing to change"));
    }
    errors.into_result()?;
    Ok(parsed)
}

const ADDRESS: &str = "billing.billingAddress";

fn parse_address(errors: &mut FieldErrors, fields: &AddressFields) -> AddressChange {
    let mut text = |name: &str, value: &Option<String>, max: usize| {
        value.as_deref().and_then(|value| required_text(errors, &format!("{ADDRESS}.{name}"), value, max))
    };
    let mut change = AddressChange {
        street: text("street", &fields.street, TEXT_MAX),
        city: text("city", &fields.city, TEXT_MAX),
        zip_code: text("zipCode", &fields.zip_code, ZIP_MAX),
        country: text("country", &fields.country, 2),
        state: None,
    };
    change.state = fields.state.as_ref().and_then(|state| optional_text(errors, &format!("{ADDRESS}.state"), state.as_deref(), TEXT_MAX));
    if let Some(country) = &change.country {
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            errors.push(FieldError::new(
                format!("{ADDRESS}.country"),
                "invalid_country",
                "use the two upper-case letters of ISO 3166-1, e.g. DE",
            ));
        }
    }
    change
}

/// Applies a parsed change. Fails only when a merged address is incomplete.
fn apply(user: &mut User, change: ParsedChange) -> Result<(), FieldErrors> {
    if let Some(address) = change.billing_address {
        user.billing.billing_address = match address {
            None => None,
            Some(address) => Some(merge_address(user.billing.billing_address.take(), address)?),
        };
    }
    if let Some(name) = change.first_name {
        user.first_name = name;
    }
    if let Some(name) = change.last_name {
        user.last_name = name;
    }
    if let Some(company) = change.company {
        user.profile.company = company;
    }
    if let Some(phone) = change.phone {
        user.profile.phone = phone;
    }
    if let Some(timezone) = change.timezone {
        user.profile.timezone = timezone;
    }
    if let Some(language) = change.language {
        user.profile.language = language;
    }
    Ok(())
}

fn merge_address(stored: Option<BillingAddress>, change: AddressChange) -> Result<BillingAddress, FieldErrors> {
    let mut errors = FieldErrors::new();
    let stored = stored.as_ref();
    let mut pick = |name: &str, given: Option<String>, stored: Option<&String>| {
        let value = given.or_else(|| stored.cloned());
        if value.is_none() {
            errors.push(FieldError::new(format!("{ADDRESS}.{name}"), "required", "a billing address needs this field"));
        }
        value.unwrap_or_default()
    };
    let address = BillingAddress {
        street: pick("street", change.street, stored.map(|a| &a.street)),
        city: pick("city", change.city, stored.map(|a| &a.city)),
        zip_code: pick("zipCode", change.zip_code, stored.map(|a| &a.zip_code)),
        country: pick("country", change.country, stored.map(|a| &a.country)),
        state: change.state.unwrap_or_else(|| stored.and_then(|a| a.state.clone())),
    };
    errors.into_result()?;
    Ok(address)
}

/// A text that must not be blank: trimmed, at most `max` characters.
fn required_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, "required", "must not be empty"));
        return None;
    }
    checked_text(errors, field, value, max)
}

/// A text that may be cleared (`null` or blank). `None` when invalid.
fn optional_text(errors: &mut FieldErrors, field: &str, value: Option<&str>, max: usize) -> Option<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Some(None),
        Some(value) => checked_text(errors, field, value, max).map(Some),
    }
}

fn checked_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> Option<String> {
    if value.chars().count() > max {
        errors.push(FieldError::new(field, "too_long", format!("must be at most {max} characters")));
        return None;
    }
    if value.chars().any(char::is_control) {
        errors.push(FieldError::new(field, "invalid_characters", "must not contain control characters"));
        return None;
    }
    Some(value.to_string())
}

/// A BCP 47 tag's shape: a 2–8 letter language, then 1–8 character subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts.next().is_some_and(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    language_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
