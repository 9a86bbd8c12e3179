//! A reseller's client accounts: create one, list them, move one to another
//! reseller (admin).
//!
//! A client is an ordinary `user` whose `resellerId` names the reseller,
//! which is what puts the client's documents in the reseller's view (see
//! `scope`). Created without a password, the client is mailed a code to
//! choose one (the password-reset flow, with a longer expiry).

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::response::Response;
use hjs_model::documents::{User, UserProfile, UserRole};
use hjs_model::{Collection, FieldError, FieldErrors, ObjectId, Timestamp};
use serde::Deserialize;

use super::auth::random_token;
use super::mail_tokens::{self, Purpose};
use super::password::{self, NewPassword};
use super::users;
use crate::db::WriteTx;
use crate::error::{ApiError, ApiResult};
use crate::http::{check_version, idempotent_write, DocId, IdempotencyKey, IfMatch, JsonBody, KeysetQuery, PageQuery, QueryParams, Stored};
use crate::mail::Mail;
use crate::scope::{Principal, Scope};
use crate::store::fetch_one;
use crate::AppState;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewClient {
    pub email: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub first_name: String,
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
    )]
    pub last_name: String,
    /// Optional: without one, the client is mailed a code to choose a password.
    #[schema(min_length = 10, max_length = 256)]
    pub password: Option<String>,
    /// The reseller the client belongs to: required for admins, the caller
    /// (or absent) for resellers.
    pub reseller_id: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientFilter {
    /// Staff only: one reseller's clients. Without it staff see every client.
    pub reseller_id: Option<String>,
    /// At most this many items (1–500, default 50).
    #[param(minimum = 1, maximum = 500, nullable = false)]
    pub limit: Option<u32>,
    /// Where the previous page ended (its `nextCursor`).
    #[param(min_length = 1, nullable = false)]
    pub cursor: Option<String>,
}

