//! E-mail forwarding rules that the provider and the desktop both apply.
//!
//! A forward takes mail for `fromEmail` (an address at the forward's own
//! domain, or `*@domain` for the catch-all) and delivers it to each of
//! `toEmails`. Forwards may chain through other forwards of our domains, but
//! never in a loop: mail would bounce between them until a server gave up.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::documents::EmailForwarding;
use crate::{DomainName, EmailAddress, FieldError, FieldErrors, ObjectId, Timestamp};

/// Most targets one forward may have; a list is for people, not a mailing list.
pub const MAX_TARGETS: usize = 50;

/// A forward as a person proposes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ForwardDraft {
    pub from_email: String,
    pub to_emails: Vec<String>,
    #[serde(default = "yes")]
    pub is_active: bool,
    #[serde(default)]
    pub catch_all: bool,
}

fn yes() -> bool {
    true
}

/// A forward whose every field parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidForward {
    pub from_email: EmailAddress,
    pub to_emails: Vec<EmailAddress>,
    pub is_active: bool,
    pub catch_all: bool,
}

impl ForwardDraft {
    /// Checks the forward on its own, against the domain it belongs to.
    pub fn parse(&self, domain: &DomainName) -> Result<ValidForward, FieldErrors> {
        let mut errors = FieldErrors::new();
        let from_text = self.from_email.trim();
        let from = if self.catch_all {
            // A catch-all may be written `*@domain` or just `*`.
            let local = from_text.split('@').next().unwrap_or_default();
            if local != "*" {
                errors.push(FieldError::new("fromEmail", "invalid_catch_all", format!("a catch-all forward is written *@{domain}")));
            }
            EmailAddress::parse(&format!("*@{}", domain.as_str())).ok()
        } else if from_text.starts_with("*@") {
            errors.push(FieldError::new("catchAll", "required", "an address of * forwards everything: set catchAll"));
            None
        } else {
            errors.check("fromEmail", EmailAddress::parse(from_text))
        };
        if let Some(from) = &from {
            if !from.domain().eq_ignore_ascii_case(domain.as_str()) {
                errors.push(FieldError::new(
                    "fromEmail",
                    "wrong_domain",
                    format!("the address must be at {} (this forward's domain)", domain.unicode()),
                ));
            }
        }
        if self.to_emails.is_empty() {
            errors.push(FieldError::new("toEmails", "required", "give at least one address to forward to"));
        }
        if self.to_emails.len() > MAX_TARGETS {
            errors.push(FieldError::new("toEmails", "too_many", format!("a forward may have at most {MAX_TARGETS} targets")));
        }
        let mut targets: Vec<EmailAddress> = Vec::new();
        for (i, text) in self.to_emails.iter().enumerate() {
            let field = format!("toEmails[{i}]");
            let Some(target) = errors.check(&field, EmailAddress::parse(text)) else { continue };
            if target.local_part() == "*" {
                errors.push(FieldError::new(field, "invalid_email", "mail cannot be forwarded to a catch-all"));
            } else if targets.iter().any(|t| t.normalized() == target.normalized()) {
                errors.push(FieldError::new(field, "duplicate", format!("{target} is listed twice")));
            } else if from.as_ref().is_some_and(|f| f.normalized() == target.normalized()) {
                errors.push(FieldError::new(field, "forwards_to_itself", "a forward cannot deliver to its own address"));
            } else {
                targets.push(target);
            }
        }
        errors.into_result()?;
        let from_email = from.ok_or_else(|| FieldErrors(vec![FieldError::new("fromEmail", "required", "give the address")]))?;
        Ok(ValidForward { from_email, to_emails: targets, is_active: self.is_active, catch_all: self.catch_all })
    }
}

impl ValidForward {
    /// A new forward document with these fields, not yet forwarded anything.
    pub fn new_forward(&self, id: ObjectId, domain_id: ObjectId, user_id: ObjectId, now: Timestamp, version: i64) -> EmailForwarding {
        EmailForwarding {
            id,
            domain_id,
            user_id,
            from_email: self.from_email.clone(),
            to_emails: self.to_emails.clone(),
            is_active: self.is_active,
            catch_all: self.catch_all,
            forwarded_count: 0,
            last_forwarded_at: None,
            created_at: now,
            updated_at: now,
            version,
        }
    }

