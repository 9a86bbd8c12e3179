//! Big transactions for large data sets.
//!
//! [`BulkWriter`] hands documents to [`WriteTx::insert_many_owned_by`],
//! which writes them with multi-row `INSERT`s (one statement per few
//! hundred documents and per few hundred change-log rows, seqs reserved in
//! one block under the writer lock), and commits every `docs_per_tx`
//! documents. The result is row for row what `insert`/`insert_owned_by`
//! would leave behind: same columns, same body, same change-log owner,
//! reseller and audience, gap-free seqs in commit order.

use anyhow::Context;
use hjs_model::ObjectId;

use crate::db::{Db, WriteTx};
use crate::store::Stored;

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
    written: u64,
    transactions: u64,
}

impl BulkWriter {
    pub fn new(db: &Db, docs_per_tx: usize) -> BulkWriter {
        BulkWriter { db: db.clone(), tx: None, docs_in_tx: 0, docs_per_tx: docs_per_tx.max(1), written: 0, transactions: 0 }
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
            self.transaction().await?.insert_many_owned_by(docs, owners).await?;
            self.docs_in_tx += docs.len();
            self.written += docs.len() as u64;
            if self.docs_in_tx >= self.docs_per_tx {
                self.commit().await?;
            }
        }
        Ok(())
    }
}
