import { Harness } from '../support/harness';

let h: Harness;
let gz: number;
let tianhe: number;
beforeAll(async () => {
  h = await Harness.start();
  gz = await h.unitId('440100');
  tianhe = await h.unitId('440106');
});
afterAll(() => h.stop());

/** Registers an order and walks it down to Tianhe, signed there. */
async function atTianhe(): Promise<number> {
  const order = await h.register();
  expect((await h.act('demo-agent', order.id, 'dispatch', { unitId: gz })).status).toBe(200);
  expect((await h.act('demo-gz', order.id, 'sign')).status).toBe(200);
  expect((await h.act('demo-gz', order.id, 'dispatch', { unitId: tianhe })).status).toBe(200);
  expect((await h.act('demo-gz-tianhe', order.id, 'sign')).status).toBe(200);
  return order.id;
}

async function reportAndApprove(id: number): Promise<void> {
  expect((await h.act('demo-gz-tianhe', id, 'report', { result: '企业已补发工资', recoveredAmount: 8000 })).status).toBe(200);
  expect((await h.act('demo-gz', id, 'approve')).status).toBe(200);
  expect((await h.act('demo-agent', id, 'approve')).status).toBe(200);
}

test('the whole story: register, down the chain, back up, revisit and close', async () => {
  const created = await h.register();
  expect(created).toMatchObject({ status: 'registered', version: 1, currentUnit: { name: '广东省总工会' } });
  expect(created.number).toMatch(/^GD-\d{8}-\d{6}$/);
  expect(created.allowedActions).toEqual(expect.arrayContaining(['answer', 'cancel', 'dispatch']));

  const steps: Array<[string, string, Record<string, unknown>, string, string]> = [
    ['demo-agent', 'dispatch', { unitId: gz }, 'dispatched', '广州市总工会'],
    ['demo-gz', 'sign', {}, 'handling', '广州市总工会'],
    ['demo-gz', 'dispatch', { unitId: tianhe }, 'dispatched', '天河区总工会'],
    ['demo-gz-tianhe', 'sign', {}, 'handling', '天河区总工会'],
    ['demo-gz-tianhe', 'report', { result: '经调解，企业补发工资 8000 元', recoveredAmount: 8000 }, 'reviewing', '广州市总工会'],
    ['demo-gz', 'approve', {}, 'reviewing', '广东省总工会'],
    ['demo-agent', 'approve', {}, 'resolved', '广东省总工会'],
    ['demo-agent', 'revisit', { resultRating: 5, serviceRating: 4 }, 'closed', '广东省总工会'],
  ];
  for (const [who, action, fields, status, unit] of steps) {
    const res = await h.act(who, created.id, action, fields);
    expect({ action, status: res.status, body: res.body.status }).toEqual({ action, status: 200, body: status });
    expect(res.body.currentUnit.name).toBe(unit);
  }

  const done = await h.as('demo-agent', 'GET', `/api/v1/work-orders/${created.id}`);
  expect(done.body).toMatchObject({ status: 'closed', resultRating: 5, serviceRating: 4, recoveredAmount: 8000, allowedActions: [] });
  expect(done.body.timeline.map((e: any) => e.action)).toEqual(
    ['register', 'dispatch', 'sign', 'dispatch', 'sign', 'report', 'approve', 'approve', 'revisit']);
  expect(done.body.timeline[3]).toMatchObject({
    fromStatus: 'handling', toStatus: 'dispatched', actor: { name: '广州市总工会 何丽' }, unit: { name: '广州市总工会' }, targetUnit: { name: '天河区总工会' },
  });
  expect(done.body.chain.map((a: any) => [a.unit.name, a.fromUnit.name, !!a.signedAt, !!a.reportedAt])).toEqual([
    ['广州市总工会', '广东省总工会', true, true],
    ['天河区总工会', '广州市总工会', true, true],
  ]);
});

test('each step offers exactly the buttons the current user may press', async () => {
  const id = await atTianhe();
  const at = async (who: string) => (await h.as(who, 'GET', `/api/v1/work-orders/${id}`)).body.allowedActions;
  expect(await at('demo-gz-tianhe')).toEqual(['dispatch', 'return', 'request_extension', 'report', 'add_cohandler']);
  expect(await at('demo-gz')).toEqual([]);
  expect(await at('demo-agent')).toEqual(['add_cohandler', 'split', 'reclassify']);
  expect(await at('demo-supervisor')).toEqual(['supervise']);
});

