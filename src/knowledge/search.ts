/**
 * BM25 over jieba words, in memory: the knowledge base is a few hundred articles at most, so the
 * index is simply rebuilt whenever an article changes (about 20 ms for 70 articles), and a query
 * takes well under a millisecond. Deterministic: the same articles and text give the same hits.
 */
import { wordSpans } from '../classification/segmenter';

/** What the index reads of an article. */
export interface Indexable {
  id: number;
  title: string;
  questions: readonly string[];
  answer: string;
  legalBasis: string;
}

export interface Hit<A> {
  article: A;
  score: number;
  /** The query's terms found in the article (canonical forms). */
  matchedTerms: string[];
}

export interface Ranking<A> {
  /** Best first; ties broken by article id so results are stable. */
  hits: Hit<A>[];
  /** Whether hits[0] answers the text confidently (see `isConfident`). */
  confident: boolean;
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/**
 * Function words, fillers and question words that say nothing about the topic. Single characters
 * here also remove the words jieba glues out of them alone (我要, 能要, 有没有).
 */
const STOP_WORDS = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '哦', '么', '哈', '啦', '着', '过', '地', '得',
  '我', '你', '您', '他', '她', '它', '咱', '我们', '你们', '他们', '她们', '大家', '自己', '人家',
  '是', '在', '和', '与', '及', '或', '也', '都', '就', '还', '又', '才', '很', '太', '更', '再',
  '这', '那', '这个', '那个', '这样', '那样', '这种', '那种', '什么', '怎么', '怎么办', '怎样', '如何',
  '为什么', '哪', '哪里', '哪些', '谁', '多少', '几', '请问', '你好', '您好', '谢谢', '一下', '一个',
  '有', '没', '不', '能', '会', '要', '想', '可', '可以', '应该', '需要', '是不是', '对', '给', '把',
  '被', '让', '从', '到', '向', '说', '问', '知道', '咨询', '现在', '已经', '如果', '但是', '因为',
  '所以', '而且', '然后', '还是', '或者', '请', '之', '其', '该', '等', '个', '啥', '咋', '呗',
]);

/**
 * Everyday variants folded into one form on both sides, so that a worker's word meets the
 * article's (双倍工资 / 二倍工资, 老板 / 公司 / 单位).
 */
const CANONICAL: Record<string, string> = {
  双倍: '二倍', 两倍: '二倍', 翻倍: '二倍', 欠: '拖欠', 欠薪: '拖欠',
  工钱: '工资', 薪水: '工资', 薪资: '工资', 人工: '工资', 薪酬: '工资',
  老板: '公司', 单位: '公司', 用人单位: '公司', 厂里: '公司', 工厂: '公司', 企业: '公司', 厂: '公司',
  社会保险: '社保', 离职: '辞职',
  炒鱿鱼: '辞退', 炒: '辞退', 开除: '辞退', 解雇: '辞退', 走人: '辞退', 裁掉: '辞退',
};

/**
 * Leave types jieba cuts in two (陪/产假, 育儿/假): joined back and kept whole, since 陪产假 is the
 * father's leave and must not read as 产假.
 */
const COMPOUNDS = new Set(['陪产假', '育儿假', '护理假']);

const MEANINGFUL = /[\p{L}\p{N}]/u;

const isStop = (word: string) => STOP_WORDS.has(word) || [...word].every((c) => STOP_WORDS.has(c));

/**
 * Nearly every question is about something the employer did not do, so a leading negation says
 * nothing: 不交 / 没交 / 不给交 all mean 交 here.
 */
const NEGATION = /^[不没未]+(?=.)/u;

/** jieba's words of the text, folded to canonical forms, without punctuation and stop words. */
export function words(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase();
  const cut = wordSpans(normal).map(([start, end]) => normal.slice(start, end).trim());
  const out: string[] = [];
  for (let i = 0; i < cut.length; i++) {
    const joined = cut[i] + (cut[i + 1] ?? '');
    const word = (COMPOUNDS.has(joined) ? (i++, joined) : cut[i]).replace(NEGATION, '');
    if (!word || !MEANINGFUL.test(word) || isStop(word)) continue;
    out.push(CANONICAL[word] ?? word);
  }
  return out;
}

