import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildServices, createApp } from '../../src/app';
import { BotTurn } from '../../src/bot-gateway/bot-turn.entity';
import { loadConfig } from '../../src/config';
import { base32Decode, hotp, timeStep } from '../../src/auth/totp';
import { FieldCrypto1764810000000 } from '../../src/db/migrations/1764810000000-FieldCrypto';
import { SealedTotpSecret1764860000000 } from '../../src/db/migrations/1764860000000-SealedTotpSecret';
import { FieldCrypto, fieldCryptoFrom, isSealed, Purpose, Sealed } from '../../src/privacy/field-crypto';
import { reseal } from '../../src/privacy/reseal';
import { DEMO_TOTP_SECRET } from '../../src/seed/demo';
import { WorkerIdentities } from '../../src/workers/worker-identities';
import { DEMO_PASSWORD, Harness, SERVICE_TOKEN } from '../support/harness';

/**
 * Keys over time: rows written before encryption at rest are sealed when the new version starts,
 * and after a new key is put first, `keys:rotate` re-seals everything under it without anything
 * becoming unreadable on the way.
 */
const b64 = () => randomBytes(32).toString('base64');
const [K1, K2, H1, H2] = [b64(), b64(), b64(), b64()];
const OLD = { name: '老王', phone: '13955556666', idNumber: '440106199001011234' };
const STAMP = '2026-03-02 02:00:00.000';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start({ env: { FIELD_KEYS: `k1:${K1}`, FIELD_HASH_KEY: H1 } });
});
afterAll(() => h.stop());

/** The code of `secret` one step ahead: still within the window, and after any step already used. */
const nextCode = (secret: string) => hotp(base32Decode(secret), timeStep(new Date()) + 1);

const keys = (fieldKeys: string, hashKey: string) => {
  const { FIELD_KEYS, FIELD_HASH_KEY } = loadConfig({ FIELD_KEYS: fieldKeys, FIELD_HASH_KEY: hashKey });
  return { FIELD_KEYS, FIELD_HASH_KEY };
};

/** Every sealed value stored, by `table.column`. */
async function sealedValues(): Promise<Array<[string, string]>> {
  const q = (sql: string) => h.services.ds.query(sql) as Promise<Array<Record<string, string>>>;
  const out: Array<[string, string]> = [];
  for (const column of ['name', 'phone', 'id_number']) for (const r of await q(`SELECT ${column} AS v FROM worker WHERE ${column} IS NOT NULL`)) out.push([`worker.${column}`, r.v]);
  for (const r of await q("SELECT recipient AS v FROM notification WHERE channel = 'sms'")) out.push(['notification.recipient', r.v]);
  for (const r of await q('SELECT replies AS v FROM bot_turn')) out.push(['bot_turn.replies', r.v]);
  for (const r of await q('SELECT state AS v FROM bot_conversation')) out.push(['bot_conversation.state', r.v]);
  for (const r of await q('SELECT totp_secret AS v FROM staff_user WHERE totp_secret IS NOT NULL')) out.push(['staff_user.totp_secret', r.v]);
  return out;
}

