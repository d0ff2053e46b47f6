import { Harness } from '../support/harness';

/** Whatever a client sends, it gets a clear 4xx naming the field, never a 500. */
let h: Harness;
let order: any;
beforeAll(async () => {
  h = await Harness.start();
  order = await h.register();
});
afterAll(() => h.stop());

const fieldOf = (res: any) => res.body.error.details.map((d: any) => d.path);

describe('POST /work-orders', () => {
  const valid = {
    channel: 'hotline', summary: '拖欠工资', description: '老板拖欠工资', worker: { anonymous: true },
  };
  test.each([
    ['a blank summary', { ...valid, summary: '   ' }, 'body.summary'],
    ['a blank description', { ...valid, description: '   ' }, 'body.description'],
    ['an unknown channel', { ...valid, channel: 'fax' }, 'body.channel'],
    ['an unknown category', { ...valid, category: 'salary' }, 'body.category'],
    ['a malformed phone', { ...valid, worker: { anonymous: false, phone: '12345' } }, 'body.worker.phone'],
    ['a missing anonymous flag', { ...valid, worker: {} }, 'body.worker.anonymous'],
    ['a malformed region code', { ...valid, regionCode: '44A' }, 'body.regionCode'],
    ['an unknown region code', { ...valid, regionCode: '449999' }, 'body.regionCode'],
    ['a summary over 200 characters', { ...valid, summary: '长'.repeat(201) }, 'body.summary'],
    ['a body that is not an object', [1, 2], 'body'],
  ])('%s → 400 on the field', async (_what, body, field) => {
    const res = await h.as('demo-agent', 'POST', '/api/v1/work-orders', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(fieldOf(res)).toContain(field);
    // Each reason is shown to desk staff beside its field.
    for (const d of res.body.error.details) expect(d.message).toMatch(/\p{Script=Han}/u);
  });

  test('malformed JSON → 400', async () => {
    const res = await h.request('POST', '/api/v1/work-orders', {
      raw: '{"channel": ', token: await h.token('demo-agent'), headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(fieldOf(res)).toEqual(['body']);
  });

  test('a body that is not JSON → 415', async () => {
    const res = await h.request('POST', '/api/v1/work-orders', {
      raw: 'summary=x', token: await h.token('demo-agent'), headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
  });

  test('an oversize body → 413, and nothing is stored', async () => {
    const before = (await h.as('demo-agent', 'GET', '/api/v1/work-orders')).body.total;
    const res = await h.as('demo-agent', 'POST', '/api/v1/work-orders', { ...valid, description: '长'.repeat(400_000) });
    expect(res.status).toBe(413);
    expect((await h.as('demo-agent', 'GET', '/api/v1/work-orders')).body.total).toBe(before);
  });

  test('only the centre desk registers orders', async () => {
    expect((await h.as('demo-gz', 'POST', '/api/v1/work-orders', valid)).status).toBe(403);
  });
});

describe('GET /work-orders', () => {
  test.each([
    ['page=0', 'query.page'],
    ['pageSize=1000', 'query.pageSize'],
    ['status=lost', 'query.status'],
    ['from=yesterday', 'query.from'],
    ['from=2026-11-02&to=2026-11-01', 'query.from'],
    ['unitId=-3', 'query.unitId'],
  ])('?%s → 400 on %s', async (qs, field) => {
    const res = await h.as('demo-agent', 'GET', `/api/v1/work-orders?${qs}`);
    expect(res.status).toBe(400);
    expect(fieldOf(res)).toContain(field);
  });

  test('a date range and paging', async () => {
    const res = await h.as('demo-agent', 'GET', '/api/v1/work-orders?from=2020-01-01&to=2099-12-31&page=1&pageSize=1');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
  });
});

describe('order actions', () => {
  test('an id that is not a number → 400; an unknown id → 404', async () => {
    expect(fieldOf(await h.as('demo-agent', 'GET', '/api/v1/work-orders/abc'))).toEqual(['params.id']);
    expect((await h.as('demo-agent', 'GET', '/api/v1/work-orders/999999')).status).toBe(404);
  });

  test('an unknown action → 404', async () => {
    expect((await h.as('demo-agent', 'POST', `/api/v1/work-orders/${order.id}/actions/teleport`, { version: 1 })).status).toBe(404);
  });

  test('a missing version → 400; a stale one → 409', async () => {
    const gz = await h.unitId('440100');
    expect(fieldOf(await h.as('demo-agent', 'POST', `/api/v1/work-orders/${order.id}/actions/dispatch`, { unitId: gz }))).toEqual(['body.version']);
    const stale = await h.as('demo-agent', 'POST', `/api/v1/work-orders/${order.id}/actions/dispatch`, { unitId: gz, version: order.version + 5 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
  });

  test('unexpected fields are refused rather than ignored', async () => {
    const res = await h.act('demo-agent', order.id, 'answer', { answer: '好的', status: 'closed' });
    expect(res.status).toBe(400);
  });

  test('an action in the wrong status → 409 with the reason', async () => {
    const res = await h.act('demo-agent', order.id, 'approve');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'action_not_allowed' });
    expect(res.body.error.message).toContain('已受理');
  });

  test('dispatching to a unit that does not exist, or below a child → 400 on unitId', async () => {
    expect(fieldOf(await h.act('demo-agent', order.id, 'dispatch', { unitId: 99_999_999 }))).toEqual(['body.unitId']);
    const gz = await h.unitId('440100');
    const other = await h.register();
    await h.act('demo-agent', other.id, 'dispatch', { unitId: gz });
    await h.act('demo-gz', other.id, 'sign');
    const nanhai = await h.unitId('440605');
    const res = await h.act('demo-gz', other.id, 'dispatch', { unitId: nanhai });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('直属下级');
  });

  test('ratings outside 1–5 → 400', async () => {
    const res = await h.act('demo-agent', order.id, 'revisit', { resultRating: 6, serviceRating: 0 });
    expect(fieldOf(res).sort()).toEqual(['body.resultRating', 'body.serviceRating']);
  });
});

describe('auth', () => {
  test('no token, a bad token, or a revoked one → 401', async () => {
    expect((await h.request('GET', '/api/v1/work-orders')).status).toBe(401);
    expect((await h.request('GET', '/api/v1/work-orders', { token: 'nope' })).status).toBe(401);
    const login = await h.request('POST', '/api/v1/auth/login', { body: { username: 'demo-gz', password: 'demo12351' } });
    const token = login.body.token;
    expect((await h.request('GET', '/api/v1/auth/me', { token })).body).toMatchObject({ username: 'demo-gz', role: 'handler', unit: { name: '广州市总工会' } });
    expect((await h.request('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    expect((await h.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  test('a wrong password or an unknown user → the same 401', async () => {
    const wrong = await h.request('POST', '/api/v1/auth/login', { body: { username: 'demo-gz', password: 'guess' } });
    const unknown = await h.request('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'guess' } });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
  });

  test('a login without a password → 400 on the field', async () => {
    const res = await h.request('POST', '/api/v1/auth/login', { body: { username: 'demo-gz' } });
    expect(fieldOf(res)).toEqual(['body.password']);
  });
});

describe('orgs', () => {
  test('look-ups by code, name and parent', async () => {
    const tianhe = await h.as('demo-gz', 'GET', '/api/v1/orgs?code=440106');
    expect(tianhe.body.items).toMatchObject([{ name: '天河区总工会', level: 'district', code: '440106' }]);
    const named = await h.as('demo-gz', 'GET', `/api/v1/orgs?q=${encodeURIComponent('狮山')}`);
    expect(named.body.items.map((u: any) => u.name)).toContain('狮山镇总工会');
    const children = await h.as('demo-gz', 'GET', `/api/v1/orgs/${tianhe.body.items[0].parentId}/children`);
    expect(children.body.items.map((u: any) => u.code)).toContain('440106');
  });

  test.each([
    ['/api/v1/orgs?code=12', 400],
    ['/api/v1/orgs?limit=0', 400],
    ['/api/v1/orgs/0', 400],
    ['/api/v1/orgs/99999999', 404],
    ['/api/v1/orgs/99999999/children', 404],
  ])('%s → %i', async (path, status) => {
    expect((await h.as('demo-gz', 'GET', path)).status).toBe(status);
  });

  test('admins add enterprise unions under a town; nowhere else, and nobody else', async () => {
    const town = (await h.as('demo-admin', 'GET', '/api/v1/orgs?code=440605124')).body.items[0];
    expect(town.name).toBe('狮山镇总工会');
    const created = await h.as('demo-admin', 'POST', '/api/v1/orgs', { parentId: town.id, name: '某五金制品有限公司工会' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ level: 'enterprise', parentId: town.id, code: null });
    const district = await h.unitId('440605');
    expect((await h.as('demo-admin', 'POST', '/api/v1/orgs', { parentId: district, name: '某公司工会' })).status).toBe(400);
    expect((await h.as('demo-gz', 'POST', '/api/v1/orgs', { parentId: town.id, name: '某公司工会' })).status).toBe(403);
  });

  test("a city's admin adds them under its own towns only: a town of another city reads as unknown", async () => {
    await h.createStaff('gz-admin', 'admin', '440100');
    const [ours, theirs] = [await h.unitId('440106001'), await h.unitId('440605124')];
    expect((await h.as('gz-admin', 'POST', '/api/v1/orgs', { parentId: ours, name: '某电子有限公司工会' })).status).toBe(201);
    const refused = await h.as('gz-admin', 'POST', '/api/v1/orgs', { parentId: theirs, name: '某五金有限公司工会' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([{ path: 'body.parentId', message: '上级单位不存在' }]);
  });
});

test('unknown paths answer 404 in the error shape', async () => {
  const res = await h.request('GET', '/api/v1/nothing-here');
  expect(res.status).toBe(404);
  expect(res.body.error.code).toBe('not_found');
});

test('health and the OpenAPI document', async () => {
  expect((await h.request('GET', '/healthz')).body).toMatchObject({ status: 'ok', db: 'up' });
  const doc = (await h.request('GET', '/openapi.json')).body;
  expect(doc.openapi).toMatch(/^3\./);
  expect(doc.paths['/api/v1/work-orders/{id}/actions/dispatch'].post.requestBody).toBeDefined();
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/orgs', '/api/v1/work-orders']));
});
