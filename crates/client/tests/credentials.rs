//! Session tokens round-trip through the real OS keyring (the kernel
//! keyring under the test command; `HJS_KEYRING` picks the store).

use hjs_client::credentials;

#[tokio::test]
async fn a_token_is_stored_read_back_and_forgotten() {
    let store = credentials::init().expect("a keyring store is available");
    assert!(["keyutils", "secret-service"].contains(&store));
    let workspace = format!("test-{}", hjs_model::ObjectId::new());
    assert_eq!(credentials::token(&workspace).await.unwrap(), None, "nothing stored yet");
    credentials::store_token(&workspace, "hjs_s_secret-value").await.unwrap();
    assert_eq!(credentials::token(&workspace).await.unwrap().as_deref(), Some("hjs_s_secret-value"));
    credentials::store_token(&workspace, "hjs_s_replaced").await.unwrap();
    assert_eq!(credentials::token(&workspace).await.unwrap().as_deref(), Some("hjs_s_replaced"), "a new sign-in replaces the token");
    credentials::forget(&workspace).await.unwrap();
    assert_eq!(credentials::token(&workspace).await.unwrap(), None);
    credentials::forget(&workspace).await.unwrap();
}
