/** What the bot's conversation with one contact holds between messages (stored as JSON). */
import type { Region } from '../classification/gazetteer';

/** The questions of a complaint, in the order they are asked. */
export const SLOTS = ['story', 'employer', 'place', 'headcount', 'phone'] as const;
export type Slot = (typeof SLOTS)[number];

/** A complaint being collected: an absent field is not asked yet, null is "not known" or declined. */
export interface Draft {
  story?: string;
  employer?: string | null;
  place?: Place | null;
  headcount?: number | null;
  /** Null: no phone left, the complaint is filed anonymously. */
  phone?: string | null;
}

/** Where it happened: the worker's words, and codes when the gazetteer recognised the place. */
export type Place = Omit<Region, 'terms'> & { label: string };

export type State =
  | { step: 'idle' }
  /** The knowledge base just answered `question` (order `number`); asked whether that solved it. */
  | { step: 'answered'; question: string; number: string }
  /** 转人工: the next message goes to a lawyer, not the knowledge base. */
  | { step: 'person' }
  | { step: 'complaint'; draft: Draft; asking: Slot | 'confirm' | 'fix'; retries: number }
  /** A mass incident whose place is not known yet: raised with the next message, whatever it says. */
  | { step: 'mass'; text: string };

export const IDLE: State = { step: 'idle' };
