import { locate } from './gazetteer';
import { tag, type Tagged } from './segmenter';
import {
  CATEGORY_TERMS,
  CRISIS_TERMS,
  DESCRIPTIVE_WORDS,
  EMPLOYER_NAME_TAGS,
  EMPLOYER_PROPER_TAGS,
  EMPLOYER_SUFFIXES,
  GENERIC_EMPLOYER,
  HEADCOUNT,
  HEADCOUNT_CATEGORIES,
  INTERVENTION_CUES,
  MATCH_ORDER,
  LABOUR_CONTEXT,
  MASS_MIN_PEOPLE,
  MASS_TERMS,
  NON_LABOUR_TERMS,
  OFF_DUTY,
  PLATFORM_TERMS,
  QUESTION_CUES,
  SUGGESTION_CUES,
  TIE_ORDER,
  type Category,
  type LabourCategory,
  type Term,
} from './vocabulary';

export type { Category } from './vocabulary';
export type Kind = 'consultation' | 'complaint' | 'suggestion';

export interface Evidence {
  field: 'category' | 'mass' | 'crisis' | 'platform' | 'region' | 'employer' | 'kind';
  value: string;
  terms: string[];
}

export interface Classification {
  category: Category;
  mass: boolean;
  crisis: boolean;
  platform: boolean;
  city: string | null;
  district: string | null;
  town: string | null;
  cityCode: string | null;
  districtCode: string | null;
  townCode: string | null;
  employer: string | null;
  kind: Kind;
  /** 0..1 confidence in the category. */
  confidence: number;
  evidence: Evidence[];
}

export const MAX_INPUT_CHARS = 10_000;
/** Below this confidence the category is 'other' so that a person reads the message. */
export const MIN_CONFIDENCE = 0.3;
/** A labour category needs at least this much evidence (one strong term, or two supporting ones). */
const MIN_SCORE = 2;
/** Each distinct workplace word adds this much in favour of labour when everyday matters compete. */
const CONTEXT_WEIGHT = 1;
const MAX_CONTEXT = 3;
/** Core maternity/harassment or work-injury terms decide the category under LABELS.md tie-break rules. */
const WOMEN_DECISIVE = 5;
const INJURY_DECISIVE = 5;
const MAX_EMPLOYER_CHARS = 20;
const WORKPLACE_SIZE = /^(左右)?的(小|大)?(厂|公司|企业|单位|工厂|工地|车间|店)/;
/** Unknown words that start like a clause (但原…, 在那…, 可告…) are not names. */
const FUNCTION_CHAR = /[但原在于把被给让叫和与或及跟向从对为因由经以所之而也就都还又才我你他她它这那该本某可能会要想非]/;
/** Verbs that join a person to a workplace (小王开工厂, 老乡进厂): never the tail of a name. */
const LINKING_VERBS = '开办进到去来在做干管当是给';
/**
 * …nor those that end on a place word (jieba's leftovers of 入职后, 离职单上), on "this" (凡本公司) or on such a verb
 * (小王开 + 工厂).
 */
const NOT_NAME_END = new RegExp(`[上下后前中里内时的了本该此${LINKING_VERBS}]$`);
/** Verbs that give a workplace's name after a word for the workplace (我们厂叫…, 公司名叫…). */
const NAMING_VERBS: ReadonlySet<string> = new Set(['叫', '叫做', '名叫']);
const WORKPLACE_WORD = /^(公司|工厂|厂|单位|企业|店|厂名|公司名)$/;
/** A plot or building number in a name: 37号 (or 37, then 号). */
const PLOT_NUMBER = /^[0-9]+号?$/;
/** jieba's tags for people's names. */
const PERSON_TAGS = /^(nr|nrfg|nrt)$/;

type Label = LabourCategory | 'nonLabour';
interface Rule {
  label: Label;
  pattern: string | RegExp;
  weight: number;
}
interface Hit {
  label: Label;
  term: string;
  weight: number;
}

