import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';

/** jieba's bundled dictionary file (word, frequency, part-of-speech tag per line). */
const DICT_PATH = require.resolve('@node-rs/jieba/dict.txt');

let jieba: Jieba | undefined;

function dictBytes(): Buffer {
  return readFileSync(DICT_PATH);
}

/** Loading the dictionary takes ~170 ms, so it happens once per process and only when first needed. */
function instance(): Jieba {
  jieba ??= Jieba.withDict(dictBytes());
  return jieba;
}

/** A word with its part-of-speech tag (n noun, ns place, nz proper noun, v verb, m numeral...). */
export interface Tagged {
  word: string;
  tag: string;
}

export function tag(text: string): Tagged[] {
  return instance().tag(text, true);
}

/** Character spans [start, end) of each word jieba produces for the text. */
export function wordSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let at = 0;
  // HMM on, so unknown place names (塘厦, 沙井) still come out as one word.
  for (const word of instance().cut(text, true)) {
    spans.push([at, at + word.length]);
    at += word.length;
  }
  return spans;
}

/** Frequency and tag of those words that jieba's dictionary lists (scanned once, only for the words asked). */
export function dictionaryEntries(words: ReadonlySet<string>): Map<string, { freq: number; tag: string }> {
  const found = new Map<string, { freq: number; tag: string }>();
  const dict = dictBytes().toString('utf8');
  // Walked line by line rather than split: 350,000 lines as arrays would swell the heap for good.
  for (let start = 0; start < dict.length; ) {
    let end = dict.indexOf('\n', start);
    if (end === -1) end = dict.length;
    const space = dict.indexOf(' ', start);
    if (space !== -1 && space < end) {
      const word = dict.slice(start, space);
      if (words.has(word)) {
        const [freq, tag] = dict.slice(space + 1, end).trim().split(' ');
        found.set(word, { freq: Number(freq), tag: tag ?? '' });
      }
    }
    start = end + 1;
  }
  return found;
}
