import { classify, MAX_INPUT_CHARS, MIN_CONFIDENCE, type Category, type Classification } from '../../src/classification/classifier';

/** Example messages written for these tests (not taken from the evaluation files). */
const CATEGORY_CASES: Array<[Category, string]> = [
  ['wages', '我在佛山南海区狮山镇一家五金厂，老板拖欠三个月工资'],
  ['wages', '老板说这个月效益不好，工资要推迟到下个月底才发'],
  ['wages', '计件单价从八毛降到五毛，干一天才一百多块'],
  ['wages', '加班费一直按最低工资算，这样对吗'],
  ['wages', '公司每个月扣我们两百块钱餐费，可是饭根本没法吃'],
  ['contract', '干了一年多了公司一直不跟我签劳动合同，能要双倍工资吗'],
  ['contract', '入职要交八百块押金，说干满半年才退'],
  ['contract', '公司要把我从广州调到湛江去，不去就算自动离职'],
  ['contract', '签了竞业限制协议，离职后公司一分钱补偿都不给'],
  ['termination', '公司说我业绩不达标，直接叫我明天不用来了，也不给补偿'],
  ['termination', '工厂要搬走了，老板让我们自己辞职，不然一分钱都没有'],
  ['termination', '我提了辞职，公司扣着离职证明不给我开'],
  ['termination', '我在这家厂做了八年，厂子倒闭了，经济补偿怎么算'],
  ['social_insurance', '公司从来没给我们交过社保，我想自己补缴可以吗'],
  ['social_insurance', '离职后失业金怎么领，需要什么材料'],
  ['social_insurance', '公司说交社保就要从工资里扣，不交就多发两百'],
  ['injury', '在车间搬货的时候被铁架砸到脚，脚趾骨折了，老板只给了五百块'],
  ['injury', '上班路上骑电动车被撞了，算工伤吗'],
  ['injury', '做了十年打磨工，现在查出尘肺病'],
  ['hours_leave', '我们厂一个月只休两天，每天都要干十二个小时'],
  ['hours_leave', '结婚请婚假，领导说最多只能给三天'],
  ['hours_leave', '病假期间公司只发一半工资，合法吗'],
  ['safety', '车间里没有排风，天天闻着油漆味，头晕恶心'],
  ['safety', '工地上没人发安全帽，高空作业也没有安全绳'],
  ['safety', '热死了车间没空调'],
  ['women', '我怀孕五个月，公司说要调我去仓库搬货，不去就辞退'],
  ['women', '哺乳期公司不给喂奶时间，还说要扣工资'],
  ['women', '部门经理总是借酒对女同事动手动脚'],
  ['training', '公司出钱送我去考电工证，说要签五年服务期，这合理吗'],
  ['training', '工会有没有免费的电工培训班'],
  ['union', '我们公司想成立工会，应该怎么向上级工会申请'],
  ['union', '工会会费是按工资的百分之几交的'],
  ['union', '家里出了变故，生活困难，可以向工会申请困难补助吗'],
  ['other', '我和老婆要离婚，房子怎么分'],
  ['other', '邻居家的狗把我咬了，他们不肯赔医药费'],
  ['other', '网购的手机屏幕碎了，商家不给退货'],
  ['other', '朋友借了我两万块钱一直不还'],
  ['other', '我开车被别人追尾了，对方全责'],
  ['other', '你好'],
  ['other', '谢谢你们'],
];

