// The one Drizzle schema. Migrations in db/migrations are generated from it with `npm run db:generate`.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  customType,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

const instant = (name?: string) =>
  name ? timestamp(name, { withTimezone: true, mode: 'date' }) : timestamp({ withTimezone: true, mode: 'date' });
const createdAt = () => instant().notNull().defaultNow();
/** Raw bytes. postgres.js hands back a Buffer, PGlite a Uint8Array: both are Uint8Arrays. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => new Uint8Array(v),
});

export const UNIT_LEVELS = ['province', 'department', 'commune', 'district', 'other'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export const ROLES = ['officer', 'leader', 'admin'] as const;
export type StaffRole = (typeof ROLES)[number];

export const CHANNELS = ['dvc_portal', 'mobile_app', 'zalo_oa', 'zalo_mini_app', 'email', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const FEEDBACK_STATUSES = [
  'received',
  'accepted',
  'in_progress',
  'needs_info',
  'answered',
  'closed',
  'rejected',
] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Organisation units: a generic tree. `path` is the chain of ids ("/1/4/9/") so a subtree is one indexed LIKE. */
export const units = pgTable(
  'units',
  {
    id: serial().primaryKey(),
    code: text().notNull().unique(),
    name: text().notNull(),
    level: text().$type<UnitLevel>().notNull(),
    parentId: integer().references((): AnyPgColumn => units.id),
    path: text().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    index('units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId),
    check('units_level_check', sql`${t.level} in ('province','department','commune','district','other')`),
  ],
);

/** People: staff registered by an admin (by phone) and citizens known by their Zalo id. */
export const users = pgTable(
  'users',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    phone: text().unique(),
    /** Zalo user id by OA (webhook sender, OA messages). */
    zaloId: text().unique(),
    /** Zalo user id by app (mini app sign-in through the Graph API); a different id from the OA one. */
    zaloAppUserId: text().unique(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
);

/** Roles per unit. A user with no row here is a citizen. */
export const userRoles = pgTable(
  'user_roles',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    role: text().$type<StaffRole>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.unitId, t.role] }),
    index('user_roles_unit_idx').on(t.unitId, t.role),
    check('user_roles_role_check', sql`${t.role} in ('officer','leader','admin')`),
  ],
);

/** Bearer sessions; only the SHA-256 of the token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: instant().notNull(),
  },
  // The daily clean-up deletes expired sessions by this index.
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Rate-limit counters shared by every instance (CONTRACT §14): one row per limit and subject (a citizen, an IP, an
 * Open311 key), a fixed window, and for failed sign-ins a block that doubles with each strike.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text().primaryKey(),
    hits: integer().notNull(),
    windowEndsAt: instant().notNull(),
    strikes: integer().notNull().default(0),
    blockedUntil: instant(),
  },
  (t) => [index('rate_limits_window_idx').on(t.windowEndsAt)],
);

/** Integrations that call the Open311 API with an api_key (hash stored, never the key). */
export const integrations = pgTable(
  'integrations',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    keyHash: text().notNull().unique(),
    channel: text().$type<Channel>().notNull().default('other'),
    active: boolean().notNull().default(true),
    createdAt: createdAt(),
  },
);

export const categories = pgTable('categories', {
  id: serial().primaryKey(),
  code: text().notNull().unique(),
  name: text().notNull(),
  description: text(),
  defaultUnitId: integer().references(() => units.id),
  active: boolean().notNull().default(true),
});

/** Deadline policy per (category, urgency); category null = the province-wide default. */
export const deadlinePolicies = pgTable(
  'deadline_policies',
  {
    id: serial().primaryKey(),
    categoryId: integer().references(() => categories.id),
    urgency: text().$type<Urgency>().notNull().default('normal'),
    unit: text().$type<'working_days' | 'working_hours'>().notNull(),
    amount: integer().notNull(),
    /** Due-soon alert this many units (of `unit`) before the due time; null = the unit/province alert setting. */
    dueSoon: integer(),
  },
  (t) => [
    uniqueIndex('deadline_policies_scope_uq').on(sql`coalesce(${t.categoryId}, 0)`, t.urgency),
    check('deadline_policies_amount_check', sql`${t.amount} > 0`),
    check('deadline_policies_unit_check', sql`${t.unit} in ('working_days','working_hours')`),
  ],
);

