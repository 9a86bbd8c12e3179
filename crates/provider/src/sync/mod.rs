//! The change feed the desktop syncs on.
//!
//! - `GET /sync/snapshot`: everything the caller may see, as NDJSON, read in
//!   one consistent transaction and ending with the seq it reflects.
//! - `GET /sync/changes?since=&limit=`: the visible changes after a seq,
//!   with full documents; a document leaving the caller's view is a delete.
//! - `GET /sync/events`: server-sent events announcing each new seq.

pub mod changes;
pub mod events;
pub mod snapshot;
pub mod visibility;

use axum::routing::get;
use axum::Router;

use crate::AppState;

pub use changes::{Change, ChangePage, ChangesQuery};
pub use snapshot::SnapshotLine;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/snapshot", get(snapshot::snapshot))
        .route("/sync/changes", get(changes::changes))
        .route("/sync/events", get(events::events))
}
