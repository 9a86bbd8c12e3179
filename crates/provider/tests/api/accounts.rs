//! Scenarios: accounts. Sign-up and e-mail verification, password reset,
//! two-factor sign-in, lockout, inactive accounts, sign-out, API tokens,
//! profile changes, a reseller's clients, and that no secret ever leaves.

use hjs_model::documents::UserRole;
use hjs_model::Timestamp;
use hjs_provider::accounts::users;
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::both_engines;
use crate::common::{TestApp, PASSWORD};

const NEW_PASSWORD: &str = "a much longer new passphrase";

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value) -> Response {
    app.request(Method::POST, path, token).json(&body).send().await.expect("request sent")
}

/// Status and body of a response, for asserting on both.
async fn answer(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("body read");
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) })
}

/// The `(field, code)` pairs of a 422 problem.
fn field_errors(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|errors| errors.iter().map(|e| (e["field"].as_str().unwrap().to_string(), e["code"].as_str().unwrap().to_string())).collect())
        .unwrap_or_default()
}

/// The one-time code starting with `prefix` in the latest message to `to`,
/// waiting up to 5 s for it (some messages are sent after the answer).
async fn code_in_mail(app: &TestApp, to: &str, prefix: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mail = loop {
        if let Some(mail) = app.mails().into_iter().rev().find(|m| m.contains(to) && m.contains(prefix)) {
            break mail;
        }
        assert!(std::time::Instant::now() < deadline, "a message to {to} holding a {prefix} code");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let start = mail.find(prefix).unwrap();
    mail[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

async fn sign_up(app: &TestApp, email: &str) -> Value {
    let response =
        post(app, "/auth/sign-up", None, json!({ "email": email, "password": PASSWORD, "firstName": "Ada", "lastName": "Lovelace" })).await;
    let (status, body) = answer(response).await;
    assert_eq!(status, StatusCode::CREATED, "sign-up of {email}: {body}");
    body
}

async fn sign_in_answer(app: &TestApp, email: &str, password: &str, totp_code: Option<&str>) -> (StatusCode, Value) {
    let mut body = json!({ "email": email, "password": password });
    if let Some(code) = totp_code {
        body["totpCode"] = json!(code);
    }
    answer(post(app, "/auth/sign-in", None, body).await).await
}

async fn me(app: &TestApp, token: &str) -> (StatusCode, Value) {
    answer(app.get("/me", token).await).await
}

async fn set_secret_time(app: &TestApp, column: &str, user_id: &str, at: Timestamp) {
    sqlx::query(&format!("UPDATE user_secrets SET {column} = $1 WHERE user_id = $2"))
        .bind(at.to_string())
        .bind(user_id)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

fn an_hour_ago() -> Timestamp {
    Timestamp::now().minus(chrono::Duration::hours(1))
}

fn current_totp(secret: &str) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string()).to_bytes().expect("the enrolled secret is base32");
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes, None, "test".into()).expect("a valid TOTP");
    totp.generate_current().unwrap()
}

/// Enrolls and confirms TOTP for `token`'s user: the secret and recovery codes.
async fn enable_totp(app: &TestApp, token: &str) -> (String, Vec<String>) {
    let (status, enrollment) = answer(post(app, "/me/totp/enroll", Some(token), json!({})).await).await;
    assert_eq!(status, StatusCode::OK, "enroll: {enrollment}");
    let secret = enrollment["secret"].as_str().unwrap().to_string();
    assert!(enrollment["otpauthUri"].as_str().unwrap().starts_with("otpauth://totp/"), "an authenticator can scan the URI");
    let (status, confirmed) = answer(post(app, "/me/totp/confirm", Some(token), json!({ "code": current_totp(&secret) })).await).await;
    assert_eq!(status, StatusCode::OK, "confirm: {confirmed}");
    let codes: Vec<String> = confirmed["recoveryCodes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
    (secret, codes)
}

async fn user_changes(app: &TestApp, user_id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM change_log WHERE collection = 'users' AND doc_id = $1")
        .bind(user_id)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

both_engines! {
    /// Someone signs up, gets a session at once, and confirms the address
    /// with the code from the message; the change reaches the change feed.
    async fn a_new_account_signs_up_and_verifies_its_email_address(app) {
        let session = sign_up(&app, "ada@example.com").await;
        assert_eq!(session["user"]["emailVerified"], false, "a new address is unverified");
        assert_eq!(session["user"]["role"], "user");
        let token = session["token"].as_str().unwrap();
        let user_id = session["user"]["_id"].as_str().unwrap().to_string();
        assert_eq!(me(&app, token).await.0, StatusCode::OK, "the sign-up session works");

        let code = code_in_mail(&app, "ada@example.com", "hjs_v_").await;
        let stored: Option<String> = sqlx::query_scalar("SELECT email_verification_token FROM user_secrets WHERE user_id = $1")
            .bind(&user_id).fetch_one(&app.state.db.pool).await.unwrap();
        assert_ne!(stored.as_deref(), Some(code.as_str()), "the code is stored hashed, not as sent");

        let (status, body) = answer(post(&app, "/auth/verify-email", None, json!({ "token": code })).await).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "verify: {body}");
        let (_, user) = me(&app, token).await;
        assert_eq!(user["emailVerified"], true);
        assert_eq!(user["version"], 2, "verification is a write that bumps the version");
        assert_eq!(user_changes(&app, &user_id).await, 2, "sign-up and verification both reach the change feed");

        let (status, problem) = answer(post(&app, "/auth/verify-email", None, json!({ "token": code })).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a code works once");
        assert_eq!(field_errors(&problem), vec![("token".to_string(), "invalid_token".to_string())]);
    }

    async fn asking_again_for_a_verification_code_replaces_the_old_one(app) {
        let session = sign_up(&app, "twice@example.com").await;
        let token = session["token"].as_str().unwrap();
        let first = code_in_mail(&app, "twice@example.com", "hjs_v_").await;
        assert_eq!(post(&app, "/me/email-verification", Some(token), json!({})).await.status(), StatusCode::ACCEPTED);
        let second = code_in_mail(&app, "twice@example.com", "hjs_v_").await;
        assert_ne!(first, second, "a new code is sent");
        assert_eq!(app.mails().len(), 2);

        let (status, problem) = answer(post(&app, "/auth/verify-email", None, json!({ "token": first })).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("token".to_string(), "invalid_token".to_string())]));
        assert_eq!(post(&app, "/auth/verify-email", None, json!({ "token": second })).await.status(), StatusCode::NO_CONTENT);
        let (status, problem) = answer(post(&app, "/me/email-verification", Some(token), json!({})).await).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("already_verified")));
    }

    async fn signing_up_with_a_taken_address_is_refused_on_the_email_field(app) {
        sign_up(&app, "grace@example.com").await;
        let response = post(&app, "/auth/sign-up", None, json!({ "email": "Grace@Example.com", "password": PASSWORD, "firstName": "G", "lastName": "H" })).await;
        let (status, problem) = answer(response).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(field_errors(&problem), vec![("email".to_string(), "taken".to_string())], "addresses compare without case");
        assert_eq!(app.count("users").await, 1);
    }

    async fn sign_up_reports_every_invalid_field_at_once_and_refuses_unknown_ones(app) {
        let body = json!({ "email": "not-an-address", "password": "short", "firstName": "  ", "lastName": "x".repeat(101) });
        let (status, problem) = answer(post(&app, "/auth/sign-up", None, body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut fields: Vec<String> = field_errors(&problem).into_iter().map(|(field, _)| field).collect();
        fields.sort();
        assert_eq!(fields, ["email", "firstName", "lastName", "password"], "{problem}");

        let body = json!({ "email": "a@example.com", "password": PASSWORD, "firstName": "A", "lastName": "B", "role": "admin" });
        let (status, problem) = answer(post(&app, "/auth/sign-up", None, body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "nobody signs up as admin");
        assert_eq!(field_errors(&problem), vec![("role".to_string(), "unknown_field".to_string())]);
        assert_eq!(app.count("users").await, 0);
    }

    async fn verifying_with_an_expired_code_fails_and_leaves_the_address_unverified(app) {
        let session = sign_up(&app, "late@example.com").await;
        let user_id = session["user"]["_id"].as_str().unwrap();
        let code = code_in_mail(&app, "late@example.com", "hjs_v_").await;
        set_secret_time(&app, "email_verification_expires", user_id, an_hour_ago()).await;

        let (status, problem) = answer(post(&app, "/auth/verify-email", None, json!({ "token": code })).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_errors(&problem), vec![("token".to_string(), "expired_token".to_string())]);
        assert_eq!(me(&app, session["token"].as_str().unwrap()).await.1["emailVerified"], false);

        let (status, problem) = answer(post(&app, "/auth/verify-email", None, json!({ "token": "hjs_v_made-up" })).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("token".to_string(), "invalid_token".to_string())]));
    }

    /// The reset code replaces the password and ends every session and API token.
    async fn a_password_reset_sets_a_new_password_and_signs_out_everywhere(app) {
        let user = app.user(UserRole::User, None).await;
        let (_, api_token) = answer(post(&app, "/me/tokens", Some(&user.token), json!({ "name": "backup script" })).await).await;
        let api_token = api_token["token"].as_str().unwrap().to_string();

        let response = post(&app, "/auth/password-reset", None, json!({ "email": user.email })).await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        let code = code_in_mail(&app, &user.email, "hjs_r_").await;

        let (status, problem) = answer(post(&app, "/auth/password-reset/confirm", None, json!({ "token": code, "password": "short" })).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("password".to_string(), "too_short".to_string())]));

        let response = post(&app, "/auth/password-reset/confirm", None, json!({ "token": code, "password": NEW_PASSWORD })).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);

        assert_eq!(me(&app, &user.token).await.0, StatusCode::UNAUTHORIZED, "the old session is revoked");
        assert_eq!(me(&app, &api_token).await.0, StatusCode::UNAUTHORIZED, "API tokens are revoked too");
        assert_eq!(sign_in_answer(&app, &user.email, PASSWORD, None).await.0, StatusCode::UNAUTHORIZED, "the old password is gone");
        assert_eq!(sign_in_answer(&app, &user.email, NEW_PASSWORD, None).await.0, StatusCode::OK);

        let (status, problem) = answer(post(&app, "/auth/password-reset/confirm", None, json!({ "token": code, "password": PASSWORD })).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("token".to_string(), "invalid_token".to_string())]), "a code works once");
    }

    async fn a_reset_with_an_expired_code_is_refused_and_the_password_stays(app) {
        let user = app.user(UserRole::User, None).await;
        post(&app, "/auth/password-reset", None, json!({ "email": user.email })).await;
        let code = code_in_mail(&app, &user.email, "hjs_r_").await;
        set_secret_time(&app, "password_reset_expires", &user.id.to_string(), an_hour_ago()).await;

        let (status, problem) = answer(post(&app, "/auth/password-reset/confirm", None, json!({ "token": code, "password": NEW_PASSWORD })).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(field_errors(&problem), vec![("token".to_string(), "expired_token".to_string())]);
        assert_eq!(me(&app, &user.token).await.0, StatusCode::OK, "nothing was revoked");
        assert_eq!(sign_in_answer(&app, &user.email, PASSWORD, None).await.0, StatusCode::OK);
    }

    /// The answer never tells whether an account exists.
    async fn a_reset_for_an_unknown_address_answers_202_and_sends_nothing(app) {
        let response = post(&app, "/auth/password-reset", None, json!({ "email": "nobody@example.com" })).await;
        assert_eq!(response.status(), StatusCode::ACCEPTED);
        assert_eq!(response.text().await.unwrap(), "", "the same empty answer as for a real account");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(app.mails().is_empty(), "no message for an unknown address");
    }

    /// With TOTP on, sign-in needs a current code or an unused recovery code.
    async fn two_factor_sign_in_needs_a_code_and_takes_each_recovery_code_once(app) {
        let user = app.user(UserRole::User, None).await;
        let (secret, recovery_codes) = enable_totp(&app, &user.token).await;
        assert_eq!(recovery_codes.len(), 10);
        assert_eq!(me(&app, &user.token).await.1["twoFactorEnabled"], true);

        let (status, problem) = sign_in_answer(&app, &user.email, PASSWORD, None).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("totp_required")));
        let (status, problem) = sign_in_answer(&app, &user.email, PASSWORD, Some("000000")).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_totp")), "{problem}");

        let code = current_totp(&secret);
        assert_eq!(sign_in_answer(&app, &user.email, PASSWORD, Some(&code)).await.0, StatusCode::OK);
        let (status, problem) = sign_in_answer(&app, &user.email, PASSWORD, Some(&code)).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_totp")), "a code is accepted once (RFC 6238 5.2)");
        assert_eq!(sign_in_answer(&app, &user.email, PASSWORD, Some(&recovery_codes[3])).await.0, StatusCode::OK);
        let (status, problem) = sign_in_answer(&app, &user.email, PASSWORD, Some(&recovery_codes[3])).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_totp")), "a recovery code works once");

        let stored: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes WHERE user_id = $1")
            .bind(user.id.to_string()).fetch_all(&app.state.db.pool).await.unwrap();
        assert!(recovery_codes.iter().all(|code| !stored.contains(code)), "only hashes of recovery codes are stored");
    }

    async fn two_factor_is_turned_off_only_with_the_password_or_a_code(app) {
        let user = app.user(UserRole::User, None).await;
        let (status, problem) = answer(post(&app, "/me/totp/confirm", Some(&user.token), json!({ "code": "123456" })).await).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::CONFLICT, Some("totp_not_enrolled")));
        let (status, enrollment) = answer(post(&app, "/me/totp/enroll", Some(&user.token), json!({})).await).await;
        assert_eq!(status, StatusCode::OK);
        let (status, problem) = answer(post(&app, "/me/totp/confirm", Some(&user.token), json!({ "code": "12345x" })).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("code".to_string(), "invalid_totp".to_string())]));
        assert_eq!(me(&app, &user.token).await.1["twoFactorEnabled"], false, "an unconfirmed secret does not turn TOTP on");
        let code = current_totp(enrollment["secret"].as_str().unwrap());
        assert_eq!(post(&app, "/me/totp/confirm", Some(&user.token), json!({ "code": code })).await.status(), StatusCode::OK);

        let (status, problem) = answer(post(&app, "/me/totp/disable", Some(&user.token), json!({ "password": "wrong password!" })).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("password".to_string(), "wrong_password".to_string())]));
        let (status, user_doc) = answer(post(&app, "/me/totp/disable", Some(&user.token), json!({ "password": PASSWORD })).await).await;
        assert_eq!(status, StatusCode::OK, "{user_doc}");
        assert_eq!(user_doc["twoFactorEnabled"], false);
        assert_eq!(app.count("recovery_codes").await, 0, "recovery codes go with the secret");
        assert_eq!(sign_in_answer(&app, &user.email, PASSWORD, None).await.0, StatusCode::OK, "no code needed any more");
    }

    async fn five_wrong_passwords_lock_the_account_even_against_the_right_one(app) {
        let user = app.user(UserRole::User, None).await;
        for attempt in 1..=5 {
            let (status, problem) = sign_in_answer(&app, &user.email, "not the password", None).await;
            assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_credentials")), "attempt {attempt}");
        }
        let response = post(&app, "/auth/sign-in", None, json!({ "email": user.email, "password": PASSWORD })).await;
        assert!(response.headers().contains_key("retry-after"), "a locked sign-in says when to retry");
        let (status, problem) = answer(response).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::TOO_MANY_REQUESTS, Some("account_locked")), "{problem}");
    }

    async fn an_inactive_user_cannot_sign_in_or_use_a_session(app) {
        let user = app.user(UserRole::User, None).await;
        let mut tx = app.state.db.begin_write(hjs_provider::db::Audit::Seed).await.unwrap();
        users::modify(&mut tx, user.id, |doc| doc.is_active = false).await.unwrap();
        tx.commit().await.unwrap();

        let (status, problem) = sign_in_answer(&app, &user.email, PASSWORD, None).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("account_inactive")));
        let (status, problem) = me(&app, &user.token).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("account_inactive")));
        assert_eq!(post(&app, "/auth/password-reset", None, json!({ "email": user.email })).await.status(), StatusCode::ACCEPTED);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(app.mails().is_empty(), "a deactivated account is sent no reset code");
    }

    async fn signing_out_revokes_the_session_token(app) {
        let user = app.user(UserRole::User, None).await;
        let other_session = app.sign_in(&user.email, PASSWORD).await;
        assert_eq!(post(&app, "/auth/sign-out", Some(&user.token), json!({})).await.status(), StatusCode::NO_CONTENT);
        let (status, problem) = me(&app, &user.token).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_token")));
        assert_eq!(me(&app, &other_session).await.0, StatusCode::OK, "other sessions stay signed in");
    }

    async fn api_tokens_are_created_listed_without_their_secret_and_revoked(app) {
        let user = app.user(UserRole::User, None).await;
        let (status, created) = answer(post(&app, "/me/tokens", Some(&user.token), json!({ "name": "  nightly export " })).await).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let (id, token) = (created["id"].as_str().unwrap().to_string(), created["token"].as_str().unwrap().to_string());
        assert_eq!(created["name"], "nightly export");
        assert_eq!(me(&app, &token).await.0, StatusCode::OK, "the API token authenticates");

        let response = app.get("/me/tokens", &user.token).await;
        let text = response.text().await.unwrap();
        let hash: String = sqlx::query_scalar("SELECT token_hash FROM auth_tokens WHERE id = $1").bind(&id).fetch_one(&app.state.db.pool).await.unwrap();
        assert!(!text.contains(&token) && !text.contains(&hash), "the list never shows a token or its hash: {text}");
        let list: Value = serde_json::from_str(&text).unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 2, "the sign-in session and the API token: {list}");
        let listed = items.iter().find(|t| t["id"] == id.as_str()).expect("the new token is listed");
        assert_eq!((listed["kind"].as_str(), listed["name"].as_str(), listed["current"].as_bool()), (Some("api"), Some("nightly export"), Some(false)));
        assert!(listed["revokedAt"].is_null() && listed["expiresAt"].is_null() && listed.get("token").is_none());
        let page: Value = app.get_json("/me/tokens?limit=1", &user.token).await;
        assert_eq!(page["items"].as_array().unwrap().len(), 1);
        let next = page["nextCursor"].as_str().expect("a second page");
        let rest: Value = app.get_json(&format!("/me/tokens?limit=1&cursor={next}"), &user.token).await;
        assert_ne!(rest["items"][0]["id"], page["items"][0]["id"], "the second page continues the first");

        let other = app.user(UserRole::User, None).await;
        let response = app.request(Method::DELETE, &format!("/me/tokens/{id}"), Some(&other.token)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "another user's token looks absent");
        let response = app.request(Method::DELETE, &format!("/me/tokens/{id}"), Some(&user.token)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_eq!(me(&app, &token).await.0, StatusCode::UNAUTHORIZED, "a revoked token no longer works");
        let list: Value = app.get_json("/me/tokens", &user.token).await;
        let listed = list["items"].as_array().unwrap().iter().find(|t| t["id"] == id.as_str()).unwrap().clone();
        assert!(listed["revokedAt"].is_string(), "revoked tokens are listed with the time: {listed}");

        let (status, problem) = answer(post(&app, "/me/tokens", Some(&user.token), json!({ "name": "" })).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("name".to_string(), "required".to_string())]));
    }

    /// PATCH /me follows the write conventions: If-Match, 412 with the
    /// current document, Idempotency-Key replays.
    async fn a_profile_update_needs_the_current_version(app) {
        let user = app.user(UserRole::User, None).await;
        let patch = |version: Option<&str>| {
            let mut request = app.request(Method::PATCH, "/me", Some(&user.token));
            if let Some(version) = version {
                request = request.header("If-Match", version);
            }
            request
        };
        let change = json!({
            "firstName": "Ada",
            "profile": { "company": "Analytical Engines Ltd", "phone": "+44 (20) 7946-0000", "timezone": "Europe/London", "language": "en-GB" },
            "billing": { "billingAddress": { "street": "12 St James's Square", "city": "London", "zipCode": "SW1Y 4JH", "country": "GB" } }
        });
        let (status, problem) = answer(patch(None).json(&change).send().await.unwrap()).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::PRECONDITION_REQUIRED, Some("if_match_required")));

        let (status, updated) = answer(patch(Some("1")).header("Idempotency-Key", "profile-1").json(&change).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{updated}");
        assert_eq!(updated["version"], 2);
        assert_eq!(updated["firstName"], "Ada");
        assert_eq!(updated["lastName"], "user", "absent fields stay");
        assert_eq!(updated["profile"]["timezone"], "Europe/London");
        assert_eq!(updated["billing"]["billingAddress"]["zipCode"], "SW1Y 4JH");
        assert!(updated["billing"]["billingAddress"]["state"].is_null());

        let (status, replay) = answer(patch(Some("1")).header("Idempotency-Key", "profile-1").json(&change).send().await.unwrap()).await;
        assert_eq!((status, &replay), (StatusCode::OK, &updated), "a replay returns the first answer");

        let (status, problem) = answer(patch(Some("1")).json(&json!({ "lastName": "Byron" })).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED);
        assert_eq!(problem["current"]["version"], 2, "the 412 carries the current document");
        assert_eq!(problem["current"]["firstName"], "Ada");

        let partial = json!({ "profile": { "company": null }, "billing": { "billingAddress": { "city": "Bath" } } });
        let (status, updated) = answer(patch(Some("2")).json(&partial).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{updated}");
        assert!(updated["profile"]["company"].is_null(), "null clears a field");
        assert_eq!(updated["billing"]["billingAddress"]["city"], "Bath");
        assert_eq!(updated["billing"]["billingAddress"]["street"], "12 St James's Square", "an address merges with the stored one");

        let bad = json!({ "lastName": "", "profile": { "phone": "call me", "timezone": "" }, "billing": { "billingAddress": { "country": "gb" } } });
        let (status, problem) = answer(patch(Some("3")).json(&bad).send().await.unwrap()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut errors = field_errors(&problem);
        errors.sort();
        let expected = [
            ("billing.billingAddress.country", "invalid_country"),
            ("lastName", "required"),
            ("profile.phone", "invalid_phone"),
            ("profile.timezone", "required"),
        ];
        assert_eq!(errors, expected.map(|(f, c)| (f.to_string(), c.to_string())), "every problem at once");

        let (status, problem) = answer(patch(Some("3")).json(&json!({ "email": "x@example.com" })).send().await.unwrap()).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("email".to_string(), "unknown_field".to_string())]));
        let (status, problem) = answer(patch(Some("3")).json(&json!({})).send().await.unwrap()).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("_".to_string(), "empty".to_string())]));
    }

    async fn a_reseller_creates_a_client_lists_it_and_the_client_chooses_a_password(app) {
        let reseller = app.user(UserRole::Reseller, None).await;
        let (status, client) = answer(
            post(&app, "/clients", Some(&reseller.token), json!({ "email": "client@example.com", "firstName": "Cli", "lastName": "Ent" })).await,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{client}");
        assert_eq!(client["resellerId"], reseller.id.to_string());
        assert_eq!(client["role"], "user");

        let other_reseller = app.user(UserRole::Reseller, None).await;
        let own_client = app.user(UserRole::User, Some(&reseller)).await;
        app.user(UserRole::User, Some(&other_reseller)).await;
        let list: Value = app.get_json("/clients", &reseller.token).await;
        let mut emails: Vec<&str> = list["items"].as_array().unwrap().iter().map(|u| u["email"].as_str().unwrap()).collect();
        emails.sort();
        let mut expected = vec!["client@example.com", own_client.email.as_str()];
        expected.sort();
        assert_eq!(emails, expected, "a reseller lists their own clients only");
        assert!(list["nextCursor"].is_null());

        let code = code_in_mail(&app, "client@example.com", "hjs_r_").await;
        assert_eq!(sign_in_answer(&app, "client@example.com", PASSWORD, None).await.0, StatusCode::UNAUTHORIZED, "no password until chosen");
        let response = post(&app, "/auth/password-reset/confirm", None, json!({ "token": code, "password": NEW_PASSWORD })).await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let (status, session) = sign_in_answer(&app, "client@example.com", NEW_PASSWORD, None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(session["user"]["emailVerified"], true, "the invitation code proved the address");
    }

    async fn only_resellers_and_admins_create_clients(app) {
        let user = app.user(UserRole::User, None).await;
        let body = json!({ "email": "c@example.com", "firstName": "C", "lastName": "D", "password": PASSWORD });
        let (status, problem) = answer(post(&app, "/clients", Some(&user.token), body.clone()).await).await;
        assert_eq!((status, problem["code"].as_str()), (StatusCode::FORBIDDEN, Some("forbidden")));
        assert_eq!(app.get("/clients", &user.token).await.status(), StatusCode::FORBIDDEN);
        let support = app.user(UserRole::Support, None).await;
        assert_eq!(post(&app, "/clients", Some(&support.token), body.clone()).await.status(), StatusCode::FORBIDDEN, "support is read-only");

        let admin = app.user(UserRole::Admin, None).await;
        let (status, problem) = answer(post(&app, "/clients", Some(&admin.token), body.clone()).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("resellerId".to_string(), "required".to_string())]));
        let mut for_user = body.clone();
        for_user["resellerId"] = json!(user.id.to_string());
        let (status, problem) = answer(post(&app, "/clients", Some(&admin.token), for_user).await).await;
        assert_eq!((status, field_errors(&problem)), (StatusCode::UNPROCESSABLE_ENTITY, vec![("resellerId".to_string(), "not_a_reseller".to_string())]));

        let reseller = app.user(UserRole::Reseller, None).await;
        let mut for_reseller = body.clone();
        for_reseller["resellerId"] = json!(reseller.id.to_string());
        let (status, client) = answer(post(&app, "/clients", Some(&admin.token), for_reseller).await).await;
        assert_eq!(status, StatusCode::CREATED, "{client}");
        assert_eq!(sign_in_answer(&app, "c@example.com", PASSWORD, None).await.0, StatusCode::OK, "the given password works");
        let listed: Value = app.get_json(&format!("/clients?resellerId={}", reseller.id), &support.token).await;
        assert_eq!(listed["items"][0]["_id"], client["_id"], "staff list one reseller's clients");
    }

    /// Passwords, token hashes and the TOTP secret stay inside the provider:
    /// only the responses that create a secret show it, once.
    async fn no_account_endpoint_answers_with_a_password_a_token_hash_or_the_totp_secret(app) {
        let mut bodies: Vec<(String, String)> = Vec::new();
        let mut record = |what: &str, text: String| bodies.push((what.to_string(), text));

        let response = post(&app, "/auth/sign-up", None, json!({ "email": "eve@example.com", "password": PASSWORD, "firstName": "Eve", "lastName": "E" })).await;
        let text = response.text().await.unwrap();
        let token = serde_json::from_str::<Value>(&text).unwrap()["token"].as_str().unwrap().to_string();
        record("sign-up", text);
        let (secret, _) = enable_totp(&app, &token).await;
        let (_, session) = sign_in_answer(&app, "eve@example.com", PASSWORD, Some(&current_totp(&secret))).await;
        record("sign-in", session.to_string());
        record("me", app.get("/me", &token).await.text().await.unwrap());
        record("tokens", app.get("/me/tokens", &token).await.text().await.unwrap());
        let response = post(&app, "/me/tokens", Some(&token), json!({ "name": "ci" })).await;
        let created: Value = response.json().await.unwrap();
        record("tokens again", app.get("/me/tokens", &token).await.text().await.unwrap());
        let response = app.request(Method::PATCH, "/me", Some(&token)).header("If-Match", "2").json(&json!({ "lastName": "Evans" })).send().await.unwrap();
        record("profile", response.text().await.unwrap());
        let response = app.request(Method::PATCH, "/me", Some(&token)).header("If-Match", "1").json(&json!({ "lastName": "Evans" })).send().await.unwrap();
        record("stale profile", response.text().await.unwrap());
        record("enroll again", post(&app, "/me/totp/enroll", Some(&token), json!({})).await.text().await.unwrap());
        let code = code_in_mail(&app, "eve@example.com", "hjs_v_").await;
        record("verify", post(&app, "/auth/verify-email", None, json!({ "token": code })).await.text().await.unwrap());
        record("reset", post(&app, "/auth/password-reset", None, json!({ "email": "eve@example.com" })).await.text().await.unwrap());
        let reseller = app.user(UserRole::Reseller, None).await;
        let body = json!({ "email": "fay@example.com", "firstName": "Fay", "lastName": "F", "password": PASSWORD });
        record("new client", post(&app, "/clients", Some(&reseller.token), body).await.text().await.unwrap());
        record("clients", app.get("/clients", &reseller.token).await.text().await.unwrap());
        record("disable", post(&app, "/me/totp/disable", Some(&token), json!({ "password": PASSWORD })).await.text().await.unwrap());

        let mut secrets: Vec<(String, String)> = vec![("password".into(), PASSWORD.into()), ("TOTP secret".into(), secret.clone())];
        let hashes: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM auth_tokens").fetch_all(&app.state.db.pool).await.unwrap();
        secrets.extend(hashes.into_iter().map(|h| ("token hash".to_string(), h)));
        let password_hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM user_secrets").fetch_all(&app.state.db.pool).await.unwrap();
        secrets.extend(password_hashes.into_iter().map(|h| ("password hash".to_string(), h)));
        secrets.push(("API token".into(), created["token"].as_str().unwrap().to_string()));
        for (what, body) in &bodies {
            assert!(!body.is_empty() || what == "verify" || what == "reset", "{what} answered");
            for (kind, secret) in &secrets {
                assert!(!body.contains(secret.as_str()), "the {what} response contains a {kind}: {body}");
            }
        }
        assert!(bodies.iter().any(|(what, body)| what == "enroll again" && body.contains("totp_already_enabled")));
    }

    async fn the_openapi_document_describes_the_account_endpoints(app) {
        let response = app.request(Method::GET, "/openapi.json", None).send().await.unwrap();
        let document: Value = response.json().await.unwrap();
        for path in ["/api/v1/auth/sign-up", "/api/v1/auth/verify-email", "/api/v1/auth/password-reset", "/api/v1/auth/password-reset/confirm",
            "/api/v1/me/totp/enroll", "/api/v1/me/totp/confirm", "/api/v1/me/totp/disable", "/api/v1/me/tokens", "/api/v1/me/tokens/{id}",
            "/api/v1/clients", "/api/v1/me/email-verification"] {
            assert!(document["paths"][path].is_object(), "{path} is documented");
        }
        assert!(document["paths"]["/api/v1/me"]["patch"].is_object(), "PATCH /me is documented");
        assert!(document["components"]["schemas"]["ProfileChange"].is_object());
    }
}
