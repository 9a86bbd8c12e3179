//! The dashboard, search, people and the shared collections (DNS records,
//! forwards, transfers, orders, payment methods, hosting, deployments).

use hjs_client::dashboard::{self, Dashboard};
use hjs_client::queries::{self, DocumentPage, Person, SearchHit};
use hjs_model::{Collection, Timestamp};
use serde_json::Value;
use tauri::State;

use crate::desk::Desk;
use crate::error::Result;

/// Search hits per kind (domains, customers, tickets, messages).
const SEARCH_HITS_PER_KIND: i64 = 8;

#[tauri::command]
pub async fn dashboard(desk: State<'_, Desk>) -> Result<Dashboard> {
    let workspace = desk.workspace().await?;
    Ok(dashboard::dashboard(&workspace.cache, &workspace.info.user_id, Timestamp::now()).await?)
}

#[tauri::command]
pub async fn documents(
    desk: State<'_, Desk>,
    collection: Collection,
    parent_id: Option<String>,
    owner_id: Option<String>,
    limit: i64,
    offset: i64,
) -> Result<DocumentPage> {
    let cache = desk.workspace().await?.cache;
    Ok(queries::list_documents(&cache, collection, parent_id.as_deref(), owner_id.as_deref(), limit, offset).await?)
}

#[tauri::command]
pub async fn document(desk: State<'_, Desk>, collection: Collection, id: String) -> Result<Value> {
    Ok(desk.workspace().await?.document(collection, &id).await?)
}

#[tauri::command]
pub async fn person(desk: State<'_, Desk>, id: String) -> Result<Person> {
    Ok(queries::find_person(&desk.workspace().await?.cache, &id).await?)
}

#[tauri::command]
pub async fn search(desk: State<'_, Desk>, text: String) -> Result<Vec<SearchHit>> {
    Ok(queries::search(&desk.workspace().await?.cache, &text, SEARCH_HITS_PER_KIND).await?)
}
