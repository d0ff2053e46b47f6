/**
 * The console's only way to the server: the public HTTP API under /api/v1 with the staff token.
 * Errors arrive as `{ error: { code, message, details } }` and are thrown as ApiError with the
 * server's (Chinese) message; a 401 ends the session.
 */
import type {
  Article, ArticleDraft, Attachment, AuditEntry, AuditQuery, Contact, EditableArticle, KpiQuery, KpiReport, Labels, NewOrder, Notification, Opinion, OrderDetail, OrderQuery, OrderSummary, OrgUnit, Page,
  Petitioner, PublishedResult, TotpStatus, User, WorkerHistory, WorkerView,
} from './types';

const BASE = '/api/v1';
const TOKEN_KEY = 'hotline.console.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** What to tell the user about a failure: the server's own words, or `fallback` when it said nothing. */
export const messageOf = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

/** The token lives for the browser tab only: a shared desk PC forgets it when the tab closes. */
export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

let onSessionEnded = () => {};
/** What to do when the server no longer accepts the token (expired, idle, revoked). */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

let onEnrolmentRequired = () => {};
/** What to do when the server says the session may only enrol TOTP (turned off in another tab, say). */
export function whenEnrolmentRequired(handler: () => void): void {
  onEnrolmentRequired = handler;
}

type Query = Record<string, string | number | boolean | undefined>;

interface CallOptions {
  query?: object;
  body?: unknown;
  headers?: Record<string, string>;
}

function url(path: string, query?: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  const bearer = token.get();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (res.ok || res.status === 304) return res;
  const error = await res.json().then(
    (b: { error?: { code: string; message: string; details: ApiError['details'] } }) => b.error,
    () => undefined,
  );
  if (res.status === 401 && bearer) {
    token.clear();
    onSessionEnded();
  }
  if (res.status === 403 && error?.code === 'totp_enrolment_required') onEnrolmentRequired();
  throw new ApiError(res.status, error?.code ?? 'http_error', error?.message ?? `请求失败（${res.status}）`, error?.details);
}

