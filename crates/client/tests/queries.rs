//! The screens' queries over a cache filled by hand: documents built with
//! the model's types, written as the sync would write them. No provider.

use chrono::Duration;
use hjs_client::cache::{upsert_rows, Cache, Row};
use hjs_client::outbox::Operation;
use hjs_client::queries::{self, DomainQuery, DomainSort, SearchKind};
use hjs_client::support::queries::{self as desk, QueueCounts, QueueSort, QueueView, TicketQuery};
use hjs_client::{outbox, ClientError};
use hjs_model::documents::domains::default_nameservers;
use hjs_model::documents::{
    Deployment, DeploymentEnvironment, DeploymentSource, DeploymentStatus, DnsRecord, DnsRecordType, Document, Domain, DomainSettings,
    DomainStatus, MessageType, Notification, NotificationType, SourceType, StaffInfo, SupportMessage, SupportTicket, TicketCategory,
    TicketPriority, TicketStatus, User, UserBilling, UserProfile, UserRole,
};
use hjs_model::support::sla::SlaState;
use hjs_model::support::Side;
use hjs_model::{Amount, Collection, Currency, DomainName, EmailAddress, ObjectId, Timestamp};

/// A cache with two clients of a reseller, eight domains in every status,
/// five tickets (one with a thread), notifications, DNS records and
/// deployments, all relative to the moment it is built.
struct World {
    _dir: tempfile::TempDir,
    cache: Cache,
    now: Timestamp,
    lena: ObjectId,
    james: ObjectId,
    staff: ObjectId,
    domains: Vec<(String, ObjectId)>,
    tickets: Vec<ObjectId>,
    messages: Vec<ObjectId>,
    notifications: Vec<ObjectId>,
    project: ObjectId,
    deployments: Vec<ObjectId>,
}

impl World {
    fn domain(&self, name: &str) -> String {
        self.domains.iter().find(|(n, _)| n == name).map(|(_, id)| id.to_string()).unwrap()
    }
}

