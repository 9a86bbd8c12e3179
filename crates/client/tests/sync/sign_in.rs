//! Signing in makes a workspace whole or not at all: registered only once
//! its session is kept and its account downloaded; a failure at any step
//! leaves no workspace, no cache and no session behind; what a killed
//! sign-in left is tidied at the next start.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::routing::{get, post};
use hjs_client::credentials::{self, Keeping};
use hjs_client::{Home, SignIn, Workspace, Workspaces};
use hjs_provider::seed::{DEMO_PASSWORD, DEMO_RESELLER_EMAIL};

use crate::common::World;

/// What is in the home's `workspaces/` folder.
fn workspace_folders(home: &Home) -> Vec<String> {
    match std::fs::read_dir(home.root.join("workspaces")) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().into_string().unwrap()).collect(),
        Err(_) => Vec::new(),
    }
}

/// Whether the kernel keyring of this session holds a token for `id`.
async fn in_session_keyring(id: &str) -> bool {
    let key = format!("keyring-rs:{id}@hostjamstack-desk");
    tokio::process::Command::new("keyctl").args(["search", "@s", "user", &key]).output().await.expect("keyctl runs").status.success()
}

/// A provider whose sign-in is the real one's but whose snapshot stops
/// after a few documents, as a provider that went away mid-download would;
/// counts the sessions signed out on it.
async fn provider_that_fails_the_download(world: &World) -> (String, Arc<AtomicUsize>) {
    let real = world.url.clone();
    let signed_out = Arc::new(AtomicUsize::new(0));
    let counter = signed_out.clone();
    let app = axum::Router::new()
        .route(
            "/api/v1/auth/sign-in",
            post(move |body: String| async move {
                let answer = reqwest::Client::new()
                    .post(format!("{real}/api/v1/auth/sign-in"))
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                ([("content-type", "application/json")], answer.text().await.unwrap())
            }),
        )
        .route(
            "/api/v1/auth/sign-out",
            post(move || async move {
                counter.fetch_add(1, Ordering::SeqCst);
                axum::http::StatusCode::NO_CONTENT
            }),
        )
        .route(
            "/api/v1/sync/snapshot",
            get(|| async {
                let line = r#"{"type":"doc","collection":"notifications","doc":{"_id":"000000000000000000000001"}}"#;
                ([("content-type", "application/x-ndjson")], format!("{line}\n"))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, signed_out)
}

#[tokio::test]
async fn a_sign_in_whose_download_fails_leaves_no_workspace_no_cache_and_no_session() {
    let world = World::start().await;
    let (url, signed_out) = provider_that_fails_the_download(&world).await;
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());

    let error = Workspace::sign_in(&home, &SignIn::new(&url, DEMO_RESELLER_EMAIL, DEMO_PASSWORD), |_| {}).await.unwrap_err();

    assert_ne!(error.code(), "keyring", "the download failed, not the keyring: {error}");
    assert!(Workspaces::new(home.clone()).list().unwrap().is_empty(), "no workspace is registered");
    assert_eq!(workspace_folders(&home), Vec::<String>::new(), "the cache made for it is gone");
    assert_eq!(signed_out.load(Ordering::SeqCst), 1, "the session is ended on the provider");
}

#[tokio::test]
async fn a_sign_in_whose_cache_cannot_be_made_registers_nothing() {
    let world = World::start().await;
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    // A file where the caches' folder should be: no cache can be made.
    std::fs::write(home.root.join("workspaces"), b"in the way").unwrap();

    let error = Workspace::sign_in(&home, &SignIn::new(&world.url, DEMO_RESELLER_EMAIL, DEMO_PASSWORD), |_| {}).await.unwrap_err();

    assert!(error.to_string().contains("Failed to create"), "{error}");
    assert!(Workspaces::new(home.clone()).list().unwrap().is_empty(), "no stray workspace is listed");
}

#[tokio::test]
async fn a_sign_in_registers_the_workspace_once_its_account_is_downloaded() {
    let world = World::start().await;
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());

    let signed_in = Workspace::sign_in(&home, &SignIn::new(&world.url, DEMO_RESELLER_EMAIL, DEMO_PASSWORD), |_| {}).await.unwrap();

    let report = signed_in.bootstrap.expect("a new workspace is downloaded");
    assert!(report.documents > 100, "the demo reseller's account: {}", report.documents);
    let id = signed_in.workspace.info.id.clone();
    assert_eq!(Workspaces::new(home.clone()).current().unwrap().map(|w| w.id), Some(id.clone()));
    assert_eq!(workspace_folders(&home), vec![id.clone()]);
    assert!(!home.root.join("workspaces").join(&id).join("signing-in.lock").exists(), "the sign-in lock is gone");
    assert!(in_session_keyring(&id).await, "the token is in the keyring");
    assert!(!credentials::kept_for_this_run(&id));

    // Signing in again to a complete workspace downloads nothing.
    let again = Workspace::sign_in(&home, &SignIn::new(&world.url, DEMO_RESELLER_EMAIL, DEMO_PASSWORD), |_| {}).await.unwrap();
    assert_eq!(again.workspace.info.id, id);
    assert!(again.bootstrap.is_none());
    Workspace::remove(&home, &id, true).await.unwrap();
}