async function json<T>(method: string, path: string, options?: CallOptions): Promise<T> {
  const res = await call(method, path, options);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const get = <T>(path: string, query?: object) => json<T>('GET', path, { query });
const post = <T>(path: string, body?: unknown) => json<T>('POST', path, { body });

export type Polled<T> = { changed: false } | { changed: true; data: T; etag: string | null };

export const api = {
  /** `totpCode` once the server has answered `totp_required`. */
  login: (username: string, password: string, totpCode?: string) =>
    post<{ token: string; expiresAt: string; user: User; totpEnrolmentRequired: boolean }>('/auth/login', { username, password, totpCode }),
  logout: () => post<void>('/auth/logout'),
  me: () => get<User & { totpEnrolmentRequired: boolean }>('/auth/me'),
  /** The member's own password; their other sessions end, this one stays. */
  changePassword: (current: string, next: string) => post<void>('/auth/password', { current, next }),

  /** The signed-in member's own TOTP second factor, and an admin's reset of someone else's. */
  totp: {
    status: () => get<TotpStatus>('/auth/totp'),
    /** The secret and otpauth:// URI: shown this once, nothing takes effect until confirmed. */
    start: () => post<{ secret: string; otpauthUri: string }>('/auth/totp/enrolment'),
    confirm: (code: string) => post<TotpStatus>('/auth/totp/enrolment/confirm', { code }),
    /** Takes a current code; where the role must have TOTP, the session may only enrol afterwards. */
    disable: (code: string) => post<TotpStatus>('/auth/totp/disable', { code }),
    /** Clears the member's TOTP and ends their sessions (a lost phone); they enrol again at their next login. */
    reset: (username: string) => post<void>('/auth/totp/reset', { username }),
  },

  labels: () => get<Labels>('/labels'),

  contacts: {
    /**
     * The queue, revalidated: with the ETag of the copy held, the server answers 304 when nothing
     * changed, and the caller keeps what it has.
     */
    async poll(query: { queue: 'lawyer' | 'all'; pageSize: number }, etag: string | null): Promise<Polled<Page<Contact>>> {
      const res = await call('GET', '/contacts', { query, headers: etag ? { 'if-none-match': etag } : {} });
      if (res.status === 304) return { changed: false };
      return { changed: true, data: await res.json(), etag: res.headers.get('etag') };
    },
    get: (id: number) => get<Contact>(`/contacts/${id}`),
    history: (id: number) => get<WorkerHistory>(`/contacts/${id}/history`),
    answer: (id: number, articleId: number) => post<Contact>(`/contacts/${id}/answer`, { articleId }),
    opinion: (id: number, opinion: Opinion) => post<Contact>(`/contacts/${id}/opinion`, opinion),
    openOrder: (id: number) => post<Contact>(`/contacts/${id}/order`),
  },

  orders: {
    list: (query: OrderQuery) => get<Page<OrderSummary>>('/work-orders', query),
    register: (order: NewOrder) => post<OrderDetail>('/work-orders', order),
    get: (id: number) => get<OrderDetail>(`/work-orders/${id}`),
    act: (order: Pick<OrderSummary, 'id' | 'version'>, action: string, fields: Record<string, unknown> = {}) =>
      post<OrderDetail>(`/work-orders/${order.id}/actions/${action}`, { ...fields, version: order.version }),
    petitioners: (id: number) => get<{ items: Petitioner[] }>(`/work-orders/${id}/petitioners`),
  },

  workers: {
    /** The worker in full; the server records who asked and why. */
    reveal: (id: number, reason: string) => post<Required<WorkerView>>(`/workers/${id}/reveal`, { reason }),
  },

  attachments: {
    list: (orderId: number) => get<{ items: Attachment[] }>('/attachments', { orderId }),
    /** The file itself: fetched with the token, since an <img> or <audio> cannot send it. */
    file: async (id: number) => (await call('GET', `/attachments/${id}`)).blob(),
  },

  orgs: {
    get: (id: number) => get<OrgUnit>(`/orgs/${id}`),
    children: (id: number) => get<{ items: OrgUnit[] }>(`/orgs/${id}/children`),
    byCode: async (code: string) => (await get<{ items: OrgUnit[] }>('/orgs', { code })).items[0] ?? null,
    /** Units whose name holds `q`, of one level. */
    find: (query: { q: string; level: string }) => get<{ items: OrgUnit[] }>('/orgs', query),
    /** An enterprise union under a town (admins, within their own union). */
    addEnterprise: (parentId: number, name: string) => post<OrgUnit>('/orgs', { parentId, name }),
  },

  knowledge: {
    suggest: (text: string) => get<{ items: Article[]; confident: boolean }>('/knowledge/suggest', { text }),
    /** Ranked by relevance when `q` is given. */
    list: (query: { q?: string; category?: string; page: number; pageSize: number }) => get<Page<EditableArticle>>('/knowledge/articles', query),
    create: (draft: ArticleDraft) => post<EditableArticle>('/knowledge/articles', draft),
    /** Refused (409 stale_version) when someone saved the article since `version`. */
    update: (id: number, draft: ArticleDraft, version: number) => json<EditableArticle>('PUT', `/knowledge/articles/${id}`, { body: { ...draft, version } }),
  },

  stats: {
    kpis: (query: KpiQuery) => get<KpiReport>('/stats/kpis', query),
    /** The CSV file and the name the server gives it. */
    async csv(query: KpiQuery): Promise<{ blob: Blob; fileName: string }> {
      const res = await call('GET', '/stats/kpis.csv', { query });
      const disposition = res.headers.get('content-disposition') ?? '';
      const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
      const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
      return { blob: await res.blob(), fileName: encoded ? decodeURIComponent(encoded) : plain ?? 'kpis.csv' };
    },
  },

  /** 结果公示: closed orders' results the centre shows the public in the mini-program. */
  results: {
    list: (page: number, pageSize: number) => get<Page<PublishedResult>>('/mp/public/results', { page, pageSize }),
    /** Refused at its field when the text names the worker or the employer. */
    publish: (orderId: number, summary: string, result: string) => post<PublishedResult>('/mp/results', { orderId, summary, result }),
    withdraw: (id: number) => json<void>('DELETE', `/mp/results/${id}`),
  },

  /** The audit trail, newest first (auditors). */
  audit: (query: AuditQuery) => get<Page<AuditEntry>>('/audit', query),

  notifications: {
    list: (query: { status?: string; page: number; pageSize: number }) => get<Page<Notification>>('/notifications', query),
    retry: (id: number) => post<Notification>(`/notifications/${id}/retry`),
  },
};
