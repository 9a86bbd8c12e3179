//! The response-time promise and the monthly usage of a support package,
//! computed the same way by the provider's jobs and by the desktop (which
//! counts the timer down from its cache, offline too).
//!
//! A ticket's clock measures the wait for the first staff reply: it starts
//! when the ticket opens and runs while the ticket is open or in progress
//! with no staff reply yet. The allowance is the `responseTimeGuarantee`
//! of the support package the ticket counts against, whatever that
//! package's status is now (it was active when the ticket opened); a ticket
//! without a package gets [`default_response_minutes`] for its priority.
//! Waiting on the customer, resolved or closed without a reply stops the
//! clock; nothing restarts it.

use chrono::{Duration, Months};
use serde::{Deserialize, Serialize};

use crate::documents::{SupportPackage, SupportTicket, SupportUsage, TicketPriority, TicketStatus};
use crate::Timestamp;

/// The first-response allowance, in minutes, for a ticket without a
/// support package: an hour when urgent, 4 hours when high, a working day
/// (8 hours) when normal, a day when low.
pub const fn default_response_minutes(priority: TicketPriority) -> u32 {
    match priority {
        TicketPriority::Urgent => 60,
        TicketPriority::High => 240,
        TicketPriority::Normal => 480,
        TicketPriority::Low => 1440,
    }
}

/// The allowance for `ticket`, given the package it names (when that is in
/// hand): the package's guarantee, else the default for the priority.
pub fn response_minutes(ticket: &SupportTicket, package: Option<&SupportPackage>) -> u32 {
    match package {
        Some(package) if Some(package.id) == ticket.support_package_id => package.response_time_guarantee,
        _ => default_response_minutes(ticket.priority),
    }
}

/// Where a ticket stands against its first-response promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// No reply yet and the clock runs: due at `due_at`.
    Running,
    /// Answered in time.
    Met,
    /// Answered late, or due and still waiting, or marked breached.
    Breached,
    /// Neither answered nor waiting any more (waiting on the customer,
    /// resolved or closed without a staff reply).
    Stopped,
}

/// A ticket's promise as of a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sla {
    pub state: SlaState,
    /// When the first reply is (or was) due.
    pub due_at: Timestamp,
    /// The allowance the due time comes from.
    pub minutes: u32,
}

/// Whether `status` keeps a ticket's clock running.
pub fn clock_runs(status: TicketStatus) -> bool {
    matches!(status, TicketStatus::Open | TicketStatus::InProgress)
}

impl SupportTicket {
    /// When the first staff reply is due, given the allowance.
    pub fn response_due(&self, minutes: u32) -> Timestamp {
        self.created_at.plus(Duration::minutes(i64::from(minutes)))
    }

    /// The ticket's promise as of `now`.
    pub fn sla(&self, minutes: u32, now: Timestamp) -> Sla {
        let due_at = self.response_due(minutes);
        let state = match self.first_response_at {
            _ if self.sla_breached => SlaState::Breached,
            Some(at) if at > due_at => SlaState::Breached,
            Some(_) => SlaState::Met,
            None if !clock_runs(self.status) => SlaState::Stopped,
            None if now > due_at => SlaState::Breached,
            None => SlaState::Running,
        };
        Sla { state, due_at, minutes }
    }

    /// Whether the breach job should mark this ticket now: it is overdue,
    /// still unanswered with its clock running, and not marked yet.
    pub fn breaches_at(&self, minutes: u32, now: Timestamp) -> bool {
        !self.sla_breached && self.first_response_at.is_none() && clock_runs(self.status) && now > self.response_due(minutes)
    }

    /// Whether a staff reply at `at` is this ticket's first, and late.
    pub fn first_reply_is_late(&self, minutes: u32, at: Timestamp) -> bool {
        self.first_response_at.is_none() && at > self.response_due(minutes)
    }
}

/// Longest time a staff member logs on one message: a working day.
pub const MAX_MINUTES_SPENT: u32 = 8 * 60;

impl SupportUsage {
    /// Adds time spent. Counted in whole minutes (the hours stored are
    /// minutes / 60), so many small additions do not drift.
    pub fn log_minutes(&mut self, minutes: u32) {
        let total = (self.hours_used * 60.0).round() + f64::from(minutes);
        self.hours_used = total / 60.0;
    }

    /// Whether the month's usage is due to start over at `now`.
    pub fn resets_at(&self, now: Timestamp) -> bool {
        self.reset_date <= now
    }

    /// Starts the month over: nothing used, and the next reset a month on
    /// from the last (several months on when the job did not run for a
    /// while, so the day of the month stays).
    pub fn reset(&mut self, now: Timestamp) {
        self.tickets_used = 0;
        self.hours_used = 0.0;
        let mut next = self.reset_date.datetime();
        let mut months = 1;
        while next <= now.datetime() {
            next = match self.reset_date.datetime().checked_add_months(Months::new(months)) {
                Some(later) => later,
                None => break,
            };
            months += 1;
        }
        self.reset_date = Timestamp::from_datetime(next);
    }
}