async fn put<D: Document>(cache: &Cache, docs: &[D]) {
    let rows: Vec<Row> = docs.iter().map(|doc| Row::from_json(D::COLLECTION, serde_json::to_string(doc).unwrap()).unwrap()).collect();
    let mut conn = cache.pool.acquire().await.unwrap();
    upsert_rows(&mut conn, rows).await.unwrap();
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

fn user(first: &str, last: &str, email: &str, company: Option<&str>, role: UserRole, reseller: Option<ObjectId>) -> User {
    let at = Timestamp::now().minus(days(400));
    User {
        id: ObjectId::new(),
        email: EmailAddress::parse(email).unwrap(),
        first_name: first.into(),
        last_name: last.into(),
        email_verified: true,
        profile: UserProfile { company: company.map(str::to_string), ..UserProfile::default() },
        billing: UserBilling::default(),
        is_active: true,
        role,
        two_factor_enabled: false,
        reseller_id: reseller,
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

fn domain(name: &str, owner: ObjectId, status: DomainStatus, expires: Timestamp, auto_renew: bool) -> Domain {
    let registered = Timestamp::now().minus(days(300));
    Domain {
        id: ObjectId::new(),
        domain_name: DomainName::parse(name).unwrap(),
        user_id: owner,
        registration_date: registered,
        expiration_date: expires,
        auto_renew,
        registration_period: 1,
        is_premium: false,
        status,
        registrar: "name.com".into(),
        registrar_domain_id: None,
        nameservers: default_nameservers(),
        use_default_nameservers: true,
        purchase_price: Amount::from_minor(1299).unwrap(),
        renewal_price: Amount::from_minor(1499).unwrap(),
        currency: Currency::EUR,
        whois_privacy: name.starts_with('a'),
        transfer_lock: status == DomainStatus::Active,
        created_at: registered,
        updated_at: registered,
        version: 3,
    }
}

#[allow(clippy::too_many_arguments)]
fn ticket(
    n: u32,
    owner: ObjectId,
    subject: &str,
    status: TicketStatus,
    priority: TicketPriority,
    assigned: Option<ObjectId>,
    created: Timestamp,
) -> SupportTicket {
    SupportTicket {
        id: ObjectId::new(),
        user_id: owner,
        support_package_id: None,
        ticket_number: format!("TKT-2026-{n:06}"),
        subject: subject.into(),
        description: "Please have a look.".into(),
        priority,
        status,
        category: TicketCategory::Technical,
        subcategory: None,
        assigned_to: assigned,
        assigned_at: assigned.map(|_| created),
        first_response_at: None,
        last_response_at: None,
        resolved_at: None,
        sla_breached: n == 2,
        related_domains: vec![],
        related_hosting_packages: vec![],
        created_at: created,
        updated_at: created,
        version: 1,
    }
}

fn message(ticket: ObjectId, author: Option<ObjectId>, kind: MessageType, content: &str, at: Timestamp) -> SupportMessage {
    SupportMessage {
        id: ObjectId::new(),
        ticket_id: ticket,
        user_id: author,
        content: content.into(),
        message_type: kind,
        is_from_customer: author.is_some(),
        attachments: vec![],
        staff_info: author.is_none().then(|| StaffInfo {
            name: "Sarah Johnson".into(),
            role: "Support".into(),
            department: "Support".into(),
        }),
        status_change: None,
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

fn notification(owner: ObjectId, title: &str, is_read: bool, at: Timestamp) -> Notification {
    Notification {
        id: ObjectId::new(),
        user_id: owner,
        notification_type: NotificationType::DomainExpiring,
        title: title.into(),
        message: format!("{title}."),
        is_read,
        email_sent: false,
        sent_at: None,
        created_at: at,
        version: 1,
    }
}

fn dns_record(domain: ObjectId, owner: ObjectId, name: &str, at: Timestamp) -> DnsRecord {
    DnsRecord {
        id: ObjectId::new(),
        domain_id: domain,
        user_id: owner,
        record_type: DnsRecordType::A,
        name: name.into(),
        value: "198.51.100.7".into(),
        ttl: 3600,
        priority: None,
        is_active: true,
        is_system_record: false,
        comment: None,
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

fn deployment(project: ObjectId, owner: ObjectId, n: u32, at: Timestamp) -> Deployment {
    Deployment {
        id: ObjectId::new(),
        project_id: project,
        user_id: owner,
        deployment_id: format!("dpl_{n:012}"),
        status: DeploymentStatus::Ready,
        environment: DeploymentEnvironment::Production,
        source: DeploymentSource {
            source_type: SourceType::Git,
            commit_sha: Some("0badc0de".into()),
            commit_message: Some(format!("Release {n}")),
            branch: Some("main".into()),
            author: None,
        },
        build_logs: vec![],
        build_duration: Some(20_000),
        build_started_at: Some(at),
        build_completed_at: Some(at),
        url: format!("https://site-{n}.hostjamstack.app"),
        domains: vec![],
        analytics: None,
        created_at: at,
        updated_at: at,
        version: 1,
    }
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("cache.db")).await.unwrap();
    let now = Timestamp::now();
    // An hour past whole days, so "days left" does not flip while a test runs.
    let ahead = |d: i64| now.plus(days(d)).plus(Duration::hours(1));

    let reseller = user("Riley", "Stone", "reseller@example.com", Some("Largescale Domains"), UserRole::Reseller, None);
    let lena = user("Lena", "Müller", "lena@mueller-baeckerei.de", Some("Bäckerei Müller"), UserRole::User, Some(reseller.id));
    let james = user("James", "Carter", "james@carter-law.com", Some("Carter Law"), UserRole::User, Some(reseller.id));
    let staff = user("Sarah", "Johnson", "sarah@hostjamstack.com", None, UserRole::Support, None);
    let (lena_id, james_id, staff_id) = (lena.id, james.id, staff.id);
    put(&cache, &[reseller, lena, james, staff]).await;

    let domains = vec![
        domain("alpha-garden.com", lena_id, DomainStatus::Active, ahead(10), false),
        domain("bäckerei-müller.de", lena_id, DomainStatus::Active, ahead(45), true),
        domain("river-tech.io", james_id, DomainStatus::Active, ahead(80), false),
        domain("summit-labs.net", james_id, DomainStatus::Active, ahead(200), true),
        domain("old-shop.org", lena_id, DomainStatus::Expired, ahead(-20), false),
        domain("pending-site.dev", james_id, DomainStatus::Pending, ahead(365), true),
        domain("quiet-studio.com", lena_id, DomainStatus::Suspended, ahead(20), true),
        domain("moved-away.net", james_id, DomainStatus::Transferred, ahead(100), false),
    ];
    let domain_ids: Vec<(String, ObjectId)> = domains.iter().map(|d| (d.domain_name.unicode(), d.id)).collect();
    put(&cache, &domains).await;
    let garden = domains[0].id;

    let tickets = vec![
        ticket(
            1,
            lena_id,
            "DNS changes not visible for alpha-garden.com",
            TicketStatus::Open,
            TicketPriority::Urgent,
            None,
            now.minus(days(1)),
        ),
        ticket(2, james_id, "Invoice address", TicketStatus::Open, TicketPriority::Low, Some(staff_id), now.minus(days(3))),
        ticket(3, james_id, "Site down", TicketStatus::Open, TicketPriority::Urgent, None, now.minus(days(5))),
        ticket(4, lena_id, "Build fails after update", TicketStatus::InProgress, TicketPriority::High, Some(staff_id), now.minus(days(2))),
        ticket(
            5,
            lena_id,
            "How do I add a team member?",
            TicketStatus::Closed,
            TicketPriority::Normal,
            Some(staff_id),
            now.minus(days(30)),
        ),
    ];
    let ticket_ids: Vec<ObjectId> = tickets.iter().map(|t| t.id).collect();
    put(&cache, &tickets).await;

    // The thread of ticket 1, written out of order.
    let opened = now.minus(days(1));
    let thread = vec![
        message(ticket_ids[0], None, MessageType::Note, "Customer on legacy plan.", opened.plus(Duration::minutes(20))),
        message(ticket_ids[0], Some(lena_id), MessageType::Reply, "Since this morning the website shows an error.", opened),
        message(
            ticket_ids[0],
            None,
            MessageType::Reply,
            "The certificate has been re-issued and is active now.",
            opened.plus(Duration::minutes(10)),
        ),
    ];
    let message_ids = vec![thread[1].id, thread[2].id, thread[0].id];
    put(&cache, &thread).await;

    let notifications = vec![
        notification(lena_id, "Domain expiring soon", false, now.minus(Duration::hours(1))),
        notification(lena_id, "DNS records changed", true, now.minus(Duration::hours(2))),
        notification(james_id, "Transfer complete", false, now.minus(Duration::hours(3))),
    ];
    let notification_ids = notifications.iter().map(|n| n.id).collect();
    put(&cache, &notifications).await;

    let records = vec![
        dns_record(garden, lena_id, "www", now.minus(days(3))),
        dns_record(garden, lena_id, "@", now.minus(days(5))),
        dns_record(garden, lena_id, "mail", now.minus(days(1))),
        dns_record(domains[1].id, lena_id, "@", now.minus(days(2))),
    ];
    put(&cache, &records).await;

    let project = ObjectId::new();
    let deployments = vec![
        deployment(project, james_id, 1, now.minus(days(9))),
        deployment(project, james_id, 3, now.minus(days(1))),
        deployment(project, james_id, 2, now.minus(days(4))),
    ];
    let deployment_ids = deployments.iter().map(|d| d.id).collect();
    put(&cache, &deployments).await;

    World {
        _dir: dir,
        cache,
        now,
        lena: lena_id,
        james: james_id,
        staff: staff_id,
        domains: domain_ids,
        tickets: ticket_ids,
        messages: message_ids,
        notifications: notification_ids,
        project,
        deployments: deployment_ids,
    }
}

fn names(page: &queries::DomainPage) -> Vec<&str> {
    page.items.iter().map(|d| d.display_name.as_str()).collect()
}

fn field_of(error: ClientError) -> Vec<String> {
    match error {
        ClientError::Invalid(errors) => errors.0.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Domains

#[tokio::test]
async fn the_domain_table_lists_every_domain_by_name_with_its_owner_and_settings() {
    let w = world().await;
    let page = queries::domains(&w.cache, &DomainQuery::default()).await.unwrap();
    assert_eq!(page.total, 8);
    assert_eq!(
        names(&page),
        [
            "alpha-garden.com",
            "moved-away.net",
            "old-shop.org",
            "pending-site.dev",
            "quiet-studio.com",
            "river-tech.io",
            "summit-labs.net",
            "bäckerei-müller.de"
        ]
    );
    let garden = &page.items[0];
    assert_eq!(garden.owner_name.as_deref(), Some("Lena Müller"));
    assert_eq!(garden.owner_email.as_deref(), Some("lena@mueller-baeckerei.de"));
    assert_eq!(garden.user_id, w.lena.to_string());
    assert!(garden.whois_privacy && garden.transfer_lock && !garden.auto_renew && !garden.pending);
    assert_eq!(garden.version, 3);
    let idn = page.items.last().unwrap();
    assert!(idn.domain_name.starts_with("xn--"), "{}", idn.domain_name);

    let json = serde_json::to_value(garden).unwrap();
    for key in ["domainName", "displayName", "ownerName", "expirationDate", "autoRenew", "whoisPrivacy", "transferLock", "pending"] {
        assert!(json.get(key).is_some(), "{key} missing in {json}");
    }
}

#[tokio::test]
async fn domains_sort_by_name_or_expiration_either_way() {
    let w = world().await;
    let sorted = |sort| {
        let (cache, query) = (w.cache.clone(), DomainQuery { sort, ..DomainQuery::default() });
        async move { queries::domains(&cache, &query).await }
    };
    let desc = sorted(DomainSort::NameDesc).await.unwrap();
    assert_eq!(desc.items.first().unwrap().display_name, "bäckerei-müller.de");
    assert_eq!(desc.items.last().unwrap().display_name, "alpha-garden.com");
    let soonest = sorted(DomainSort::ExpirationAsc).await.unwrap();
    assert_eq!(names(&soonest)[..3], ["old-shop.org", "alpha-garden.com", "quiet-studio.com"]);
    let latest = sorted(DomainSort::ExpirationDesc).await.unwrap();
    assert_eq!(names(&latest)[..2], ["pending-site.dev", "summit-labs.net"]);
}

#[tokio::test]
async fn domain_filters_combine_and_the_total_counts_every_match() {
    let w = world().await;
    let q = |query: DomainQuery| {
        let cache = w.cache.clone();
        async move { queries::domains(&cache, &query).await.unwrap() }
    };
    let active = q(DomainQuery { status: Some("active".into()), ..DomainQuery::default() }).await;
    assert_eq!(active.total, 4);
    assert!(active.items.iter().all(|d| d.status == "active"));

    let expiring = q(DomainQuery { expiring_within_days: Some(30), sort: DomainSort::ExpirationAsc, ..DomainQuery::default() }).await;
    assert_eq!(names(&expiring), ["alpha-garden.com", "quiet-studio.com"], "expired domains are not 'expiring'");

    let manual = q(DomainQuery { auto_renew: Some(false), ..DomainQuery::default() }).await;
    assert_eq!(names(&manual), ["alpha-garden.com", "moved-away.net", "old-shop.org", "river-tech.io"]);

    let james = q(DomainQuery { user_id: Some(w.james.to_string()), ..DomainQuery::default() }).await;
    assert_eq!(james.total, 4);
    assert!(james.items.iter().all(|d| d.owner_name.as_deref() == Some("James Carter")));

    let combined = q(DomainQuery {
        status: Some("active".into()),
        auto_renew: Some(false),
        sort: DomainSort::ExpirationDesc,
        ..DomainQuery::default()
    })
    .await;
    assert_eq!(names(&combined), ["river-tech.io", "alpha-garden.com"]);
    assert_eq!(combined.total, 2);
}

#[tokio::test]
async fn domain_text_matches_any_part_of_the_ascii_or_unicode_name() {
    let w = world().await;
    let text = |t: &str| {
        let cache = w.cache.clone();
        let t = t.to_string();
        async move { queries::domains(&cache, &DomainQuery { text: Some(t), ..DomainQuery::default() }).await.unwrap() }
    };
    assert_eq!(names(&text("garden").await), ["alpha-garden.com"]);
    assert_eq!(names(&text("RIVER-T").await), ["river-tech.io"], "case does not matter");
    assert_eq!(names(&text("müller").await), ["bäckerei-müller.de"], "the Unicode form is searchable");
    assert_eq!(names(&text("xn--").await), ["bäckerei-müller.de"], "so is the ASCII form");
    // Under three characters the trigram index cannot help: LIKE does it.
    assert_eq!(names(&text("io").await), ["quiet-studio.com", "river-tech.io"]);
    assert_eq!(text("%").await.total, 0, "wildcards are literal");
    assert_eq!(text("\"garden\" OR x").await.total, 0, "query syntax is literal text");
    let filtered =
        queries::domains(&w.cache, &DomainQuery { text: Some(".com".into()), status: Some("active".into()), ..DomainQuery::default() })
            .await
            .unwrap();
    assert_eq!(names(&filtered), ["alpha-garden.com"]);
}

#[tokio::test]
async fn domain_pages_walk_the_whole_list_while_the_total_stays_the_same() {
    let w = world().await;
    let mut seen = Vec::new();
    for offset in [0, 3, 6] {
        let page = queries::domains(&w.cache, &DomainQuery { limit: 3, offset, ..DomainQuery::default() }).await.unwrap();
        assert_eq!(page.total, 8);
        seen.extend(page.items.into_iter().map(|d| d.id));
    }
    assert_eq!(seen.len(), 8);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 8, "no domain appears on two pages");
    let past = queries::domains(&w.cache, &DomainQuery { offset: 50, ..DomainQuery::default() }).await.unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.total, 8);
}

#[tokio::test]
async fn a_status_sorted_by_expiration_pages_the_same_whichever_index_reads_it() {
    let w = world().await;
    // Make active the status of most domains: small pages then walk the
    // expiration index, large ones read the status index and sort.
    let more: Vec<Domain> = (0..8)
        .map(|i| domain(&format!("extra-{i}.org"), w.james, DomainStatus::Active, w.now.plus(days(15 + i * 20)), i % 2 == 0))
        .collect();
    put(&w.cache, &more).await;
    for sort in [DomainSort::ExpirationAsc, DomainSort::ExpirationDesc] {
        let query = |limit, offset| DomainQuery { status: Some("active".into()), sort, limit, offset, ..DomainQuery::default() };
        let whole = queries::domains(&w.cache, &query(50, 0)).await.unwrap();
        assert_eq!((whole.total, whole.items.len()), (12, 12));
        let all: Vec<&str> = names(&whole);
        for (limit, offset) in [(1, 0), (1, 1), (2, 3), (3, 0), (1, 11), (5, 10)] {
            let page = queries::domains(&w.cache, &query(limit, offset)).await.unwrap();
            let end = ((offset + limit) as usize).min(all.len());
            assert_eq!(names(&page), all[offset as usize..end], "limit {limit} offset {offset} {sort:?}");
            assert_eq!(page.total, 12);
        }
    }
}

#[tokio::test]
async fn a_queued_edit_shows_at_once_and_marks_the_domain_pending() {
    let w = world().await;
    let garden = w.domain("alpha-garden.com");
    let settings = DomainSettings { auto_renew: Some(true), ..DomainSettings::default() };
    outbox::enqueue(&w.cache, &garden, Operation::DomainSettings { settings }).await.unwrap();

    let page = queries::domains(&w.cache, &DomainQuery::default()).await.unwrap();
    let item = page.items.iter().find(|d| d.id == garden).unwrap();
    assert!(item.pending && item.auto_renew);
    assert_eq!(page.items.iter().filter(|d| d.pending).count(), 1);

    let detail = queries::domain(&w.cache, &garden).await.unwrap();
    assert!(detail.pending);
    assert_eq!(detail.outbox.len(), 1);
    assert_eq!(detail.outbox[0].description, "auto-renew on");
    assert_eq!(detail.domain["autoRenew"], true);
    assert_eq!(detail.domain["domainName"], "alpha-garden.com");
    assert_eq!(detail.owner.as_ref().map(|o| o.full_name.as_str()), Some("Lena Müller"));
}

#[tokio::test]
async fn a_domain_detail_names_the_idn_as_people_read_it() {
    let w = world().await;
    let detail = queries::domain(&w.cache, &w.domain("bäckerei-müller.de")).await.unwrap();
    assert_eq!(detail.display_name, "bäckerei-müller.de");
    assert!(detail.domain["domainName"].as_str().unwrap().starts_with("xn--"));
    assert!(!detail.pending && detail.outbox.is_empty());
}

#[tokio::test]
async fn an_unknown_domain_is_not_found_and_a_malformed_id_is_invalid() {
    let w = world().await;
    let missing = queries::domain(&w.cache, &ObjectId::new().to_string()).await.unwrap_err();
    assert_eq!(missing.code(), "not_found");
    assert_eq!(field_of(queries::domain(&w.cache, "alpha-garden.com").await.unwrap_err()), ["id"]);
}

#[tokio::test]
async fn invalid_domain_filters_are_refused_naming_every_field() {
    let w = world().await;
    let error = queries::domains(
        &w.cache,
        &DomainQuery {
            status: Some("lapsed".into()),
            expiring_within_days: Some(0),
            user_id: Some("lena".into()),
            text: Some("x".repeat(201)),
            limit: 0,
            offset: -1,
            ..DomainQuery::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(error.code(), "validation_failed");
    assert_eq!(field_of(error), ["status", "expiringWithinDays", "userId", "text", "limit", "offset"]);
    let too_many = queries::domains(&w.cache, &DomainQuery { limit: 1001, ..DomainQuery::default() }).await.unwrap_err();
    assert_eq!(field_of(too_many), ["limit"]);
    assert!(queries::domains(&w.cache, &DomainQuery { limit: 1000, ..DomainQuery::default() }).await.is_ok());
}

#[tokio::test]
async fn a_domain_query_reads_from_camel_case_json_with_defaults() {
    let query: DomainQuery = serde_json::from_str(r#"{"status":"active","autoRenew":false,"sort":"-expirationDate"}"#).unwrap();
    assert_eq!(query.limit, 50);
    assert_eq!(query.sort, DomainSort::ExpirationDesc);
    assert_eq!(query.auto_renew, Some(false));
}

// ---------------------------------------------------------------------------
// Dashboard

#[tokio::test]
async fn renewal_risk_counts_active_domains_in_each_window_and_lists_the_soonest() {
    let w = world().await;
    let risk = queries::renewal_risk(&w.cache, w.now).await.unwrap();
    assert_eq!((risk.within30, risk.within60, risk.within90), (1, 2, 3));
    assert_eq!(risk.auto_renew_off_within90, 2);
    let listed: Vec<(&str, i64, bool)> =
        risk.items.iter().map(|i| (i.domain.display_name.as_str(), i.days_left, i.domain.auto_renew)).collect();
    assert_eq!(listed, [("alpha-garden.com", 10, false), ("bäckerei-müller.de", 45, true), ("river-tech.io", 80, false)]);
    let json = serde_json::to_value(&risk).unwrap();
    assert_eq!(json["autoRenewOffWithin90"], 2);
    assert_eq!(json["items"][0]["daysLeft"], 10);
    assert_eq!(json["items"][0]["displayName"], "alpha-garden.com");

    let later = queries::renewal_risk(&w.cache, w.now.plus(Duration::days(50))).await.unwrap();
    assert_eq!((later.within30, later.within60, later.within90), (0, 1, 1), "as seen 50 days on, only river-tech.io is left");
}

#[tokio::test]
async fn domains_by_status_counts_every_status_including_zero() {
    let w = world().await;
    let counts = queries::domains_by_status(&w.cache).await.unwrap();
    let pairs: Vec<(&str, i64)> = counts.iter().map(|c| (c.status.as_str(), c.count)).collect();
    assert_eq!(pairs, [("active", 4), ("pending", 1), ("expired", 1), ("suspended", 1), ("transferred", 1)]);

    let empty = Cache::open(&w._dir.path().join("empty.db")).await.unwrap();
    let zeros = queries::domains_by_status(&empty).await.unwrap();
    assert_eq!(zeros.len(), 5);
    assert!(zeros.iter().all(|c| c.count == 0));
}

// ---------------------------------------------------------------------------
// Notifications

#[tokio::test]
async fn notifications_are_the_recipients_own_newest_first_and_unread_ones_can_be_listed_alone() {
    let w = world().await;
    let lena = w.lena.to_string();
    let all = queries::notifications(&w.cache, &lena, false, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|n| n.id.clone()).collect::<Vec<_>>(),
        w.notifications[..2].iter().map(|id| id.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(all[0].title, "Domain expiring soon");
    assert_eq!(all[0].kind, "domain_expiring");
    assert!(all.iter().all(|n| n.user_id == lena), "another account's notifications stay out of this list");
    let unread = queries::notifications(&w.cache, &lena, true, 10).await.unwrap();
    assert_eq!(unread.iter().map(|n| n.title.as_str()).collect::<Vec<_>>(), ["Domain expiring soon"]);
    assert_eq!(queries::unread_count(&w.cache, &lena).await.unwrap(), 1);
    assert_eq!(queries::unread_count(&w.cache, &w.james.to_string()).await.unwrap(), 1);
    assert_eq!(queries::notifications(&w.cache, &lena, false, 1).await.unwrap().len(), 1);
    let json = serde_json::to_value(&all[0]).unwrap();
    assert_eq!(json["type"], "domain_expiring");
    assert_eq!(json["isRead"], false);
}

#[tokio::test]
async fn marking_a_notification_read_offline_changes_the_unread_count_at_once() {
    let w = world().await;
    let lena = w.lena.to_string();
    let first = w.notifications[0].to_string();
    outbox::enqueue(&w.cache, &first, Operation::NotificationRead { is_read: true }).await.unwrap();
    assert_eq!(queries::unread_count(&w.cache, &lena).await.unwrap(), 0);
    let all = queries::notifications(&w.cache, &lena, false, 10).await.unwrap();
    assert!(all[0].is_read && all[0].pending);
    assert!(!all[1].pending);
}

#[tokio::test]
async fn a_notification_limit_out_of_range_is_refused() {
    let w = world().await;
    let lena = w.lena.to_string();
    assert_eq!(field_of(queries::notifications(&w.cache, &lena, true, 0).await.unwrap_err()), ["limit"]);
    assert_eq!(field_of(queries::notifications(&w.cache, &lena, true, 1001).await.unwrap_err()), ["limit"]);
}

// ---------------------------------------------------------------------------
// Support

fn numbers(page: &desk::TicketPage) -> Vec<&str> {
    page.items.iter().map(|t| t.ticket_number.as_str()).collect()
}

#[tokio::test]
async fn the_ticket_queue_puts_the_most_urgent_first_then_the_oldest() {
    let w = world().await;
    let all = desk::ticket_queue(&w.cache, &TicketQuery::default(), w.now).await.unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(numbers(&all), ["TKT-2026-000003", "TKT-2026-000001", "TKT-2026-000004", "TKT-2026-000005", "TKT-2026-000002"]);
    let first = &all.items[1];
    assert_eq!(first.customer_name.as_deref(), Some("Lena Müller"));
    assert_eq!(first.message_count, 3);
    assert_eq!(first.assigned_to, None);
    let assigned = all.items.iter().find(|t| t.ticket_number == "TKT-2026-000002").unwrap();
    assert_eq!(assigned.assignee_name.as_deref(), Some("Sarah Johnson"));
    assert!(assigned.sla_breached);
}

#[tokio::test]
async fn ticket_filters_select_by_status_priority_and_assignee() {
    let w = world().await;
    let q = |query: TicketQuery| {
        let (cache, now) = (w.cache.clone(), w.now);
        async move { desk::ticket_queue(&cache, &query, now).await.unwrap() }
    };
    let open = q(TicketQuery { status: Some("open".into()), ..TicketQuery::default() }).await;
    assert_eq!(numbers(&open), ["TKT-2026-000003", "TKT-2026-000001", "TKT-2026-000002"]);
    assert_eq!(open.total, 3);
    let urgent = q(TicketQuery { priority: Some("urgent".into()), ..TicketQuery::default() }).await;
    assert_eq!(numbers(&urgent), ["TKT-2026-000003", "TKT-2026-000001"]);
    let unassigned = q(TicketQuery { assigned_to: Some("unassigned".into()), ..TicketQuery::default() }).await;
    assert_eq!(unassigned.total, 2);
    let sarah = q(TicketQuery { assigned_to: Some(w.staff.to_string()), ..TicketQuery::default() }).await;
    assert_eq!(numbers(&sarah), ["TKT-2026-000004", "TKT-2026-000005", "TKT-2026-000002"]);
    let both = q(TicketQuery { status: Some("open".into()), assigned_to: Some(w.staff.to_string()), ..TicketQuery::default() }).await;
    assert_eq!(numbers(&both), ["TKT-2026-000002"]);
}

#[tokio::test]
async fn ticket_pages_keep_the_queue_order_and_the_total() {
    let w = world().await;
    let page = |offset| {
        let (cache, query, now) = (w.cache.clone(), TicketQuery { limit: 2, offset, ..TicketQuery::default() }, w.now);
        async move { desk::ticket_queue(&cache, &query, now).await }
    };
    let (a, b, c) = (page(0).await.unwrap(), page(2).await.unwrap(), page(4).await.unwrap());
    assert_eq!([a.total, b.total, c.total], [5, 5, 5]);
    assert_eq!(numbers(&a), ["TKT-2026-000003", "TKT-2026-000001"]);
    assert_eq!(numbers(&b), ["TKT-2026-000004", "TKT-2026-000005"]);
    assert_eq!(numbers(&c), ["TKT-2026-000002"]);
}

#[tokio::test]
async fn invalid_ticket_filters_are_refused_naming_every_field() {
    let w = world().await;
    let error = desk::ticket_queue(
        &w.cache,
        &TicketQuery {
            status: Some("done".into()),
            priority: Some("asap".into()),
            category: Some("sales".into()),
            assigned_to: Some("sarah".into()),
            user_id: None,
            view: QueueView::All,
            sort: QueueSort::Queue,
            limit: 5000,
            offset: -2,
        },
        w.now,
    )
    .await
    .unwrap_err();
    assert_eq!(field_of(error), ["status", "priority", "category", "assignedTo", "limit", "offset"]);
}

#[tokio::test]
async fn a_ticket_thread_lists_its_messages_in_the_order_they_were_written() {
    let w = world().await;
    let thread = desk::ticket_thread(&w.cache, &w.tickets[0].to_string(), Side::Staff, w.now).await.unwrap();
    assert_eq!(thread.ticket["ticketNumber"], "TKT-2026-000001");
    assert_eq!(thread.customer.as_ref().map(|c| c.email.as_str()), Some("lena@mueller-baeckerei.de"));
    assert!(thread.assignee.is_none());
    assert_eq!(thread.messages.iter().map(|m| m.id).collect::<Vec<_>>(), w.messages);
    assert!(thread.messages[2].is_internal());
    let json = serde_json::to_value(&thread).unwrap();
    assert_eq!(json["messages"][0]["isFromCustomer"], true);
    assert_eq!(
        json["nextStatuses"],
        serde_json::json!(["in_progress", "waiting_customer", "resolved", "closed"]),
        "the model's moves for staff"
    );
    let customer = desk::ticket_thread(&w.cache, &w.tickets[0].to_string(), Side::Customer, w.now).await.unwrap();
    assert_eq!(customer.next_statuses, [TicketStatus::Resolved, TicketStatus::Closed]);

    let assigned = desk::ticket_thread(&w.cache, &w.tickets[1].to_string(), Side::Staff, w.now).await.unwrap();
    assert_eq!(assigned.assignee.map(|a| a.full_name), Some("Sarah Johnson".into()));
    assert!(assigned.messages.is_empty());
    assert_eq!(desk::ticket_thread(&w.cache, &ObjectId::new().to_string(), Side::Staff, w.now).await.unwrap_err().code(), "not_found");
    assert_eq!(field_of(desk::ticket_thread(&w.cache, "TKT-2026-000001", Side::Staff, w.now).await.unwrap_err()), ["ticketId"]);
}

/// Four tickets beside the world's: due in an hour, due tomorrow, under a
/// 30-minute package due in 20 minutes, and one waiting on its customer.
async fn world_with_clocks() -> (World, Vec<ObjectId>) {
    let w = world().await;
    let package_id = ObjectId::new();
    let package: hjs_model::documents::SupportPackage = serde_json::from_value(serde_json::json!({
        "_id": package_id.to_string(), "userId": w.lena.to_string(), "packageName": "Priority Support", "packageType": "priority",
        "status": "active", "features": [], "monthlyTickets": 10, "responseTimeGuarantee": 30, "supportChannels": ["email"],
        "price": 29.99, "currency": "EUR", "billingCycle": "monthly", "nextBillingDate": null, "autoRenew": true,
        "currentUsage": {"ticketsUsed": 3, "hoursUsed": 5.5, "resetDate": "2027-01-01T00:00:00.000Z"},
        "createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:00.000Z", "version": 1
    }))
    .unwrap();
    put(&w.cache, &[package]).await;
    let minutes = Duration::minutes;
    let mut soon = ticket(6, w.james, "Due in an hour", TicketStatus::Open, TicketPriority::Normal, None, w.now.minus(minutes(7 * 60)));
    soon.category = TicketCategory::Billing;
    let tomorrow = ticket(7, w.james, "Due tomorrow", TicketStatus::Open, TicketPriority::Low, None, w.now.minus(minutes(60)));
    let mut packaged = ticket(8, w.lena, "Under the package", TicketStatus::Open, TicketPriority::Normal, None, w.now.minus(minutes(10)));
    packaged.support_package_id = Some(package_id);
    let waiting = ticket(9, w.lena, "Waiting", TicketStatus::WaitingCustomer, TicketPriority::Urgent, None, w.now.minus(days(1)));
    let tickets = vec![soon, tomorrow, packaged, waiting];
    let ids = tickets.iter().map(|t| t.id).collect();
    put(&w.cache, &tickets).await;
    (w, ids)
}

#[tokio::test]
async fn the_breaching_view_holds_what_is_due_within_the_hour_or_overdue_soonest_first() {
    let (w, ids) = world_with_clocks().await;
    let breaching = TicketQuery { view: QueueView::Breaching, ..TicketQuery::default() };
    let page = desk::ticket_queue(&w.cache, &breaching, w.now).await.unwrap();
    assert_eq!(
        numbers(&page),
        ["TKT-2026-000003", "TKT-2026-000002", "TKT-2026-000004", "TKT-2026-000001", "TKT-2026-000008", "TKT-2026-000006"]
    );
    assert_eq!(page.total, 6);
    let packaged = page.items.iter().find(|t| t.id == ids[2].to_string()).unwrap();
    assert_eq!(
        packaged.response_due_at,
        Some(w.now.plus(Duration::minutes(20)).to_string()),
        "the package's 30 minutes, not the default 8 hours"
    );
    let soon = page.items.iter().find(|t| t.id == ids[0].to_string()).unwrap();
    assert_eq!(soon.response_due_at, Some(w.now.plus(Duration::hours(1)).to_string()));
    // A minute earlier, the hour-ahead ticket is not within the hour yet.
    let earlier = desk::ticket_queue(&w.cache, &breaching, w.now.minus(Duration::minutes(1))).await.unwrap();
    assert!(!numbers(&earlier).contains(&"TKT-2026-000006"));
    // Filters combine with the view.
    let billing = TicketQuery { category: Some("billing".into()), ..breaching.clone() };
    assert_eq!(numbers(&desk::ticket_queue(&w.cache, &billing, w.now).await.unwrap()), ["TKT-2026-000006"]);
    let closed = TicketQuery { status: Some("closed".into()), ..breaching };
    assert_eq!(desk::ticket_queue(&w.cache, &closed, w.now).await.unwrap().total, 0, "a closed ticket's clock does not run");
}

#[tokio::test]
async fn the_active_view_sorted_by_due_puts_running_clocks_first_and_counts_match_the_views() {
    let (w, _) = world_with_clocks().await;
    let by_due = TicketQuery { view: QueueView::Active, sort: QueueSort::Due, ..TicketQuery::default() };
    let page = desk::ticket_queue(&w.cache, &by_due, w.now).await.unwrap();
    assert_eq!(
        numbers(&page),
        [
            "TKT-2026-000003",
            "TKT-2026-000002",
            "TKT-2026-000004",
            "TKT-2026-000001",
            "TKT-2026-000008",
            "TKT-2026-000006",
            "TKT-2026-000007",
            "TKT-2026-000009"
        ]
    );
    assert_eq!(page.items.last().unwrap().response_due_at, None, "waiting on the customer stops the clock");
    let second_page = TicketQuery { limit: 3, offset: 3, ..by_due };
    assert_eq!(
        numbers(&desk::ticket_queue(&w.cache, &second_page, w.now).await.unwrap()),
        ["TKT-2026-000001", "TKT-2026-000008", "TKT-2026-000006"]
    );
    let counts = desk::queue_counts(&w.cache, &w.staff.to_string(), w.now).await.unwrap();
    assert_eq!(counts, QueueCounts { active: 8, mine: 2, unassigned: 6, breaching: 6, waiting: 1 });
}

#[tokio::test]
async fn a_thread_carries_its_sla_live_against_the_clock_and_its_package_usage() {
    let (w, ids) = world_with_clocks().await;
    let packaged = ids[2].to_string();
    let now = desk::ticket_thread(&w.cache, &packaged, Side::Staff, w.now).await.unwrap();
    assert_eq!((now.sla.state, now.sla.minutes, now.sla.due_at), (SlaState::Running, 30, w.now.plus(Duration::minutes(20))));
    let package = now.package.as_ref().unwrap();
    assert_eq!((package.package_name.as_str(), package.tickets_used, package.hours_used), ("Priority Support", 3, 5.5));
    let later = desk::ticket_thread(&w.cache, &packaged, Side::Staff, w.now.plus(Duration::minutes(21))).await.unwrap();
    assert_eq!(later.sla.state, SlaState::Breached, "overdue from the cache alone, offline too");
    let waiting = desk::ticket_thread(&w.cache, &ids[3].to_string(), Side::Staff, w.now).await.unwrap();
    assert_eq!((waiting.sla.state, waiting.package), (SlaState::Stopped, None));
    let json = serde_json::to_value(&now).unwrap();
    assert_eq!(json["sla"]["state"], "running");
    assert_eq!(json["package"]["monthlyTickets"], 10);
}

#[tokio::test]
async fn desk_alerts_tell_a_new_assignment_and_a_reply_coming_due_once_each() {
    let (w, _) = world_with_clocks().await;
    let mut alerts = hjs_client::support::alerts::DeskAlerts::new(w.staff.to_string());
    assert!(alerts.check(&w.cache, w.now).await.unwrap().is_empty(), "what is there at start is known; nothing is due within 15 min");
    // Six minutes on, the packaged ticket's reply is due in 14 minutes.
    let later = w.now.plus(Duration::minutes(6));
    let due = alerts.check(&w.cache, later).await.unwrap();
    assert_eq!(due.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), ["First reply due in 14 min: TKT-2026-000008"]);
    assert!(due[0].body.contains("unassigned"));
    assert!(alerts.check(&w.cache, later.plus(Duration::minutes(1))).await.unwrap().is_empty(), "told once");

    // Someone assigns a ticket to me: told. One I take myself: not.
    let mut given = ticket(10, w.james, "Given to you", TicketStatus::Open, TicketPriority::Low, Some(w.staff), w.now);
    given.assigned_at = Some(w.now);
    let mut taken = ticket(11, w.james, "Taken", TicketStatus::Open, TicketPriority::Low, Some(w.staff), w.now);
    taken.assigned_at = Some(w.now);
    alerts.assigned_myself(&taken.id.to_string());
    put(&w.cache, &[given, taken]).await;
    let told = alerts.check(&w.cache, later).await.unwrap();
    assert_eq!(told.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(), ["Assigned to you: TKT-2026-000010"]);
    assert!(alerts.check(&w.cache, later).await.unwrap().is_empty());
}

#[tokio::test]
async fn ticket_search_finds_words_in_subjects_and_messages_with_marked_snippets_and_filters() {
    let w = world().await;
    let search = |text: &str| desk::TicketSearch { text: text.into(), ..desk::TicketSearch::default() };
    let found = desk::search_tickets(&w.cache, &search("certif")).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let hit = &found[0];
    assert_eq!((hit.ticket_number.as_str(), hit.message_id.clone()), ("TKT-2026-000001", Some(w.messages[1].to_string())));
    assert!(hit.snippet.iter().any(|s| s.hit && s.text == "certificate"), "{:?}", hit.snippet);
    assert!(hit.snippet.iter().any(|s| !s.hit && s.text.contains("re-issued")));
    // A subject word: the ticket's own snippet.
    let subject = desk::search_tickets(&w.cache, &search("invoice")).await.unwrap();
    assert_eq!(subject.iter().map(|h| h.ticket_number.as_str()).collect::<Vec<_>>(), ["TKT-2026-000002"]);
    assert_eq!(subject[0].message_id, None);
    assert!(subject[0].snippet.iter().any(|s| s.hit && s.text.eq_ignore_ascii_case("invoice")));
    // Filters narrow it.
    let closed = desk::TicketSearch { status: Some("closed".into()), ..search("certif") };
    assert!(desk::search_tickets(&w.cache, &closed).await.unwrap().is_empty());
    let lenas = desk::TicketSearch { user_id: Some(w.lena.to_string()), ..search("certif") };
    assert_eq!(desk::search_tickets(&w.cache, &lenas).await.unwrap().len(), 1);
    let later = desk::TicketSearch { from: Some(w.now.plus(days(1)).to_string()[..10].to_string()), ..search("certif") };
    assert!(desk::search_tickets(&w.cache, &later).await.unwrap().is_empty(), "opened before that day");
    let bad = desk::TicketSearch { from: Some("yesterday".into()), status: Some("done".into()), ..search("  ") };
    assert_eq!(field_of(desk::search_tickets(&w.cache, &bad).await.unwrap_err()), ["text", "status", "from"]);
}

// ---------------------------------------------------------------------------
// Search

fn kinds(hits: &[queries::SearchHit]) -> Vec<(SearchKind, &str)> {
    hits.iter().map(|h| (h.kind, h.title.as_str())).collect()
}

#[tokio::test]
async fn search_finds_an_idn_domain_by_its_unicode_form_and_the_customer_by_name() {
    let w = world().await;
    let hits = queries::search(&w.cache, "Müller", 10).await.unwrap();
    assert_eq!(kinds(&hits), [(SearchKind::Domain, "bäckerei-müller.de"), (SearchKind::Customer, "Lena Müller")]);
    assert!(hits[0].subtitle.starts_with("xn--"), "the ASCII form is the second line: {}", hits[0].subtitle);
    assert_eq!(hits[1].subtitle, "lena@mueller-baeckerei.de · Bäckerei Müller");
    assert_eq!(hits[1].id, w.lena.to_string());
    // Word search ignores diacritics; the domain's trigrams do not.
    let plain = queries::search(&w.cache, "muller", 10).await.unwrap();
    assert_eq!(kinds(&plain), [(SearchKind::Customer, "Lena Müller")]);
}

#[tokio::test]
async fn search_finds_a_message_by_a_word_and_points_at_its_ticket() {
    let w = world().await;
    let hits = queries::search(&w.cache, "certificate", 10).await.unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.kind, SearchKind::Message);
    assert_eq!(hit.id, w.messages[1].to_string());
    assert_eq!(hit.parent_id, Some(w.tickets[0].to_string()));
    assert_eq!(hit.title, "TKT-2026-000001 DNS changes not visible for alpha-garden.com");
    assert!(hit.subtitle.contains("certificate"), "{}", hit.subtitle);
    // Words are matched by prefix, so typing is enough.
    let typed = queries::search(&w.cache, "certif", 10).await.unwrap();
    assert_eq!(typed.first().map(|h| h.id.clone()), Some(w.messages[1].to_string()));
}

#[tokio::test]
async fn search_spans_domains_tickets_and_customers_in_one_list() {
    let w = world().await;
    let hits = queries::search(&w.cache, "garden", 10).await.unwrap();
    assert_eq!(
        kinds(&hits),
        [(SearchKind::Domain, "alpha-garden.com"), (SearchKind::Ticket, "DNS changes not visible for alpha-garden.com")]
    );
    assert_eq!(hits[1].subtitle, "TKT-2026-000001 · open · urgent");
    let carter = queries::search(&w.cache, "carter", 10).await.unwrap();
    assert_eq!(kinds(&carter), [(SearchKind::Customer, "James Carter")]);
    let number = queries::search(&w.cache, "TKT-2026-000004", 10).await.unwrap();
    assert_eq!(kinds(&number), [(SearchKind::Ticket, "Build fails after update")]);
    let short = queries::search(&w.cache, "io", 10).await.unwrap();
    assert!(short.iter().any(|h| h.title == "river-tech.io"));
}

#[tokio::test]
async fn search_limits_hits_per_kind() {
    let w = world().await;
    let hits = queries::search(&w.cache, ".com", 1).await.unwrap();
    assert_eq!(hits.iter().filter(|h| h.kind == SearchKind::Domain).count(), 1);
    let customers = queries::search(&w.cache, "com", 1).await.unwrap();
    assert_eq!(customers.iter().filter(|h| h.kind == SearchKind::Customer).count(), 1);
}

#[tokio::test]
async fn search_text_with_query_syntax_is_taken_literally() {
    let w = world().await;
    for text in ["\"", "garden\" OR \"x", "NEAR(a b)", "*", "a:b", "-", "(", "^x", "AND"] {
        queries::search(&w.cache, text, 5).await.unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
}

#[tokio::test]
async fn empty_search_text_and_a_limit_out_of_range_are_refused() {
    let w = world().await;
    assert_eq!(field_of(queries::search(&w.cache, "   ", 10).await.unwrap_err()), ["text"]);
    assert_eq!(field_of(queries::search(&w.cache, "garden", 0).await.unwrap_err()), ["limitPerKind"]);
    assert_eq!(field_of(queries::search(&w.cache, "garden", 101).await.unwrap_err()), ["limitPerKind"]);
}

// ---------------------------------------------------------------------------
// The shared documents table

#[tokio::test]
async fn a_domains_dns_records_list_in_creation_order_page_by_page() {
    let w = world().await;
    let garden = w.domain("alpha-garden.com");
    let first = queries::list_documents(&w.cache, Collection::DnsRecords, Some(&garden), None, 2, 0).await.unwrap();
    assert_eq!(first.total, 3);
    assert_eq!(first.items.iter().map(|r| r["name"].as_str().unwrap()).collect::<Vec<_>>(), ["@", "www"]);
    let rest = queries::list_documents(&w.cache, Collection::DnsRecords, Some(&garden), None, 2, 2).await.unwrap();
    assert_eq!(rest.items.iter().map(|r| r["name"].as_str().unwrap()).collect::<Vec<_>>(), ["mail"]);
    let every = queries::list_documents(&w.cache, Collection::DnsRecords, None, None, 100, 0).await.unwrap();
    assert_eq!(every.total, 4);
    let none = queries::list_documents(&w.cache, Collection::EmailForwardings, Some(&garden), None, 10, 0).await.unwrap();
    assert_eq!((none.total, none.items.len()), (0, 0));
}

#[tokio::test]
async fn a_projects_deployments_list_newest_first() {
    let w = world().await;
    let page = queries::list_documents(&w.cache, Collection::Deployments, Some(&w.project.to_string()), None, 10, 0).await.unwrap();
    assert_eq!(page.total, 3);
    let ids: Vec<String> = page.items.iter().map(|d| d["_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, [w.deployments[1].to_string(), w.deployments[2].to_string(), w.deployments[0].to_string()]);
    assert_eq!(page.items[0]["userId"], w.james.to_string());
}

#[tokio::test]
async fn listing_a_collection_with_its_own_table_or_a_bad_parent_is_refused() {
    let w = world().await;
    let error = queries::list_documents(&w.cache, Collection::Domains, Some("nope"), None, 0, -1).await.unwrap_err();
    assert_eq!(field_of(error), ["collection", "parentId", "limit", "offset"]);
}

#[tokio::test]
async fn the_dashboard_counts_open_tickets_by_priority_and_lists_the_latest_deployments() {
    let w = world().await;
    let board = hjs_client::dashboard::dashboard(&w.cache, &w.lena.to_string(), w.now).await.unwrap();
    let priorities: Vec<(&str, i64)> = board.open_tickets_by_priority.iter().map(|c| (c.key.as_str(), c.count)).collect();
    assert_eq!(
        priorities,
        [("urgent", 2), ("high", 1), ("normal", 0), ("low", 1)],
        "resolved and closed tickets are not open; every priority shows, most urgent first"
    );
    assert_eq!(board.open_tickets, 4);
    let latest: Vec<&str> = board.recent_deployments.iter().map(|d| d["deploymentId"].as_str().unwrap()).collect();
    assert_eq!(latest, ["dpl_000000000003", "dpl_000000000002", "dpl_000000000001"], "newest deployment first");
    assert_eq!(board.deployments_by_status.iter().map(|c| (c.key.as_str(), c.count)).collect::<Vec<_>>(), [("ready", 3)]);
    assert_eq!(board.domains_by_status.iter().map(|c| c.count).sum::<i64>(), 8, "every domain counted once");
    assert!(board.hosting.is_empty(), "no hosting packages in this cache");
}

#[tokio::test]
async fn a_customers_tickets_and_documents_are_theirs_alone() {
    let w = world().await;
    let james = TicketQuery { user_id: Some(w.james.to_string()), ..TicketQuery::default() };
    let tickets = desk::ticket_queue(&w.cache, &james, w.now).await.unwrap();
    assert_eq!(numbers(&tickets), ["TKT-2026-000003", "TKT-2026-000002"], "only James's tickets, most urgent first");
    assert_eq!(tickets.total, 2);

    let theirs = queries::list_documents(&w.cache, Collection::Deployments, None, Some(&w.james.to_string()), 10, 0).await.unwrap();
    assert_eq!(theirs.total, 3, "every deployment is James's");
    let none = queries::list_documents(&w.cache, Collection::Deployments, None, Some(&w.lena.to_string()), 10, 0).await.unwrap();
    assert_eq!((none.total, none.items.len()), (0, 0), "Lena has none");

    let bad = TicketQuery { user_id: Some("lena".into()), ..TicketQuery::default() };
    assert_eq!(
        field_of(desk::ticket_queue(&w.cache, &bad, w.now).await.unwrap_err()),
        ["userId"],
        "a malformed customer id is refused, naming it"
    );
    let bad = queries::list_documents(&w.cache, Collection::Deployments, None, Some("x"), 10, 0).await.unwrap_err();
    assert_eq!(field_of(bad), ["ownerId"]);
}

#[tokio::test]
async fn every_domain_reads_all_matches_whatever_the_page_asked_for() {
    let w = world().await;
    let query = DomainQuery { status: Some("active".into()), limit: 1, offset: 3, ..DomainQuery::default() };
    let all = queries::every_domain(&w.cache, &query).await.unwrap();
    let total = queries::domains(&w.cache, &query).await.unwrap().total;
    assert_eq!(all.len() as i64, total, "offset and limit of the query are not the export's");
    assert!(all.iter().all(|d| d.status == "active"));
}

#[tokio::test]
async fn a_bulk_edit_is_queued_for_every_domain_or_for_none() {
    let w = world().await;
    let lock = || Operation::DomainSettings { settings: DomainSettings { transfer_lock: Some(false), ..DomainSettings::default() } };
    let garden = w.domain("alpha-garden.com");
    let missing = ObjectId::new().to_string();

    let refused = outbox::enqueue_all(&w.cache, vec![(garden.clone(), lock()), (missing, lock())]).await.unwrap_err();
    assert_eq!(refused.code(), "not_found");
    assert!(outbox::list(&w.cache).await.unwrap().is_empty(), "a domain missing from the cache queues none of the edits");
    assert!(!queries::domain(&w.cache, &garden).await.unwrap().pending, "nor shows any of them");

    let ids: Vec<String> = w.domains.iter().take(3).map(|(_, id)| id.to_string()).collect();
    let entries = outbox::enqueue_all(&w.cache, ids.iter().map(|id| (id.clone(), lock())).collect()).await.unwrap();
    assert_eq!(entries.iter().map(|e| e.doc_id.clone()).collect::<Vec<_>>(), ids, "one entry per domain, in order");
}
