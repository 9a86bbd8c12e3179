//! Generated large data sets: one reseller with many clients and a lot of
//! everything, for load tests and benchmarks.

use std::time::Instant;

use anyhow::Context;
use hjs_model::documents::domains::default_nameservers;
use hjs_model::documents::{
    Attachment, BillingCycle, BuildLogEntry, BuildSettings, Deployment, DeploymentAnalytics, DeploymentEnvironment, DeploymentSource,
    DeploymentStatus, DnsRecord, DnsRecordType, Domain, DomainOrder, DomainStatus, DomainTransfer, EmailForwarding, EnvironmentTarget,
    EnvironmentVariable, HostingPackage, HostingPackageStatus, HostingPackageType, HostingProject, HostingUsage, MessageType, Notification,
    NotificationType, OrderStatus, PaymentMethod, PaymentMethodType, PaymentProvider, ProjectDomain, ProjectDomainType, ProjectRepository,
    ProjectStatus, RepositoryProvider, SourceType, StaffInfo, StatusChange, SupportChannel, SupportMessage, SupportPackage,
    SupportPackageStatus, SupportPackageType, SupportTicket, SupportUsage, TicketCategory, TicketPriority, TicketStatus, TransferNotice,
    TransferNoticeType, TransferStatus, TransferType, UserProfile, UserRole,
};
use hjs_model::{Currency, DomainName, EmailAddress, ObjectId, Timestamp};

use super::bulk_writer::BulkWriter;
use super::demo_data::splitmix;
use super::{cents, days, demo_base, hours, minutes, seed_id, user_exists, DEMO_PASSWORD};
use crate::accounts::password::{self, NewPassword};
use crate::accounts::users::{self, NewUser};
use crate::db::Db;

/// The reseller of the large data set (password [`super::DEMO_PASSWORD`]).
pub const LARGE_RESELLER_EMAIL: &str = "reseller@large.hostjamstack.com";

/// How much [`generate_large`] creates. The counts named here are exact;
/// the other collections follow in proportion (see the methods):
/// per domain one e-mail forward, one order and two notifications, a
/// transfer for every 20th domain; per client two payment methods, one
/// hosting package and one support package; a hosting project per 20
/// domains with 10 deployments each. Two support staff work the tickets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LargeSpec {
    /// Client accounts of the reseller.
    pub clients: usize,
    pub domains: usize,
    pub dns_records: usize,
    pub tickets: usize,
    /// Support messages, spread over the tickets.
    pub messages: usize,
    /// Documents per write transaction.
    pub docs_per_transaction: usize,
}

impl LargeSpec {
    /// The full size: 100 clients, 10,000 domains, 200,000 DNS records,
    /// 50,000 tickets and 500,000 messages (about 810,000 documents).
    pub fn full() -> LargeSpec {
        LargeSpec { clients: 100, domains: 10_000, dns_records: 200_000, tickets: 50_000, messages: 500_000, docs_per_transaction: 5_000 }
    }

    /// Every count times `factor` (clients stay, but never more than domains).
    pub fn scaled(self, factor: f64) -> LargeSpec {
        let scale = |n: usize| ((n as f64) * factor.max(0.0)).round() as usize;
        let domains = scale(self.domains);
        LargeSpec {
            clients: self.clients.min(domains.max(1)),
            domains,
            dns_records: scale(self.dns_records),
            tickets: scale(self.tickets),
            messages: scale(self.messages),
            docs_per_transaction: self.docs_per_transaction,
        }
    }

    /// The reseller, its clients and two support staff.
    pub fn users(&self) -> usize {
        self.clients + 3
    }
    pub fn email_forwardings(&self) -> usize {
        self.domains
    }
    pub fn domain_transfers(&self) -> usize {
        (0..self.domains).filter(|i| i % 20 == 7).count()
    }
    pub fn domain_orders(&self) -> usize {
        self.domains
    }
    pub fn payment_methods(&self) -> usize {
        self.clients * 2
    }
    pub fn hosting_packages(&self) -> usize {
        self.clients
    }
    pub fn hosting_projects(&self) -> usize {
        if self.clients == 0 {
            0
        } else {
            self.domains.div_ceil(20)
        }
    }
    pub fn deployments(&self) -> usize {
        self.hosting_projects() * 10
    }
    pub fn support_packages(&self) -> usize {
        self.clients
    }
    pub fn notifications(&self) -> usize {
        self.domains * 2
    }

    /// One line for reports: the counts and the total.
    pub fn describe(&self) -> String {
        format!(
            "{} clients, {} domains, {} DNS records, {} tickets, {} messages ({} documents in all)",
            self.clients,
            self.domains,
            self.dns_records,
            self.tickets,
            self.messages,
            self.total_documents()
        )
    }

    /// Every document the spec makes, users included.
    pub fn total_documents(&self) -> usize {
        self.users()
            + self.domains
            + self.dns_records
            + self.email_forwardings()
            + self.domain_transfers()
            + self.domain_orders()
            + self.payment_methods()
            + self.hosting_packages()
            + self.hosting_projects()
            + self.deployments()
            + self.support_packages()
            + self.tickets
            + self.messages
            + self.notifications()
    }
}