test('values stored in clear by the previous version are sealed at start, and a caller is still found by number', async () => {
  // Back to the schema before encryption at rest, with rows as that version wrote them.
  const migration = new FieldCrypto1764810000000();
  const qr = h.services.ds.createQueryRunner();
  try {
    await migration.down(qr);
    await qr.query('INSERT INTO worker (name, phone, id_number) VALUES (?, ?, ?)', [OLD.name, OLD.phone, OLD.idNumber]);
    await qr.query('INSERT INTO bot_turn (sender_id, message_id, replies, created_at) VALUES (?, ?, ?, ?)', ['wx-old', 'old-1', JSON.stringify(['旧的回复']), STAMP]);
    await qr.query(
      "INSERT INTO notification (channel, recipient, kind, text, status, attempts, created_at) VALUES ('sms', ?, 'order_accepted', '旧通知', 'dead', 1, ?)",
      [OLD.phone, STAMP],
    );
    await migration.up(qr);
  } finally {
    await qr.release();
  }
  // What prepare() does after the migrations at every start.
  const counts = await reseal(h.services.ds, h.services.tx, h.services.crypto, 'legacy');
  expect(counts).toMatchObject({ 'worker.name': 1, 'worker.phone': 1, 'worker.id_number': 1, 'notification.recipient': 1, 'bot_turn.replies': 1 });
  expect(await reseal(h.services.ds, h.services.tx, h.services.crypto, 'legacy')).toMatchObject({ 'worker.phone': 0, 'bot_turn.replies': 0 });
  for (const [column, value] of await sealedValues()) expect({ column, value }).toEqual({ column, value: expect.stringMatching(/^v1:k1:/) });

  // The desk registers the same number: the old worker, now with the keyed hash to be found by.
  const order = await h.register({ worker: { phone: OLD.phone, anonymous: false } });
  const { worker } = (await h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`)).body;
  expect(worker).toMatchObject({ name: '老*', phone: '139****6666' });
  expect((await h.as('demo-agent', 'POST', `/api/v1/workers/${worker.id}/reveal`, { reason: '核实' })).body).toEqual({ id: worker.id, ...OLD });
  const repeat = await h.request('POST', '/api/v1/bot/turns', { token: SERVICE_TOKEN, body: { senderId: 'wx-old', messageId: 'old-1', text: '你好' } });
  expect(repeat.body).toEqual({ replies: ['旧的回复'], repeated: true });
  expect((await h.as('demo-agent', 'GET', '/api/v1/notifications?status=dead')).body.items[0]).toMatchObject({ recipient: '139****6666' });
});

test('TOTP secrets stored in clear by the previous version are sealed at start, and their codes still sign in', async () => {
  // Back to the schema before sealed TOTP secrets, with the secrets as that version wrote them.
  const enrolled: Array<{ id: number; totp_secret: string }> = await h.services.ds.query('SELECT id, totp_secret FROM staff_user WHERE totp_secret IS NOT NULL');
  const migration = new SealedTotpSecret1764860000000();
  const qr = h.services.ds.createQueryRunner();
  try {
    for (const { id, totp_secret } of enrolled) {
      await qr.query('UPDATE staff_user SET totp_secret = ? WHERE id = ?', [h.services.crypto.open(totp_secret as Sealed, 'totp_secret'), id]);
    }
    await migration.down(qr);
    await migration.up(qr);
  } finally {
    await qr.release();
  }
  expect(enrolled.length).toBeGreaterThan(0);
  expect(await h.services.ds.query('SELECT totp_secret FROM staff_user WHERE totp_secret = ?', [DEMO_TOTP_SECRET])).toHaveLength(enrolled.length);

  // What prepare() does after the migrations at every start.
  expect(await reseal(h.services.ds, h.services.tx, h.services.crypto, 'legacy')).toMatchObject({ 'staff_user.totp_secret': enrolled.length });
  expect(await reseal(h.services.ds, h.services.tx, h.services.crypto, 'legacy')).toMatchObject({ 'staff_user.totp_secret': 0 });
  for (const [column, value] of await sealedValues()) expect({ column, value }).toEqual({ column, value: expect.stringMatching(/^v1:k1:/) });

  const login = await h.request('POST', '/api/v1/auth/login', { body: { username: 'demo-supervisor', password: DEMO_PASSWORD, totpCode: nextCode(DEMO_TOTP_SECRET) } });
  expect(login.status).toBe(200);
});

test('after a new key is put first, keys:rotate re-seals everything under it and recomputes the phone hashes', async () => {
  // Something of every kind under k1: a bot conversation mid-complaint and an SMS to the desk's worker.
  await h.request('POST', '/api/v1/bot/turns', { token: SERVICE_TOKEN, body: { senderId: 'wx-now', messageId: 'now-1', text: '老板拖欠我三个月工资，一直不给' } });
  await h.register({ worker: { name: '新来的', phone: '13955557777', idNumber: '44010619900101555X', anonymous: false } });
  // And a supervisor who has just enrolled TOTP at the console.
  await h.createStaff('rotated-sup', 'supervisor', '440000', { totp: false });
  const totpSecret = await h.enrolTotp(await h.token('rotated-sup'));
  const before = await sealedValues();
  expect(new Set(before.map(([column]) => column)).size).toBe(7);

  // While the new ring is deployed and the rotation runs, everything stays readable.
  const ring = fieldCryptoFrom(keys(`k2:${K2},k1:${K1}`, H2));
  const opened = (c: FieldCrypto, values: Array<[string, string]>) => values.map(([column, v]) => [column, c.open(v as never, PURPOSES[column])]);
  const clear = opened(ring, before);
  const counts = await reseal(h.services.ds, h.services.tx, ring, 'rotate', 2);
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(before.length);
  expect(await reseal(h.services.ds, h.services.tx, ring, 'rotate', 2)).toEqual(Object.fromEntries(Object.keys(counts).map((k) => [k, 0])));

  // Done: k1 can leave the ring, and the values are what they were.
  const k2only = fieldCryptoFrom(keys(`k2:${K2}`, H2));
  const after = await sealedValues();
  expect(after.every(([, v]) => isSealed(v) && v.startsWith('v1:k2:'))).toBe(true);
  expect(opened(k2only, after).sort()).toEqual(clear.sort());
  const workers = new WorkerIdentities(k2only);
  for (const phone of [OLD.phone, '13955557777']) expect(workers.phoneOf((await workers.findByPhone(h.services.ds.manager, phone))!)).toBe(phone);

  // A server started with the new keys alone reads and reveals the same people.
  const services = buildServices(h.services.ds, { ...h.services.config, ...keys(`k2:${K2}`, H2) });
  const server = createApp(services).listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    const headers = { authorization: `Bearer ${await h.token('demo-agent')}`, 'content-type': 'application/json' };
    const found = await services.workers.identities.findByPhone(h.services.ds.manager, '13955557777');
    const res = await fetch(`${url}/workers/${found!.id}/reveal`, { method: 'POST', headers, body: JSON.stringify({ reason: '轮换后核实' }) });
    expect(await res.json()).toEqual({ id: found!.id, name: '新来的', phone: '13955557777', idNumber: '44010619900101555X' });
    const repeat = await fetch(`${url}/bot/turns`, {
      method: 'POST', headers: { ...headers, authorization: `Bearer ${SERVICE_TOKEN}` }, body: JSON.stringify({ senderId: 'wx-now', messageId: 'now-1', text: '…' }),
    });
    expect(await repeat.json()).toMatchObject({ repeated: true, replies: expect.arrayContaining([expect.any(String)]) });
    expect(await h.services.ds.getRepository(BotTurn).countBy({ senderId: 'wx-now' })).toBe(1);
    // The supervisor signs in with the code their app shows.
    const login = await fetch(`${url}/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rotated-sup', password: DEMO_PASSWORD, totpCode: nextCode(totpSecret) }),
    });
    expect(login.status).toBe(200);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const PURPOSES: Record<string, Purpose> = {
  'worker.name': 'name', 'worker.phone': 'phone', 'worker.id_number': 'id_number',
  'notification.recipient': 'phone', 'bot_turn.replies': 'bot_turn', 'bot_conversation.state': 'bot_conversation',
  'staff_user.totp_secret': 'totp_secret',
};
