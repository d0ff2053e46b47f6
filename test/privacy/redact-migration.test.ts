import { RedactOrderTexts1764870000000 } from '../../src/db/migrations/1764870000000-RedactOrderTexts';
import { InboundMessage } from '../../src/intake/inbound-message.entity';
import { WorkOrder } from '../../src/work-orders/work-order.entity';
import { Harness, SERVICE_TOKEN } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

const WORDS = '我叫李四，电话13712345678，身份证44010619900101123X，公司拖欠工资三个月';

test('orders registered from a worker\'s words before masking existed are masked; the contacts and other orders are not touched', async () => {
  const repo = h.services.ds.getRepository(WorkOrder);
  const sent = await h.request('POST', '/api/v1/intake/messages', {
    token: SERVICE_TOKEN, body: { channel: 'wechat', messageId: 'before-masking', senderId: 'wx-before', text: WORDS },
  });
  expect(sent.body.outcome).toBe('order');
  // As such an order was stored before: the words as written, in summary, description and comment.
  await repo.update({ id: sent.body.order.id }, { summary: WORDS, description: WORDS, revisitComment: '请打13712345678' });
  const typed = await h.register({ description: '来电人留了单位电话13700001111' });

  const runner = h.services.ds.createQueryRunner();
  try {
    await new RedactOrderTexts1764870000000().up(runner);
  } finally {
    await runner.release();
  }

  const masked = '我叫李*，电话137****5678，身份证4*************123X，公司拖欠工资三个月';
  expect(await repo.findOneByOrFail({ id: sent.body.order.id })).toMatchObject({ summary: masked, description: masked, revisitComment: '请打137****5678' });
  expect((await h.services.ds.getRepository(InboundMessage).findOneByOrFail({ id: sent.body.id })).text).toBe(WORDS);
  expect((await repo.findOneByOrFail({ id: typed.id })).description).toBe('来电人留了单位电话13700001111');
});
