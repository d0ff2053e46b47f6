/**
 * The bot's side of a conversation, one message at a time: what the worker wants, what to ask
 * next and what to say. Whatever is recorded goes through intake under the message's id, so a
 * message handled twice is still one contact.
 *
 * - A crisis is answered at once, in any step, and raised as urgent with what is known so far.
 * - A mass incident is raised at once when the message says where; otherwise the bot asks where
 *   (and how many) and raises it with the next message, whatever it says.
 * - A complaint is collected field by field, asking only for what the worker has not said yet,
 *   then summarised, confirmed and filed.
 * - A consultation goes to intake, which answers it from the knowledge base or queues it for the
 *   lawyers; "没有解决" or "转人工" after an answer queues the question for them.
 * - In a group chat the bot keeps no state and handles nothing personal.
 */
import { classify, Classification } from '../classification/classifier';
import { locate } from '../classification/gazetteer';
import type { InboundMessage } from '../intake/inbound-message.entity';
import type { ContactInput, IntakeService, StatedFacts, WithContact } from '../intake/intake.service';
import { Worker } from '../workers/worker.entity';
import type { WorkerIdentities } from '../workers/worker-identities';
import type { WorkOrder } from '../work-orders/work-order.entity';
import { FIELD_LABELS, TEXTS } from './messages';
import {
  Command, commandOf, compact, dontKnow, isSolved, isUnsolved, orderNumberIn, parseHeadcount, parsePhone, parseYesNo, wantsAnonymous,
} from './parse';
import type { Progress } from './progress';
import { Draft, IDLE, Place, Slot, SLOTS, State } from './state';

export interface Turn {
  senderId: string;
  messageId: string;
  text: string;
  sentAt: Date;
  /** Sent in a group chat, where it @-mentioned the bot. */
  group: boolean;
}

/** Where the conversation stood when the message came. */
export interface Session {
  state: State;
  /** The contact has never written before: they are greeted. */
  firstTime: boolean;
  /** An unfinished registration lapsed for want of a message. */
  lapsed: boolean;
}

export interface Reply {
  state: State;
  replies: string[];
}

/** A field the worker could not answer clearly is asked once more, then taken as it is. */
const MAX_RETRIES = 1;
/** Shorter messages (嗯, 工伤, 欠薪) say too little to act on. */
const MIN_STATEMENT_CHARS = 5;

const reply = (state: State, ...replies: string[]): Reply => ({ state, replies });
const idle = (...replies: string[]): Reply => reply(IDLE, ...replies);

export class Dialogue {
  constructor(
    private readonly intake: IntakeService,
    private readonly progress: Progress,
    private readonly workers: WorkerIdentities,
  ) {}

  async respond(turn: Turn, session: Session): Promise<Reply> {
    const next = await this.next(turn, session);
    const opening = [...(session.firstTime ? [TEXTS.welcome, TEXTS.privacy] : []), ...(session.lapsed ? [TEXTS.expired] : [])];
    return { state: next.state, replies: [...opening, ...next.replies] };
  }

  private async next(turn: Turn, session: Session): Promise<Reply> {
    const { state } = session;
    const c = classify(turn.text);
    if (c.crisis) return this.crisis(turn, state);
    if (turn.group) return this.inGroup(turn, c);
    const number = orderNumberIn(turn.text);
    const command = commandOf(turn.text);
    if (number || command === 'list') return reply(state, ...(await this.orders(turn.senderId, number)), ...reask(state));
    switch (state.step) {
      case 'complaint':
        return this.complaint(turn, state, command);
      case 'mass':
        return command === 'cancel' ? idle(TEXTS.cancelled) : this.raiseMass(turn, state.text);
      case 'person':
        return command ? this.fresh(turn, c, command, session) : this.toPerson(turn, turn.text);
      case 'answered':
        if (isUnsolved(turn.text)) return this.toPerson(turn, TEXTS.escalation(state.question, state.number));
        if (isSolved(turn.text)) return idle(TEXTS.solved);
        return this.fresh(turn, c, command, session);
      case 'idle':
        return this.fresh(turn, c, command, session);
    }
  }

