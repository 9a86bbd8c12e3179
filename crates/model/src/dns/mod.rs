//! DNS rules that the provider and the desktop both apply, so an edit the
//! provider would refuse is refused before it is queued.
//!
//! # Layout
//!
//! - [`record`]: [`RecordDraft`], a record as a person or a file proposes
//!   it, and its per-type rules (names, addresses, targets, TTL bounds).
//! - [`zone`]: rules over a whole zone (CNAME alone at its name and never
//!   at the apex, no exact duplicates).
//! - [`plan`]: [`ZonePlan`], edits to one zone applied all or nothing, the
//!   diff people review and the safety checks that ask for confirmation.
//! - [`lint`]: advice about a valid zone that will not work as meant (SPF,
//!   DMARC, unresolvable targets, dangling project CNAMEs), with fix plans.
//! - [`template`]: [`Template`]s (SPF, DMARC, Google Workspace, Microsoft
//!   365, our mail and hosting) planned per zone: applied, or skipped with
//!   a reason; and the provider's own mail and hosting hosts.

pub mod lint;
pub mod plan;
pub mod record;
pub mod template;
pub mod zone;

pub use plan::{
    diff, plan_between, safety, AppliedPlan, ChangedRecord, PlanChange, PlanContext, PlanDiff, PlanRefusal, SafetyCheck, ZonePlan,
    LARGE_CHANGE_MIN_RECORDS, MAX_CHANGES,
};
pub use record::{takes_priority, RecordDraft, RecordIdentity, MAX_COMMENT_CHARS, MAX_TTL, MAX_TXT_CHARS, MIN_TTL};
pub use template::{
    Skip, Template, TemplateId, TemplateInfo, TemplateOutcome, TemplateRequest, EDGE_IPV4, EDGE_IPV6, OUR_MAIL_SERVERS, OUR_SPF_INCLUDE,
};
pub use zone::{check_zone, ZoneProblem};
