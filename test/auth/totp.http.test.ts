import { AuditLog } from '../../src/audit/audit.entity';
import { StaffUser } from '../../src/auth/staff-user.entity';
import { Repository } from 'typeorm';
import { base32Decode, hotp, newSecret, timeStep } from '../../src/auth/totp';
import { DEMO_TOTP_SECRET } from '../../src/seed/demo';
import { DEMO_PASSWORD, Harness } from '../support/harness';

/**
 * The TOTP second factor over HTTP: login with and without codes, replays, the lockout,
 * enrolment (enforced for admins and supervisors), turning it off, an admin's reset, the audit trail.
 */
let now = new Date('2026-03-02T02:00:10Z');
let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
});
afterAll(() => h.stop());

const STEP_MS = 30_000;
/** Moves the server's clock on by whole 30-second steps. */
const later = (steps = 1) => {
  now = new Date(now.getTime() + steps * STEP_MS);
};
/** The code of `secret` for the current step (or one `offset` steps away). */
const code = (secret: string, offset = 0) => hotp(base32Decode(secret), timeStep(now) + offset);

const login = (username: string, totpCode?: string, password = DEMO_PASSWORD) =>
  h.request('POST', '/api/v1/auth/login', { body: { username, password, totpCode } });
const get = (token: string, path: string) => h.request('GET', `/api/v1${path}`, { token });
const post = (token: string, path: string, body?: unknown) => h.request('POST', `/api/v1${path}`, { token, body });

const trail = async (action: string) =>
  (await h.services.ds.getRepository(AuditLog).find({ where: { action: action as AuditLog['action'] }, order: { id: 'ASC' } }));

describe('logging in', () => {
  test('staff without TOTP sign in with their password alone; a code they send is ignored', async () => {
    const plain = await login('demo-agent');
    expect(plain.status).toBe(200);
    expect(plain.body.totpEnrolmentRequired).toBe(false);
    expect((await login('demo-lawyer', '123456')).status).toBe(200);
  });

  test('with TOTP: no code → 401 totp_required; a wrong code → 401 totp_invalid; the right one → a full session', async () => {
    later();
    const missing = await login('demo-admin');
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('totp_required');
    const wrong = await login('demo-admin', code(DEMO_TOTP_SECRET, 5));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('totp_invalid');
    const ok = await login('demo-admin', code(DEMO_TOTP_SECRET));
    expect(ok.status).toBe(200);
    expect(ok.body.totpEnrolmentRequired).toBe(false);
    expect((await get(ok.body.token, '/work-orders')).status).toBe(200);
    // A wrong password with the right code is still a wrong password.
    later();
    const badPassword = await login('demo-admin', code(DEMO_TOTP_SECRET), 'not-the-password');
    expect(badPassword.body.error.code).toBe('unauthorized');
  });

  test('the step before and after the current one count; two steps off does not', async () => {
    later(3);
    expect((await login('demo-supervisor', code(DEMO_TOTP_SECRET, -2))).body.error.code).toBe('totp_invalid');
    expect((await login('demo-supervisor', code(DEMO_TOTP_SECRET, 2))).body.error.code).toBe('totp_invalid');
    expect((await login('demo-supervisor', code(DEMO_TOTP_SECRET, -1))).status).toBe(200);
    expect((await login('demo-supervisor', code(DEMO_TOTP_SECRET, 1))).status).toBe(200);
  });

  test('a code works once: used again, or an earlier step after a later one, it is refused', async () => {
    await h.createStaff('replay-sup', 'supervisor', '440100');
    const totpSecret = await h.totpSecret('replay-sup');
    later();
    const current = code(totpSecret);
    expect((await login('replay-sup', current)).status).toBe(200);
    const again = await login('replay-sup', current);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('totp_invalid');
    expect((await login('replay-sup', code(totpSecret, -1))).status).toBe(401);
    expect((await login('replay-sup', code(totpSecret, 1))).status).toBe(200);
    // Still within the window of the code just used: refused, since a later step was used.
    expect((await login('replay-sup', current)).status).toBe(401);
  });

  test('the same code sent twice at once opens exactly one session', async () => {
    await h.createStaff('race-sup', 'supervisor', '440100');
    const totpSecret = await h.totpSecret('race-sup');
    later();
    const replies = await Promise.all(Array.from({ length: 4 }, () => login('race-sup', code(totpSecret))));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
  });

  test('wrong codes count towards the lockout with wrong passwords; a missing code neither counts nor clears', async () => {
    await h.createStaff('lock-sup', 'supervisor', '440100');
    const totpSecret = await h.totpSecret('lock-sup');
    later();
    const wrong = code(totpSecret, 7);
    expect((await login('lock-sup', undefined, 'not-the-password')).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await login('lock-sup', wrong)).body.error.code).toBe('totp_invalid');
    expect((await login('lock-sup')).body.error.code).toBe('totp_required');
    const fifth = await login('lock-sup', wrong);
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('account_locked');
    // Locked: the right password and code change nothing until the lock runs out.
    expect((await login('lock-sup', code(totpSecret))).status).toBe(423);
    later(31);
    expect((await login('lock-sup', code(totpSecret))).status).toBe(200);
    // That full login started the count again.
    for (let i = 0; i < 4; i++) await login('lock-sup', code(totpSecret, 7));
    later();
    expect((await login('lock-sup', code(totpSecret))).status).toBe(200);
  });

  test('a malformed code is a 400 naming body.totpCode', async () => {
    for (const totpCode of ['12345', '1234567', 'abcdef', 123456]) {
      const res = await h.request('POST', '/api/v1/auth/login', { body: { username: 'demo-admin', password: DEMO_PASSWORD, totpCode } });
      expect({ totpCode, status: res.status, paths: res.body.error.details.map((d: any) => d.path) })
        .toEqual({ totpCode, status: 400, paths: ['body.totpCode'] });
    }
  });
});

