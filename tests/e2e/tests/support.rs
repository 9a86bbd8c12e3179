//! The support desk, end to end in the real window: a customer (the demo
//! reseller) opens a ticket and replies to it while the provider is
//! stopped, and both arrive in order when it is back; support staff,
//! signed in as a second workspace, take the ticket from the unassigned
//! queue (its SLA timer running), answer with a canned reply carrying a
//! screenshot dropped on the composer, and add an internal note while
//! offline that is delivered when the provider is back; on the customer's
//! workspace the reply is there with the screenshot's thumbnail (their
//! desktop downloaded it), and the note is not.

use anyhow::{ensure, Context, Result};
use hjs_e2e::{wait_until, Desk, ProviderClient};
use hjs_provider::seed::{DEMO_PASSWORD, DEMO_RESELLER_EMAIL};

const SUPPORT_EMAIL: &str = "sarah.johnson@demo.hostjamstack.com";
const PILL: &str = "[data-testid=sync-pill]";

/// A 48×32 red PNG: the screenshot a support agent attaches.
const SCREENSHOT_PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAMklEQVR42u3OQQ0AAAgEoItjCPunMIwtnA82ApDpeiVCQkJCQkJCQkJCQkJCQkJCQpcWRiCAajnD//oAAAAASUVORK5CYII=";

/// Drops a file (base64 bytes) on the composer as a file dragged from
/// another application arrives in the page: a drop event carrying it.
async fn drop_file(desk: &Desk, name: &str, base64: &str) -> Result<()> {
    let script = format!(
        "const bytes = Uint8Array.from(atob('{base64}'), c => c.charCodeAt(0));
         const data = new DataTransfer();
         data.items.add(new File([bytes], '{name}', {{ type: 'image/png' }}));
         const drop = new Event('drop', {{ bubbles: true, cancelable: true }});
         Object.defineProperty(drop, 'dataTransfer', {{ value: data }});
         document.querySelector('[data-testid=composer-box]').dispatchEvent(drop);"
    );
    desk.client.execute(&script, vec![]).await?;
    Ok(())
}

/// Writes in the composer (reply or note) and sends.
async fn send(desk: &Desk, mode: &str, text: &str) -> Result<()> {
    if desk.count(&format!("[data-testid=mode-{mode}]")).await? > 0 {
        desk.click(&format!("[data-testid=mode-{mode}]")).await?;
    }
    desk.type_into("[data-testid=composer]", text).await?;
    desk.click("[data-testid=send-message]").await?;
    Ok(())
}

/// Opens a ticket from the queue. The page clicks the row's cell itself:
/// WebKit's driver clicks only a cell in its idea of the viewport, which a
/// long queue's last rows are not.
async fn open_ticket(desk: &Desk, id: &str) -> Result<()> {
    let row = format!("[data-testid=ticket-row][data-id='{id}']");
    desk.find(&row).await?;
    desk.client.execute(&format!("document.querySelector(\"{row} td\").click()"), vec![]).await?;
    desk.find(&format!("[data-testid=ticket-view][data-id='{id}']")).await?;
    Ok(())
}

