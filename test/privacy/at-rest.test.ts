import type { DataSource } from 'typeorm';
import { base32Decode, hotp, timeStep } from '../../src/auth/totp';
import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { Notification } from '../../src/notifications/notification.entity';
import { Worker } from '../../src/workers/worker.entity';
import { MpWorld } from '../mp/support';
import { DEMO_PASSWORD, SERVICE_TOKEN } from '../support/harness';

/**
 * Personal data at rest: workers come in through every door — the call centre's webhook, the bot,
 * the mini-program and the desk — and afterwards no table holds their names, phones or ID numbers
 * in clear, while a caller is still recognised by their number.
 */
const CALLER = '13911110001';
const DESK = { name: '欧阳明', phone: '13911110002', idNumber: '44010619900101123X' };
const BOT_PHONE = '13911110003';
const HALF_TOLD_PHONE = '13911110005';
const MP_PHONE = '13911110004';

let w: MpWorld;
beforeAll(async () => {
  w = await MpWorld.start();
});
afterAll(() => w.stop());

let seq = 0;
function postCall(callerNumber: string, transcript: string) {
  return w.h.postCall({
    callId: `at-rest-${++seq}`, callerNumber, agentId: 'seat-01', transcript,
    startedAt: new Date(Date.now() - 60_000).toISOString(), endedAt: new Date().toISOString(),
  });
}

const botSays = async (senderId: string, text: string): Promise<string[]> =>
  (await w.h.request('POST', '/api/v1/bot/turns', { token: SERVICE_TOKEN, body: { senderId, messageId: `m-${++seq}`, text } })).body.replies;

/** Every row of every table, as text. */
async function everything(ds: DataSource): Promise<string> {
  const tables = await Promise.all(ds.entityMetadatas.map(async (m) => JSON.stringify(await ds.query(`SELECT * FROM ${m.tableName}`))));
  return tables.join('\n');
}

const workerOfContact = async (id: number) => (await w.h.services.ds.getRepository(InboundMessage).findOneByOrFail({ id })).workerId;

test('after intake through the webhook, the bot, the mini-program and the desk, no table holds a name, phone or ID number in clear', async () => {
  const call = await postCall(CALLER, '我在佛山南海区狮山镇一家五金厂上班，老板拖欠三个月工资');
  expect(call.status).toBe(201);

  const registered = await w.h.register({ worker: { ...DESK, anonymous: false } });

  await botSays('wx-at-rest', '我在东莞塘厦恒达电子厂上班，老板拖欠我三个月工资了');
  await botSays('wx-at-rest', '就我一个');
  const summary = await botSays('wx-at-rest', BOT_PHONE);
  expect(summary[0]).toContain(BOT_PHONE); // repeated back for confirmation, and kept only sealed
  expect((await botSays('wx-at-rest', '确认'))[0]).toMatch(/GD-\d{8}-\d{6}/);
  // Another stops at the summary: the complaint being collected, phone included, waits in the conversation.
  await botSays('wx-half-told', '我在东莞塘厦恒达电子厂上班，老板拖欠我三个月工资了');
  await botSays('wx-half-told', '就我一个');
  expect((await botSays('wx-half-told', HALF_TOLD_PHONE))[0]).toContain(HALF_TOLD_PHONE);

  const token = await w.login('o-at-rest');
  await w.orderedAppeal(token, { phone: MP_PHONE });

  // The SMS outbox got the desk worker's number too (sealed, see below).
  expect(await w.h.services.ds.getRepository(Notification).countBy({ channel: 'sms', orderId: registered.id })).toBeGreaterThan(0);

  const stored = await everything(w.h.services.ds);
  const secrets = [CALLER, DESK.name, DESK.phone, DESK.idNumber, BOT_PHONE, HALF_TOLD_PHONE, MP_PHONE, '欧阳'];
  for (const secret of secrets) expect({ secret, stored: stored.includes(secret) }).toEqual({ secret, stored: false });

  // What is there is the sealed form, which opens to the right person.
  const { identities } = w.h.services.workers;
  const rows = await w.h.services.ds.getRepository(Worker).find();
  expect(rows.map((r) => identities.open(r).phone)).toEqual(expect.arrayContaining([CALLER, DESK.phone, BOT_PHONE, MP_PHONE]));
  expect(rows.find((r) => identities.open(r).name === DESK.name)).toMatchObject({
    sealedName: expect.stringMatching(/^v1:dev:/), sealedIdNumber: expect.stringMatching(/^v1:dev:/), phoneHash: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
});

test('a TOTP secret enrolled at the console is stored sealed, and the codes of the app holding it still sign in', async () => {
  await w.h.createStaff('at-rest-agent', 'agent', '440000');
  const secret = await w.h.enrolTotp(await w.h.token('at-rest-agent'));

  const stored = await everything(w.h.services.ds);
  expect({ secret, stored: stored.includes(secret) }).toEqual({ secret, stored: false });
  const [row] = await w.h.services.ds.query("SELECT totp_secret FROM staff_user WHERE username = 'at-rest-agent'");
  expect(row.totp_secret).toMatch(/^v1:dev:/);

  // The next step's code: the current one confirmed the enrolment.
  const totpCode = hotp(base32Decode(secret), timeStep(new Date()) + 1);
  const login = await w.h.request('POST', '/api/v1/auth/login', { body: { username: 'at-rest-agent', password: DEMO_PASSWORD, totpCode } });
  expect(login.status).toBe(200);
});

test('a caller is still recognised by their number, whichever door they come through', async () => {
  const first = await postCall(CALLER, '天河区一家餐馆拖欠我工资，老板不接电话');
  const again = await postCall(CALLER, '还是天河区那家餐馆，工资还是没发');
  expect(await workerOfContact(again.body.id)).toBe(await workerOfContact(first.body.id));

  // The desk registers the same number: the same worker, who now has a name.
  const order = await w.h.register({ worker: { name: '钱六', phone: CALLER, anonymous: false } });
  const detail = await w.h.as('demo-agent', 'GET', `/api/v1/work-orders/${order.id}`);
  expect(detail.body.worker).toMatchObject({ id: await workerOfContact(first.body.id), name: '钱*', phone: '139****0001' });

  // The number the bot was given finds that worker when they ring the hotline.
  const botWorker = await w.h.services.workers.identities.findByPhone(w.h.services.ds.manager, BOT_PHONE);
  expect(botWorker).toMatchObject({ wechatId: 'wx-at-rest' });
  const rang = await postCall(BOT_PHONE, '我之前在微信上投诉过恒达电子厂拖欠工资，想问问进度');
  expect(await workerOfContact(rang.body.id)).toBe(botWorker!.id);
});