    /// Writes the draft's fields onto a forward document.
    pub fn apply(&self, forward: &mut EmailForwarding) {
        forward.from_email = self.from_email.clone();
        forward.to_emails = self.to_emails.clone();
        forward.is_active = self.is_active;
        forward.catch_all = self.catch_all;
    }
}

/// Checks `candidate` against the other forwards known (`others` may hold
/// `candidate`'s own earlier version; it is ignored): one address has one
/// forward per domain, a domain has one catch-all, and no chain of active
/// forwards leads back to where it started.
pub fn check_against(candidate: &EmailForwarding, others: &[EmailForwarding]) -> Result<(), FieldErrors> {
    let others: Vec<&EmailForwarding> = others.iter().filter(|f| f.id != candidate.id).collect();
    let same_domain = |f: &&&EmailForwarding| f.domain_id == candidate.domain_id;
    if candidate.catch_all && others.iter().filter(same_domain).any(|f| f.catch_all) {
        return Err(single("catchAll", "catch_all_exists", "this domain already has a catch-all forward"));
    }
    let from = candidate.from_email.normalized();
    if others.iter().filter(same_domain).any(|f| f.from_email.normalized() == from) {
        return Err(single("fromEmail", "duplicate", format!("{} already has a forward", candidate.from_email)));
    }
    if candidate.is_active {
        if let Some(path) = loop_through(candidate, &others) {
            return Err(single("toEmails", "forwarding_loop", format!("mail would loop: {}", path.join(" → "))));
        }
    }
    Ok(())
}

fn single(field: &str, code: &str, message: impl Into<String>) -> FieldErrors {
    FieldErrors(vec![FieldError::new(field, code, message)])
}

