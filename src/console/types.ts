/** The shapes of the public HTTP API that the console reads (see /openapi.json). */

export type Role = 'agent' | 'lawyer' | 'handler' | 'supervisor' | 'admin' | 'auditor';

export interface UnitRef {
  id: number;
  name: string;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unit: UnitRef & { level: string; isCentre: boolean };
  /** The server lets this user reset other staff members' TOTP (the console asks it, not the role). */
  mayResetOthersTotp: boolean;
}

/** The signed-in member's own TOTP second factor (GET /auth/totp). */
export interface TotpStatus {
  active: boolean;
  /** Enrolment started and not yet confirmed. */
  pending: boolean;
  /** The role must have TOTP: turned off, the session may only enrol again. */
  required: boolean;
}

export interface OrgUnit extends UnitRef {
  code: string | null;
  level: string;
  parentId: number | null;
  isCentre: boolean;
}

/** Code → 中文 maps, from GET /labels. */
export interface Labels {
  statuses: Record<string, string>;
  actions: Record<string, string>;
  categories: Record<string, string>;
  outcomes: Record<string, string>;
  channels: Record<string, string>;
  difficulties: Record<string, string>;
  supervisionLevels: Record<string, string>;
  extensionStatuses: Record<string, string>;
  referrals: Record<string, string>;
  kinds: Record<string, string>;
  orgLevels: Record<string, string>;
  attachmentKinds: Record<string, string>;
  uploaders: Record<string, string>;
  notificationChannels: Record<string, string>;
  notificationKinds: Record<string, string>;
  notificationStatuses: Record<string, string>;
  auditActions: Record<string, string>;
  auditTargets: Record<string, string>;
}
export type LabelGroup = keyof Labels;

export interface Page<T> {
  items: T[];
  /** Order lists count up to 10,000 matches (a text search 1,000); totalCapped says there are more. */
  total: number;
  totalCapped?: true;
}

// ---------------------------------------------------------------------------------------------
// Contacts (来电来信)
// ---------------------------------------------------------------------------------------------

export interface Evidence {
  field: 'category' | 'mass' | 'crisis' | 'platform' | 'region' | 'employer' | 'kind';
  value: string;
  terms: string[];
}

export interface Classification {
  category: string;
  mass: boolean;
  crisis: boolean;
  platform: boolean;
  city: string | null;
  district: string | null;
  town: string | null;
  cityCode: string | null;
  districtCode: string | null;
  townCode: string | null;
  employer: string | null;
  kind: string;
  confidence: number;
  evidence: Evidence[];
}

export interface Contact {
  id: number;
  channel: string;
  externalId: string;
  receivedAt: string;
  text: string;
  recordingUrl: string | null;
  urgent: boolean;
  outcome: 'answered' | 'order' | 'merged' | 'lawyer_queue';
  outcomeLabel: string;
  classification: Classification;
  order: {
    id: number;
    number: string;
    status: string;
    urgent: boolean;
    petitionerCount: number;
    suggestedUnit: UnitRef | null;
    routeReason: string | null;
  } | null;
  answer: { articleId: number | null; text: string | null } | null;
}

export interface WorkerHistory {
  worker: WorkerView | null;
  contacts: Array<Pick<Contact, 'id' | 'channel' | 'receivedAt' | 'text' | 'urgent' | 'outcome' | 'outcomeLabel'> & { orderId: number | null }>;
  orders: Array<Pick<OrderSummary, 'id' | 'number' | 'status' | 'statusLabel' | 'category' | 'summary' | 'urgent' | 'currentUnit' | 'createdAt'>>;
}

export interface Opinion {
  facts: string;
  legalBasis: string;
  advice: string;
  referral: string;
  reply: string;
}

export interface Article {
  id: number;
  title: string;
  questions: string[];
  answer: string;
  legalBasis: string;
  category: string;
  score?: number;
  matchedTerms?: string[];
}

/** An article as its editors see it (GET /knowledge/articles). */
export interface EditableArticle extends Article {
  published: boolean;
  version: number;
  updatedAt: string;
}

/** What an editor writes; `version` is the one the edit started from (none for a new article). */
export interface ArticleDraft {
  title: string;
  questions: string[];
  answer: string;
  legalBasis: string;
  category: string;
  published: boolean;
}

// ---------------------------------------------------------------------------------------------
// Work orders (工单)
// ---------------------------------------------------------------------------------------------