/** Years whose schedule was announced: for those, only calendar_days count (see docs/decisions/003). */
export const calendarYears = pgTable('calendar_years', {
  year: integer().primaryKey(),
  mode: text().$type<'derived' | 'announced'>().notNull(),
  notice: text(),
  updatedAt: createdAt(),
});

export const calendarDays = pgTable(
  'calendar_days',
  {
    date: date({ mode: 'string' }).primaryKey(),
    kind: text().$type<'off' | 'working'>().notNull(),
    name: text().notNull(),
    updatedAt: createdAt(),
    updatedBy: integer().references(() => users.id),
  },
  (t) => [check('calendar_days_kind_check', sql`${t.kind} in ('off','working')`)],
);

/** Gapless per-year counters behind tracking codes PA-YYYY-NNNNNN. */
export const codeCounters = pgTable('code_counters', {
  year: integer().primaryKey(),
  last: integer().notNull(),
});

/**
 * The searched text of a feedback, folded (no diacritics, lower case): title, content and code. The trigram index
 * and the search in features/feedback/feedback-search.ts both build it here, so the planner sees the same
 * expression. immutable_unaccent() is created in migration 0011.
 */
export const feedbackSearchText = (c: { title: AnyPgColumn; content: AnyPgColumn; code: AnyPgColumn }) =>
  sql`lower(immutable_unaccent(coalesce(${c.title}, '') || ' ' || ${c.content} || ' ' || ${c.code}))`;

export const feedback = pgTable(
  'feedback',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    code: text().notNull().unique(),
    channel: text().$type<Channel>().notNull(),
    externalId: text(),
    categoryId: integer().references(() => categories.id),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    urgency: text().$type<Urgency>().notNull().default('normal'),
    title: text(),
    content: text().notNull().default(''),
    status: text().$type<FeedbackStatus>().notNull().default('received'),
    published: boolean().notNull().default(false),
    assignedUserId: integer().references(() => users.id),
    // Location (optional)
    lat: doublePrecision(),
    lng: doublePrecision(),
    address: text(),
    // Citizen contact: private, never in public views or logs
    citizenUserId: integer().references(() => users.id),
    contactName: text(),
    contactPhone: text(),
    contactEmail: text(),
    // Clock
    receivedAt: instant().notNull(),
    receivedDate: date({ mode: 'string' }).notNull(),
    policyUnit: text().$type<'working_days' | 'working_hours'>().notNull(),
    policyAmount: integer().notNull(),
    clockStartedAt: instant().notNull(),
    pausedAmount: doublePrecision().notNull().default(0),
    pausedAt: instant(),
    dueAt: instant(),
    answeredAt: instant(),
    answer: text(),
    rejectReason: text(),
    closedAt: instant(),
    // Satisfaction
    rating: smallint(),
    ratingComment: text(),
    // Which due time each alert kind was last created for: the scheduler's bookmark, so each tick reads only new work.
    dueSoonAlertedFor: instant(),
    overdueAlertedFor: instant(),
    escalatedFor: instant(),
    ratingChannel: text().$type<Channel>(),
    ratedAt: instant(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    // A duplicate linked to its main item (one level only: a main is never itself a duplicate).
    duplicateOfId: bigint({ mode: 'number' }).references((): AnyPgColumn => feedback.id),
  },
  (t) => [
    uniqueIndex('feedback_channel_external_uq').on(t.channel, t.externalId),
    index('feedback_duplicate_of_idx').on(t.duplicateOfId).where(sql`${t.duplicateOfId} is not null`),
    // Covering index for the indicator report: one index-only range scan per period.
    index('feedback_indicator_idx').on(t.receivedDate, t.channel, t.unitId, t.answeredAt, t.dueAt, t.rating),
    index('feedback_unit_received_idx').on(t.unitId, t.receivedDate),
    index('feedback_open_due_idx').on(t.dueAt).where(sql`${t.answeredAt} is null`),
    // The scheduler's work queues: open items whose alert of each kind is not yet created for their current due time.
    index('feedback_due_soon_todo_idx')
      .on(t.dueAt)
      .where(sql`${t.answeredAt} is null and ${t.dueSoonAlertedFor} is distinct from ${t.dueAt}`),
    index('feedback_overdue_todo_idx')
      .on(t.dueAt)
      .where(sql`${t.answeredAt} is null and ${t.overdueAlertedFor} is distinct from ${t.dueAt}`),
    index('feedback_escalation_todo_idx')
      .on(t.dueAt)
      .where(sql`${t.answeredAt} is null and ${t.escalatedFor} is distinct from ${t.dueAt}`),
    index('feedback_citizen_idx').on(t.citizenUserId),
    // Word search without diacritics or case: ILIKE '%word%' on the folded text, served by trigrams.
    index('feedback_search_idx').using('gin', sql`${feedbackSearchText(t)} gin_trgm_ops`),
    check('feedback_rating_check', sql`${t.rating} between 1 and 5`),
    check(
      'feedback_status_check',
      sql`${t.status} in ('received','accepted','in_progress','needs_info','answered','closed','rejected')`,
    ),
    check(
      'feedback_channel_check',
      sql`${t.channel} in ('dvc_portal','mobile_app','zalo_oa','zalo_mini_app','email','other')`,
    ),
  ],
);