/** Regular expressions first (in table order), then plain words longest first: see vocabulary.ts. */
const RULES: Rule[] = (() => {
  const all: Rule[] = [];
  const add = (label: Label, terms: readonly Term[]) => {
    for (const [pattern, weight] of terms) all.push({ label, pattern, weight });
  };
  for (const c of MATCH_ORDER) add(c, CATEGORY_TERMS[c]);
  add('nonLabour', NON_LABOUR_TERMS);
  const regexes = all.filter((r) => r.pattern instanceof RegExp);
  const words = all.filter((r) => typeof r.pattern === 'string');
  words.sort((a, b) => (b.pattern as string).length - (a.pattern as string).length);
  return [...regexes, ...words];
})();

const MASK = '\u0000';

/** Finds every rule in the text; a matched span is masked so shorter rules cannot reuse it. */
function matchRules(text: string): Hit[] {
  let masked = text;
  const hits: Hit[] = [];
  for (const rule of RULES) {
    const spans: Array<[number, number]> = [];
    if (typeof rule.pattern === 'string') {
      const len = rule.pattern.length;
      for (let at = masked.indexOf(rule.pattern); at >= 0; at = masked.indexOf(rule.pattern, at + len)) spans.push([at, len]);
    } else {
      rule.pattern.lastIndex = 0;
      for (const m of masked.matchAll(rule.pattern)) if (m[0].length > 0 && !m[0].includes(MASK)) spans.push([m.index, m[0].length]);
    }
    if (spans.length === 0) continue;
    hits.push({ label: rule.label, term: masked.substr(spans[0]![0], spans[0]![1]), weight: rule.weight });
    let rebuilt = '';
    let from = 0;
    for (const [at, len] of spans) {
      rebuilt += masked.slice(from, at) + MASK.repeat(len);
      from = at + len;
    }
    masked = rebuilt + masked.slice(from);
  }
  return hits;
}

/** NFKC folds full-width digits and letters; control and replacement characters are noise from bad input. */
function normalise(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : '';
  return text
    .slice(0, MAX_INPUT_CHARS)
    .normalize('NFKC')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const HAN = /\p{Script=Han}/u;

function emptyResult(): Classification {
  return {
    category: 'other',
    mass: false,
    crisis: false,
    platform: false,
    city: null,
    district: null,
    town: null,
    cityCode: null,
    districtCode: null,
    townCode: null,
    employer: null,
    kind: 'consultation',
    confidence: 0,
    evidence: [],
  };
}

interface CategoryDecision {
  category: Category;
  confidence: number;
  terms: string[];
}

function decideCategory(text: string, hits: Hit[]): CategoryDecision {
  const score = new Map<Label, number>();
  for (const h of hits) score.set(h.label, (score.get(h.label) ?? 0) + h.weight);

  // A non-work injury is a sick-leave question (医疗期), unless the text itself says work injury.
  if (OFF_DUTY.test(text) && !/工伤|公伤/.test(text)) {
    score.set('hours_leave', (score.get('hours_leave') ?? 0) + (score.get('injury') ?? 0));
    score.delete('injury');
  }

  const ranked = TIE_ORDER.map((c) => ({ c, s: score.get(c) ?? 0 })).sort((a, b) => b.s - a.s);
  let top = ranked[0]!;
  const decisive = (c: LabourCategory, weight: number) =>
    score.has(c) && hits.some((h) => h.label === c && h.weight >= weight);
  // LABELS.md: pregnancy dismissal -> women; a work injury the employer refuses to pay -> injury.
  if (top.c !== 'injury' && decisive('women', WOMEN_DECISIVE)) top = { c: 'women', s: score.get('women')! };
  else if (top.c !== 'women' && decisive('injury', INJURY_DECISIVE)) top = { c: 'injury', s: score.get('injury')! };
  const second = ranked.find((r) => r.c !== top.c)!.s;

  const nonLabour = score.get('nonLabour') ?? 0;
  const context = Math.min(MAX_CONTEXT, LABOUR_CONTEXT.filter((w) => text.includes(w)).length) * CONTEXT_WEIGHT;
  const termsOf = (label: Label) =>
    hits
      .filter((h) => h.label === label)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, 5)
      .map((h) => h.term);
  const saturate = (s: number) => s / (s + 1.5);

  if (top.s < MIN_SCORE || nonLabour >= top.s + context) {
    const confidence = nonLabour > 0 ? (nonLabour / (nonLabour + top.s)) * saturate(nonLabour) : 0.1;
    return { category: 'other', confidence: round(confidence), terms: termsOf('nonLabour') };
  }
  const confidence = round((top.s / (top.s + second + nonLabour)) * saturate(top.s));
  if (confidence < MIN_CONFIDENCE) return { category: 'other', confidence, terms: termsOf(top.c) };
  return { category: top.c, confidence, terms: termsOf(top.c) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Chinese numerals as used for head counts: 十, 三十, 二十几, 一百多, 上百, 几十, 八百. */
function chineseCount(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const digit: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 几: 2, 数: 2, 上: 1 };
  const unit: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
  let total = 0;
  let pending = 0;
  for (const ch of s) {
    if (ch in unit) {
      total += (pending || 1) * unit[ch]!;
      pending = 0;
    } else pending = digit[ch] ?? 0;
  }
  return total + pending;
}

function findAll(patterns: readonly RegExp[], text: string): string[] {
  const found: string[] = [];
  for (const p of patterns) {
    p.lastIndex = 0;
    for (const m of text.matchAll(p)) found.push(m[0]);
  }
  return found;
}

function detectMass(text: string, category: Category): string[] {
  const terms = findAll(MASS_TERMS, text);
  if (HEADCOUNT_CATEGORIES.has(category)) {
    HEADCOUNT.lastIndex = 0;
    for (const m of text.matchAll(HEADCOUNT)) {
      // "一个三百多人的厂" gives the size of the workplace, not the number of people in the dispute.
      const sizeOfWorkplace = WORKPLACE_SIZE.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4));
      if (chineseCount(m[1]!) >= MASS_MIN_PEOPLE && !sizeOfWorkplace) terms.push(m[0]);
    }
  }
  return terms;
}

