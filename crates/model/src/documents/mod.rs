//! The schema plan's documents, one module per business area. Field names
//! and nesting follow the plan exactly (serde renames to camelCase and `_id`);
//! every document also carries `version`.

pub mod accounts;
pub mod audit;
pub mod billing;
pub mod deployments;
pub mod dns;
pub mod domains;
pub mod email_forwarding;
pub mod hosting;
pub mod notifications;
pub mod orders;
pub mod support;
pub mod transfers;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Collection, ObjectId};

pub use accounts::{BillingAddress, User, UserBilling, UserProfile, UserRole};
pub use audit::{AuditActor, AuditEvent, AuditOperation, AuditVia, ZoneVersion};
pub use billing::{PaymentMethod, PaymentMethodType, PaymentProvider};
pub use deployments::{
    BuildLogEntry, Deployment, DeploymentAnalytics, DeploymentEnvironment, DeploymentSource, DeploymentStatus, SourceType,
};
pub use dns::{DnsRecord, DnsRecordType};
pub use domains::{Domain, DomainSettings, DomainStatus, SettingsChange};
pub use email_forwarding::EmailForwarding;
pub use hosting::{
    BillingCycle, BuildSettings, EnvironmentTarget, EnvironmentVariable, HostingPackage, HostingPackageStatus, HostingPackageType,
    HostingProject, HostingUsage, ProjectDomain, ProjectDomainType, ProjectRepository, ProjectStatus, RepositoryProvider,
};
pub use notifications::{Notification, NotificationType};
pub use orders::{DomainOrder, OrderStatus};
pub use support::{
    Attachment, MessageType, StaffInfo, StatusChange, SupportChannel, SupportMessage, SupportPackage, SupportPackageStatus,
    SupportPackageType, SupportTicket, SupportUsage, TicketCategory, TicketPriority, TicketStatus,
};
pub use transfers::{DomainTransfer, TransferNotice, TransferNoticeType, TransferStatus, TransferType};

/// What every stored document has: a collection, an id, a version, and the
/// account it belongs to (which decides who may see it).
pub trait Document: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    const COLLECTION: Collection;
    fn id(&self) -> ObjectId;
    fn version(&self) -> i64;
    fn set_version(&mut self, version: i64);
    /// The user whose account holds this document. `None` only for support
    /// messages written by staff; their ticket decides who sees them.
    fn owner_id(&self) -> Option<ObjectId>;
}

/// Implements [`Document`] for a type with `id`, `version` and `user_id` fields.
macro_rules! owned_document {
    ($ty:ty, $collection:expr) => {
        impl $crate::documents::Document for $ty {
            const COLLECTION: $crate::Collection = $collection;
            fn id(&self) -> $crate::ObjectId {
                self.id
            }
            fn version(&self) -> i64 {
                self.version
            }
            fn set_version(&mut self, version: i64) {
                self.version = version;
            }
            fn owner_id(&self) -> Option<$crate::ObjectId> {
                Some(self.user_id)
            }
        }
    };
}
pub(crate) use owned_document;
