//! Hosting: packages (resource limits, billing, usage) and the JAMstack
//! projects deployed on them.
//!
//! Beyond the plan: an environment variable has `isSecret`; a secret's
//! `value` is null in every document and is revealed only through an audited
//! provider call.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Amount, Collection, Currency, DomainName, ObjectId, Timestamp};

string_enum! {
    pub enum HostingPackageType {
        Shared = "shared",
        Vps = "vps",
        Dedicated = "dedicated",
        Serverless = "serverless",
    }
}

string_enum! {
    pub enum HostingPackageStatus {
        Active = "active",
        Suspended = "suspended",
        Cancelled = "cancelled",
        Pending = "pending",
    }
}

string_enum! {
    pub enum BillingCycle {
        Monthly = "monthly",
        Yearly = "yearly",
    }
}

string_enum! {
    pub enum RepositoryProvider {
        Github = "github",
        Gitlab = "gitlab",
        Bitbucket = "bitbucket",
    }
}

string_enum! {
    pub enum EnvironmentTarget {
        Production = "production",
        Preview = "preview",
        Development = "development",
    }
}

string_enum! {
    pub enum ProjectDomainType {
        Production = "production",
        Preview = "preview",
    }
}

string_enum! {
    pub enum ProjectStatus {
        Ready = "ready",
        Building = "building",
        Error = "error",
        Disabled = "disabled",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HostingPackage {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub user_id: ObjectId,
    pub package_name: String,
    pub package_type: HostingPackageType,
    pub status: HostingPackageStatus,
    /// GB.
    pub storage: u32,
    /// GB per month.
    pub bandwidth: u32,
    pub databases: u32,
    pub email_accounts: u32,
    pub subdomains: u32,
    pub features: Vec<String>,
    pub price: Amount,
    pub currency: Currency,
    pub billing_cycle: BillingCycle,
    pub next_billing_date: Option<Timestamp>,
    pub auto_renew: bool,
    pub current_usage: HostingUsage,
    pub server_location: String,
    #[schema(value_type = String)]
    pub server_ip: std::net::IpAddr,
    pub control_panel_url: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(HostingPackage, Collection::HostingPackages);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HostingUsage {
    /// GB used.
    pub storage: f64,
    /// GB used this month.
    pub bandwidth: f64,
    pub databases: u32,
    pub email_accounts: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HostingProject {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub hosting_package_id: ObjectId,
    pub user_id: ObjectId,
    pub project_name: String,
    pub display_name: String,
    pub description: Option<String>,
    pub repository: ProjectRepository,
    pub build_settings: BuildSettings,
    pub environment_variables: Vec<EnvironmentVariable>,
    pub domains: Vec<ProjectDomain>,
    pub status: ProjectStatus,
    pub last_deployment: Option<ObjectId>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(HostingProject, Collection::HostingProjects);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectRepository {
    pub provider: RepositoryProvider,
    pub url: String,
    pub branch: String,
    pub auto_deploy_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildSettings {
    pub build_command: String,
    pub output_directory: String,
    pub install_command: String,
    pub node_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentVariable {
    pub key: String,
    /// Null when `isSecret`: secret values never travel inside documents.
    pub value: Option<String>,
    pub environment: EnvironmentTarget,
    /// Beyond the plan.
    #[serde(default)]
    pub is_secret: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProjectDomain {
    pub domain: DomainName,
    #[serde(rename = "type")]
    pub domain_type: ProjectDomainType,
    pub ssl_enabled: bool,
    pub created_at: Timestamp,
}