  /** A message that starts something new. */
  private fresh(turn: Turn, c: Classification, command: Command | null, session: Session): Promise<Reply> | Reply {
    switch (command) {
      case 'complain': return this.ask({}, TEXTS.startComplaint);
      case 'consult': return idle(TEXTS.askConsult);
      case 'person': return reply({ step: 'person' }, TEXTS.askForPerson);
      case 'thanks': return idle(TEXTS.thanks);
      case 'cancel': return idle(session.state.step === 'idle' ? TEXTS.thanks : TEXTS.cancelled);
      // The welcome already says what the bot does.
      case 'help': return session.firstTime ? idle() : idle(TEXTS.menu);
    }
    if (c.mass) return this.mass(turn, c);
    if (compact(turn.text).length < MIN_STATEMENT_CHARS) return idle(TEXTS.tellMore);
    if (c.kind === 'complaint') return this.ask(absorb({ story: turn.text }, turn.text), TEXTS.startComplaint);
    return this.consult(turn);
  }

  /** Groups see consultations answered and crises handled; anything personal moves to a private chat. */
  private inGroup(turn: Turn, c: Classification): Promise<Reply> | Reply {
    const command = commandOf(turn.text);
    if (command === 'help') return idle(TEXTS.menu);
    if (command === 'thanks') return idle(TEXTS.thanks);
    if (c.mass) return this.mass(turn, c);
    if (command || orderNumberIn(turn.text) || c.kind === 'complaint') return idle(TEXTS.goPrivate);
    if (compact(turn.text).length < MIN_STATEMENT_CHARS) return idle(TEXTS.tellMore);
    return this.consult(turn);
  }

  private async consult(turn: Turn): Promise<Reply> {
    const { contact } = await this.intake.receive(contactInput(turn));
    if (contact.outcome === 'lawyer_queue') return idle(turn.group ? TEXTS.toLawyerFromGroup : TEXTS.toLawyer);
    const order = await this.orderOf(contact);
    if (contact.outcome !== 'answered') return idle(TEXTS.recorded(order.number));
    const answer = order.result ?? TEXTS.recorded(order.number);
    if (turn.group) return idle(answer, TEXTS.answeredInGroup);
    return reply({ step: 'answered', question: turn.text, number: order.number }, answer, TEXTS.solvedQuestion);
  }

  /** 转人工: the question goes to the lawyers' queue without the knowledge base. */
  private async toPerson(turn: Turn, question: string): Promise<Reply> {
    const { contact } = await this.intake.receive({ ...contactInput(turn), text: question, asked: 'person' });
    if (contact.outcome === 'lawyer_queue') return idle(TEXTS.handedOver);
    return idle(TEXTS.recorded((await this.orderOf(contact)).number));
  }

  private async crisis(turn: Turn, state: State): Promise<Reply> {
    // What the worker already told the bot goes with it, so whoever calls back knows it.
    const before = state.step === 'complaint' && state.draft.story ? TEXTS.description(state.draft) : state.step === 'mass' ? state.text : null;
    const { contact } = await this.intake.receive({ ...contactInput(turn), text: before ? `${turn.text}\n${before}` : turn.text });
    const order = contact.orderId === null ? null : await this.orderOf(contact);
    return idle(TEXTS.crisis, ...(order ? [TEXTS.crisisRaised(order.number)] : []));
  }

  private async mass(turn: Turn, c: Classification): Promise<Reply> {
    // Without a place the order would wait at the centre, and nobody can ask the worker but the bot.
    if (!c.cityCode && !turn.group) {
      return reply({ step: 'mass', text: turn.text }, TEXTS.massCalm, TEXTS.massAsk(parseHeadcount(turn.text) === null));
    }
    const { contact } = await this.intake.receive(contactInput(turn));
    return idle(TEXTS.massCalm, TEXTS.massRaised((await this.orderOf(contact)).number));
  }

