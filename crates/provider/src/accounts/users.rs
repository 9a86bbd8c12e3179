//! Users as stored documents, and creating them together with their secrets.

use hjs_model::documents::{User, UserBilling, UserProfile, UserRole};
use hjs_model::error::ParseError;
use hjs_model::{EmailAddress, FieldErrors, ObjectId, Timestamp};

use super::password::NewPassword;
use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::scope::Scope;
use crate::store::{fetch_one, Column, Stored};

impl Stored for User {
    const TABLE: &'static str = "users";
    fn columns(&self) -> Vec<(&'static str, Column)> {
        let user = self;
        vec![
            ("email", Column::Text(user.email.normalized())),
            ("role", Column::Text(user.role.as_str().to_string())),
            ("reseller_id", Column::NullableText(user.reseller_id.map(|r| r.to_string()))),
            ("is_active", Column::flag(user.is_active)),
        ]
    }
    fn created_at(&self) -> Timestamp {
        self.created_at
    }
    fn updated_at(&self) -> Timestamp {
        self.updated_at
    }
    fn set_updated_at(&mut self, at: Timestamp) {
        self.updated_at = at;
    }
    /// A user row decides its own reseller (it may not be stored yet).
    fn own_reseller(&self) -> Option<Option<ObjectId>> {
        Some(self.reseller_id)
    }
}

/// Everything needed to create a user.
#[derive(Debug)]
pub struct NewUser {
    pub email: EmailAddress,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub role: UserRole,
    pub reseller_id: Option<ObjectId>,
    pub email_verified: bool,
    pub profile: UserProfile,
    pub created_at: Timestamp,
}

/// Inserts the user document and its secrets row in the caller's transaction.
pub async fn create(tx: &mut WriteTx, new: NewUser) -> ApiResult<User> {
    let user = User {
        id: ObjectId::at(new.created_at.datetime().timestamp().max(0) as u32),
        email: new.email,
        first_name: new.first_name,
        last_name: new.last_name,
        email_verified: new.email_verified,
        profile: new.profile,
        billing: UserBilling::default(),
        is_active: true,
        role: new.role,
        two_factor_enabled: false,
        reseller_id: new.reseller_id,
        created_at: new.created_at,
        updated_at: new.created_at,
        version: 1,
    };
    tx.insert(&user).await?;
    sqlx::query("INSERT INTO user_secrets (user_id, password_hash) VALUES ($1, $2)")
        .bind(user.id.to_string())
        .bind(new.password_hash)
        .execute(&mut *tx.tx)
        .await?;
    Ok(user)
}

/// Longest first or last name, in characters.
pub const NAME_MAX: usize = 100;

/// A first or last name: trimmed, 1–100 characters, no control characters.
pub fn parse_name(input: &str) -> Result<String, ParseError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(ParseError::new("required", "must not be empty"));
    }
    if name.chars().count() > NAME_MAX {
        return Err(ParseError::new("too_long", format!("must be at most {NAME_MAX} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(ParseError::new("invalid_characters", "must not contain control characters"));
    }
    Ok(name.to_string())
}

/// The parsed fields of a new account (sign-up, a reseller's new client).
#[derive(Debug)]
pub struct AccountFields {
    pub email: EmailAddress,
    pub first_name: String,
    pub last_name: String,
    pub password: Option<NewPassword>,
}

/// Parses a new account's fields, reporting every invalid one at once.
pub fn parse_account(email: &str, first_name: &str, last_name: &str, password: Option<&str>) -> Result<AccountFields, FieldErrors> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", EmailAddress::parse(email));
    let first_name = errors.check("firstName", parse_name(first_name));
    let last_name = errors.check("lastName", parse_name(last_name));
    let password = password.map(|p| errors.check("password", NewPassword::parse(p)));
    if let (true, Some(email), Some(first_name), Some(last_name)) = (errors.is_empty(), email, first_name, last_name) {
        return Ok(AccountFields { email, first_name, last_name, password: password.flatten() });
    }
    Err(errors)
}

/// Changes a user document in the caller's transaction: bumps `version`
/// and `updatedAt` and writes through the change feed.
pub async fn modify(tx: &mut WriteTx, id: ObjectId, change: impl FnOnce(&mut User)) -> ApiResult<User> {
    let mut user: User = fetch_one(&mut tx.tx, &Scope::Own(id), id).await?;
    change(&mut user);
    user.version += 1;
    user.updated_at = Timestamp::now();
    tx.update(&user).await?;
    Ok(user)
}