describe.each([['admin', '440000'], ['supervisor', '440100']] as const)('an %s without TOTP', (role, unitCode) => {
  const username = `new-${role}`;
  let restricted: string;

  beforeAll(async () => {
    await h.createStaff(username, role, unitCode, { totp: false });
  });

  test('signs in to a session that may only enrol: every other route answers 403 totp_enrolment_required', async () => {
    later();
    const res = await login(username);
    expect(res.status).toBe(200);
    expect(res.body.totpEnrolmentRequired).toBe(true);
    restricted = res.body.token;
    for (const [method, path] of [['GET', '/work-orders'], ['GET', '/orgs'], ['GET', '/stats/kpis'], ['GET', '/attachments?orderId=1'], ['POST', '/auth/password']]) {
      const denied = await h.request(method, `/api/v1${path}`, { token: restricted, body: method === 'POST' ? { current: DEMO_PASSWORD, next: 'Gd12351-Strong!' } : undefined });
      expect({ path, status: denied.status, code: denied.body.error.code }).toEqual({ path, status: 403, code: 'totp_enrolment_required' });
    }
    expect((await get(restricted, '/auth/me')).body).toMatchObject({ username, totpEnrolmentRequired: true });
    expect((await get(restricted, '/auth/totp')).body).toEqual({ active: false, pending: false, required: true });
  });

  test('enrols: the secret is shown once, a wrong code is refused, the right one lifts the restriction', async () => {
    const other = (await login(username)).body.token;
    const started = await post(restricted, '/auth/totp/enrolment');
    expect(started.status).toBe(201);
    const { secret, otpauthUri } = started.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(otpauthUri).toContain(encodeURIComponent(username));
    expect((await get(restricted, '/auth/totp')).body).toEqual({ active: false, pending: true, required: true });
    // Pending is not active: the restriction stays, and login still needs no code.
    expect((await get(restricted, '/work-orders')).status).toBe(403);

    const wrong = await post(restricted, '/auth/totp/enrolment/confirm', { code: code(secret, 4) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: 'body.code', message: '动态口令不正确，请核对手机时间后重试' }]);
    for (const body of [{}, { code: '12 34' }, { code: code(secret), extra: 1 }]) {
      expect((await post(restricted, '/auth/totp/enrolment/confirm', body)).status).toBe(400);
    }
    const used = code(secret);
    const confirmed = await post(restricted, '/auth/totp/enrolment/confirm', { code: used });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ active: true, pending: false, required: true });

    // The same session now works; the one opened without the second factor has ended.
    expect((await get(restricted, '/work-orders')).status).toBe(200);
    expect((await get(restricted, '/auth/me')).body.totpEnrolmentRequired).toBe(false);
    expect((await get(other, '/auth/me')).status).toBe(401);
    // From now on the login needs a code, and not the one that confirmed.
    expect((await login(username)).body.error.code).toBe('totp_required');
    expect((await login(username, used)).body.error.code).toBe('totp_invalid');
    later();
    const full = await login(username, code(secret));
    expect(full.body.totpEnrolmentRequired).toBe(false);

    // The secret is never handed out again, nor written anywhere it could be read back.
    expect((await post(full.body.token, '/auth/totp/enrolment')).body.error.code).toBe('totp_active');
    const replies = [full, confirmed, await get(full.body.token, '/auth/totp'), await get(full.body.token, '/auth/me')];
    for (const reply of replies) expect(JSON.stringify(reply.body)).not.toContain(secret);
    for (const row of await h.services.ds.getRepository(AuditLog).find()) expect(JSON.stringify(row)).not.toContain(secret);
    expect((await trail('totp_enrolled')).at(-1)).toMatchObject({ actorName: username, targetType: 'staff_user' });
  });
});