/**
 * Walks back from an organisation noun over the nouns and names jieba finds before it
 * (深圳|华为技术有限公司, 东莞市|宏达|电子|有限公司). A verb, pronoun or measure word (在, 我们, 一家) ends
 * the name. Without a proper name in it (一家五金厂, 物流公司, 佛山五金厂, 东莞正规电子厂) it is a
 * description: null. Failing that, a workplace's name given after 叫 (我们厂叫永兴电子).
 */
function detectEmployer(text: string, placeTerms: readonly string[]): string | null {
  if (!text.includes('叫') && !EMPLOYER_SUFFIXES.some((s) => text.includes(s))) return null;
  const words = tag(text);
  for (let i = 0; i < words.length; i++) {
    const suffix = EMPLOYER_SUFFIXES.find((s) => words[i]!.word.endsWith(s));
    if (!suffix) continue;
    let core = words[i]!.word.slice(0, -suffix.length);
    let named = core.length > 0 && EMPLOYER_PROPER_TAGS.test(words[i]!.tag);
    for (let j = i - 1; j >= 0 && core.length < MAX_EMPLOYER_CHARS; j--) {
      const part = namePart(words, j, placeTerms);
      if (!part) break;
      core = part.text + core;
      named ||= part.named;
      j -= (part.words ?? 1) - 1;
      if (part.last) break;
    }
    if (named && core.length <= MAX_EMPLOYER_CHARS && isParticular(core + suffix)) return core + suffix;
  }
  return calledName(words, placeTerms);
}

/**
 * How the word at `j` before an employer's suffix belongs to its name, read right to left: `named`
 * if it makes the employer a particular one, `last` if the name starts inside it, `words` if it
 * takes the words before it too. Null ends the name.
 */
