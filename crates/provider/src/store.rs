//! Document storage shared by every business area: how a document maps to
//! its table (the [`Stored`] trait, implemented next to each area's code),
//! and the writes that keep the table and the change log in step.
//!
//! Every write goes through [`WriteTx::insert`], [`WriteTx::update`] or
//! [`WriteTx::delete`], which append the change-log row and the audit
//! record (who, when, before and after) in the same transaction. Reads go
//! through [`fetch_one`] / [`fetch_body`], which apply the caller's [`Scope`].

use anyhow::Context;
use hjs_model::documents::audit::redact;
use hjs_model::documents::{AuditEvent, AuditOperation, Document, SupportMessage};
use hjs_model::{Collection, ObjectId, Timestamp};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection};

use crate::db::{Audit, WriteTx};
use crate::error::{ApiError, ApiResult};
use crate::scope::Scope;

/// A document just written, as its audit record needs it.
#[derive(Debug, Clone, Copy)]
struct Written {
    collection: Collection,
    id: ObjectId,
    owner: ObjectId,
    reseller: Option<ObjectId>,
    audience: Audience,
}

/// A value for one extracted column.
#[derive(Debug, Clone)]
pub enum Column {
    Text(String),
    NullableText(Option<String>),
    Int(i64),
}

impl Column {
    pub fn flag(value: bool) -> Column {
        Column::Int(value as i64)
    }
}

/// Who may read a change-log row, beside owner and reseller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Staff, the owner and the owner's reseller.
    All,
    /// Staff only (internal notes).
    Staff,
    /// Owner and reseller only.
    Accounts,
}

impl Audience {
    fn as_str(self) -> &'static str {
        match self {
            Audience::All => "all",
            Audience::Staff => "staff",
            Audience::Accounts => "accounts",
        }
    }
}

/// How a document is stored: its table and the columns copied out of it
/// for filtering, sorting and constraints. `id`, `version`, `owner_id`,
/// `created_at`, `updated_at` and `body` are common to every table.
pub trait Stored: Document {
    const TABLE: &'static str;
    fn columns(&self) -> Vec<(&'static str, Column)>;
    fn created_at(&self) -> Timestamp;
    fn updated_at(&self) -> Timestamp;
    fn set_updated_at(&mut self, at: Timestamp);
    /// The account whose visibility this document follows; `None` when it
    /// must be looked up (support messages follow their ticket).
    fn account_id(&self) -> Option<ObjectId> {
        self.owner_id()
    }
    fn audience(&self) -> Audience {
        Audience::All
    }
    /// For a user document, the reseller it names (`Some(None)` for none):
    /// the row being written is its own source of truth. `None` for every
    /// other document, whose owner's reseller is looked up.
    fn own_reseller(&self) -> Option<Option<ObjectId>> {
        None
    }
}

/// The table of a collection.
pub fn table_of(collection: Collection) -> &'static str {
    match collection {
        Collection::Users => "users",
        Collection::Domains => "domains",
        Collection::DnsRecords => "dns_records",
        Collection::EmailForwardings => "email_forwardings",
        Collection::DomainTransfers => "domain_transfers",
        Collection::DomainOrders => "domain_orders",
        Collection::PaymentMethods => "payment_methods",
        Collection::HostingPackages => "hosting_packages",
        Collection::HostingProjects => "hosting_projects",
        Collection::Deployments => "deployments",
        Collection::SupportPackages => "support_packages",
        Collection::SupportTickets => "support_tickets",
        Collection::SupportMessages => "support_messages",
        Collection::Notifications => "notifications",
        Collection::AuditEvents => "audit_events",
        Collection::ZoneVersions => "zone_versions",
    }
}

pub(crate) fn bind_column<'q>(query: Query<'q, Any, AnyArguments<'q>>, value: Column) -> Query<'q, Any, AnyArguments<'q>> {
    match value {
        Column::Text(text) => query.bind(text),
        Column::NullableText(text) => query.bind(text),
        Column::Int(number) => query.bind(number),
    }
}

impl WriteTx {
    /// Stores a new document and announces it in the change feed.
    pub async fn insert<D: Stored>(&mut self, doc: &D) -> ApiResult<()> {
        let owner = doc.account_id().context("this document's owner must be given: use insert_owned_by")?;
        self.insert_owned_by(doc, owner).await
    }

