//! The first runs of a newcomer, end to end in the real window: on a
//! machine with no keyring at all (no Secret Service, no kernel keyring),
//! a first demo start that fails part-way leaves nothing behind and the
//! next start opens the demo; a real workspace can still be used, for this
//! run only, with a visible marker; and a workspace whose provider is down
//! and that never synced says so and can be pointed at the right address.

use anyhow::{ensure, Context, Result};
use hjs_client::credentials::{self, Keeping};
use hjs_client::{Home, Workspaces};
use hjs_e2e::{serve_on, Desk, Launch, ProviderClient};

const SUPPORT_EMAIL: &str = "sarah.johnson@demo.hostjamstack.com";
const NO_KEYRING: Launch = Launch { without_keyring: Some(env!("CARGO_BIN_EXE_no-keyring")) };

#[tokio::test(flavor = "multi_thread")]
async fn with_no_keyring_a_failed_first_start_leaves_nothing_and_the_next_one_opens_the_demo() -> Result<()> {
    let home = tempfile::tempdir()?;
    // The first start fails part-way: the demo provider starts and signs
    // in, but no cache can be made (a file where its folder should be).
    let obstacle = home.path().join("workspaces");
    std::fs::write(&obstacle, b"in the way")?;
    let desk = Desk::launch_with(home.path(), NO_KEYRING).await?;
    let said = desk.text("[data-testid=start-error]").await?;
    ensure!(said.contains("Could not open the demo workspace"), "the failure is shown, not an empty sign-in screen: {said:?}");
    desk.find("[data-testid=keyring-notice]").await.context("no keyring is said plainly")?;
    desk.screenshot("first-run-failed").await?;
    desk.close().await?;
    let registered = Workspaces::new(Home::at(home.path())).list()?;
    ensure!(registered.is_empty(), "a failed start registers no workspace: {registered:?}");

    // The next start, with the obstacle gone: the demo opens, still with no keyring.
    std::fs::remove_file(&obstacle)?;
    let desk = Desk::launch_with(home.path(), NO_KEYRING).await?;
    desk.find("[data-testid=dashboard]").await?;
    desk.wait_attr("[data-testid=sync-pill]", "data-connection", "online").await?;
    desk.click("[data-testid=nav-settings]").await?;
    desk.find("[data-testid=workspace-row]").await?;
    ensure!(desk.count("[data-testid=workspace-row]").await? == 1, "only the demo workspace is listed");
    ensure!(desk.count("[data-testid=this-run-marker]").await? == 0, "the demo needs no marker: it signs in by itself");

    // A real workspace with no keyring: said once, kept for this run, marked.
    desk.click("[data-testid=settings-add-workspace]").await?;
    desk.find("[data-testid=keyring-notice]").await?;
    desk.type_into("[data-testid=signin-provider]", &desk.demo()?.url).await?;
    desk.type_into("[data-testid=signin-email]", SUPPORT_EMAIL).await?;
    desk.type_into("[data-testid=signin-password]", hjs_provider::seed::DEMO_PASSWORD).await?;
    desk.click("[data-testid=signin-submit]").await?;
    desk.find("[data-testid=this-run-marker]").await.context("the session kept for this run only is marked")?;
    desk.find("[data-testid=ticket-row]").await.context("support staff open on the ticket queue")?;
    desk.screenshot("this-run-only").await?;
    desk.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workspace_whose_provider_is_down_and_never_synced_says_so_and_can_be_pointed_elsewhere() -> Result<()> {
    let home = tempfile::tempdir()?;
    // A provider, and a workspace signed in to it but registered at an
    // address where nothing answers, whose cache holds nothing yet.
    let provider_dir = tempfile::tempdir()?;
    let database = provider_dir.path().join("provider.sqlite");
    seed(&database).await?;
    let (url, stop, server) = serve_on(&database).await?;
    let session = ProviderClient::sign_in(&url, SUPPORT_EMAIL).await?;
    let workspaces = Workspaces::new(Home::at(home.path()));
    let down = format!("http://127.0.0.1:{}", closed_port()?);
    let info = workspaces.add(&down, SUPPORT_EMAIL, session.user_id(), "support", None)?;
    std::fs::create_dir_all(home.path().join("workspaces").join(&info.id))?;
    credentials::store_token(&info.id, session.token(), Keeping::Keyring).await?;

    let desk = Desk::launch_on(home.path()).await?;
    desk.find("[data-testid=unreachable]").await.context("not an empty dashboard")?;
    let address = desk.text("[data-testid=unreachable-address]").await?;
    ensure!(address.contains(&down), "the address that failed is named: {address:?}");
    desk.find("[data-testid=unreachable-last-try]").await?;
    ensure!(desk.count("[data-testid=dashboard]").await? == 0, "no dashboard of zeros");
    desk.click("[data-testid=unreachable-retry]").await?;
    desk.find("[data-testid=unreachable]").await?;
    desk.screenshot("unreachable").await?;

    // Edit address: the workspace syncs from the right one.
    desk.click("[data-testid=unreachable-edit]").await?;
    desk.type_into("[data-testid=edit-address-input]", &url).await?;
    desk.click("[data-testid=edit-address-save]").await?;
    desk.find("[data-testid=ticket-row]").await.context("support staff open on the ticket queue")?;
    desk.wait_attr("[data-testid=sync-pill]", "data-connection", "online").await?;
    desk.close().await?;
    ensure!(workspaces.find(&info.id)?.provider_url == url, "the new address is kept");
    credentials::forget(&info.id).await?;
    let _ = stop.send(());
    server.await?
}

/// A provider database holding the demo data.
async fn seed(database: &std::path::Path) -> Result<()> {
    let mut config = hjs_provider::Config::new(format!("sqlite://{}?mode=rwc", database.display()));
    config.files_dir = database.with_file_name("files");
    let provider = hjs_provider::Provider::build(config).await?;
    hjs_provider::seed::demo(&provider.state.db, &*provider.state.files).await?;
    provider.state.db.pool.close().await;
    Ok(())
}

/// A port on which nothing listens.
fn closed_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
