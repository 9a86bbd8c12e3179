//! The OpenAPI 3.1 document, generated from the handlers' and types'
//! annotations and served at `/api/v1/openapi.json`.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "HostJamstack provider API", version = "1", description = "Domains, DNS, e-mail forwarding, hosting and support. Errors are RFC 9457 problem+json; writes take If-Match and Idempotency-Key."),
    paths(
        crate::accounts::sign_in::sign_in,
        crate::accounts::sign_in::sign_out,
        crate::accounts::sign_in::me,
        crate::accounts::sign_up::sign_up,
        crate::accounts::sign_up::verify_email,
        crate::accounts::sign_up::resend_verification,
        crate::accounts::password_reset::request_reset,
        crate::accounts::password_reset::confirm_reset,
        crate::accounts::two_factor::enroll,
        crate::accounts::two_factor::confirm,
        crate::accounts::two_factor::disable,
        crate::accounts::tokens::list,
        crate::accounts::tokens::create,
        crate::accounts::tokens::revoke,
        crate::accounts::profile::update,
        crate::accounts::clients::create,
        crate::accounts::clients::move_to_reseller,
        crate::accounts::clients::list,
        crate::domains::list::list,
        crate::domains::settings::get,
        crate::domains::settings::update,
        crate::dns::records::list,
        crate::dns::records::get,
        crate::dns::records::create,
        crate::dns::records::update,
        crate::dns::records::delete,
        crate::dns::plans::apply,
        crate::email_forwarding::list,
        crate::email_forwarding::get_one,
        crate::email_forwarding::create,
        crate::email_forwarding::update,
        crate::email_forwarding::delete,
        crate::notifications::list,
        crate::notifications::set_read,
        crate::support::tickets::get_one,
        crate::support::tickets::open,
        crate::support::tickets::change,
        crate::support::messages::list,
        crate::support::messages::post,
        crate::support::merge::merge,
        crate::support::presence::announce,
        crate::support::canned::create,
        crate::support::canned::update,
        crate::support::canned::delete,
        crate::support::attachments::upload,
        crate::support::attachments::download,
        crate::sync::snapshot::snapshot,
        crate::sync::changes::changes,
        crate::sync::events::events,
        crate::batch::batch,
    ),
    components(schemas(
        crate::error::Problem,
        crate::batch::BatchRequest,
        crate::batch::BatchItem,
        crate::batch::BatchAnswer,
        crate::batch::ItemAnswer,
        crate::dns::records::NewDnsRecord,
        crate::dns::plans::PlanResult,
        crate::email_forwarding::NewForward,
        hjs_model::dns::RecordDraft,
        hjs_model::dns::ZonePlan,
        hjs_model::dns::PlanChange,
        hjs_model::forwarding::ForwardDraft,
        hjs_model::support::TicketDraft,
        hjs_model::support::TicketChange,
        hjs_model::support::MessageDraft,
        crate::support::messages::PostedMessage,
        crate::support::attachments::UploadedFile,
        crate::support::merge::MergedTickets,
        hjs_model::support::TicketMerge,
        hjs_model::support::presence::PresenceUpdate,
        hjs_model::support::canned::CannedReply,
        hjs_model::support::canned::CannedReplyDraft,
        hjs_model::support::presence::TicketPresence,
        hjs_model::support::presence::PresentPerson,
        hjs_model::support::presence::PresenceState,
        hjs_model::documents::AuditEvent,
        hjs_model::documents::ZoneVersion,
        crate::accounts::sign_in::SignInRequest,
        crate::accounts::sign_in::SessionResponse,
        crate::accounts::sign_up::SignUpRequest,
        crate::accounts::sign_up::VerifyEmailRequest,
        crate::accounts::password_reset::PasswordResetRequest,
        crate::accounts::password_reset::PasswordResetConfirm,
        crate::accounts::two_factor::TotpEnrollment,
        crate::accounts::two_factor::TotpConfirm,
        crate::accounts::two_factor::TotpDisable,
        crate::accounts::two_factor::RecoveryCodes,
        crate::accounts::tokens::TokenInfo,
        crate::accounts::tokens::TokenPage,
        crate::accounts::tokens::NewApiToken,
        crate::accounts::tokens::CreatedApiToken,
        crate::accounts::profile::ProfileChange,
        crate::accounts::profile::ProfileFields,
        crate::accounts::profile::BillingFields,
        crate::accounts::profile::AddressFields,
        crate::accounts::clients::NewClient,
        crate::accounts::clients::MoveClient,
        hjs_model::documents::User,
        hjs_model::documents::Domain,
        hjs_model::documents::DnsRecord,
        hjs_model::documents::EmailForwarding,
        hjs_model::documents::DomainTransfer,
        hjs_model::documents::DomainOrder,
        hjs_model::documents::PaymentMethod,
        hjs_model::documents::HostingPackage,
        hjs_model::documents::HostingProject,
        hjs_model::documents::Deployment,
        hjs_model::documents::SupportPackage,
        hjs_model::documents::SupportTicket,
        hjs_model::documents::SupportMessage,
        hjs_model::documents::Notification,
    )),
    modifiers(&BearerAuth, &Problems),
    security(("bearer" = [])),
)]
#[derive(Debug)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// Operations anyone may call, without a token.
const PUBLIC: [&str; 5] = [
    "/api/v1/auth/sign-in",
    "/api/v1/auth/sign-up",
    "/api/v1/auth/password-reset",
    "/api/v1/auth/password-reset/confirm",
    "/api/v1/auth/verify-email",
];

