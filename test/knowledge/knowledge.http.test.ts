import { Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await Harness.start();
});
afterAll(() => h.stop());

const fieldsOf = (res: any) => res.body.error.details.map((d: any) => d.path);

/** An article about something no seeded article covers, so searches for it find only it. */
const craneArticle = {
  title: '大风天塔吊停工期间的工资',
  questions: ['刮台风塔吊司机停工有没有工资？', '塔吊大风停工工资怎么算？'],
  answer: '因台风、大风等恶劣天气停止塔吊作业，不是你本人的原因造成的停工。停工在一个工资支付周期内的，公司应当照发正常工资。',
  legalBasis: '《广东省工资支付条例》第三十九条',
  category: 'wages',
};

describe('the seeded knowledge base', () => {
  test('holds at least 40 published articles, each citing its statute', async () => {
    const res = await h.as('demo-agent', 'GET', '/api/v1/knowledge/articles?pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(40);
    for (const a of res.body.items) {
      expect(a.published).toBe(true);
      expect(a.questions.length).toBeGreaterThan(0);
      expect(a.legalBasis).toMatch(/《.+》/);
      expect(a.score).toBeUndefined();
    }
  });

  test('any staff member may read it, by category and page', async () => {
    const res = await h.as('demo-gz', 'GET', '/api/v1/knowledge/articles?category=injury&pageSize=2&page=2');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.total).toBeGreaterThan(4);
    expect(res.body.items.every((a: any) => a.category === 'injury')).toBe(true);

    const one = await h.as('demo-auditor', 'GET', `/api/v1/knowledge/articles/${res.body.items[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body.title).toBe(res.body.items[0].title);
  });

  test('is not for anonymous callers', async () => {
    expect((await h.request('GET', '/api/v1/knowledge/articles')).status).toBe(401);
  });
});

describe('search and suggestions', () => {
  test('q ranks by relevance, with scores and matched terms', async () => {
    const res = await h.as('demo-agent', 'GET', `/api/v1/knowledge/articles?q=${encodeURIComponent('加班费怎么算')}`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].title).toBe('加班费怎么算');
    expect(res.body.items[0].score).toBeGreaterThan(res.body.items[1].score);
    expect(res.body.items[0].matchedTerms).toContain('加班费');
    expect(res.body.total).toBeGreaterThanOrEqual(res.body.items.length);
  });

  test('q and category together', async () => {
    const res = await h.as('demo-agent', 'GET', `/api/v1/knowledge/articles?q=${encodeURIComponent('工资')}&category=women`);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((a: any) => a.category === 'women')).toBe(true);
  });

  test('suggest gives the top 3 and says whether the first answers confidently', async () => {
    const sure = await h.as('demo-agent', 'GET', `/api/v1/knowledge/suggest?text=${encodeURIComponent('没签合同能要双倍工资吗')}`);
    expect(sure.status).toBe(200);
    expect(sure.body.items).toHaveLength(3);
    expect(sure.body.items[0].title).toBe('没签劳动合同的二倍工资');
    expect(sure.body.confident).toBe(true);

    const unsure = await h.as('demo-agent', 'GET', `/api/v1/knowledge/suggest?text=${encodeURIComponent('离婚孩子归谁')}`);
    expect(unsure.status).toBe(200);
    expect(unsure.body.confident).toBe(false);
  });

  test('answerFor gives the intake the confident article only', async () => {
    const found = await h.services.knowledge.answerFor('工伤认定多久之内申请');
    expect(found?.article.title).toBe('工伤认定的申请时限');
    expect(found?.score).toBeGreaterThan(0);
    expect(await h.services.knowledge.answerFor('离婚孩子归谁')).toBeNull();
    expect(await h.services.knowledge.answerFor('')).toBeNull();
  });
});

describe('lawyers keep the articles', () => {
  let created: any;

  test('a lawyer adds an article; it is searchable at once', async () => {
    const res = await h.as('demo-lawyer', 'POST', '/api/v1/knowledge/articles', craneArticle);
    expect(res.status).toBe(201);
    created = res.body;
    expect(created).toMatchObject({ ...craneArticle, published: true, version: 1 });
    expect(created.updatedById).toEqual(expect.any(Number));

    const search = await h.as('demo-agent', 'GET', `/api/v1/knowledge/articles?q=${encodeURIComponent('塔吊停工工资')}`);
    expect(search.body.items[0].id).toBe(created.id);
    expect((await h.services.knowledge.answerFor('台风天塔吊司机停工有工资吗'))?.article.id).toBe(created.id);
  });

  test('a lawyer edits it with the version read; a stale version gets 409', async () => {
    const edited = await h.as('demo-lawyer', 'PUT', `/api/v1/knowledge/articles/${created.id}`, {
      ...craneArticle, title: '台风天塔吊停工期间的工资', published: true, version: created.version,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe('台风天塔吊停工期间的工资');
    expect(edited.body.version).toBe(created.version + 1);

    const stale = await h.as('demo-admin', 'PUT', `/api/v1/knowledge/articles/${created.id}`, {
      ...craneArticle, published: true, version: created.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect((await h.as('demo-agent', 'GET', `/api/v1/knowledge/articles/${created.id}`)).body.title).toBe('台风天塔吊停工期间的工资');
  });

  test('handlers and agents may read but not write', async () => {
    expect((await h.as('demo-gz', 'POST', '/api/v1/knowledge/articles', craneArticle)).status).toBe(403);
    const current = (await h.as('demo-gz', 'GET', `/api/v1/knowledge/articles/${created.id}`)).body;
    const edit = { ...craneArticle, published: true, version: current.version };
    expect((await h.as('demo-gz', 'PUT', `/api/v1/knowledge/articles/${created.id}`, edit)).status).toBe(403);
    expect((await h.as('demo-agent', 'PUT', `/api/v1/knowledge/articles/${created.id}`, edit)).status).toBe(403);
  });

  test('an unknown article is 404', async () => {
    expect((await h.as('demo-agent', 'GET', '/api/v1/knowledge/articles/999999')).status).toBe(404);
    const res = await h.as('demo-lawyer', 'PUT', '/api/v1/knowledge/articles/999999', { ...craneArticle, published: true, version: 1 });
    expect(res.status).toBe(404);
  });

  test('an unpublished article stays with staff: not public, not suggested, not an answer', async () => {
    const current = (await h.as('demo-lawyer', 'GET', `/api/v1/knowledge/articles/${created.id}`)).body;
    const res = await h.as('demo-lawyer', 'PUT', `/api/v1/knowledge/articles/${created.id}`, {
      ...craneArticle, published: false, version: current.version,
    });
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(false);

    const q = encodeURIComponent('塔吊停工工资');
    const staff = await h.as('demo-agent', 'GET', `/api/v1/knowledge/articles?q=${q}`);
    expect(staff.body.items[0].id).toBe(created.id);
    const publicSearch = await h.request('GET', `/api/v1/public/knowledge?q=${q}`);
    expect(publicSearch.body.items.map((a: any) => a.id)).not.toContain(created.id);
    const suggest = await h.as('demo-agent', 'GET', `/api/v1/knowledge/suggest?text=${q}`);
    expect(suggest.body.items.map((a: any) => a.id)).not.toContain(created.id);
    expect((await h.services.knowledge.answerFor('台风天塔吊司机停工有工资吗'))?.article.id).not.toBe(created.id);
  });

  test('the public list needs no token and shows only published articles, without staff details', async () => {
    const res = await h.request('GET', '/api/v1/public/knowledge?category=wages&pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(5);
    expect(res.body.items.map((a: any) => a.id)).not.toContain(created.id);
    expect(res.body.items[0]).not.toHaveProperty('updatedById');
    expect(res.body.items[0]).not.toHaveProperty('published');

    const search = await h.request('GET', `/api/v1/public/knowledge?q=${encodeURIComponent('广东产假有几天')}`);
    expect(search.body.items[0].title).toBe('广东产假有多少天');
    expect(search.body.items[0].score).toEqual(expect.any(Number));
  });
});

describe('bad input → 400 naming the field', () => {
  const valid = { ...craneArticle, title: '另一条' };
  test.each([
    ['GET', '/api/v1/knowledge/articles?q=', undefined, 'query.q'],
    ['GET', '/api/v1/knowledge/articles?category=salary', undefined, 'query.category'],
    ['GET', '/api/v1/knowledge/articles?pageSize=101', undefined, 'query.pageSize'],
    ['GET', '/api/v1/knowledge/articles?page=0', undefined, 'query.page'],
    ['GET', '/api/v1/knowledge/articles/abc', undefined, 'params.id'],
    ['GET', '/api/v1/knowledge/suggest', undefined, 'query.text'],
    ['GET', `/api/v1/knowledge/suggest?text=${'长'.repeat(1001)}`, undefined, 'query.text'],
    ['POST', '/api/v1/knowledge/articles', { ...valid, questions: [] }, 'body.questions'],
    ['POST', '/api/v1/knowledge/articles', { ...valid, questions: ['一样', '一样'] }, 'body.questions'],
    ['POST', '/api/v1/knowledge/articles', { ...valid, questions: ['  '] }, 'body.questions.0'],
    ['POST', '/api/v1/knowledge/articles', { ...valid, answer: '长'.repeat(5001) }, 'body.answer'],
    ['POST', '/api/v1/knowledge/articles', { ...valid, legalBasis: '' }, 'body.legalBasis'],
    ['POST', '/api/v1/knowledge/articles', { ...valid, category: 'salary' }, 'body.category'],
    ['POST', '/api/v1/knowledge/articles', { ...valid, title: undefined }, 'body.title'],
    ['PUT', '/api/v1/knowledge/articles/1', { ...valid, published: true }, 'body.version'],
    ['PUT', '/api/v1/knowledge/articles/1', { ...valid, version: 1 }, 'body.published'],
  ])('%s %s → %s', async (method, path, body, field) => {
    const res = await h.as('demo-lawyer', method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(fieldsOf(res)).toContain(field);
  });

  test('the public list validates too', async () => {
    const res = await h.request('GET', '/api/v1/public/knowledge?pageSize=500');
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain('query.pageSize');
  });
});
