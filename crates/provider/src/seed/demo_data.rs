//! The demo data set (see the module documentation of [`super`]).

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use anyhow::Context;
use hjs_model::dns::{EDGE_IPV4, EDGE_IPV6};
use hjs_model::documents::domains::default_nameservers;
use hjs_model::documents::{
    Attachment, BillingAddress, BillingCycle, BuildLogEntry, BuildSettings, Deployment, DeploymentAnalytics, DeploymentEnvironment,
    DeploymentSource, DeploymentStatus, DnsRecord, DnsRecordType, Domain, DomainOrder, DomainStatus, DomainTransfer, EmailForwarding,
    EnvironmentTarget, EnvironmentVariable, HostingPackage, HostingPackageStatus, HostingPackageType, HostingProject, HostingUsage,
    MessageType, Notification, NotificationType, OrderStatus, PaymentMethod, PaymentMethodType, PaymentProvider, ProjectDomain,
    ProjectDomainType, ProjectRepository, ProjectStatus, RepositoryProvider, SourceType, StaffInfo, StatusChange, SupportChannel,
    SupportMessage, SupportPackage, SupportPackageStatus, SupportPackageType, SupportTicket, SupportUsage, TicketCategory, TicketPriority,
    TicketStatus, TransferNotice, TransferNoticeType, TransferStatus, TransferType, User, UserBilling, UserProfile, UserRole,
};
use hjs_model::support::canned::CannedReplyDraft;
use hjs_model::{Collection, Currency, DomainName, EmailAddress, Hostname, ObjectId, Timestamp};

use super::{
    cents, days, demo_base, hours, minutes, seed_id, table_counts, user_exists, DEMO_ADMIN_EMAIL, DEMO_PASSWORD, DEMO_RESELLER_EMAIL,
};
use crate::accounts::password::{self, NewPassword};
use crate::accounts::users::{self, NewUser};
use crate::db::{Db, WriteTx};
use crate::files::FileStore;
use crate::store::Stored;

/// Loads the demo data set in one transaction; returns a one-line summary.
/// Does nothing (and says so) when the demo admin already exists.
pub async fn demo(db: &Db, files: &dyn FileStore) -> anyhow::Result<String> {
    if user_exists(db, DEMO_ADMIN_EMAIL).await? {
        return already_present(db).await;
    }
    // Hash outside the writer lock: argon2 is deliberately slow, and takes
    // 19 MiB a hash. Every demo person has the same, published password, so
    // one hash serves them all (the desktop seeds this in its own process,
    // where 14 hashes left ~200 MB with the allocator).
    let hash = password::hash(NewPassword::parse(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?).await?;
    let mut tx = db.begin_write(crate::db::Audit::Seed).await?;
    // Checked again under the writer lock, so two loaders cannot both insert.
    let taken: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1").bind(DEMO_ADMIN_EMAIL).fetch_optional(&mut *tx.tx).await?;
    if taken.is_some() {
        drop(tx);
        return already_present(db).await;
    }
    let base = demo_base()?;
    let mut demo = Demo { tx, files, base, now: Timestamp::now(), counts: BTreeMap::new(), users: HashMap::new(), n: 0 };
    demo.people(&hash).await?;
    let domains = demo.domains().await?;
    demo.dns_records(&domains).await?;
    demo.email_forwardings(&domains).await?;
    demo.transfers(&domains).await?;
    let methods = demo.payment_methods().await?;
    demo.orders(&domains).await?;
    demo.billing_details(&methods).await?;
    let packages = demo.hosting_packages().await?;
    demo.projects(&packages).await?;
    let support_packages = demo.support_packages().await?;
    demo.tickets(&support_packages, &packages).await?;
    demo.canned_replies().await?;
    demo.notifications().await?;
    let Demo { tx, counts, .. } = demo;
    tx.commit().await?;
    let counts: Vec<String> = Collection::ALL.iter().map(|c| format!("{} {}", c.as_str(), counts.get(c).copied().unwrap_or(0))).collect();
    Ok(format!(
        "demo data loaded: {}. Every demo account signs in with the password {DEMO_PASSWORD} \
         (admin {DEMO_ADMIN_EMAIL}, reseller {DEMO_RESELLER_EMAIL}).",
        counts.join(", ")
    ))
}

async fn already_present(db: &Db) -> anyhow::Result<String> {
    Ok(format!("demo data already present ({DEMO_ADMIN_EMAIL} exists), nothing inserted; tables: {}", table_counts(db).await?))
}

/// The people of the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum P {
    Admin,
    Sarah,
    Tomas,
    Northwind,
    Lena,
    James,
    Priya,
    Marco,
    Sophie,
    Daniel,
    Harbor,
    Olivia,
}

struct Person {
    key: P,
    email: &'static str,
    first: &'static str,
    last: &'static str,
    role: UserRole,
    reseller: Option<P>,
    company: Option<&'static str>,
    phone: Option<&'static str>,
    timezone: &'static str,
    language: &'static str,
    /// street, city, state, zip, country
    address: Option<(&'static str, &'static str, Option<&'static str>, &'static str, &'static str)>,
    /// Days before the base the account was opened.
    joined: i64,
    currency: Currency,
    /// VAT/GST in basis points.
    tax_bp: i64,
}

/// In creation order: resellers before their clients.
const PEOPLE: &[Person] = &[
    Person {
        key: P::Admin,
        email: "admin@demo.hostjamstack.com",
        first: "Amelia",
        last: "Hartmann",
        role: UserRole::Admin,
        reseller: None,
        company: Some("HostJamstack"),
        phone: Some("+49 30 5557 0100"),
        timezone: "Europe/Berlin",
        language: "en",
        address: None,
        joined: 1500,
        currency: Currency::EUR,
        tax_bp: 0,
    },
    Person {
        key: P::Sarah,
        email: "sarah.johnson@demo.hostjamstack.com",
        first: "Sarah",
        last: "Johnson",
        role: UserRole::Support,
        reseller: None,
        company: Some("HostJamstack"),
        phone: None,
        timezone: "Europe/Dublin",
        language: "en",
        address: None,
        joined: 1200,
        currency: Currency::EUR,
        tax_bp: 0,
    },
    Person {
        key: P::Tomas,
        email: "tomas.oliveira@demo.hostjamstack.com",
        first: "Tomás",
        last: "Oliveira",
        role: UserRole::Support,
        reseller: None,
        company: Some("HostJamstack"),
        phone: None,
        timezone: "Europe/Lisbon",
        language: "pt",
        address: None,
        joined: 640,
        currency: Currency::EUR,
        tax_bp: 0,
    },
    Person {
        key: P::Northwind,
        email: "reseller@demo.hostjamstack.com",
        first: "Nora",
        last: "Lindqvist",
        role: UserRole::Reseller,
        reseller: None,
        company: Some("Northwind Reseller"),
        phone: Some("+49 40 5550 1234"),
        timezone: "Europe/Berlin",
        language: "en",
        address: Some(("Speicherstadt 12", "Hamburg", None, "20457", "DE")),
        joined: 1460,
        currency: Currency::EUR,
        tax_bp: 1900,
    },
    Person {
        key: P::Lena,
        email: "lena.mueller@demo.hostjamstack.com",
        first: "Lena",
        last: "Müller",
        role: UserRole::User,
        reseller: Some(P::Northwind),
        company: Some("Bäckerei Müller"),
        phone: Some("+49 89 5556 2210"),
        timezone: "Europe/Berlin",
        language: "de",
        address: Some(("Sendlinger Straße 41", "München", Some("BY"), "80331", "DE")),
        joined: 3000,
        currency: Currency::EUR,
        tax_bp: 1900,
    },
    Person {
        key: P::James,
        email: "james.carter@demo.hostjamstack.com",
        first: "James",
        last: "Carter",
        role: UserRole::User,
        reseller: Some(P::Northwind),
        company: Some("Carter & Sons Plumbing"),
        phone: Some("+1 312 555 0147"),
        timezone: "America/Chicago",
        language: "en",
        address: Some(("2150 W Belmont Ave", "Chicago", Some("IL"), "60618", "US")),
        joined: 2500,
        currency: Currency::USD,
        tax_bp: 0,
    },
    Person {
        key: P::Priya,
        email: "priya.raman@demo.hostjamstack.com",
        first: "Priya",
        last: "Raman",
        role: UserRole::User,
        reseller: Some(P::Northwind),
        company: Some("Lotus Yoga Studio"),
        phone: Some("+44 20 7946 0321"),
        timezone: "Europe/London",
        language: "en",
        address: Some(("18 Camden High Street", "London", None, "NW1 0JH", "GB")),
        joined: 1500,
        currency: Currency::EUR,
        tax_bp: 2000,
    },
    Person {
        key: P::Marco,
        email: "marco.bianchi@demo.hostjamstack.com",
        first: "Marco",
        last: "Bianchi",
        role: UserRole::User,
        reseller: Some(P::Northwind),
        company: Some("Trattoria Bianchi"),
        phone: Some("+39 055 555 0190"),
        timezone: "Europe/Rome",
        language: "it",
        address: Some(("Via dei Neri 27", "Firenze", Some("FI"), "50122", "IT")),
        joined: 1800,
        currency: Currency::EUR,
        tax_bp: 2200,
    },
    Person {
        key: P::Sophie,
        email: "sophie.laurent@demo.hostjamstack.com",
        first: "Sophie",
        last: "Laurent",
        role: UserRole::User,
        reseller: None,
        company: None,
        phone: Some("+33 1 55 55 01 72"),
        timezone: "Europe/Paris",
        language: "fr",
        address: Some(("14 rue de la Roquette", "Paris", None, "75011", "FR")),
        joined: 1400,
        currency: Currency::EUR,
        tax_bp: 2000,
    },
    Person {
        key: P::Daniel,
        email: "daniel.kim@demo.hostjamstack.com",
        first: "Daniel",
        last: "Kim",
        role: UserRole::User,
        reseller: None,
        company: Some("Brightpath Software Inc."),
        phone: Some("+1 415 555 0188"),
        timezone: "America/Los_Angeles",
        language: "en",
        address: Some(("500 Howard St, Suite 300", "San Francisco", Some("CA"), "94105", "US")),
        joined: 2200,
        currency: Currency::USD,
        tax_bp: 0,
    },
    Person {
        key: P::Harbor,
        email: "harbor@demo.hostjamstack.com",
        first: "Ethan",
        last: "Walsh",
        role: UserRole::Reseller,
        reseller: None,
        company: Some("Harbor Web Partners"),
        phone: Some("+1 617 555 0133"),
        timezone: "America/New_York",
        language: "en",
        address: Some(("88 Atlantic Ave", "Boston", Some("MA"), "02110", "US")),
        joined: 1600,
        currency: Currency::USD,
        tax_bp: 0,
    },
    Person {
        key: P::Olivia,
        email: "olivia.brown@demo.hostjamstack.com",
        first: "Olivia",
        last: "Brown",
        role: UserRole::User,
        reseller: Some(P::Harbor),
        company: Some("Brown Family Dental"),
        phone: Some("+61 2 5550 1987"),
        timezone: "Australia/Sydney",
        language: "en",
        address: Some(("120 Pitt Street", "Sydney", Some("NSW"), "2000", "AU")),
        joined: 1450,
        currency: Currency::USD,
        tax_bp: 1000,
    },
];

fn person(key: P) -> &'static Person {
    PEOPLE.iter().find(|p| p.key == key).unwrap_or(&PEOPLE[0])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Default,
    Cloudflare,
    Aws,
    Ovh,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mail {
    None,
    Hostjamstack,
    Google,
    Microsoft,
}

struct DomainSpec {
    name: &'static str,
    owner: P,
    status: DomainStatus,
    /// Hours from the moment of seeding to expiration (negative: expired).
    expires_in_hours: i64,
    auto_renew: bool,
    ns: Ns,
    /// Days before the base the domain was registered.
    registered: i64,
    period: u8,
    premium: bool,
    purchase: i64,
    renewal: i64,
    mail: Mail,
}

#[allow(clippy::too_many_arguments)]
const fn d(
    name: &'static str,
    owner: P,
    status: DomainStatus,
    expires_in_hours: i64,
    auto_renew: bool,
    ns: Ns,
    registered: i64,
    period: u8,
    purchase: i64,
    renewal: i64,
    mail: Mail,
) -> DomainSpec {
    DomainSpec { name, owner, status, expires_in_hours, auto_renew, ns, registered, period, premium: false, purchase, renewal, mail }
}

const DAY: i64 = 24;

use DomainStatus::{Active, Expired, Pending, Suspended, Transferred};

const DOMAINS: &[DomainSpec] = &[
    d("northwind-reseller.com", P::Northwind, Active, 210 * DAY, true, Ns::Default, 1460, 1, 1299, 1499, Mail::Hostjamstack),
    d("northwind-hosting.net", P::Northwind, Active, 95 * DAY, true, Ns::Default, 1100, 1, 1399, 1599, Mail::Hostjamstack),
    d("northwind.dev", P::Northwind, Active, 400 * DAY, true, Ns::Default, 700, 2, 3198, 1599, Mail::None),
    d("northwind-legacy.net", P::Northwind, Transferred, 150 * DAY, false, Ns::Default, 2000, 1, 1399, 1599, Mail::None),
    d("northwind-clients.org", P::Northwind, Active, 365 * DAY, true, Ns::Default, 500, 1, 1249, 1449, Mail::None),
    d("baeckerei-mueller.de", P::Lena, Active, 12, false, Ns::Default, 3000, 1, 699, 799, Mail::Hostjamstack),
    d("bäckerei-müller.de", P::Lena, Active, 3 * DAY, true, Ns::Default, 900, 1, 699, 799, Mail::None),
    d("bücher-beispiel.de", P::Lena, Active, 45 * DAY, true, Ns::Default, 400, 1, 699, 799, Mail::Hostjamstack),
    d("mueller-brot.shop", P::Lena, Pending, 365 * DAY, true, Ns::Default, 2, 1, 2999, 3499, Mail::None),
    d("carterplumbing.com", P::James, Active, 6 * DAY, true, Ns::Default, 2500, 1, 1299, 1499, Mail::Microsoft),
    d("carter-plumbing.net", P::James, Active, 220 * DAY, true, Ns::Default, 95, 1, 1399, 1599, Mail::None),
    d("carterandsons.us", P::James, Expired, -5 * DAY, false, Ns::Default, 1200, 1, 899, 1099, Mail::None),
    d("chicago-plumbing-pros.com", P::James, Active, 300 * DAY, true, Ns::Default, 600, 1, 1299, 1499, Mail::Hostjamstack),
    d("carter-emergency.com", P::James, Expired, -40 * DAY, false, Ns::Default, 800, 1, 1299, 1499, Mail::None),
    d("lotusyoga.co.uk", P::Priya, Active, 14 * DAY, true, Ns::Default, 1500, 2, 1798, 999, Mail::Hostjamstack),
    d("lotus-yoga-studio.com", P::Priya, Active, 25 * DAY, false, Ns::Cloudflare, 800, 1, 1299, 1499, Mail::None),
    d("lotusyoga.app", P::Priya, Pending, 200 * DAY, true, Ns::Default, 4, 1, 1699, 1999, Mail::None),
    d("lotus-retreats.org", P::Priya, Active, 67 * DAY, true, Ns::Default, 300, 1, 1249, 1449, Mail::Hostjamstack),
    d("trattoria-bianchi.it", P::Marco, Active, 58 * DAY, true, Ns::Default, 1800, 1, 999, 1199, Mail::Hostjamstack),
    d("trattoriabianchi.com", P::Marco, Active, 88 * DAY, true, Ns::Default, 1700, 1, 1299, 1499, Mail::None),
    d("bianchi-catering.eu", P::Marco, Pending, 300 * DAY, true, Ns::Default, 6, 1, 799, 999, Mail::None),
    d("pizzeria-da-marco.it", P::Marco, Suspended, 120 * DAY, false, Ns::Default, 500, 1, 999, 1199, Mail::Hostjamstack),
    d("sophielaurent.design", P::Sophie, Active, 75 * DAY, true, Ns::Default, 1000, 1, 3999, 4599, Mail::Hostjamstack),
    d("laurent-studio.fr", P::Sophie, Active, 320 * DAY, true, Ns::Ovh, 70, 1, 899, 1099, Mail::None),
    d("sophielaurent.dev", P::Sophie, Active, 500 * DAY, true, Ns::Default, 650, 3, 4797, 1599, Mail::None),
    d("atelier-laurent.com", P::Sophie, Expired, -20 * DAY, false, Ns::Default, 1400, 1, 1299, 1499, Mail::None),
    d("sophie-laurent.net", P::Sophie, Active, 700 * DAY, true, Ns::Default, 350, 2, 2798, 1599, Mail::Hostjamstack),
    d("brightpath.io", P::Daniel, Active, 180 * DAY, true, Ns::Default, 1300, 1, 3900, 4500, Mail::Google),
    d("brightpath-software.com", P::Daniel, Active, 27 * DAY, true, Ns::Default, 1250, 1, 1299, 1499, Mail::Google),
    d("brightpath.app", P::Daniel, Active, 640 * DAY, true, Ns::Default, 270, 2, 3398, 1999, Mail::None),
    DomainSpec {
        name: "brightpath.ai",
        owner: P::Daniel,
        status: Active,
        expires_in_hours: 365 * DAY,
        auto_renew: true,
        ns: Ns::Default,
        registered: 200,
        period: 2,
        premium: true,
        purchase: 79900,
        renewal: 8900,
        mail: Mail::None,
    },
    d("brightpath.org", P::Daniel, Pending, 150 * DAY, true, Ns::Default, 3, 1, 1249, 1449, Mail::None),
    d("kimchi-labs.com", P::Daniel, Active, 40 * DAY, false, Ns::Cloudflare, 2200, 1, 1299, 1499, Mail::None),
    d("brightpath.dev", P::Daniel, Active, 2 * DAY, true, Ns::Aws, 600, 1, 1599, 1799, Mail::None),
    d("getbrightpath.net", P::Daniel, Suspended, 100 * DAY, true, Ns::Default, 450, 1, 1399, 1599, Mail::None),
    d("harborwebpartners.com", P::Harbor, Active, 260 * DAY, true, Ns::Default, 1600, 1, 1299, 1499, Mail::Hostjamstack),
    d("harbor-web.agency", P::Harbor, Active, 33 * DAY, true, Ns::Default, 300, 1, 2499, 2999, Mail::None),
    d("browndental.com.au", P::Olivia, Active, 19 * DAY, true, Ns::Default, 1100, 2, 2398, 1199, Mail::Hostjamstack),
    d("brownfamilydental.com", P::Olivia, Active, 20, true, Ns::Default, 1450, 1, 1299, 1499, Mail::None),
    d("smile-bright-dental.net", P::Olivia, Transferred, 80 * DAY, false, Ns::Default, 900, 1, 1399, 1599, Mail::None),
];

/// Which domains are served by which hosting project (production domain first).
const PROJECT_DOMAINS: &[(&str, &[&str])] = &[
    ("baeckerei-mueller-web", &["baeckerei-mueller.de", "www.baeckerei-mueller.de", "bäckerei-müller.de"]),
    ("lotus-yoga-site", &["lotusyoga.co.uk", "www.lotusyoga.co.uk"]),
    ("brightpath-marketing", &["brightpath.io", "www.brightpath.io", "brightpath.ai"]),
    ("brightpath-docs", &["docs.brightpath.io"]),
    ("portfolio", &["sophielaurent.design", "www.sophielaurent.design"]),
    ("northwind-site", &["northwind-reseller.com", "www.northwind-reseller.com"]),
    ("trattoria-menu", &["trattoria-bianchi.it"]),
    ("brown-dental-site", &["browndental.com.au", "www.browndental.com.au"]),
];

struct Demo<'f> {
    tx: WriteTx,
    files: &'f dyn FileStore,
    base: Timestamp,
    now: Timestamp,
    counts: BTreeMap<Collection, usize>,
    users: HashMap<P, User>,
    /// Running number for ids.
    n: u64,
}

