import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../src/audit/audit.entity';
import { loadConfig } from '../../src/config';
import { prepare } from '../../src/server';
import { Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

const trail = async (action: string) =>
  (await h.services.ds.getRepository(AuditLog).find({ where: { action: action as AuditLog['action'] }, order: { id: 'ASC' } }));

test('logins, failed logins, identity reveals, exports and denied access are recorded', async () => {
  await h.token('demo-agent');
  await h.request('POST', '/api/v1/auth/login', { body: { username: 'demo-agent', password: 'wrong-password' } });
  expect((await trail('login')).map((a) => a.actorName)).toContain('demo-agent');
  expect((await trail('login_failed')).at(-1)).toMatchObject({ actorName: 'demo-agent', actorId: null });

  // Identities show masked, to the centre desk too: reading the order reveals nobody.
  const order = await h.register();
  const { worker } = (await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`)).body;
  expect(await trail('reveal_identity')).toEqual([]);
  await h.as('demo-agent', 'POST', `/api/v1/workers/${worker.id}/reveal`, { reason: '回访职工' });
  expect((await trail('reveal_identity')).map((a) => [a.actorName, a.targetType, a.targetId, a.detail && JSON.parse(a.detail)]))
    .toEqual([['demo-agent', 'worker', String(worker.id), { reason: '回访职工' }]]);

  await h.act('demo-agent', order.id, 'dispatch', { unitId: await h.unitId('440100') });
  await h.as('demo-gz', 'GET', `/api/v1/work-orders/${order.id}`);
  await h.as('demo-gz', 'POST', `/api/v1/workers/${worker.id}/reveal`, { reason: '想看看' }); // 404: not the centre's desk
  expect(await trail('reveal_identity')).toHaveLength(1);

  await h.as('demo-fs-nanhai', 'GET', `/api/v1/work-orders/${order.id}`); // 404: outside its scope
  await h.as('demo-gz', 'POST', '/api/v1/orgs', { parentId: 1, name: '某公司工会' }); // 403
  const denied = await trail('denied');
  expect(denied.map((a) => [a.actorName, a.targetType, a.detail && JSON.parse(a.detail)])).toEqual(expect.arrayContaining([
    ['demo-fs-nanhai', 'work_order', { reason: 'out_of_scope' }],
    ['demo-gz', 'worker', { reason: 'out_of_scope' }],
    ['demo-gz', null, { method: 'POST', path: '/api/v1/orgs', status: 403 }],
  ]));

  await h.as('demo-gz', 'GET', '/api/v1/stats/kpis.csv?from=2026-01-01&to=2026-12-31');
  expect((await trail('export')).at(-1)).toMatchObject({ actorName: 'demo-gz', targetType: 'kpis' });
});

test('auditors search the trail; nobody else may', async () => {
  expect((await h.as('demo-admin', 'GET', '/api/v1/audit')).status).toBe(403);
  const res = await h.as('demo-auditor', 'GET', '/api/v1/audit?action=login_failed');
  expect(res.status).toBe(200);
  expect(res.body.items.every((a: any) => a.action === 'login_failed')).toBe(true);
  expect(res.body.items[0]).toMatchObject({ actor: { name: 'demo-agent' }, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  expect((await h.as('demo-auditor', 'GET', '/api/v1/audit?action=nope')).status).toBe(400);
});

test('the chain verifies, and a changed, deleted or cut-off row is found', async () => {
  const audit = h.services.audit;
  const repo = h.services.ds.getRepository(AuditLog);
  expect(await audit.verify()).toMatchObject({ ok: true, break: null });
  const rows = await repo.find({ order: { id: 'ASC' } });
  expect(rows.length).toBeGreaterThan(5);

  const victim = rows[2];
  await repo.update({ id: victim.id }, { actorName: 'someone-else' });
  expect(await audit.verify()).toMatchObject({ ok: false, break: { id: victim.id, reason: 'changed' } });
  await repo.update({ id: victim.id }, { actorName: victim.actorName });
  expect((await audit.verify()).ok).toBe(true);

  await repo.delete({ id: rows[3].id });
  expect(await audit.verify()).toMatchObject({ ok: false, break: { id: rows[4].id, reason: 'deleted_before' } });
  await repo.insert(rows[3]);

  await repo.delete({ id: rows.at(-1)!.id });
  expect(await audit.verify()).toMatchObject({ ok: false, break: { reason: 'truncated' } });
  await repo.insert(rows.at(-1)!);
  expect((await audit.verify()).ok).toBe(true);
});

test('appends from many requests at once stay one chain', async () => {
  await Promise.all(Array.from({ length: 20 }, () => h.request('POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y' } })));
  expect((await h.services.audit.verify()).ok).toBe(true);
});

test('npm run audit:verify checks a database and fails on tampering', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-'));
  const url = `sqlite:${join(dir, 'h.sqlite')}`;
  try {
    const services = await prepare(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }), { demoOrders: false });
    await services.audit.record({ action: 'login', actorName: 'someone' });
    await services.audit.record({ action: 'export', actorName: 'someone' });
    await services.ds.destroy();
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'src/audit/verify-cli.ts'], {
      env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8',
    });
    const ok = run();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('2 条');
    const Database = require('better-sqlite3');
    const db = new Database(join(dir, 'h.sqlite'));
    db.prepare("UPDATE audit_log SET actor_name = 'x' WHERE id = 1").run();
    db.close();
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('第 1 条');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
