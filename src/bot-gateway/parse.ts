/**
 * Reading a worker's short chat replies: phone numbers, head counts, yes or no, order numbers and
 * the few words that work as commands. Pure; anything not understood gives null.
 */
import { HEADCOUNT } from '../classification/vocabulary';

/** Full-width folded, lower case, without spaces, punctuation and trailing particles (好的呀 → 好的). */
export function compact(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .replace(/[啊呀吧哦噢呢啦嘛哈]+$/u, '');
}

const words = (...list: string[]) => new Set(list);

const COMMANDS = {
  list: words('我的工单', '查进度', '查询进度', '进度', '查询', '查工单', '查询工单', '工单', '我的投诉'),
  complain: words('投诉', '我要投诉', '举报', '我要举报', '投诉举报'),
  consult: words('咨询', '我要咨询', '法律咨询'),
  person: words('转人工', '人工', '人工客服', '人工服务', '找律师', '律师', '转律师', '我要找律师'),
  cancel: words('取消', '不投诉了', '算了', '不用了', '退出', '结束'),
  help: words('帮助', '菜单', 'help', '你好', '您好', '在吗', '在么', '在不在', 'hi', 'hello', '哈喽'),
  thanks: words('谢谢', '谢谢你', '谢谢您', '感谢', '多谢', '谢了', '好的', '知道了', '收到', '明白了', '明白', '懂了', '好'),
} as const;

export type Command = keyof typeof COMMANDS;

/** The command a whole reply amounts to (a sentence that merely contains 投诉 is not one). */
export function commandOf(text: string): Command | null {
  const t = compact(text);
  for (const [command, set] of Object.entries(COMMANDS)) if (set.has(t)) return command as Command;
  // "谢谢你们的帮助", "辛苦了，谢谢": a short thank-you, not a question.
  return t.length <= 12 && /谢|辛苦/.test(t) && !/[吗么呢?？]/.test(text) ? 'thanks' : null;
}

const UNSOLVED = /没有?解决|未解决|不能解决|解决不了|没有?用|不明白|不清楚|看不懂|没听懂|还是不懂|^没有$|^不行$/;
const SOLVED = /解决了|有用|明白了|清楚了|懂了|知道了/;
/** Longer messages are new questions, even when they say 不明白 somewhere. */
const SHORT_REPLY = 16;

const shortReplyMatches = (pattern: RegExp, text: string) => {
  const t = compact(text);
  return t.length <= SHORT_REPLY && pattern.test(t);
};

/** After an answer: "that did not solve it", or asking for a person outright. */
export const isUnsolved = (text: string) => shortReplyMatches(UNSOLVED, text) || commandOf(text) === 'person';
/** After an answer: "solved", "thanks", "yes". */
export const isSolved = (text: string) =>
  !isUnsolved(text) && (shortReplyMatches(SOLVED, text) || commandOf(text) === 'thanks' || parseYesNo(text) === 'yes');

const YES = words('是', '是的', '对', '对的', '好', '好的', '确认', '确定', '可以', '行', '没问题', '没错', '嗯', '嗯嗯', 'ok', 'yes', 'y', '提交', '确认提交', '同意', '正确');
const NO = words('不', '不是', '不是的', '否', '不对', '错了', '有误', '不行', '不可以', '修改', '要修改', '改', '改一下', '改一改', 'no', 'n');

export function parseYesNo(text: string): 'yes' | 'no' | null {
  const t = compact(text);
  return YES.has(t) ? 'yes' : NO.has(t) ? 'no' : null;
}

const UNKNOWN = words('不知道', '不清楚', '不记得', '忘了', '不确定', '不晓得', '不知', '没有', '无', '跳过');

/** "I don't know" to a question: the answer stays empty. */
export const dontKnow = (text: string) => UNKNOWN.has(compact(text));

/** Declining to leave a phone number: the complaint is filed anonymously. */
export function wantsAnonymous(text: string): boolean {
  return /匿名|不留|不想留|不方便|不用留|不要留|不给|保密|不公开/.test(text) || words('不用', '不要', '不了', '跳过', '没有', '无').has(compact(text));
}

/** A mobile (11 digits) or a landline with its area code, written any common way (+86, spaces, dashes). */
export function parsePhone(text: string): string | null {
  const digits = text.normalize('NFKC').replace(/[\s\-—－()（）]/g, '').replace(/\+?86(?=1\d{10}(?!\d))/g, '');
  return /(?<!\d)1[3-9]\d{9}(?!\d)/.exec(digits)?.[0] ?? /(?<!\d)0\d{2,3}\d{7,8}(?!\d)/.exec(digits)?.[0] ?? null;
}

/** An order number anywhere in the text, however it was spaced: GD-20260302-000001. */
export function orderNumberIn(text: string): string | null {
  const m = /GD\s*-?\s*(\d{8})\s*-?\s*(\d{6})/i.exec(text.normalize('NFKC'));
  return m ? `GD-${m[1]}-${m[2]}` : null;
}

const NUMERAL = '(\\d+|[零〇一二两三四五六七八九十百千万几数上]+)';
const BARE_COUNT = new RegExp(`^(我们)?(大概|大约|约|差不多|有|共|一共|总共)?${NUMERAL}(多|余|来|几)?(个|名|位)?(左右|上下)?(人|工人|员工|同事|工友)?$`);
const ONLY_ME = /就我|只有我|只我|我一个|我自己|本人一个|就一个人|一个人/;

/**
 * How many workers a reply speaks of: "就我一个" → 1, "三十多个工人" → 30, a bare "20" or
 * "二十来个" → 20 (几 counts as 2, as the classifier reads it). Null when it names no number.
 */
export function parseHeadcount(text: string): number | null {
  const t = text.normalize('NFKC');
  if (ONLY_ME.test(t) && !t.includes('我们')) return 1;
  for (const m of t.matchAll(HEADCOUNT)) {
    const n = chineseNumber(m[1]!);
    if (n > 0) return n;
  }
  const bare = BARE_COUNT.exec(compact(t));
  return bare ? chineseNumber(bare[3]!) || null : null;
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 几: 2, 数: 2, 上: 1 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "30", "三十", "一百二十", "十几", "上百", "两万"; 0 when it is not a number. */
export function chineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let section = 0;
  let pending = 0;
  for (const ch of s) {
    if (ch === '万') {
      total += (section + pending || 1) * 10_000;
      [section, pending] = [0, 0];
    } else if (ch in UNIT) {
      section += (pending || 1) * UNIT[ch]!;
      pending = 0;
    } else if (ch in DIGIT) pending = DIGIT[ch]!;
    else return 0;
  }
  return total + section + pending;
}