describe('turning it off and on again', () => {
  test('an agent may enrol of their own accord; turning it off takes a current code', async () => {
    await h.createStaff('keen-agent', 'agent', '440000');
    later();
    const { token } = (await login('keen-agent')).body;
    expect((await get(token, '/auth/totp')).body).toEqual({ active: false, pending: false, required: false });
    const secret = await h.enrolTotp(token);
    later();
    expect((await login('keen-agent')).body.error.code).toBe('totp_required');

    const wrong = await post(token, '/auth/totp/disable', { code: code(secret, 9) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('body.code');
    expect((await trail('totp_failed')).at(-1)).toMatchObject({ actorName: 'keen-agent', detail: JSON.stringify({ via: 'disable' }) });
    const off = await post(token, '/auth/totp/disable', { code: code(secret) });
    expect(off.body).toEqual({ active: false, pending: false, required: false });
    expect((await post(token, '/auth/totp/disable', { code: code(secret, 1) })).body.error.code).toBe('totp_inactive');
    // An agent's session goes on, and the password alone signs in again.
    expect((await get(token, '/work-orders')).status).toBe(200);
    expect((await login('keen-agent')).status).toBe(200);
    expect((await trail('totp_disabled')).at(-1)).toMatchObject({ actorName: 'keen-agent' });
  });

  test('confirming survives the secret being re-sealed meanwhile (a key rotation), not it being replaced (a restart)', async () => {
    const repo = h.services.ds.getRepository(StaffUser);
    /** Runs `meanwhile` between the confirmation reading the pending secret and writing it as enabled. */
    const confirmWith = async (username: string, meanwhile: (secret: string) => Promise<void>) => {
      await h.createStaff(username, 'agent', '440000');
      later();
      const { token } = (await login(username)).body;
      const { secret } = (await post(token, '/auth/totp/enrolment')).body;
      const update = Repository.prototype.update;
      let interleaved = false;
      const write = jest.spyOn(Repository.prototype, 'update').mockImplementation(async function (this: Repository<any>, ...args) {
        const [criteria, values] = args as [Record<string, unknown>, Record<string, unknown>];
        if (!interleaved && this.metadata.target === StaffUser && 'totpEnabledAt' in criteria && values.totpEnabledAt) {
          interleaved = true;
          await meanwhile(secret);
        }
        return update.apply(this, args);
      });
      try {
        return await post(token, '/auth/totp/enrolment/confirm', { code: code(secret) });
      } finally {
        write.mockRestore();
        expect(interleaved).toBe(true);
      }
    };
    const rotated = await confirmWith('rotated-agent', async (secret) => {
      const { id, sealedTotpSecret } = await repo.findOneByOrFail({ username: 'rotated-agent' });
      const resealed = h.services.crypto.seal(secret, 'totp_secret');
      expect(resealed).not.toBe(sealedTotpSecret);
      await repo.update({ id }, { sealedTotpSecret: resealed });
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ active: true, pending: false, required: false });

    const restarted = await confirmWith('restarted-agent', async () => {
      const { id } = await repo.findOneByOrFail({ username: 'restarted-agent' });
      await repo.update({ id }, { sealedTotpSecret: h.services.crypto.seal(newSecret(), 'totp_secret') });
    });
    expect(restarted.status).toBe(409);
    expect(restarted.body.error.code).toBe('totp_not_pending');
  });

  test('wrong codes when turning it off lock the account like wrong passwords', async () => {
    await h.createStaff('careless-agent', 'agent', '440000');
    later();
    const { token } = (await login('careless-agent')).body;
    const secret = await h.enrolTotp(token);
    for (let i = 0; i < 4; i++) expect((await post(token, '/auth/totp/disable', { code: code(secret, 9) })).status).toBe(400);
    expect((await post(token, '/auth/totp/disable', { code: code(secret, 9) })).status).toBe(423);
    later();
    expect((await login('careless-agent', code(secret))).status).toBe(423);
    later(31);
    expect((await login('careless-agent', code(secret))).status).toBe(200);
  });

  test('a supervisor who turns it off is back to a session that may only enrol', async () => {
    await h.createStaff('switch-sup', 'supervisor', '440100');
    const totpSecret = await h.totpSecret('switch-sup');
    later();
    const { token } = (await login('switch-sup', code(totpSecret))).body;
    later();
    expect((await post(token, '/auth/totp/disable', { code: code(totpSecret) })).body).toEqual({ active: false, pending: false, required: true });
    expect((await get(token, '/work-orders')).body.error.code).toBe('totp_enrolment_required');
    expect((await get(token, '/auth/me')).body.totpEnrolmentRequired).toBe(true);
    await h.enrolTotp(token);
    expect((await get(token, '/work-orders')).status).toBe(200);
  });
});

describe('an admin resets another member’s TOTP (a lost phone)', () => {
  beforeAll(async () => {
    await h.createStaff('gz-admin', 'admin', '440100');
    await h.createStaff('gz-lost-phone', 'supervisor', '440106');
  });

  test('within their unit and below: the TOTP is cleared, the member’s sessions end, they enrol again', async () => {
    const victim = await h.token('gz-lost-phone');
    const res = await h.as('gz-admin', 'POST', '/api/v1/auth/totp/reset', { username: 'gz-lost-phone' });
    expect(res.status).toBe(204);
    expect((await get(victim, '/auth/me')).status).toBe(401);
    later();
    const again = await login('gz-lost-phone');
    expect(again.body.totpEnrolmentRequired).toBe(true);
    const admin = (await h.services.ds.getRepository(StaffUser).findOneByOrFail({ username: 'gz-admin' })).id;
    expect((await trail('totp_reset')).at(-1)).toMatchObject({
      actorId: admin, targetType: 'staff_user', detail: JSON.stringify({ username: 'gz-lost-phone' }),
    });
  });

  test('outside their unit the member does not exist; others may not reset; their own takes a code', async () => {
    const reset = (who: string, username: unknown) => h.as(who, 'POST', '/api/v1/auth/totp/reset', { username });
    expect((await reset('gz-admin', 'demo-supervisor')).status).toBe(404);
    expect((await reset('gz-admin', 'demo-fs-nanhai')).status).toBe(404);
    expect((await reset('gz-admin', 'nobody-at-all')).status).toBe(404);
    expect((await reset('demo-gz-supervisor', 'demo-gz-tianhe')).status).toBe(403);
    expect((await reset('demo-agent', 'demo-gz-tianhe')).status).toBe(403);
    const self = await reset('gz-admin', 'gz-admin');
    expect(self.status).toBe(400);
    expect(self.body.error.details[0].path).toBe('body.username');
    expect((await reset('gz-admin', '')).body.error.details[0].path).toBe('body.username');
    expect((await reset('gz-admin', 42)).body.error.details[0].path).toBe('body.username');
    // The centre's admin reaches Guangzhou's supervisor.
    expect((await reset('demo-admin', 'demo-gz-supervisor')).status).toBe(204);
  });

  test('the login and /auth/me say who may reset others’ TOTP, so that clients need not know the roles', async () => {
    later();
    const may = async (username: string) => (await h.as(username, 'GET', '/api/v1/auth/me')).body.mayResetOthersTotp;
    const answers: Record<string, unknown> = {};
    for (const username of ['demo-admin', 'gz-admin', 'demo-supervisor', 'demo-agent', 'demo-gz', 'demo-auditor']) answers[username] = await may(username);
    expect(answers).toEqual({ 'demo-admin': true, 'gz-admin': true, 'demo-supervisor': false, 'demo-agent': false, 'demo-gz': false, 'demo-auditor': false });
    expect((await login('demo-agent')).body.user.mayResetOthersTotp).toBe(false);
    expect((await login('gz-admin', code(await h.totpSecret('gz-admin'), 1))).body.user.mayResetOthersTotp).toBe(true);
  });
});

test('failed second factors at login are on the audit trail with who it was; the codes are not', async () => {
  later();
  const wrong = code(DEMO_TOTP_SECRET, 6);
  await login('demo-supervisor', wrong);
  const row = (await trail('totp_failed')).at(-1)!;
  const supervisor = await h.services.ds.getRepository(StaffUser).findOneByOrFail({ username: 'demo-supervisor' });
  expect(row).toMatchObject({ actorId: supervisor.id, actorName: 'demo-supervisor', detail: JSON.stringify({ via: 'login' }) });
  expect(JSON.stringify(row)).not.toContain(wrong);
  // The auditors find them by action.
  const res = await h.as('demo-auditor', 'GET', '/api/v1/audit?action=totp_failed');
  expect(res.body.items.length).toBeGreaterThan(0);
  expect(res.body.items.every((a: any) => a.action === 'totp_failed')).toBe(true);
});