test('退单 then 改派: Tianhe returns with a reason, Guangzhou hands it to another district', async () => {
  const id = await atTianhe();
  const noReason = await h.act('demo-gz-tianhe', id, 'return', {});
  expect(noReason.status).toBe(400);
  expect(noReason.body.error.details[0].path).toBe('body.reason');

  const returned = await h.act('demo-gz-tianhe', id, 'return', { reason: '用人单位不在本区' });
  expect(returned.body).toMatchObject({ status: 'returned', currentUnit: { id: gz } });
  expect((await h.as('demo-gz', 'GET', `/api/v1/work-orders/${id}`)).body.allowedActions).toEqual(['redispatch', 'take_over']);

  const haizhu = await h.unitId('440105');
  const redispatched = await h.act('demo-gz', id, 'redispatch', { unitId: haizhu });
  expect(redispatched.body).toMatchObject({ status: 'dispatched', currentUnit: { id: haizhu } });
  const chain = redispatched.body.chain.map((a: any) => [a.unit.id, a.active, a.returnReason]);
  expect(chain).toEqual([[gz, true, null], [tianhe, false, '用人单位不在本区'], [haizhu, true, null]]);
  // Tianhe handled it once, so it still sees the order, but can do nothing with it.
  expect((await h.as('demo-gz-tianhe', 'GET', `/api/v1/work-orders/${id}`)).body.allowedActions).toEqual([]);
});

test('a returned order can be taken over by the unit it came back to', async () => {
  const id = await atTianhe();
  await h.act('demo-gz-tianhe', id, 'return', { reason: '需市总协调' });
  const taken = await h.act('demo-gz', id, 'take_over');
  expect(taken.body).toMatchObject({ status: 'handling', currentUnit: { id: gz } });
  expect((await h.act('demo-gz', id, 'report', { result: '市总协调解决' })).body).toMatchObject({ status: 'reviewing', currentUnit: { name: '广东省总工会' } });
});

test('延期: Tianhe asks, Guangzhou approves; a second request waits for the first', async () => {
  const id = await atTianhe();
  const tooLong = await h.act('demo-gz-tianhe', id, 'request_extension', { days: 11, reason: '需要等待仲裁结果' });
  expect(tooLong.status).toBe(400);
  expect(tooLong.body.error.details[0].path).toBe('body.days');

  const asked = await h.act('demo-gz-tianhe', id, 'request_extension', { days: 5, reason: '需要等待仲裁结果' });
  expect(asked.body.status).toBe('handling');
  expect(asked.body.extensions).toMatchObject([{ days: 5, status: 'pending', unit: { id: tianhe } }]);
  expect((await h.act('demo-gz-tianhe', id, 'request_extension', { days: 2, reason: '再次申请' })).status).toBe(409);
  expect((await h.act('demo-gz-tianhe', id, 'approve_extension')).status).toBe(403);
  expect((await h.as('demo-gz', 'GET', `/api/v1/work-orders/${id}`)).body.allowedActions).toEqual(['approve_extension', 'reject_extension']);

  const approved = await h.act('demo-gz', id, 'approve_extension', { note: '同意' });
  expect(approved.body.extensions[0]).toMatchObject({ status: 'approved', decisionNote: '同意' });
  // Five more working days on the handling deadline.
  expect(new Date(approved.body.deadlines.handleDueAt).getTime()).toBeGreaterThan(new Date(asked.body.deadlines.handleDueAt).getTime() + 5 * 86_400_000);
  expect(approved.body.timeline.slice(-2).map((e: any) => [e.action, e.detail])).toEqual([['request_extension', '5'], ['approve_extension', '5']]);

  await h.act('demo-gz-tianhe', id, 'request_extension', { days: 3, reason: '仍需时间' });
  const rejected = await h.act('demo-gz', id, 'reject_extension', { reason: '请按期办结' });
  expect(rejected.body.extensions[1]).toMatchObject({ status: 'rejected', decisionNote: '请按期办结' });
});

test('审核退回: Guangzhou rejects the report and Tianhe handles again', async () => {
  const id = await atTianhe();
  await h.act('demo-gz-tianhe', id, 'report', { result: '已电话联系企业' });
  const rejected = await h.act('demo-gz', id, 'reject', { reason: '未落实补发，请继续办理' });
  expect(rejected.body).toMatchObject({ status: 'handling', currentUnit: { id: tianhe } });
  expect(rejected.body.chain.map((a: any) => a.reportedAt)).toEqual([null, null]);

  // The centre rejecting sends it to Guangzhou, which may hand it down again.
  await h.act('demo-gz-tianhe', id, 'report', { result: '企业已补发' });
  await h.act('demo-gz', id, 'approve');
  const byCentre = await h.act('demo-agent', id, 'reject', { reason: '请附上补发凭证' });
  expect(byCentre.body).toMatchObject({ status: 'handling', currentUnit: { id: gz } });
  expect(byCentre.body.chain.map((a: any) => a.active)).toEqual([true, false]);
  expect((await h.act('demo-gz', id, 'dispatch', { unitId: tianhe })).body.status).toBe('dispatched');
});

