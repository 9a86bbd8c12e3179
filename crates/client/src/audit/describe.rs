//! An audit event in words: what it did to the document ("changed
//! autoRenew, nameservers") and what the document is called
//! ("bäckerei-müller.de", "www A"). The History tab, the audit screen, its
//! search and its CSV all read these, so they say the same everywhere.

use std::collections::BTreeSet;

use hjs_model::documents::{AuditEvent, AuditOperation};
use hjs_model::Collection;
use serde_json::Value;

/// A summary's own words, beside the field names an update lists.
const CREATED: &str = "created";
const DELETED: &str = "deleted";
const CHANGED: &str = "changed";
const UNCHANGED: &str = "saved without changes";

/// Every phrase a summary is made of besides field names: a search word
/// inside one of them may match a summary without being in the event.
pub(crate) const SUMMARY_PHRASES: [&str; 4] = [CREATED, DELETED, CHANGED, UNCHANGED];

/// Bookkeeping every write changes: left out of the fields an update lists.
const BOOKKEEPING: [&str; 4] = ["_id", "version", "updatedAt", "createdAt"];

/// The top-level fields whose values differ between two versions of a
/// document (one missing on either side counts), bookkeeping left out, in
/// name order.
pub fn changed_fields(before: Option<&Value>, after: Option<&Value>) -> Vec<String> {
    fn field<'a>(doc: Option<&'a Value>, key: &str) -> Option<&'a Value> {
        doc.and_then(|d| d.get(key)).filter(|v| !v.is_null())
    }
    let keys: BTreeSet<&str> = [before, after]
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|map| map.keys().map(String::as_str))
        .filter(|key| !BOOKKEEPING.contains(key))
        .collect();
    keys.into_iter().filter(|key| field(before, key) != field(after, key)).map(str::to_string).collect()
}

/// `created`, `deleted`, `changed autoRenew, nameservers`, or
/// `saved without changes` (an update that only moved bookkeeping).
pub fn summary(event: &AuditEvent) -> String {
    match event.operation {
        AuditOperation::Create => CREATED.into(),
        AuditOperation::Delete => DELETED.into(),
        AuditOperation::Update => {
            let fields = changed_fields(event.before.as_ref(), event.after.as_ref());
            if fields.is_empty() {
                UNCHANGED.into()
            } else {
                format!("{CHANGED} {}", fields.join(", "))
            }
        }
    }
}

/// What people call the document an event is about, from the document as
/// it was left (or, for a delete, as it was): a domain's name as people
/// read it, a record's `name TYPE`, a forward's address, a ticket's number.
/// `None` for documents without a name of their own (messages, deployments).
pub fn document_name(event: &AuditEvent) -> Option<String> {
    let doc = event.after.as_ref().or(event.before.as_ref())?;
    let text = |key: &str| doc.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
    let name = match event.collection {
        Collection::Domains | Collection::DomainOrders => {
            let (unicode, _) = idna::domain_to_unicode(text("domainName")?);
            return Some(unicode);
        }
        Collection::DnsRecords => return Some(format!("{} {}", text("name")?, text("type")?)),
        Collection::Users => text("email"),
        Collection::EmailForwardings => text("fromEmail"),
        Collection::HostingPackages | Collection::SupportPackages => text("packageName"),
        Collection::HostingProjects => text("projectName"),
        Collection::SupportTickets => text("ticketNumber"),
        Collection::Notifications => text("title"),
        Collection::PaymentMethods => text("brand"),
        _ => None,
    };
    name.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use hjs_model::documents::{AuditActor, AuditVia};
    use hjs_model::{ObjectId, Timestamp};
    use serde_json::json;

    use super::*;

    fn event(collection: Collection, operation: AuditOperation, before: Option<Value>, after: Option<Value>) -> AuditEvent {
        AuditEvent {
            id: ObjectId::new(),
            user_id: ObjectId::new(),
            actor: AuditActor { user_id: None, role: None, via: AuditVia::Job, detail: Some("renewals".into()) },
            collection,
            doc_id: ObjectId::new(),
            operation,
            before,
            after,
            created_at: Timestamp::now(),
            version: 1,
        }
    }

    #[test]
    fn an_update_lists_the_fields_it_changed_without_bookkeeping() {
        let before = json!({"_id": "x", "version": 1, "updatedAt": "a", "autoRenew": false, "nameservers": ["a"], "status": "active"});
        let after =
            json!({"_id": "x", "version": 2, "updatedAt": "b", "autoRenew": true, "nameservers": ["b"], "status": "active", "note": "n"});
        let update = event(Collection::Domains, AuditOperation::Update, Some(before.clone()), Some(after));
        assert_eq!(summary(&update), "changed autoRenew, nameservers, note");
        let touched = event(Collection::Domains, AuditOperation::Update, Some(before.clone()), Some(before));
        assert_eq!(summary(&touched), "saved without changes", "bookkeeping alone is no change");
        assert_eq!(summary(&event(Collection::Domains, AuditOperation::Create, None, Some(json!({})))), "created");
        assert_eq!(summary(&event(Collection::Domains, AuditOperation::Delete, Some(json!({})), None)), "deleted");
    }

    #[test]
    fn a_field_set_to_null_counts_as_removed_and_null_to_missing_as_no_change() {
        assert_eq!(changed_fields(Some(&json!({"comment": "x"})), Some(&json!({"comment": null}))), ["comment"]);
        assert!(changed_fields(Some(&json!({"comment": null})), Some(&json!({}))).is_empty());
    }

    #[test]
    fn documents_are_named_as_people_know_them() {
        let domain = json!({"domainName": "xn--bckerei-mller-bfb28a.de"});
        assert_eq!(
            document_name(&event(Collection::Domains, AuditOperation::Update, None, Some(domain))).as_deref(),
            Some("bäckerei-müller.de")
        );
        let record = json!({"name": "www", "type": "A"});
        assert_eq!(document_name(&event(Collection::DnsRecords, AuditOperation::Delete, Some(record), None)).as_deref(), Some("www A"));
        assert_eq!(document_name(&event(Collection::SupportMessages, AuditOperation::Create, None, Some(json!({"content": "hi"})))), None);
    }
}
