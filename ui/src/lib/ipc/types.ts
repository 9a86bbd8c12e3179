// The shapes the desktop shell's commands answer with. They mirror the Rust
// types of hjs-client (serde, camelCase) and the provider's documents, whose
// field names follow the schema plan exactly.

/** Every error from a command: `code` to branch on, `message` for people. */
export interface CommandError {
  code: string;
  message: string;
  /** The first field at fault, when one is. */
  field?: string;
  /** Every field at fault (validation errors, the provider's refusals). */
  fields: FieldError[];
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export type Collection =
  | 'users'
  | 'domains'
  | 'dnsRecords'
  | 'emailForwardings'
  | 'domainTransfers'
  | 'domainOrders'
  | 'paymentMethods'
  | 'hostingPackages'
  | 'hostingProjects'
  | 'deployments'
  | 'supportPackages'
  | 'supportTickets'
  | 'supportMessages'
  | 'cannedReplies'
  | 'notifications';

export interface WorkspaceInfo {
  id: string;
  name: string;
  providerUrl: string;
  email: string;
  userId: string;
  role: string;
  /** The demo workspace: its provider runs inside the app. */
  demo: boolean;
}

export type Connection = 'unknown' | 'online' | 'syncing' | 'offline' | 'signed_out';

export interface SyncStatus {
  connection: Connection;
  lastSyncedAt: string | null;
  /** When the sync loop last tried to reach the provider (RFC 3339), whatever came of it. */
  lastAttemptAt: string | null;
  seq: number;
  pending: number;
  conflicts: number;
  failed: number;
  message: string | null;
}

export interface BootstrapProgress {
  documents: number;
  bytes: number;
  done: boolean;
}

/** The in-process demo provider, when the demo workspace is open. */
export interface DemoInfo {
  url: string;
  running: boolean;
  /** The SQLite database the demo provider keeps its data in. */
  databasePath: string;
}

export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  theme: Theme;
  /** Show a desktop notification for each new notification. */
  desktopNotifications: boolean;
  /** The workspace opened at start (id); none = the last one used. */
  defaultWorkspace: string | null;
}

export interface Person {
  id: string;
  fullName: string;
  email: string;
  company: string | null;
  role: string;
}

/** Where session tokens are kept on this computer. */
export interface KeyringState {
  /** The keyring in use: `secret-service`, `keyutils` or `session`; null when none works. */
  store: string | null;
  /** Why there is none, in a sentence that also says how to enable one. */
  problem: string | null;
}

/** What the app shows when it starts and after every workspace change. */
export interface AppState {
  workspaces: WorkspaceInfo[];
  current: WorkspaceInfo | null;
  /** The signed-in person, from the cache. */
  me: Person | null;
  status: SyncStatus;
  demo: DemoInfo | null;
  settings: Settings;
  keyring: KeyringState;
  /**
   * The open workspace's session is kept in memory for this run only (no
   * keyring): the next start asks to sign in again. Never the demo's.
   */
  thisRunOnly: boolean;
  /** Why the workspace of last time (or the demo) could not be opened at start. */
  startError: string | null;
}

export type DomainSort = 'name' | '-name' | 'expirationDate' | '-expirationDate';

export interface DomainQuery {
  status?: string | null;
  expiringWithinDays?: number | null;
  autoRenew?: boolean | null;
  userId?: string | null;
  text?: string | null;
  sort?: DomainSort;
  offset?: number;
  limit?: number;
}