/**
 * The index terms of a word: the word, plus the shorter words inside it that the corpus uses on
 * their own (加班费 → 加班, 最低工资 → 工资), so that a compound meets its parts either way round.
 */
function termsOf(word: string, vocabulary: ReadonlySet<string>): string[] {
  const terms = [word];
  if (COMPOUNDS.has(word)) return terms;
  for (let len = word.length - 1; len >= 2; len--) {
    for (let at = 0; at + len <= word.length; at++) {
      const part = word.slice(at, at + len);
      if (vocabulary.has(part) && !terms.includes(part)) terms.push(part);
    }
  }
  return terms;
}

// ---------------------------------------------------------------------------------------------
// Index
// ---------------------------------------------------------------------------------------------

/** Where a match counts most: the article's title and question variants say what it is about. */
const FIELD_WEIGHTS = { title: 3, questions: 2, answer: 0.5, legalBasis: 0.25 } as const;
type Field = keyof typeof FIELD_WEIGHTS;

/** The usual BM25 constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

/**
 * The confidence rule. hits[0] answers the text confidently only when all of these hold:
 *
 * - COVERAGE: the IDF-weighted share of the query's words (with their parts) that the article
 *   contains must reach one half. A word no article uses counts UNKNOWN_WORD_WEIGHT times the rarest
 *   word's weight: it is the surest sign the question is about something else (房东不退押金 shares 押金
 *   and 退 with the deposit article, but 房东 outweighs them; 离婚孩子归谁 shares only 孩子).
 * - MIN_DISTINCTIVE_TERMS: at least two matched words that are not in most articles (at most
 *   DISTINCTIVE_MAX_DF of them), so one shared word (工资, 公司) never decides; a compound and its
 *   part count separately (加班费, 加班).
 * - MARGIN: the best article scores at least 1.2 times the second, so that when two articles
 *   compete (公司辞退我要赔多少: 经济补偿 or 违法解除赔偿金) a person chooses.
 *
 * An answer given at first contact closes the worker's matter, so a doubtful match must go to a
 * person. The values were set on worker questions written for the purpose (and on non-labour ones
 * that must not be answered): with them no non-labour question was answered, and the confident
 * answers were the right article or one that answers the question as well.
 */
export const CONFIDENCE = {
  COVERAGE: 0.5, UNKNOWN_WORD_WEIGHT: 2, MIN_DISTINCTIVE_TERMS: 2, DISTINCTIVE_MAX_DF: 0.5, MARGIN: 1.2,
} as const;

interface Posting {
  doc: number;
  /** Field-weighted term frequency. */
  tf: number;
}

/**
 * Two words in a row, kept in order: they tell 加班费怎么算 from 按底薪算加班费, which share their
 * words. Pairs only add to the score; coverage and distinctiveness are judged on single words.
 */
const pair = (a: string, b: string) => `${a} ${b}`;

export class KnowledgeIndex<A extends Indexable> {
  private readonly articles: readonly A[];
  private readonly vocabulary = new Set<string>();
  private readonly postings = new Map<string, Posting[]>();
  private readonly lengths: number[] = [];
  private readonly averageLength: number;

