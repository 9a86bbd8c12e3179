//! Forgetting a workspace never silently drops edits that were queued there.

use hjs_client::cache::{upsert_rows, Cache, Row};
use hjs_client::outbox::Operation;
use hjs_client::{outbox, Home, Workspace, Workspaces};
use hjs_model::documents::{Notification, NotificationType};
use hjs_model::{Collection, ObjectId, Timestamp};

#[tokio::test]
async fn a_workspace_with_queued_edits_is_removed_only_when_told_to_discard_them() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let info =
        Workspaces::new(home.clone()).add("http://127.0.0.1:9", "ada@example.com", &ObjectId::new().to_string(), "user", None).unwrap();
    let cache = Cache::open(&home.cache_file(&info.id)).await.unwrap();
    let notification = Notification {
        id: ObjectId::new(),
        user_id: ObjectId::parse(&info.user_id).unwrap(),
        notification_type: NotificationType::DnsChanged,
        title: "DNS changed".into(),
        message: "A record updated".into(),
        is_read: false,
        email_sent: false,
        sent_at: None,
        created_at: Timestamp::now(),
        version: 1,
    };
    let mut conn = cache.pool.acquire().await.unwrap();
    upsert_rows(&mut conn, vec![Row::from_json(Collection::Notifications, serde_json::to_string(&notification).unwrap()).unwrap()])
        .await
        .unwrap();
    drop(conn);
    outbox::enqueue(&cache, &notification.id.to_string(), Operation::NotificationRead { is_read: true }).await.unwrap();
    cache.pool.close().await;

    let refused = Workspace::remove(&home, &info.id, false).await.unwrap_err();
    assert_eq!((refused.code(), refused.field()), ("validation_failed", Some("workspace")));
    assert!(home.cache_file(&info.id).exists(), "the cache and its queued edit are still there");
    assert_eq!(Workspaces::new(home.clone()).list().unwrap().len(), 1);

    Workspace::remove(&home, &info.name, true).await.unwrap();
    assert!(!home.cache_file(&info.id).exists());
    assert!(Workspaces::new(home.clone()).list().unwrap().is_empty());
}