/// The addresses of a loop that `candidate` would close, if any. An address
/// is delivered by the forward for exactly that address, or else by its
/// domain's catch-all, as a mail server would.
fn loop_through(candidate: &EmailForwarding, others: &[&EmailForwarding]) -> Option<Vec<String>> {
    let mut exact: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut catch_alls: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for forward in others.iter().copied().chain(std::iter::once(candidate)).filter(|f| f.is_active) {
        let targets = forward.to_emails.iter().map(EmailAddress::normalized).collect();
        if forward.catch_all {
            catch_alls.insert(forward.from_email.domain().to_lowercase(), targets);
        } else {
            exact.insert(forward.from_email.normalized(), targets);
        }
    }
    let next = |address: &str| -> Option<&Vec<String>> {
        exact.get(address).or_else(|| catch_alls.get(address.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()))
    };
    let start = candidate.from_email.normalized();
    // Depth-first from the candidate's targets; reaching an address that the
    // candidate itself delivers (its own, or any at its domain for a
    // catch-all) closes a loop.
    let own_domain = candidate.from_email.domain().to_lowercase();
    let closes = |address: &str| {
        if candidate.catch_all {
            address.rsplit_once('@').is_some_and(|(_, d)| d == own_domain) && !exact.contains_key(address)
        } else {
            address == start
        }
    };
    let mut stack: Vec<(String, Vec<String>)> =
        candidate.to_emails.iter().map(|t| (t.normalized(), vec![start.clone(), t.normalized()])).collect();
    let mut seen = BTreeSet::new();
    while let Some((address, path)) = stack.pop() {
        if closes(&address) {
            return Some(path);
        }
        if !seen.insert(address.clone()) {
            continue;
        }
        for target in next(&address).into_iter().flatten() {
            let mut path = path.clone();
            path.push(target.clone());
            stack.push((target.clone(), path));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domain(name: &str) -> DomainName {
        DomainName::parse(name).expect("test domain")
    }

    fn forward(domain_id: ObjectId, from: &str, to: &[&str], catch_all: bool) -> EmailForwarding {
        EmailForwarding {
            id: ObjectId::new(),
            domain_id,
            user_id: ObjectId::new(),
            from_email: EmailAddress::parse(from).expect("from"),
            to_emails: to.iter().map(|t| EmailAddress::parse(t).expect("to")).collect(),
            is_active: true,
            catch_all,
            forwarded_count: 0,
            last_forwarded_at: None,
            created_at: Timestamp::now(),
            updated_at: Timestamp::now(),
            version: 1,
        }
    }

    fn draft(from: &str, to: &[&str], catch_all: bool) -> ForwardDraft {
        ForwardDraft { from_email: from.into(), to_emails: to.iter().map(|t| t.to_string()).collect(), is_active: true, catch_all }
    }

    fn codes(result: Result<impl std::fmt::Debug, FieldErrors>) -> Vec<(String, String)> {
        result.expect_err("should be refused").0.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_forward_must_be_at_its_own_domain_and_have_distinct_valid_targets() {
        let zone = domain("example.com");
        assert!(draft("hello@example.com", &["a@gmail.com", "b@gmail.com"], false).parse(&zone).is_ok());
        let cases: &[(ForwardDraft, &str, &str)] = &[
            (draft("hello@other.com", &["a@gmail.com"], false), "fromEmail", "wrong_domain"),
            (draft("not an address", &["a@gmail.com"], false), "fromEmail", "invalid_email"),
            (draft("hello@example.com", &[], false), "toEmails", "required"),
            (draft("hello@example.com", &["a@gmail.com", "A@gmail.com"], false), "toEmails[1]", "duplicate"),
            (draft("hello@example.com", &["hello@example.com"], false), "toEmails[0]", "forwards_to_itself"),
            (draft("hello@example.com", &["nope"], false), "toEmails[0]", "invalid_email"),
            (draft("*@example.com", &["a@gmail.com"], false), "catchAll", "required"),
            (draft("hello@example.com", &["a@gmail.com"], true), "fromEmail", "invalid_catch_all"),
        ];
        for (draft, field, code) in cases {
            assert_eq!(codes(draft.parse(&zone)), vec![(field.to_string(), code.to_string())], "{draft:?}");
        }
        let too_many: Vec<String> = (0..=MAX_TARGETS).map(|i| format!("u{i}@gmail.com")).collect();
        let refs: Vec<&str> = too_many.iter().map(String::as_str).collect();
        assert_eq!(codes(draft("a@example.com", &refs, false).parse(&zone)), vec![("toEmails".into(), "too_many".into())]);
    }

    #[test]
    fn a_catch_all_is_written_with_a_star_and_only_one_is_allowed_per_domain() {
        let zone = domain("example.com");
        let parsed = draft("*", &["a@gmail.com"], true).parse(&zone).expect("catch-all");
        assert_eq!(parsed.from_email.as_str(), "*@example.com");
        let d = ObjectId::new();
        let existing = forward(d, "*@example.com", &["a@gmail.com"], true);
        let second = forward(d, "*@example.com", &["b@gmail.com"], true);
        assert_eq!(codes(check_against(&second, &[existing])), vec![("catchAll".into(), "catch_all_exists".into())]);
    }

    #[test]
    fn an_address_has_one_forward_per_domain_but_an_edit_is_not_its_own_duplicate() {
        let d = ObjectId::new();
        let existing = forward(d, "sales@example.com", &["a@gmail.com"], false);
        let mut edited = existing.clone();
        edited.to_emails.push(EmailAddress::parse("b@gmail.com").expect("b"));
        assert!(check_against(&edited, std::slice::from_ref(&existing)).is_ok());
        let other = forward(d, "Sales@example.com", &["c@gmail.com"], false);
        assert_eq!(codes(check_against(&other, &[existing])), vec![("fromEmail".into(), "duplicate".into())]);
    }

    #[test]
    fn a_chain_of_forwards_that_comes_back_to_its_start_is_refused() {
        let (a, b) = (ObjectId::new(), ObjectId::new());
        let one = forward(a, "x@a.com", &["y@b.com"], false);
        let two = forward(b, "y@b.com", &["z@gmail.com", "w@a.com"], false);
        let catch_all = forward(a, "*@a.com", &["x@a.com"], true);
        // x → y → w@a.com → (catch-all of a.com) → x: a loop.
        assert!(check_against(&one, std::slice::from_ref(&two)).is_ok(), "no loop without the catch-all");
        let refused = codes(check_against(&catch_all, &[one.clone(), two.clone()]));
        assert_eq!(refused, vec![("toEmails".into(), "forwarding_loop".into())]);
        let back = forward(b, "v@b.com", &["x@a.com"], false);
        let closing = forward(a, "x@a.com", &["v@b.com"], false);
        assert_eq!(codes(check_against(&closing, &[back])), vec![("toEmails".into(), "forwarding_loop".into())]);
    }

    #[test]
    fn an_inactive_forward_closes_no_loop() {
        let (a, b) = (ObjectId::new(), ObjectId::new());
        let mut back = forward(b, "v@b.com", &["x@a.com"], false);
        back.is_active = false;
        let closing = forward(a, "x@a.com", &["v@b.com"], false);
        assert!(check_against(&closing, &[back]).is_ok());
    }
}
