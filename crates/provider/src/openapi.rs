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
    modifiers(&BearerAuth),
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