    /// Stores a new document whose visibility follows `owner` (a support
    /// message follows its ticket's customer).
    pub async fn insert_owned_by<D: Stored>(&mut self, doc: &D, owner: ObjectId) -> ApiResult<()> {
        let reseller = match doc.own_reseller() {
            Some(own) => own,
            None => self.reseller_of(owner).await?,
        };
        let body = serde_json::to_string(doc).context("Failed to encode document")?;
        let extra = doc.columns();
        let mut names = vec!["id", "version", "owner_id", "tenant_id", "created_at", "updated_at", "body"];
        names.extend(extra.iter().map(|(name, _)| *name));
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
        let sql = format!("INSERT INTO {} ({}) VALUES ({})", D::TABLE, names.join(", "), placeholders.join(", "));
        let mut query = sqlx::query(&sql)
            .bind(doc.id().to_string())
            .bind(doc.version())
            .bind(owner.to_string())
            .bind(tenant_of(owner, reseller))
            .bind(doc.created_at().to_string())
            .bind(doc.updated_at().to_string())
            .bind(body.clone());
        for (_, value) in extra {
            query = bind_column(query, value);
        }
        query.execute(&mut *self.tx).await.map_err(|e| constraint_error(e, D::COLLECTION))?;
        self.append_change(D::COLLECTION, doc.id(), Some(&body), Some(owner), reseller, doc.audience()).await?;
        let write = Written { collection: D::COLLECTION, id: doc.id(), owner, reseller, audience: doc.audience() };
        self.record_audit(write, AuditOperation::Create, None, Some(&body)).await
    }

    /// Replaces a document whose stored version is `doc.version() - 1`.
    /// The caller bumps the version; a lost race shows as a stale version.
    pub async fn update<D: Stored>(&mut self, doc: &D) -> ApiResult<()> {
        let owner = match doc.account_id() {
            Some(owner) => owner,
            None => owner_of(&mut self.tx, D::COLLECTION, doc.id()).await?.ok_or(ApiError::NotFound)?,
        };
        let reseller = match doc.own_reseller() {
            Some(own) => own,
            None => self.reseller_of(owner).await?,
        };
        let before = self.stored_body(D::COLLECTION, doc.id()).await?;
        let body = serde_json::to_string(doc).context("Failed to encode document")?;
        let extra = doc.columns();
        let mut sets =
            vec!["version = $1".to_string(), "owner_id = $2".into(), "tenant_id = $3".into(), "updated_at = $4".into(), "body = $5".into()];
        for (i, (name, _)) in extra.iter().enumerate() {
            sets.push(format!("{name} = ${}", i + 6));
        }
        let n = extra.len() + 6;
        let sql = format!("UPDATE {} SET {} WHERE id = ${n} AND version = ${}", D::TABLE, sets.join(", "), n + 1);
        let mut query = sqlx::query(&sql)
            .bind(doc.version())
            .bind(owner.to_string())
            .bind(tenant_of(owner, reseller))
            .bind(doc.updated_at().to_string())
            .bind(body.clone());
        for (_, value) in extra {
            query = bind_column(query, value);
        }
        let result = query
            .bind(doc.id().to_string())
            .bind(doc.version() - 1)
            .execute(&mut *self.tx)
            .await
            .map_err(|e| constraint_error(e, D::COLLECTION))?;
        if result.rows_affected() != 1 {
            let current = self.current_body(D::COLLECTION, doc.id()).await?;
            return Err(ApiError::StaleVersion { expected: doc.version() - 1, current, stale: None });
        }
        self.append_change(D::COLLECTION, doc.id(), Some(&body), Some(owner), reseller, doc.audience()).await?;
        let write = Written { collection: D::COLLECTION, id: doc.id(), owner, reseller, audience: doc.audience() };
        self.record_audit(write, AuditOperation::Update, before.as_deref(), Some(&body)).await
    }

    /// Removes a document and announces the delete to everyone who saw it.
    pub async fn delete(&mut self, collection: Collection, id: ObjectId) -> ApiResult<()> {
        let owner = owner_of(&mut self.tx, collection, id).await?.ok_or(ApiError::NotFound)?;
        let reseller = self.reseller_of(owner).await?;
        let before = self.stored_body(collection, id).await?;
        sqlx::query(&format!("DELETE FROM {} WHERE id = $1", table_of(collection))).bind(id.to_string()).execute(&mut *self.tx).await?;
        self.append_change(collection, id, None, Some(owner), reseller, Audience::All).await?;
        let write = Written { collection, id, owner, reseller, audience: Audience::All };
        self.record_audit(write, AuditOperation::Delete, before.as_deref(), None).await
    }

