import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildServices, createApp } from '../../src/app';
import { INDEX_FRESHNESS_MS } from '../../src/knowledge/knowledge.service';
import { Harness } from '../support/harness';

/**
 * Two server instances over one database, as when the hotline runs more than one: an article a
 * lawyer adds or withdraws through one reaches the other's search and answers.
 */
let now = new Date('2026-11-23T02:00:00Z');
let h: Harness;
let other: Server;
let otherUrl: string;

beforeAll(async () => {
  h = await Harness.start({ clock: () => now });
  other = createApp(buildServices(h.services.ds, h.services.config, () => now)).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => other.once('listening', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => other.close(() => resolve()));
  await h.stop();
});

const article = {
  title: '高温天停工期间的工资',
  questions: ['高温天气停工了工资怎么发？', '热到停工了公司给不给工资？'],
  answer: '因高温天气停止工作、缩短工作时间的，用人单位不得扣除或降低劳动者工资。',
  legalBasis: '《防暑降温措施管理办法》第十七条',
  category: 'wages',
  published: true,
};
const query = encodeURIComponent('高温停工工资');

/** The articles the other instance suggests for the query, by id. */
async function suggestedOnOther(): Promise<number[]> {
  const res = await fetch(`${otherUrl}/api/v1/knowledge/suggest?text=${query}`, {
    headers: { authorization: `Bearer ${await h.token('demo-agent')}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Array<{ id: number }> }).items.map((a) => a.id);
}

test('an article added or withdrawn on one instance reaches the other within the freshness interval', async () => {
  const before = await suggestedOnOther(); // the other instance builds its index now

  const created = await h.as('demo-lawyer', 'POST', '/api/v1/knowledge/articles', article);
  expect(created.status).toBe(201);
  expect((await h.as('demo-agent', 'GET', `/api/v1/knowledge/suggest?text=${query}`)).body.items[0].id).toBe(created.body.id);
  // The other instance does not ask the database at every search, only once per interval.
  expect(await suggestedOnOther()).toEqual(before);

  now = new Date(now.getTime() + INDEX_FRESHNESS_MS);
  expect((await suggestedOnOther())[0]).toBe(created.body.id);

  const withdrawn = await h.as('demo-lawyer', 'PUT', `/api/v1/knowledge/articles/${created.body.id}`, {
    ...article, published: false, version: created.body.version,
  });
  expect(withdrawn.status).toBe(200);
  now = new Date(now.getTime() + INDEX_FRESHNESS_MS);
  expect(await suggestedOnOther()).not.toContain(created.body.id);
});
