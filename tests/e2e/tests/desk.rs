//! The desktop app, end to end, in its real window: the demo workspace
//! opens by itself, its screens show the cache, an edit reaches the
//! provider, the app keeps working with the provider stopped and catches
//! up when it is back, and a conflicting edit made on the provider
//! meanwhile opens the theirs-vs-mine view. Screenshots of each main
//! screen are saved under docs/screenshots/.

use anyhow::{Context, Result};
use fantoccini::key::Key;
use hjs_e2e::{serve_on, wait_until, Desk, ProviderClient};
use serde_json::json;

const DEMO_EMAIL: &str = "reseller@demo.hostjamstack.com";

/// Opens a screen from the sidebar and waits for `ready` on it.
async fn open(desk: &Desk, screen: &str, ready: &str) -> Result<()> {
    desk.open_screen(screen, ready).await
}

/// Opens a domain's detail from the domain table (click the row, Enter).
async fn open_domain(desk: &Desk, id: &str) -> Result<()> {
    open(desk, "domains", "[data-testid=domain-row]").await?;
    let row = desk.find(&format!("[data-testid=domain-row][data-id='{id}']")).await?;
    row.click().await?;
    if desk.client.find(fantoccini::Locator::Css("[data-testid=domain-detail]")).await.is_err() {
        row.send_keys(&char::from(Key::Enter).to_string()).await?;
    }
    desk.find("[data-testid=domain-detail]").await?;
    Ok(())
}

/// Opens a domain's zone editor (domain detail, DNS tab, "open").
async fn open_zone(desk: &Desk, id: &str) -> Result<()> {
    open_domain(desk, id).await?;
    desk.click("[data-testid=domain-tab-dns]").await?;
    desk.click("[data-testid=open-dns]").await?;
    desk.find("[data-testid=dns-record-row]").await?;
    Ok(())
}

/// Flips the domain's auto-renew toggle in the Settings tab; answers the new value.
async fn flip_auto_renew(desk: &Desk) -> Result<bool> {
    desk.click("[data-testid=domain-tab-settings]").await?;
    let before = desk.attr("[data-testid=toggle-autoRenew]", "aria-checked").await?.context("the toggle says whether it is on")?;
    desk.click("[data-testid=toggle-autoRenew]").await?;
    let after = if before == "true" { "false" } else { "true" };
    desk.wait_attr("[data-testid=toggle-autoRenew]", "aria-checked", after).await?;
    Ok(after == "true")
}

async fn set_demo_provider(desk: &Desk, running: bool) -> Result<()> {
    desk.set_demo_provider(running).await
}

const PILL: &str = "[data-testid=sync-pill]";

