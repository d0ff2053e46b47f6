import fc from 'fast-check';
import { Action, ACTIONS } from '../../src/work-orders/lifecycle';
import { Harness, SERVICE_TOKEN } from '../support/harness';

/**
 * Whatever a client sends to any route of the OpenAPI document — arbitrary JSON, or a valid-looking
 * body with one field replaced by something odd — the answer is never a 500 and never shows a stack.
 */
let h: Harness;
let routes: Array<{ method: string; path: string }>;
let orderId: number;
beforeAll(async () => {
  h = await Harness.start();
  const doc = (await h.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  orderId = (await h.register()).id;
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, String(orderId)) })));
});
afterAll(() => h.stop());

const odd = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 300 }),
  fc.integer(),
  fc.constantFrom(null, -1, 0, 1e308, '', ' ', '\u0000', '<script>', "' OR 1=1 --", '9'.repeat(40), '2026-13-45', [], {}),
);

const VALID_LOOKING = {
  channel: 'hotline', summary: '拖欠工资', description: '老板拖欠工资', category: 'wages', regionCode: '440106',
  worker: { anonymous: false, phone: '13812345678', name: '张三' }, unitId: 2, version: 1, reason: '不属本区',
  result: '已补发', resultRating: 5, serviceRating: 5, level: 'urge', note: '请尽快', days: 3, answer: '答复',
  username: 'demo-agent', password: 'demo12351', text: '拖欠工资', messageId: 'm-1', senderId: 's-1', callId: 'c-1',
  startedAt: '2026-03-02T02:00:00Z', masterId: 1, petitionerId: 1, articleId: 1,
};

function check(res: { status: number; body: unknown }, what: string) {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
  if (res.status >= 500 || /\bat .+\.(ts|js):\d+/.test(text)) {
    throw new Error(`${what} → ${res.status} ${text.slice(0, 300)}`);
  }
}

test('arbitrary bodies and query strings never make a 500', async () => {
  const tokens = [await h.token('demo-agent'), await h.token('demo-gz'), SERVICE_TOKEN, undefined];
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: 10_000 }), fc.nat({ max: 3 }), odd, fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
      async (pick, who, body, query) => {
        const route = routes[pick % routes.length];
        const qs = new URLSearchParams(query).toString();
        const res = await h.request(route.method, `${route.path}${qs ? `?${qs}` : ''}`, {
          token: tokens[who], body: route.method === 'GET' ? undefined : body,
        });
        check(res, `${route.method} ${route.path}?${qs}`);
      },
    ),
    { numRuns: 400 },
  );
});

test('valid-looking bodies with one field made odd never make a 500', async () => {
  const token = await h.token('demo-agent');
  const posts = routes.filter((r) => r.method !== 'GET');
  await fc.assert(
    fc.asyncProperty(fc.nat({ max: 10_000 }), fc.constantFrom(...Object.keys(VALID_LOOKING)), odd, async (pick, field, value) => {
      const route = posts[pick % posts.length];
      const body = { ...VALID_LOOKING, [field]: value };
      check(await h.request(route.method, route.path, { token, body }), `${route.method} ${route.path} with ${field}=${JSON.stringify(value)}`);
    }),
    { numRuns: 400 },
  );
});

/** A valid-looking body for each action (besides `version`), for the orders staged below. */
const ACTION_BODIES: { [A in Action]: Record<string, unknown> } = {
  answer: { answer: '答复' }, cancel: { reason: '非劳动争议', route: '人民法院' }, dispatch: { unitId: 0 }, sign: {},
  return: { reason: '不属本区' }, approve_return: {}, reject_return: { reason: '请继续办理' }, redispatch: { unitId: 0 },
  take_over: {}, request_extension: { days: 3, reason: '等待仲裁' }, approve_extension: {}, reject_extension: { reason: '按期办结' },
  report: { result: '已补发', recoveredAmount: 100 }, approve: {}, reject: { reason: '证据不足' },
  revisit: { resultRating: 5, serviceRating: 5, comment: '好' }, supervise: { level: 'urge', note: '请加快' },
  add_cohandler: { unitId: 0, task: '核实' }, cohandler_sign: {}, cohandler_done: { result: '已核实' },
  reclassify: { category: 'wages', regionCode: '440106' }, merge: { masterId: 1 }, split: { petitionerId: 1 },
};

test('every action, by every staff role, on orders at every stage, with a field made odd or not, never makes a 500', async () => {
  const users = ['demo-agent', 'demo-lawyer', 'demo-supervisor', 'demo-gz', 'demo-gz-tianhe', 'demo-fs-nanhai'];
  const tokens = await Promise.all(users.map((u) => h.token(u)));
  const units = [await h.unitId('440100'), await h.unitId('440106'), await h.unitId('440605'), 999_999];
  // Orders just registered, dispatched and signed; staged afresh now and then, as actions finish them.
  let orders: number[] = [];
  const stage = async () => {
    const [registered, dispatched, signed] = [await h.register(), await h.register({ mass: true }), await h.register()];
    await h.act('demo-agent', dispatched.id, 'dispatch', { unitId: units[0] });
    await h.act('demo-agent', signed.id, 'dispatch', { unitId: units[0] });
    await h.act('demo-gz', signed.id, 'sign');
    orders = [registered.id, dispatched.id, signed.id];
  };
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: users.length - 1 }), fc.nat({ max: 1_000 }), fc.constantFrom(...ACTIONS), fc.option(fc.tuple(fc.string({ maxLength: 16 }), odd)),
      async (who, pick, action, oddField) => {
        if (runs++ % 30 === 0) await stage();
        const id = orders[pick % orders.length];
        const version = (await h.as('demo-agent', 'GET', `/api/v1/work-orders/${id}`)).body.version;
        const body: Record<string, unknown> = { version, ...ACTION_BODIES[action] };
        if ('unitId' in body) body.unitId = units[pick % units.length];
        // The odd value goes in one of the action's own fields, or under a name of its own.
        if (oddField) body[pick % 2 ? oddField[0] : Object.keys(body)[pick % Object.keys(body).length]] = oddField[1];
        check(await h.request('POST', `/api/v1/work-orders/${id}/actions/${action}`, { token: tokens[who], body }),
          `${users[who]}: ${action} on ${id} with ${JSON.stringify(body)}`);
      },
    ),
    { numRuns: 900 },
  );
});
