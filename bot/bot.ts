/**
 * The hotline's WeChat bot: a thin client. It filters what WeChat delivers (its own messages,
 * system messages, messages replayed after a restart, group chatter that does not @-mention it,
 * floods), hands each remaining message to the backend and says what the backend answers. What
 * to ask, what to record and what to reply is decided by the backend (src/bot-gateway).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { types, WechatyBuilder } from 'wechaty';
import type { Contact, Message, PuppetModuleName, Room, Wechaty } from 'wechaty';
import type * as PUPPET from 'wechaty-puppet';
import { TEXTS } from '../src/bot-gateway/messages';
import { Hotline } from './hotline';
import { PerSender, RecentIds, SenderLimit } from './limits';
import { PushReceiver } from './push';

export interface BotOptions {
  /** A puppet instance (tests pass a PuppetMock), or the name of a puppet module. */
  puppet: PUPPET.impls.PuppetInterface | string;
  /** For paid puppets (WECHATY_PUPPET_SERVICE_TOKEN). */
  puppetToken?: string;
  /** Names the memory card that keeps the login; without it nothing is written to disk. */
  name?: string;
  apiUrl: string;
  serviceToken: string;
  push: { port: number; host?: string; token: string };
  ratePerMinute?: number;
  replyGapMs?: number;
  log?: (message: string, err?: unknown) => void;
}

export interface HotlineBot {
  readonly wechaty: Wechaty;
  /** Starts the push receiver and WeChat; the login follows (a QR scan, or the mock's login). */
  start(): Promise<void>;
  /** Stops taking messages, lets the ones in hand finish, then stops WeChat and the receiver. */
  stop(): Promise<void>;
  /** The port the push receiver listens on, once started. */
  readonly pushPort: number;
}

/** Media a person sends instead of typing: they are told the bot reads text only. */
const MEDIA = new Set([types.Message.Audio, types.Message.Image, types.Message.Video, types.Message.Attachment]);

export function createBot(options: BotOptions): HotlineBot {
  const log = options.log ?? ((message: string, err?: unknown) => console.error(`[bot] ${message}`, err ?? ''));
  const wechaty = typeof options.puppet === 'string'
    ? WechatyBuilder.build({
      name: options.name,
      puppet: options.puppet as PuppetModuleName,
      puppetOptions: options.puppetToken ? { token: options.puppetToken } : undefined,
    })
    : WechatyBuilder.build({ name: options.name, puppet: options.puppet });
  const hotline = new Hotline(options.apiUrl, options.serviceToken);
  const limit = new SenderLimit(options.ratePerMinute ?? 10);
  const seen = new RecentIds();
  const queue = new PerSender();
  const gapMs = options.replyGapMs ?? 800;
  let startedAt = 0;
  let stopping = false;
  let pushPort = 0;

  const push = new PushReceiver(options.push.token, async (contactId, text) => {
    if (!wechaty.isLoggedIn) return 'offline';
    const contact = await wechaty.Contact.find({ id: contactId });
    if (!contact) return 'unknown_contact';
    await contact.say(text);
    return 'sent';
  }, log);

  /** Says the texts to the worker, or in their group, where the first one @-mentions them. */
  async function say(talker: Contact, room: Room | undefined, texts: string[]): Promise<void> {
    for (const [i, text] of texts.entries()) {
      if (i > 0 && gapMs > 0) await sleep(gapMs);
      await (room ? (i === 0 ? room.say(text, talker) : room.say(text)) : talker.say(text));
    }
  }

  async function onMessage(msg: Message): Promise<void> {
    if (stopping || msg.self()) return;
    // After a restart WeChat may deliver again what was handled before.
    if (msg.date().getTime() < startedAt || !seen.add(msg.id)) return;
    const talker = msg.talker();
    // Official accounts (WeChat's own notices among them) are not workers.
    if (talker.type() === types.Contact.Official) return;
    const room = msg.room();
    if (room && !(await msg.mentionSelf())) return;
    const text = msg.type() === types.Message.Text ? (room ? await msg.mentionText() : msg.text()).trim() : '';
    if (!text && !(MEDIA.has(msg.type()) && !room)) return;

    const allowed = limit.take(talker.id);
    if (allowed === 'drop') return;
    await queue.run(talker.id, async () => {
      if (allowed === 'notice') return say(talker, room, [TEXTS.rateLimited]);
      if (!text) return say(talker, room, [TEXTS.notText]);
      let replies: string[];
      try {
        const answer = await hotline.turn({ senderId: talker.id, messageId: msg.id, text, sentAt: msg.date().toISOString(), group: Boolean(room) });
        // Answered by this bot before a restart: saying it again would repeat it in the chat.
        replies = answer.repeated ? [] : answer.replies;
      } catch (err) {
        log(`message ${msg.id} not handled`, err);
        replies = [TEXTS.unavailable];
      }
      await say(talker, room, replies);
    });
  }

  wechaty.on('message', (msg) => {
    onMessage(msg).catch((err: unknown) => log(`message ${msg.id} failed`, err));
  });
  // A worker adds the hotline's account: accept, and the first message is greeted by the backend.
  wechaty.on('friendship', async (request) => {
    if (request.type() !== types.Friendship.Receive) return;
    await request.accept().catch((err: unknown) => log('friend request not accepted', err));
  });
  wechaty.on('error', (err) => log('wechaty error', err));

  return {
    wechaty,
    get pushPort() {
      return pushPort;
    },
    async start() {
      stopping = false;
      // WeChat stamps messages to the second.
      startedAt = Math.floor(Date.now() / 1000) * 1000;
      pushPort = await push.listen(options.push.port, options.push.host ?? '127.0.0.1');
      await wechaty.start();
    },
    async stop() {
      stopping = true;
      await queue.drain();
      await wechaty.stop();
      await push.close();
    },
  };
}