function namePart(words: readonly Tagged[], j: number, placeTerms: readonly string[]): NamePart | null {
  const [w, before] = [words[j]!, words[j - 1]];
  // "一家叫恒达电子厂": jieba glues the naming verb to the unknown name after it.
  if (w.tag === 'x' && w.word[0] === '叫' && isUnknownName(w.word.slice(1), 'x')) return { text: w.word.slice(1), named: true, last: true };
  // Shop names are often auspicious words jieba reads as adjectives (宏远, 辉煌).
  if (w.tag === 'a' && w.word.length >= 2) return { text: w.word, named: !DESCRIPTIVE_WORDS.has(w.word) };
  // A trade word is part of the name whatever jieba makes of it (顺丰快递公司: 快递 as a verb).
  if (w.word.length >= 2 && GENERIC_EMPLOYER.test(w.word)) return { text: w.word, named: false };
  // A plot or building number (新锐37号塑胶厂) belongs to the name but names no one by itself.
  if (w.tag === 'm' && (PLOT_NUMBER.test(w.word) || (w.word === '号' && /^[0-9]+$/.test(before?.word ?? '')))) return { text: w.word, named: false };
  if (isNameVerb(w) && before) {
    // One character jieba split off a name as a verb (金鹏达: 金鹏 + 达)…
    if (namesOne(before, placeTerms)) return { text: w.word, named: false };
    // …or a name it split into two such verbs, right after the place (东莞|兴|达|铝材厂).
    const place = words[j - 2];
    if (isNameVerb(before) && place && placeTerms.includes(place.word)) return { text: before.word + w.word, named: true, words: 2 };
  }
  const named = namesOne(w, placeTerms);
  return named || EMPLOYER_NAME_TAGS.test(w.tag) ? { text: w.word, named } : null;
}

interface NamePart {
  text: string;
  named: boolean;
  last?: boolean;
  /** Words it stands for, counting back from `j`: 1 unless stated. */
  words?: number;
}

/**
 * "我们厂叫永兴电子", "公司名叫宏图": a workplace word, a naming verb and the name after it, suffix or
 * not. 名叫 and 叫做 only ever name. 叫 also means "tell" (公司叫员工签字, 公司叫王总出面), so after it
 * a name counts only if a proper name other than a person's makes it (as before a suffix), and it
 * reads as a whole: it ends the clause, or carries a suffix or a trade word.
 */
function calledName(words: readonly Tagged[], placeTerms: readonly string[]): string | null {
  for (let i = 1; i < words.length; i++) {
    const verb = words[i]!.word;
    if (!NAMING_VERBS.has(verb) || !WORKPLACE_WORD.test(words[i - 1]!.word)) continue;
    const onlyNames = verb !== '叫';
    let [name, named, whole] = ['', false, onlyNames];
    let j = i + 1;
    for (; j < words.length && name.length < MAX_EMPLOYER_CHARS; j++) {
      const w = words[j]!;
      const proper = namesOne(w, placeTerms) && !PERSON_TAGS.test(w.tag);
      const trade = w.word.length >= 2 && GENERIC_EMPLOYER.test(w.word);
      if (w.tag === 'a' && w.word.length >= 2) named ||= !DESCRIPTIVE_WORDS.has(w.word);
      else if (proper || trade) named ||= proper;
      else if (EMPLOYER_NAME_TAGS.test(w.tag) || PLOT_NUMBER.test(w.word)) named ||= onlyNames && !placeTerms.includes(w.word);
      else break;
      name += w.word;
      whole ||= trade;
      if (EMPLOYER_SUFFIXES.some((s) => w.word.endsWith(s))) {
        whole = true;
        break;
      }
    }
    whole ||= j >= words.length || !/[\p{Script=Han}A-Za-z0-9]/u.test(words[j]!.word);
    if (named && whole && name.length >= 2 && name.length <= MAX_EMPLOYER_CHARS && isParticular(name)) return name;
  }
  return null;
}

/** Not a description: something is left once a suffix and the trade words are taken off (海鲜加工|厂, not 海鲜加|工厂). */
function isParticular(name: string): boolean {
  return !GENERIC_EMPLOYER.test(name) && !EMPLOYER_SUFFIXES.some((s) => name.endsWith(s) && GENERIC_EMPLOYER.test(name.slice(0, -s.length)));
}

