/**
 * WeChat as a page test needs it: storage, login, the network and navigation, each recorded.
 * API calls are answered by `routes`, keyed "METHOD /path" (under /api/v1, without the query).
 */

export interface ApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  data: any;
  header: Record<string, string>;
}

/** An answer other than 200. */
export class Reply {
  constructor(readonly status: number, readonly body: unknown) {}
}

export type Route = (call: ApiCall) => unknown;

export interface FakeWx {
  /** What the fake server answers; a test may change it as it goes. */
  routes: Record<string, Route>;
  calls: ApiCall[];
  storage: Map<string, unknown>;
  uploads: Array<{ filePath: string; header: Record<string, string> }>;
  navigations: string[];
  toasts: string[];
  subscriptions: string[][];
  /** Calls to one route. */
  callsTo(route: string): ApiCall[];
}

const API = /^https?:\/\/[^/]+\/api\/v1(\/[^?]*)(?:\?(.*))?$/;

export function fakeWx(routes: Record<string, Route>, options: { loginCode?: string } = {}): FakeWx {
  const fake: FakeWx = {
    routes,
    calls: [],
    storage: new Map(),
    uploads: [],
    navigations: [],
    toasts: [],
    subscriptions: [],
    callsTo: (route) => fake.calls.filter((c) => `${c.method} ${c.path}` === route),
  };
  let uploadSeq = 100;
  const answer = (call: ApiCall) => {
    const route = fake.routes[`${call.method} ${call.path}`];
    if (!route) return new Reply(404, { error: { code: 'not_found', message: `no fake for ${call.method} ${call.path}`, details: [] } });
    const result = route(call);
    return result instanceof Reply ? result : new Reply(200, result);
  };
  const later = (fn: () => void) => setTimeout(fn, 0);

  Object.assign(wx, {
    getStorageSync: (key: string) => fake.storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => fake.storage.set(key, value),
    removeStorageSync: (key: string) => fake.storage.delete(key),
    login: (o: { success: (r: { code: string }) => void }) => later(() => o.success({ code: options.loginCode ?? 'wx-login-code' })),
    request(o: WechatMiniprogram.RequestOption) {
      const [, path, query] = API.exec(o.url) ?? [];
      const call: ApiCall = {
        method: o.method ?? 'GET', path, query: Object.fromEntries(new URLSearchParams(query ?? '')), data: o.data,
        header: (o.header ?? {}) as Record<string, string>,
      };
      fake.calls.push(call);
      const reply = answer(call);
      later(() => o.success?.({ statusCode: reply.status, data: reply.body, header: {}, cookies: [], errMsg: 'request:ok' } as never));
    },
    uploadFile(o: WechatMiniprogram.UploadFileOption) {
      fake.uploads.push({ filePath: o.filePath, header: (o.header ?? {}) as Record<string, string> });
      const id = ++uploadSeq;
      later(() => o.success?.({ statusCode: 201, data: JSON.stringify({ id, kind: 'photo', mime: 'image/jpeg' }), profile: {} as never, errMsg: 'uploadFile:ok' }));
    },
    downloadFile(o: WechatMiniprogram.DownloadFileOption) {
      later(() => o.success?.({ statusCode: 200, tempFilePath: `wxfile://tmp/${o.url.split('/').pop()}`, filePath: '', profile: {} as never, errMsg: 'downloadFile:ok' }));
    },
    chooseMedia(o: { count: number; success: (r: { tempFiles: Array<{ tempFilePath: string }> }) => void }) {
      later(() => o.success({ tempFiles: Array.from({ length: Math.min(2, o.count) }, (_, i) => ({ tempFilePath: `wxfile://tmp/chosen-${i}.jpg` })) }));
    },
    requestSubscribeMessage(o: { tmplIds: string[]; success?: (r: object) => void }) {
      fake.subscriptions.push(o.tmplIds);
      later(() => o.success?.({ [o.tmplIds[0]]: 'accept' }));
    },
    navigateTo: (o: { url: string }) => fake.navigations.push(o.url),
    redirectTo: (o: { url: string }) => fake.navigations.push(o.url),
    reLaunch: (o: { url: string }) => fake.navigations.push(o.url),
    showToast: (o: { title: string }) => fake.toasts.push(o.title),
    stopPullDownRefresh: () => undefined,
    previewImage: () => undefined,
  });
  return fake;
}

/** A live worker session, as /mp/login leaves it in storage. */
export function signedInWorker(fake: FakeWx, extra: Record<string, unknown> = {}): void {
  fake.storage.set('session.worker', {
    token: 'w_test', expiresAt: '2099-01-01T00:00:00.000Z', worker: { phone: '13912345678' }, staff: null,
    subscribeTemplateId: 'tmpl-progress', ...extra,
  });
}

/** A live staff session, as binding leaves it. */
export function signedInStaff(fake: FakeWx, unit = { id: 7, name: '天河区总工会', level: 'district', isCentre: false }): void {
  fake.storage.set('session.staff', {
    token: 'staff-token', expiresAt: '2099-01-01T00:00:00.000Z',
    user: { id: 3, username: 'demo-gz-tianhe', displayName: '天河区总工会 吴芳', role: 'handler', unit },
  });
}