#[tokio::test(flavor = "multi_thread")]
async fn a_person_works_the_demo_workspace_online_offline_and_through_a_conflict() -> Result<()> {
    let desk = Desk::launch().await?;

    // On a machine with nothing configured, the demo workspace opens by itself.
    desk.find("[data-testid=dashboard]").await?;
    desk.wait_attr(PILL, "data-connection", "online").await?;
    desk.screenshot("dashboard").await?;
    let provider = ProviderClient::sign_in(&desk.demo()?.url, DEMO_EMAIL).await?;

    // The domain table shows the cache; pick the first domain.
    open(&desk, "domains", "[data-testid=domain-row]").await?;
    desk.screenshot("domains").await?;
    let id = desk.attr("[data-testid=domain-row]", "data-id").await?.context("rows carry their domain's id")?;

    // Online: an edit reaches the provider.
    open_domain(&desk, &id).await?;
    desk.screenshot("domain-detail").await?;
    let auto_renew = flip_auto_renew(&desk).await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    wait_until(|| async { Ok(provider.domain(&id).await?["autoRenew"] == json!(auto_renew)) })
        .await
        .context("the edit reached the provider")?;

    // Provider stopped: the pill says offline, screens still work, the edit waits.
    set_demo_provider(&desk, false).await?;
    desk.wait_attr(PILL, "data-connection", "offline").await?;
    desk.screenshot("settings").await?;
    open_domain(&desk, &id).await?;
    let offline_value = flip_auto_renew(&desk).await?;
    desk.wait_attr(PILL, "data-pending", "1").await?;
    open(&desk, "support", "[data-testid=ticket-row]").await?;
    desk.screenshot("support-offline").await?;

    // Provider back: the queued edit is sent and the pill is green again.
    set_demo_provider(&desk, true).await?;
    desk.wait_attr(PILL, "data-connection", "online").await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    wait_until(|| async { Ok(provider.domain(&id).await?["autoRenew"] == json!(offline_value)) })
        .await
        .context("the edit queued offline reached the provider")?;

    // A conflict: offline again, an edit here, and meanwhile someone else
    // changes the same domain on the provider (a second provider process
    // on the same database).
    set_demo_provider(&desk, false).await?;
    desk.wait_attr(PILL, "data-connection", "offline").await?;
    open_domain(&desk, &id).await?;
    let mine = flip_auto_renew(&desk).await?;
    desk.wait_attr(PILL, "data-pending", "1").await?;
    let (other_url, stop_other, other) = serve_on(&desk.demo()?.database).await?;
    let someone_else = ProviderClient::sign_in(&other_url, DEMO_EMAIL).await?;
    someone_else.patch_domain(&id, json!({ "autoRenew": !mine, "transferLock": true })).await?;
    let _ = stop_other.send(());
    other.await??;

    set_demo_provider(&desk, true).await?;
    desk.wait_attr(PILL, "data-conflicts", "1").await?;
    open_domain(&desk, &id).await?;
    desk.find("[data-testid=conflict-view]").await?;
    desk.screenshot("conflict").await?;

    // Keep mine: sent again over theirs.
    desk.click("[data-testid=keep-mine]").await?;
    desk.wait_attr(PILL, "data-conflicts", "0").await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    wait_until(|| async { Ok(provider.domain(&id).await?["autoRenew"] == json!(mine)) })
        .await
        .context("'keep mine' won on the provider")?;

    // DNS: a record added in a plan, applied as ONE edit, reaches the
    // provider; a zone file pasted in is read as a plan and applied too.
    let zone_domain = provider.domain_with_zone().await?;
    let zone_id = zone_domain["_id"].as_str().context("a domain has an id")?.to_string();
    let zone_name = zone_domain["domainName"].as_str().context("a domain has a name")?.to_string();
    open_zone(&desk, &zone_id).await?;
    desk.click("[data-testid=dns-add]").await?;
    desk.type_into("[data-testid=dns-editor-name]", "e2e").await?;
    desk.type_into("[data-testid=dns-editor-value]", "192.0.2.123").await?;
    desk.click("[data-testid=dns-editor-submit]").await?;
    if desk.count("[data-testid=dns-plan-drawer]").await? == 0 {
        desk.click("[data-testid=dns-plan-open]").await?;
    }
    desk.find("[data-testid=dns-plan-drawer] [data-testid=diff-added]").await?;
    desk.wait_attr("[data-testid=dns-plan-apply]", "data-blocked", "false").await?;
    desk.screenshot("dns-plan").await?;
    apply_plan(&desk).await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    wait_until(|| async { Ok(provider.zone(&zone_id).await?.iter().any(|r| r["name"] == "e2e" && r["value"] == "192.0.2.123")) })
        .await
        .context("the applied plan reached the provider")?;

    desk.click("[data-testid=dns-import-paste]").await?;
    let file = format!("$ORIGIN {zone_name}.\n$TTL 3600\ne2e-import IN TXT \"hello from a zone file\"\n");
    // WebKit's driver drops newline characters; Enter keys make the lines.
    desk.type_into("[data-testid=dns-import-text]", &file.replace('\n', &char::from(Key::Enter).to_string())).await?;
    desk.click("[data-testid=dns-import-read]").await?;
    desk.find("[data-testid=dns-plan-drawer] [data-testid=diff-added]").await?;
    desk.wait_attr("[data-testid=dns-plan-apply]", "data-blocked", "false").await?;
    apply_plan(&desk).await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    wait_until(|| async {
        Ok(provider.zone(&zone_id).await?.iter().any(|r| r["name"] == "e2e-import" && r["value"] == "hello from a zone file"))
    })
    .await
    .context("the imported record reached the provider")?;
    desk.find("[data-testid=dns-record-row][data-record-name=e2e-import]").await?;

    // A DNS conflict: offline, the record is changed in a plan here, and
    // meanwhile someone else changes it on the provider; back online the
    // plan is a conflict shown on the zone, and keeping mine wins.
    let record = provider.zone(&zone_id).await?.into_iter().find(|r| r["name"] == "e2e").context("the e2e record is on the provider")?;
    let record_id = record["_id"].as_str().context("a record has an id")?.to_string();
    set_demo_provider(&desk, false).await?;
    desk.wait_attr(PILL, "data-connection", "offline").await?;
    open_zone(&desk, &zone_id).await?;
    desk.click("[data-testid=dns-record-row][data-record-name=e2e] [data-testid=dns-record-edit]").await?;
    desk.type_into("[data-testid=dns-editor-value]", "192.0.2.124").await?;
    desk.click("[data-testid=dns-editor-submit]").await?;
    if desk.count("[data-testid=dns-plan-drawer]").await? == 0 {
        desk.click("[data-testid=dns-plan-open]").await?;
    }
    desk.find("[data-testid=dns-plan-drawer] [data-testid=diff-changed]").await?;
    apply_plan(&desk).await?;
    desk.wait_attr(PILL, "data-pending", "1").await?;
    let (other_url, stop_other, other) = serve_on(&desk.demo()?.database).await?;
    let someone_else = ProviderClient::sign_in(&other_url, DEMO_EMAIL).await?;
    let version = record["version"].as_i64().context("a record has a version")?;
    someone_else.patch_record(&record_id, version, json!({ "type": "A", "name": "e2e", "value": "192.0.2.200", "ttl": 3600 })).await?;
    let _ = stop_other.send(());
    other.await??;
    set_demo_provider(&desk, true).await?;
    desk.wait_attr(PILL, "data-conflicts", "1").await?;
    open_zone(&desk, &zone_id).await?;
    desk.find("[data-testid=entry-conflict] [data-testid=conflict-view]").await?;
    desk.screenshot("dns-conflict").await?;
    desk.click("[data-testid=entry-conflict] [data-testid=keep-mine]").await?;
    desk.wait_attr(PILL, "data-conflicts", "0").await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    wait_until(|| async {
        Ok(provider.zone(&zone_id).await?.iter().any(|r| r["_id"] == record_id.as_str() && r["value"] == "192.0.2.124"))
    })
    .await
    .context("'keep mine' on the DNS conflict won on the provider")?;

    // The other main screens, for the README.
    for (screen, ready) in [
        ("dns", "[data-testid=dns-row]"),
        ("hosting", "[data-testid=package-row]"),
        ("deployments", "[data-testid=deployment-row]"),
        ("notifications", "[data-testid=notification-row]"),
    ] {
        open(&desk, screen, ready).await?;
        desk.screenshot(screen).await?;
    }
    open(&desk, "support", "[data-testid=ticket-row]").await?;
    // WebKit's driver clicks a cell, not a table row.
    desk.click("[data-testid=ticket-row] td").await?;
    desk.find("[data-testid=ticket-thread]").await?;
    desk.screenshot("ticket").await?;

    desk.close().await
}

/// Clicks the plan drawer's Apply. The drawer's footer can sit under
/// WebKit's driver's idea of the viewport, so the click is the page's own.
async fn apply_plan(desk: &Desk) -> Result<()> {
    desk.wait_attr("[data-testid=dns-plan-apply]", "data-blocked", "false").await?;
    desk.client
        .execute("document.querySelector('[data-testid=dns-plan-apply]').scrollIntoView(); document.querySelector('[data-testid=dns-plan-apply]').click();", vec![])
        .await?;
    Ok(())
}