test('重办: an unsatisfied worker sends the order back to the unit that handled it', async () => {
  const id = await atTianhe();
  await reportAndApprove(id);
  const unhappy = await h.act('demo-agent', id, 'revisit', { resultRating: 2, serviceRating: 4, comment: '工资只补了一半' });
  expect(unhappy.body).toMatchObject({ status: 'handling', currentUnit: { id: tianhe }, rehandleCount: 1, resultRating: 2 });
  expect(unhappy.body.timeline.at(-1)).toMatchObject({ action: 'revisit', detail: 'unsatisfied', targetUnit: { id: tianhe } });

  await reportAndApprove(id);
  const happy = await h.act('demo-agent', id, 'revisit', { resultRating: 4, serviceRating: 5 });
  expect(happy.body).toMatchObject({ status: 'closed', rehandleCount: 1 });
});

test('a consultation answered on the spot is revisited and closed', async () => {
  const order = await h.register({ summary: '年假天数', description: '工作满十年有几天年假？', category: 'hours_leave' }, 'demo-lawyer');
  const answered = await h.act('demo-lawyer', order.id, 'answer', { answer: '满10年不满20年的，年休假10天。' });
  expect(answered.body).toMatchObject({ status: 'answered', result: '满10年不满20年的，年休假10天。' });
  expect((await h.act('demo-agent', order.id, 'revisit', { resultRating: 5, serviceRating: 5 })).body.status).toBe('closed');
});

test('不予受理 needs a reason and the lawful route', async () => {
  const order = await h.register({ summary: '离婚财产', description: '离婚财产怎么分？', category: 'other' });
  expect((await h.act('demo-agent', order.id, 'cancel', { reason: '非劳动争议' })).body.error.details[0].path).toBe('body.route');
  const cancelled = await h.act('demo-agent', order.id, 'cancel', { reason: '非劳动争议', route: '向人民法院起诉或咨询 12348' });
  expect(cancelled.body).toMatchObject({ status: 'cancelled', allowedActions: [] });
  expect(cancelled.body.timeline.at(-1).note).toContain('12348');
});

test('协办: report waits until the co-handling unit has finished its part', async () => {
  const id = await atTianhe();
  const nanhai = await h.unitId('440605');
  const added = await h.act('demo-gz-tianhe', id, 'add_cohandler', { unitId: nanhai, task: '核实企业在南海的分厂情况' });
  expect(added.body.cohandlers).toMatchObject([{ unit: { id: nanhai }, task: '核实企业在南海的分厂情况', signedAt: null }]);

  const blocked = await h.act('demo-gz-tianhe', id, 'report', { result: '已处理' });
  expect(blocked.status).toBe(409);
  expect(blocked.body.error.message).toContain('协办');

  // The co-handler sees the order and acts on its own part only.
  const seen = await h.as('demo-fs-nanhai', 'GET', `/api/v1/work-orders/${id}`);
  expect(seen.status).toBe(200);
  expect(seen.body.allowedActions).toEqual(['cohandler_sign']);
  expect((await h.act('demo-fs-nanhai', id, 'report', { result: 'x' })).status).toBe(403);
  await h.act('demo-fs-nanhai', id, 'cohandler_sign');
  const done = await h.act('demo-fs-nanhai', id, 'cohandler_done', { result: '南海分厂已停产' });
  expect(done.body.cohandlers[0].result).toBe('南海分厂已停产');

  expect((await h.act('demo-gz-tianhe', id, 'report', { result: '已处理' })).body.status).toBe('reviewing');
});

test('督办: a supervisor above the current unit urges it; the order itself does not move', async () => {
  const id = await atTianhe();
  const before = await h.as('demo-gz-supervisor', 'GET', `/api/v1/work-orders/${id}`);
  expect(before.body.allowedActions).toEqual(['supervise']);
  const urged = await h.act('demo-gz-supervisor', id, 'supervise', { level: 'yellow', note: '请加快办理' });
  expect(urged.body).toMatchObject({ status: 'handling', currentUnit: { id: tianhe }, version: before.body.version + 1 });
  expect(urged.body.timeline.at(-1)).toMatchObject({ action: 'supervise', detail: 'yellow', targetUnit: { id: tianhe } });
  expect((await h.act('demo-gz-tianhe', id, 'supervise', { level: 'urge', note: 'x' })).status).toBe(403);
});

test('the centre corrects the category and region with one action', async () => {
  const order = await h.register();
  const fixed = await h.act('demo-agent', order.id, 'reclassify', { category: 'contract', regionCode: '440605124' });
  expect(fixed.body).toMatchObject({ category: 'contract', regionCode: '440605124', status: 'registered' });
  expect(fixed.body.timeline.at(-1)).toMatchObject({ action: 'reclassify', detail: 'category,regionCode' });
  expect((await h.act('demo-agent', order.id, 'reclassify', { regionCode: '449999' })).body.error.details[0].path).toBe('body.regionCode');
  expect((await h.act('demo-agent', order.id, 'reclassify', {})).status).toBe(400);
});