/** A single character jieba tagged as a verb that may still be a piece of a name (not 在, 的, 开…). */
function isNameVerb(w: Tagged): boolean {
  return w.tag === 'v' && w.word.length === 1 && !NOT_NAME_END.test(w.word) && !FUNCTION_CHAR.test(w.word);
}

/** A proper or unknown name, not a place the gazetteer already read (佛山 says where, not who). */
function namesOne(w: Tagged, placeTerms: readonly string[]): boolean {
  if (DESCRIPTIVE_WORDS.has(w.word)) return false;
  return isUnknownName(w.word, w.tag) || (EMPLOYER_PROPER_TAGS.test(w.tag) && !placeTerms.includes(w.word));
}

/** jieba tags unknown words (often names: 恒大, 丰速运) as x, like punctuation and its leftovers. */
function isUnknownName(word: string, tagName: string): boolean {
  return tagName === 'x' && word.length > 0 && /^[\p{Script=Han}A-Za-z0-9]+$/u.test(word) && !FUNCTION_CHAR.test(word[0]!) && !NOT_NAME_END.test(word);
}

function detectKind(text: string, category: Category): { kind: Kind; terms: string[] } {
  const first = (p: RegExp) => p.exec(text)?.[0];
  const suggestion = first(SUGGESTION_CUES);
  if (suggestion) return { kind: 'suggestion', terms: [suggestion] };
  const intervention = first(INTERVENTION_CUES);
  if (intervention && category !== 'other') return { kind: 'complaint', terms: [intervention] };
  const question = first(QUESTION_CUES);
  if (question || category === 'other') return { kind: 'consultation', terms: question ? [question] : [] };
  // A grievance stated without any question is a report asking for action.
  return { kind: 'complaint', terms: [] };
}

/** Classifies one hotline message. Pure and deterministic; never throws. */
export function classify(raw: string): Classification {
  try {
    return classifyText(normalise(raw));
  } catch {
    return emptyResult();
  }
}

function classifyText(text: string): Classification {
  if (!HAN.test(text)) return emptyResult();

  const hits = matchRules(text);
  const decision = decideCategory(text, hits);
  const labour = decision.category !== 'other';
  const evidence: Evidence[] = [];
  if (decision.terms.length > 0) evidence.push({ field: 'category', value: decision.category, terms: decision.terms });

  // LABELS.md: a message that is not about labour carries no flags — except a threat to life, which a
  // person must always see, whatever the topic.
  const massTerms = labour ? detectMass(text, decision.category) : [];
  const crisisTerms = findAll(CRISIS_TERMS, text);
  const platformTerms = labour ? findAll([PLATFORM_TERMS], text) : [];
  if (massTerms.length) evidence.push({ field: 'mass', value: 'true', terms: unique(massTerms) });
  if (crisisTerms.length) evidence.push({ field: 'crisis', value: 'true', terms: unique(crisisTerms) });
  if (platformTerms.length) evidence.push({ field: 'platform', value: 'true', terms: unique(platformTerms) });

  const region = locate(text);
  if (region.terms.length) {
    const where = [region.city, region.district, region.town].filter((x) => x !== null).join('');
    evidence.push({ field: 'region', value: where, terms: region.terms });
  }
  const employer = detectEmployer(text, region.terms);
  if (employer) evidence.push({ field: 'employer', value: employer, terms: [employer] });
  const { kind, terms: kindTerms } = detectKind(text, decision.category);
  if (kindTerms.length) evidence.push({ field: 'kind', value: kind, terms: kindTerms });

  return {
    category: decision.category,
    mass: massTerms.length > 0,
    crisis: crisisTerms.length > 0,
    platform: platformTerms.length > 0,
    city: region.city,
    district: region.district,
    town: region.town,
    cityCode: region.cityCode,
    districtCode: region.districtCode,
    townCode: region.townCode,
    employer,
    kind,
    confidence: decision.confidence,
    evidence,
  };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)].slice(0, 5);
}