impl SupportPackage {
    /// Whether the package allows another ticket this month.
    pub fn allows_another_ticket(&self) -> bool {
        self.monthly_tickets < 0 || i64::from(self.current_usage.tickets_used) < i64::from(self.monthly_tickets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::TicketCategory;
    use crate::ObjectId;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    /// An open ticket opened at 10:00, built as the desk opens one.
    fn ticket(priority: TicketPriority) -> SupportTicket {
        let valid = crate::support::ValidTicket {
            subject: "Site down".into(),
            description: "502".into(),
            priority,
            category: TicketCategory::Technical,
            subcategory: None,
            related_domains: vec![],
        };
        let opening = crate::support::Opening {
            id: ObjectId::new(),
            customer: ObjectId::new(),
            ticket_number: "TKT-2026-000001".into(),
            support_package_id: None,
            at: at("2026-12-07T10:00:00Z"),
            version: 1,
        };
        valid.open(opening)
    }

    #[test]
    fn the_clock_counts_down_from_opening_and_turns_breached_after_the_allowance() {
        let urgent = ticket(TicketPriority::Urgent);
        let minutes = response_minutes(&urgent, None);
        assert_eq!(minutes, 60);
        let sla = urgent.sla(minutes, at("2026-12-07T10:59:59Z"));
        assert_eq!((sla.state, sla.due_at), (SlaState::Running, at("2026-12-07T11:00:00Z")));
        assert_eq!(urgent.sla(minutes, at("2026-12-07T11:00:00Z")).state, SlaState::Running, "due at, not past");
        assert_eq!(urgent.sla(minutes, at("2026-12-07T11:00:00.001Z")).state, SlaState::Breached);
        assert!(!urgent.breaches_at(minutes, at("2026-12-07T11:00:00Z")));
        assert!(urgent.breaches_at(minutes, at("2026-12-07T11:00:01Z")));
    }

    #[test]
    fn a_reply_in_time_meets_it_and_a_late_one_breaches_it() {
        let mut answered = ticket(TicketPriority::High);
        assert!(!answered.first_reply_is_late(240, at("2026-12-07T13:59:00Z")));
        assert!(answered.first_reply_is_late(240, at("2026-12-07T14:01:00Z")));
        answered.first_response_at = Some(at("2026-12-07T13:59:00Z"));
        assert_eq!(answered.sla(240, at("2026-12-09T00:00:00Z")).state, SlaState::Met);
        assert!(!answered.breaches_at(240, at("2026-12-09T00:00:00Z")), "answered tickets are never marked");
        assert!(!answered.first_reply_is_late(240, at("2026-12-09T00:00:00Z")), "only the first reply counts");
        answered.first_response_at = Some(at("2026-12-07T14:01:00Z"));
        assert_eq!(answered.sla(240, at("2026-12-07T14:02:00Z")).state, SlaState::Breached);
    }

    #[test]
    fn waiting_on_the_customer_stops_the_clock_and_a_mark_stays() {
        let mut waiting = ticket(TicketPriority::Low);
        waiting.status = TicketStatus::WaitingCustomer;
        assert_eq!(waiting.sla(1440, at("2026-12-20T00:00:00Z")).state, SlaState::Stopped);
        assert!(!waiting.breaches_at(1440, at("2026-12-20T00:00:00Z")));
        waiting.sla_breached = true;
        assert_eq!(waiting.sla(1440, at("2026-12-07T10:00:00Z")).state, SlaState::Breached);
        assert!(!waiting.breaches_at(1440, at("2026-12-20T00:00:00Z")), "marked once");
    }

    #[test]
    fn the_package_the_ticket_names_sets_the_allowance() {
        let mut with_package = ticket(TicketPriority::Low);
        let package_id = ObjectId::new();
        with_package.support_package_id = Some(package_id);
        let package: SupportPackage = serde_json::from_value(serde_json::json!({
            "_id": package_id.to_string(), "userId": with_package.user_id.to_string(), "packageName": "Priority Support",
            "packageType": "priority", "status": "cancelled", "features": [], "monthlyTickets": 10, "responseTimeGuarantee": 15,
            "supportChannels": ["email"], "price": 29.99, "currency": "EUR", "billingCycle": "monthly", "nextBillingDate": null,
            "autoRenew": true, "currentUsage": {"ticketsUsed": 3, "hoursUsed": 5.5, "resetDate": "2026-12-31T00:00:00.000Z"},
            "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z", "version": 1
        }))
        .unwrap();
        assert_eq!(response_minutes(&with_package, Some(&package)), 15, "even after the package ended");
        assert_eq!(response_minutes(&ticket(TicketPriority::Low), Some(&package)), 1440, "another ticket's package does not count");
    }

    #[test]
    fn usage_logs_hours_without_drift_and_resets_a_month_on_keeping_the_day() {
        let mut usage = SupportUsage { tickets_used: 7, hours_used: 0.0, reset_date: at("2026-01-31T00:00:00Z") };
        for _ in 0..30 {
            usage.log_minutes(2);
        }
        assert_eq!(usage.hours_used, 1.0);
        assert!(!usage.resets_at(at("2026-01-30T23:59:59Z")));
        assert!(usage.resets_at(at("2026-01-31T00:00:00Z")));
        usage.reset(at("2026-01-31T00:00:00Z"));
        assert_eq!((usage.tickets_used, usage.hours_used, usage.reset_date), (0, 0.0, at("2026-02-28T00:00:00Z")));
        let mut idle = SupportUsage { tickets_used: 1, hours_used: 2.5, reset_date: at("2026-01-15T00:00:00Z") };
        idle.reset(at("2026-04-20T00:00:00Z"));
        assert_eq!(idle.reset_date, at("2026-05-15T00:00:00Z"), "months the job missed are skipped, the day kept");
    }
}
