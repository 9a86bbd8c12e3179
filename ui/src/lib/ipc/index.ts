// The one module that talks to the desktop shell. Every command the shell
// registers (src-tauri/src/commands) has a typed function here; screens
// never call `invoke` themselves. Errors arrive as `CommandError`
// ({code, message, field?, fields}) and are rethrown as `IpcError` so
// screens can branch on `code`.

import { Channel, invoke, type InvokeArgs, type InvokeOptions } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AppState,
  AttachmentProgress,
  AuditEntry,
  AuditPage,
  AuditQuery,
  BootstrapProgress,
  CannedReply,
  CannedReplyDraft,
  Collection,
  CommandError,
  Dashboard,
  DemoInfo,
  Doc,
  DomainDetail,
  DomainListItem,
  DomainQuery,
  DnsRecord,
  DomainSelection,
  DomainSettings,
  EmailForwarding,
  FieldError,
  ForwardDraft,
  ForwardFormat,
  PlanDiff,
  PlanPreview,
  ZoneImportPreview,
  LintFinding,
  ZonePlan,
  ZoneVersion,
  TemplateInfo,
  TemplateProgress,
  TemplateReport,
  TemplateRequest,
  TicketChange,
  TicketDraft,
  NotificationItem,
  Operation,
  OutboxEntry,
  Page,
  Person,
  PostedMessageType,
  PresenceState,
  QueueCounts,
  ReplyDraft,
  SearchHit,
  Settings,
  StagedAttachment,
  SyncStatus,
  TicketListItem,
  TicketPresence,
  TicketQuery,
  TicketSearch,
  TicketSearchHit,
  TicketThread,
  WorkspaceInfo,
} from './types';

export * from './types';

/** A command's refusal, with the shell's stable `code`. */
export class IpcError extends Error implements CommandError {
  code: string;
  field?: string;
  fields: FieldError[];

  constructor(error: CommandError) {
    super(error.message);
    this.name = 'IpcError';
    this.code = error.code;
    this.field = error.field;
    this.fields = error.fields ?? [];
  }

  /**
   * What a form shows above its fields: nothing when the refusal is only
   * field errors (they show beside their inputs), else the message.
   */
  get banner(): string | null {
    return this.code === 'validation_failed' && this.fields.length ? null : this.message;
  }

  /** The message for one field, if the error names it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.startsWith(`${field}[`))?.message;
  }
}

/** Turns anything a command threw into an `IpcError`. */
export function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcError) return error;
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    return new IpcError(error as CommandError);
  }
  return new IpcError({ code: 'internal', message: String(error), fields: [] });
}

async function call<T>(command: string, args?: InvokeArgs, options?: InvokeOptions): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (error) {
    throw toIpcError(error);
  }
}

// --- The app and its workspaces -------------------------------------------

export const appState = () => call<AppState>('app_state');
export const openDemo = () => call<AppState>('open_demo');
/**
 * Signs in, downloads the account (with `bootstrap-progress` events) and opens
 * the workspace. With no keyring the session can only be kept for this run
 * (`thisRunOnly`); asked otherwise, it fails with `keyring_unavailable`.
 */
export const signIn = (providerUrl: string, email: string, password: string, totp: string | null, thisRunOnly: boolean) =>
  call<AppState>('sign_in', { providerUrl, email, password, totp, thisRunOnly });
export const signOut = () => call<AppState>('sign_out');
export const switchWorkspace = (key: string) => call<AppState>('switch_workspace', { key });
export const removeWorkspace = (key: string, discardQueued: boolean) =>
  call<AppState>('remove_workspace', { key, discardQueued });
/** Points a workspace at a new address of its provider; the open one is reopened and syncs at once. */
export const setWorkspaceAddress = (key: string, providerUrl: string) => call<AppState>('set_workspace_address', { key, providerUrl });
/** Asks the sync loop for a round now; answers the status as it is. */
export const syncNow = () => call<SyncStatus>('sync_now');
/** Stops or starts the demo workspace's in-process provider (to try offline work). */
export const setDemoProviderRunning = (running: boolean) => call<DemoInfo>('set_demo_provider_running', { running });
export const saveSettings = (settings: Settings) => call<Settings>('save_settings', { settings });
export const me = () => call<Person | null>('me');
/** Tells the shell the first dashboard is on screen (it logs the start-up time). */
export const dashboardPainted = () => call<void>('dashboard_painted');

// --- Reads (always from the local cache) ------------------------------------