#[tokio::test]
async fn a_session_kept_for_this_run_is_in_memory_and_not_in_the_keyring() {
    let world = World::start().await;
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let request = SignIn { keeping: Keeping::ThisRun, ..SignIn::new(&world.url, DEMO_RESELLER_EMAIL, DEMO_PASSWORD) };

    let signed_in = Workspace::sign_in(&home, &request, |_| {}).await.unwrap();

    let id = signed_in.workspace.info.id.clone();
    assert!(credentials::kept_for_this_run(&id));
    assert!(!in_session_keyring(&id).await, "nothing was written to the keyring");
    assert!(credentials::token(&id).await.unwrap().is_some(), "the workspace can sync");
    signed_in.workspace.sync().await.unwrap();
    credentials::forget(&id).await.unwrap();
    assert!(!credentials::kept_for_this_run(&id));
    assert_eq!(credentials::token(&id).await.unwrap(), None);
}

#[tokio::test]
async fn the_sweep_removes_what_unfinished_sign_ins_left_and_spares_one_at_work() {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let workspaces = Workspaces::new(home.clone());
    // An earlier version registered this one, then failed before its cache existed.
    let halfmade = workspaces.add("http://127.0.0.1:9", "ada@example.com", &hjs_model::ObjectId::new().to_string(), "user", None).unwrap();
    // A sign-in killed while downloading: a folder nobody registered.
    let killed = hjs_model::ObjectId::new().to_string();
    std::fs::create_dir_all(home.root.join("workspaces").join(&killed)).unwrap();
    std::fs::write(home.root.join("workspaces").join(&killed).join("cache.db"), b"half a download").unwrap();
    // A sign-in still at work in another process (it holds its lock).
    let at_work = hjs_model::ObjectId::new().to_string();
    let lock = workspaces.lock_new(&at_work).unwrap();
    // A workspace that is whole.
    let whole = workspaces.add("http://127.0.0.1:10", "bob@example.com", &hjs_model::ObjectId::new().to_string(), "user", None).unwrap();
    std::fs::create_dir_all(home.root.join("workspaces").join(&whole.id)).unwrap();

    let mut removed = workspaces.sweep().unwrap();
    removed.sort();

    let mut expected = vec![halfmade.id.clone(), killed.clone()];
    expected.sort();
    assert_eq!(removed, expected);
    assert_eq!(workspaces.list().unwrap().into_iter().map(|w| w.id).collect::<Vec<_>>(), vec![whole.id.clone()]);
    let mut left = workspace_folders(&home);
    left.sort();
    let mut kept = vec![at_work.clone(), whole.id.clone()];
    kept.sort();
    assert_eq!(left, kept, "the folder of the sign-in at work stays");
    lock.release();
    assert_eq!(workspaces.sweep().unwrap(), vec![at_work], "once its sign-in is gone unregistered, it goes too");
}

#[tokio::test]
async fn a_workspace_pointed_at_its_providers_right_address_downloads_its_account() {
    let world = World::start().await;
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let session =
        hjs_client::api::ProviderApi::new(&world.url, None).unwrap().sign_in(DEMO_RESELLER_EMAIL, DEMO_PASSWORD, None).await.unwrap();
    let workspaces = Workspaces::new(home.clone());
    let down = format!("http://127.0.0.1:{}", std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port());
    let info = workspaces.add(&down, DEMO_RESELLER_EMAIL, &session.user.id.to_string(), "reseller", None).unwrap();
    credentials::store_token(&info.id, &session.token, Keeping::ThisRun).await.unwrap();
    let unreachable = Workspace::open(&home, info.clone()).await.unwrap();
    assert_eq!(unreachable.sync().await.unwrap_err().code(), "offline");

    let moved = workspaces.set_provider_url(&info.id, &world.url).unwrap();
    let workspace = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        let workspace = Workspace::open(&home, moved).await.unwrap();
        workspace.sync().await.unwrap();
        workspace
    })
    .await
    .expect("the download does not hang while the first opening of the cache is still alive");
    assert!(workspace.cache.is_bootstrapped().await.unwrap());
    assert!(workspace.status().last_attempt_at.is_some());
    drop(unreachable);
    credentials::forget(&info.id).await.unwrap();
}