/** Append-only timeline (a trigger in migration 0001 refuses UPDATE and DELETE). */
export const feedbackEvents = pgTable(
  'feedback_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    feedbackId: bigint({ mode: 'number' })
      .notNull()
      .references(() => feedback.id),
    at: createdAt(),
    actorUserId: integer().references(() => users.id),
    actorLabel: text().notNull(),
    type: text().notNull(),
    fromStatus: text().$type<FeedbackStatus>(),
    toStatus: text().$type<FeedbackStatus>(),
    note: text(),
    data: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index('feedback_events_feedback_idx').on(t.feedbackId, t.id)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    feedbackId: bigint({ mode: 'number' })
      .notNull()
      .references(() => feedback.id),
    eventId: bigint({ mode: 'number' }).references(() => feedbackEvents.id),
    fileName: text().notNull(),
    mimeType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    uploadedBy: integer().references(() => users.id),
    /** Chosen by the officer when publishing the feedback; served anonymously only while the feedback is public too. */
    published: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_feedback_idx').on(t.feedbackId)],
);


// ——— Zalo OA (issue 3) ———

/** Every signed webhook event, stored before the 200 and processed after it. `event_key` deduplicates Zalo's retries. */
export const zaloInbox = pgTable(
  'zalo_inbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    eventKey: text().notNull().unique(),
    eventName: text().notNull(),
    /** The citizen's id by OA (sender of user_* events, follower of follow events); null for OA echoes. */
    userId: text(),
    /** Zalo's own event time (epoch ms), used to refuse stale updates. */
    eventAt: instant().notNull(),
    /** The event as the bot reads it; null when it could not be read at all (then only rawBody holds it). */
    payload: jsonb().$type<Record<string, unknown>>(),
    /** The exact bytes received, kept only when the stored payload differs from them or could not be made. */
    rawBody: bytea(),
    /** Why a person should look at this event (text cleaned, malformed, too deep, not UTF-8); null for ordinary ones. */
    reviewReason: text(),
    state: text().$type<'pending' | 'processing' | 'done' | 'ignored' | 'failed'>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lockedUntil: instant(),
    nextAttemptAt: instant().notNull().defaultNow(),
    receivedAt: createdAt(),
    processedAt: instant(),
    note: text(),
  },
  (t) => [
    index('zalo_inbox_due_idx').on(t.nextAttemptAt).where(sql`${t.state} in ('pending','processing')`),
    index('zalo_inbox_review_idx').on(t.receivedAt).where(sql`${t.reviewReason} is not null`),
  ],
);