  private async raiseMass(turn: Turn, report: string): Promise<Reply> {
    const headcount = parseHeadcount(turn.text);
    const draft: Draft = { story: TEXTS.massStory(report, turn.text), place: placeIn(turn.text), headcount };
    const contact = await this.file(turn, draft);
    return idle(TEXTS.massRaised((await this.orderOf(contact)).number));
  }

  private async complaint(turn: Turn, state: Extract<State, { step: 'complaint' }>, command: Command | null): Promise<Reply> {
    if (command === 'cancel') return idle(TEXTS.cancelled);
    if (state.asking === 'confirm') {
      const answer = parseYesNo(turn.text);
      if (answer === 'yes') return this.fileComplaint(turn, state.draft);
      return answer === 'no' ? reply({ ...state, asking: 'fix' }, TEXTS.askFix) : reply(state, TEXTS.confirmPrompt);
    }
    if (state.asking === 'fix') {
      const slot = slotNamed(turn.text);
      if (!slot) return reply(state, TEXTS.askFix);
      const draft = { ...state.draft };
      delete draft[slot];
      return this.ask(draft);
    }
    // 帮助, 转人工 and the like are not answers to the question.
    if (command) return reply(state, TEXTS.stillComplaining, ...reask(state));
    const draft = fill(state.draft, state.asking, turn.text, state.retries >= MAX_RETRIES);
    return draft ? this.ask(draft) : reply({ ...state, retries: state.retries + 1 }, TEXTS.retry(state.asking));
  }

  /** Asks for the first field still missing, or shows the summary to confirm. */
  private ask(draft: Draft, ...before: string[]): Reply {
    const slot = SLOTS.find((s) => draft[s] === undefined);
    if (!slot) return reply({ step: 'complaint', draft, asking: 'confirm', retries: 0 }, ...before, TEXTS.summary(draft), TEXTS.confirmPrompt);
    return reply({ step: 'complaint', draft, asking: slot, retries: 0 }, ...before, TEXTS.question(slot));
  }

  private async fileComplaint(turn: Turn, draft: Draft): Promise<Reply> {
    const contact = await this.file(turn, draft);
    if (contact.outcome === 'lawyer_queue') return idle(TEXTS.filedForDesk);
    const { number } = await this.orderOf(contact);
    if (contact.outcome === 'merged') return idle(TEXTS.filedMerged(number));
    return idle(contact.urgent ? TEXTS.filedUrgent(number) : TEXTS.filed(number));
  }

  /** A collected complaint, with what the worker said outranking what the classifier reads. */
  private async file(turn: Turn, draft: Draft): Promise<InboundMessage> {
    const input: ContactInput = {
      ...contactInput(turn),
      text: TEXTS.description(draft),
      facts: statedFacts(draft),
      anonymous: draft.phone === null,
      asked: 'complaint',
    };
    return (await this.intake.receive(input, draft.phone ? recordPhone(this.workers, draft.phone) : undefined)).contact;
  }

  private async orders(senderId: string, number: string | null): Promise<string[]> {
    if (number) {
      const view = await this.progress.find(senderId, number);
      return [view ? TEXTS.orderDetail(view) : TEXTS.notYours(number)];
    }
    const orders = await this.progress.list(senderId);
    if (orders.length === 0) return [TEXTS.noOrders];
    if (orders.length > 1) return [TEXTS.orderList(orders)];
    return this.orders(senderId, orders[0]!.number);
  }

  private async orderOf(contact: InboundMessage): Promise<WorkOrder> {
    const order = contact.orderId === null ? undefined : (await this.intake.related([contact])).orders.get(contact.orderId);
    if (!order) throw new Error(`bot: contact ${contact.id} has no order`);
    return order;
  }
}

