import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Backend, bridgeWx, send, startBackend } from './support/bridge';
import { fakeWx, FakeWx } from './support/fake-wx';
import { fire, inside, render, statusesOf, textOf, textsOf, until } from './support/render';

/**
 * The pages and their service layer against the real backend over HTTP, on SQLite: wx.request,
 * wx.uploadFile and wx.downloadFile become real HTTP calls; WeChat's code2Session is the fake
 * WeChat server the backend is configured with.
 */
let backend: Backend;
let fake: FakeWx;
beforeAll(async () => {
  backend = await startBackend();
}, 60_000);
afterAll(() => backend?.stop());

/** wx.login hands out the backend's one-time codes for this WeChat user. */
function loginAs(codes: string[]): void {
  Object.assign(wx, { login: (o: { success: (r: { code: string }) => void }) => setTimeout(() => o.success({ code: codes.shift()! }), 0) });
}

async function asAgent(method: string, path: string, body?: object) {
  const login = await send('POST', `${backend.baseUrl}/api/v1/auth/login`, { 'content-type': 'application/json' },
    Buffer.from(JSON.stringify({ username: 'demo-agent', password: 'demo12351' })));
  const { token } = JSON.parse(login.body.toString()) as { token: string };
  const reply = await send(method, `${backend.baseUrl}/api/v1${path}`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body ? Buffer.from(JSON.stringify(body)) : undefined);
  return JSON.parse(reply.body.toString()) as any;
}

test('a worker reports with a photo, follows the order and looks it up; a union official finds it on their desk', async () => {
  fake = fakeWx({});
  bridgeWx(backend);
  loginAs([...backend.workerCodes]);
  const photo = join(tmpdir(), 'e2e-photo.jpg');
  writeFileSync(photo, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(512, 1)]));
  Object.assign(wx, { chooseMedia: (o: { success: (r: object) => void }) => setTimeout(() => o.success({ tempFiles: [{ tempFilePath: photo }] }), 0) });

  // The form, with the regions the server lists.
  const form = render('pages/appeal/submit/submit');
  await form.instance.onLoad({});
  await until(() => form.data.options.city.length === 21, 'cities');
  const indexOf = (level: string, code: string) => String(form.data.options[level].findIndex((r: { code: string }) => r.code === code));
  await fire(form, '.picker-city', 'change', { value: indexOf('city', '440100') });
  await until(() => form.data.options.district.length > 0, 'districts');
  await fire(form, '.picker-district', 'change', { value: indexOf('district', '440106') });
  await fire(form, '.field-text', 'input', { value: '我在天河区一家保安公司上班，老板拖欠我三个月工资，一直拖着不给' });
  await fire(form, '.field-employer', 'input', { value: '天河联调保安服务公司' });
  await fire(form, '.field-phone', 'input', { value: '13912345678' });
  await fire(inside(form, '.photos'), '.add', 'tap');
  await until(() => form.data.photoIds.length === 1, 'photo uploaded');
  await fire(form, '.submit', 'tap');
  await until(() => fake.navigations.length === 1, 'submitted');
  const id = Number(/id=(\d+)/.exec(fake.navigations[0])![1]);

  // The appeal as the server now has it.
  const detail = render('pages/appeal/detail/detail');
  await detail.instance.onLoad({ id: String(id) });
  await until(() => detail.data.appeal !== null, 'appeal');
  const number = detail.data.appeal.orderNumber as string;
  expect(number).toMatch(/^GD-\d{8}-\d{6}$/);
  expect(statusesOf(detail)).toEqual(['已受理']);
  expect(textOf(detail, '.place')).toBe('事发地：广州市天河区');
  expect(textsOf(inside(detail, '.steps'), '.step-text')).toEqual(['诉求已受理，生成工单']);
  await until(() => inside(detail, '.files').data.photos.length === 1, 'photo downloaded');

  // The centre hands it to Guangzhou; the worker's page follows.
  const [order] = (await asAgent('GET', `/work-orders?q=${number}`)).items;
  await asAgent('POST', `/work-orders/${order.id}/actions/dispatch`, { unitId: (await asAgent('GET', '/orgs?code=440100')).items[0].id, version: order.version });
  await detail.instance.load();
  expect(textsOf(inside(detail, '.steps'), '.step-text')).toEqual(['诉求已受理，生成工单', '已交由广州市总工会办理']);

  const mine = render('pages/appeal/mine/mine');
  await mine.instance.onShow();
  expect(textsOf(mine, '.number')).toEqual([number]);

  // Anyone with the number and the phone's last four digits.
  const lookup = render('pages/lookup/lookup');
  await fire(lookup, '.field-number', 'input', { value: number });
  await fire(lookup, '.field-phone', 'input', { value: '5678' });
  await fire(lookup, '.search', 'tap');
  await until(() => lookup.data.progress !== null, 'progress');
  expect(statusesOf(lookup)).toEqual(['待签收']);

  // A Guangzhou official binds WeChat and finds the order waiting to be signed, then signs it.
  loginAs([...backend.staffCodes]);
  const bind = render('staff/bind/bind');
  await fire(bind, '.field-username', 'input', { value: 'demo-gz' });
  await fire(bind, '.field-password', 'input', { value: 'demo12351' });
  await fire(bind, '.bind', 'tap');
  await until(() => fake.navigations.includes('/staff/desk/desk'), 'bound');
  const desk = render('staff/desk/desk');
  await desk.instance.onShow();
  expect(textOf(desk, '.group-toSign .number')).toBe(number);

  const staffOrder = render('staff/order/order');
  await staffOrder.instance.onLoad({ id: String(order.id) });
  expect(textsOf(inside(staffOrder, '.actions'), '.action')).toEqual(['签收', '退单']);
  await fire(inside(staffOrder, '.actions'), '.action-sign', 'tap');
  await until(() => staffOrder.data.order.status === 'handling', 'signed');
  expect(staffOrder.data.order.worker).toEqual({ name: null, phone: '139****5678', idNumber: null });
});
