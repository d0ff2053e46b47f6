import { IsNull } from 'typeorm';
import { AuditLog } from '../../src/audit/audit.entity';
import { Session } from '../../src/auth/session.entity';
import { StaffBinding } from '../../src/mp/staff-binding.entity';
import { WorkerSession } from '../../src/mp/worker-session.entity';
import { Worker } from '../../src/workers/worker.entity';
import { Harness } from '../support/harness';
import { MpWorld } from './support';

let w: MpWorld;
beforeAll(async () => {
  w = await MpWorld.start();
});
afterAll(() => w.stop());

describe('worker login', () => {
  test('a wx.login code becomes our own token; the session_key never leaves the server', async () => {
    const res = await w.h.request('POST', '/api/v1/mp/login', { body: { code: w.fake.loginCode('o-login-1') } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token: expect.stringMatching(/^w_/), worker: { phone: null }, staff: null, subscribeTemplateId: 'tmpl-order-progress' });
    expect(w.fake.code2SessionCalls).toBe(1);

    const sessionKey = w.fake.sessionKeyOf('o-login-1');
    expect(JSON.stringify(res.body)).not.toContain(sessionKey);
    expect(JSON.stringify(res.body)).not.toContain('o-login-1');
    const sessions = await w.h.services.ds.getRepository(WorkerSession).find();
    expect(JSON.stringify(sessions)).not.toContain(sessionKey);
    expect(JSON.stringify(sessions)).not.toContain(res.body.token);

    // The token works on worker routes; logging in again finds the same worker.
    expect((await w.h.request('GET', '/api/v1/mp/appeals', { token: res.body.token })).status).toBe(200);
    await w.login('o-login-1');
    expect(await w.h.services.ds.getRepository(Worker).countBy({ openid: 'o-login-1' })).toBe(1);
  });

  test('a wrong or reused code is refused with 401', async () => {
    expect((await w.h.request('POST', '/api/v1/mp/login', { body: { code: 'made-up' } })).status).toBe(401);
    const code = w.fake.loginCode('o-login-2');
    expect((await w.h.request('POST', '/api/v1/mp/login', { body: { code } })).status).toBe(200);
    expect((await w.h.request('POST', '/api/v1/mp/login', { body: { code } })).body.error.code).toBe('unauthorized');
    expect((await w.h.request('POST', '/api/v1/mp/login', { body: {} })).status).toBe(400);
  });

  test('worker tokens and staff tokens do not open each other\'s routes', async () => {
    const worker = await w.login('o-login-3');
    expect((await w.h.request('GET', '/api/v1/work-orders', { token: worker })).status).toBe(401);
    expect((await w.h.request('GET', '/api/v1/mp/staff/desk', { token: worker })).status).toBe(401);
    const staff = await w.h.token('demo-gz');
    expect((await w.h.request('GET', '/api/v1/mp/appeals', { token: staff })).status).toBe(401);
    expect((await w.h.request('GET', '/api/v1/mp/appeals')).status).toBe(401);
  });
});

describe('staff binding', () => {
  test('a staff member binds their WeChat user with their password and gets a staff token', async () => {
    const wrong = await w.h.request('POST', '/api/v1/mp/staff/bind', {
      body: { username: 'demo-gz-tianhe', password: 'not-the-password', code: w.fake.loginCode('o-staff-1') },
    });
    expect(wrong.status).toBe(401);

    const bound = await w.h.request('POST', '/api/v1/mp/staff/bind', {
      body: { username: 'demo-gz-tianhe', password: 'demo12351', code: w.fake.loginCode('o-staff-1') },
    });
    expect(bound.status).toBe(200);
    expect(bound.body.user).toMatchObject({ username: 'demo-gz-tianhe', unit: { name: '天河区总工会' } });
    // The ordinary staff API takes it.
    expect((await w.h.request('GET', '/api/v1/work-orders', { token: bound.body.token })).status).toBe(200);

    // The next silent login of that WeChat user says who they are bound to.
    const login = await w.h.request('POST', '/api/v1/mp/login', { body: { code: w.fake.loginCode('o-staff-1') } });
    expect(login.body.staff).toEqual({ username: 'demo-gz-tianhe', displayName: '天河区总工会 吴芳' });

    expect((await w.h.request('DELETE', '/api/v1/mp/staff/bind', { token: bound.body.token })).status).toBe(204);
    const after = await w.h.request('POST', '/api/v1/mp/login', { body: { code: w.fake.loginCode('o-staff-1') } });
    expect(after.body.staff).toBeNull();
  });

  test('an account with TOTP binds with its code: asked for when missing, refused when wrong', async () => {
    const bind = (totpCode?: string) => w.h.request('POST', '/api/v1/mp/staff/bind', {
      body: { username: 'demo-gz-supervisor', password: 'demo12351', code: w.fake.loginCode('o-staff-totp'), totpCode },
    });
    const missing = await bind();
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('totp_required');
    const wrong = await bind(String((Number(await w.h.totpCode('demo-gz-supervisor')) + 1) % 1_000_000).padStart(6, '0'));
    expect(wrong.body.error.code).toBe('totp_invalid');
    const failed = await w.h.services.ds.getRepository(AuditLog).findOneByOrFail({ action: 'totp_failed' });
    expect(JSON.parse(failed.detail!)).toEqual({ via: 'mp_bind' });
    expect(await w.h.services.ds.getRepository(StaffBinding).count()).toBe(0);

    const bound = await bind(await w.h.totpCode('demo-gz-supervisor'));
    expect(bound.status).toBe(200);
    expect((await w.h.request('GET', '/api/v1/mp/staff/desk', { token: bound.body.token })).status).toBe(200);
    expect((await w.h.request('DELETE', '/api/v1/mp/staff/bind', { token: bound.body.token })).status).toBe(204);
  });

  test('an admin or supervisor who has yet to enrol TOTP is sent to the console; nothing is bound', async () => {
    await w.h.createStaff('mp-new-sup', 'supervisor', '440100', { totp: false });
    const live = () => w.h.services.ds.getRepository(Session).countBy({ revokedAt: IsNull() });
    const before = await live();
    const res = await w.h.request('POST', '/api/v1/mp/staff/bind', { body: { username: 'mp-new-sup', password: 'demo12351', code: w.fake.loginCode('o-staff-new') } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('totp_enrolment_required');
    expect(await live()).toBe(before);
    expect(await w.h.services.ds.getRepository(StaffBinding).count()).toBe(0);
  });

  test('a bad code after a right password leaves no usable staff session', async () => {
    const live = () => w.h.services.ds.getRepository(Session).countBy({ revokedAt: IsNull() });
    const before = await live();
    const res = await w.h.request('POST', '/api/v1/mp/staff/bind', { body: { username: 'demo-gz', password: 'demo12351', code: 'expired' } });
    expect(res.status).toBe(401);
    expect(await live()).toBe(before);
    expect(await w.h.services.ds.getRepository(StaffBinding).count()).toBe(0);
  });
});

test('without the mini-program configured, login says so (503)', async () => {
  const bare = await Harness.start();
  try {
    const res = await bare.request('POST', '/api/v1/mp/login', { body: { code: 'anything' } });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('wechat_not_configured');
  } finally {
    await bare.stop();
  }
});
