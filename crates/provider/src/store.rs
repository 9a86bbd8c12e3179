//! Document storage shared by every business area: how a document maps to
//! its table (the [`Stored`] trait, implemented next to each area's code),
//! and the writes that keep the table and the change log in step.
//!
//! Every write goes through [`WriteTx::insert`], [`WriteTx::update`] or
//! [`WriteTx::delete`], which append the change-log row and the audit
//! record (who, when, before and after) in the same transaction: kept in
//! order and written together at commit (or every [`LOG_FLUSH_AT`]
//! entries), so a write of three documents is one seq reservation, one
//! change-log and one audit statement rather than three of each. Their
//! batch forms ([`WriteTx::insert_many`], [`WriteTx::update_many`],
//! [`WriteTx::delete_many`]) write many documents of one collection with a
//! few multi-row statements and one block of seqs, leaving the same rows;
//! the single-document methods are their one-element case, so the logic
//! lives once. Reads go through [`fetch_one`] / [`fetch_body`], which apply
//! the caller's [`Scope`].

use std::collections::{BTreeSet, HashSet};

use anyhow::Context;
use hjs_model::documents::audit::redact;
use hjs_model::documents::{AuditEvent, AuditOperation, Document, SupportMessage};
use hjs_model::{Collection, ObjectId, Timestamp};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

use crate::db::{multi_row_insert, parameters, values_list, Audit, Engine, Seqs, WriteTx};
use crate::error::{ApiError, ApiResult};
use crate::scope::Scope;

/// One document write, as its change-log row and audit record need it.
#[derive(Debug)]
pub(crate) struct Written {
    collection: Collection,
    id: ObjectId,
    owner: ObjectId,
    reseller: Option<ObjectId>,
    audience: Audience,
    /// The document as it was, for the audit trail (none for a create).
    before: Option<serde_json::Value>,
    /// The document as stored now (none for a delete).
    after: Option<String>,
}

impl Written {
    /// The write of `doc` as stored now; `before` is how it was (none for
    /// a create).
    fn of<D: Stored>(doc: &D, owner: ObjectId, reseller: Option<ObjectId>, before: Option<serde_json::Value>) -> ApiResult<Written> {
        let after = serde_json::to_string(doc).context("Failed to encode document")?;
        Ok(Written { collection: D::COLLECTION, id: doc.id(), owner, reseller, audience: doc.audience(), before, after: Some(after) })
    }
}

/// A change-log row (with the audit record of a write) not written yet.
#[derive(Debug)]
pub(crate) enum LogEntry {
    /// A document written, with its audit record (none for the seed, audit
    /// records and zone versions).
    Write(Written, Option<AuditRecord>),
    /// A document entering or leaving one reseller's view.
    Announce { collection: Collection, id: ObjectId, body: Option<String>, reseller: ObjectId },
}

/// An audit record to be written beside its write's change-log row.
#[derive(Debug)]
pub(crate) struct AuditRecord {
    id: ObjectId,
    actor_id: Option<ObjectId>,
    /// When the write was made, as in the body.
    created_at: String,
    body: String,
}

/// Pending log entries are written once this many are waiting, which keeps
/// a big transaction's memory flat and its statements at their best size.
pub(crate) const LOG_FLUSH_AT: usize = 2_000;

/// One change-log row.
#[derive(Debug, Clone, Copy)]
struct Change<'a> {
    collection: Collection,
    id: ObjectId,
    /// The document as written; none for a delete.
    body: Option<&'a str>,
    owner: Option<ObjectId>,
    reseller: Option<ObjectId>,
    audience: Audience,
}

