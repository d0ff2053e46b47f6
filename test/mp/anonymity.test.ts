import { MpWorld, SAMPLES } from './support';

/**
 * An anonymous appeal: the handling units work the order but never learn who sent it. Every
 * response a unit gets on the way is collected and searched for the worker's phone and openid.
 */
let w: MpWorld;
beforeAll(async () => {
  w = await MpWorld.start();
});
afterAll(() => w.stop());

const PHONE = '13987650123';
const OPENID = 'o-anonymous-worker';

test('an anonymous worker\'s identity is absent from everything a handling unit gets', async () => {
  const token = await w.login(OPENID);
  const photo = await w.uploaded(token, SAMPLES.jpg());
  const voice = (await w.upload(token, SAMPLES.silk(), 'voice.silk', 'audio/silk')).body.id;
  const appeal = await w.orderedAppeal(token, { anonymous: true, phone: PHONE, employer: '天河匿名测试厂', photoIds: [photo], voiceId: voice });
  expect(appeal.anonymous).toBe(true);
  const orderId = await w.orderId(appeal.orderNumber);

  // The centre's desk calls the worker back: it sees them masked, reveals them, and hears the voice note.
  const atCentre = await w.h.as('demo-agent', 'GET', `/api/v1/work-orders/${orderId}`);
  expect(atCentre.body).toMatchObject({ anonymous: true, worker: { phone: `${PHONE.slice(0, 3)}****${PHONE.slice(-4)}` } });
  const revealed = await w.h.as('demo-agent', 'POST', `/api/v1/workers/${atCentre.body.worker.id}/reveal`, { reason: '回访匿名职工' });
  expect(revealed.body).toMatchObject({ phone: PHONE });
  expect((await w.h.as('demo-agent', 'GET', `/api/v1/attachments?orderId=${orderId}`)).body.items.map((a: any) => a.kind)).toEqual(['photo', 'voice']);

  const [gz, tianhe] = [await w.h.unitId('440100'), await w.h.unitId('440106')];
  await w.h.act('demo-agent', orderId, 'dispatch', { unitId: gz });

  const seen: unknown[] = [];
  const asUnit = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await w.h.as(who, method, path, body);
    seen.push(res.body);
    return res;
  };
  const act = async (who: string, action: string, fields: Record<string, unknown> = {}) => {
    const { body } = await asUnit(who, 'GET', `/api/v1/work-orders/${orderId}`);
    return asUnit(who, 'POST', `/api/v1/work-orders/${orderId}/actions/${action}`, { ...fields, version: body.version });
  };

  expect((await asUnit('demo-gz', 'GET', '/api/v1/mp/staff/desk')).body.toSign).toMatchObject([{ id: orderId }]);
  await act('demo-gz', 'sign');
  await act('demo-gz', 'dispatch', { unitId: tianhe });
  await asUnit('demo-gz-tianhe', 'GET', '/api/v1/mp/staff/desk');
  await act('demo-gz-tianhe', 'sign');
  expect((await asUnit('demo-gz-tianhe', 'GET', '/api/v1/mp/staff/desk')).body.toHandle).toMatchObject([{ id: orderId }]);
  for (const who of ['demo-gz', 'demo-gz-tianhe']) {
    await asUnit(who, 'GET', '/api/v1/work-orders');
    await asUnit(who, 'GET', `/api/v1/work-orders?q=${appeal.orderNumber}`);
    const detail = await asUnit(who, 'GET', `/api/v1/work-orders/${orderId}`);
    expect(detail.body).toMatchObject({ anonymous: true, worker: null });
    // The complaint itself is theirs to work on.
    expect(detail.body.description).toContain('保安公司');
    const files = await asUnit(who, 'GET', `/api/v1/attachments?orderId=${orderId}`);
    expect(files.body.items.map((a: any) => a.kind)).toEqual(['photo']);
    expect((await fetch(`${w.h.baseUrl}/api/v1/attachments/${photo}`, { headers: { authorization: `Bearer ${await w.h.token(who)}` } })).status).toBe(200);
    expect((await fetch(`${w.h.baseUrl}/api/v1/attachments/${voice}`, { headers: { authorization: `Bearer ${await w.h.token(who)}` } })).status).toBe(404);
    expect((await asUnit(who, 'GET', `/api/v1/work-orders/${orderId}/petitioners`)).status).toBe(403);
  }
  await act('demo-gz-tianhe', 'report', { result: '已协调企业补发。' });
  await act('demo-gz', 'approve');

  const everything = JSON.stringify(seen);
  expect(everything).toContain(appeal.orderNumber);
  expect(everything).not.toContain(PHONE);
  expect(everything).not.toContain(PHONE.slice(-4));
  expect(everything).not.toContain(OPENID);
  expect(everything).not.toMatch(/"worker":\{/);
});

test('a named worker\'s phone reaches handling units masked', async () => {
  const token = await w.login('o-named-worker');
  const appeal = await w.orderedAppeal(token, { phone: '13911112222', employer: '天河实名测试厂' });
  const orderId = await w.orderId(appeal.orderNumber);
  await w.h.act('demo-agent', orderId, 'dispatch', { unitId: await w.h.unitId('440100') });
  const detail = await w.h.as('demo-gz', 'GET', `/api/v1/work-orders/${orderId}`);
  expect(detail.body.worker).toEqual({ name: null, phone: '139****2222', idNumber: null });
});
