//! Deployments of hosting projects: source, build log, timing, URLs and
//! analytics.

use serde::{Deserialize, Serialize};

use super::owned_document;
use crate::{string_enum, Collection, ObjectId, Timestamp};

string_enum! {
    pub enum DeploymentStatus {
        Building = "building",
        Ready = "ready",
        Error = "error",
        Cancelled = "cancelled",
    }
}

string_enum! {
    pub enum DeploymentEnvironment {
        Production = "production",
        Preview = "preview",
    }
}

string_enum! {
    pub enum SourceType {
        Git = "git",
        Upload = "upload",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    #[serde(rename = "_id")]
    pub id: ObjectId,
    pub project_id: ObjectId,
    pub user_id: ObjectId,
    /// Public id such as `dpl_abc123def456`.
    pub deployment_id: String,
    pub status: DeploymentStatus,
    pub environment: DeploymentEnvironment,
    pub source: DeploymentSource,
    pub build_logs: Vec<BuildLogEntry>,
    /// Milliseconds.
    pub build_duration: Option<u64>,
    pub build_started_at: Option<Timestamp>,
    pub build_completed_at: Option<Timestamp>,
    pub url: String,
    pub domains: Vec<String>,
    pub analytics: Option<DeploymentAnalytics>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

owned_document!(Deployment, Collection::Deployments);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSource {
    #[serde(rename = "type")]
    pub source_type: SourceType,
    pub commit_sha: Option<String>,
    pub commit_message: Option<String>,
    pub branch: Option<String>,
    pub author: Option<String>,
}

/// One line of a build log. The plan leaves the entry's shape open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BuildLogEntry {
    pub timestamp: Timestamp,
    /// `info`, `warn` or `error`.
    pub level: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAnalytics {
    pub page_views: u64,
    pub unique_visitors: u64,
    pub top_pages: Vec<String>,
}