/// POST /api/v1/clients: a reseller (or an admin on a reseller's behalf) creates a client account.
#[utoipa::path(post, path = "/api/v1/clients", tag = "accounts", request_body = NewClient,
    params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = User), (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn create(
    State(state): State<AppState>,
    principal: Principal,
    key: IdempotencyKey,
    JsonBody(request): JsonBody<NewClient>,
) -> ApiResult<Stored> {
    if !matches!(principal.role, UserRole::Reseller | UserRole::Admin) {
        return Err(ApiError::forbidden("only resellers and admins create client accounts"));
    }
    let mut errors = FieldErrors::new();
    let account = users::parse_account(&request.email, &request.first_name, &request.last_name, request.password.as_deref())
        .map_err(|e| errors.0.extend(e.0))
        .ok();
    let reseller_id = requested_reseller(&principal, request.reseller_id.as_deref(), &mut errors);
    let (Some(account), Some(reseller_id), true) = (account, reseller_id, errors.is_empty()) else { return Err(errors.into()) };
    let invite = account.password.is_none();
    // Without a password the account gets one nobody knows, so sign-in
    // fails in the usual time until the client picks their own.
    let chosen = match account.password {
        Some(chosen) => chosen,
        None => NewPassword::parse(&random_token("")).map_err(|e| anyhow::anyhow!("random password: {e}"))?,
    };
    let password_hash = password::hash(chosen).await?;
    // The password is left out: the fingerprint must not become a way to test guesses.
    let fingerprint =
        format!("new-client {} {} {} {reseller_id} {invite}", account.email.normalized(), account.first_name, account.last_name);
    let invitation: Arc<Mutex<Option<Mail>>> = Arc::default();
    let outbox = invitation.clone();
    let stored = idempotent_write(&state.db, &principal, &key, &fingerprint, move |tx| {
        Box::pin(async move {
            ensure_is_reseller(tx, reseller_id).await?;
            let user = users::create(
                tx,
                users::NewUser {
                    email: account.email,
                    password_hash,
                    first_name: account.first_name,
                    last_name: account.last_name,
                    role: UserRole::User,
                    reseller_id: Some(reseller_id),
                    email_verified: false,
                    profile: UserProfile::default(),
                    created_at: Timestamp::now(),
                },
            )
            .await?;
            if invite {
                let token = mail_tokens::issue(&mut tx.tx, user.id, Purpose::ResetPassword, mail_tokens::INVITATION_TTL).await?;
                *outbox.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(invitation_mail(&user, &token));
            }
            tracing::info!(user_id = %user.id, reseller_id = %reseller_id, "client account created");
            Stored::created(&user)
        })
    })
    .await?;
    // A replay runs no write and so mails nothing.
    let mail = invitation.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
    if let Some(mail) = mail {
        mail_tokens::deliver(&state, mail, "client invitation").await;
    }
    Ok(stored)
}

/// GET /api/v1/clients: the caller's client accounts by e-mail address (staff: every reseller's, or one's).
#[utoipa::path(get, path = "/api/v1/clients", tag = "accounts", params(ClientFilter),
    responses((status = 200, description = "`{items: User[], nextCursor}`"), (status = 403, body = crate::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    QueryParams(filter): QueryParams<ClientFilter>,
) -> ApiResult<Response> {
    let reseller = match principal.role {
        UserRole::User => return Err(ApiError::forbidden("only resellers and staff have client accounts to list")),
        UserRole::Reseller => match filter.reseller_id.as_deref() {
            None => Some(principal.user_id),
            Some(id) if id == principal.user_id.to_string() => Some(principal.user_id),
            Some(_) => return Err(ApiError::forbidden("resellers list only their own clients")),
        },
        UserRole::Support | UserRole::Admin => filter
            .reseller_id
            .as_deref()
            .map(ObjectId::parse)
            .transpose()
            .map_err(|e| ApiError::Validation(FieldErrors(vec![e.at("resellerId")])))?,
    };
    let mut query = KeysetQuery::new("users", "email", false, principal.scope().owner_clause(Collection::Users, 1));
    match reseller {
        Some(reseller) => {
            let reseller = query.bind(reseller.to_string());
            query.filter(format!("reseller_id = {reseller}"));
        }
        None => query.filter("reseller_id IS NOT NULL".into()),
    }
    query.page(&state.db.pool, &PageQuery { limit: filter.limit, cursor: filter.cursor }).await
}

/// The reseller a new client will belong to, or `None` with the reason recorded.
fn requested_reseller(principal: &Principal, requested: Option<&str>, errors: &mut FieldErrors) -> Option<ObjectId> {
    match (principal.role, requested) {
        (UserRole::Reseller, None) => Some(principal.user_id),
        (UserRole::Reseller, Some(id)) if id == principal.user_id.to_string() => Some(principal.user_id),
        (UserRole::Reseller, Some(_)) => {
            errors.push(FieldError::new("resellerId", "not_allowed", "resellers create clients for themselves only"));
            None
        }
        (_, None) => {
            errors.push(FieldError::new("resellerId", "required", "name the reseller the client belongs to"));
            None
        }
        (_, Some(id)) => errors.check("resellerId", ObjectId::parse(id)),
    }
}

#[derive(Debug, Clone, serde::Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoveClient {
    /// The new reseller, or null to make the account a direct customer.
    pub reseller_id: Option<String>,
}

/// PUT /api/v1/clients/{id}/reseller: an admin moves an account to another reseller (or to none).
///
/// The account's documents leave the old reseller's view and enter the new
/// one's; the change feed tells each of them (deletes, then upserts).
#[utoipa::path(put, path = "/api/v1/clients/{id}/reseller", tag = "accounts", request_body = MoveClient,
    params(("id" = String, Path), ("If-Match" = i64, Header), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = User), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 412, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn move_to_reseller(
    State(state): State<AppState>,
    principal: Principal,
    DocId(id): DocId,
    IfMatch(expected): IfMatch,
    key: IdempotencyKey,
    JsonBody(request): JsonBody<MoveClient>,
) -> ApiResult<Stored> {
    if principal.role != UserRole::Admin {
        return Err(ApiError::forbidden("only admins move accounts between resellers"));
    }
    let new_reseller = request
        .reseller_id
        .as_deref()
        .map(ObjectId::parse)
        .transpose()
        .map_err(|e| ApiError::Validation(FieldErrors(vec![e.at("resellerId")])))?;
    let fingerprint = format!("move-client {id} {expected} {new_reseller:?}");
    idempotent_write(&state.db, &principal, &key, &fingerprint, |tx| {
        Box::pin(async move {
            let mut user: User = fetch_one(&mut tx.tx, &Scope::Staff, id).await?;
            check_version(user.version, expected, &user)?;
            if user.role != UserRole::User {
                return Err(ApiError::field("_id", "not_a_customer", "only customer accounts can be a reseller's clients"));
            }
            if let Some(reseller) = new_reseller {
                ensure_is_reseller(tx, reseller).await?;
            }
            let old_reseller = user.reseller_id;
            user.reseller_id = new_reseller;
            user.version += 1;
            user.updated_at = Timestamp::now();
            tx.update(&user).await?;
            crate::sync::visibility::move_account(tx, id, old_reseller, new_reseller).await?;
            Stored::ok(&user)
        })
    })
    .await
}

async fn ensure_is_reseller(tx: &mut WriteTx, id: ObjectId) -> ApiResult<()> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM users WHERE id = $1").bind(id.to_string()).fetch_optional(&mut *tx.tx).await?;
    if role.as_deref() != Some(UserRole::Reseller.as_str()) {
        return Err(ApiError::field("resellerId", "not_a_reseller", "this account is not a reseller"));
    }
    Ok(())
}

fn invitation_mail(user: &User, token: &str) -> Mail {
    Mail {
        to: user.email.as_str().to_string(),
        subject: "Your HostJamstack account".into(),
        text: format!(
            "Hello,\n\n\
             an account at HostJamstack was created for you.\n\
             To choose your password, enter this code in HostJamstack Desk\n\
             under \"Forgot password\":\n\n\
             {token}\n\n\
             It is valid for 48 hours. Then sign in with this e-mail address.\n"
        ),
        thread: None,
    }
}
