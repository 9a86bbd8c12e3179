//! Batched inserts for large data sets.
//!
//! [`WriteTx::insert`] costs four statements per document (the row, the
//! owner's reseller, a seq, the change-log row). [`BulkWriter`] writes the
//! same rows with multi-row `INSERT`s instead: one statement per few hundred
//! documents and one per few hundred change-log rows, seqs reserved in one
//! block under the writer lock. The result is row for row what
//! `insert`/`insert_owned_by` would leave behind: same columns, same body,
//! same change-log owner, reseller and audience, gap-free seqs in commit
//! order. The SQL is one body for SQLite and PostgreSQL.

use std::collections::HashMap;

use anyhow::Context;
use hjs_model::{Collection, ObjectId, Timestamp};

use crate::db::{Db, WriteTx};
use crate::store::{bind_column, Audience, Column, Stored};

/// Bind parameters per statement. Far below the engines' limits (SQLite
/// 32766, PostgreSQL 65535) on purpose: SQLite finds a `$N` parameter's
/// name by a linear scan, so binding costs grow with the square of the
/// parameter count; around 100–1000 parameters per statement is fastest.
const MAX_BINDS: usize = 400;
/// Rows per statement, whatever the column count.
const MAX_ROWS: usize = 1_000;

/// Writes documents in big transactions with multi-row inserts.
///
/// Documents are written in the order given; the writer commits whenever
/// the open transaction holds `docs_per_tx` documents or more (checked
/// after each call), and at [`BulkWriter::finish`]. Dropping it without
/// `finish` rolls back the open transaction.
#[derive(Debug)]
pub struct BulkWriter {
    db: Db,
    tx: Option<WriteTx>,
    docs_in_tx: usize,
    docs_per_tx: usize,
    resellers: HashMap<ObjectId, Option<ObjectId>>,
    written: u64,
    transactions: u64,
}

impl BulkWriter {
    pub fn new(db: &Db, docs_per_tx: usize) -> BulkWriter {
        BulkWriter {
            db: db.clone(),
            tx: None,
            docs_in_tx: 0,
            docs_per_tx: docs_per_tx.max(1),
            resellers: HashMap::new(),
            written: 0,
            transactions: 0,
        }
    }

    /// Documents written so far (committed or in the open transaction).
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Transactions committed so far.
    pub fn transactions(&self) -> u64 {
        self.transactions
    }

    /// Inserts documents whose owner is their own account (like [`WriteTx::insert`]).
    pub async fn insert_all<D: Stored>(&mut self, docs: &[D]) -> anyhow::Result<()> {
        let owners = docs
            .iter()
            .map(|doc| doc.account_id().context("this document's owner must be given: use insert_all_owned_by"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        self.write(docs, &owners).await
    }

    /// Inserts documents with the account whose visibility each follows
    /// (like [`WriteTx::insert_owned_by`]); `owners[i]` belongs to `docs[i]`.
    pub async fn insert_all_owned_by<D: Stored>(&mut self, docs: &[D], owners: &[ObjectId]) -> anyhow::Result<()> {
        anyhow::ensure!(docs.len() == owners.len(), "one owner per document");
        self.write(docs, owners).await
    }

    /// The open transaction, begun if there is none, for statements that
    /// belong beside the documents (secrets kept outside them, say).
    pub async fn transaction(&mut self) -> anyhow::Result<&mut WriteTx> {
        if self.tx.is_none() {
            self.tx = Some(self.db.begin_write(crate::db::Audit::Seed).await?);
        }
        self.tx.as_mut().context("no open transaction")
    }

    /// Commits the open transaction, if any.
    pub async fn commit(&mut self) -> anyhow::Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
            self.transactions += 1;
        }
        self.docs_in_tx = 0;
        Ok(())
    }

    /// Commits what is left.
    pub async fn finish(mut self) -> anyhow::Result<u64> {
        self.commit().await?;
        Ok(self.written)
    }

    async fn write<D: Stored>(&mut self, docs: &[D], owners: &[ObjectId]) -> anyhow::Result<()> {
        let room = self.docs_per_tx;
        for (docs, owners) in docs.chunks(room).zip(owners.chunks(room)) {
            self.transaction().await?;
            self.write_chunk(docs, owners).await?;
            self.docs_in_tx += docs.len();
            self.written += docs.len() as u64;
            if self.docs_in_tx >= self.docs_per_tx {
                self.commit().await?;
            }
        }
        Ok(())
    }

    async fn write_chunk<D: Stored>(&mut self, docs: &[D], owners: &[ObjectId]) -> anyhow::Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let mut rows = Vec::with_capacity(docs.len());
        for (doc, owner) in docs.iter().zip(owners) {
            let body = serde_json::to_string(doc).context("Failed to encode document")?;
            rows.push(Row { id: doc.id(), owner: *owner, body, extra: doc.columns(), doc });
        }
        let mut names = vec!["id", "version", "owner_id", "tenant_id", "created_at", "updated_at", "body"];
        names.extend(rows[0].extra.iter().map(|(name, _)| *name));
        self.learn_resellers(&rows).await?;
        let tx = self.tx.as_mut().context("no open transaction")?;

