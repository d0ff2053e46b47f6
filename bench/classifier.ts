/**
 * Classifier throughput: messages per second over a corpus generated from templates (our own
 * wording, not the evaluation data), after warm-up.
 *
 * Usage: npx tsx bench/classifier.ts [messages, default 20000]
 */
import { classify } from '../src/classification/classifier';

const COUNT = Number(process.argv[2] ?? 20_000);
const TEMPLATES = [
  '我在{p}一家{e}上班，老板拖欠我们{n}个月工资了，请工会帮帮忙',
  '{p}的{e}不给我们交社保，已经{n}个月了，怎么办',
  '在{p}送外卖，站点扣了我{n}百块钱押金不退',
  '我在{p}工地受伤了，老板不给报工伤，已经{n}周了',
  '公司在{p}，加班费按最低工资算，连续{n}个月每天加班三小时',
  '怀孕{n}个月，{e}要把我调到夜班，不去就辞退',
  '{p}{e}的{n}十多个工人明天准备去厂门口拉横幅讨薪',
  '请问年假怎么算，我工作满{n}年了',
  '没签劳动合同{n}个月，能要双倍工资吗',
  '离婚后孩子的抚养费怎么算',
];
const PLACES = ['广州天河区', '佛山南海区狮山镇', '东莞塘厦', '深圳宝安沙井', '番禺', '中山小榄镇', '江门', '惠州惠城区'];
const EMPLOYERS = ['五金厂', '电子厂', '物流公司', '餐饮店', '建筑公司', '服装厂'];

const corpus = Array.from({ length: COUNT }, (_, i) =>
  TEMPLATES[i % TEMPLATES.length]
    .replace('{p}', PLACES[i % PLACES.length])
    .replace('{e}', EMPLOYERS[i % EMPLOYERS.length])
    .replace('{n}', String((i % 9) + 1)));

for (const text of corpus.slice(0, 500)) classify(text); // warm-up: dictionaries and JIT
const started = process.hrtime.bigint();
for (const text of corpus) classify(text);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`| classifier | ${COUNT} messages | ${(ms / COUNT).toFixed(3)} ms/message | ${((COUNT / ms) * 1000).toFixed(0)} messages/s |`);