/// Creates the large data set described by `spec`: one reseller
/// ([`LARGE_RESELLER_EMAIL`]) with `spec.clients` client accounts owning
/// everything. Written in transactions of about `spec.docs_per_transaction`
/// documents through [`BulkWriter`]; every document is in the change log.
/// Does nothing when the reseller already exists. Returns a summary.
pub async fn generate_large(db: &Db, spec: LargeSpec) -> anyhow::Result<String> {
    if user_exists(db, LARGE_RESELLER_EMAIL).await? {
        return Ok(format!("large data set already present ({LARGE_RESELLER_EMAIL} exists), nothing inserted"));
    }
    anyhow::ensure!(spec.clients > 0 || spec.domains + spec.tickets == 0, "a large data set with documents needs at least one client");
    anyhow::ensure!(spec.tickets > 0 || spec.messages == 0, "messages need tickets");
    let started = Instant::now();
    let base = demo_base()?;
    let now = Timestamp::now();
    // One hash for every generated account: they share the demo password.
    let hash = password::hash(NewPassword::parse(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?).await?;

    // Accounts, through the ordinary path.
    let mut tx = db.begin_write(crate::db::Audit::Seed).await?;
    let account = |email: &str, first: &str, last: &str, role: UserRole, reseller: Option<ObjectId>, company: &str, joined: i64| {
        Ok::<_, anyhow::Error>(NewUser {
            email: EmailAddress::parse(email).map_err(|e| anyhow::anyhow!("{email}: {e}"))?,
            password_hash: hash.clone(),
            first_name: first.into(),
            last_name: last.into(),
            role,
            reseller_id: reseller,
            email_verified: true,
            profile: UserProfile { company: Some(company.into()), phone: None, timezone: "UTC".into(), language: "en".into() },
            created_at: base.minus(days(joined)),
        })
    };
    let reseller =
        users::create(&mut tx, account(LARGE_RESELLER_EMAIL, "Riley", "Stone", UserRole::Reseller, None, "Largescale Domains Ltd", 1500)?)
            .await?;
    let mut staff = Vec::new();
    for (n, (first, last)) in [("Morgan", "Ellis"), ("Jordan", "Reyes")].iter().enumerate() {
        let email = format!("agent{}@large.hostjamstack.com", n + 1);
        staff.push(users::create(&mut tx, account(&email, first, last, UserRole::Support, None, "HostJamstack", 1400)?).await?);
    }
    let mut clients = Vec::with_capacity(spec.clients);
    for c in 0..spec.clients {
        let (first, last) = (FIRST_NAMES[c % FIRST_NAMES.len()], LAST_NAMES[(c * 7 + c / FIRST_NAMES.len()) % LAST_NAMES.len()]);
        let company = format!("{} {}", last, COMPANY_KINDS[c % COMPANY_KINDS.len()]);
        let email = format!("client{:04}@large.hostjamstack.com", c + 1);
        let joined = 1400 - (c as i64 * 13) % 1300;
        clients.push(users::create(&mut tx, account(&email, first, last, UserRole::User, Some(reseller.id), &company, joined)?).await?);
    }
    tx.commit().await?;

    let mut g = Gen {
        spec,
        base,
        now,
        n: 0,
        writer: BulkWriter::new(db, spec.docs_per_transaction),
        pending: Pending::default(),
        reseller: reseller.id,
        clients: clients.iter().map(|u| u.id).collect(),
        currencies: (0..spec.clients).map(|c| if c % 3 == 0 { Currency::USD } else { Currency::EUR }).collect(),
        client_domains: vec![Vec::new(); spec.clients],
        hosting: Vec::new(),
        support: Vec::new(),
        staff: staff.iter().map(|u| (u.id, u.full_name())).collect(),
    };
    g.accounts().await?;
    g.domains().await?;
    g.projects().await?;
    g.tickets().await?;
    g.flush().await?;
    let transactions = g.writer.transactions();
    let written = g.writer.finish().await? as usize + spec.users();
    // Fresh planner statistics, as SQLite and PostgreSQL both advise after a
    // bulk load, so query plans reflect the data from the first request on.
    if let Err(error) = sqlx::query("ANALYZE").execute(&db.pool).await {
        tracing::warn!(error = %format!("{error:#}"), "ANALYZE after loading the large data set failed");
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(format!(
        "large data set loaded: {written} documents ({} domains, {} DNS records, {} tickets, {} messages, {} clients of {LARGE_RESELLER_EMAIL}) \
         in {seconds:.1} s ({:.0} documents/s, {transactions} transactions)",
        spec.domains,
        spec.dns_records,
        spec.tickets,
        spec.messages,
        spec.clients,
        written as f64 / seconds.max(1e-9)
    ))
}

/// Documents waiting for the next transaction.
#[derive(Default)]
struct Pending {
    domains: Vec<Domain>,
    dns: Vec<DnsRecord>,
    forwards: Vec<EmailForwarding>,
    transfers: Vec<DomainTransfer>,
    auth_codes: Vec<(ObjectId, String)>,
    orders: Vec<DomainOrder>,
    payment_methods: Vec<PaymentMethod>,
    hosting_packages: Vec<HostingPackage>,
    projects: Vec<HostingProject>,
    secrets: Vec<(ObjectId, String, EnvironmentTarget, String)>,
    deployments: Vec<Deployment>,
    support_packages: Vec<SupportPackage>,
    tickets: Vec<SupportTicket>,
    messages: Vec<SupportMessage>,
    message_owners: Vec<ObjectId>,
    notifications: Vec<Notification>,
}

impl Pending {
    fn len(&self) -> usize {
        self.domains.len()
            + self.dns.len()
            + self.forwards.len()
            + self.transfers.len()
            + self.orders.len()
            + self.payment_methods.len()
            + self.hosting_packages.len()
            + self.projects.len()
            + self.deployments.len()
            + self.support_packages.len()
            + self.tickets.len()
            + self.messages.len()
            + self.notifications.len()
    }
}

struct Gen {
    spec: LargeSpec,
    base: Timestamp,
    now: Timestamp,
    n: u64,
    writer: BulkWriter,
    pending: Pending,
    reseller: ObjectId,
    clients: Vec<ObjectId>,
    currencies: Vec<Currency>,
    /// A few domain names per client, for projects and tickets.
    client_domains: Vec<Vec<DomainName>>,
    /// Per client: hosting package id.
    hosting: Vec<ObjectId>,
    /// Per client: support package id, if active.
    support: Vec<Option<ObjectId>>,
    staff: Vec<(ObjectId, String)>,
}

/// Kinds for ids of the large set (the demo uses 1..=14).
const KIND: u8 = 0x80;

impl Gen {
    fn id(&mut self, created: Timestamp, kind: u8) -> ObjectId {
        self.n += 1;
        seed_id(created, KIND | kind, self.n)
    }

    fn rng(&self, a: u64, b: u64) -> u64 {
        splitmix(a.wrapping_mul(0x9e37_79b9).wrapping_add(b.wrapping_mul(0x85eb_ca6b)) ^ 0x5eed)
    }

    /// A skewed choice of client: a few accounts own a lot, most own a little.
    fn client_for(&self, i: usize, salt: u64) -> usize {
        let u = (self.rng(i as u64, salt) % 1_000_000) as f64 / 1_000_000.0;
        ((u * u * self.clients.len() as f64) as usize).min(self.clients.len() - 1)
    }

    async fn flush(&mut self) -> anyhow::Result<()> {
        let p = std::mem::take(&mut self.pending);
        let w = &mut self.writer;
        w.insert_all(&p.domains).await?;
        w.insert_all(&p.dns).await?;
        w.insert_all(&p.forwards).await?;
        w.insert_all(&p.transfers).await?;
        w.insert_all(&p.orders).await?;
        w.insert_all(&p.payment_methods).await?;
        w.insert_all(&p.hosting_packages).await?;
        w.insert_all(&p.projects).await?;
        w.insert_all(&p.deployments).await?;
        w.insert_all(&p.support_packages).await?;
        w.insert_all(&p.tickets).await?;
        w.insert_all_owned_by(&p.messages, &p.message_owners).await?;
        w.insert_all(&p.notifications).await?;
        if !p.auth_codes.is_empty() || !p.secrets.is_empty() {
            let tx = w.transaction().await?;
            for (id, code) in p.auth_codes {
                sqlx::query("UPDATE domain_transfers SET auth_code = $1 WHERE id = $2")
                    .bind(code)
                    .bind(id.to_string())
                    .execute(&mut *tx.tx)
                    .await?;
            }
            for (project, key, environment, value) in p.secrets {
                sqlx::query("INSERT INTO project_secrets (project_id, key, environment, value) VALUES ($1, $2, $3, $4)")
                    .bind(project.to_string())
                    .bind(key)
                    .bind(environment.as_str())
                    .bind(value)
                    .execute(&mut *tx.tx)
                    .await?;
            }
        }
        w.commit().await
    }

    async fn maybe_flush(&mut self) -> anyhow::Result<()> {
        if self.pending.len() >= self.spec.docs_per_transaction {
            self.flush().await?;
        }
        Ok(())
    }

    async fn accounts(&mut self) -> anyhow::Result<()> {
        for c in 0..self.clients.len() {
            let owner = self.clients[c];
            let currency = self.currencies[c];
            let created = self.base.minus(days(1000 - (c as i64 * 7) % 900));
            for k in 0..2 {
                let card = k == 0;
                let method_type = if card {
                    PaymentMethodType::Card
                } else if c % 2 == 0 {
                    PaymentMethodType::Paypal
                } else {
                    PaymentMethodType::BankAccount
                };
                let id = self.id(created, 7);
                let brand = ["visa", "mastercard", "amex"][c % 3];
                self.pending.payment_methods.push(PaymentMethod {
                    id,
                    user_id: owner,
                    method_type,
                    provider: if method_type == PaymentMethodType::Paypal { PaymentProvider::Paypal } else { PaymentProvider::Stripe },
                    provider_id: format!("pm_1L{:012x}{k}", self.rng(c as u64, 71) & 0xffff_ffff_ffff),
                    last_four: (method_type != PaymentMethodType::Paypal).then(|| format!("{:04}", self.rng(c as u64, 72 + k) % 10_000)),
                    brand: card.then(|| brand.to_string()),
                    expiry_month: card.then_some(1 + (c % 12) as u8),
                    expiry_year: card.then_some(2026 + (c % 5) as u16),
                    is_default: card,
                    is_active: true,
                    created_at: created,
                    updated_at: created,
                    version: 1,
                });
            }
            let package_type =
                [HostingPackageType::Shared, HostingPackageType::Vps, HostingPackageType::Serverless, HostingPackageType::Dedicated][c % 4];
            let status = if c % 10 == 9 {
                HostingPackageStatus::Suspended
            } else if c % 17 == 3 {
                HostingPackageStatus::Cancelled
            } else if c % 23 == 5 {
                HostingPackageStatus::Pending
            } else {
                HostingPackageStatus::Active
            };
            let (name, limits, price) = match package_type {
                HostingPackageType::Shared => ("Starter Plan", (10, 100, 5, 10, 25), 999),
                HostingPackageType::Vps => ("VPS 4", (80, 2000, 25, 100, 250), 2900),
                HostingPackageType::Serverless => ("Serverless Pro", (100, 1000, 10, 25, 250), 2900),
                HostingPackageType::Dedicated => ("Dedicated E-2388G", (1920, 20000, 100, 500, 1000), 18900),
            };
            let fill = (self.rng(c as u64, 81) % 100) as f64 / 100.0;
            let hosting_id = self.id(created, 8);
            self.hosting.push(hosting_id);
            self.pending.hosting_packages.push(HostingPackage {
                id: hosting_id,
                user_id: owner,
                package_name: name.into(),
                package_type,
                status,
                storage: limits.0,
                bandwidth: limits.1,
                databases: limits.2,
                email_accounts: limits.3,
                subdomains: limits.4,
                features: vec!["SSL Certificates".into(), "Daily Backups".into(), "24/7 Support".into(), "CDN Included".into()],
                price: cents(price),
                currency,
                billing_cycle: if c % 5 == 0 { BillingCycle::Yearly } else { BillingCycle::Monthly },
                next_billing_date: (status != HostingPackageStatus::Cancelled).then(|| self.now.plus(days(1 + (c as i64 * 3) % 30))),
                auto_renew: status != HostingPackageStatus::Cancelled,
                current_usage: HostingUsage {
                    storage: (limits.0 as f64 * fill * 10.0).round() / 10.0,
                    bandwidth: (limits.1 as f64 * fill * 0.8).round(),
                    databases: (limits.2 as f64 * fill) as u32,
                    email_accounts: (limits.3 as f64 * fill) as u32,
                },
                server_location: ["Frankfurt, Germany", "Ashburn, United States", "Amsterdam, Netherlands", "Singapore"][c % 4].into(),
                server_ip: format!("198.51.100.{}", 10 + c % 240).parse().context("package ip")?,
                control_panel_url: format!("https://cp{}.hostjamstack.com", 10 + c % 40),
                created_at: created,
                updated_at: created,
                version: 1,
            });
            let support_type = [SupportPackageType::Basic, SupportPackageType::Priority, SupportPackageType::Enterprise][c % 3];
            let support_status = match c % 11 {
                4 => SupportPackageStatus::Expired,
                8 => SupportPackageStatus::Cancelled,
                _ => SupportPackageStatus::Active,
            };
            let (name, monthly, response, price) = match support_type {
                SupportPackageType::Basic => ("Basic Support", 3, 1440, 499),
                SupportPackageType::Priority => ("Priority Support", 10, 60, 2999),
                SupportPackageType::Enterprise => ("Enterprise Support", -1, 30, 19900),
            };
            let support_id = self.id(created, 11);
            let active = support_status == SupportPackageStatus::Active;
            self.support.push(active.then_some(support_id));
            self.pending.support_packages.push(SupportPackage {
                id: support_id,
                user_id: owner,
                package_name: name.into(),
                package_type: support_type,
                status: support_status,
                features: vec!["E-mail Support".into(), format!("{response}-minute Response Time")],
                monthly_tickets: monthly,
                response_time_guarantee: response,
                support_channels: match support_type {
                    SupportPackageType::Basic => vec![SupportChannel::Email],
                    _ => vec![SupportChannel::Email, SupportChannel::Phone, SupportChannel::Chat],
                },
                price: cents(price),
                currency,
                billing_cycle: BillingCycle::Monthly,
                next_billing_date: active.then(|| self.now.plus(days(1 + (c as i64 * 5) % 30))),
                auto_renew: active,
                current_usage: SupportUsage {
                    tickets_used: (c % 4) as u32,
                    hours_used: (c % 9) as f64 * 0.5,
                    reset_date: self.now.plus(days(1 + (c as i64 * 5) % 30)),
                },
                created_at: created,
                updated_at: created,
                version: 1,
            });
            self.maybe_flush().await?;
        }
        Ok(())
    }

    async fn domains(&mut self) -> anyhow::Result<()> {
        let n = self.spec.domains;
        let per_domain = self.spec.dns_records.checked_div(n).unwrap_or(0);
        let extra = self.spec.dns_records.checked_rem(n).unwrap_or(0);
        let mut order_number = 0usize;
        for i in 0..n {
            let r = self.rng(i as u64, 1);
            let client = self.client_for(i, 2);
            let (owner, currency) =
                if i % 50 == 0 { (self.reseller, Currency::EUR) } else { (self.clients[client], self.currencies[client]) };
            let name = domain_name(i)?;
            let apex = name.as_str().to_string();
            let registered = self.base.minus(days(30 + (r % 1400) as i64)).minus(hours((r >> 20) as i64 % 24));
            let expires = self.now.plus(days((r >> 8) as i64 % 790 - 60)).plus(hours((r >> 32) as i64 % 24));
            let status = if expires < self.now {
                DomainStatus::Expired
            } else {
                match (r >> 40) % 100 {
                    0..=89 => DomainStatus::Active,
                    90..=92 => DomainStatus::Pending,
                    93..=95 => DomainStatus::Suspended,
                    _ => DomainStatus::Transferred,
                }
            };
            let tld_price = 999 + (r % 7) as i64 * 200;
            let domain_id = self.id(registered, 2);
            let custom_ns = (r >> 16).is_multiple_of(12);
            self.pending.domains.push(Domain {
                id: domain_id,
                domain_name: name.clone(),
                user_id: owner,
                registration_date: registered,
                expiration_date: expires,
                auto_renew: !(r >> 24).is_multiple_of(4),
                registration_period: 1 + ((r >> 28) % 3) as u8,
                is_premium: (r >> 44).is_multiple_of(200),
                status,
                registrar: "name.com".into(),
                registrar_domain_id: (status != DomainStatus::Pending).then(|| format!("{}_DOMAIN-NC", 5_000_000_000u64 + i as u64)),
                nameservers: if custom_ns { super_ns(i)? } else { default_nameservers() },
                use_default_nameservers: !custom_ns,
                purchase_price: cents(tld_price),
                renewal_price: cents(tld_price + 200),
                currency,
                whois_privacy: !(r >> 48).is_multiple_of(3),
                transfer_lock: status == DomainStatus::Active && !(r >> 50).is_multiple_of(5),
                created_at: registered,
                updated_at: registered.plus(days(((r >> 52) % 300) as i64)),
                version: 1,
            });
            if owner != self.reseller && self.client_domains[client].len() < 3 {
                self.client_domains[client].push(name.clone());
            }

            // DNS records.
            let count = per_domain + usize::from(i < extra);
            let ip = format!("{}.{}", ["198.51.100", "203.0.113", "192.0.2"][i % 3], 1 + (r >> 12) % 250);
            for k in 0..count {
                let created = registered.plus(minutes(5 + k as i64));
                let (record_type, name, value, priority, system): (DnsRecordType, String, String, Option<u16>, bool) = match k {
                    0 => (DnsRecordType::NS, "@".into(), "ns1.hostjamstack.com".into(), None, true),
                    1 => (DnsRecordType::NS, "@".into(), "ns2.hostjamstack.com".into(), None, true),
                    2 => (DnsRecordType::A, "@".into(), ip.clone(), None, false),
                    3 => (DnsRecordType::CNAME, "www".into(), apex.clone(), None, false),
                    4 => (DnsRecordType::MX, "@".into(), "mx1.hostjamstack.com".into(), Some(10), true),
                    5 => (DnsRecordType::MX, "@".into(), "mx2.hostjamstack.com".into(), Some(20), true),
                    6 => (DnsRecordType::TXT, "@".into(), "v=spf1 include:_spf.hostjamstack.com ~all".into(), None, true),
                    7 => (DnsRecordType::TXT, "_dmarc".into(), format!("v=DMARC1; p=quarantine; rua=mailto:dmarc@{apex}"), None, false),
                    8 => (DnsRecordType::AAAA, "@".into(), format!("2001:db8:{:x}::{:x}", i % 0xffff, 1 + k), None, false),
                    9 => (DnsRecordType::SRV, "_submission._tcp".into(), "1 587 smtp.hostjamstack.com".into(), Some(0), true),
                    10 => (DnsRecordType::PTR, "b._dns-sd._udp".into(), apex.clone(), None, false),
                    11 => (
                        DnsRecordType::TXT,
                        "hjs1._domainkey".into(),
                        format!("v=DKIM1; k=ed25519; p={:016x}{:016x}", r, splitmix(r)),
                        None,
                        true,
                    ),
                    _ => match k % 6 {
                        0 => (DnsRecordType::A, format!("host{k}"), format!("198.51.100.{}", 1 + k % 250), None, false),
                        1 => (DnsRecordType::AAAA, format!("host{k}"), format!("2001:db8:{:x}::{:x}", i % 0xffff, k), None, false),
                        2 => (DnsRecordType::CNAME, format!("alias{k}"), format!("host{}.{apex}", k - 2), None, false),
                        3 => (
                            DnsRecordType::TXT,
                            format!("verify{k}"),
                            format!("site-verification={:016x}", splitmix(r ^ k as u64)),
                            None,
                            false,
                        ),
                        4 => (
                            DnsRecordType::SRV,
                            format!("_svc{k}._tcp"),
                            format!("5 {} host{}.{apex}", 8000 + k % 1000, k - 4),
                            Some(10),
                            false,
                        ),
                        _ => (DnsRecordType::MX, format!("mail{k}"), "mx1.hostjamstack.com".into(), Some(10), false),
                    },
                };
                let id = self.id(created, 3);
                self.pending.dns.push(DnsRecord {
                    id,
                    domain_id,
                    user_id: owner,
                    record_type,
                    name,
                    value,
                    ttl: if system { 86400 } else { [300, 3600, 14400][k % 3] },
                    priority,
                    is_active: k % 37 != 36,
                    is_system_record: system,
                    comment: None,
                    created_at: created,
                    updated_at: created,
                    version: 1,
                });
            }

            // One e-mail forward, a catch-all on every tenth domain.
            let catch_all = i % 10 == 0;
            let local = if catch_all { "*" } else { ["info", "contact", "sales", "hello", "office"][i % 5] };
            let created = registered.plus(days(1));
            let from = format!("{local}@{apex}");
            let forwarded = r % 3000;
            let id = self.id(created, 4);
            self.pending.forwards.push(EmailForwarding {
                id,
                domain_id,
                user_id: owner,
                from_email: EmailAddress::parse(&from).map_err(|e| anyhow::anyhow!("{from}: {e}"))?,
                to_emails: vec![EmailAddress::parse(&format!("owner{}@example.com", client + 1)).map_err(|e| anyhow::anyhow!("{e}"))?],
                is_active: i % 13 != 0,
                catch_all,
                forwarded_count: forwarded,
                last_forwarded_at: (forwarded > 0).then(|| self.base.minus(hours((r % 500) as i64))),
                created_at: created,
                updated_at: created,
                version: 1,
            });

            // An order for it.
            order_number += 1;
            let status = match i % 20 {
                0 => OrderStatus::Failed,
                1 => OrderStatus::Refunded,
                2 => OrderStatus::Pending,
                3 => OrderStatus::Processing,
                _ => OrderStatus::Completed,
            };
            let ordered = registered.minus(minutes(3));
            let subtotal = cents(tld_price);
            let taxes = if currency == Currency::EUR { subtotal.percent_bp(1900) } else { cents(0) };
            let id = self.id(ordered, 6);
            self.pending.orders.push(DomainOrder {
                id,
                user_id: owner,
                order_number: format!("ORD-{}-{order_number:06}", ordered.datetime().format("%Y")),
                status,
                domain_name: name.clone(),
                registration_period: 1,
                is_premium: false,
                subtotal,
                taxes,
                total: subtotal.checked_add(taxes).unwrap_or(subtotal),
                currency,
                payment_method: if i % 4 == 0 { PaymentProvider::Paypal } else { PaymentProvider::Stripe },
                payment_intent_id: Some(format!("pi_3L{:016x}", splitmix(r ^ 0x0d))),
                paid_at: matches!(status, OrderStatus::Completed | OrderStatus::Processing | OrderStatus::Refunded)
                    .then(|| ordered.plus(minutes(1))),
                domain_id: matches!(status, OrderStatus::Completed | OrderStatus::Processing).then_some(domain_id),
                created_at: ordered,
                updated_at: ordered.plus(minutes(2)),
                version: 1,
            });

            // A transfer for every twentieth domain.
            if i % 20 == 7 {
                let t = i / 20;
                let incoming = t % 2 == 0;
                let status = [
                    TransferStatus::Pending,
                    TransferStatus::Approved,
                    TransferStatus::Completed,
                    TransferStatus::Failed,
                    TransferStatus::Rejected,
                ][t % 5];
                let initiated = if status == TransferStatus::Pending { self.base.minus(days(1)) } else { registered.plus(days(2)) };
                let other = ["GoDaddy", "Namecheap", "OVHcloud", "IONOS", "Gandi", "Network Solutions"][t % 6];
                let mut notices = vec![TransferNotice {
                    notice_type: TransferNoticeType::StatusUpdate,
                    message: "Transfer requested".into(),
                    sent_at: initiated,
                }];
                let finished = matches!(status, TransferStatus::Completed | TransferStatus::Failed | TransferStatus::Rejected);
                if status != TransferStatus::Pending {
                    let message = match status {
                        TransferStatus::Approved => "Transfer approved; completing at the registry",
                        TransferStatus::Completed => "Transfer completed",
                        TransferStatus::Failed => "Transfer failed: the authorization code was not accepted",
                        _ => "Transfer rejected by the current registrar",
                    };
                    notices.push(TransferNotice {
                        notice_type: TransferNoticeType::StatusUpdate,
                        message: message.into(),
                        sent_at: initiated.plus(days(3)),
                    });
                }
                let id = self.id(initiated, 5);
                self.pending.transfers.push(DomainTransfer {
                    id,
                    domain_id,
                    user_id: owner,
                    transfer_type: if incoming { TransferType::Incoming } else { TransferType::Outgoing },
                    status,
                    current_registrar: if incoming { other.into() } else { "Name.com".into() },
                    target_registrar: if incoming { "Name.com".into() } else { other.into() },
                    initiated_at: Some(initiated),
                    completed_at: finished.then(|| initiated.plus(days(3))),
                    estimated_completion_date: Some(if finished { initiated.plus(days(5)) } else { self.now.plus(days(4)) }),
                    notifications: notices,
                    created_at: initiated,
                    updated_at: if finished { initiated.plus(days(3)) } else { initiated },
                    version: 1,
                });
                self.pending.auth_codes.push((id, format!("LG-{:08x}-{:04x}", splitmix(r ^ 0xa7), t)));
            }

            // Two notifications.
            for k in 0..2u64 {
                let kind = [NotificationType::DomainExpiring, NotificationType::DnsChanged, NotificationType::TransferComplete]
                    [((i as u64 * 2 + k) % 3) as usize];
                let created = self.base.minus(hours(((r >> (k * 8)) % 2000) as i64));
                let (title, message) = match kind {
                    NotificationType::DomainExpiring => (
                        "Domain expiring soon".to_string(),
                        format!("Your domain {} expires on {}.", name.unicode(), &expires.to_string()[..10]),
                    ),
                    NotificationType::DnsChanged => {
                        ("DNS records changed".to_string(), format!("Records of {} were changed.", name.unicode()))
                    }
                    NotificationType::TransferComplete => {
                        ("Transfer complete".to_string(), format!("The transfer of {} is complete.", name.unicode()))
                    }
                };
                let id = self.id(created, 14);
                self.pending.notifications.push(Notification {
                    id,
                    user_id: owner,
                    notification_type: kind,
                    title,
                    message,
                    is_read: !(i as u64 + k).is_multiple_of(3),
                    email_sent: kind == NotificationType::DomainExpiring,
                    sent_at: (kind == NotificationType::DomainExpiring).then_some(created),
                    created_at: created,
                    version: 1,
                });
            }
            self.maybe_flush().await?;
        }
        Ok(())
    }

    async fn projects(&mut self) -> anyhow::Result<()> {
        for j in 0..self.spec.hosting_projects() {
            let c = j % self.clients.len();
            let owner = self.clients[c];
            let created = self.base.minus(days(400 + (j as i64 * 11) % 600));
            let project_id = self.id(created, 9);
            let project_name = format!("{}-site-{}", PROJECT_WORDS[j % PROJECT_WORDS.len()], j + 1);
            let mut domains: Vec<ProjectDomain> = self.client_domains[c]
                .iter()
                .take(1 + j % 2)
                .map(|d| ProjectDomain {
                    domain: d.clone(),
                    domain_type: ProjectDomainType::Production,
                    ssl_enabled: true,
                    created_at: created,
                })
                .collect();
            let preview = format!("{project_name}-git-preview.hostjamstack.app");
            domains.push(ProjectDomain {
                domain: DomainName::parse(&preview).map_err(|e| anyhow::anyhow!("{preview}: {e}"))?,
                domain_type: ProjectDomainType::Preview,
                ssl_enabled: true,
                created_at: created,
            });
            let secret = j % 5 == 0;
            let mut environment_variables = vec![
                EnvironmentVariable {
                    key: "API_URL".into(),
                    value: Some(format!("https://api.{project_name}.example.com")),
                    environment: EnvironmentTarget::Production,
                    is_secret: false,
                },
                EnvironmentVariable {
                    key: "API_URL".into(),
                    value: Some(format!("https://staging-api.{project_name}.example.com")),
                    environment: EnvironmentTarget::Preview,
                    is_secret: false,
                },
            ];
            if secret {
                environment_variables.push(EnvironmentVariable {
                    key: "DATABASE_URL".into(),
                    value: None,
                    environment: EnvironmentTarget::Production,
                    is_secret: true,
                });
                self.pending.secrets.push((
                    project_id,
                    "DATABASE_URL".into(),
                    EnvironmentTarget::Production,
                    format!("postgres://app:lg{:016x}@db.internal/app", splitmix(j as u64 ^ 0x5ec)),
                ));
            }
            let (build, output, install) = [
                ("npm run build", "dist", "npm ci"),
                ("next build", ".next", "pnpm install"),
                ("hugo --minify", "public", "npm ci"),
                ("gatsby build", "public", "yarn install"),
            ][j % 4];
            let node = ["18.x", "20.x", "22.x"][j % 3];
            let mut last = None;
            let mut updated = created;
            let deployments = 10;
            for k in 0..deployments {
                let started = self.base.minus(hours(((deployments - k) as i64) * 30 + (j as i64 % 24)));
                let status = if k == deployments - 1 && j % 7 == 0 {
                    DeploymentStatus::Building
                } else {
                    match (j + k) % 9 {
                        3 => DeploymentStatus::Error,
                        6 => DeploymentStatus::Cancelled,
                        _ => DeploymentStatus::Ready,
                    }
                };
                let environment = if k % 3 == 1 { DeploymentEnvironment::Preview } else { DeploymentEnvironment::Production };
                let duration: Option<i64> =
                    (status != DeploymentStatus::Building).then_some(20_000 + ((j * 31 + k * 17) % 90) as i64 * 1000);
                let mut logs = vec![
                    BuildLogEntry { timestamp: started, level: "info".into(), message: "Cloning repository".into() },
                    BuildLogEntry {
                        timestamp: started.plus(chrono::Duration::seconds(2)),
                        level: "info".into(),
                        message: format!("Using Node.js {node}"),
                    },
                    BuildLogEntry {
                        timestamp: started.plus(chrono::Duration::seconds(3)),
                        level: "info".into(),
                        message: format!("Running \"{install}\""),
                    },
                    BuildLogEntry {
                        timestamp: started.plus(chrono::Duration::seconds(15)),
                        level: "info".into(),
                        message: format!("Running \"{build}\""),
                    },
                ];
                match status {
                    DeploymentStatus::Ready => logs.push(BuildLogEntry {
                        timestamp: started.plus(chrono::Duration::seconds(19)),
                        level: "info".into(),
                        message: "Deployment ready".into(),
                    }),
                    DeploymentStatus::Error => logs.push(BuildLogEntry {
                        timestamp: started.plus(chrono::Duration::seconds(19)),
                        level: "error".into(),
                        message: format!("Command \"{build}\" exited with 1"),
                    }),
                    DeploymentStatus::Cancelled => logs.push(BuildLogEntry {
                        timestamp: started.plus(chrono::Duration::seconds(16)),
                        level: "warn".into(),
                        message: "Build cancelled".into(),
                    }),
                    DeploymentStatus::Building => {}
                }
                let id = self.id(started, 10);
                let ready_production = status == DeploymentStatus::Ready && environment == DeploymentEnvironment::Production;
                let views = 100 + splitmix((j * 100 + k) as u64) % 50_000;
                let finished = duration.map(|d| started.plus(chrono::Duration::milliseconds(d)));
                self.pending.deployments.push(Deployment {
                    id,
                    project_id,
                    user_id: owner,
                    deployment_id: format!(
                        "dpl_{:012x}",
                        splitmix(id.bytes().iter().fold(0u64, |h, b| h << 5 ^ *b as u64)) & 0xffff_ffff_ffff
                    ),
                    status,
                    environment,
                    source: DeploymentSource {
                        source_type: if k % 11 == 10 { SourceType::Upload } else { SourceType::Git },
                        commit_sha: Some(format!("{:08x}", splitmix((j * 1000 + k) as u64) as u32)),
                        commit_message: Some(COMMIT_MESSAGES[(j + k) % COMMIT_MESSAGES.len()].into()),
                        branch: Some(if environment == DeploymentEnvironment::Preview { format!("feature-{k}") } else { "main".into() }),
                        author: Some(format!("{} {}", FIRST_NAMES[(j + k) % FIRST_NAMES.len()], LAST_NAMES[j % LAST_NAMES.len()])),
                    },
                    build_logs: logs,
                    build_duration: duration.map(|d| d as u64),
                    build_started_at: Some(started),
                    build_completed_at: finished,
                    url: format!(
                        "https://{project_name}-{:09x}.hostjamstack.app",
                        splitmix(id.bytes()[11] as u64 ^ (j * 16 + k) as u64) & 0xf_ffff_ffff
                    ),
                    domains: if ready_production {
                        domains
                            .iter()
                            .filter(|d| d.domain_type == ProjectDomainType::Production)
                            .map(|d| d.domain.as_str().to_string())
                            .collect()
                    } else {
                        vec![]
                    },
                    analytics: ready_production.then(|| DeploymentAnalytics {
                        page_views: views,
                        unique_visitors: views * 2 / 3,
                        top_pages: vec!["/".into(), "/pricing".into(), "/about".into()],
                    }),
                    created_at: started,
                    updated_at: finished.unwrap_or(started),
                    version: 1,
                });
                last = Some(id);
                updated = finished.unwrap_or(started);
            }
            let latest = self.pending.deployments.last().map(|d| d.status);
            self.pending.projects.push(HostingProject {
                id: project_id,
                hosting_package_id: self.hosting[c],
                user_id: owner,
                project_name: project_name.clone(),
                display_name: project_name.replace('-', " "),
                description: Some("Marketing site".into()),
                repository: ProjectRepository {
                    provider: [RepositoryProvider::Github, RepositoryProvider::Gitlab, RepositoryProvider::Bitbucket][j % 3],
                    url: format!("https://github.com/client{:04}/{project_name}", c + 1),
                    branch: "main".into(),
                    auto_deploy_enabled: j % 4 != 0,
                },
                build_settings: BuildSettings {
                    build_command: build.into(),
                    output_directory: output.into(),
                    install_command: install.into(),
                    node_version: node.into(),
                },
                environment_variables,
                domains,
                status: match latest {
                    Some(DeploymentStatus::Building) => ProjectStatus::Building,
                    Some(DeploymentStatus::Error) => ProjectStatus::Error,
                    _ if j % 29 == 28 => ProjectStatus::Disabled,
                    _ => ProjectStatus::Ready,
                },
                last_deployment: last,
                created_at: created,
                updated_at: updated,
                version: 1,
            });
            self.maybe_flush().await?;
        }
        Ok(())
    }

    async fn tickets(&mut self) -> anyhow::Result<()> {
        let t = self.spec.tickets;
        let per_ticket = self.spec.messages.checked_div(t).unwrap_or(0);
        let extra = self.spec.messages.checked_rem(t).unwrap_or(0);
        let span_minutes = 730 * 24 * 60;
        for j in 0..t {
            let r = self.rng(j as u64, 9);
            let c = self.client_for(j, 10);
            let customer = self.clients[c];
            let created = self.base.minus(minutes(((t - j) as i64 * span_minutes) / t as i64 + (r % 60) as i64));
            let age_days = (self.base.unix_millis() - created.unix_millis()) / 86_400_000;
            let status = if age_days < 3 {
                [TicketStatus::Open, TicketStatus::InProgress, TicketStatus::WaitingCustomer][(r % 3) as usize]
            } else if age_days < 14 {
                [TicketStatus::InProgress, TicketStatus::WaitingCustomer, TicketStatus::Resolved, TicketStatus::Open][(r % 4) as usize]
            } else if r.is_multiple_of(5) {
                TicketStatus::Resolved
            } else {
                TicketStatus::Closed
            };
            let priority =
                [TicketPriority::Low, TicketPriority::Normal, TicketPriority::Normal, TicketPriority::High, TicketPriority::Urgent]
                    [(r >> 8) as usize % 5];
            let (subject, category, subcategory) = TICKET_SUBJECTS[(r >> 16) as usize % TICKET_SUBJECTS.len()];
            let domain = self.client_domains[c].first().cloned();
            let subject = subject.replace("{d}", &domain.as_ref().map(|d| d.unicode()).unwrap_or_else(|| "my domain".into()));
            let ticket_id = self.id(created, 12);
            let staff = &self.staff[(r >> 24) as usize % self.staff.len()];
            let (staff_id, staff_name) = (staff.0, staff.1.clone());
            let staff_info = StaffInfo { name: staff_name, role: "Technical Support".into(), department: "Support".into() };
            let count = per_ticket + usize::from(j < extra);
            let assigned = status != TicketStatus::Open || count > 2;
            let mut first_response = None;
            let mut last_response = None;
            let mut resolved_at = None;
            let mut current = TicketStatus::Open;
            let mut at = created;
            for p in 0..count {
                at = at.plus(minutes(5 + ((r >> (p % 48)) % 240) as i64));
                let last_one = p + 1 == count;
                // The thread: question, pick-up, answer, then back and forth
                // with the odd internal note, and the closing status change.
                let (kind, to): (u8, Option<TicketStatus>) = if p == 0 {
                    (0, None)
                } else if p == 1 && count > 2 {
                    (2, Some(TicketStatus::InProgress))
                } else if last_one && matches!(status, TicketStatus::Resolved | TicketStatus::Closed) {
                    (2, Some(status))
                } else if last_one && status == TicketStatus::WaitingCustomer {
                    (2, Some(TicketStatus::WaitingCustomer))
                } else if p % 7 == 4 {
                    (3, None)
                } else if p % 2 == 0 {
                    (1, None)
                } else {
                    (0, None)
                };
                let (user_id, from_customer, message_type, info, change, content) = match kind {
                    0 => (Some(customer), true, MessageType::Reply, None, None, CUSTOMER_LINES[(j + p) % CUSTOMER_LINES.len()].to_string()),
                    1 => (
                        None,
                        false,
                        MessageType::Reply,
                        Some(staff_info.clone()),
                        None,
                        STAFF_LINES[(j + p) % STAFF_LINES.len()].to_string(),
                    ),
                    3 => {
                        (None, false, MessageType::Note, Some(staff_info.clone()), None, NOTE_LINES[(j + p) % NOTE_LINES.len()].to_string())
                    }
                    _ => {
                        let to = to.unwrap_or(TicketStatus::InProgress);
                        let change = StatusChange { from: current, to };
                        current = to;
                        let text =
                            format!("Status changed from {} to {}", change.from.as_str().replace('_', " "), to.as_str().replace('_', " "));
                        (None, false, MessageType::StatusChange, Some(staff_info.clone()), Some(change), text)
                    }
                };
                if kind == 1 && first_response.is_none() {
                    first_response = Some(at);
                }
                if kind != 3 {
                    last_response = Some(at);
                }
                if matches!(change.as_ref().map(|c| c.to), Some(TicketStatus::Resolved | TicketStatus::Closed)) && resolved_at.is_none() {
                    resolved_at = Some(at);
                }
                let attachments = if kind == 0 && (j + p) % 6 == 0 {
                    vec![Attachment {
                        filename: format!("screenshot-{}.png", p + 1),
                        file_size: 40_000 + (r % 900_000),
                        mime_type: "image/png".into(),
                        url: format!("https://storage.hostjamstack.com/attachments/{:016x}.png", splitmix(r ^ p as u64)),
                    }]
                } else {
                    vec![]
                };
                let id = self.id(at, 13);
                self.pending.messages.push(SupportMessage {
                    id,
                    ticket_id,
                    user_id,
                    content,
                    message_type,
                    is_from_customer: from_customer,
                    attachments,
                    staff_info: info,
                    status_change: change,
                    created_at: at,
                    updated_at: at,
                    version: 1,
                });
                self.pending.message_owners.push(customer);
            }
            self.pending.tickets.push(SupportTicket {
                id: ticket_id,
                user_id: customer,
                support_package_id: self.support[c],
                ticket_number: format!("TKT-{}-{:06}", created.datetime().format("%Y"), j + 1),
                subject,
                description: CUSTOMER_LINES[j % CUSTOMER_LINES.len()].into(),
                priority,
                status,
                category,
                subcategory: Some(subcategory.into()),
                assigned_to: assigned.then_some(staff_id),
                assigned_at: assigned.then(|| created.plus(minutes(3))),
                first_response_at: first_response,
                last_response_at: last_response,
                resolved_at: if matches!(status, TicketStatus::Resolved | TicketStatus::Closed) { resolved_at.or(Some(at)) } else { None },
                sla_breached: r.is_multiple_of(17),
                related_domains: domain.into_iter().collect(),
                related_hosting_packages: if category == TicketCategory::Technical { vec![self.hosting[c]] } else { vec![] },
                created_at: created,
                updated_at: at,
                version: 1,
            });
            self.maybe_flush().await?;
        }
        Ok(())
    }
}

fn super_ns(i: usize) -> anyhow::Result<Vec<hjs_model::Hostname>> {
    let names: [&str; 2] = match i % 3 {
        0 => ["amy.ns.cloudflare.com", "rob.ns.cloudflare.com"],
        1 => ["ns-cloud-a1.googledomains.com", "ns-cloud-a2.googledomains.com"],
        _ => ["dns1.registrar-servers.com", "dns2.registrar-servers.com"],
    };
    names.iter().map(|n| hjs_model::Hostname::parse(n).map_err(|e| anyhow::anyhow!("{n}: {e}"))).collect()
}

const ADJECTIVES: &[&str] = &[
    "alpine",
    "amber",
    "arctic",
    "atlas",
    "azure",
    "blue",
    "bold",
    "cedar",
    "clear",
    "coastal",
    "copper",
    "crimson",
    "crystal",
    "delta",
    "eagle",
    "ember",
    "evergreen",
    "fern",
    "golden",
    "granite",
    "green",
    "hidden",
    "iron",
    "ivory",
    "jade",
    "juniper",
    "lake",
    "lunar",
    "maple",
    "meadow",
    "misty",
    "noble",
    "oak",
    "ocean",
    "olive",
    "pine",
    "polar",
    "prairie",
    "quiet",
    "rapid",
    "red",
    "river",
    "royal",
    "sage",
    "silver",
    "solar",
    "stone",
    "summit",
];
const NOUNS: &[&str] = &[
    "analytics",
    "apparel",
    "architects",
    "arts",
    "auto",
    "bakery",
    "barbers",
    "bikes",
    "books",
    "brewing",
    "builders",
    "cafe",
    "candles",
    "capital",
    "care",
    "catering",
    "clinic",
    "coffee",
    "consulting",
    "craft",
    "dental",
    "design",
    "digital",
    "events",
    "farm",
    "fitness",
    "florist",
    "foods",
    "furniture",
    "gallery",
    "games",
    "garden",
    "goods",
    "health",
    "homes",
    "insurance",
    "interiors",
    "kitchen",
    "labs",
    "law",
    "legal",
    "logistics",
    "media",
    "motors",
    "music",
    "optics",
    "outdoors",
    "partners",
    "pets",
    "photo",
    "realty",
    "records",
    "roofing",
    "solutions",
    "studio",
    "supply",
    "systems",
    "tailors",
    "tech",
    "therapy",
    "tours",
    "travel",
    "ventures",
    "wellness",
];
const TLDS: &[&str] =
    &["com", "net", "org", "io", "de", "co.uk", "app", "dev", "eu", "nl", "fr", "shop", "online", "store", "tech", "com.au"];

/// The `i`-th generated domain name: distinct for every `i`.
fn domain_name(i: usize) -> anyhow::Result<DomainName> {
    let styles = 2;
    let space = ADJECTIVES.len() * NOUNS.len() * TLDS.len() * styles;
    // A stride coprime with the space walks it in a scattered order.
    let mut stride = 7_919;
    while gcd(stride, space) != 1 {
        stride += 2;
    }
    let p = (i % space) * stride % space;
    let round = i / space;
    let adjective = ADJECTIVES[p % ADJECTIVES.len()];
    let noun = NOUNS[(p / ADJECTIVES.len()) % NOUNS.len()];
    let tld = TLDS[(p / (ADJECTIVES.len() * NOUNS.len())) % TLDS.len()];
    let style = p / (ADJECTIVES.len() * NOUNS.len() * TLDS.len());
    let label = match (style, round) {
        (0, 0) => format!("{adjective}{noun}"),
        (_, 0) => format!("{adjective}-{noun}"),
        (0, r) => format!("{adjective}{noun}{r}"),
        (_, r) => format!("{adjective}-{noun}-{r}"),
    };
    let name = format!("{label}.{tld}");
    DomainName::parse(&name).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

const FIRST_NAMES: &[&str] = &[
    "Ava", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jonas", "Kira", "Liam", "Maya", "Noah", "Olga", "Paul",
    "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Xenia", "Yusuf", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Adams",
    "Berg",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nowak",
    "Olsen",
    "Petrov",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Urban",
    "Virtanen",
    "Weber",
    "Yilmaz",
    "Zimmermann",
];
const COMPANY_KINDS: &[&str] = &["Consulting", "Design", "Bakery", "Dental", "Law Firm", "Fitness", "Travel", "Motors", "Studio", "Labs"];
const PROJECT_WORDS: &[&str] = &["marketing", "shop", "docs", "blog", "landing", "portfolio", "events", "careers"];
const COMMIT_MESSAGES: &[&str] = &[
    "Update homepage copy",
    "Fix broken links in footer",
    "Add new team members",
    "Bump dependencies",
    "Improve image loading",
    "New pricing table",
    "Fix typo on contact page",
    "Add cookie banner",
    "Migrate to new build pipeline",
    "Seasonal opening hours",
];
const TICKET_SUBJECTS: &[(&str, TicketCategory, &str)] = &[
    ("DNS changes not visible for {d}", TicketCategory::Technical, "dns"),
    ("SSL certificate error on {d}", TicketCategory::Technical, "ssl_certificates"),
    ("E-mail forwarding for {d} stopped working", TicketCategory::Technical, "email_forwarding"),
    ("Build fails after dependency update", TicketCategory::Technical, "build_failures"),
    ("Charged twice this month", TicketCategory::Billing, "refunds"),
    ("Update the VAT ID on invoices", TicketCategory::Billing, "invoices"),
    ("Renewal failed for {d}", TicketCategory::Billing, "payment_failed"),
    ("Transfer {d} from another registrar", TicketCategory::Migration, "domain_transfer"),
    ("Move our site from WordPress", TicketCategory::Migration, "site_migration"),
    ("How do I add a team member?", TicketCategory::General, "account"),
    ("Question about the reseller API", TicketCategory::General, "api"),
];
const CUSTOMER_LINES: &[&str] = &[
    "Hello, since this morning our website shows an error. Could you take a look?",
    "I changed the records yesterday but I still see the old address.",
    "Thanks, that helped. One more question though.",
    "Any update on this? It is affecting our customers.",
    "Attached is a screenshot of what we see.",
    "We did not change anything on our side.",
    "Perfect, it works now. Thank you!",
    "Could you explain what I need to change exactly?",
];
const STAFF_LINES: &[&str] = &[
    "Thanks for reaching out. I'm looking into it now.",
    "I checked the configuration and found the cause; the fix is live now.",
    "Could you confirm whether the problem still occurs on your side?",
    "DNS changes can take up to the record's TTL to reach every resolver; yours is 3600 seconds.",
    "I've escalated this to our platform team and will update you as soon as I hear back.",
    "The certificate has been re-issued and is active now.",
];
const NOTE_LINES: &[&str] = &[
    "Customer on legacy plan; check limits before offering upgrade.",
    "Reproduced on staging. Linked to platform ticket.",
    "Second time this month — consider proactive outreach.",
    "Billing adjustment approved by team lead.",
];