export interface DomainListItem {
  id: string;
  domainName: string;
  displayName: string;
  userId: string;
  ownerName: string | null;
  ownerEmail: string | null;
  status: string;
  expirationDate: string;
  autoRenew: boolean;
  whoisPrivacy: boolean;
  transferLock: boolean;
  version: number;
  /** An edit of this domain waits in the outbox. */
  pending: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A document as the cache holds it (the provider's JSON). */
export type Doc = Record<string, unknown> & { _id: string; version: number };

export interface DomainSettings {
  autoRenew?: boolean;
  whoisPrivacy?: boolean;
  transferLock?: boolean;
  nameservers?: string[];
  useDefaultNameservers?: boolean;
}

export type Operation =
  | { kind: 'domainSettings'; settings: DomainSettings }
  | { kind: 'notificationRead'; isRead: boolean }
  | ({ kind: 'dnsPlan' } & DnsPlanEdit)
  | { kind: 'forwardCreate'; domainId: string; zone: string; userId: string; draft: ForwardDraft }
  | { kind: 'forwardUpdate'; zone: string; draft: ForwardDraft }
  | { kind: 'forwardDelete'; fromEmail: string };

export type EntryStatus = 'pending' | 'conflict' | 'failed';

export interface OutboxEntry {
  id: string;
  seq: number;
  collection: Collection;
  docId: string;
  operation: Operation;
  description: string;
  baseVersion: number;
  status: EntryStatus;
  attempts: number;
  /** For `failed`: the provider's problem (code, detail, errors[]). */
  error: ProviderProblem | null;
  /** For `conflict`: the provider's document as it is now. */
  theirs: Doc | null;
  /** For `conflict`: the provider deleted the document this edit changes. */
  theirsDeleted: boolean;
  /** For `conflict`: which document (a DNS plan touches many). */
  conflictDoc: string | null;
  /** For `conflict`: field by field, theirs beside mine. */
  conflictFields: ConflictField[];
  createdAt: string;
}

export interface ConflictField {
  field: string;
  theirs: string;
  mine: string;
}

export interface ProviderProblem {
  code?: string;
  detail?: string;
  title?: string;
  errors?: FieldError[];
  [key: string]: unknown;
}

export interface DomainDetail {
  domain: Doc;
  displayName: string;
  owner: Person | null;
  pending: boolean;
  outbox: OutboxEntry[];
}

/** A domain of the renewal-risk list: its table row and the days it has left. */
export type RenewalItem = DomainListItem & { daysLeft: number };

export interface RenewalRisk {
  within30: number;
  within60: number;
  within90: number;
  autoRenewOffWithin90: number;
  items: RenewalItem[];
}

export interface Count {
  key: string;
  count: number;
}

export interface HostingUsage {
  id: string;
  packageName: string;
  packageType: string;
  status: string;
  userId: string;
  /** [used, limit] per resource; limit null when unlimited. */
  storage: [number, number | null];
  bandwidth: [number, number | null];
  databases: [number, number | null];
  emailAccounts: [number, number | null];
}

export interface Dashboard {
  renewal: RenewalRisk;
  domainsByStatus: Count[];
  unreadNotifications: number;
  openTicketsByPriority: Count[];
  openTickets: number;
  hosting: HostingUsage[];
  recentDeployments: Doc[];
  deploymentsByStatus: Count[];
}

export interface TicketQuery {
  /** `open`, `in_progress`, `waiting_customer`, `resolved` or `closed`. */
  status?: string | null;
  priority?: string | null;
  assignedTo?: string | null;
  /** One customer's tickets. */
  userId?: string | null;
  /** `technical`, `billing`, `general` or `migration`. */
  category?: string | null;
  /** Which tickets by their state; combines with the other filters. `all` when left out. */
  view?: TicketView;
  /** The order; `queue` when left out. The `breaching` view is always sorted by due. */
  sort?: TicketSort;
  limit?: number;
  offset?: number;
}

/**
 * `all`: every status; `active`: open, in progress and waiting on the
 * customer; `breaching`: the first staff reply is due within the next hour
 * or overdue while still awaited (the clock runs only on open and in
 * progress tickets without any staff reply).
 */
export type TicketView = 'all' | 'active' | 'breaching';
/** `queue`: most urgent first, then oldest; `due`: running clocks first, soonest due first, then queue order. */
export type TicketSort = 'queue' | 'due';

/** The ticket queue's views, counted. */
export interface QueueCounts {
  /** Open, in progress and waiting on the customer. */
  active: number;
  /** Active and assigned to the signed-in person. */
  mine: number;
  /** Active and assigned to nobody. */
  unassigned: number;
  /** As the `breaching` view. */
  breaching: number;
  /** Waiting on the customer. */
  waiting: number;
}

export interface TicketListItem {
  id: string;
  ticketNumber: string;
  subject: string;
  status: string;
  priority: string;
  userId: string;
  customerName: string | null;
  customerEmail: string | null;
  assignedTo: string | null;
  assigneeName: string | null;
  category: string;
  /** The provider's breach flag. */
  slaBreached: boolean;
  /**
   * When the first staff reply is due (RFC 3339), set only while the clock
   * runs: open or in progress with no staff reply yet.
   */
  responseDueAt: string | null;
  messageCount: number;
  lastResponseAt: string | null;
  createdAt: string;
  updatedAt: string;
  pending: boolean;
}

/**
 * A search over tickets: every word (prefixes of two letters or more) over
 * ticket numbers, subjects, descriptions and the messages the workspace
 * holds, newest tickets first. The filters are optional.
 */
export interface TicketSearch {
  text: string;
  status?: string | null;
  /** A staff member's id, or `unassigned`. */
  assignedTo?: string | null;
  /** One customer's tickets. */
  userId?: string | null;
  /** Opened on or after this day (`YYYY-MM-DD`). */
  from?: string | null;
  /** Opened on or before this day (`YYYY-MM-DD`). */
  to?: string | null;
  /** 1 to 100; 50 when left out. */
  limit?: number;
}

/** A piece of a snippet: `hit` marks the words that matched. */
export interface Segment {
  text: string;
  hit: boolean;
}

/** A ticket a search found, with where it matched. */
export interface TicketSearchHit {
  id: string;
  ticketNumber: string;
  subject: string;
  status: string;
  priority: string;
  customerName: string | null;
  createdAt: string;
  /** The newest matching message, when a message matched. */
  messageId: string | null;
  /** The matched words in their context. */
  snippet: Segment[];
}

/** The ticket statuses, from new to final. */
export type TicketStatus = 'open' | 'in_progress' | 'waiting_customer' | 'resolved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketCategory = 'technical' | 'billing' | 'general' | 'migration';
/** What a person posts to a thread: a reply, or (staff only) an internal note the customer never sees. */
export type PostedMessageType = 'reply' | 'note';

/**
 * A file put aside in the workspace for the next message: the shell copies
 * it, so the original may go. Posting names it by `id`; until then it can be
 * discarded.
 */
export interface StagedAttachment {
  id: string;
  filename: string;
  /** Bytes. */
  fileSize: number;
  mimeType: string;
  /** A `data:` URL of a small preview, for raster images only. */
  thumbnail: string | null;
}

/** An attachment of a message document (`message.attachments[]`). */
export interface MessageAttachment {
  filename: string;
  /** Bytes. */
  fileSize: number;
  mimeType: string;
  /** `/api/v1/attachments/{id}` for files the provider keeps (older demo data: a full storage URL). */
  url: string;
}

/**
 * How far a file's way to the provider (`upload`, of a queued message) or
 * from it (`download`, to open or save) has come, in bytes. `id` is the
 * attachment's (a staged file keeps its id as the message's attachment).
 */
export interface AttachmentProgress {
  id: string;
  direction: 'upload' | 'download';
  done: number;
  total: number;
}

/**
 * The reply or note a person is writing on a ticket, kept in the local cache
 * (it outlives a restart). Posting a message on the ticket drops it.
 */
export interface ReplyDraft {
  ticketId: string;
  messageType: PostedMessageType;
  content: string;
  minutesSpent: number | null;
  updatedAt: string;
}

/**
 * A canned reply of the support staff's shared library (staff workspaces
 * only; a customer's cache holds none). Its text may hold the variables of
 * `CANNED_VARIABLES` (support/canned.ts), filled in for a ticket.
 */
export interface CannedReply {
  _id: string;
  title: string;
  content: string;
  /** The staff member who wrote it. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** 0 while made here and not yet on the provider. */
  version: number;
}

/** A canned reply as staff write it: title up to 100 characters, text up to 20,000. */
export interface CannedReplyDraft {
  title: string;
  content: string;
}

/** A ticket as a person opens it. */
export interface TicketDraft {
  /** The customer's user id when staff open it on their behalf; null: the signed-in person opens it for themselves. */
  customerId: string | null;
  subject: string;
  description: string;
  priority: TicketPriority;
  category: TicketCategory;
  subcategory: string | null;
  /** Domain names. */
  relatedDomains: string[];
}

/**
 * A change to a ticket: a field left out stays as it is; `assignedTo: null`
 * unassigns. Priority and assignee are staff's; customers change only status.
 */
export interface TicketChange {
  status?: TicketStatus;
  priority?: TicketPriority;
  assignedTo?: string | null;
}

export interface TicketThread {
  ticket: Doc;
  customer: Person | null;
  assignee: Person | null;
  messages: Doc[];
  /** The first-response promise as of the read (a running clock is counted down on screen). */
  sla: Sla;
  /** The support package the ticket counts against. */
  package: SupportPackageUsage | null;
  /** The statuses the signed-in person may move the ticket to (the model's status machine; none once closed). */
  nextStatuses: TicketStatus[];
}

/**
 * `running`: no staff reply yet, due at `dueAt`; `met`: answered in time;
 * `breached`: answered late, overdue, or flagged by the provider;
 * `stopped`: waiting on the customer, resolved or closed without a staff reply.
 */
export type SlaState = 'running' | 'met' | 'breached' | 'stopped';

/** A ticket's first-response promise, as computed when it was read. */
export interface Sla {
  state: SlaState;
  /** When the first staff reply is (or was) due, RFC 3339. */
  dueAt: string;
  /** The allowance: the package's guarantee, or the default for the priority (urgent 60, high 240, normal 480, low 1440). */
  minutes: number;
}

/** A support package and what its month has used. */
export interface SupportPackageUsage {
  id: string;
  packageName: string;
  /** Tickets a month; -1: unlimited. */
  monthlyTickets: number;
  /** Minutes to the first staff reply. */
  responseTimeGuarantee: number;
  ticketsUsed: number;
  hoursUsed: number;
  /** When the month's usage starts over, RFC 3339. */
  resetDate: string;
}

/** What a staff member is doing on a ticket; `left` is only ever said, never seen. */
export type PresenceState = 'viewing' | 'typing' | 'left';

/** One staff member on a ticket. */
export interface PresentPerson {
  userId: string;
  name: string;
  state: Exclude<PresenceState, 'left'>;
}

/** Everyone on a ticket now (staff workspaces only), sorted by name. */
export interface TicketPresence {
  ticketId: string;
  people: PresentPerson[];
}

export interface NotificationItem {
  id: string;
  userId: string;
  /** `domain_expiring`, `transfer_complete` or `dns_changed`. */
  type: string;
  title: string;
  message: string;
  isRead: boolean;
  createdAt: string;
  pending: boolean;
}

export type SearchKind = 'domain' | 'customer' | 'ticket' | 'message';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  subtitle: string;
  parentId: string | null;
}

// --- DNS ---------------------------------------------------------------------

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'PTR', 'CAA'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** A record of a zone as the cache holds it (`version` 0: created here, not yet on the provider). */
export interface DnsRecord {
  _id: string;
  domainId: string;
  userId: string;
  type: DnsRecordType;
  /** Relative owner name, `@` for the apex. */
  name: string;
  value: string;
  ttl: number;
  /** MX and SRV only. */
  priority: number | null;
  isActive: boolean;
  /** Made by the provider for its services: never edited by people. */
  isSystemRecord: boolean;
  /** A note for people, never published. */
  comment?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A record as a person proposes it. */
export interface RecordDraft {
  type: DnsRecordType;
  name: string;
  value: string;
  ttl: number;
  priority: number | null;
  isActive: boolean;
  comment: string | null;
}

/** One edit of a plan; updates and deletes name the version they were based on. */
export type PlanChange =
  | { op: 'create'; id: string; record: RecordDraft }
  | { op: 'update'; id: string; version: number; record: RecordDraft }
  | { op: 'delete'; id: string; version: number };

/** Edits to one zone, applied all or nothing; `confirmed` acknowledges the safety reasons. */
export interface ZonePlan {
  changes: PlanChange[];
  confirmed: boolean;
}

export interface PlanDiff {
  added: DnsRecord[];
  changed: { before: DnsRecord; after: DnsRecord }[];
  removed: DnsRecord[];
}

/** A reason to ask "are you sure?" before applying a plan. */
export interface SafetyCheck {
  code: string;
  message: string;
}

/** A plan checked against the cached zone with the provider's rules. */
export interface PlanPreview {
  plan: ZonePlan;
  summary: string;
  diff: PlanDiff;
  /** The rules' refusals, named `changes[i].field`; empty when it can be applied. */
  errors: FieldError[];
  safety: SafetyCheck[];
  /** A change names a record that changed since: reload and make the plan again. */
  stale: boolean;
  /** The zone lint of the zone as the plan leaves it. */
  lint: LintFinding[];
}

/** A zone-lint finding: what is wrong, why, and where obvious a plan that fixes it. */
export interface LintFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  recordId: string | null;
  message: string;
  fix: ZonePlan | null;
}

/** A zone-file entry that was read but not imported. */
export interface SkippedLine {
  line: number;
  owner: string;
  recordType: string;
  reason: string;
  code: string;
}

export interface ZoneImportPreview {
  preview: PlanPreview;
  skipped: SkippedLine[];
  recordsInFile: number;
}

/** The queued form of a plan (outbox operation `dnsPlan`). */
export interface DnsPlanEdit {
  domainId: string;
  zone: string;
  userId: string;
  plan: ZonePlan;
}

// --- DNS templates ------------------------------------------------------------

export type TemplateId = 'spf' | 'dmarc' | 'google-workspace' | 'microsoft-365' | 'provider-mail' | 'provider-hosting';

/** One parameter of a template: `list` is comma-separated, `flag` is yes/no. */
export interface TemplateParam {
  name: string;
  label: string;
  help: string;
  kind: 'text' | 'list' | 'choice' | 'flag';
  choices: string[];
  default: string | null;
  required: boolean;
}

export interface TemplateInfo {
  id: TemplateId;
  title: string;
  description: string;
  params: TemplateParam[];
}

/** A template as chosen: its id and parameters as text (checked by the engine, errors named by parameter). */
export interface TemplateRequest {
  id: string;
  params: Record<string, string>;
}

/** Which domains a template is applied to; `client` is an account id or e-mail address. */
export type DomainSelection = { kind: 'listed'; domains: string[] } | { kind: 'all'; client: string | null };

export interface TemplateProgress {
  phase: 'checking' | 'queueing';
  done: number;
  total: number;
}

interface DomainTemplateBase {
  domainId: string;
  domainName: string;
  displayName: string;
  ownerId: string;
  ownerEmail: string | null;
  ownerName: string | null;
}

/** What a template does (or did) to one domain. */
export type DomainTemplateResult = DomainTemplateBase &
  (
    | {
        status: 'applied';
        summary: string;
        added: number;
        changed: number;
        removed: number;
        /** `+ added`, `~ before  →  after`, `- removed`, one record a line. */
        diff: string[];
        notes: string[];
        /** Reasons the plan needs confirmation. */
        safety: SafetyCheck[];
        /** The outbox entry, once queued. */
        entryId: string | null;
      }
    | {
        status: 'skipped';
        /** `already_applied`, `conflict`, `system_record`, `spf_multiple`, `spf_too_many_lookups`, `not_applicable`, `not_served`, `refused`, `confirmation_required`. */
        code: string;
        reason: string;
      }
  );

export interface TemplateReport {
  template: TemplateId;
  title: string;
  dryRun: boolean;
  applied: number;
  skipped: number;
  needsConfirmation: number;
  results: DomainTemplateResult[];
}

// --- Audit trail -------------------------------------------------------------

export type AuditVia = 'desktop' | 'api_token' | 'job' | 'anonymous';

/** Who made a change. */
export interface AuditActor {
  userId: string | null;
  role: string | null;
  via: AuditVia;
  /** A job's name, or the API token's name. */
  detail?: string;
}

/** One write of one document, as the provider recorded it. */
export interface AuditEvent {
  _id: string;
  userId: string;
  actor: AuditActor;
  collection: string;
  docId: string;
  operation: 'create' | 'update' | 'delete';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
  version: number;
}

/** An audit event put into words, as the audit screen and the History tab show it. */
export interface AuditEntry extends AuditEvent {
  /** `created`, `deleted`, `changed autoRenew, nameservers`. */
  summary: string;
  /** What the document is called (`example.com`, `www A`), when it has a name. */
  document: string | null;
  /** The actor's name and address, when the cache knows the account. */
  actorName: string | null;
  actorEmail: string | null;
}

/** The audit log's filters and page; every filter is optional. */
export interface AuditQuery {
  /** A user id, or part of an e-mail address or a name. */
  user?: string;
  role?: string;
  via?: string;
  collection?: string;
  action?: 'create' | 'update' | 'delete';
  docId?: string;
  /** RFC 3339, or a date (from its start). */
  since?: string;
  /** RFC 3339 (included), or a date (that whole day included). */
  until?: string;
  /** Words that must all appear in the summary, the document's name or the actor. */
  search?: string;
  /** The `next` of the previous page. */
  after?: string;
  /** 1 to 1,000; 50 by default. */
  limit?: number;
}

/** A page of the audit log, newest first; `next` continues it (null: nothing older matches). */
export interface AuditPage {
  items: AuditEntry[];
  next: string | null;
}

/** An applied plan of a zone, with every record after it. */
export interface ZoneVersion {
  _id: string;
  domainId: string;
  userId: string;
  zoneVersion: number;
  author: AuditActor;
  summary: string;
  changes: PlanChange[];
  records: DnsRecord[];
  createdAt: string;
  version: number;
}

// --- E-mail forwarding ------------------------------------------------------

export interface EmailForwarding {
  _id: string;
  domainId: string;
  userId: string;
  fromEmail: string;
  toEmails: string[];
  isActive: boolean;
  catchAll: boolean;
  forwardedCount: number;
  lastForwardedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A forward as a person proposes it (a catch-all is written `*@domain`). */
export interface ForwardDraft {
  fromEmail: string;
  toEmails: string[];
  isActive: boolean;
  catchAll: boolean;
}

export type ForwardFormat = 'postfix' | 'csv';