/** What we know of a person who writes to the OA: their last interaction opens the messaging window. */
export const zaloContacts = pgTable('zalo_contacts', {
  zaloId: text().primaryKey(),
  userId: integer().references(() => users.id),
  displayName: text(),
  followed: boolean(),
  followedAt: instant(),
  lastInteractionAt: instant(),
  /** Newest event applied to this contact's conversation; older retries never rewind it. */
  lastEventAt: instant(),
  conversation: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  conversationExpiresAt: instant(),
  updatedAt: createdAt(),
});

/**
 * Durable outbox for every outbound message (replies, notifications, alerts). Created in the same transaction as
 * the change that causes it; sent later, outside any transaction.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    dedupeKey: text().notNull().unique(),
    /** reply | notification | alert | … : what the message is for. */
    purpose: text().notNull(),
    channel: text().$type<'zalo_cs' | 'zns'>().notNull().default('zalo_cs'),
    recipientZaloId: text(),
    recipientUserId: integer().references(() => users.id),
    feedbackId: bigint({ mode: 'number' }).references(() => feedback.id),
    /** The message as the OA API takes it (`message` of /message/cs), plus `zns` data for the fallback. */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** Plain text of the message, for the in-app inbox and the admin view. */
    text: text().notNull(),
    state: text().$type<'pending' | 'sending' | 'sent' | 'held' | 'local' | 'dead' | 'cancelled'>().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: instant().notNull().defaultNow(),
    lockedUntil: instant(),
    /** Set just before the call to Zalo: a row whose sender died after this may have been delivered. */
    sendStarted: boolean().notNull().default(false),
    sentAt: instant(),
    sentVia: text(),
    providerMessageId: text(),
    lastError: text(),
    createdAt: createdAt(),
    readAt: instant(),
  },
  (t) => [
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.state} in ('pending','sending')`),
    index('outbox_held_idx').on(t.recipientZaloId).where(sql`${t.state} = 'held'`),
    index('outbox_user_idx').on(t.recipientUserId, t.id),
  ],
);

/** Every send attempt and its outcome, so nothing is dropped silently. */
export const outboxAttempts = pgTable(
  'outbox_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    outboxId: bigint({ mode: 'number' })
      .notNull()
      .references(() => outbox.id),
    at: createdAt(),
    via: text().notNull(),
    outcome: text().notNull(),
    errorCode: integer(),
    detail: text(),
  },
  (t) => [index('outbox_attempts_outbox_idx').on(t.outboxId)],
);

/** The OA token pair. Refresh tokens are single-use, so the rotated pair is written in one statement. */
export const zaloTokens = pgTable('zalo_tokens', {
  id: integer().primaryKey(),
  accessToken: text().notNull(),
  refreshToken: text().notNull(),
  expiresAt: instant(),
  /** Lease of the instance refreshing now: others wait for the new pair instead of spending the refresh token. */
  refreshingUntil: instant(),
  updatedAt: createdAt(),
});

/** ZNS templates an admin configured, per message purpose (e.g. feedback_status). */
export const znsTemplates = pgTable('zns_templates', {
  purpose: text().primaryKey(),
  templateId: text().notNull(),
  updatedAt: createdAt(),
});

// ——— DTI indicator reporting (issue 4) ———

export const DTI_VALUE_TYPES = ['boolean', 'count', 'ratio', 'percentage', 'amount', 'text', 'date'] as const;
export type DtiValueType = (typeof DTI_VALUE_TYPES)[number];
export const DTI_VALUE_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type DtiValueStatus = (typeof DTI_VALUE_STATUSES)[number];

/** A versioned indicator set: one province (or former district) and year. Copying to a new year makes a new set. */
export const dtiSets = pgTable('dti_sets', {
  id: serial().primaryKey(),
  code: text().notNull().unique(),
  name: text().notNull(),
  province: text().notNull(),
  year: integer().notNull(),
  level: text().$type<'province' | 'department' | 'commune' | 'district'>().notNull(),
  source: text(),
  active: boolean().notNull().default(true),
  copiedFromId: integer().references((): AnyPgColumn => dtiSets.id),
  createdAt: createdAt(),
});

/** Main index (chỉ số chính) with its maximum points; null when no source gives them. */
export const dtiIndices = pgTable(
  'dti_indices',
  {
    id: serial().primaryKey(),
    setId: integer()
      .notNull()
      .references(() => dtiSets.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    name: text().notNull(),
    maxPoints: doublePrecision(),
    sort: integer().notNull(),
  },
  (t) => [uniqueIndex('dti_indices_set_code_uq').on(t.setId, t.code)],
);

export const dtiIndicators = pgTable(
  'dti_indicators',
  {
    id: serial().primaryKey(),
    setId: integer()
      .notNull()
      .references(() => dtiSets.id, { onDelete: 'cascade' }),
    indexId: integer()
      .notNull()
      .references(() => dtiIndices.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    name: text().notNull(),
    valueType: text().$type<DtiValueType>().notNull(),
    unitOfMeasure: text(),
    guidance: text(),
    evidenceRequired: boolean().notNull().default(false),
    scoring: jsonb().$type<Record<string, unknown>>(),
    maxPoints: doublePrecision(),
    /** Filled by the system from data it holds (e.g. feedback indicators), shown with its formula. */
    autoSource: text(),
    sort: integer().notNull(),
  },
  (t) => [uniqueIndex('dti_indicators_set_code_uq').on(t.setId, t.code), index('dti_indicators_index_idx').on(t.indexId)],
);

export const dtiAssignments = pgTable(
  'dti_assignments',
  {
    indicatorId: integer()
      .notNull()
      .references(() => dtiIndicators.id, { onDelete: 'cascade' }),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    role: text().$type<'lead' | 'coordinating'>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.indicatorId, t.unitId] }),
    index('dti_assignments_unit_idx').on(t.unitId, t.role),
    check('dti_assignments_role_check', sql`${t.role} in ('lead','coordinating')`),
  ],
);

/** A reporting period of a set, with an explicit due date and a lock after the grace period. */
export const dtiPeriods = pgTable(
  'dti_periods',
  {
    id: serial().primaryKey(),
    setId: integer()
      .notNull()
      .references(() => dtiSets.id, { onDelete: 'cascade' }),
    code: text().notNull(),
    kind: text().$type<'quarter' | 'year'>().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }).notNull(),
    dueOn: date({ mode: 'string' }).notNull(),
    graceDays: integer().notNull().default(5),
    /** Set by an admin to reopen a period after its lock date, until this instant. */
    reopenedUntil: instant(),
  },
  (t) => [uniqueIndex('dti_periods_set_code_uq').on(t.setId, t.code)],
);

/** One unit's value of one indicator for one period; its history is in dti_value_events. */
export const dtiValues = pgTable(
  'dti_values',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    periodId: integer()
      .notNull()
      .references(() => dtiPeriods.id, { onDelete: 'cascade' }),
    indicatorId: integer()
      .notNull()
      .references(() => dtiIndicators.id, { onDelete: 'cascade' }),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    status: text().$type<DtiValueStatus>().notNull().default('draft'),
    value: jsonb().$type<Record<string, unknown>>(),
    comment: text(),
    citation: jsonb().$type<{ number?: string; date?: string; issuer?: string; title?: string }>(),
    submittedAt: instant(),
    submittedBy: integer().references(() => users.id),
    reviewedAt: instant(),
    reviewedBy: integer().references(() => users.id),
    reviewComment: text(),
    changedAfterApproval: boolean().notNull().default(false),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('dti_values_period_indicator_unit_uq').on(t.periodId, t.indicatorId, t.unitId),
    index('dti_values_period_unit_idx').on(t.periodId, t.unitId),
  ],
);

export const dtiValueEvents = pgTable(
  'dti_value_events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    valueId: bigint({ mode: 'number' })
      .notNull()
      .references(() => dtiValues.id, { onDelete: 'cascade' }),
    at: createdAt(),
    actorUserId: integer().references(() => users.id),
    actorLabel: text().notNull(),
    action: text().notNull(),
    fromStatus: text(),
    toStatus: text(),
    value: jsonb().$type<Record<string, unknown>>(),
    note: text(),
  },
  (t) => [index('dti_value_events_value_idx').on(t.valueId, t.id)],
);

export const dtiEvidence = pgTable(
  'dti_evidence',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    valueId: bigint({ mode: 'number' })
      .notNull()
      .references(() => dtiValues.id, { onDelete: 'cascade' }),
    fileName: text().notNull(),
    mimeType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    uploadedBy: integer().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('dti_evidence_value_idx').on(t.valueId)],
);

/** Someone an admin designated to review a unit's DTI values, besides the unit's leaders. */
export const dtiReviewers = pgTable(
  'dti_reviewers',
  {
    unitId: integer()
      .notNull()
      .references(() => units.id),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.userId] })],
);

// ——— Alerts (issue 5) ———

/**
 * One alert per (kind, item, recipient, due time): the unique key makes creation exactly-once across instances.
 * It waits for quiet hours to end (send_after), then becomes an outbox message.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    dedupeKey: text().notNull().unique(),
    kind: text().notNull(),
    feedbackId: bigint({ mode: 'number' }).references(() => feedback.id),
    recipientUserId: integer()
      .notNull()
      .references(() => users.id),
    dueAt: instant(),
    text: text().notNull(),
    sendAfter: instant().notNull(),
    state: text().$type<'scheduled' | 'queued' | 'cancelled'>().notNull().default('scheduled'),
    outboxId: bigint({ mode: 'number' }).references(() => outbox.id),
    createdAt: createdAt(),
    settledAt: instant(),
    note: text(),
  },
  (t) => [
    index('alerts_release_idx').on(t.sendAfter).where(sql`${t.state} = 'scheduled'`),
    index('alerts_feedback_idx').on(t.feedbackId),
  ],
);

/** Alert thresholds for a unit's subtree; the row without a unit is the province default. */
export const alertSettings = pgTable(
  'alert_settings',
  {
    id: serial().primaryKey(),
    unitId: integer().references(() => units.id),
    dueSoon: integer().notNull(),
    escalationWorkingDays: integer().notNull(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('alert_settings_unit_uq').on(sql`coalesce(${t.unitId}, 0)`)],
);

/** Once-a-day jobs (digests, DTI reminders) claimed by (job, key): the instance whose insert succeeds does the job. */
export const schedulerRuns = pgTable(
  'scheduler_runs',
  {
    job: text().notNull(),
    key: text().notNull(),
    ranAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.job, t.key] })],
);

/**
 * A person's notification centre: what needs them, written in the transaction of the event that causes it (a
 * step on their item, a new item in their unit, an alert released to them). read_at is their own read mark.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    /** Unique per logical notification: an event or an alert released twice notifies once. */
    dedupeKey: text().notNull().unique(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    /** The action (request_info, answer, …), new_item, provide_info, rated, or the alert's kind. */
    kind: text().notNull(),
    feedbackId: bigint({ mode: 'number' }).references(() => feedback.id),
    alertId: bigint({ mode: 'number' }).references(() => alerts.id),
    /** The Zalo message carrying the same news, if any (whether it reached Zalo). */
    outboxId: bigint({ mode: 'number' }).references(() => outbox.id),
    text: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    readAt: instant(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId, t.id).where(sql`${t.readAt} is null`),
  ],
);

/** When each staff member last opened an item: the inbox marks what is new to them, or changed since. */
export const feedbackReads = pgTable(
  'feedback_reads',
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    feedbackId: bigint({ mode: 'number' })
      .notNull()
      .references(() => feedback.id),
    readAt: instant().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.feedbackId] })],
);

export const schema = {
  units,
  users,
  userRoles,
  sessions,
  rateLimits,
  integrations,
  categories,
  deadlinePolicies,
  calendarYears,
  calendarDays,
  codeCounters,
  feedback,
  feedbackEvents,
  attachments,
  zaloInbox,
  zaloContacts,
  outbox,
  outboxAttempts,
  zaloTokens,
  znsTemplates,
  dtiSets,
  dtiIndices,
  dtiIndicators,
  dtiAssignments,
  dtiPeriods,
  dtiValues,
  dtiValueEvents,
  dtiEvidence,
  dtiReviewers,
  alerts,
  alertSettings,
  schedulerRuns,
  notifications,
  feedbackReads,
};