        // The documents.
        let per_statement = (MAX_BINDS / names.len()).clamp(1, MAX_ROWS);
        for chunk in rows.chunks(per_statement) {
            let sql = multi_row_insert(D::TABLE, &names, chunk.len());
            let mut query = sqlx::query(&sql);
            for row in chunk {
                query = query
                    .bind(row.id.to_string())
                    .bind(row.doc.version())
                    .bind(row.owner.to_string())
                    .bind(crate::store::tenant_of(
                        row.owner,
                        row.doc.own_reseller().unwrap_or_else(|| self.resellers.get(&row.owner).copied().flatten()),
                    ))
                    .bind(row.doc.created_at().to_string())
                    .bind(row.doc.updated_at().to_string())
                    .bind(row.body.clone());
                for (_, value) in &row.extra {
                    query = bind_column(query, value.clone());
                }
            }
            query.execute(&mut *tx.tx).await.with_context(|| format!("Failed to insert into {}", D::TABLE))?;
        }

        // Their change-log rows, exactly as the store's write path writes them.
        let first = reserve_seqs(tx, rows.len()).await?;
        let committed_at = Timestamp::now().to_string();
        let collection: Collection = D::COLLECTION;
        let log_names = ["seq", "collection", "doc_id", "op", "owner_id", "reseller_id", "audience", "committed_at", "body"];
        let per_statement = (MAX_BINDS / log_names.len()).clamp(1, MAX_ROWS);
        for (chunk_index, chunk) in rows.chunks(per_statement).enumerate() {
            let sql = multi_row_insert("change_log", &log_names, chunk.len());
            let mut query = sqlx::query(&sql);
            for (i, row) in chunk.iter().enumerate() {
                let seq = first + (chunk_index * per_statement + i) as i64;
                let reseller = row.doc.own_reseller().unwrap_or_else(|| self.resellers.get(&row.owner).copied().flatten());
                query = query
                    .bind(seq)
                    .bind(collection.as_str())
                    .bind(row.id.to_string())
                    .bind("upsert")
                    .bind(Some(row.owner.to_string()))
                    .bind(reseller.map(|r| r.to_string()))
                    .bind(audience_name(row.doc.audience()))
                    .bind(committed_at.clone())
                    .bind(Some(row.body.clone()));
            }
            query.execute(&mut *tx.tx).await.context("Failed to append to the change log")?;
        }
        Ok(())
    }
}

impl BulkWriter {
    /// Looks up, once per owner, the reseller each owner is a client of.
    async fn learn_resellers<D: Stored>(&mut self, rows: &[Row<'_, D>]) -> anyhow::Result<()> {
        let tx = self.tx.as_mut().context("no open transaction")?;
        for row in rows {
            if row.doc.own_reseller().is_some() {
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(entry) = self.resellers.entry(row.owner) {
                entry.insert(tx.reseller_of(row.owner).await.map_err(|e| anyhow::anyhow!("{e}"))?);
            }
        }
        Ok(())
    }
}

struct Row<'a, D> {
    id: ObjectId,
    owner: ObjectId,
    body: String,
    extra: Vec<(&'static str, Column)>,
    doc: &'a D,
}

/// The change log's name for an audience (as `store` writes it).
fn audience_name(audience: Audience) -> &'static str {
    match audience {
        Audience::All => "all",
        Audience::Staff => "staff",
        Audience::Accounts => "accounts",
    }
}

/// `INSERT INTO table (a, b) VALUES ($1, $2), ($3, $4), ...`
fn multi_row_insert(table: &str, names: &[&str], rows: usize) -> String {
    let mut sql = String::with_capacity(64 + rows * names.len() * 7);
    sql.push_str("INSERT INTO ");
    sql.push_str(table);
    sql.push_str(" (");
    sql.push_str(&names.join(", "));
    sql.push_str(") VALUES ");
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..names.len() {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    sql
}

/// Reserves `n` consecutive seqs and returns the first. The writer lock
/// taken at `begin_write` keeps them gap-free in commit order; the last one
/// comes from [`WriteTx::next_seq`] so the commit announces it.
async fn reserve_seqs(tx: &mut WriteTx, n: usize) -> anyhow::Result<i64> {
    if n > 1 {
        sqlx::query("UPDATE change_counter SET seq = seq + $1 WHERE id = 1")
            .bind((n - 1) as i64)
            .execute(&mut *tx.tx)
            .await
            .context("Failed to reserve change seqs")?;
    }
    let last = tx.next_seq().await?;
    Ok(last - n as i64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_row_inserts_number_their_placeholders_across_rows() {
        assert_eq!(multi_row_insert("t", &["a", "b"], 2), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }
}