/// The thread's messages as a person sees them on the provider.
async fn thread(who: &ProviderClient, ticket: &str) -> Result<Vec<serde_json::Value>> {
    Ok(who.get(&format!("/support-tickets/{ticket}/messages?limit=500")).await?["items"].as_array().cloned().unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ticket_opened_offline_is_taken_answered_and_noted_by_support_and_the_customer_never_sees_the_note() -> Result<()> {
    let desk = Desk::launch().await?;
    desk.find("[data-testid=dashboard]").await?;
    desk.wait_attr(PILL, "data-connection", "online").await?;
    let customer = ProviderClient::sign_in(&desk.demo()?.url, DEMO_RESELLER_EMAIL).await?;

    // Offline, the customer opens a ticket and adds a reply: both wait.
    desk.set_demo_provider(false).await?;
    desk.wait_attr(PILL, "data-connection", "offline").await?;
    desk.open_screen("support", "[data-testid=new-ticket]").await?;
    desk.click("[data-testid=new-ticket]").await?;
    desk.type_into("[data-testid=new-ticket-subject]", "Checkout answers 502").await?;
    desk.type_into("[data-testid=new-ticket-description]", "Since this morning's deploy.").await?;
    desk.click("[data-testid=new-ticket-submit]").await?;
    let ticket_id = desk.attr("[data-testid=ticket-view]", "data-id").await?.context("the new ticket opens")?;
    desk.wait_attr(PILL, "data-pending", "1").await?;
    send(&desk, "reply", "It fails on mobile too.").await?;
    desk.wait_attr(PILL, "data-pending", "2").await?;
    desk.find("[data-testid=message-pending]").await.context("the queued reply is marked pending")?;
    desk.screenshot("ticket-offline").await?;

    // Back online: the ticket gets its number, the reply follows it.
    desk.set_demo_provider(true).await?;
    desk.wait_attr(PILL, "data-connection", "online").await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    wait_until(|| async { Ok(customer.get(&format!("/support-tickets/{ticket_id}")).await?["ticketNumber"].as_str().is_some()) })
        .await
        .context("the ticket reached the provider")?;
    let messages = thread(&customer, &ticket_id).await?;
    ensure!(messages.iter().any(|m| m["content"] == "It fails on mobile too."), "the reply made offline arrived: {messages:?}");

    // Support staff, in a second workspace, take the ticket and answer it.
    desk.open_screen("settings", "[data-testid=settings-add-workspace]").await?;
    desk.click("[data-testid=settings-add-workspace]").await?;
    desk.type_into("[data-testid=signin-provider]", &desk.demo()?.url).await?;
    desk.type_into("[data-testid=signin-email]", SUPPORT_EMAIL).await?;
    desk.type_into("[data-testid=signin-password]", DEMO_PASSWORD).await?;
    desk.click("[data-testid=signin-submit]").await?;
    // Support staff open on the ticket queue; they take the new ticket
    // from the unassigned view, where its first-reply clock runs.
    desk.find("[data-testid=ticket-row]").await?;
    desk.wait_attr(PILL, "data-connection", "online").await?;
    desk.click("[data-testid=queue-view-unassigned]").await?;
    open_ticket(&desk, &ticket_id).await?;
    let clock = desk.attr("[data-testid=sla-timer]", "data-state").await?;
    ensure!(matches!(clock.as_deref(), Some("running" | "warning")), "the SLA timer runs on an unanswered ticket: {clock:?}");
    desk.click("[data-testid=assign-me]").await?;
    // A canned reply, its variables filled in for this ticket.
    desk.click("[data-testid=canned-open]").await?;
    desk.type_into("[data-testid=canned-search]", "propagation").await?;
    desk.click("[data-testid=canned-option]").await?;
    wait_until(|| async {
        Ok(desk.find("[data-testid=composer]").await?.prop("value").await?.unwrap_or_default().contains("your domain"))
    })
    .await
    .context("the canned reply is in the composer, filled in")?;
    // A screenshot goes along, dropped on the composer.
    drop_file(&desk, "checkout-error.png", SCREENSHOT_PNG).await?;
    desk.find("[data-testid=staged-attachment] img").await.context("the staged screenshot shows a thumbnail")?;
    desk.type_into("[data-testid=composer-minutes]", "10").await?;
    desk.click("[data-testid=send-message]").await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    ensure!(desk.count("[data-testid=staged-attachment]").await? == 0, "sent files leave the composer");
    desk.type_into("[data-testid=composer]", "Rolled back; please try again.").await?;
    desk.click("[data-testid=send-message]").await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    // Offline, the internal note waits; back online it is delivered.
    desk.set_demo_provider(false).await?;
    desk.wait_attr(PILL, "data-connection", "offline").await?;
    desk.open_screen("support", "[data-testid=ticket-row]").await?;
    open_ticket(&desk, &ticket_id).await?;
    desk.click("[data-testid=mode-note]").await?;
    desk.find("[data-testid=note-warning]").await.context("note mode says the customer never sees it")?;
    desk.screenshot("ticket-staff").await?;
    send(&desk, "note", "Deploy 41 broke the checkout (NOTE-FOR-STAFF).").await?;
    desk.wait_attr(PILL, "data-pending", "1").await?;
    desk.set_demo_provider(true).await?;
    desk.wait_attr(PILL, "data-connection", "online").await?;
    desk.wait_attr(PILL, "data-pending", "0").await?;
    let staff = ProviderClient::sign_in(&desk.demo()?.url, SUPPORT_EMAIL).await?;
    wait_until(|| async {
        let ticket = staff.get(&format!("/support-tickets/{ticket_id}")).await?;
        let notes = thread(&staff, &ticket_id).await?;
        Ok(ticket["assignedTo"] == staff.user_id() && notes.iter().any(|m| m["messageType"] == "note"))
    })
    .await
    .context("the assignment and the note reached the provider")?;
    let seen = thread(&customer, &ticket_id).await?;
    ensure!(seen.iter().any(|m| m["content"] == "Rolled back; please try again."), "the customer has the reply");
    ensure!(
        seen.iter().any(|m| m["content"].as_str().is_some_and(|c| c.contains("saved on our name servers"))),
        "the customer has the canned reply"
    );
    ensure!(!seen.iter().any(|m| m["messageType"] == "note"), "the customer never gets the note");
    let attached = seen.iter().flat_map(|m| m["attachments"].as_array().cloned().unwrap_or_default()).collect::<Vec<_>>();
    ensure!(
        attached.iter().any(|a| a["filename"] == "checkout-error.png" && a["mimeType"] == "image/png"),
        "the canned reply carries the screenshot: {attached:?}"
    );

    // Back on the customer's workspace: the reply is in the window, the note is not.
    desk.open_screen("settings", "[data-testid=workspace-row]").await?;
    desk.click("[data-testid=workspace-row][data-current=false] [data-testid=workspace-switch]").await?;
    desk.find("[data-testid=dashboard]").await?;
    desk.wait_attr(PILL, "data-connection", "online").await?;
    desk.open_screen("support", "[data-testid=ticket-row]").await?;
    open_ticket(&desk, &ticket_id).await?;
    wait_until(|| async { Ok(desk.text("[data-testid=ticket-thread]").await?.contains("Rolled back; please try again.")) })
        .await
        .context("the staff reply reached the customer's window")?;
    let shown = desk.text("[data-testid=ticket-thread]").await?;
    ensure!(!shown.contains("NOTE-FOR-STAFF"), "the note never reaches the customer's window");
    ensure!(shown.contains("checkout-error.png"), "the screenshot is on the reply in the customer's window");
    // Its thumbnail means the customer's desktop downloaded it from the provider.
    desk.find("[data-testid=attachment-thumbnail]").await.context("the customer's window shows the screenshot's thumbnail")?;
    desk.screenshot("ticket-customer").await?;
    desk.close().await
}