  constructor(articles: readonly A[]) {
    this.articles = [...articles].sort((a, b) => a.id - b.id);
    // Each field as runs of words; pairs never span two runs (two question variants).
    const runs = this.articles.map((a): Record<Field, string[][]> => ({
      title: [words(a.title)],
      questions: a.questions.map(words),
      answer: [words(a.answer)],
      legalBasis: [words(a.legalBasis)],
    }));
    for (const doc of runs) for (const field of Object.values(doc)) for (const run of field) for (const w of run) this.vocabulary.add(w);

    runs.forEach((doc, index) => {
      const tf = new Map<string, number>();
      const add = (term: string, weight: number) => tf.set(term, (tf.get(term) ?? 0) + weight);
      let length = 0;
      for (const field of Object.keys(FIELD_WEIGHTS) as Field[]) {
        const weight = FIELD_WEIGHTS[field];
        for (const run of doc[field]) {
          run.forEach((word, i) => {
            length += weight;
            for (const term of termsOf(word, this.vocabulary)) add(term, weight);
            if (i > 0) add(pair(run[i - 1], word), weight);
          });
        }
      }
      this.lengths.push(length);
      for (const [term, freq] of tf) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc: index, tf: freq });
        this.postings.set(term, list);
      }
    });
    this.averageLength = this.lengths.reduce((sum, n) => sum + n, 0) / Math.max(1, this.lengths.length);
  }

  /** The best `limit` articles for the text, among those `accept` lets through. */
  search(text: string, limit = 10, accept: (article: A) => boolean = () => true): Hit<A>[] {
    return this.rank(text, limit, accept).hits;
  }

  /** The best article only when it answers the text confidently, else null. */
  bestAnswer(text: string, accept: (article: A) => boolean = () => true): Hit<A> | null {
    const { hits, confident } = this.rank(text, 1, accept);
    return confident ? hits[0] : null;
  }

  /** The best `limit` articles and whether the first one is a confident answer. */
  rank(text: string, limit: number, accept: (article: A) => boolean = () => true): Ranking<A> {
    const query = words(text);
    const terms = new Set<string>();
    for (const word of query) for (const term of termsOf(word, this.vocabulary)) terms.add(term);
    const pairs = new Set(query.slice(1).map((word, i) => pair(query[i], word)));

    const scores = new Map<number, { score: number; matched: string[] }>();
    for (const term of [...terms, ...pairs]) {
      const list = this.postings.get(term) ?? [];
      const idf = this.idf(list.length);
      for (const { doc, tf } of list) {
        if (!accept(this.articles[doc])) continue;
        const norm = K1 * (1 - B + (B * this.lengths[doc]) / this.averageLength);
        const entry = scores.get(doc) ?? { score: 0, matched: [] };
        entry.score += (idf * tf * (K1 + 1)) / (tf + norm);
        if (terms.has(term)) entry.matched.push(term);
        scores.set(doc, entry);
      }
    }
    const ranked = [...scores.entries()]
      .map(([doc, { score, matched }]) => ({ article: this.articles[doc], score, matchedTerms: matched }))
      .sort((a, b) => b.score - a.score || a.article.id - b.article.id);
    return { hits: ranked.slice(0, Math.max(0, limit)), confident: this.isConfident([...terms], ranked) };
  }

  private isConfident(terms: string[], ranked: Hit<A>[]): boolean {
    const [best, second] = ranked;
    if (!best) return false;
    const df = (term: string) => this.postings.get(term)?.length ?? 0;
    const matched = new Set(best.matchedTerms);
    const weight = (t: string) => (df(t) ? this.idf(df(t)) : CONFIDENCE.UNKNOWN_WORD_WEIGHT * this.idf(0));
    const total = terms.reduce((sum, t) => sum + weight(t), 0);
    const covered = terms.filter((t) => matched.has(t)).reduce((sum, t) => sum + weight(t), 0);
    const distinctive = best.matchedTerms.filter((t) => df(t) <= CONFIDENCE.DISTINCTIVE_MAX_DF * this.articles.length).length;
    return covered / total >= CONFIDENCE.COVERAGE
      && distinctive >= CONFIDENCE.MIN_DISTINCTIVE_TERMS
      && (!second || best.score >= CONFIDENCE.MARGIN * second.score);
  }

  /** BM25's IDF; a term no article has gets the highest weight there is. */
  private idf(documentFrequency: number): number {
    const n = this.articles.length;
    return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }
}
