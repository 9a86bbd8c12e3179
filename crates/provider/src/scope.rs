//! Who is asking, and what they may see and change: the ONE place that
//! decides visibility. Every query over documents takes its `WHERE` clause
//! for ownership from [`Scope::owner_clause`], and every change-feed read
//! takes its clause from [`Scope::change_clause`].
//!
//! - `user`: their own documents.
//! - `reseller`: their own and their clients' (users whose `resellerId` is them).
//! - `support`: every document, read-only, plus ticket work; sees internal notes.
//! - `admin`: everything.
//!
//! Internal ticket notes are visible to staff only.

use hjs_model::documents::{AuditActor, AuditVia, UserRole};
use hjs_model::{Collection, ObjectId};

use crate::error::ApiError;

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: ObjectId,
    pub role: UserRole,
    /// The token that authenticated this request (for sign-out).
    pub token_id: String,
    /// A session (desktop, CLI) or an API token, for the audit trail.
    pub via: AuditVia,
    /// The API token's name, if it has one.
    pub token_name: Option<String>,
}

impl Principal {
    /// Who this is, as the audit trail records it.
    pub fn actor(&self) -> AuditActor {
        let detail = if self.via == AuditVia::ApiToken { self.token_name.clone() } else { None };
        AuditActor { user_id: Some(self.user_id), role: Some(self.role), via: self.via, detail }
    }

    pub fn scope(&self) -> Scope {
        match self.role {
            UserRole::Admin | UserRole::Support => Scope::Staff,
            UserRole::Reseller => Scope::Reseller(self.user_id),
            UserRole::User => Scope::Own(self.user_id),
        }
    }

    /// Support works tickets (and the canned replies they answer with) but may
    /// not change customers' other documents.
    pub fn ensure_can_write(&self, collection: Collection) -> Result<(), ApiError> {
        let support_may_write = matches!(collection, Collection::SupportTickets | Collection::SupportMessages | Collection::CannedReplies);
        if self.role == UserRole::Support && !support_may_write {
            return Err(ApiError::forbidden("support staff have read-only access to customer documents"));
        }
        Ok(())
    }

    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }
}

/// Which accounts' documents a principal can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Support and admin: every account.
    Staff,
    /// A reseller: their own account and their clients'.
    Reseller(ObjectId),
    /// A user: their own account.
    Own(ObjectId),
}

/// A SQL condition with its bind values (all text), numbered from `first`.
#[derive(Debug, Clone)]
pub struct Clause {
    pub sql: String,
    pub binds: Vec<String>,
}

impl Scope {
    pub fn is_staff(&self) -> bool {
        matches!(self, Scope::Staff)
    }

    /// Condition on a table's `owner_id` (and `internal` for messages),
    /// using placeholders `$first`, `$first+1`, ...
    pub fn owner_clause(&self, collection: Collection, first: usize) -> Clause {
        let has_internal = matches!(collection, Collection::SupportMessages | Collection::AuditEvents);
        let internal = if has_internal && !self.is_staff() { " AND internal = 0" } else { "" };
        match self {
            Scope::Staff => Clause { sql: "1 = 1".into(), binds: vec![] },
            Scope::Own(me) => Clause { sql: format!("owner_id = ${first}{internal}"), binds: vec![me.to_string()] },
            // `tenant_id` is the reseller for their clients' documents and for
            // their own (see the tenant migration).
            Scope::Reseller(me) => Clause { sql: format!("tenant_id = ${first}{internal}"), binds: vec![me.to_string()] },
        }
    }

    /// Condition on `change_log` rows this scope may read.
    pub fn change_clause(&self, first: usize) -> Clause {
        match self {
            Scope::Staff => Clause { sql: "audience IN ('all', 'staff')".into(), binds: vec![] },
            Scope::Own(me) => {
                Clause { sql: format!("audience IN ('all', 'accounts') AND owner_id = ${first}"), binds: vec![me.to_string()] }
            }
            Scope::Reseller(me) => Clause {
                sql: format!("audience IN ('all', 'accounts') AND (owner_id = ${first} OR reseller_id = ${first})"),
                binds: vec![me.to_string()],
            },
        }
    }
}
