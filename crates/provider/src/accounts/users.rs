//! Users as stored documents, and creating them together with their secrets.

use hjs_model::documents::{User, UserBilling, UserProfile, UserRole};
use hjs_model::{EmailAddress, ObjectId, Timestamp};

use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::store::{impl_stored, Column};

impl_stored!(User, "users", |user| [
    "email" => Column::Text(user.email.normalized()),
    "role" => Column::Text(user.role.as_str().to_string()),
    "reseller_id" => Column::NullableText(user.reseller_id.map(|r| r.to_string())),
    "is_active" => Column::flag(user.is_active),
]);

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
