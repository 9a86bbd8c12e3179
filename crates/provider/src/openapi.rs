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