export interface OrderSummary {
  id: number;
  number: string;
  status: string;
  statusLabel: string;
  version: number;
  channel: string;
  category: string;
  mass: boolean;
  crisis: boolean;
  platform: boolean;
  urgent: boolean;
  difficulty: string;
  summary: string;
  employer: string | null;
  regionCode: string | null;
  anonymous: boolean;
  currentUnit: UnitRef | null;
  suggestedUnit: UnitRef | null;
  routeReason: string | null;
  petitionerCount: number;
  deadlines: {
    signDueAt: string | null;
    handleDueAt: string | null;
    reviewDueAt: string | null;
    revisitDueAt: string | null;
    nextDueAt: string | null;
  };
  /** Supervision taken on the running deadline: 1 reminded, 2 yellow card, 3 red card. */
  slaLevel: number;
  rehandleCount: number;
  createdAt: string;
  updatedAt: string;
  allowedActions: string[];
}

export interface TimelineEvent {
  id: number;
  action: string;
  actionLabel: string;
  fromStatus: string | null;
  toStatus: string;
  actor: { id: number; name: string | null } | null;
  unit: UnitRef | null;
  targetUnit: UnitRef | null;
  detail: string | null;
  note: string | null;
  at: string;
}

/**
 * A worker as the server shows them: masked. `id` comes only to the centre desk, which may reveal
 * them in full (POST /workers/:id/reveal).
 */
export interface WorkerView {
  id?: number;
  name: string | null;
  phone: string | null;
  idNumber: string | null;
}

export interface OrderDetail extends OrderSummary {
  description: string;
  worker: WorkerView | null;
  result: string | null;
  recoveredAmount: number | null;
  resultRating: number | null;
  serviceRating: number | null;
  revisitComment: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  chain: Array<{
    unit: UnitRef | null;
    fromUnit: UnitRef | null;
    active: boolean;
    dispatchedAt: string | null;
    signDueAt: string | null;
    signedAt: string | null;
    handleDueAt: string | null;
    returnedAt: string | null;
    returnReason: string | null;
    reportedAt: string | null;
    result: string | null;
  }>;
  cohandlers: Array<{ unit: UnitRef | null; task: string; addedAt: string | null; signedAt: string | null; doneAt: string | null; result: string | null }>;
  extensions: Array<{ unit: UnitRef | null; days: number; reason: string; status: string; requestedAt: string | null; decidedAt: string | null; decisionNote: string | null }>;
  timeline: TimelineEvent[];
}

export interface Attachment {
  id: number;
  kind: 'photo' | 'voice';
  mime: string;
  size: number;
  from: string;
  createdAt: string;
}

export interface Petitioner {
  id: number;
  attachedAt: string;
  worker: { id: number; name: string | null; phone: string | null } | null;
}

/** 受理登记 by the desk (POST /work-orders): what is left out, the server reads from the text. */
export interface NewOrder {
  channel: string;
  summary?: string;
  description: string;
  category?: string;
  employer?: string;
  regionCode?: string;
  worker: { name?: string; phone?: string; idNumber?: string; anonymous: boolean };
}

export interface OrderQuery {
  status?: string;
  category?: string;
  unitId?: number;
  q?: string;
  overdue?: boolean;
  dueBefore?: string;
  sort?: 'newest' | 'due';
  page?: number;
  pageSize?: number;
}

// ---------------------------------------------------------------------------------------------
// KPIs and notifications
// ---------------------------------------------------------------------------------------------

export interface Ratio {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface Metrics {
  orders: number;
  responseRate: Ratio;
  onTimeRate: Ratio;
  resolutionRate: Ratio;
  resultSatisfaction: Ratio;
  serviceSatisfaction: Ratio;
  returnRate: Ratio;
  firstContactResolutionRate: Ratio;
  averageHandlingDays: number | null;
  wagesRecovered: number;
}

export type RateKey = { [K in keyof Metrics]: Metrics[K] extends Ratio ? K : never }[keyof Metrics];

export interface KpiReport {
  from: string;
  to: string;
  unit: UnitRef;
  totals: Metrics;
  groups: Array<Metrics & { key: string | number; label: string }>;
}

export interface KpiQuery {
  from?: string;
  to?: string;
  unitId?: number;
  groupBy?: 'category' | 'unit' | 'month';
}

export interface Notification {
  id: number;
  channel: string;
  recipient: string;
  orderId: number | null;
  kind: string;
  text: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A row of the audit trail (GET /audit, auditors only). */
export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actor: { id: number | null; name: string | null; unitId: number | null } | null;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
  hash: string;
}

export interface AuditQuery {
  action?: string;
  actorId?: number;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** A closed order's result as the public reads it in the mini-program (结果公示). */
export interface PublishedResult {
  id: number;
  category: string;
  region: string | null;
  /** Masked by the server (恒**厂). */
  employer: string | null;
  summary: string;
  result: string;
  publishedAt: string;
}