/// The columns every document table has, in the order inserts bind them.
const COMMON_COLUMNS: [&str; 7] = ["id", "version", "owner_id", "tenant_id", "created_at", "updated_at", "body"];
const CHANGE_LOG_COLUMNS: [&str; 9] = ["seq", "collection", "doc_id", "op", "owner_id", "reseller_id", "audience", "committed_at", "body"];
const AUDIT_COLUMNS: [&str; 11] =
    ["id", "version", "owner_id", "tenant_id", "collection", "doc_id", "actor_id", "internal", "created_at", "updated_at", "body"];

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
        Collection::CannedReplies => "canned_replies",
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
        self.insert_many(std::slice::from_ref(doc)).await
    }

    /// Stores a new document whose visibility follows `owner` (a support
    /// message follows its ticket's customer).
    pub async fn insert_owned_by<D: Stored>(&mut self, doc: &D, owner: ObjectId) -> ApiResult<()> {
        self.insert_many_owned_by(std::slice::from_ref(doc), &[owner]).await
    }

    /// Stores new documents of one collection, leaving row for row what
    /// [`WriteTx::insert`] of each in turn would, with a few multi-row
    /// statements instead of several statements per document.
    pub async fn insert_many<D: Stored>(&mut self, docs: &[D]) -> ApiResult<()> {
        let owners = docs
            .iter()
            .map(|doc| doc.account_id().context("this document's owner must be given: use insert_owned_by"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        self.insert_many_owned_by(docs, &owners).await
    }

    /// [`WriteTx::insert_many`] for documents whose visibility follows the
    /// account given for each: `owners[i]` belongs to `docs[i]`.
    pub async fn insert_many_owned_by<D: Stored>(&mut self, docs: &[D], owners: &[ObjectId]) -> ApiResult<()> {
        if docs.len() != owners.len() {
            return Err(anyhow::anyhow!("{} documents but {} owners", docs.len(), owners.len()).into());
        }
        let Some(first) = docs.first() else { return Ok(()) };
        let resellers = self.resellers_of(docs.iter().zip(owners).map(|(doc, owner)| (*owner, doc.own_reseller()))).await?;
        let writes = docs
            .iter()
            .zip(owners)
            .zip(resellers)
            .map(|((doc, owner), reseller)| Written::of(doc, *owner, reseller, None))
            .collect::<ApiResult<Vec<_>>>()?;
        let mut names = COMMON_COLUMNS.to_vec();
        names.extend(first.columns().iter().map(|(name, _)| *name));
        let per_statement = self.db().engine.rows_per_statement(names.len());
        for (docs, writes) in docs.chunks(per_statement).zip(writes.chunks(per_statement)) {
            let sql = multi_row_insert(D::TABLE, &names, docs.len());
            let mut query = sqlx::query(&sql);
            for (doc, write) in docs.iter().zip(writes) {
                query = query
                    .bind(doc.id().to_string())
                    .bind(doc.version())
                    .bind(write.owner.to_string())
                    .bind(tenant_of(write.owner, write.reseller))
                    .bind(doc.created_at().to_string())
                    .bind(doc.updated_at().to_string())
                    .bind(write.after.as_deref());
                for (_, value) in doc.columns() {
                    query = bind_column(query, value);
                }
            }
            query.execute(&mut *self.tx).await.map_err(|e| constraint_error(e, D::COLLECTION))?;
        }
        self.log_writes(writes, AuditOperation::Create).await
    }

    /// Replaces a document whose stored version is `doc.version() - 1`.
    /// The caller bumps the version; a lost race shows as a stale version.
    pub async fn update<D: Stored>(&mut self, doc: &D) -> ApiResult<()> {
        let owner = match doc.account_id() {
            Some(owner) => owner,
            None => owner_of(&mut self.tx, D::COLLECTION, doc.id()).await?.ok_or(ApiError::NotFound)?,
        };
        // When it is absent the update itself reports the document gone.
        let before = self.stored_body(D::COLLECTION, doc.id()).await?.as_deref().map(parse_json).transpose()?;
        self.replace(&[doc], &[owner], vec![before]).await
    }

    /// Replaces documents of one collection, each given as `(before,
    /// after)`: `before` as stored, read earlier in this transaction (the
    /// writer lock keeps it current), `after` with the version bumped.
    /// `before` becomes the audit record's "before" instead of being read
    /// again. If any stored version is no longer `before.version()`,
    /// nothing is written and the first such document is a stale version.
    pub async fn update_many<D: Stored>(&mut self, changes: &[(&D, &D)]) -> ApiResult<()> {
        let (mut docs, mut owners, mut befores) =
            (Vec::with_capacity(changes.len()), Vec::with_capacity(changes.len()), Vec::with_capacity(changes.len()));
        for (before, after) in changes {
            if before.id() != after.id() || before.version() + 1 != after.version() {
                let (id, version) = (after.id(), after.version());
                return Err(anyhow::anyhow!("{id} version {version} does not replace {} version {}", before.id(), before.version()).into());
            }
            let owner = match after.account_id() {
                Some(owner) => owner,
                None => owner_of(&mut self.tx, D::COLLECTION, after.id()).await?.ok_or(ApiError::NotFound)?,
            };
            docs.push(*after);
            owners.push(owner);
            befores.push(Some(serde_json::to_value(before).context("Failed to encode document")?));
        }
        self.replace(&docs, &owners, befores).await
    }

    /// The one update path: each new version goes in as a row of a VALUES
    /// list joined to the table by id and stored version, so a document
    /// whose version moved on is simply not updated, and RETURNING tells
    /// which.
    async fn replace<D: Stored>(&mut self, docs: &[&D], owners: &[ObjectId], befores: Vec<Option<serde_json::Value>>) -> ApiResult<()> {
        let Some(first) = docs.first() else { return Ok(()) };
        let resellers = self.resellers_of(docs.iter().zip(owners).map(|(doc, owner)| (*owner, doc.own_reseller()))).await?;
        let writes = docs
            .iter()
            .zip(owners)
            .zip(resellers)
            .zip(befores)
            .map(|(((doc, owner), reseller), before)| Written::of(*doc, *owner, reseller, before))
            .collect::<ApiResult<Vec<_>>>()?;
        let mut names = vec!["id", "version", "replaces", "owner_id", "tenant_id", "updated_at", "body"];
        names.extend(first.columns().iter().map(|(name, _)| *name));
        let table = D::TABLE;
        let sets: Vec<String> = names[3..].iter().chain(&["version"]).map(|name| format!("{name} = changed.{name}")).collect();
        let per_statement = self.db().engine.rows_per_statement(names.len());
        for (docs, writes) in docs.chunks(per_statement).zip(writes.chunks(per_statement)) {
            let sql = format!(
                "WITH changed ({}) AS ({}) UPDATE {table} SET {} FROM changed \
                 WHERE {table}.id = changed.id AND {table}.version = changed.replaces RETURNING {table}.id",
                names.join(", "),
                values_list(names.len(), docs.len()),
                sets.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for (doc, write) in docs.iter().zip(writes) {
                query = query
                    .bind(doc.id().to_string())
                    .bind(doc.version())
                    .bind(doc.version() - 1)
                    .bind(write.owner.to_string())
                    .bind(tenant_of(write.owner, write.reseller))
                    .bind(doc.updated_at().to_string())
                    .bind(write.after.as_deref());
                for (_, value) in doc.columns() {
                    query = bind_column(query, value);
                }
            }
            let rows = query.fetch_all(&mut *self.tx).await.map_err(|e| constraint_error(e, D::COLLECTION))?;
            if rows.len() != docs.len() {
                let updated = rows.iter().map(|row| row.try_get::<String, _>(0)).collect::<Result<HashSet<_>, _>>()?;
                let stale = docs.iter().find(|doc| !updated.contains(&doc.id().to_string())).context("an update changed too many rows")?;
                let current = self.current_body(D::COLLECTION, stale.id()).await?;
                return Err(ApiError::StaleVersion { expected: stale.version() - 1, current, stale: None });
            }
        }
        self.log_writes(writes, AuditOperation::Update).await
    }

    /// Removes a document and announces the delete to everyone who saw it.
    pub async fn delete(&mut self, collection: Collection, id: ObjectId) -> ApiResult<()> {
        let owner = owner_of(&mut self.tx, collection, id).await?.ok_or(ApiError::NotFound)?;
        let before = self.stored_body(collection, id).await?.as_deref().map(parse_json).transpose()?;
        self.remove(collection, vec![(id, owner, before)]).await
    }

    /// Removes documents of one collection, each given as stored, read
    /// earlier in this transaction; that is what the audit trail records as
    /// "before". Nothing is removed if any of them is gone.
    pub async fn delete_many<D: Stored>(&mut self, docs: &[D]) -> ApiResult<()> {
        let mut rows = Vec::with_capacity(docs.len());
        for doc in docs {
            let owner = match doc.account_id() {
                Some(owner) => owner,
                None => owner_of(&mut self.tx, D::COLLECTION, doc.id()).await?.ok_or(ApiError::NotFound)?,
            };
            rows.push((doc.id(), owner, Some(serde_json::to_value(doc).context("Failed to encode document")?)));
        }
        self.remove(D::COLLECTION, rows).await
    }

    /// The one delete path, for `(id, owner, before)` rows.
    async fn remove(&mut self, collection: Collection, rows: Vec<(ObjectId, ObjectId, Option<serde_json::Value>)>) -> ApiResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        // Looked up before the rows go: deleting a user removes the row
        // that names its reseller.
        let resellers = self.resellers_of(rows.iter().map(|(_, owner, _)| (*owner, None))).await?;
        let writes: Vec<Written> = rows
            .into_iter()
            .zip(resellers)
            .map(|((id, owner, before), reseller)| Written {
                collection,
                id,
                owner,
                reseller,
                audience: Audience::All,
                before,
                after: None,
            })
            .collect();
        let per_statement = self.db().engine.rows_per_statement(1);
        for chunk in writes.chunks(per_statement) {
            let sql = format!("DELETE FROM {} WHERE id IN ({})", table_of(collection), parameters(1, chunk.len()));
            let mut query = sqlx::query(&sql);
            for write in chunk {
                query = query.bind(write.id.to_string());
            }
            if query.execute(&mut *self.tx).await?.rows_affected() != chunk.len() as u64 {
                return Err(ApiError::NotFound);
            }
        }
        self.log_writes(writes, AuditOperation::Delete).await
    }

    /// Queues each write's change-log row and, right after it, its audit
    /// record (who, when, before and after), visible to whoever sees the
    /// document written; they are written at commit by [`write_log`]. The
    /// seed is not audited, nor are audit records and zone versions, which
    /// are records themselves.
    async fn log_writes(&mut self, writes: Vec<Written>, operation: AuditOperation) -> ApiResult<()> {
        let actor = match &self.audit {
            Audit::As(actor) => Some(actor.clone()),
            Audit::Seed => None,
        };
        let created_at = Timestamp::now();
        for mut write in writes {
            let record = match &actor {
                Some(actor) if !matches!(write.collection, Collection::AuditEvents | Collection::ZoneVersions) => {
                    let event = AuditEvent {
                        id: ObjectId::new(),
                        user_id: write.owner,
                        actor: actor.clone(),
                        collection: write.collection,
                        doc_id: write.id,
                        operation,
                        before: write.before.take().map(redact),
                        after: write.after.as_deref().map(parse_json).transpose()?.map(redact),
                        created_at,
                        version: 1,
                    };
                    let body = serde_json::to_string(&event).context("Failed to encode the audit event")?;
                    Some(AuditRecord { id: event.id, actor_id: event.actor.user_id, created_at: created_at.to_string(), body })
                }
                _ => None,
            };
            self.log.push(LogEntry::Write(write, record));
        }
        self.flush_log_if_long().await
    }

    /// Keeps a big transaction's memory flat. A batch item leaves its log to
    /// the batch: written inside the item's savepoint, the entries of the
    /// items before it would be undone with it.
    async fn flush_log_if_long(&mut self) -> ApiResult<()> {
        if !self.is_shared() && self.log.len() >= LOG_FLUSH_AT {
            self.flush_log().await?;
        }
        Ok(())
    }

    /// Writes the queued log now.
    pub(crate) async fn flush_log(&mut self) -> ApiResult<()> {
        let entries = std::mem::take(&mut self.log);
        let engine = self.db().engine;
        write_log(&mut self.tx, engine, &mut self.seqs, entries).await
    }

    /// A document's stored JSON, whoever may see it.
    async fn stored_body(&mut self, collection: Collection, id: ObjectId) -> ApiResult<Option<String>> {
        let sql = format!("SELECT body FROM {} WHERE id = $1", table_of(collection));
        Ok(sqlx::query_scalar(&sql).bind(id.to_string()).fetch_optional(&mut *self.tx).await?)
    }

    /// Announces to one reseller that a document left their view.
    pub async fn announce_left_view(&mut self, collection: Collection, id: ObjectId, reseller: ObjectId) -> ApiResult<()> {
        self.log.push(LogEntry::Announce { collection, id, body: None, reseller });
        self.flush_log_if_long().await
    }

    /// Announces a document to one reseller only (it entered their view).
    pub async fn announce_entered_view(&mut self, collection: Collection, id: ObjectId, body: &str, reseller: ObjectId) -> ApiResult<()> {
        self.log.push(LogEntry::Announce { collection, id, body: Some(body.to_string()), reseller });
        self.flush_log_if_long().await
    }

    /// For each `(owner, own)`: the reseller a user document names for
    /// itself (`own`, the row being written is its own source of truth),
    /// else the reseller whose client the owner is, looked up once per
    /// owner and transaction.
    /// Learns an account's reseller from the `tenant_id` of one of its
    /// documents read in this transaction (so current: visibility changes
    /// rewrite it in the same transaction as the user), sparing a lookup.
    pub(crate) fn learn_reseller(&mut self, owner: ObjectId, tenant_id: &str) -> ApiResult<()> {
        let tenant = ObjectId::parse(tenant_id).with_context(|| format!("stored tenant {tenant_id} is not an id"))?;
        // The inverse of `tenant_of`.
        self.resellers.insert(owner, (tenant != owner).then_some(tenant));
        Ok(())
    }

    async fn resellers_of(
        &mut self,
        owners: impl IntoIterator<Item = (ObjectId, Option<Option<ObjectId>>)>,
    ) -> ApiResult<Vec<Option<ObjectId>>> {
        let owners: Vec<_> = owners.into_iter().collect();
        for (owner, own) in &owners {
            if let Some(own) = own {
                // A user written here: later writes of its documents see
                // the reseller it has now.
                self.resellers.insert(*owner, *own);
            }
        }
        let unknown: Vec<ObjectId> = owners
            .iter()
            .filter(|(owner, own)| own.is_none() && !self.resellers.contains_key(owner))
            .map(|(owner, _)| *owner)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for chunk in unknown.chunks(self.db().engine.rows_per_statement(1)) {
            let sql = format!("SELECT id, reseller_id FROM users WHERE id IN ({})", parameters(1, chunk.len()));
            let mut query = sqlx::query_as::<_, (String, Option<String>)>(&sql);
            for owner in chunk {
                query = query.bind(owner.to_string());
            }
            for (id, reseller) in query.fetch_all(&mut *self.tx).await? {
                if let Ok(id) = ObjectId::parse(&id) {
                    self.resellers.insert(id, reseller.and_then(|r| ObjectId::parse(&r).ok()));
                }
            }
        }
        Ok(owners.into_iter().map(|(owner, own)| own.unwrap_or_else(|| self.resellers.get(&owner).copied().flatten())).collect())
    }

    async fn current_body(&mut self, collection: Collection, id: ObjectId) -> ApiResult<serde_json::Value> {
        let body = self.stored_body(collection, id).await?.ok_or(ApiError::NotFound)?;
        parse_json(&body)
    }
}

/// Writes queued log entries, in order: the audit records in a few
/// multi-row statements, then every change-log row (each write's audit
/// record right after its own row) under seqs taken in one block.
pub(crate) async fn write_log(conn: &mut AnyConnection, engine: Engine, seqs: &mut Seqs, entries: Vec<LogEntry>) -> ApiResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let audited: Vec<(&Written, &AuditRecord)> = entries
        .iter()
        .filter_map(|entry| match entry {
            LogEntry::Write(write, Some(record)) => Some((write, record)),
            _ => None,
        })
        .collect();
    for chunk in audited.chunks(engine.rows_per_statement(AUDIT_COLUMNS.len())) {
        let sql = multi_row_insert("audit_events", &AUDIT_COLUMNS, chunk.len());
        let mut query = sqlx::query(&sql);
        for (write, record) in chunk {
            query = query
                .bind(record.id.to_string())
                .bind(1_i64)
                .bind(write.owner.to_string())
                .bind(tenant_of(write.owner, write.reseller))
                .bind(write.collection.as_str())
                .bind(write.id.to_string())
                .bind(record.actor_id.map(|u| u.to_string()))
                .bind((write.audience == Audience::Staff) as i64)
                .bind(record.created_at.as_str())
                .bind(record.created_at.as_str())
                .bind(record.body.as_str());
        }
        query.execute(&mut *conn).await?;
    }

    let mut changes = Vec::with_capacity(entries.len() + audited.len());
    for entry in &entries {
        match entry {
            LogEntry::Write(write, record) => {
                let (owner, reseller, audience) = (Some(write.owner), write.reseller, write.audience);
                changes.push(Change {
                    collection: write.collection,
                    id: write.id,
                    body: write.after.as_deref(),
                    owner,
                    reseller,
                    audience,
                });
                if let Some(record) = record {
                    changes.push(Change {
                        collection: Collection::AuditEvents,
                        id: record.id,
                        body: Some(&record.body),
                        owner,
                        reseller,
                        audience,
                    });
                }
            }
            LogEntry::Announce { collection, id, body, reseller } => changes.push(Change {
                collection: *collection,
                id: *id,
                body: body.as_deref(),
                owner: None,
                reseller: Some(*reseller),
                audience: Audience::Accounts,
            }),
        }
    }
    append_changes(conn, engine, seqs, &changes).await
}

