//! Session tokens round-trip through the real OS keyring (the kernel
//! session keyring under the test command; `HJS_KEYRING` picks the store).

use hjs_client::credentials::{self, Keeping};

async fn keyctl(args: &[&str]) -> Option<String> {
    let output = tokio::process::Command::new("keyctl").args(args).output().await.expect("keyctl runs");
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[tokio::test]
async fn a_token_is_stored_read_back_and_forgotten() {
    let store = credentials::init().expect("a keyring store is available");
    assert!(["keyutils", "secret-service", "session"].contains(&store));
    assert_eq!(credentials::state().store, Some(store));
    let workspace = format!("test-{}", hjs_model::ObjectId::new());
    assert_eq!(credentials::token(&workspace).await.unwrap(), None, "nothing stored yet");
    credentials::store_token(&workspace, "hjs_s_secret-value", Keeping::Keyring).await.unwrap();
    assert_eq!(credentials::token(&workspace).await.unwrap().as_deref(), Some("hjs_s_secret-value"));
    credentials::store_token(&workspace, "hjs_s_replaced", Keeping::Keyring).await.unwrap();
    assert_eq!(credentials::token(&workspace).await.unwrap().as_deref(), Some("hjs_s_replaced"), "a new sign-in replaces the token");
    credentials::forget(&workspace).await.unwrap();
    assert_eq!(credentials::token(&workspace).await.unwrap(), None);
    credentials::forget(&workspace).await.unwrap();
}

#[tokio::test]
async fn the_session_store_keeps_tokens_out_of_the_users_persistent_keyring() {
    if credentials::init().ok() != Some("session") {
        return; // Only the test command's store (HJS_KEYRING=session) makes this promise.
    }
    let workspace = format!("test-{}", hjs_model::ObjectId::new());
    let key = format!("keyring-rs:{workspace}@hostjamstack-desk");
    credentials::store_token(&workspace, "hjs_s_secret-value", Keeping::Keyring).await.unwrap();
    assert!(keyctl(&["search", "@s", "user", &key]).await.is_some(), "the token is in the session keyring");
    // Looking links the persistent keyring into this test's throwaway session, nothing more.
    if let Some(persistent) = keyctl(&["get_persistent", "@s"]).await {
        assert_eq!(keyctl(&["search", &persistent, "user", &key]).await, None, "nothing went to the persistent keyring");
    }
    credentials::forget(&workspace).await.unwrap();
    assert_eq!(keyctl(&["search", "@s", "user", &key]).await, None);
}

#[tokio::test]
async fn a_token_kept_for_this_run_replaces_the_keyrings_and_goes_with_forget() {
    credentials::init().expect("a keyring store is available");
    let workspace = format!("test-{}", hjs_model::ObjectId::new());
    credentials::store_token(&workspace, "hjs_s_in_keyring", Keeping::Keyring).await.unwrap();
    credentials::store_token(&workspace, "hjs_s_in_memory", Keeping::ThisRun).await.unwrap();
    assert!(credentials::kept_for_this_run(&workspace));
    assert_eq!(credentials::token(&workspace).await.unwrap().as_deref(), Some("hjs_s_in_memory"));
    credentials::forget(&workspace).await.unwrap();
    assert_eq!(credentials::token(&workspace).await.unwrap(), None, "neither the memory nor the keyring holds one");
}
