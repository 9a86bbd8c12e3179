//! Scenarios: the support desk through the engine. A customer's new
//! ticket and their reply to it, both made before any sync, reach the
//! provider in order (the ticket gets its number there); staff work the
//! ticket; what the model refuses is never queued.

use hjs_client::support::queries as desk;
use hjs_client::{ClientError, Home, SignIn, Workspace};
use hjs_model::documents::{MessageType, TicketCategory, TicketPriority, TicketStatus};
use hjs_model::support::{Side, TicketChange, TicketDraft};
use hjs_model::Timestamp;
use hjs_provider::seed::DEMO_PASSWORD;

use crate::common::World;

async fn signed_in(world: &World, email: &str) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let home = Home::at(dir.path());
    let workspace = Workspace::sign_in(&home, &SignIn::new(&world.url, email, DEMO_PASSWORD), |_| {}).await.unwrap().workspace;
    (dir, workspace)
}

fn draft(subject: &str) -> TicketDraft {
    TicketDraft {
        customer_id: None,
        subject: subject.into(),
        description: "Checkout answers 500 since the last deploy.".into(),
        priority: TicketPriority::High,
        category: TicketCategory::Technical,
        subcategory: None,
        related_domains: vec![],
    }
}

fn field_of(error: ClientError) -> String {
    match error {
        ClientError::Invalid(errors) => errors.0[0].field.clone(),
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_and_its_reply_made_before_a_sync_arrive_in_order_and_staff_work_it() {
    let world = World::start().await;
    let (_customer_home, customer) = signed_in(&world, "daniel.kim@demo.hostjamstack.com").await;
    let (_staff_home, staff) = signed_in(&world, "tomas.oliveira@demo.hostjamstack.com").await;

    // Both queued while nothing is sent: the desk shows them at once.
    let opened = customer.open_ticket(draft("Checkout broken")).await.unwrap();
    let ticket_id = opened.doc_id.clone();
    customer.post_message(&ticket_id, MessageType::Reply, "It also fails on mobile.", None, &[]).await.unwrap();
    let pending = desk::ticket_thread(&customer.cache, &ticket_id, Side::Customer, Timestamp::now()).await.unwrap();
    assert_eq!(pending.ticket["ticketNumber"], "(new)");
    assert_eq!(pending.messages.len(), 1);
    assert_eq!(customer.outbox().await.unwrap().len(), 2);
    // What the rules refuse is not queued.
    let note = customer.post_message(&ticket_id, MessageType::Note, "psst", None, &[]).await.unwrap_err();
    assert_eq!(field_of(note), "messageType");
    let move_on = TicketChange { status: Some(TicketStatus::InProgress), ..TicketChange::default() };
    assert_eq!(field_of(customer.change_ticket(&ticket_id, move_on).await.unwrap_err()), "status");
    assert_eq!(customer.outbox().await.unwrap().len(), 2);

    customer.sync().await.unwrap();
    assert!(customer.outbox().await.unwrap().is_empty(), "both accepted");
    let sent = desk::ticket_thread(&customer.cache, &ticket_id, Side::Customer, Timestamp::now()).await.unwrap();
    let number = sent.ticket["ticketNumber"].as_str().unwrap().to_string();
    assert!(number.starts_with("TKT-"), "{number}");

    // Staff see it, take it and answer; a note stays theirs.
    staff.sync().await.unwrap();
    assert_eq!(staff.ticket_id(&number.to_lowercase()).await.unwrap(), ticket_id);
    let me: hjs_model::ObjectId = staff.info.user_id.parse().unwrap();
    let customer_id: hjs_model::ObjectId = customer.info.user_id.parse().unwrap();
    let not_staff = TicketChange { assigned_to: Some(Some(customer_id)), ..TicketChange::default() };
    assert_eq!(field_of(staff.change_ticket(&ticket_id, not_staff).await.unwrap_err()), "assignedTo");
    staff.change_ticket(&ticket_id, TicketChange { assigned_to: Some(Some(me)), ..TicketChange::default() }).await.unwrap();
    staff.post_message(&ticket_id, MessageType::Note, "Deploy 41 broke it; INTERNAL-ONLY", None, &[]).await.unwrap();
    staff.post_message(&ticket_id, MessageType::Reply, "Rolled back, please try again.", None, &[]).await.unwrap();
    staff.change_ticket(&ticket_id, TicketChange { status: Some(TicketStatus::Resolved), ..TicketChange::default() }).await.unwrap();
    staff.sync().await.unwrap();
    assert!(staff.outbox().await.unwrap().is_empty(), "{:?}", staff.outbox().await.unwrap());
    let worked = desk::ticket_thread(&staff.cache, &ticket_id, Side::Staff, Timestamp::now()).await.unwrap();
    assert_eq!(worked.assignee.as_ref().map(|a| a.id.as_str()), Some(staff.info.user_id.as_str()));
    let kinds: Vec<(MessageType, bool)> = worked.messages.iter().map(|m| (m.message_type, m.is_from_customer)).collect();
    assert_eq!(
        kinds,
        [(MessageType::Reply, true), (MessageType::Note, false), (MessageType::Reply, false), (MessageType::StatusChange, false)]
    );

    customer.sync().await.unwrap();
    let seen = desk::ticket_thread(&customer.cache, &ticket_id, Side::Customer, Timestamp::now()).await.unwrap();
    assert_eq!(seen.ticket["status"], "resolved");
    assert!(seen.messages.iter().all(|m| !m.content.contains("INTERNAL-ONLY")), "a customer's cache never holds a note");
    assert!(seen.ticket["firstResponseAt"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merge_queued_offline_moves_the_thread_at_once_and_a_reply_to_a_closed_ticket_follows_up() {
    let world = World::start().await;
    let (_customer_home, customer) = signed_in(&world, "daniel.kim@demo.hostjamstack.com").await;
    let (_staff_home, staff) = signed_in(&world, "tomas.oliveira@demo.hostjamstack.com").await;
    let first = customer.open_ticket(draft("Checkout broken")).await.unwrap().doc_id;
    let second = customer.open_ticket(draft("Checkout still broken")).await.unwrap().doc_id;
    customer.post_message(&second, MessageType::Reply, "Same on the app.", None, &[]).await.unwrap();
    customer.sync().await.unwrap();
    staff.sync().await.unwrap();

    // Merged before any sync: the staff member's desk shows the result now.
    assert_eq!(field_of(customer.merge_tickets(&second, &first).await.unwrap_err()), "intoTicketId", "staff only");
    assert_eq!(field_of(staff.merge_tickets(&second, &second).await.unwrap_err()), "intoTicketId");
    staff.merge_tickets(&second, &first).await.unwrap();
    let now = Timestamp::now();
    let target = desk::ticket_thread(&staff.cache, &first, Side::Staff, now).await.unwrap();
    assert!(target.messages.iter().any(|m| m.content == "Same on the app."), "moved while queued");
    assert_eq!(desk::ticket_thread(&staff.cache, &second, Side::Staff, now).await.unwrap().ticket["status"], "closed");
    staff.sync().await.unwrap();
    assert!(staff.outbox().await.unwrap().is_empty(), "{:?}", staff.outbox().await.unwrap());
    let merged = desk::ticket_thread(&staff.cache, &first, Side::Staff, Timestamp::now()).await.unwrap();
    let second_number =
        desk::ticket_thread(&staff.cache, &second, Side::Staff, Timestamp::now()).await.unwrap().ticket["ticketNumber"].clone();
    assert!(merged.messages.iter().any(|m| m.content.contains(second_number.as_str().unwrap())), "the merge is told in the thread");

    // The customer replies to the closed duplicate: a follow-up opens.
    customer.sync().await.unwrap();
    customer.post_message(&second, MessageType::Reply, "Now the invoice is wrong too.", None, &[]).await.unwrap();
    customer.sync().await.unwrap();
    assert!(customer.outbox().await.unwrap().is_empty(), "{:?}", customer.outbox().await.unwrap());
    let open = desk::ticket_queue(
        &customer.cache,
        &desk::TicketQuery { view: desk::QueueView::Active, ..desk::TicketQuery::default() },
        Timestamp::now(),
    )
    .await
    .unwrap();
    let follow_up = open.items.iter().find(|t| t.subject == "Follow-up: Checkout still broken").expect("a follow-up ticket");
    let thread = desk::ticket_thread(&customer.cache, &follow_up.id, Side::Customer, Timestamp::now()).await.unwrap();
    assert!(thread.messages.iter().any(|m| m.content == "Now the invoice is wrong too."));
    assert!(thread.ticket["description"].as_str().unwrap().contains(second_number.as_str().unwrap()), "it points back");
    let closed = desk::ticket_thread(&customer.cache, &second, Side::Customer, Timestamp::now()).await.unwrap();
    assert!(!closed.messages.iter().any(|m| m.content == "Now the invoice is wrong too."), "not left on the closed ticket");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_draft_outlives_a_reopened_workspace_and_a_sync_and_goes_when_the_message_is_queued() {
    let world = World::start().await;
    let (home, customer) = signed_in(&world, "daniel.kim@demo.hostjamstack.com").await;
    let ticket_id = customer.open_ticket(draft("Drafts")).await.unwrap().doc_id;
    customer.sync().await.unwrap();
    let saved = customer.save_reply_draft(&ticket_id, MessageType::Reply, "Half a thought", None).await.unwrap().unwrap();
    assert_eq!(saved.content, "Half a thought");
    assert_eq!(field_of(customer.save_reply_draft(&ticket_id, MessageType::Note, "psst", None).await.unwrap_err()), "messageType");
    assert_eq!(
        customer.save_reply_draft(&hjs_model::ObjectId::new().to_string(), MessageType::Reply, "x", None).await.unwrap_err().code(),
        "not_found"
    );

    // Reopened (as after a restart) and synced: the draft is still there.
    let info = customer.info.clone();
    drop(customer);
    let reopened = Workspace::open(&Home::at(home.path()), info).await.unwrap();
    reopened.sync().await.unwrap();
    assert_eq!(reopened.reply_draft(&ticket_id).await.unwrap().map(|d| d.content), Some("Half a thought".into()));
    // Blank text drops it; queuing a message on the ticket drops it too.
    assert_eq!(reopened.save_reply_draft(&ticket_id, MessageType::Reply, "  ", None).await.unwrap(), None);
    assert_eq!(reopened.reply_draft(&ticket_id).await.unwrap(), None);
    reopened.save_reply_draft(&ticket_id, MessageType::Reply, "The whole thought", None).await.unwrap();
    reopened.post_message(&ticket_id, MessageType::Reply, "The whole thought", None, &[]).await.unwrap();
    assert_eq!(reopened.reply_draft(&ticket_id).await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_write_canned_replies_offline_and_fill_them_in_for_a_ticket_while_customers_never_hold_them() {
    use hjs_model::support::canned::CannedReplyDraft;
    let world = World::start().await;
    let (_customer_home, customer) = signed_in(&world, "daniel.kim@demo.hostjamstack.com").await;
    let (_staff_home, staff) = signed_in(&world, "sarah.johnson@demo.hostjamstack.com").await;
    let demo = staff.canned_replies().await.unwrap();
    assert!(demo.iter().any(|r| r.title == "DNS propagation"), "the demo's library reached the staff cache");
    assert!(customer.canned_replies().await.unwrap().is_empty(), "a customer's cache holds none");
    let canned = |content: &str| CannedReplyDraft { title: "Restarted".into(), content: content.into() };
    assert_eq!(field_of(customer.save_canned_reply(None, canned("x")).await.unwrap_err()), "title");
    assert_eq!(field_of(staff.save_canned_reply(None, canned("{{nope}}")).await.unwrap_err()), "content");

    let ticket_id = customer.open_ticket(draft("Server down")).await.unwrap().doc_id;
    customer.sync().await.unwrap();
    staff.sync().await.unwrap();
    // Queued: usable at once, before any sync.
    let entry = staff.save_canned_reply(None, canned("Hi {{customer.firstName}}, we restarted {{ticket.number}}'s server.")).await.unwrap();
    let text = staff.render_canned_reply("restarted", &ticket_id).await.unwrap();
    let number = desk::ticket_thread(&staff.cache, &ticket_id, Side::Staff, Timestamp::now()).await.unwrap().ticket["ticketNumber"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(text, format!("Hi Daniel, we restarted {number}'s server."));
    staff.sync().await.unwrap();
    assert!(staff.outbox().await.unwrap().is_empty(), "{:?}", staff.outbox().await.unwrap());
    staff.save_canned_reply(Some(&entry.doc_id), canned("Restarted it.")).await.unwrap();
    staff.delete_canned_reply(&entry.doc_id).await.unwrap();
    staff.sync().await.unwrap();
    assert!(staff.outbox().await.unwrap().is_empty());
    assert!(staff.canned_reply("Restarted").await.is_err(), "removed");
    customer.sync().await.unwrap();
    assert!(customer.canned_replies().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_with_a_file_made_offline_uploads_it_first_and_staff_open_it() {
    use hjs_client::outbox;
    use hjs_client::support::attachments;

    let world = World::start().await;
    let (customer_home, customer) = signed_in(&world, "daniel.kim@demo.hostjamstack.com").await;
    let (_staff_home, staff) = signed_in(&world, "tomas.oliveira@demo.hostjamstack.com").await;
    let ticket_id = customer.open_ticket(draft("Certificate warning")).await.unwrap().doc_id;
    customer.sync().await.unwrap();

    // Staged from a file that then goes away, queued while unreachable.
    let original = customer_home.path().join("error log.txt");
    std::fs::write(&original, "TLS handshake failed: certificate expired\n".repeat(2_000)).unwrap();
    let staged = attachments::stage_path(&customer.cache, &original).await.unwrap();
    std::fs::remove_file(&original).unwrap();
    let gone = attachments::stage_bytes(&customer.cache, "discarded.png", vec![1, 2, 3]).await.unwrap();
    attachments::discard_staged(&customer.cache, &gone.id).await.unwrap();
    customer.post_message(&ticket_id, MessageType::Reply, "Log attached.", None, std::slice::from_ref(&staged.id)).await.unwrap();
    let pending = desk::ticket_thread(&customer.cache, &ticket_id, Side::Customer, Timestamp::now()).await.unwrap();
    let shown = &pending.messages[0].attachments[0];
    assert_eq!((shown.filename.as_str(), shown.mime_type.as_str()), ("error log.txt", "text/plain"), "shown while it waits");
    assert!(attachments::discard_staged(&customer.cache, &staged.id).await.is_ok());
    let unreachable = hjs_client::api::ProviderApi::new("http://127.0.0.1:9", None).unwrap();
    assert_eq!(outbox::push(&customer.cache, &unreachable).await.unwrap_err().code(), "offline");
    assert_eq!(customer.outbox().await.unwrap().len(), 1, "still queued, the file still staged");

    // Back online: the file goes up before the message that names it.
    let mut progress = customer.api().transfers();
    customer.sync().await.unwrap();
    assert!(customer.outbox().await.unwrap().is_empty(), "{:?}", customer.outbox().await.unwrap());
    let told = progress.try_recv().expect("upload progress");
    assert_eq!((told.id.as_str(), told.total), (staged.id.as_str(), staged.file_size));
    let sent = desk::ticket_thread(&customer.cache, &ticket_id, Side::Customer, Timestamp::now()).await.unwrap();
    let url = sent.messages[0].attachments[0].url.clone();
    assert_eq!(url, format!("/api/v1/attachments/{}", staged.id));
    // The sender's copy stays as the download: it opens offline.
    let own = attachments::local_file(&customer.cache, &unreachable, &url, "error log.txt").await.unwrap();
    assert_eq!(std::fs::metadata(&own).unwrap().len(), staged.file_size);
    assert!(!customer.cache.files_dir().join("outgoing").join(&staged.id).exists());

    staff.sync().await.unwrap();
    let thread = desk::ticket_thread(&staff.cache, &ticket_id, Side::Staff, Timestamp::now()).await.unwrap();
    let file = &thread.messages[0].attachments[0];
    let opened = attachments::local_file(&staff.cache, staff.api(), &file.url, &file.filename).await.unwrap();
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), "TLS handshake failed: certificate expired\n".repeat(2_000));
    assert!(opened.ends_with("error log.txt"));
    // Downloaded once: offline it opens from the workspace folder.
    assert_eq!(attachments::local_file(&staff.cache, &unreachable, &file.url, &file.filename).await.unwrap(), opened);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_whose_file_is_gone_fails_naming_it_and_demo_images_have_thumbnails() {
    use hjs_client::support::attachments;

    let world = World::start().await;
    let (_home, customer) = signed_in(&world, "daniel.kim@demo.hostjamstack.com").await;
    let ticket_id = customer.open_ticket(draft("Screenshot")).await.unwrap().doc_id;
    let staged = attachments::stage_bytes(&customer.cache, "shot.png", b"not really a png".to_vec()).await.unwrap();
    customer.post_message(&ticket_id, MessageType::Reply, "See the screenshot.", None, std::slice::from_ref(&staged.id)).await.unwrap();
    std::fs::remove_file(customer.cache.files_dir().join("outgoing").join(&staged.id)).unwrap();
    customer.sync().await.unwrap();
    let entries = customer.outbox().await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].status, hjs_client::outbox::EntryStatus::Failed);
    let error = entries[0].error.clone().unwrap_or_default();
    assert_eq!(error["code"], "file_missing");
    assert!(error["detail"].as_str().unwrap_or_default().contains("shot.png"), "{error}");

    // The demo's screenshot (staff see every ticket) gets a thumbnail.
    let (_staff_home, staff) = signed_in(&world, "tomas.oliveira@demo.hostjamstack.com").await;
    let url: String = sqlx::query_scalar(
        "SELECT json_extract(a.value, '$.url') FROM support_messages m, json_each(json_extract(m.body, '$.attachments')) a \
         WHERE json_extract(a.value, '$.mimeType') = 'image/png' LIMIT 1",
    )
    .fetch_one(&staff.cache.pool)
    .await
    .unwrap();
    let thumbnail = attachments::thumbnail(&staff.cache, staff.api(), &url, "zertifikat-fehler.png", "image/png").await.unwrap();
    assert!(thumbnail.expect("a thumbnail").starts_with("data:image/png;base64,"));
    assert_eq!(attachments::thumbnail(&staff.cache, staff.api(), &url, "x.svg", "image/svg+xml").await.unwrap(), None);
}