    /// Records one write in the audit trail, visible to whoever sees the
    /// document written. Audit records themselves are not audited.
    async fn record_audit(
        &mut self,
        write: Written,
        operation: AuditOperation,
        before: Option<&str>,
        after: Option<&str>,
    ) -> ApiResult<()> {
        let actor = match &self.audit {
            Audit::As(actor) => actor.clone(),
            Audit::Seed => return Ok(()),
        };
        if matches!(write.collection, Collection::AuditEvents | Collection::ZoneVersions) {
            return Ok(());
        }
        let parse = |body: Option<&str>| -> ApiResult<Option<serde_json::Value>> {
            Ok(body.map(serde_json::from_str).transpose().context("stored document is not JSON")?.map(redact))
        };
        let event = AuditEvent {
            id: ObjectId::new(),
            user_id: write.owner,
            actor,
            collection: write.collection,
            doc_id: write.id,
            operation,
            before: parse(before)?,
            after: parse(after)?,
            created_at: Timestamp::now(),
            version: 1,
        };
        let body = serde_json::to_string(&event).context("Failed to encode the audit event")?;
        sqlx::query(
            "INSERT INTO audit_events (id, version, owner_id, tenant_id, collection, doc_id, actor_id, internal, created_at, updated_at, body) \
             VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $8, $9)",
        )
        .bind(event.id.to_string())
        .bind(write.owner.to_string())
        .bind(tenant_of(write.owner, write.reseller))
        .bind(write.collection.as_str())
        .bind(write.id.to_string())
        .bind(event.actor.user_id.map(|u| u.to_string()))
        .bind((write.audience == Audience::Staff) as i64)
        .bind(event.created_at.to_string())
        .bind(&body)
        .execute(&mut *self.tx)
        .await?;
        self.append_change(Collection::AuditEvents, event.id, Some(&body), Some(write.owner), write.reseller, write.audience).await
    }

    /// A document's stored JSON, whoever may see it.
    async fn stored_body(&mut self, collection: Collection, id: ObjectId) -> ApiResult<Option<String>> {
        let sql = format!("SELECT body FROM {} WHERE id = $1", table_of(collection));
        Ok(sqlx::query_scalar(&sql).bind(id.to_string()).fetch_optional(&mut *self.tx).await?)
    }

    /// Announces to one reseller that a document left their view.
    pub async fn announce_left_view(&mut self, collection: Collection, id: ObjectId, reseller: ObjectId) -> ApiResult<()> {
        self.append_change(collection, id, None, None, Some(reseller), Audience::Accounts).await
    }

    /// Announces a document to one reseller only (it entered their view).
    pub async fn announce_entered_view(&mut self, collection: Collection, id: ObjectId, body: &str, reseller: ObjectId) -> ApiResult<()> {
        self.append_change(collection, id, Some(body), None, Some(reseller), Audience::Accounts).await
    }

    /// The reseller whose client `owner` is, if any.
    pub async fn reseller_of(&mut self, owner: ObjectId) -> ApiResult<Option<ObjectId>> {
        let reseller: Option<String> = sqlx::query_scalar("SELECT reseller_id FROM users WHERE id = $1")
            .bind(owner.to_string())
            .fetch_optional(&mut *self.tx)
            .await?
            .flatten();
        Ok(reseller.and_then(|r| ObjectId::parse(&r).ok()))
    }