/// Appends change-log rows, in order, under seqs reserved in one block.
async fn append_changes(conn: &mut AnyConnection, engine: Engine, seqs: &mut Seqs, changes: &[Change<'_>]) -> ApiResult<()> {
    let first = seqs.reserve(changes.len())?;
    let committed_at = Timestamp::now().to_string();
    let per_statement = engine.rows_per_statement(CHANGE_LOG_COLUMNS.len());
    for (chunk_index, chunk) in changes.chunks(per_statement).enumerate() {
        let sql = multi_row_insert("change_log", &CHANGE_LOG_COLUMNS, chunk.len());
        let mut query = sqlx::query(&sql);
        for (i, change) in chunk.iter().enumerate() {
            let seq = first + (chunk_index * per_statement + i) as i64;
            query = query
                .bind(seq)
                .bind(change.collection.as_str())
                .bind(change.id.to_string())
                .bind(if change.body.is_some() { "upsert" } else { "delete" })
                .bind(change.owner.map(|o| o.to_string()))
                .bind(change.reseller.map(|r| r.to_string()))
                .bind(change.audience.as_str())
                .bind(committed_at.as_str())
                .bind(change.body);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

fn parse_json(body: &str) -> ApiResult<serde_json::Value> {
    Ok(serde_json::from_str(body).context("stored document is not JSON")?)
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
