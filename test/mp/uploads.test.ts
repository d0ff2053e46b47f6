import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Attachment } from '../../src/attachments/attachment.entity';
import { MpWorld, SAMPLES } from './support';

const MB = 1024 * 1024;
let w: MpWorld;
beforeAll(async () => {
  w = await MpWorld.start();
});
afterAll(() => w.stop());

const rows = () => w.h.services.ds.getRepository(Attachment).count();
const files = () => readdirSync(w.uploadDir);

async function download(id: number, token?: string) {
  const res = await fetch(`${w.h.baseUrl}/api/v1/attachments/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('uploading', () => {
  test.each<[keyof typeof SAMPLES, string, string]>([
    ['jpg', 'photo', 'image/jpeg'], ['png', 'photo', 'image/png'], ['webp', 'photo', 'image/webp'], ['heic', 'photo', 'image/heic'],
    ['mp3', 'voice', 'audio/mpeg'], ['mp3Frame', 'voice', 'audio/mpeg'], ['aac', 'voice', 'audio/aac'], ['m4a', 'voice', 'audio/mp4'],
    ['silk', 'voice', 'audio/silk'],
  ])('%s is recognised by its bytes, whatever its name says', async (sample, kind, mime) => {
    const token = await w.login('o-up-types');
    const res = await w.upload(token, SAMPLES[sample](), 'upload.bin', 'application/octet-stream');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind, mime, from: 'worker', url: `/api/v1/attachments/${res.body.id}` });
  });

  test('an HTML page renamed to .jpg is refused (415) and leaves nothing behind', async () => {
    const token = await w.login('o-up-html');
    const [before, stored] = [await rows(), files().length];
    const res = await w.upload(token, SAMPLES.html(), 'cat.jpg', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    expect([await rows(), files().length]).toEqual([before, stored]);
  });

  test('photos up to 10 MB and voice notes up to 2 MB; anything larger is 413', async () => {
    const token = await w.login('o-up-size');
    expect((await w.upload(token, SAMPLES.jpg(10 * MB))).status).toBe(201);
    expect((await w.upload(token, SAMPLES.jpg(10 * MB + 1))).status).toBe(413);
    expect((await w.upload(token, SAMPLES.mp3(2 * MB + 1), 'v.mp3', 'audio/mpeg')).body.error).toMatchObject({ code: 'payload_too_large', message: '语音不能超过 2 MB' });
    // Far over the limit: refused before it is read.
    expect((await w.upload(token, SAMPLES.jpg(12 * MB))).status).toBe(413);
  });

  test('only a multipart file, and only with a worker or staff token', async () => {
    const token = await w.login('o-up-form');
    expect((await w.upload(undefined, SAMPLES.jpg())).status).toBe(401);
    expect((await w.h.request('POST', '/api/v1/mp/uploads', { token, body: { file: 'x' } })).status).toBe(415);
    const form = new FormData();
    form.append('photo', 'not a file');
    const noFile = await fetch(`${w.h.baseUrl}/api/v1/mp/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(noFile.status).toBe(400);
    expect((await w.upload(await w.h.token('demo-gz-tianhe'), SAMPLES.png())).body.from).toBe('staff');
  });

  test('files sit under random names in UPLOAD_DIR, readable by the server alone, and are not served as such', async () => {
    const token = await w.login('o-up-store');
    const bytes = SAMPLES.webp();
    const res = await w.upload(token, bytes, '../../etc/passwd.webp', 'image/webp');
    const row = await w.h.services.ds.getRepository(Attachment).findOneByOrFail({ id: res.body.id });
    expect(row.storedName).toMatch(/^[0-9a-f]{32}$/);
    expect(files()).toContain(row.storedName);
    expect(readFileSync(join(w.uploadDir, row.storedName))).toEqual(bytes);
    expect(statSync(join(w.uploadDir, row.storedName)).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(res.body)).not.toContain('passwd');
    expect((await fetch(`${w.h.baseUrl}/${row.storedName}`)).status).toBe(404);
  });
});

