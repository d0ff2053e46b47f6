import { SEED_ARTICLES } from '../../src/knowledge/seed-articles';
import { KnowledgeIndex, words } from '../../src/knowledge/search';
import { CATEGORIES } from '../../src/work-orders/work-order.entity';

const articles = SEED_ARTICLES.map((a, i) => ({ ...a, id: i + 1, published: true }));
const index = new KnowledgeIndex(articles);
const titleOf = (text: string) => index.bestAnswer(text)?.article.title ?? null;

describe('words', () => {
  test('drops punctuation and function words, folds everyday variants', () => {
    expect(words('老板不给我双倍工资吗？')).toEqual(['公司', '二倍', '工资']);
    expect(words('请问一下，我要怎么办呢？？')).toEqual([]);
  });

  test('keeps the father\'s leave apart from maternity leave', () => {
    expect(words('陪产假')).toEqual(['陪产假']);
  });
});

describe('confident answers to workers\' questions', () => {
  test.each([
    ['加班费怎么算', '加班费怎么算'],
    ['没签合同能要双倍工资吗', '没签劳动合同的二倍工资'],
    ['工伤认定多久之内申请', '工伤认定的申请时限'],
    ['产假广东有几天', '广东产假有多少天'],
    ['周末加班没有加班费', '加班费怎么算'],
    ['上下班路上出车祸算不算工伤', '上下班途中的交通事故'],
    ['我想辞职要提前多久', '辞职要提前多久通知'],
    ['老婆下个月生，我能请几天陪产假', '男方的陪产假'],
    ['我被辞退能领失业金吗', '失业保险金'],
    ['签了竞业协议公司不给补偿', '竞业限制和补偿'],
    ['夏天高温补贴每月多少', '高温津贴和高温天气作业'],
  ])('%s → %s', (question, title) => {
    expect(titleOf(question)).toBe(title);
  });
});

test('"公司辞退我要赔多少" ranks economic compensation first but leaves N or 2N to a person', () => {
  const { hits, confident } = index.rank('公司辞退我要赔多少', 3);
  expect(hits[0].article.title).toBe('经济补偿怎么算（N）');
  expect(hits.map((h) => h.article.title)).toContain('违法辞退的赔偿金（2N）');
  expect(confident).toBe(false);
});

test.each(['离婚孩子归谁', '房东不退押金怎么办', '信用卡逾期了怎么办', '邻居装修太吵怎么办', '出车祸保险公司不赔'])(
  'a question outside labour law gets no confident answer: %s',
  (question) => {
    expect(index.bestAnswer(question)).toBeNull();
  },
);

test.each(['', '   ', '？？？！！', 'asdfgh', '的了吗呢', '😀😀😀', '工资', '长'.repeat(5000)])(
  'empty or meaningless text gets no answer and no error: %j',
  (text) => {
    expect(index.bestAnswer(text)).toBeNull();
    expect(() => index.search(text)).not.toThrow();
  },
);

test('hits are ranked best first with the matched terms, and only accepted articles count', () => {
  const hits = index.search('加班费怎么算', 3);
  expect(hits).toHaveLength(3);
  expect(hits[0].score).toBeGreaterThan(hits[1].score);
  expect(hits[0].matchedTerms).toEqual(expect.arrayContaining(['加班费', '算']));

  const overtime = hits[0].article.id;
  const others = index.search('加班费怎么算', 3, (a) => a.id !== overtime);
  expect(others.map((h) => h.article.id)).not.toContain(overtime);
  expect(index.bestAnswer('加班费怎么算', (a) => a.id !== overtime)?.article.id).not.toBe(overtime);
});

test('deterministic: the same hits whatever order the articles come in', () => {
  const reversed = new KnowledgeIndex([...articles].reverse());
  for (const text of ['加班费怎么算', '公司不给交社保', '工资']) {
    const ids = (i: KnowledgeIndex<(typeof articles)[number]>) => i.search(text, 10).map((h) => [h.article.id, h.score]);
    expect(ids(reversed)).toEqual(ids(index));
  }
});

describe('the delivered articles', () => {
  test('there are at least 45, with distinct titles', () => {
    expect(SEED_ARTICLES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(SEED_ARTICLES.map((a) => a.title)).size).toBe(SEED_ARTICLES.length);
  });

  test.each(SEED_ARTICLES.map((a) => [a.title, a] as const))('%s: well formed, statute cited', (_title, a) => {
    expect(CATEGORIES).toContain(a.category);
    expect(a.questions.length).toBeGreaterThanOrEqual(2);
    expect(a.questions.length).toBeLessThanOrEqual(5);
    const sentences = a.answer.split(/[。！？]/).filter((s) => s.trim()).length;
    expect(sentences).toBeGreaterThanOrEqual(2);
    expect(sentences).toBeLessThanOrEqual(6);
    expect(a.legalBasis).toMatch(/《[^》]+》第[一二三四五六七八九十百零]+条/);
  });

  test('each article is the best hit for its own first question', () => {
    for (const a of articles) expect(index.search(a.questions[0], 1)[0].article.title).toBe(a.title);
  });
});