export const dashboard = () => call<Dashboard>('dashboard');
export const domains = (query: DomainQuery) => call<Page<DomainListItem>>('domains', { query });
export const domain = (id: string) => call<DomainDetail>('domain', { id });
/** A page of a shared collection, optionally under one parent and of one owner (`userId`). */
export const documents = (collection: Collection, parentId: string | null, limit: number, offset: number, ownerId: string | null = null) =>
  call<Page<Doc>>('documents', { collection, parentId, ownerId, limit, offset });
export const document = (collection: Collection, id: string) => call<Doc>('document', { collection, id });
export const person = (id: string) => call<Person>('person', { id });
export const tickets = (query: TicketQuery) => call<Page<TicketListItem>>('tickets', { query });
/**
 * Tickets matching every word of `search.text`, newest first, with the
 * matched words in a snippet. Refusals name `text` (required), `status`,
 * `assignedTo`, `userId`, `from` / `to` (`invalid_date`, `to` before
 * `from`) or `limit`.
 */
export const searchTickets = (search: TicketSearch) => call<TicketSearchHit[]>('search_tickets', { search });
export const ticketThread = (id: string) => call<TicketThread>('ticket_thread', { id });
/** How many tickets each view of the queue holds. */
export const ticketCounts = () => call<QueueCounts>('ticket_counts');
export const notifications = (unreadOnly: boolean, limit: number) =>
  call<NotificationItem[]>('notifications', { unreadOnly, limit });
export const search = (text: string) => call<SearchHit[]>('search', { text });

// --- Edits (queued in the outbox, shown at once) ----------------------------

/** Applies the same settings to one or many domains (ids); one outbox entry each. */
export const setDomainSettings = (ids: string[], settings: DomainSettings) =>
  call<OutboxEntry[]>('set_domain_settings', { ids, settings });
/** The provider's own name-server rules, checked without queuing anything: [] when valid. */
export const checkNameservers = (nameservers: string[]) => call<FieldError[]>('check_nameservers', { nameservers });
export const defaultNameservers = () => call<string[]>('default_nameservers');
export const markNotification = (id: string, isRead: boolean) => call<OutboxEntry>('mark_notification', { id, isRead });
export const markAllNotificationsRead = () => call<number>('mark_all_notifications_read');

export const outbox = () => call<OutboxEntry[]>('outbox');
/** Sends a failed or conflicted entry again ("keep mine"). */
export const retryEntry = (id: string) => call<OutboxEntry | null>('retry_entry', { id });
/** Drops a queued edit ("take theirs"). */
export const discardEntry = (id: string) => call<void>('discard_entry', { id });
export const editEntry = (id: string, operation: Operation) => call<OutboxEntry | null>('edit_entry', { id, operation });

// --- Exports ---------------------------------------------------------------

/** Writes every domain matching `query` (all pages) as CSV to `path`; answers the row count. */
export const exportDomainsCsv = (query: DomainQuery, path: string) => call<number>('export_domains_csv', { query, path });

// --- DNS (a domain is named by its id or its name) ---------------------------

/** Every record of a domain's zone in the cache, queued edits included. */
export const zoneRecords = (domain: string) => call<DnsRecord[]>('zone_records', { domain });
/** Checks a plan with the provider's rules against the cached zone; queues nothing. */
export const previewDnsPlan = (domain: string, plan: ZonePlan) => call<PlanPreview>('preview_dns_plan', { domain, plan });
/**
 * Queues a plan as ONE edit. Refused with `validation_failed` (field `confirmed`,
 * code `confirmation_required`) when it has safety reasons and is not confirmed.
 */
export const applyDnsPlan = (domain: string, plan: ZonePlan) => call<OutboxEntry>('apply_dns_plan', { domain, plan });
/** Reads a zone file as a plan (with `replace`, records not in the file are removed); queues nothing. */
/** Zone-file text (pasted) read as a plan against the cached zone; nothing is queued. */
export const importZoneText = (domain: string, text: string, replace: boolean) =>
  call<ZoneImportPreview>('import_zone_text', { domain, text, replace });
/** The zone lint of a domain's cached zone. */
export const zoneLint = (domain: string) => call<LintFinding[]>('zone_lint', { domain });
export const importZoneFile = (domain: string, path: string, replace: boolean) =>
  call<ZoneImportPreview>('import_zone_file', { domain, path, replace });
export const exportZoneFile = (domain: string, path: string) => call<void>('export_zone_file', { domain, path });
/** The zone's applied plans, newest first. */
export const zoneVersions = (domain: string) => call<ZoneVersion[]>('zone_versions', { domain });
/** What changed from version `from` to `to` (0: the empty zone). */
export const zoneVersionDiff = (domain: string, from: number, to: number) => call<PlanDiff>('zone_version_diff', { domain, from, to });
/** The plan that brings the zone back to `version`, for review. */
export const restoreZoneVersion = (domain: string, version: number) => call<PlanPreview>('restore_zone_version', { domain, version });