describe('classify: category', () => {
  test.each(CATEGORY_CASES)('%s ← %s', (category, text) => {
    expect(classify(text).category).toBe(category);
  });

  test('LABELS tie-breaks: pregnancy dismissal is women, unpaid injury compensation is injury', () => {
    expect(classify('怀孕以后公司就把我辞退了，说我不能胜任').category).toBe('women');
    expect(classify('干活时手指被机器压断，老板不肯出医药费也不给工资，说工伤不归他管').category).toBe('injury');
  });

  test('platform rider deductions are wages with the platform flag', () => {
    const r = classify('我是美团骑手，送餐超时被平台罚款，还被封号了');
    expect(r).toMatchObject({ category: 'wages', platform: true });
  });

  test('confidence is within 0..1 and a labour category is never below the threshold', () => {
    for (const [, text] of CATEGORY_CASES) {
      const r = classify(text);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      if (r.category !== 'other') expect(r.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    }
  });

  test('is deterministic', () => {
    const text = '三十多个工人被拖欠了半年工资，明天准备去厂门口拉横幅';
    expect(classify(text)).toEqual(classify(text));
  });
});

describe('classify: flags', () => {
  test.each([
    '三十多个工人被拖欠了半年工资，明天准备去厂门口拉横幅',
    '全厂工人都没拿到年终奖，大家都不想干了',
    '我们车间二十几个人的加班费都没算',
    '工人们商量好明天一起罢工，老板再不发工资就堵门',
  ])('mass ← %s', (text) => {
    expect(classify(text).mass).toBe(true);
  });

  test.each([
    '我们宿舍住了三十个人，太挤了',
    '公司有两百多名员工，但是一直没有工会',
    '老板拖欠我一个人的工资',
    '公司因为没订单决定停工一个月',
    '我们是大集体企业的退休职工，养老金怎么算',
  ])('not mass ← %s', (text) => {
    expect(classify(text).mass).toBe(false);
  });

  test.each([
    '不给钱我就从楼顶跳下去',
    '再拖下去我就跟老板同归于尽',
    '工友爬上塔吊讨薪，说不给钱就不下来',
    '被开除了，实在活不下去了，想喝农药',
  ])('crisis ← %s', (text) => {
    expect(classify(text).crisis).toBe(true);
  });

  test.each([
    '这衣服跳楼价',
    '每天加班累死了',
    '气死了，老板又扣钱',
    '为了多挣点钱拼命干活',
    '大家都在拼命工作，工资却一直不涨',
    '笑死我了',
    '怕说出来被公司打击报复',
  ])('not crisis ← %s', (text) => {
    expect(classify(text).crisis).toBe(false);
  });

  test.each([
    ['我是饿了么骑手，站点扣我们的押金不退', true],
    ['开网约车的，平台抽成越来越高，司机怎么维权', true],
    ['在货拉拉上接单拉货，撞了车算不算工伤', true],
    ['在电子厂上班，老板拖欠工资', false],
  ] as const)('platform %s → %s', (text, platform) => {
    expect(classify(text).platform).toBe(platform);
  });

  test('a message that is not about labour carries no mass/platform flags', () => {
    const r = classify('我在美团上买的外卖有问题，商家不给退款，三十多个人都被坑了');
    expect(r).toMatchObject({ category: 'other', mass: false, platform: false });
  });
});

describe('classify: region', () => {
  const region = (text: string) => {
    const r = classify(text);
    return { city: r.city, district: r.district, town: r.town };
  };

  test('full names with codes', () => {
    const r = classify('我在佛山南海区狮山镇一家五金厂，老板拖欠三个月工资');
    expect(r).toMatchObject({
      city: '佛山市',
      district: '南海区',
      town: '狮山镇',
      cityCode: '440600',
      districtCode: '440605',
      townCode: '440605124',
    });
  });

  test.each([
    ['宝安沙井一家电子厂不交社保', { city: '深圳市', district: '宝安区', town: '沙井街道' }],
    ['番禺那边的制衣厂天天加班到半夜', { city: '广州市', district: '番禺区', town: null }],
    ['塘厦一家塑胶厂拖欠工资', { city: '东莞市', district: null, town: '塘厦镇' }],
    ['越秀区一家酒楼克扣工资', { city: '广州市', district: '越秀区', town: null }],
    ['南海狮山的厂子不交社保', { city: '佛山市', district: '南海区', town: '狮山镇' }],
    ['南海这边的铝材厂三个月没发工资', { city: '佛山市', district: '南海区', town: null }],
    ['中山小榄一家灯饰厂不给加班费', { city: '中山市', district: null, town: '小榄镇' }],
    ['深圳光明一家厂强制加班', { city: '深圳市', district: '光明区', town: null }],
  ] as const)('%s', (text, expected) => {
    expect(region(text)).toEqual(expected);
  });

  test('Dongguan towns hang directly under the city: no district code', () => {
    const r = classify('塘厦一家塑胶厂拖欠工资');
    expect(r).toMatchObject({ cityCode: '441900', districtCode: null, townCode: '441900116' });
  });

  test('an ambiguous short town name needs a city or district beside it', () => {
    // 狮山 is a town in 佛山南海 and a street in 珠海香洲.
    expect(region('我在狮山一家厂上班，老板不发工资')).toEqual({ city: null, district: null, town: null });
  });

  test('everyday words are not places', () => {
    for (const text of ['他这个人很高明，工资谈得很好', '空气清新的车间', '在中山路上的一家店打工', '我是保安，老板不给加班费', '前途一片光明']) {
      expect(region(text)).toEqual({ city: null, district: null, town: null });
    }
  });

  test('evidence names the words that gave the place', () => {
    const r = classify('宝安沙井一家电子厂不交社保');
    expect(r.evidence).toContainEqual({ field: 'region', value: '深圳市宝安区沙井街道', terms: ['宝安', '沙井'] });
  });
});

describe('classify: kind and employer', () => {
  test.each([
    ['请问试用期可以不交社保吗', 'consultation'],
    ['加班费怎么算？', 'consultation'],
    ['老板拖欠三个月工资，请工会帮我们讨回来', 'complaint'],
    ['越秀区一家餐饮店，老板两个月没发工资了', 'complaint'],
    ['建议工会在工业区多设几个户外驿站', 'suggestion'],
  ] as const)('%s → %s', (text, kind) => {
    expect(classify(text).kind).toBe(kind);
  });

  test.each([
    ['我在东莞市宏达电子有限公司上班，公司拖欠工资', '东莞市宏达电子有限公司'],
    ['在XX五金厂上班三年了，没签过合同', 'XX五金厂'],
    ['我在佛山南海区狮山镇一家五金厂，老板拖欠三个月工资', null],
    ['我们公司不交社保', null],
    ['我在南沙宏远五金厂上班，老板拖欠两个月工资', '南沙宏远五金厂'],
    ['深圳正规电子厂也不交社保吗', null],
    ['东莞普通电子厂一个月能拿多少', null],
    ['通过第三方劳务公司派到厂里上班', null],
    // Names jieba splits or mis-tags.
    ['我在天河区金鹏达物流公司上班，公司拖欠两个月工资', '天河区金鹏达物流公司'],
    ['在东莞市虎门镇金丰达服装厂做车位工', '东莞市虎门镇金丰达服装厂'],
    ['我在东莞塘厦一家叫恒达电子厂的工厂上班', '恒达电子厂'],
    ['顺丰快递公司扣我工资', '顺丰快递公司'],
    ['新锐37号塑胶厂拖欠工资', '新锐37号塑胶厂'],
    ['东莞兴达铝材厂拖欠工资三个月', '东莞兴达铝材厂'],
    // A name given after 叫 (called), with or without a suffix — not 叫 as "tell".
    ['我们厂叫永兴电子，拖欠工资两个月', '永兴电子'],
    ['我们单位叫做广州明达物流', '广州明达物流'],
    ['公司名叫宏图，老板跑了', '宏图'],
    ['公司叫员工签自愿放弃社保的协议', null],
    ['公司叫王总出面', null],
    ['公司叫阿明通知我们走人', null],
    ['公司叫保安把我们赶出去', null],
    // Pieces of a clause before 公司/厂 are not names.
    ['入职后公司一直不签合同', null],
    ['离职单上公司写明是自愿离职', null],
    ['请问可告公司吗', null],
    ['凡本公司员工都要加班', null],
    ['小王开工厂拖欠工资', null],
    ['朋友介绍我进厂上班', null],
    // A kind of business whose suffix swallows its last character (海鲜加工 + 厂, not 海鲜加 + 工厂).
    ['霞山区一个海鲜加工厂，老板扣工资', null],
    ['在第2分厂上班', null],
  ] as const)('employer of %s', (text, employer) => {
    expect(classify(text).employer).toBe(employer);
  });
});

describe('classify: evidence', () => {
  test('category and flag evidence lists the deciding words', () => {
    const r = classify('三十多个工人被拖欠了半年工资，明天准备去厂门口拉横幅');
    const byField = (field: string) => r.evidence.find((e) => e.field === field);
    expect(byField('category')).toMatchObject({ value: 'wages' });
    expect(byField('category')!.terms.join('')).toContain('拖欠');
    expect(byField('mass')!.terms).toEqual(expect.arrayContaining(['拉横幅', '三十多个工人']));
  });

  test('crisis evidence shows the threat', () => {
    const r = classify('不给钱我就从楼顶跳下去');
    expect(r.evidence.find((e) => e.field === 'crisis')!.terms).toContain('跳下去');
  });
});

describe('classify: bad input never throws', () => {
  const expectOther = (r: Classification) => {
    expect(r).toMatchObject({ category: 'other', mass: false, crisis: false, platform: false });
    expect(r.confidence).toBeLessThan(MIN_CONFIDENCE);
  };

  test.each([
    ['empty', ''],
    ['whitespace', '   \n\t  '],
    ['English', "My boss hasn't paid me for three months"],
    ['emoji', '😀😀😀'],
    ['control characters', '\u0000\u0001\u0002\u001f'],
  ])('%s', (_, text) => {
    expectOther(classify(text));
  });

  test('binary garbage', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expectOther(classify(bytes.toString('latin1')));
    expect(() => classify(bytes.toString('utf8'))).not.toThrow();
  });

  test('non-string values', () => {
    expectOther(classify(undefined as unknown as string));
    expectOther(classify(42 as unknown as string));
  });

  test('only the first 10,000 characters are read', () => {
    const filler = '今天天气不错。'.repeat(3000);
    expect(filler.length).toBeGreaterThan(20_000);
    expectOther(classify(filler));
    expect(classify(`${filler.slice(0, MAX_INPUT_CHARS)}老板拖欠工资`).category).toBe('other');
    expect(classify(`老板拖欠三个月工资${filler}`).category).toBe('wages');
  });
});