const contactInput = (turn: Turn): ContactInput => ({
  channel: 'wechat',
  externalId: turn.messageId,
  sender: { wechatId: turn.senderId },
  text: turn.text,
  receivedAt: turn.sentAt,
});

/** What to ask again after answering something else in the middle of a registration. */
function reask(state: State): string[] {
  if (state.step === 'mass') return [TEXTS.massAsk(true)];
  if (state.step !== 'complaint') return [];
  if (state.asking === 'confirm') return [TEXTS.confirmPrompt];
  return [state.asking === 'fix' ? TEXTS.askFix : TEXTS.question(state.asking)];
}

/**
 * The draft with the asked field answered, or null when the answer is not understood (asked once
 * more). `lenient`: after a retry a place or head count is taken as it is.
 */
function fill(draft: Draft, slot: Slot, text: string, lenient: boolean): Draft | null {
  const answer = text.trim();
  switch (slot) {
    case 'story':
      return absorb({ ...draft, story: answer }, answer);
    case 'employer':
      return absorb({ ...draft, employer: dontKnow(answer) ? null : classify(answer).employer ?? answer.slice(0, 100) }, answer);
    case 'place': {
      if (dontKnow(answer)) return { ...draft, place: null };
      const place = placeIn(answer) ?? (lenient ? { ...NOWHERE, label: answer.slice(0, 100) } : null);
      return place ? { ...draft, place } : null;
    }
    case 'headcount': {
      if (dontKnow(answer)) return { ...draft, headcount: null };
      const headcount = parseHeadcount(answer);
      return headcount !== null || lenient ? { ...draft, headcount } : null;
    }
    case 'phone': {
      if (wantsAnonymous(answer)) return { ...draft, phone: null };
      const phone = parsePhone(answer);
      return phone ? { ...draft, phone } : null;
    }
  }
}

/** Fills the fields not asked yet from what a free-text answer happens to say. */
function absorb(draft: Draft, text: string): Draft {
  const c = classify(text);
  const next = { ...draft };
  if (next.employer === undefined && c.employer) next.employer = c.employer;
  if (next.place === undefined && c.cityCode) next.place = placeOf(c);
  if (next.headcount === undefined) {
    const headcount = parseHeadcount(text);
    if (headcount !== null) next.headcount = headcount;
  }
  return next;
}

const NOWHERE: Omit<Place, 'label'> = { city: null, cityCode: null, district: null, districtCode: null, town: null, townCode: null };

function placeOf(r: Omit<Place, 'label'>): Place {
  const { city, cityCode, district, districtCode, town, townCode } = r;
  return { label: [city, district, town].filter(Boolean).join(''), city, cityCode, district, districtCode, town, townCode };
}

/** The place the gazetteer recognises in the text, if any. */
function placeIn(text: string): Place | null {
  const region = locate(text);
  return region.cityCode ? placeOf(region) : null;
}

function statedFacts({ employer, place }: Draft): StatedFacts {
  const facts: StatedFacts = employer ? { employer } : {};
  if (!place?.cityCode) return facts;
  const { label: _label, ...region } = place;
  return { ...facts, ...region };
}

/** "2", "地点", "改电话": the field a worker wants to correct. */
function slotNamed(text: string): Slot | null {
  const t = compact(text);
  const byNumber = /^\d$/.test(t) ? SLOTS[Number(t) - 1] : undefined;
  return byNumber ?? SLOTS.find((slot) => t.includes(FIELD_LABELS[slot]) || (t.length >= 2 && FIELD_LABELS[slot].includes(t))) ?? null;
}

/** The callback number is kept on the worker (sealed), in the transaction that stores the complaint. */
function recordPhone(workers: WorkerIdentities, phone: string): WithContact {
  return async (em, contact) => {
    if (contact.workerId !== null) await em.getRepository(Worker).update({ id: contact.workerId }, workers.seal({ phone }));
  };
}