/// (type, name, value, TTL, priority, system record, active)
type RecordRow = (DnsRecordType, &'static str, String, u32, Option<u16>, bool, bool);

/// A stored demo domain with what the later steps need.
struct DemoDomain {
    doc: Domain,
    spec: &'static DomainSpec,
}

impl Demo<'_> {
    fn id(&mut self, created: Timestamp, kind: u8) -> ObjectId {
        self.n += 1;
        seed_id(created, kind, self.n)
    }

    fn user(&self, key: P) -> anyhow::Result<&User> {
        self.users.get(&key).with_context(|| format!("demo user {key:?} is missing"))
    }

    fn uid(&self, key: P) -> anyhow::Result<ObjectId> {
        Ok(self.user(key)?.id)
    }

    fn ago(&self, d: i64, h: i64) -> Timestamp {
        self.base.minus(days(d)).minus(hours(h))
    }

    async fn put<D: Stored>(&mut self, doc: &D) -> anyhow::Result<()> {
        self.tx.insert(doc).await.with_context(|| format!("Failed to insert demo {} {}", D::COLLECTION, doc.id()))?;
        *self.counts.entry(D::COLLECTION).or_default() += 1;
        Ok(())
    }

    /// Keeps a demo file (made up from its name, see `demo_files`) as
    /// attached to a message.
    async fn attach(&mut self, filename: &str, message_id: ObjectId, uploader: ObjectId, at: Timestamp) -> anyhow::Result<Attachment> {
        let received = crate::files::keep_bytes(self.files, super::demo_files::content(filename))
            .await
            .with_context(|| format!("Failed to keep the demo file {filename}"))?;
        let id = self.id(at, 14);
        let attachment = Attachment {
            filename: filename.into(),
            file_size: received.size,
            mime_type: hjs_model::files::sniff(&received.head).into(),
            url: hjs_model::files::attachment_url(id),
        };
        crate::support::attachments::record(&mut self.tx.tx, id, &received.sha256, &attachment, uploader, Some(message_id), at).await?;
        Ok(attachment)
    }

    async fn put_message(&mut self, message: &SupportMessage, customer: ObjectId) -> anyhow::Result<()> {
        self.tx.insert_owned_by(message, customer).await.context("Failed to insert a demo support message")?;
        *self.counts.entry(Collection::SupportMessages).or_default() += 1;
        Ok(())
    }

    async fn people(&mut self, password_hash: &str) -> anyhow::Result<()> {
        for spec in PEOPLE {
            let reseller_id = match spec.reseller {
                Some(key) => Some(self.uid(key)?),
                None => None,
            };
            let created_at = self.ago(spec.joined, 0);
            let user = users::create(
                &mut self.tx,
                NewUser {
                    email: EmailAddress::parse(spec.email).map_err(|e| anyhow::anyhow!("{e}"))?,
                    password_hash: password_hash.to_string(),
                    first_name: spec.first.into(),
                    last_name: spec.last.into(),
                    role: spec.role,
                    reseller_id,
                    email_verified: true,
                    profile: UserProfile {
                        company: spec.company.map(str::to_string),
                        phone: spec.phone.map(str::to_string),
                        timezone: spec.timezone.into(),
                        language: spec.language.into(),
                    },
                    created_at,
                },
            )
            .await
            .with_context(|| format!("Failed to create demo user {}", spec.email))?;
            *self.counts.entry(Collection::Users).or_default() += 1;
            self.users.insert(spec.key, user);
        }
        Ok(())
    }

    async fn domains(&mut self) -> anyhow::Result<Vec<DemoDomain>> {
        let mut out = Vec::with_capacity(DOMAINS.len());
        for (i, spec) in DOMAINS.iter().enumerate() {
            let owner = person(spec.owner);
            let name = DomainName::parse(spec.name).map_err(|e| anyhow::anyhow!("{}: {e}", spec.name))?;
            let registered = self.ago(spec.registered, (i as i64 * 7) % 24);
            let nameservers = match spec.ns {
                Ns::Default => default_nameservers(),
                Ns::Cloudflare => hosts(&["amy.ns.cloudflare.com", "rob.ns.cloudflare.com"])?,
                Ns::Aws => hosts(&["ns-1536.awsdns-00.co.uk", "ns-0.awsdns-00.com", "ns-512.awsdns-00.net", "ns-1024.awsdns-00.org"])?,
                Ns::Ovh => hosts(&["dns110.ovh.net", "ns110.ovh.net"])?,
            };
            let tld = spec.name.rsplit('.').next().unwrap_or_default();
            let privacy_available = !matches!(tld, "de" | "eu" | "it" | "uk" | "au" | "us" | "fr");
            let doc = Domain {
                id: self.id(registered, 2),
                domain_name: name,
                user_id: self.uid(spec.owner)?,
                registration_date: registered,
                expiration_date: self.now.plus(hours(spec.expires_in_hours)),
                auto_renew: spec.auto_renew,
                registration_period: spec.period,
                is_premium: spec.premium,
                status: spec.status,
                registrar: "name.com".into(),
                registrar_domain_id: (spec.status != Pending).then(|| format!("{}_DOMAIN-NC", 4_810_000_000u64 + i as u64 * 7_919)),
                nameservers,
                use_default_nameservers: spec.ns == Ns::Default,
                purchase_price: cents(spec.purchase),
                renewal_price: cents(spec.renewal),
                currency: owner.currency,
                whois_privacy: privacy_available && spec.status != Transferred,
                transfer_lock: !matches!(spec.status, Transferred | Pending) && tld != "de" && spec.name != "kimchi-labs.com",
                created_at: registered,
                updated_at: self.ago(spec.registered / 3, 2),
                version: 1,
            };
            self.put(&doc).await?;
            out.push(DemoDomain { doc, spec });
        }
        Ok(out)
    }

    async fn dns_records(&mut self, domains: &[DemoDomain]) -> anyhow::Result<()> {
        for domain in domains {
            let spec = domain.spec;
            if spec.ns != Ns::Default || matches!(spec.status, Pending | Transferred) {
                continue; // served elsewhere, or not ours (yet)
            }
            let apex = domain.doc.domain_name.as_str().to_string();
            let hosted = PROJECT_DOMAINS.iter().any(|(_, names)| names.contains(&spec.name));
            let project = PROJECT_DOMAINS.iter().find(|(_, names)| names.contains(&spec.name)).map(|(p, _)| *p);
            let mut records: Vec<RecordRow> = vec![
                // (type, name, value, ttl, priority, system, active)
                (DnsRecordType::NS, "@", "ns1.hostjamstack.com".into(), 86400, None, true, true),
                (DnsRecordType::NS, "@", "ns2.hostjamstack.com".into(), 86400, None, true, true),
            ];
            if hosted {
                records.push((DnsRecordType::A, "@", EDGE_IPV4.into(), 300, None, true, true));
                records.push((DnsRecordType::AAAA, "@", EDGE_IPV6.into(), 300, None, true, true));
                let target = format!("{}.hostjamstack.app", project.unwrap_or("site"));
                records.push((DnsRecordType::CNAME, "www", target, 300, None, true, true));
            } else {
                let last = 20 + (domain.doc.id.bytes()[11] % 200);
                records.push((DnsRecordType::A, "@", format!("198.51.100.{last}"), 3600, None, false, true));
                if spec.owner != P::James {
                    records.push((DnsRecordType::AAAA, "@", format!("2001:db8:51::{last:x}"), 3600, None, false, true));
                }
                records.push((DnsRecordType::CNAME, "www", apex.clone(), 3600, None, false, true));
            }
            match spec.mail {
                Mail::None => {
                    // No mail: say so, so nobody can send in the domain's name.
                    records.push((DnsRecordType::TXT, "@", "v=spf1 -all".into(), 3600, None, false, true));
                }
                Mail::Hostjamstack => {
                    records.push((DnsRecordType::MX, "@", "mx1.hostjamstack.com".into(), 3600, Some(10), true, true));
                    records.push((DnsRecordType::MX, "@", "mx2.hostjamstack.com".into(), 3600, Some(20), true, true));
                    records.push((DnsRecordType::TXT, "@", "v=spf1 include:_spf.hostjamstack.com ~all".into(), 3600, None, true, true));
                    records.push((
                        DnsRecordType::TXT,
                        "hjs1._domainkey",
                        format!("v=DKIM1; k=ed25519; p={}", pseudo_base64(&apex, 43)),
                        3600,
                        None,
                        true,
                        true,
                    ));
                    records.push((DnsRecordType::SRV, "_submission._tcp", "1 587 smtp.hostjamstack.com".into(), 3600, Some(0), true, true));
                    records.push((DnsRecordType::SRV, "_imaps._tcp", "1 993 imap.hostjamstack.com".into(), 3600, Some(0), true, true));
                    records.push((DnsRecordType::CNAME, "webmail", "webmail.hostjamstack.com".into(), 3600, None, false, true));
                }
                Mail::Google => {
                    for (priority, host) in [
                        (1, "aspmx.l.google.com"),
                        (5, "alt1.aspmx.l.google.com"),
                        (5, "alt2.aspmx.l.google.com"),
                        (10, "alt3.aspmx.l.google.com"),
                        (10, "alt4.aspmx.l.google.com"),
                    ] {
                        records.push((DnsRecordType::MX, "@", host.into(), 3600, Some(priority), false, true));
                    }
                    records.push((DnsRecordType::TXT, "@", "v=spf1 include:_spf.google.com ~all".into(), 3600, None, false, true));
                    records.push((
                        DnsRecordType::TXT,
                        "@",
                        format!("google-site-verification={}", pseudo_base64(&format!("g{apex}"), 43)),
                        3600,
                        None,
                        false,
                        true,
                    ));
                }
                Mail::Microsoft => {
                    let host = format!("{}.mail.protection.outlook.com", apex.replace('.', "-"));
                    records.push((DnsRecordType::MX, "@", host, 3600, Some(0), false, true));
                    records.push((
                        DnsRecordType::TXT,
                        "@",
                        "v=spf1 include:spf.protection.outlook.com -all".into(),
                        3600,
                        None,
                        false,
                        true,
                    ));
                    records.push((DnsRecordType::TXT, "@", "MS=ms48213957".into(), 3600, None, false, true));
                    records.push((DnsRecordType::CNAME, "autodiscover", "autodiscover.outlook.com".into(), 3600, None, false, true));
                    records.push((DnsRecordType::SRV, "_sip._tls", "1 443 sipdir.online.lync.com".into(), 3600, Some(100), false, true));
                    records.push((
                        DnsRecordType::SRV,
                        "_sipfederationtls._tcp",
                        "1 5061 sipfed.online.lync.com".into(),
                        3600,
                        Some(100),
                        false,
                        true,
                    ));
                }
            }
            if spec.mail != Mail::None {
                let policy = if spec.owner == P::Daniel { "reject" } else { "quarantine" };
                records.push((
                    DnsRecordType::TXT,
                    "_dmarc",
                    format!("v=DMARC1; p={policy}; rua=mailto:dmarc-reports@{apex}"),
                    3600,
                    None,
                    false,
                    true,
                ));
            }
            // Extras that make individual zones look lived-in.
            match spec.name {
                "brightpath.io" => {
                    records.push((DnsRecordType::CNAME, "docs", "brightpath-docs.hostjamstack.app".into(), 300, None, true, true));
                    records.push((DnsRecordType::A, "api", "198.51.100.42".into(), 300, None, false, true));
                    records.push((DnsRecordType::AAAA, "api", "2001:db8:51::42".into(), 300, None, false, true));
                    records.push((DnsRecordType::CNAME, "status", "brightpath.statuspage.io".into(), 3600, None, false, true));
                    records.push((DnsRecordType::NS, "dev", "ns-1536.awsdns-00.co.uk".into(), 86400, None, false, true));
                    records.push((DnsRecordType::NS, "dev", "ns-0.awsdns-00.com".into(), 86400, None, false, true));
                    records.push((DnsRecordType::PTR, "b._dns-sd._udp", apex.clone(), 3600, None, false, true));
                    records.push((DnsRecordType::PTR, "lb._dns-sd._udp", apex.clone(), 3600, None, false, true));
                    records.push((
                        DnsRecordType::SRV,
                        "_xmpp-client._tcp",
                        "5 5222 chat.brightpath.io".into(),
                        3600,
                        Some(10),
                        false,
                        true,
                    ));
                    records.push((DnsRecordType::A, "staging", "198.51.100.77".into(), 300, None, false, false));
                }
                "northwind-reseller.com" => {
                    records.push((DnsRecordType::A, "portal", "198.51.100.12".into(), 3600, None, false, true));
                    records.push((DnsRecordType::PTR, "b._dns-sd._udp", apex.clone(), 3600, None, false, true));
                    records.push((DnsRecordType::TXT, "@", "stripe-verification=7d0f3c2a9b".into(), 3600, None, false, true));
                }
                "carterplumbing.com" => {
                    records.push((DnsRecordType::CNAME, "booking", "carterplumbing.setmore.com".into(), 3600, None, false, true));
                    records.push((DnsRecordType::PTR, "b._dns-sd._udp", apex.clone(), 3600, None, false, true));
                }
                "sophielaurent.design" => {
                    records.push((DnsRecordType::CNAME, "shop", "sophielaurent.myshopify.com".into(), 3600, None, false, true));
                    records.push((DnsRecordType::PTR, "b._dns-sd._udp", apex.clone(), 3600, None, false, true));
                }
                "trattoria-bianchi.it" => {
                    records.push((DnsRecordType::A, "old", "198.51.100.201".into(), 3600, None, false, false));
                    records.push((DnsRecordType::SRV, "_caldavs._tcp", "1 443 dav.hostjamstack.com".into(), 3600, Some(0), false, true));
                }
                "harborwebpartners.com" => {
                    records.push((DnsRecordType::CNAME, "clients", "harbor.hostjamstack.app".into(), 3600, None, false, true));
                    records.push((DnsRecordType::PTR, "b._dns-sd._udp", apex.clone(), 3600, None, false, true));
                }
                _ => {}
            }
            for (i, (record_type, name, value, ttl, priority, system, active)) in records.into_iter().enumerate() {
                let created = domain.doc.created_at.plus(minutes(5 + i as i64 * 3));
                let record = DnsRecord {
                    id: self.id(created, 3),
                    domain_id: domain.doc.id,
                    user_id: domain.doc.user_id,
                    record_type,
                    name: name.into(),
                    value,
                    ttl,
                    priority,
                    is_active: active,
                    is_system_record: system,
                    comment: None,
                    created_at: created,
                    updated_at: if system { created } else { created.max(self.ago(30 + i as i64, 3)) },
                    version: 1,
                };
                self.put(&record).await?;
            }
        }
        Ok(())
    }

    async fn email_forwardings(&mut self, domains: &[DemoDomain]) -> anyhow::Result<()> {
        for domain in domains {
            if domain.spec.mail != Mail::Hostjamstack {
                continue;
            }
            let apex = domain.doc.domain_name.as_str();
            let owner = self.user(domain.spec.owner)?.email.as_str().to_string();
            let mut forwards: Vec<(String, Vec<String>, bool, bool, u64)> =
                vec![(format!("info@{apex}"), vec![owner.clone()], false, true, 0)];
            match domain.spec.name {
                "baeckerei-mueller.de" => {
                    forwards.push((
                        format!("bestellungen@{apex}"),
                        vec![owner.clone(), "backstube.mueller@example.net".into()],
                        false,
                        true,
                        0,
                    ));
                    forwards.push((format!("*@{apex}"), vec![owner.clone()], true, true, 0));
                }
                "sophielaurent.design" => {
                    forwards.push((
                        format!("hello@{apex}"),
                        vec![owner.clone(), "sophie.laurent.studio@example.com".into()],
                        false,
                        true,
                        0,
                    ));
                    forwards.push((format!("*@{apex}"), vec!["sophie.laurent.studio@example.com".into()], true, true, 0));
                }
                "northwind-reseller.com" => {
                    forwards.push((format!("sales@{apex}"), vec![owner.clone(), "nora.lindqvist@example.org".into()], false, true, 0));
                    forwards.push((format!("support@{apex}"), vec!["helpdesk@example.org".into(), owner.clone()], false, true, 0));
                    forwards.push((format!("abuse@{apex}"), vec![owner.clone()], false, true, 0));
                }
                "chicago-plumbing-pros.com" => {
                    forwards.push((format!("quotes@{apex}"), vec![owner.clone(), "office@example.com".into()], false, true, 0));
                }
                "pizzeria-da-marco.it" => {
                    forwards[0].3 = false; // the domain is suspended
                }
                "browndental.com.au" => {
                    forwards.push((format!("appointments@{apex}"), vec!["reception.browndental@example.com".into()], false, true, 0));
                }
                _ => {}
            }
            for (i, (from, to, catch_all, active, _)) in forwards.into_iter().enumerate() {
                let created = domain.doc.created_at.plus(days(1 + i as i64));
                let forwarded = if active { 17 + (domain.doc.id.bytes()[11] as u64 * 13 + i as u64 * 211) % 2400 } else { 0 };
                let to_emails = to
                    .iter()
                    .map(|e| EmailAddress::parse(e).map_err(|x| anyhow::anyhow!("{e}: {x}")))
                    .collect::<anyhow::Result<Vec<_>>>()?;
                let forward = EmailForwarding {
                    id: self.id(created, 4),
                    domain_id: domain.doc.id,
                    user_id: domain.doc.user_id,
                    from_email: EmailAddress::parse(&from).map_err(|e| anyhow::anyhow!("{from}: {e}"))?,
                    to_emails,
                    is_active: active,
                    catch_all,
                    forwarded_count: forwarded,
                    last_forwarded_at: (forwarded > 0).then(|| self.ago(0, 2 + i as i64 * 5)),
                    created_at: created,
                    updated_at: created.plus(days(3)),
                    version: 1,
                };
                self.put(&forward).await?;
            }
        }
        Ok(())
    }

    async fn transfers(&mut self, domains: &[DemoDomain]) -> anyhow::Result<()> {
        struct T {
            domain: &'static str,
            transfer_type: TransferType,
            status: TransferStatus,
            current: &'static str,
            target: &'static str,
            /// Days before base it was initiated.
            initiated: i64,
            auth_code: &'static str,
            notices: &'static [(i64, &'static str)],
        }
        const TRANSFERS: &[T] = &[
            T {
                domain: "brightpath.org",
                transfer_type: TransferType::Incoming,
                status: TransferStatus::Pending,
                current: "GoDaddy",
                target: "Name.com",
                initiated: 2,
                auth_code: "Gd7#pX2q-Lm9v!Rk",
                notices: &[
                    (0, "Transfer requested; waiting for the current registrar to release the domain"),
                    (1, "Authorization e-mail sent to the registrant contact"),
                ],
            },
            T {
                domain: "lotusyoga.app",
                transfer_type: TransferType::Incoming,
                status: TransferStatus::Approved,
                current: "Namecheap",
                target: "Name.com",
                initiated: 4,
                auth_code: "nC4$wQ8z+Tj2Hy6e",
                notices: &[
                    (0, "Transfer requested"),
                    (1, "Registrant confirmed the transfer"),
                    (3, "Transfer approved by Namecheap; completing at the registry"),
                ],
            },
            T {
                domain: "laurent-studio.fr",
                transfer_type: TransferType::Incoming,
                status: TransferStatus::Completed,
                current: "OVHcloud",
                target: "Name.com",
                initiated: 70,
                auth_code: "OvH-7731-Kq3p-Zz81",
                notices: &[
                    (0, "Transfer requested"),
                    (1, "Transfer approved by OVHcloud"),
                    (2, "Transfer completed; the domain is now managed here"),
                ],
            },
            T {
                domain: "carter-plumbing.net",
                transfer_type: TransferType::Incoming,
                status: TransferStatus::Failed,
                current: "Network Solutions",
                target: "Name.com",
                initiated: 100,
                auth_code: "NS-8812-WRONG-0041",
                notices: &[(0, "Transfer requested"), (1, "Transfer failed: the registry rejected the authorization code")],
            },
            T {
                domain: "carter-plumbing.net",
                transfer_type: TransferType::Incoming,
                status: TransferStatus::Completed,
                current: "Network Solutions",
                target: "Name.com",
                initiated: 97,
                auth_code: "NS-8812-Hq7e-5521",
                notices: &[
                    (0, "Transfer requested with a new authorization code"),
                    (5, "Transfer completed; the domain is now managed here"),
                ],
            },
            T {
                domain: "bianchi-catering.eu",
                transfer_type: TransferType::Incoming,
                status: TransferStatus::Rejected,
                current: "Aruba",
                target: "Name.com",
                initiated: 6,
                auth_code: "aRu8.b1anch1.X92m",
                notices: &[
                    (0, "Transfer requested"),
                    (2, "Transfer rejected by Aruba: the domain is locked at the current registrar. Unlock it there and try again"),
                ],
            },
            T {
                domain: "northwind-legacy.net",
                transfer_type: TransferType::Outgoing,
                status: TransferStatus::Completed,
                current: "Name.com",
                target: "GoDaddy",
                initiated: 30,
                auth_code: "hjS-Out-4Fw8-Tn2K",
                notices: &[
                    (0, "Authorization code issued to the registrant"),
                    (1, "GoDaddy requested the transfer"),
                    (6, "Transfer completed; the domain left this account"),
                ],
            },
            T {
                domain: "smile-bright-dental.net",
                transfer_type: TransferType::Outgoing,
                status: TransferStatus::Completed,
                current: "Name.com",
                target: "Squarespace Domains",
                initiated: 45,
                auth_code: "hjS-Out-9Kd2-Pe5V",
                notices: &[(0, "Authorization code issued to the registrant"), (5, "Transfer completed; the domain left this account")],
            },
            T {
                domain: "kimchi-labs.com",
                transfer_type: TransferType::Outgoing,
                status: TransferStatus::Pending,
                current: "Name.com",
                target: "Cloudflare Registrar",
                initiated: 1,
                auth_code: "hjS-Out-2Zc7-Mx4R",
                notices: &[(0, "Transfer lock removed and authorization code issued to the registrant")],
            },
        ];
        for t in TRANSFERS {
            let domain =
                domains.iter().find(|d| d.spec.name == t.domain).with_context(|| format!("transfer of unknown domain {}", t.domain))?;
            let initiated = self.ago(t.initiated, 3);
            let mut notices: Vec<TransferNotice> = t
                .notices
                .iter()
                .map(|(day, message)| TransferNotice {
                    notice_type: TransferNoticeType::StatusUpdate,
                    message: (*message).into(),
                    sent_at: initiated.plus(days(*day)).plus(minutes(17)),
                })
                .collect();
            notices.sort_by_key(|n| n.sent_at);
            let finished = matches!(t.status, TransferStatus::Completed | TransferStatus::Failed | TransferStatus::Rejected);
            let last = notices.last().map(|n| n.sent_at).unwrap_or(initiated);
            let transfer = DomainTransfer {
                id: self.id(initiated, 5),
                domain_id: domain.doc.id,
                user_id: domain.doc.user_id,
                transfer_type: t.transfer_type,
                status: t.status,
                current_registrar: t.current.into(),
                target_registrar: t.target.into(),
                initiated_at: Some(initiated),
                completed_at: finished.then_some(last),
                estimated_completion_date: Some(if finished { initiated.plus(days(5)) } else { self.now.plus(days(3)) }),
                notifications: notices,
                created_at: initiated,
                updated_at: last,
                version: 1,
            };
            self.put(&transfer).await?;
            // The auth code is a secret: beside the document, never in it.
            sqlx::query("UPDATE domain_transfers SET auth_code = $1 WHERE id = $2")
                .bind(t.auth_code)
                .bind(transfer.id.to_string())
                .execute(&mut *self.tx.tx)
                .await?;
        }
        Ok(())
    }

    async fn payment_methods(&mut self) -> anyhow::Result<HashMap<P, ObjectId>> {
        // (owner, type, provider, token, last four, brand, month, year, default, active)
        type M = (
            P,
            PaymentMethodType,
            PaymentProvider,
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            Option<u8>,
            Option<u16>,
            bool,
            bool,
        );
        const METHODS: &[M] = &[
            (
                P::Northwind,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1QaNw4Kx8RsV2mZp",
                Some("4242"),
                Some("visa"),
                Some(9),
                Some(2028),
                true,
                true,
            ),
            (
                P::Northwind,
                PaymentMethodType::BankAccount,
                PaymentProvider::Stripe,
                "pm_1QaNw9SepaDe89370",
                Some("3000"),
                None,
                None,
                None,
                false,
                true,
            ),
            (
                P::Lena,
                PaymentMethodType::BankAccount,
                PaymentProvider::Stripe,
                "pm_1PzLm2SepaDe12003",
                Some("2003"),
                None,
                None,
                None,
                true,
                true,
            ),
            (
                P::James,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1OjCa7Mc4444Us01",
                Some("4444"),
                Some("mastercard"),
                Some(3),
                Some(2027),
                true,
                true,
            ),
            (
                P::James,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1MxCa2Ax0005Us02",
                Some("0005"),
                Some("amex"),
                Some(8),
                Some(2024),
                false,
                false,
            ),
            (P::Priya, PaymentMethodType::Paypal, PaymentProvider::Paypal, "B-7YR20384LK5930412", None, None, None, None, true, true),
            (
                P::Marco,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1NbTb3Vi1881It01",
                Some("1881"),
                Some("visa"),
                Some(11),
                Some(2026),
                true,
                true,
            ),
            (
                P::Sophie,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1PsLa8Cb3155Fr01",
                Some("3155"),
                Some("cartes_bancaires"),
                Some(5),
                Some(2029),
                true,
                true,
            ),
            (
                P::Daniel,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1LbDk1Ax8431Us01",
                Some("8431"),
                Some("amex"),
                Some(1),
                Some(2028),
                true,
                true,
            ),
            (P::Daniel, PaymentMethodType::Paypal, PaymentProvider::Paypal, "B-3KD99120MN2218840", None, None, None, None, false, true),
            (
                P::Harbor,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1NhWp6Vi0077Us01",
                Some("0077"),
                Some("visa"),
                Some(6),
                Some(2027),
                true,
                true,
            ),
            (
                P::Olivia,
                PaymentMethodType::Card,
                PaymentProvider::Stripe,
                "pm_1OoBd4Mc5100Au01",
                Some("5100"),
                Some("mastercard"),
                Some(12),
                Some(2027),
                true,
                true,
            ),
        ];
        let mut defaults = HashMap::new();
        for (i, (owner, method_type, provider, token, last_four, brand, month, year, is_default, active)) in METHODS.iter().enumerate() {
            let created = self.ago(person(*owner).joined - 1 - i as i64 * 20, 1);
            let method = PaymentMethod {
                id: self.id(created, 7),
                user_id: self.uid(*owner)?,
                method_type: *method_type,
                provider: *provider,
                provider_id: (*token).into(),
                last_four: last_four.map(str::to_string),
                brand: brand.map(str::to_string),
                expiry_month: *month,
                expiry_year: *year,
                is_default: *is_default,
                is_active: *active,
                created_at: created,
                updated_at: created,
                version: 1,
            };
            self.put(&method).await?;
            if *is_default {
                defaults.insert(*owner, method.id);
            }
        }
        Ok(defaults)
    }

    /// Sets each customer's billing address and default payment method.
    async fn billing_details(&mut self, defaults: &HashMap<P, ObjectId>) -> anyhow::Result<()> {
        for spec in PEOPLE {
            let Some((street, city, state, zip, country)) = spec.address else { continue };
            let mut user = self.user(spec.key)?.clone();
            user.billing = UserBilling {
                default_payment_method: defaults.get(&spec.key).copied(),
                billing_address: Some(BillingAddress {
                    street: street.into(),
                    city: city.into(),
                    state: state.map(str::to_string),
                    zip_code: zip.into(),
                    country: country.into(),
                }),
            };
            user.version += 1;
            user.updated_at = user.created_at.plus(days(1));
            self.tx.update(&user).await.with_context(|| format!("Failed to update demo user {}", spec.email))?;
            self.users.insert(spec.key, user);
        }
        Ok(())
    }

    async fn orders(&mut self, domains: &[DemoDomain]) -> anyhow::Result<()> {
        let mut number = 0;
        // One order per registration (or transfer-in) we hold, by date.
        let mut ordered: Vec<&DemoDomain> = domains.iter().filter(|d| d.spec.status != Transferred).collect();
        ordered.sort_by_key(|d| d.doc.registration_date);
        for domain in ordered {
            let spec = domain.spec;
            let status = match spec.name {
                "mueller-brot.shop" => OrderStatus::Pending,
                "brightpath.org" | "lotusyoga.app" | "bianchi-catering.eu" => OrderStatus::Processing,
                _ => OrderStatus::Completed,
            };
            number += 1;
            let created = domain.doc.registration_date.minus(minutes(4));
            self.order(
                number,
                spec.owner,
                domain.doc.domain_name.clone(),
                Some(domain.doc.id),
                spec.period,
                spec.premium,
                spec.purchase,
                status,
                created,
            )
            .await?;
        }
        // Orders that never produced a domain.
        let extra: &[(P, &str, OrderStatus, i64, i64)] = &[
            (P::Priya, "lotus.yoga", OrderStatus::Failed, 3499, 40),
            (P::James, "carterplumbing.co", OrderStatus::Failed, 2999, 12),
            (P::Daniel, "brightpath.co", OrderStatus::Refunded, 2999, 150),
            (P::Sophie, "laurent.studio", OrderStatus::Refunded, 2599, 60),
            (P::Olivia, "browndental.au", OrderStatus::Pending, 1999, 0),
        ];
        for (owner, name, status, price, ago) in extra {
            number += 1;
            let name = DomainName::parse(name).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            let created = self.ago(*ago, 5);
            self.order(number, *owner, name, None, 1, false, *price, *status, created).await?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn order(
        &mut self,
        number: usize,
        owner: P,
        domain_name: DomainName,
        domain_id: Option<ObjectId>,
        period: u8,
        premium: bool,
        subtotal: i64,
        status: OrderStatus,
        created: Timestamp,
    ) -> anyhow::Result<()> {
        let person = person(owner);
        let subtotal = cents(subtotal);
        let taxes = subtotal.percent_bp(person.tax_bp);
        let total = subtotal.checked_add(taxes).unwrap_or(subtotal);
        let paypal = matches!(owner, P::Priya);
        let paid = matches!(status, OrderStatus::Processing | OrderStatus::Completed | OrderStatus::Refunded);
        let intent = if paypal {
            format!("PAYID-{}", pseudo_hex(&format!("o{number}"), 20).to_uppercase())
        } else {
            format!("pi_3{}", pseudo_base64(&format!("o{number}"), 23))
        };
        let updated = match status {
            OrderStatus::Refunded => created.plus(days(3)),
            OrderStatus::Completed => created.plus(minutes(2)),
            _ => created.plus(minutes(1)),
        };
        let order = DomainOrder {
            id: self.id(created, 6),
            user_id: self.uid(owner)?,
            order_number: format!("ORD-{}-{number:04}", created.datetime().format("%Y")),
            status,
            domain_name,
            registration_period: period,
            is_premium: premium,
            subtotal,
            taxes,
            total,
            currency: person.currency,
            payment_method: if paypal { PaymentProvider::Paypal } else { PaymentProvider::Stripe },
            payment_intent_id: Some(intent),
            paid_at: paid.then(|| created.plus(minutes(1))),
            domain_id: if status == OrderStatus::Completed || status == OrderStatus::Processing { domain_id } else { None },
            created_at: created,
            updated_at: updated,
            version: 1,
        };
        self.put(&order).await
    }

    async fn hosting_packages(&mut self) -> anyhow::Result<HashMap<&'static str, HostingPackage>> {
        struct H {
            key: &'static str,
            owner: P,
            name: &'static str,
            package_type: HostingPackageType,
            status: HostingPackageStatus,
            /// storage GB, bandwidth GB, databases, email accounts, subdomains
            limits: (u32, u32, u32, u32, u32),
            usage: (f64, f64, u32, u32),
            price: i64,
            cycle: BillingCycle,
            location: &'static str,
            ip: &'static str,
            started: i64,
        }
        const PACKAGES: &[H] = &[
            H {
                key: "northwind-vps",
                owner: P::Northwind,
                name: "Reseller VPS 8",
                package_type: HostingPackageType::Vps,
                status: HostingPackageStatus::Active,
                limits: (160, 4000, 50, 200, 500),
                usage: (71.4, 1288.0, 23, 87),
                price: 4900,
                cycle: BillingCycle::Monthly,
                location: "Frankfurt, Germany",
                ip: "198.51.100.20",
                started: 1300,
            },
            H {
                key: "lena-starter",
                owner: P::Lena,
                name: "Starter Plan",
                package_type: HostingPackageType::Shared,
                status: HostingPackageStatus::Active,
                limits: (10, 100, 5, 10, 25),
                usage: (9.4, 61.5, 2, 4),
                price: 999,
                cycle: BillingCycle::Monthly,
                location: "Frankfurt, Germany",
                ip: "198.51.100.31",
                started: 900,
            },
            H {
                key: "priya-starter",
                owner: P::Priya,
                name: "Starter Plan",
                package_type: HostingPackageType::Shared,
                status: HostingPackageStatus::Active,
                limits: (10, 100, 5, 10, 25),
                usage: (2.1, 18.2, 1, 3),
                price: 10788,
                cycle: BillingCycle::Yearly,
                location: "London, United Kingdom",
                ip: "198.51.100.32",
                started: 500,
            },
            H {
                key: "marco-business",
                owner: P::Marco,
                name: "Business Plan",
                package_type: HostingPackageType::Shared,
                status: HostingPackageStatus::Suspended,
                limits: (50, 500, 20, 50, 100),
                usage: (12.7, 0.0, 3, 9),
                price: 1999,
                cycle: BillingCycle::Monthly,
                location: "Milan, Italy",
                ip: "198.51.100.33",
                started: 480,
            },
            H {
                key: "james-starter",
                owner: P::James,
                name: "Starter Plan",
                package_type: HostingPackageType::Shared,
                status: HostingPackageStatus::Cancelled,
                limits: (10, 100, 5, 10, 25),
                usage: (0.0, 0.0, 0, 0),
                price: 999,
                cycle: BillingCycle::Monthly,
                location: "Ashburn, United States",
                ip: "198.51.100.34",
                started: 1100,
            },
            H {
                key: "sophie-serverless",
                owner: P::Sophie,
                name: "Serverless Hobby",
                package_type: HostingPackageType::Serverless,
                status: HostingPackageStatus::Active,
                limits: (5, 100, 1, 5, 10),
                usage: (0.8, 42.3, 0, 2),
                price: 499,
                cycle: BillingCycle::Monthly,
                location: "Paris, France",
                ip: "203.0.113.10",
                started: 640,
            },
            H {
                key: "daniel-serverless",
                owner: P::Daniel,
                name: "Serverless Pro",
                package_type: HostingPackageType::Serverless,
                status: HostingPackageStatus::Active,
                limits: (100, 1000, 10, 25, 250),
                usage: (23.6, 812.9, 4, 12),
                price: 2900,
                cycle: BillingCycle::Monthly,
                location: "San Jose, United States",
                ip: "203.0.113.10",
                started: 1200,
            },
            H {
                key: "daniel-dedicated",
                owner: P::Daniel,
                name: "Dedicated E-2388G",
                package_type: HostingPackageType::Dedicated,
                status: HostingPackageStatus::Pending,
                limits: (1920, 20000, 100, 500, 1000),
                usage: (0.0, 0.0, 0, 0),
                price: 18900,
                cycle: BillingCycle::Monthly,
                location: "Ashburn, United States",
                ip: "198.51.100.60",
                started: 1,
            },
            H {
                key: "harbor-vps",
                owner: P::Harbor,
                name: "Agency VPS 4",
                package_type: HostingPackageType::Vps,
                status: HostingPackageStatus::Active,
                limits: (80, 2000, 25, 100, 250),
                usage: (31.2, 640.0, 11, 40),
                price: 2900,
                cycle: BillingCycle::Monthly,
                location: "Ashburn, United States",
                ip: "198.51.100.40",
                started: 1200,
            },
            H {
                key: "olivia-business",
                owner: P::Olivia,
                name: "Business Plan",
                package_type: HostingPackageType::Shared,
                status: HostingPackageStatus::Active,
                limits: (50, 500, 20, 50, 100),
                usage: (6.3, 120.4, 2, 14),
                price: 21588,
                cycle: BillingCycle::Yearly,
                location: "Sydney, Australia",
                ip: "198.51.100.41",
                started: 1000,
            },
        ];
        let mut out = HashMap::new();
        for (i, h) in PACKAGES.iter().enumerate() {
            let created = self.ago(h.started, 6);
            let features: &[&str] = match h.package_type {
                HostingPackageType::Shared => &["SSL Certificates", "Daily Backups", "24/7 Support", "CDN Included"],
                HostingPackageType::Vps => &["SSL Certificates", "Daily Backups", "Root Access", "DDoS Protection", "Reseller Panel"],
                HostingPackageType::Dedicated => &["SSL Certificates", "Hardware RAID", "IPMI Access", "DDoS Protection", "99.99% SLA"],
                HostingPackageType::Serverless => &["SSL Certificates", "Global CDN", "Preview Deployments", "Build Minutes: 6000/month"],
            };
            let next_billing = match (h.status, h.cycle) {
                (HostingPackageStatus::Cancelled, _) => None,
                (_, BillingCycle::Monthly) => Some(self.now.plus(days(3 + (i as i64 * 5) % 27))),
                (_, BillingCycle::Yearly) => Some(self.now.plus(days(40 + i as i64 * 31))),
            };
            let package = HostingPackage {
                id: self.id(created, 8),
                user_id: self.uid(h.owner)?,
                package_name: h.name.into(),
                package_type: h.package_type,
                status: h.status,
                storage: h.limits.0,
                bandwidth: h.limits.1,
                databases: h.limits.2,
                email_accounts: h.limits.3,
                subdomains: h.limits.4,
                features: features.iter().map(|f| f.to_string()).collect(),
                price: cents(h.price),
                currency: person(h.owner).currency,
                billing_cycle: h.cycle,
                next_billing_date: next_billing,
                auto_renew: h.status != HostingPackageStatus::Cancelled,
                current_usage: HostingUsage { storage: h.usage.0, bandwidth: h.usage.1, databases: h.usage.2, email_accounts: h.usage.3 },
                server_location: h.location.into(),
                server_ip: h.ip.parse::<IpAddr>().context("package IP")?,
                control_panel_url: match h.package_type {
                    HostingPackageType::Serverless => "https://app.hostjamstack.com/projects".into(),
                    _ => format!("https://cp{}.hostjamstack.com", 10 + i),
                },
                created_at: created,
                updated_at: self.ago(0, 4 + i as i64),
                version: 1,
            };
            self.put(&package).await?;
            out.insert(h.key, package);
        }
        Ok(out)
    }

    async fn projects(&mut self, packages: &HashMap<&'static str, HostingPackage>) -> anyhow::Result<()> {
        struct Pr {
            name: &'static str,
            display: &'static str,
            description: &'static str,
            package: &'static str,
            status: ProjectStatus,
            repo: (RepositoryProvider, &'static str, &'static str, bool),
            /// build command, output, install command, node version
            build: (&'static str, &'static str, &'static str, &'static str),
            /// key, value (None: secret), environment
            env: &'static [(&'static str, Option<&'static str>, EnvironmentTarget)],
            /// (status, environment, minutes before base, commit message, author, branch)
            deployments: &'static [(DeploymentStatus, DeploymentEnvironment, i64, &'static str, &'static str, &'static str)],
            created: i64,
        }
        use DeploymentEnvironment::{Preview, Production};
        use DeploymentStatus::{Building, Cancelled, Error, Ready};
        const PROJECTS: &[Pr] = &[
            Pr {
                name: "baeckerei-mueller-web",
                display: "Bäckerei Müller",
                description: "Website der Bäckerei mit Wochenangebot und Filialfinder",
                package: "lena-starter",
                status: ProjectStatus::Ready,
                repo: (RepositoryProvider::Github, "https://github.com/northwind-web/baeckerei-mueller", "main", true),
                build: ("npm run build", "dist", "npm ci", "20.x"),
                env: &[("PUBLIC_SHOP_URL", Some("https://shop.baeckerei-mueller.de"), EnvironmentTarget::Production)],
                deployments: &[
                    (Ready, Production, 60 * 24 * 20, "Wochenangebot KW 47", "Nora Lindqvist", "main"),
                    (Ready, Production, 60 * 24 * 6, "Add Christmas opening hours", "Nora Lindqvist", "main"),
                    (Ready, Preview, 60 * 30, "Stollen pre-order page", "Nora Lindqvist", "stollen-2026"),
                ],
                created: 880,
            },
            Pr {
                name: "lotus-yoga-site",
                display: "Lotus Yoga Studio",
                description: "Class schedule, teachers and online booking",
                package: "priya-starter",
                status: ProjectStatus::Building,
                repo: (RepositoryProvider::Gitlab, "https://gitlab.com/lotus-yoga/website", "main", true),
                build: ("npm run build && npm run export", "out", "npm ci", "18.x"),
                env: &[
                    ("NEXT_PUBLIC_BOOKING_URL", Some("https://booking.lotusyoga.co.uk"), EnvironmentTarget::Production),
                    ("NEXT_PUBLIC_BOOKING_URL", Some("https://staging-booking.lotusyoga.co.uk"), EnvironmentTarget::Preview),
                ],
                deployments: &[
                    (Ready, Production, 60 * 24 * 12, "New winter timetable", "Priya Raman", "main"),
                    (Error, Production, 60 * 24 * 2, "Switch to app router", "Priya Raman", "main"),
                    (Building, Production, 6, "Fix image import paths", "Priya Raman", "main"),
                ],
                created: 480,
            },
            Pr {
                name: "brightpath-marketing",
                display: "Brightpath Marketing Site",
                description: "brightpath.io landing pages, blog and pricing",
                package: "daniel-serverless",
                status: ProjectStatus::Ready,
                repo: (RepositoryProvider::Github, "https://github.com/brightpath/marketing-site", "main", true),
                build: ("next build", ".next", "pnpm install --frozen-lockfile", "20.x"),
                env: &[
                    ("NEXT_PUBLIC_API_URL", Some("https://api.brightpath.io"), EnvironmentTarget::Production),
                    ("NEXT_PUBLIC_API_URL", Some("https://api.staging.brightpath.io"), EnvironmentTarget::Preview),
                    ("NEXT_PUBLIC_PLAUSIBLE_DOMAIN", Some("brightpath.io"), EnvironmentTarget::Production),
                    ("STRIPE_SECRET_KEY", None, EnvironmentTarget::Production),
                    ("DEBUG", Some("brightpath:*"), EnvironmentTarget::Development),
                ],
                deployments: &[
                    (Ready, Production, 60 * 24 * 9, "Pricing page: annual plans", "Daniel Kim", "main"),
                    (Cancelled, Preview, 60 * 24 * 4, "WIP: new hero animation", "Mina Park", "hero-v2"),
                    (Ready, Preview, 60 * 24 * 3, "New hero animation", "Mina Park", "hero-v2"),
                    (Ready, Production, 60 * 20, "Merge hero-v2", "Daniel Kim", "main"),
                ],
                created: 1150,
            },
            Pr {
                name: "brightpath-docs",
                display: "Brightpath Docs",
                description: "Developer documentation (Docusaurus)",
                package: "daniel-serverless",
                status: ProjectStatus::Error,
                repo: (RepositoryProvider::Github, "https://github.com/brightpath/docs", "main", true),
                build: ("npm run build", "build", "npm ci", "20.x"),
                env: &[("ALGOLIA_APP_ID", Some("BP4X7Q2M1K"), EnvironmentTarget::Production)],
                deployments: &[
                    (Ready, Production, 60 * 24 * 15, "Document v2 webhooks", "Aiko Tanaka", "main"),
                    (Error, Production, 60 * 26, "Generate API reference from OpenAPI", "Aiko Tanaka", "main"),
                    (Error, Production, 60 * 3, "Raise Node heap for API reference", "Daniel Kim", "main"),
                ],
                created: 700,
            },
            Pr {
                name: "portfolio",
                display: "Sophie Laurent — Portfolio",
                description: "Portfolio et formulaire de contact",
                package: "sophie-serverless",
                status: ProjectStatus::Ready,
                repo: (RepositoryProvider::Github, "https://github.com/sophielaurent/portfolio", "main", false),
                build: ("npm run build", "build", "npm ci", "22.x"),
                env: &[
                    ("CONTACT_FORM_TOKEN", None, EnvironmentTarget::Production),
                    ("PUBLIC_LOCALE", Some("fr"), EnvironmentTarget::Production),
                ],
                deployments: &[
                    (Ready, Production, 60 * 24 * 40, "Projets 2026", "Sophie Laurent", "main"),
                    (Ready, Production, 60 * 24 * 2, "Nouvelle page « À propos »", "Sophie Laurent", "main"),
                ],
                created: 630,
            },
            Pr {
                name: "northwind-site",
                display: "Northwind Reseller",
                description: "Company site and client portal landing page",
                package: "northwind-vps",
                status: ProjectStatus::Ready,
                repo: (RepositoryProvider::Bitbucket, "https://bitbucket.org/northwind/site", "production", true),
                build: ("hugo --minify", "public", "npm ci", "18.x"),
                env: &[
                    ("HUGO_ENV", Some("production"), EnvironmentTarget::Production),
                    ("HUGO_ENV", Some("staging"), EnvironmentTarget::Preview),
                ],
                deployments: &[
                    (Ready, Production, 60 * 24 * 30, "Partner logos", "Nora Lindqvist", "production"),
                    (Ready, Production, 60 * 24 * 5, "Black Friday banner", "Nora Lindqvist", "production"),
                ],
                created: 1250,
            },
            Pr {
                name: "trattoria-menu",
                display: "Trattoria Bianchi — Menu",
                description: "Menù del giorno e prenotazioni",
                package: "marco-business",
                status: ProjectStatus::Disabled,
                repo: (RepositoryProvider::Gitlab, "https://gitlab.com/trattoria-bianchi/menu", "main", false),
                build: ("npx @11ty/eleventy", "_site", "npm ci", "18.x"),
                env: &[],
                deployments: &[(Ready, Production, 60 * 24 * 70, "Menù autunno", "Marco Bianchi", "main")],
                created: 470,
            },
            Pr {
                name: "brown-dental-site",
                display: "Brown Family Dental",
                description: "Practice website with appointment requests",
                package: "olivia-business",
                status: ProjectStatus::Ready,
                repo: (RepositoryProvider::Github, "https://github.com/harbor-web/brown-dental", "main", true),
                build: ("gatsby build", "public", "yarn install --frozen-lockfile", "18.x"),
                env: &[("GATSBY_BOOKING_ENDPOINT", Some("https://browndental.com.au/api/book"), EnvironmentTarget::Production)],
                deployments: &[
                    (Ready, Production, 60 * 24 * 25, "Holiday closure notice", "Ethan Walsh", "main"),
                    (Ready, Preview, 60 * 24, "New team photos", "Ethan Walsh", "team-page"),
                ],
                created: 980,
            },
        ];
        for project_spec in PROJECTS {
            let package = packages.get(project_spec.package).with_context(|| format!("unknown package {}", project_spec.package))?;
            let created = self.ago(project_spec.created, 2);
            let project_id = self.id(created, 9);
            let names = PROJECT_DOMAINS.iter().find(|(p, _)| *p == project_spec.name).map(|(_, n)| *n).unwrap_or(&[]);
            let mut project_domains = Vec::new();
            for (i, name) in names.iter().enumerate() {
                project_domains.push(ProjectDomain {
                    domain: DomainName::parse(name).map_err(|e| anyhow::anyhow!("{name}: {e}"))?,
                    domain_type: ProjectDomainType::Production,
                    ssl_enabled: !(project_spec.name == "baeckerei-mueller-web" && name.starts_with("bä")),
                    created_at: created.plus(hours(1 + i as i64)),
                });
            }
            let preview = format!("{}-git-preview.hostjamstack.app", project_spec.name);
            project_domains.push(ProjectDomain {
                domain: DomainName::parse(&preview).map_err(|e| anyhow::anyhow!("{preview}: {e}"))?,
                domain_type: ProjectDomainType::Preview,
                ssl_enabled: true,
                created_at: created,
            });
            let mut deployment_docs = Vec::new();
            for (i, (status, environment, minutes_ago, message, author, branch)) in project_spec.deployments.iter().enumerate() {
                let started = self.base.minus(minutes(*minutes_ago));
                let sha = pseudo_hex(&format!("{}{i}{message}", project_spec.name), 40);
                let (logs, duration) = build_log(started, project_spec.build, *status, project_spec.name);
                let id = self.id(started, 10);
                let short = pseudo_hex(&format!("{id}"), 9);
                let production_domains: Vec<String> = if *environment == Production && *status == Ready {
                    project_domains
                        .iter()
                        .filter(|d| d.domain_type == ProjectDomainType::Production)
                        .map(|d| d.domain.as_str().to_string())
                        .collect()
                } else {
                    vec![]
                };
                let views = 400 + (sha.as_bytes()[0] as u64 * 97 + i as u64 * 1300) % 42_000;
                deployment_docs.push(Deployment {
                    id,
                    project_id,
                    user_id: package.user_id,
                    deployment_id: format!("dpl_{}", pseudo_hex(&format!("d{id}"), 12)),
                    status: *status,
                    environment: *environment,
                    source: DeploymentSource {
                        source_type: SourceType::Git,
                        commit_sha: Some(sha[..8].to_string()),
                        commit_message: Some((*message).into()),
                        branch: Some((*branch).into()),
                        author: Some((*author).into()),
                    },
                    build_logs: logs,
                    build_duration: duration.map(|d| d as u64),
                    build_started_at: Some(started),
                    build_completed_at: duration.map(|d| started.plus(chrono::Duration::milliseconds(d))),
                    url: format!("https://{}-{short}.hostjamstack.app", project_spec.name),
                    domains: production_domains,
                    analytics: (*status == Ready && *environment == Production).then(|| DeploymentAnalytics {
                        page_views: views,
                        unique_visitors: views * 7 / 10,
                        top_pages: top_pages(project_spec.name),
                    }),
                    created_at: started,
                    updated_at: duration.map(|d| started.plus(chrono::Duration::milliseconds(d))).unwrap_or(started),
                    version: 1,
                });
            }
            let last_deployment = deployment_docs.iter().max_by_key(|d| d.created_at).map(|d| d.id);
            let mut secrets = Vec::new();
            let environment_variables = project_spec
                .env
                .iter()
                .map(|(key, value, environment)| {
                    if value.is_none() {
                        secrets.push((*key, *environment, secret_value(project_spec.name, key)));
                    }
                    EnvironmentVariable {
                        key: (*key).into(),
                        value: value.map(str::to_string),
                        environment: *environment,
                        is_secret: value.is_none(),
                    }
                })
                .collect();
            let project = HostingProject {
                id: project_id,
                hosting_package_id: package.id,
                user_id: package.user_id,
                project_name: project_spec.name.into(),
                display_name: project_spec.display.into(),
                description: Some(project_spec.description.into()),
                repository: ProjectRepository {
                    provider: project_spec.repo.0,
                    url: project_spec.repo.1.into(),
                    branch: project_spec.repo.2.into(),
                    auto_deploy_enabled: project_spec.repo.3,
                },
                build_settings: BuildSettings {
                    build_command: project_spec.build.0.into(),
                    output_directory: project_spec.build.1.into(),
                    install_command: project_spec.build.2.into(),
                    node_version: project_spec.build.3.into(),
                },
                environment_variables,
                domains: project_domains,
                status: project_spec.status,
                last_deployment,
                created_at: created,
                updated_at: deployment_docs.iter().map(|d| d.updated_at).max().unwrap_or(created),
                version: 1,
            };
            self.put(&project).await?;
            for (key, environment, value) in secrets {
                sqlx::query("INSERT INTO project_secrets (project_id, key, environment, value) VALUES ($1, $2, $3, $4)")
                    .bind(project.id.to_string())
                    .bind(key)
                    .bind(environment.as_str())
                    .bind(value)
                    .execute(&mut *self.tx.tx)
                    .await?;
            }
            for deployment in &deployment_docs {
                self.put(deployment).await?;
            }
        }
        Ok(())
    }

    /// The desk's library of canned replies, written by its staff.
    async fn canned_replies(&mut self) -> anyhow::Result<()> {
        const REPLIES: &[(P, &str, &str)] = &[
            (P::Sarah, "Looking into it", "Hi {{customer.firstName}},\n\nthanks for reaching out about {{ticket.number}}. We are looking into it and will get back to you within the hour."),
            (P::Sarah, "DNS propagation", "Hi {{customer.firstName}},\n\nthe DNS changes for {{domain}} are saved on our name servers. Resolvers around the world pick them up within the record's TTL, usually under an hour; some cache for up to 48 hours."),
            (P::Sarah, "SSL certificate renewed", "Hi {{customer.firstName}},\n\nwe renewed the certificate of {{domain}}; browsers show it as valid again. Let us know if any page still warns."),
            (P::Tomas, "Invoice corrected", "Hi {{customer.firstName}},\n\nwe corrected the invoice you asked about in {{ticket.number}}; the new copy is in Billing. The old one is void."),
            (P::Admin, "Closing after no reply", "Hi {{customer.firstName}},\n\nwe have not heard back about \"{{ticket.subject}}\", so we are closing {{ticket.number}}. Reply any time and a follow-up ticket opens."),
        ];
        for (i, (author, title, content)) in REPLIES.iter().enumerate() {
            let at = self.ago(300 - i as i64 * 20, 2);
            let draft = CannedReplyDraft { title: (*title).into(), content: (*content).into() };
            let reply = draft.parse().map_err(|e| anyhow::anyhow!("demo canned reply {title}: {e}"))?.into_reply(
                self.id(at, 14),
                self.uid(*author)?,
                at,
                1,
            );
            self.put(&reply).await?;
        }
        Ok(())
    }

    async fn support_packages(&mut self) -> anyhow::Result<HashMap<P, SupportPackage>> {
        // owner, type, status, price, tickets used, hours used, started days ago
        const PACKAGES: &[(P, SupportPackageType, SupportPackageStatus, i64, u32, f64, i64)] = &[
            (P::Daniel, SupportPackageType::Enterprise, SupportPackageStatus::Active, 19900, 7, 11.5, 900),
            (P::Northwind, SupportPackageType::Priority, SupportPackageStatus::Active, 2999, 3, 5.5, 1200),
            (P::Lena, SupportPackageType::Basic, SupportPackageStatus::Active, 499, 2, 1.0, 800),
            (P::Sophie, SupportPackageType::Basic, SupportPackageStatus::Expired, 499, 0, 0.0, 500),
            (P::Marco, SupportPackageType::Priority, SupportPackageStatus::Cancelled, 2999, 1, 0.5, 400),
            (P::Olivia, SupportPackageType::Basic, SupportPackageStatus::Active, 499, 1, 0.75, 700),
            (P::Harbor, SupportPackageType::Priority, SupportPackageStatus::Active, 2999, 1, 0.25, 1000),
        ];
        let mut out = HashMap::new();
        for (i, (owner, package_type, status, price, used, hours_used, started)) in PACKAGES.iter().enumerate() {
            let created = self.ago(*started, 3);
            let (name, features, monthly, response, channels): (&str, &[&str], i32, u32, &[SupportChannel]) = match package_type {
                SupportPackageType::Basic => {
                    ("Basic Support", &["E-mail Support", "24-hour Response Time", "Knowledge Base"], 3, 24 * 60, &[SupportChannel::Email])
                }
                SupportPackageType::Priority => (
                    "Priority Support",
                    &[
                        "24/7 Priority Support",
                        "Phone Support",
                        "1-hour Response Time",
                        "Technical Consultation",
                        "Site Migration Assistance",
                    ],
                    10,
                    60,
                    &[SupportChannel::Email, SupportChannel::Phone, SupportChannel::Chat],
                ),
                SupportPackageType::Enterprise => (
                    "Enterprise Support",
                    &[
                        "Dedicated Account Manager",
                        "24/7 Phone Support",
                        "30-minute Response Time",
                        "Architecture Reviews",
                        "Quarterly Business Reviews",
                    ],
                    -1,
                    30,
                    &[SupportChannel::Email, SupportChannel::Phone, SupportChannel::Chat],
                ),
            };
            let active = *status == SupportPackageStatus::Active;
            let package = SupportPackage {
                id: self.id(created, 11),
                user_id: self.uid(*owner)?,
                package_name: name.into(),
                package_type: *package_type,
                status: *status,
                features: features.iter().map(|f| f.to_string()).collect(),
                monthly_tickets: monthly,
                response_time_guarantee: response,
                support_channels: channels.to_vec(),
                price: cents(*price),
                currency: person(*owner).currency,
                billing_cycle: BillingCycle::Monthly,
                next_billing_date: active.then(|| self.now.plus(days(4 + i as i64 * 4))),
                auto_renew: active,
                current_usage: SupportUsage {
                    tickets_used: *used,
                    hours_used: *hours_used,
                    reset_date: if active { self.now.plus(days(4 + i as i64 * 4)) } else { self.ago(30 + i as i64, 0) },
                },
                created_at: created,
                updated_at: self.ago(1 + i as i64, 0),
                version: 1,
            };
            self.put(&package).await?;
            out.insert(*owner, package);
        }
        Ok(out)
    }

    async fn tickets(
        &mut self,
        support_packages: &HashMap<P, SupportPackage>,
        hosting: &HashMap<&'static str, HostingPackage>,
    ) -> anyhow::Result<()> {
        for (index, spec) in TICKETS.iter().enumerate() {
            let customer = self.uid(spec.owner)?;
            let created = self.base.minus(hours(spec.opened_hours_ago));
            let ticket_id = self.id(created, 12);
            let staff_id = match spec.assigned {
                Some(s) => Some(self.uid(s)?),
                None => None,
            };
            let mut messages = Vec::new();
            let mut first_response = None;
            let mut last_response = None;
            let mut resolved_at = None;
            for m in spec.thread {
                let at = created.plus(minutes(m.minutes));
                let (user_id, from_customer, staff_info, message_type, status_change) = match m.by {
                    By::Customer => (Some(customer), true, None, MessageType::Reply, None),
                    By::Staff(s) => (None, false, Some(staff_info(s)), MessageType::Reply, None),
                    By::Note(s) => (None, false, Some(staff_info(s)), MessageType::Note, None),
                    By::Status(s, from, to) => {
                        (None, false, Some(staff_info(s)), MessageType::StatusChange, Some(StatusChange { from, to }))
                    }
                };
                if matches!(m.by, By::Staff(_)) && first_response.is_none() {
                    first_response = Some(at);
                }
                if !matches!(m.by, By::Note(_)) {
                    last_response = Some(at);
                }
                if let By::Status(_, _, Resolved) = m.by {
                    resolved_at = Some(at);
                }
                let message_id = self.id(at, 13);
                let uploader = match m.by {
                    By::Customer => customer,
                    By::Staff(s) | By::Note(s) | By::Status(s, _, _) => self.uid(s)?,
                };
                let mut attachments = Vec::new();
                for filename in m.attachments {
                    attachments.push(self.attach(filename, message_id, uploader, at).await?);
                }
                messages.push(SupportMessage {
                    id: message_id,
                    ticket_id,
                    user_id,
                    content: m.content.into(),
                    message_type,
                    is_from_customer: from_customer,
                    attachments,
                    staff_info,
                    status_change,
                    created_at: at,
                    updated_at: at,
                    version: 1,
                });
            }
            let package = support_packages.get(&spec.owner).filter(|p| p.status == SupportPackageStatus::Active).map(|p| p.id);
            let related_domains = spec
                .domains
                .iter()
                .map(|d| DomainName::parse(d).map_err(|e| anyhow::anyhow!("{d}: {e}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let related_hosting = spec.hosting.iter().filter_map(|key| hosting.get(key).map(|p| p.id)).collect();
            let ticket = SupportTicket {
                id: ticket_id,
                user_id: customer,
                support_package_id: package,
                ticket_number: format!("TKT-{}-{:06}", created.datetime().format("%Y"), index + 1),
                subject: spec.subject.into(),
                description: spec.description.into(),
                priority: spec.priority,
                status: spec.status,
                category: spec.category,
                subcategory: spec.subcategory.map(str::to_string),
                assigned_to: staff_id,
                assigned_at: staff_id.map(|_| created.plus(minutes(spec.assigned_after_minutes))),
                first_response_at: first_response,
                last_response_at: last_response,
                resolved_at: if matches!(spec.status, Resolved | Closed) { resolved_at } else { None },
                sla_breached: spec.sla_breached,
                related_domains,
                related_hosting_packages: related_hosting,
                created_at: created,
                updated_at: messages.iter().map(|m| m.created_at).max().unwrap_or(created),
                version: 1,
            };
            self.put(&ticket).await?;
            for message in &messages {
                self.put_message(message, customer).await?;
            }
        }
        Ok(())
    }

    async fn notifications(&mut self) -> anyhow::Result<()> {
        // owner, type, title, message, read, e-mailed, hours before base
        const NOTES: &[(P, NotificationType, &str, &str, bool, bool, i64)] = &[
            (
                P::Lena,
                NotificationType::DomainExpiring,
                "Domain expiring tomorrow",
                "Your domain baeckerei-mueller.de expires in 1 day and auto-renew is off.",
                false,
                true,
                3,
            ),
            (
                P::Lena,
                NotificationType::DomainExpiring,
                "Domain expiring soon",
                "Your domain bäckerei-müller.de expires in 7 days; it will renew automatically.",
                true,
                true,
                100,
            ),
            (
                P::Lena,
                NotificationType::DnsChanged,
                "DNS records changed",
                "3 records of baeckerei-mueller.de were changed by Nora Lindqvist.",
                true,
                false,
                200,
            ),
            (
                P::James,
                NotificationType::DomainExpiring,
                "Domain expired",
                "Your domain carterandsons.us expired. Renew it within the grace period to keep it.",
                false,
                true,
                110,
            ),
            (
                P::James,
                NotificationType::DomainExpiring,
                "Domain expiring soon",
                "Your domain carterplumbing.com expires in 7 days; it will renew automatically.",
                false,
                true,
                30,
            ),
            (
                P::James,
                NotificationType::TransferComplete,
                "Transfer complete",
                "carter-plumbing.net was transferred in from Network Solutions.",
                true,
                true,
                97 * 24 - 120,
            ),
            (
                P::Priya,
                NotificationType::DomainExpiring,
                "Domain expiring in 30 days",
                "Your domain lotus-yoga-studio.com expires in 30 days and auto-renew is off.",
                true,
                true,
                130,
            ),
            (
                P::Priya,
                NotificationType::DnsChanged,
                "DNS records changed",
                "The MX records of lotusyoga.co.uk were updated.",
                false,
                false,
                20,
            ),
            (
                P::Marco,
                NotificationType::DomainExpiring,
                "Domain expiring in 60 days",
                "Your domain trattoria-bianchi.it expires in 60 days; it will renew automatically.",
                true,
                true,
                60,
            ),
            (
                P::Sophie,
                NotificationType::TransferComplete,
                "Transfer complete",
                "laurent-studio.fr was transferred in from OVHcloud.",
                true,
                true,
                68 * 24,
            ),
            (
                P::Sophie,
                NotificationType::DomainExpiring,
                "Domain expired",
                "Your domain atelier-laurent.com expired 20 days ago.",
                true,
                true,
                20 * 24,
            ),
            (
                P::Daniel,
                NotificationType::DomainExpiring,
                "Domain expiring in 2 days",
                "Your domain brightpath.dev expires in 2 days; it will renew automatically.",
                false,
                true,
                2,
            ),
            (
                P::Daniel,
                NotificationType::DnsChanged,
                "DNS records changed",
                "A record api.brightpath.io now points to 198.51.100.42.",
                false,
                false,
                8,
            ),
            (
                P::Daniel,
                NotificationType::DnsChanged,
                "DNS records changed",
                "2 NS records were added for dev.brightpath.io.",
                true,
                false,
                300,
            ),
            (
                P::Northwind,
                NotificationType::TransferComplete,
                "Transfer complete",
                "northwind-legacy.net was transferred out to GoDaddy.",
                true,
                true,
                24 * 24,
            ),
            (
                P::Northwind,
                NotificationType::DomainExpiring,
                "Client domains expiring",
                "4 of your clients' domains expire within 7 days.",
                false,
                true,
                5,
            ),
            (
                P::Olivia,
                NotificationType::DomainExpiring,
                "Domain expiring tomorrow",
                "Your domain brownfamilydental.com expires in 1 day; it will renew automatically.",
                false,
                true,
                4,
            ),
            (
                P::Olivia,
                NotificationType::TransferComplete,
                "Transfer complete",
                "smile-bright-dental.net was transferred out to Squarespace Domains.",
                true,
                true,
                40 * 24,
            ),
            (
                P::Harbor,
                NotificationType::DnsChanged,
                "DNS records changed",
                "CNAME clients.harborwebpartners.com was added.",
                true,
                false,
                500,
            ),
        ];
        for (owner, kind, title, message, read, mailed, hours_ago) in NOTES {
            let created = self.base.minus(hours(*hours_ago));
            let note = Notification {
                id: self.id(created, 14),
                user_id: self.uid(*owner)?,
                notification_type: *kind,
                title: (*title).into(),
                message: (*message).into(),
                is_read: *read,
                email_sent: *mailed,
                sent_at: mailed.then_some(created),
                created_at: created,
                version: 1,
            };
            self.put(&note).await?;
        }
        Ok(())
    }
}

fn hosts(names: &[&str]) -> anyhow::Result<Vec<Hostname>> {
    names.iter().map(|n| Hostname::parse(n).map_err(|e| anyhow::anyhow!("{n}: {e}"))).collect()
}

fn staff_info(who: P) -> StaffInfo {
    match who {
        P::Tomas => StaffInfo { name: "Tomás Oliveira".into(), role: "Billing Specialist".into(), department: "Billing".into() },
        P::Admin => StaffInfo { name: "Amelia Hartmann".into(), role: "Head of Support".into(), department: "Support".into() },
        _ => StaffInfo { name: "Sarah Johnson".into(), role: "Technical Support".into(), department: "Support".into() },
    }
}

/// The demo value of a secret environment variable (kept in `project_secrets`).
fn secret_value(project: &str, key: &str) -> String {
    match key {
        "STRIPE_SECRET_KEY" => format!("sk_test_51Demo{}", pseudo_base64(&format!("{project}{key}"), 40)),
        _ => format!("hjs-demo-secret-{}", pseudo_hex(&format!("{project}{key}"), 32)),
    }
}

fn top_pages(project: &str) -> Vec<String> {
    let pages: &[&str] = match project {
        "baeckerei-mueller-web" => &["/", "/wochenangebot", "/filialen", "/kontakt"],
        "brightpath-marketing" => &["/", "/pricing", "/blog/launch-week", "/docs"],
        "portfolio" => &["/", "/projets", "/a-propos", "/contact"],
        "northwind-site" => &["/", "/services", "/domains", "/contact"],
        "brown-dental-site" => &["/", "/appointments", "/team", "/services/implants"],
        "trattoria-menu" => &["/", "/menu", "/prenota"],
        _ => &["/", "/about", "/contact"],
    };
    pages.iter().map(|p| p.to_string()).collect()
}

/// A build log for a deployment, and its duration in milliseconds (None
/// while still building).
fn build_log(
    started: Timestamp,
    build: (&str, &str, &str, &str),
    status: DeploymentStatus,
    project: &str,
) -> (Vec<BuildLogEntry>, Option<i64>) {
    let mut entries = Vec::new();
    let mut at = 0i64;
    let mut log = |entries: &mut Vec<BuildLogEntry>, after_ms: i64, level: &str, message: String| {
        at += after_ms;
        entries.push(BuildLogEntry { timestamp: started.plus(chrono::Duration::milliseconds(at)), level: level.into(), message });
    };
    log(&mut entries, 0, "info", "Cloning repository".into());
    log(&mut entries, 1_840, "info", format!("Using Node.js {}", build.3));
    log(&mut entries, 320, "info", format!("Running \"{}\"", build.2));
    if project == "brightpath-marketing" {
        log(&mut entries, 2_100, "warn", "npm WARN deprecated inflight@1.0.6: This module is not supported".into());
    }
    log(&mut entries, 14_500, "info", "Dependencies installed".into());
    if status == DeploymentStatus::Building {
        log(&mut entries, 600, "info", format!("Running \"{}\"", build.0));
        return (entries, None);
    }
    if status == DeploymentStatus::Cancelled {
        log(&mut entries, 2_000, "warn", "Build cancelled by a newer commit on the same branch".into());
        return (entries, Some(at));
    }
    log(&mut entries, 600, "info", format!("Running \"{}\"", build.0));
    if status == DeploymentStatus::Error {
        if project == "brightpath-docs" {
            log(&mut entries, 48_000, "warn", "[WARNING] Large chunk: api-reference.js is 4.1 MB".into());
            log(&mut entries, 31_000, "error", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory".into());
        } else {
            log(&mut entries, 9_000, "error", "Module not found: Can't resolve '../public/images/hero.jpg'".into());
        }
        log(&mut entries, 150, "error", format!("Command \"{}\" exited with 1", build.0));
        return (entries, Some(at));
    }
    log(&mut entries, 21_000, "info", "Compiled successfully".into());
    log(&mut entries, 800, "info", format!("Uploading {} to the edge", build.1));
    log(&mut entries, 3_400, "info", "Deployment ready".into());
    (entries, Some(at))
}

/// Stable pseudo-random hex of length `len`, derived from `seed`.
fn pseudo_hex(seed: &str, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut state = fnv(seed);
    while out.len() < len {
        state = splitmix(state);
        out.push_str(&format!("{state:016x}"));
    }
    out.truncate(len);
    out
}

/// Stable pseudo-random base64-alphabet text of length `len`.
fn pseudo_base64(seed: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = fnv(seed);
    (0..len)
        .map(|_| {
            state = splitmix(state);
            ALPHABET[(state % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

pub(super) fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

// --- Support tickets -------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum By {
    Customer,
    Staff(P),
    Note(P),
    Status(P, TicketStatus, TicketStatus),
}

struct Msg {
    by: By,
    /// Minutes after the ticket was opened.
    minutes: i64,
    content: &'static str,
    /// File names: the demo makes each file from its name (`demo_files`).
    attachments: &'static [&'static str],
}

const fn m(by: By, minutes: i64, content: &'static str) -> Msg {
    Msg { by, minutes, content, attachments: &[] }
}

const fn ma(by: By, minutes: i64, content: &'static str, attachments: &'static [&'static str]) -> Msg {
    Msg { by, minutes, content, attachments }
}

struct TicketSpec {
    owner: P,
    subject: &'static str,
    description: &'static str,
    priority: TicketPriority,
    status: TicketStatus,
    category: TicketCategory,
    subcategory: Option<&'static str>,
    assigned: Option<P>,
    assigned_after_minutes: i64,
    opened_hours_ago: i64,
    sla_breached: bool,
    domains: &'static [&'static str],
    hosting: &'static [&'static str],
    thread: &'static [Msg],
}

use TicketStatus::{Closed, InProgress, Open, Resolved, WaitingCustomer};

const TICKETS: &[TicketSpec] = &[
    TicketSpec {
        owner: P::Lena,
        subject: "SSL certificate not active on bäckerei-müller.de",
        description: "Our second domain bäckerei-müller.de shows a certificate warning in every browser. The other domain works fine.",
        priority: TicketPriority::High,
        status: InProgress,
        category: TicketCategory::Technical,
        subcategory: Some("ssl_certificates"),
        assigned: Some(P::Sarah),
        assigned_after_minutes: 25,
        opened_hours_ago: 30,
        sla_breached: false,
        domains: &["bäckerei-müller.de", "baeckerei-mueller.de"],
        hosting: &["lena-starter"],
        thread: &[
            ma(
                By::Customer,
                0,
                "Hallo, on bäckerei-müller.de visitors get \"Your connection is not private\". Screenshot attached. baeckerei-mueller.de is fine.",
                &["zertifikat-fehler.png"],
            ),
            m(By::Status(P::Sarah, Open, InProgress), 25, "Status changed from open to in progress"),
            m(
                By::Staff(P::Sarah),
                31,
                "Hi Lena, thanks for the screenshot. The certificate for the internationalized name was never issued; I've queued it again and will update you within the hour.",
            ),
            m(By::Note(P::Sarah), 33, "ACME order for the punycode name stuck in 'pending' since the domain was added. Retried manually; if it fails again escalate to platform."),
            m(By::Customer, 95, "Danke! Still the same warning on my phone though."),
        ],
    },
    TicketSpec {
        owner: P::James,
        subject: "Renewal charge failed for carterandsons.us",
        description: "I got an e-mail that the renewal payment failed and now the domain shows as expired.",
        priority: TicketPriority::Urgent,
        status: WaitingCustomer,
        category: TicketCategory::Billing,
        subcategory: Some("payment_failed"),
        assigned: Some(P::Tomas),
        assigned_after_minutes: 8,
        opened_hours_ago: 100,
        sla_breached: false,
        domains: &["carterandsons.us"],
        hosting: &[],
        thread: &[
            m(By::Customer, 0, "My renewal payment failed and carterandsons.us is expired now. Our trucks have this address painted on them — please help!"),
            m(By::Status(P::Tomas, Open, InProgress), 8, "Status changed from open to in progress"),
            m(
                By::Staff(P::Tomas),
                14,
                "Hi James, the charge was declined because the Amex card ending 0005 expired in 08/2024. The domain is in its grace period, so nothing is lost yet. Could you add a new card and reply here? I'll renew it right away.",
            ),
            m(By::Note(P::Tomas), 15, "Grace period for .us ends in 25 days. Card 4444 is on file as default but was added after the renewal attempt — ask before charging."),
            m(By::Status(P::Tomas, InProgress, WaitingCustomer), 16, "Status changed from in progress to waiting for customer"),
        ],
    },
    TicketSpec {
        owner: P::Priya,
        subject: "Migrate our WordPress site to Jamstack hosting",
        description: "We'd like to move lotusyoga.co.uk from WordPress to the static site our developer built. What do we need to do?",
        priority: TicketPriority::Normal,
        status: Open,
        category: TicketCategory::Migration,
        subcategory: Some("site_migration"),
        assigned: None,
        assigned_after_minutes: 0,
        opened_hours_ago: 5,
        sla_breached: false,
        domains: &["lotusyoga.co.uk"],
        hosting: &["priya-starter"],
        thread: &[ma(
            By::Customer,
            0,
            "Hi! Attached is the export of our old site. The new one is in GitLab already (lotus-yoga-site). Can you help us switch without downtime?",
            &["wordpress-export.xml", "redirects.csv"],
        )],
    },
    TicketSpec {
        owner: P::Marco,
        subject: "Why is my hosting suspended?",
        description: "Il sito trattoria-bianchi.it non funziona più e il pannello dice 'suspended'.",
        priority: TicketPriority::High,
        status: Resolved,
        category: TicketCategory::Billing,
        subcategory: Some("suspension"),
        assigned: Some(P::Tomas),
        assigned_after_minutes: 190,
        opened_hours_ago: 24 * 9,
        sla_breached: true,
        domains: &["trattoria-bianchi.it", "pizzeria-da-marco.it"],
        hosting: &["marco-business"],
        thread: &[
            m(By::Customer, 0, "Buongiorno, our website is down and the panel says the hosting is suspended. We did not get any warning!"),
            m(By::Status(P::Tomas, Open, InProgress), 190, "Status changed from open to in progress"),
            m(By::Note(P::Tomas), 192, "First response missed the 60-minute SLA (weekend queue). Three dunning e-mails bounced: mailbox full."),
            m(
                By::Staff(P::Tomas),
                200,
                "Buongiorno Marco, sorry for the wait. The package was suspended after three failed monthly charges; our reminders bounced because the mailbox was full. Once the open invoice is paid the site comes back within minutes.",
            ),
            m(By::Customer, 260, "Ok, I paid now with the Visa card. Grazie."),
            m(By::Status(P::Tomas, InProgress, Resolved), 300, "Status changed from in progress to resolved"),
        ],
    },
    TicketSpec {
        owner: P::Sophie,
        subject: "Add a DKIM record for sophielaurent.design",
        description: "My newsletter tool asks me to add a DKIM TXT record. Where do I do that?",
        priority: TicketPriority::Low,
        status: Closed,
        category: TicketCategory::Technical,
        subcategory: Some("dns"),
        assigned: Some(P::Sarah),
        assigned_after_minutes: 45,
        opened_hours_ago: 24 * 30,
        sla_breached: false,
        domains: &["sophielaurent.design"],
        hosting: &[],
        thread: &[
            m(By::Customer, 0, "Bonjour, Buttondown wants a TXT record 'bd._domainkey'. How do I add it?"),
            m(
                By::Staff(P::Sarah),
                45,
                "Bonjour Sophie! Open Domains → sophielaurent.design → DNS, choose \"Add record\", type TXT, name bd._domainkey and paste the value. It is live within five minutes.",
            ),
            m(By::Customer, 120, "Done, it verified. Merci beaucoup !"),
            m(By::Status(P::Sarah, Open, Resolved), 125, "Status changed from open to resolved"),
            m(By::Status(P::Sarah, Resolved, Closed), 60 * 24 * 7, "Status changed from resolved to closed"),
        ],
    },
    TicketSpec {
        owner: P::Daniel,
        subject: "brightpath-docs deploys fail with out of memory",
        description: "Since we generate the API reference, every production build of brightpath-docs dies with a heap error.",
        priority: TicketPriority::Urgent,
        status: InProgress,
        category: TicketCategory::Technical,
        subcategory: Some("build_failures"),
        assigned: Some(P::Sarah),
        assigned_after_minutes: 6,
        opened_hours_ago: 25,
        sla_breached: false,
        domains: &["brightpath.io"],
        hosting: &["daniel-serverless"],
        thread: &[
            ma(
                By::Customer,
                0,
                "Our docs builds fail with 'JavaScript heap out of memory' since yesterday. Full log attached. This blocks our v2 launch.",
                &["build-dpl-docs.log"],
            ),
            m(By::Status(P::Sarah, Open, InProgress), 6, "Status changed from open to in progress"),
            m(
                By::Staff(P::Sarah),
                12,
                "Hi Daniel, builds on Serverless Pro get 4 GB of heap by default. Please try NODE_OPTIONS=--max-old-space-size=6144 as a build environment variable; meanwhile I'm checking whether we can raise your limit on the enterprise plan.",
            ),
            m(By::Customer, 80, "Tried that, still failing. Same error at the same step."),
            m(By::Note(P::Sarah), 95, "Enterprise plan allows 8 GB build workers. Requested the override from platform team (PLAT-2291)."),
            m(By::Staff(P::Sarah), 100, "Thanks for trying. I've asked our platform team to move your builds to 8 GB workers; I'll confirm here as soon as it is live."),
        ],
    },
    TicketSpec {
        owner: P::Daniel,
        subject: "Invoice for October needs our VAT ID",
        description: "Please re-issue the October invoice with our EU VAT ID for the Irish subsidiary.",
        priority: TicketPriority::Low,
        status: Resolved,
        category: TicketCategory::Billing,
        subcategory: Some("invoices"),
        assigned: Some(P::Tomas),
        assigned_after_minutes: 30,
        opened_hours_ago: 24 * 12,
        sla_breached: false,
        domains: &[],
        hosting: &["daniel-serverless"],
        thread: &[
            m(By::Customer, 0, "Could you add VAT ID IE3668997OH to the October invoice? Our accountant needs it."),
            ma(
                By::Staff(P::Tomas),
                30,
                "Of course — here is the corrected invoice. Future invoices will carry the VAT ID automatically.",
                &["INV-2026-10-0871.pdf"],
            ),
            m(By::Status(P::Tomas, Open, Resolved), 31, "Status changed from open to resolved"),
        ],
    },
    TicketSpec {
        owner: P::Northwind,
        subject: "Bulk transfer of 25 client domains from GoDaddy",
        description: "We are onboarding a new agency client and want to move 25 of their domains to our reseller account.",
        priority: TicketPriority::Normal,
        status: WaitingCustomer,
        category: TicketCategory::Migration,
        subcategory: Some("domain_transfer"),
        assigned: Some(P::Sarah),
        assigned_after_minutes: 50,
        opened_hours_ago: 24 * 3,
        sla_breached: false,
        domains: &[],
        hosting: &["northwind-vps"],
        thread: &[
            ma(
                By::Customer,
                0,
                "Hi team, list of domains and auth codes will follow separately. Can you run them as one batch?",
                &["domains-to-transfer.csv"],
            ),
            m(By::Status(P::Sarah, Open, InProgress), 50, "Status changed from open to in progress"),
            m(
                By::Staff(P::Sarah),
                55,
                "Hi Nora, yes. Please make sure the domains are unlocked at GoDaddy and send the auth codes through the secure transfer form (never by e-mail). Then I'll start the batch.",
            ),
            m(By::Status(P::Sarah, InProgress, WaitingCustomer), 56, "Status changed from in progress to waiting for customer"),
        ],
    },
    TicketSpec {
        owner: P::Olivia,
        subject: "E-mails to appointments@browndental.com.au are not arriving",
        description: "Patients say they wrote to our appointments address but nothing reached reception.",
        priority: TicketPriority::High,
        status: Open,
        category: TicketCategory::Technical,
        subcategory: Some("email_forwarding"),
        assigned: None,
        assigned_after_minutes: 0,
        opened_hours_ago: 30,
        sla_breached: true,
        domains: &["browndental.com.au"],
        hosting: &["olivia-business"],
        thread: &[
            m(By::Customer, 0, "Since Monday, nothing sent to appointments@browndental.com.au arrives. info@ works."),
            m(By::Customer, 60 * 20, "Any update? We are missing bookings."),
        ],
    },
    TicketSpec {
        owner: P::James,
        subject: "How do I point chicago-plumbing-pros.com to Squarespace?",
        description: "Our marketing agency built a site on Squarespace and needs DNS changes.",
        priority: TicketPriority::Normal,
        status: Closed,
        category: TicketCategory::General,
        subcategory: Some("dns"),
        assigned: Some(P::Sarah),
        assigned_after_minutes: 20,
        opened_hours_ago: 24 * 45,
        sla_breached: false,
        domains: &["chicago-plumbing-pros.com"],
        hosting: &[],
        thread: &[
            m(By::Customer, 0, "Squarespace says to add four A records and a CNAME for www. Can you do that for me?"),
            m(
                By::Staff(P::Sarah),
                20,
                "Happy to explain: add the four A records Squarespace lists on the apex (@) and change the www CNAME to ext-cust.squarespace.com. Keep your MX records as they are so e-mail keeps working.",
            ),
            m(By::Status(P::Sarah, Open, Resolved), 24 * 60, "Status changed from open to resolved"),
            m(By::Status(P::Sarah, Resolved, Closed), 8 * 24 * 60, "Status changed from resolved to closed"),
        ],
    },
    TicketSpec {
        owner: P::Harbor,
        subject: "Reseller API access for our billing system",
        description: "We'd like an API token so our billing system can read client domains and renewals.",
        priority: TicketPriority::Low,
        status: Open,
        category: TicketCategory::General,
        subcategory: Some("api"),
        assigned: None,
        assigned_after_minutes: 0,
        opened_hours_ago: 50,
        sla_breached: false,
        domains: &[],
        hosting: &[],
        thread: &[m(By::Customer, 0, "Is there a read-only token type? We only need domains and expiry dates.")],
    },
    TicketSpec {
        owner: P::Lena,
        subject: "Frage zur Rechnung: doppelte Abbuchung",
        description: "Im November wurde das Starter-Paket zweimal abgebucht.",
        priority: TicketPriority::Normal,
        status: Resolved,
        category: TicketCategory::Billing,
        subcategory: Some("refunds"),
        assigned: Some(P::Tomas),
        assigned_after_minutes: 40,
        opened_hours_ago: 24 * 6,
        sla_breached: false,
        domains: &[],
        hosting: &["lena-starter"],
        thread: &[
            ma(By::Customer, 0, "Guten Tag, auf dem Kontoauszug sehe ich 2× 9,99 €.", &["kontoauszug-november.pdf"]),
            m(By::Note(P::Tomas), 40, "Duplicate SEPA debit confirmed (retry after bank timeout). Refund issued: re_3QbXm2."),
            m(By::Staff(P::Tomas), 45, "Guten Tag Frau Müller, Sie haben recht – die zweite Abbuchung war ein Fehler. Die Erstattung ist veranlasst und in 3–5 Werktagen auf Ihrem Konto."),
            m(By::Customer, 60 * 30, "Vielen Dank, ist angekommen."),
            m(By::Status(P::Tomas, Open, Resolved), 60 * 31, "Status changed from open to resolved"),
        ],
    },
];