    pub(crate) async fn append_change(
        &mut self,
        collection: Collection,
        id: ObjectId,
        body: Option<&str>,
        owner: Option<ObjectId>,
        reseller: Option<ObjectId>,
        audience: Audience,
    ) -> ApiResult<()> {
        let seq = self.next_seq().await?;
        sqlx::query(
            "INSERT INTO change_log (seq, collection, doc_id, op, owner_id, reseller_id, audience, committed_at, body) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(seq)
        .bind(collection.as_str())
        .bind(id.to_string())
        .bind(if body.is_some() { "upsert" } else { "delete" })
        .bind(owner.map(|o| o.to_string()))
        .bind(reseller.map(|r| r.to_string()))
        .bind(audience.as_str())
        .bind(Timestamp::now().to_string())
        .bind(body.map(str::to_string))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn current_body(&mut self, collection: Collection, id: ObjectId) -> ApiResult<serde_json::Value> {
        let body = self.stored_body(collection, id).await?.ok_or(ApiError::NotFound)?;
        Ok(serde_json::from_str(&body).context("stored document is not JSON")?)
    }
}

/// The account a document's visibility rolls up to: the owner's reseller
/// when the owner is a client, else the owner (see the tenant migration).
pub fn tenant_of(owner: ObjectId, reseller: Option<ObjectId>) -> String {
    reseller.unwrap_or(owner).to_string()
}

async fn owner_of(conn: &mut AnyConnection, collection: Collection, id: ObjectId) -> ApiResult<Option<ObjectId>> {
    let owner: Option<String> = sqlx::query_scalar(&format!("SELECT owner_id FROM {} WHERE id = $1", table_of(collection)))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    Ok(owner.and_then(|o| ObjectId::parse(&o).ok()))
}

/// Maps the unique constraints the plan asks for to field errors.
fn constraint_error(error: sqlx::Error, collection: Collection) -> ApiError {
    let (field, message) = match collection {
        Collection::Users => ("email", "an account with this e-mail address already exists"),
        Collection::Domains => ("domainName", "this domain is already registered with us"),
        Collection::EmailForwardings => ("fromEmail", "this address already has a forward on this domain"),
        Collection::DomainOrders => ("orderNumber", "this order number is taken"),
        Collection::SupportTickets => ("ticketNumber", "this ticket number is taken"),
        _ => ("_id", "a document with this id already exists"),
    };
    crate::error::unique_violation(error, field, message)
}

/// A document's stored JSON, if the scope can see it.
pub async fn fetch_body(conn: &mut AnyConnection, scope: &Scope, collection: Collection, id: ObjectId) -> ApiResult<Option<String>> {
    let clause = scope.owner_clause(collection, 2);
    let sql = format!("SELECT body FROM {} WHERE id = $1 AND {}", table_of(collection), clause.sql);
    let mut query = sqlx::query_scalar(&sql).bind(id.to_string());
    for bind in clause.binds {
        query = query.bind(bind);
    }
    Ok(query.fetch_optional(conn).await?)
}

/// A document, if the scope can see it; 404 otherwise.
pub async fn fetch_one<D: Stored>(conn: &mut AnyConnection, scope: &Scope, id: ObjectId) -> ApiResult<D> {
    let body = fetch_body(conn, scope, D::COLLECTION, id).await?.ok_or(ApiError::NotFound)?;
    Ok(serde_json::from_str(&body).with_context(|| format!("stored {} {id} does not decode", D::COLLECTION))?)
}

/// Implements [`Stored`] for a document with `created_at`/`updated_at`.
macro_rules! impl_stored {
    ($ty:ty, $table:literal, |$doc:ident| [$($column:literal => $value:expr),* $(,)?]) => {
        impl $crate::store::Stored for $ty {
            const TABLE: &'static str = $table;
            #[allow(unused_variables)]
            fn columns(&self) -> Vec<(&'static str, $crate::store::Column)> {
                let $doc = self;
                vec![$(($column, $value)),*]
            }
            fn created_at(&self) -> hjs_model::Timestamp {
                self.created_at
            }
            fn updated_at(&self) -> hjs_model::Timestamp {
                self.updated_at
            }
            fn set_updated_at(&mut self, at: hjs_model::Timestamp) {
                self.updated_at = at;
            }
        }
    };
}
pub(crate) use impl_stored;

impl Stored for SupportMessage {
    const TABLE: &'static str = "support_messages";
    fn columns(&self) -> Vec<(&'static str, Column)> {
        vec![
            ("ticket_id", Column::Text(self.ticket_id.to_string())),
            ("author_id", Column::NullableText(self.user_id.map(|u| u.to_string()))),
            ("internal", Column::flag(self.is_internal())),
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
    /// A message is seen by whoever sees its ticket, not by its author.
    fn account_id(&self) -> Option<ObjectId> {
        None
    }
    fn audience(&self) -> Audience {
        if self.is_internal() {
            Audience::Staff
        } else {
            Audience::All
        }
    }
}
