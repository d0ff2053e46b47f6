import { indexPending } from '../../src/work-orders/search';
import { Harness, SERVICE_TOKEN } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

/** The desk's registration with only what a caller said: nothing classified by hand. */
const told = (description: string, fields: Record<string, unknown> = {}) =>
  h.register({ summary: description.slice(0, 20), description, category: undefined, regionCode: undefined, employer: undefined, ...fields });

describe('受理 by the desk', () => {
  test('what the desk leaves out is read from the text, and the order carries the unit it should go to', async () => {
    const order = await told('我在天河区一家餐厅做服务员，老板拖欠两个月工资');
    expect(order).toMatchObject({
      category: 'wages', regionCode: '440106', mass: false, crisis: false, platform: false,
      suggestedUnit: { id: await h.unitId('440106'), name: '天河区总工会' },
    });
    expect(order.routeReason).toContain('天河区总工会');

    const rider = await told('在佛山南海送外卖，站点扣了我三百块押金不退');
    expect(rider).toMatchObject({ platform: true, regionCode: '440605', suggestedUnit: { name: '南海区总工会' } });
  });

  test('what the desk states stands over the text', async () => {
    const order = await told('我在天河区一家餐厅做服务员，老板拖欠两个月工资，我不想活了', {
      category: 'contract', crisis: false, regionCode: '440605', employer: '南海某餐厅',
    });
    expect(order).toMatchObject({
      category: 'contract', crisis: false, urgent: false, regionCode: '440605', employer: '南海某餐厅', suggestedUnit: { name: '南海区总工会' },
    });
  });

  test('with no place in the text or the form, the centre routes it by hand', async () => {
    const order = await told('老板拖欠两个月工资，怎么办');
    expect(order).toMatchObject({ regionCode: null, suggestedUnit: null, routeReason: '未能确定事发地，由热线中心人工分派' });
  });

  test('without a summary the order is summed up by the start of its text', async () => {
    const text = '工人王师傅反映：在天河区一家物流公司做了三年搬运，公司一直不签劳动合同，现在说要辞退他，也不给经济补偿，老板电话13912345678';
    const order = await h.register({ summary: undefined, description: text });
    expect(order).toMatchObject({ summary: `${text.slice(0, 60)}…`, description: text });
  });

  test('the centre correcting the place moves the suggestion with it', async () => {
    const order = await told('我在天河区一家餐厅做服务员，老板拖欠两个月工资');
    const moved = await h.act('demo-agent', order.id, 'reclassify', { regionCode: '440605' });
    expect(moved.body).toMatchObject({ regionCode: '440605', suggestedUnit: { name: '南海区总工会' }, version: order.version + 1 });
    expect(moved.body.routeReason).toContain('南海区总工会');
    const kept = await h.act('demo-agent', order.id, 'reclassify', { difficulty: 'hard' });
    expect(kept.body.suggestedUnit).toEqual(moved.body.suggestedUnit);
  });

  test('the centre correcting the employer: search and 并单 go by the corrected name', async () => {
    const order = await told('我在佛山南海恒泰五金厂上班，老板拖欠我们两个月工资', { summary: '五金厂拖欠两个月工资' });
    expect(order.employer).toBe('佛山南海恒泰五金厂');
    await h.act('demo-agent', order.id, 'dispatch', { unitId: await h.unitId('440605') });
    // Indexed under its first name where a search index is kept (MySQL), as the indexer job would.
    await indexPending(h.services.tx);
    const fixed = await h.act('demo-agent', order.id, 'reclassify', { employer: '南海恒丰五金有限公司' });
    expect(fixed.body).toMatchObject({ employer: '南海恒丰五金有限公司', status: 'dispatched' });
    expect(fixed.body.timeline.at(-1)).toMatchObject({ action: 'reclassify', detail: 'employer' });

    const found = async (q: string) => (await h.as('demo-fs-nanhai', 'GET', `/api/v1/work-orders?q=${encodeURIComponent(q)}`)).body.items.map((o: any) => o.id);
    expect(await found('恒丰五金')).toContain(order.id);
    expect(await found('恒泰五金')).not.toContain(order.id);

    const complaint = await h.request('POST', '/api/v1/intake/messages', {
      headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
      body: { channel: 'wechat', messageId: 'register-corrected-1', senderId: 'wx-register-corrected', text: '佛山市南海区恒丰五金厂拖欠我工资两个月了' },
    });
    expect(complaint.body).toMatchObject({ outcome: 'merged', order: { id: order.id } });
  });

  test('a later complaint about the same employer joins the order the desk registered (并单)', async () => {
    const order = await told('我在佛山南海金瑞祥五金厂上班，老板拖欠我们两个月工资');
    expect(order.employer).toBe('佛山南海金瑞祥五金厂');
    const complaint = await h.request('POST', '/api/v1/intake/messages', {
      headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
      body: { channel: 'wechat', messageId: 'register-merge-1', senderId: 'wx-register-merge', text: '南海区金瑞祥五金有限公司拖欠我工资两个月了' },
    });
    expect(complaint.body).toMatchObject({ outcome: 'merged', order: { id: order.id } });
  });
});
