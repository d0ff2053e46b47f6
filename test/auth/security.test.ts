import { Harness } from '../support/harness';

const login = (h: Harness, username: string, password: string) =>
  h.request('POST', '/api/v1/auth/login', { body: { username, password } });

describe('with a settable clock', () => {
  let now = new Date('2026-03-02T02:00:00Z');
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ clock: () => now });
    await h.createStaff('lock-me', 'handler', '440106');
    await h.createStaff('idle-me', 'handler', '440106');
    await h.createStaff('change-me', 'handler', '440106');
  });
  afterAll(() => h.stop());

  test('five wrong passwords lock the account for 15 minutes, the right one included', async () => {
    for (let i = 0; i < 4; i++) expect((await login(h, 'lock-me', 'wrong')).status).toBe(401);
    const fifth = await login(h, 'lock-me', 'wrong');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error).toMatchObject({ code: 'account_locked' });
    expect((await login(h, 'lock-me', 'demo12351')).status).toBe(423);
    now = new Date(now.getTime() + 16 * 60_000);
    expect((await login(h, 'lock-me', 'demo12351')).status).toBe(200);
    // A success starts the count again.
    for (let i = 0; i < 4; i++) await login(h, 'lock-me', 'wrong');
    expect((await login(h, 'lock-me', 'demo12351')).status).toBe(200);
  });

  test('a session idle for more than 30 minutes ends; one in use lives on', async () => {
    const { token } = (await login(h, 'idle-me', 'demo12351')).body;
    for (let i = 0; i < 4; i++) {
      now = new Date(now.getTime() + 20 * 60_000);
      expect((await h.request('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    }
    now = new Date(now.getTime() + 31 * 60_000);
    expect((await h.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
    now = new Date(now.getTime() - 10 * 60_000); // an earlier clock does not revive it
    expect((await h.request('GET', '/api/v1/auth/me', { token })).status).toBe(401);
  });

  test('a new password must follow the rules, and ends the other sessions', async () => {
    const first = (await login(h, 'change-me', 'demo12351')).body.token;
    const second = (await login(h, 'change-me', 'demo12351')).body.token;
    const change = (body: unknown) => h.request('POST', '/api/v1/auth/password', { token: first, body });
    expect((await change({ current: 'demo12351', next: 'short1A!' })).body.error.details[0].path).toBe('body.next');
    expect((await change({ current: 'demo12351', next: 'alllowercaseletters' })).status).toBe(400);
    expect((await change({ current: 'demo12351', next: 'Change-Me-2026x' })).body.error.details[0].message).toBe('新密码不能包含用户名');
    expect((await change({ current: 'not-it', next: 'Gd12351-Strong!' })).body.error.details[0].path).toBe('body.current');
    expect((await change({ current: 'demo12351', next: 'Gd12351-Strong!' })).status).toBe(204);
    expect((await h.request('GET', '/api/v1/auth/me', { token: first })).status).toBe(200);
    expect((await h.request('GET', '/api/v1/auth/me', { token: second })).status).toBe(401);
    expect((await login(h, 'change-me', 'demo12351')).status).toBe(401);
    expect((await login(h, 'change-me', 'Gd12351-Strong!')).status).toBe(200);
  });
});

test('logins are rate-limited per address, with Retry-After', async () => {
  const h = await Harness.start({ env: { LOGIN_RATE_PER_MINUTE: '3' } });
  try {
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await login(h, 'nobody', 'guess'));
    expect(replies.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
    expect(Number(replies[3].headers.get('retry-after'))).toBeGreaterThan(0);
    expect(replies[3].body.error.code).toBe('rate_limited');
  } finally {
    await h.stop();
  }
});