describe('downloading', () => {
  test('an attachment, with nosniff and the sniffed type, for those who may see the order only', async () => {
    const owner = await w.login('o-down-1');
    const stranger = await w.login('o-down-2');
    const bytes = SAMPLES.jpg();
    const photo = await w.uploaded(owner, bytes);
    const appeal = await w.orderedAppeal(owner, { employer: '天河下载测试厂', photoIds: [photo] });
    const orderId = await w.orderId(appeal.orderNumber);

    const got = await download(photo, owner);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="attachment-${photo}.jpg"`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.bytes).toEqual(bytes);

    expect((await download(photo)).status).toBe(401);
    expect((await download(photo, stranger)).status).toBe(404);
    expect((await download(photo, await w.h.token('demo-agent'))).status).toBe(200);
    // Units see it once the order reaches them, and never outside their subtree.
    const gz = await w.h.token('demo-gz');
    expect((await download(photo, gz)).status).toBe(404);
    expect((await w.h.as('demo-gz', 'GET', `/api/v1/attachments?orderId=${orderId}`)).status).toBe(404);
    await w.h.act('demo-agent', orderId, 'dispatch', { unitId: await w.h.unitId('440100') });
    expect((await download(photo, gz)).status).toBe(200);
    expect((await w.h.as('demo-gz', 'GET', `/api/v1/attachments?orderId=${orderId}`)).body.items).toMatchObject([{ id: photo, kind: 'photo', from: 'worker' }]);
    expect((await download(photo, await w.h.token('demo-fs-nanhai'))).status).toBe(404);
    expect((await w.h.as('demo-fs-nanhai', 'GET', `/api/v1/attachments?orderId=${orderId}`)).status).toBe(404);
  });

  test('an upload nobody linked is its uploader\'s alone', async () => {
    const staffPhoto = (await w.upload(await w.h.token('demo-gz-tianhe'), SAMPLES.jpg())).body.id;
    expect((await download(staffPhoto, await w.h.token('demo-gz-tianhe'))).status).toBe(200);
    expect((await download(staffPhoto, await w.h.token('demo-gz'))).status).toBe(404);
    expect((await download(staffPhoto, await w.login('o-down-3'))).status).toBe(404);
  });
});

describe('report photos', () => {
  test('the report action links the unit\'s photos to the order; the worker sees them', async () => {
    const worker = await w.login('o-report-1');
    const appeal = await w.orderedAppeal(worker, { employer: '天河报告照片公司' });
    const orderId = await w.orderId(appeal.orderNumber);
    const tianhe = await w.h.token('demo-gz-tianhe');
    const resultPhoto = (await w.upload(tianhe, SAMPLES.png())).body.id;
    const someoneElses = (await w.upload(await w.h.token('demo-gz'), SAMPLES.png())).body.id;

    // A report naming a file that is not the reporter's fails whole: the order is still handling.
    await expect(w.h.resolve(orderId, { attachmentIds: [someoneElses] })).rejects.toThrow(/report: 400/);
    expect((await w.h.as('demo-gz-tianhe', 'GET', `/api/v1/work-orders/${orderId}`)).body.status).toBe('handling');
    for (const [who, action] of [['demo-gz-tianhe', 'report'], ['demo-gz', 'approve'], ['demo-agent', 'approve']] as const) {
      const fields = action === 'report' ? { result: '已补发工资，附银行回单。', attachmentIds: [resultPhoto] } : {};
      expect((await w.h.act(who, orderId, action, fields)).status).toBe(200);
    }

    const listed = await w.h.as('demo-gz', 'GET', `/api/v1/attachments?orderId=${orderId}`);
    expect(listed.body.items).toMatchObject([{ id: resultPhoto, from: 'staff', mime: 'image/png' }]);
    const seen = await w.h.request('GET', `/api/v1/mp/appeals/${appeal.id}`, { token: worker });
    expect(seen.body.attachments).toMatchObject([{ id: resultPhoto, from: 'staff' }]);
    expect((await download(resultPhoto, worker)).status).toBe(200);
    expect((await download(resultPhoto, await w.login('o-report-2'))).status).toBe(404);
  });
});