/// What every operation can answer besides what its handler declares,
/// because the extractors in front of every handler answer it: 401 without
/// a valid token (public operations need none, and say so), 400 for a
/// malformed body or precondition header, 404 for an id that names nothing
/// visible, 422 for a query or body that breaks a rule, 403 for a write the
/// role may not make, 428 without a required precondition header, 409 for
/// an `Idempotency-Key` used before for another request. Every error is `application/problem+json` with the
/// `Problem` schema, as `error.rs` sends it.
struct Problems;

impl Problems {
    fn add(operation: &mut utoipa::openapi::path::Operation, status: &str, description: &str) {
        operation.responses.responses.entry(status.to_string()).or_insert_with(|| utoipa::openapi::Response::new(description).into());
    }
}

impl Modify for Problems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        use utoipa::openapi::{Content, Ref, RefOr};
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = PUBLIC.contains(&path.as_str());
            let methods =
                [(&mut item.get, false), (&mut item.put, true), (&mut item.post, true), (&mut item.patch, true), (&mut item.delete, true)];
            for (operation, writes) in methods {
                let Some(operation) = operation.as_mut() else { continue };
                let parameters = operation.parameters.as_deref().unwrap_or_default();
                let has_query = parameters.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query));
                let has_header = parameters.iter().any(|p| matches!(p.parameter_in, ParameterIn::Header));
                let precondition = parameters.iter().any(|p| p.name == "If-Match" || p.name == "If-None-Match");
                let idempotent = parameters.iter().any(|p| p.name == "Idempotency-Key");
                let has_id = parameters.iter().any(|p| matches!(p.parameter_in, ParameterIn::Path));
                let has_body = operation.request_body.is_some();
                if public {
                    operation.security = Some(Vec::new());
                } else {
                    Self::add(operation, "401", "no valid token: sign in, or send a valid API token");
                    // The caller's own session and tokens, and a batch (refused
                    // item by item in its answer), are any role's to change.
                    let own = ["/api/v1/auth/", "/api/v1/me", "/api/v1/batch"].iter().any(|p| path.starts_with(p));
                    if writes && !own {
                        Self::add(operation, "403", "the caller's role may not make this change");
                    }
                }
                if has_body || has_header {
                    Self::add(operation, "400", "a malformed body or header (not JSON, not application/json, a bad If-Match)");
                }
                if has_body || has_query {
                    Self::add(operation, "422", "a field breaks a rule; `errors` names each one");
                }
                if has_id {
                    Self::add(operation, "404", "nothing with this id that the caller may see");
                }
                if idempotent {
                    Self::add(operation, "409", "this Idempotency-Key was used for another request");
                }
                if precondition {
                    Self::add(operation, "428", "the precondition header (If-Match, or If-None-Match: * to create) is missing");
                }
                for parameter in operation.parameters.iter_mut().flatten() {
                    if let Some(schema) = precondition_schema(&parameter.name) {
                        parameter.schema = Some(schema.into());
                    }
                }
                for (status, response) in operation.responses.responses.iter_mut() {
                    let (RefOr::T(response), true) = (response, status.starts_with('4') || status.starts_with('5')) else { continue };
                    response.content.clear();
                    response.content.insert("application/problem+json".into(), Content::new(Some(Ref::from_schema_name("Problem"))));
                }
            }
        }
    }
}