// --- DNS templates (applied to many domains; progress arrives on a channel) ---

/** Every template and its parameters. */
export const dnsTemplates = () => call<TemplateInfo[]>('dns_templates');

function progressChannel(onProgress: (progress: TemplateProgress) => void): Channel<TemplateProgress> {
  const channel = new Channel<TemplateProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** What a template would do to each selected domain; queues nothing. Refused parameters fail with `validation_failed`, named by parameter. */
export const templateDryRun = (template: TemplateRequest, selection: DomainSelection, onProgress: (progress: TemplateProgress) => void) =>
  call<TemplateReport>('template_dry_run', { template, selection, onProgress: progressChannel(onProgress) });
/** Queues one plan per domain the template applies to, all or none; unconfirmed, domains needing confirmation are skipped. */
export const applyTemplate = (
  template: TemplateRequest,
  selection: DomainSelection,
  confirmed: boolean,
  onProgress: (progress: TemplateProgress) => void,
) => call<TemplateReport>('apply_template', { template, selection, confirmed, onProgress: progressChannel(onProgress) });

// --- The audit trail ----------------------------------------------------------

/** The audit trail of one document, newest first. */
export const history = (docId: string) => call<AuditEntry[]>('history', { docId });
/** A page of the cached audit log, newest first. */
export const auditEvents = (query: AuditQuery) => call<AuditPage>('audit_events', { query });
/** Writes every event `query` matches to `path` as CSV; answers how many. */
export const exportAuditCsv = (query: AuditQuery, path: string) => call<number>('export_audit_csv', { query, path });

// --- E-mail forwarding -----------------------------------------------------

/** One domain's forwards, or every forward in the cache. */
export const forwards = (domain: string | null = null) => call<EmailForwarding[]>('forwards', { domain });
export const createForward = (domain: string, draft: ForwardDraft) => call<OutboxEntry>('create_forward', { domain, draft });
export const updateForward = (id: string, draft: ForwardDraft) => call<OutboxEntry>('update_forward', { id, draft });
export const deleteForward = (id: string) => call<OutboxEntry>('delete_forward', { id });
/** null when the domain's MX names our mail servers; else the plan that fixes it. */
export const mailRouting = (domain: string) => call<ZonePlan | null>('mail_routing', { domain });
/** Writes one domain's forwards (or all) to `path`; answers how many. */
export const exportForwards = (domain: string | null, format: ForwardFormat, path: string) =>
  call<number>('export_forwards', { domain, format, path });

// --- Support desk ------------------------------------------------------------

/** Queues a new ticket; its id is the entry's `docId`. */
export const openTicket = (draft: TicketDraft) => call<OutboxEntry>('open_ticket', { draft });
/** Queues a change of status, priority or assignee (fields left out stay as they are). */
export const changeTicket = (id: string, change: TicketChange) => call<OutboxEntry>('change_ticket', { id, change });
/**
 * Queues a reply or (staff only) an internal note on a ticket, and drops the
 * ticket's draft. Staff may log the whole minutes (1–480) they spent,
 * against the ticket's support package. A customer's reply to a closed
 * ticket opens a follow-up ticket (the reply lands there once sent); staff
 * are refused on a closed ticket (field `ticketId`, code `ticket_closed`).
 */
export const postMessage = (
  ticketId: string,
  messageType: PostedMessageType,
  content: string,
  minutesSpent: number | null,
  /** Staged files (`StagedAttachment.id`) that go with the message; they belong to it from then on. */
  attachments: string[],
) => call<OutboxEntry>('post_message', { ticketId, messageType, content, minutesSpent, attachments });
/**
 * Queues merging ticket `id` (the duplicate) into `intoTicketId` (staff): its
 * messages move into the target in order, and it closes pointing there.
 * Refusals name `intoTicketId` (`same_ticket`, `other_customer`,
 * `ticket_closed`, `not_found`, `staff_only`).
 */
export const mergeTickets = (id: string, intoTicketId: string) => call<OutboxEntry>('merge_tickets', { id, intoTicketId });
/** A ticket's id from its number (`TKT-2026-000123`, any case) or its id; `not_found` otherwise. */
export const ticketId = (key: string) => call<string>('ticket_id', { key });
/** The draft being written on a ticket, if any. */
export const replyDraft = (ticketId: string) => call<ReplyDraft | null>('reply_draft', { ticketId });
/** Keeps what is being written on a ticket; blank content drops the draft (and answers null). */
export const saveReplyDraft = (ticketId: string, messageType: PostedMessageType, content: string, minutesSpent: number | null) =>
  call<ReplyDraft | null>('save_reply_draft', { ticketId, messageType, content, minutesSpent });
/** The support and admin people in the cache: whom a ticket can be assigned to. */
export const supportStaff = () => call<Person[]>('support_staff');

/** The canned replies in the cache, by title; none in a customer's workspace. */
export const cannedReplies = () => call<CannedReply[]>('canned_replies');
/**
 * Queues a new canned reply (`id` null) or a change of one (staff). Refusals
 * name `title` (required, ≤100 characters, `staff_only`) or `content`
 * (required, ≤20,000 characters, `unknown_variable`).
 */
export const saveCannedReply = (id: string | null, draft: CannedReplyDraft) => call<OutboxEntry>('save_canned_reply', { id, draft });
export const deleteCannedReply = (id: string) => call<OutboxEntry>('delete_canned_reply', { id });
/** A canned reply's text for a ticket, its variables filled in from the cached ticket and customer. */
export const renderCannedReply = (id: string, ticketId: string) => call<string>('render_canned_reply', { id, ticketId });

/**
 * Tells the other support staff this person is viewing, typing on or
 * leaving a ticket; answers everyone on it now. Staff only, said straight
 * to the provider (never queued): it fails offline.
 */
export const announcePresence = (ticketId: string, state: PresenceState) => call<TicketPresence>('announce_presence', { ticketId, state });

// --- Attachments ---------------------------------------------------------------

/** The largest file one attachment may be (the shell refuses more with `too_large`). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** The most files one message may carry (posting refuses more with `too_many`). */
export const MAX_ATTACHMENTS = 10;

/**
 * Copies a file into the workspace for the next message. Refusals name
 * `attachments`: `too_large` (over {@link MAX_ATTACHMENT_BYTES}), `not_found`,
 * `unreadable`.
 */
export const stageAttachmentPath = (path: string) => call<StagedAttachment>('stage_attachment_path', { path });
/** As {@link stageAttachmentPath}, for a file the page holds (dropped in the page, pasted): its bytes are the request's body. */
export const stageAttachmentBytes = (filename: string, bytes: Uint8Array) =>
  call<StagedAttachment>('stage_attachment_bytes', bytes, { headers: { 'X-Filename': encodeURIComponent(filename) } });
/** Drops a staged file that will not be sent. */
export const discardStagedAttachment = (id: string) => call<void>('discard_staged_attachment', { id });
/** Opens a message's attachment with the system's handler, downloading it into the workspace first if needed (`download` progress). */
export const openAttachment = (url: string, filename: string) => call<void>('open_attachment', { url, filename });
/** Copies a message's attachment (downloaded first if needed) to `path`. */
export const saveAttachment = (url: string, filename: string, path: string) => call<void>('save_attachment', { url, filename, path });
/**
 * A `data:` URL of a preview (≤ 240 px) of a raster image (png, jpeg, gif,
 * webp); null for anything else, or when the file cannot be had offline.
 */
export const attachmentThumbnail = (url: string, filename: string, mimeType: string) =>
  call<string | null>('attachment_thumbnail', { url, filename, mimeType });

// --- Events from the shell -------------------------------------------------

export const onSyncStatus = (handler: (status: SyncStatus) => void): Promise<UnlistenFn> =>
  listen<SyncStatus>('sync-status', (event) => handler(event.payload));
export const onBootstrapProgress = (handler: (progress: BootstrapProgress) => void): Promise<UnlistenFn> =>
  listen<BootstrapProgress>('bootstrap-progress', (event) => handler(event.payload));
export const onNewNotifications = (handler: (items: NotificationItem[]) => void): Promise<UnlistenFn> =>
  listen<NotificationItem[]>('new-notifications', (event) => handler(event.payload));
export const onWorkspaceChanged = (handler: (state: AppState) => void): Promise<UnlistenFn> =>
  listen<AppState>('workspace-changed', (event) => handler(event.payload));
/** Someone's presence on a ticket changed (staff workspaces only). */
export const onTicketPresence = (handler: (presence: TicketPresence) => void): Promise<UnlistenFn> =>
  listen<TicketPresence>('ticket-presence', (event) => handler(event.payload));
/** How far an attachment's upload (a queued message's) or download has come. */
export const onAttachmentProgress = (handler: (progress: AttachmentProgress) => void): Promise<UnlistenFn> =>
  listen<AttachmentProgress>('attachment-progress', (event) => handler(event.payload));
