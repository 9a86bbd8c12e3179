//! When an account moves between resellers, its documents leave one
//! reseller's view and enter another's. The change feed must say so: the old
//! reseller gets a delete for every document, the new one an upsert, and
//! nobody else is told anything new.

use hjs_model::{Collection, ObjectId};

use crate::db::WriteTx;
use crate::error::ApiResult;
use crate::store::table_of;

/// Announces every document of `account` as leaving `old` and entering
/// `new`. Call in the transaction that changes the account's `resellerId`.
pub async fn move_account(tx: &mut WriteTx, account: ObjectId, old: Option<ObjectId>, new: Option<ObjectId>) -> ApiResult<()> {
    if old == new {
        return Ok(());
    }
    let tenant = crate::store::tenant_of(account, new);
    for collection in Collection::ALL {
        sqlx::query(&format!("UPDATE {} SET tenant_id = $1 WHERE owner_id = $2", table_of(*collection)))
            .bind(&tenant)
            .bind(account.to_string())
            .execute(&mut *tx.tx)
            .await?;
        let rows: Vec<(String, String, i64)> = if matches!(collection, Collection::SupportMessages | Collection::AuditEvents) {
            sqlx::query_as(&format!("SELECT id, body, internal FROM {} WHERE owner_id = $1 ORDER BY id", table_of(*collection)))
                .bind(account.to_string())
                .fetch_all(&mut *tx.tx)
                .await?
        } else {
            sqlx::query_as(&format!("SELECT id, body, 0 FROM {} WHERE owner_id = $1 ORDER BY id", table_of(*collection)))
                .bind(account.to_string())
                .fetch_all(&mut *tx.tx)
                .await?
        };
        for (id, body, internal) in rows {
            // Internal notes (and their audit records) were never in a reseller's view.
            if internal != 0 {
                continue;
            }
            let Ok(id) = ObjectId::parse(&id) else { continue };
            if let Some(old) = old {
                tx.announce_left_view(*collection, id, old).await?;
            }
            if let Some(new) = new {
                tx.announce_entered_view(*collection, id, &body, new).await?;
            }
        }
    }
    Ok(())
}