/// The precondition headers as `http.rs` parses them: `If-Match` a
/// version (1 or more), `If-None-Match` only `*`, `Idempotency-Key` 1 to
/// 200 visible ASCII characters.
fn precondition_schema(header: &str) -> Option<utoipa::openapi::schema::Object> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let schema = match header {
        "If-Match" => ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
            .minimum(Some(1)),
        "If-None-Match" => ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["*"])),
        "Idempotency-Key" => ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[!-~]{1,200}$")),
        _ => return None,
    };
    Some(schema.build())
}

pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub fn document_json() -> String {
    document().to_pretty_json().unwrap_or_else(|_| "{}".into())
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(document()) }))
}

#[cfg(test)]
mod tests {
    use hjs_model::documents::*;

    use super::*;

    /// Every enum the document lists is spelled as it goes over the wire
    /// (the model's `as_str`, which its serde names come from).
    #[test]
    fn enums_in_the_document_are_the_wire_values() {
        let document: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
        let schemas = &document["components"]["schemas"];
        let mut checked = 0;
        macro_rules! check {
            ($($ty:ident),+) => {$(
                if let Some(schema) = schemas.get(stringify!($ty)) {
                    let listed: Vec<&str> = schema["enum"].as_array().expect(stringify!($ty)).iter().filter_map(|v| v.as_str()).collect();
                    let wire: Vec<&str> = $ty::ALL.iter().map(|v| v.as_str()).collect();
                    assert_eq!(listed, wire, "{}", stringify!($ty));
                    checked += 1;
                }
            )+};
        }
        check!(
            UserRole,
            DomainStatus,
            DnsRecordType,
            TransferType,
            TransferStatus,
            OrderStatus,
            BillingCycle,
            PaymentMethodType,
            PaymentProvider,
            HostingPackageType,
            HostingPackageStatus,
            ProjectStatus,
            DeploymentStatus,
            DeploymentEnvironment,
            SupportPackageType,
            SupportPackageStatus,
            TicketPriority,
            TicketStatus,
            TicketCategory,
            MessageType,
            NotificationType
        );
        assert!(checked >= 15, "the document lists the model's enums ({checked})");
    }
}

#[cfg(test)]
mod problems {
    use super::*;

    /// Every error an operation declares is problem+json with the
    /// `Problem` schema; every operation but the public ones can answer
    /// 401, and the public ones need no token.
    #[test]
    fn errors_are_problems_and_only_public_operations_go_without_a_token() {
        let document: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
        for (path, operations) in document["paths"].as_object().unwrap() {
            for (method, operation) in operations.as_object().unwrap() {
                let responses = operation["responses"].as_object().unwrap();
                for (status, response) in responses.iter().filter(|(status, _)| !status.starts_with('2')) {
                    let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/Problem", "{method} {path} {status}");
                }
                let public = PUBLIC.contains(&path.as_str());
                assert_eq!(operation["security"] == serde_json::json!([]), public, "{method} {path}");
                // Only the path's own placeholders are path parameters (a
                // query struct documented "in: path" made clients put
                // `limit` in the URL's path).
                for parameter in operation["parameters"].as_array().into_iter().flatten() {
                    let name = parameter["name"].as_str().unwrap_or_default();
                    let placeholder = path.contains(&format!("{{{name}}}"));
                    assert_eq!(parameter["in"] == "path", placeholder, "{method} {path}: {name}");
                }
                assert_eq!(responses.contains_key("401"), !public || path.ends_with("/sign-in"), "{method} {path}");
            }
        }
    }
}

#[cfg(test)]
mod bounds {
    use super::*;

    /// Every `limit` the document declares is bounded as the API enforces
    /// it: pages 1–`MAX_PAGE`, the change feed 1–`MAX_LIMIT`.
    #[test]
    fn page_limits_are_declared_as_enforced() {
        let document: serde_json::Value = serde_json::from_str(&document_json()).unwrap();
        let mut checked = 0;
        for (path, operations) in document["paths"].as_object().unwrap() {
            for operation in operations.as_object().unwrap().values() {
                for parameter in operation["parameters"].as_array().into_iter().flatten().filter(|p| p["name"] == "limit") {
                    let most = if path == "/api/v1/sync/changes" { crate::sync::changes::MAX_LIMIT } else { crate::http::MAX_PAGE };
                    assert_eq!(
                        (parameter["schema"]["minimum"].as_u64(), parameter["schema"]["maximum"].as_u64()),
                        (Some(1), Some(u64::from(most))),
                        "{path}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= 8, "{checked}");
    }
}
