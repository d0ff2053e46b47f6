import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createBot, HotlineBot } from '../../bot/bot';
import { Harness, SERVICE_TOKEN } from '../support/harness';

export const PUSH_TOKEN = 'test-bot-push-token-0123456789';

/** A loopback port nobody listens on, so the backend can be told BOT_PUSH_URL before the bot starts. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The real backend on SQLite (or TEST_DATABASE_URL) with its relay pointed at the bot's push port. */
export async function startBackend(pushPort: number, clock?: () => Date): Promise<Harness> {
  return Harness.start({ clock, env: { BOT_PUSH_URL: `http://127.0.0.1:${pushPort}/push`, BOT_PUSH_TOKEN: PUSH_TOKEN } });
}

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;
type MessageMock = Parameters<Parameters<ContactMock['on']>[1]>[0];

/**
 * The mock WeChat world: the hotline's account, which a bot logs in as, and workers who write to
 * it. A restart is a new bot on a new puppet; since a mocker serves one puppet only, the world is
 * then rebuilt with the same contacts, as WeChat shows the same people to the restarted bot.
 */
export class World {
  mocker = World.mocker();
  hotline: ContactMock = this.mocker.createContact({ name: '12351职工服务热线' });
  private readonly workers: Worker[] = [];

  // PuppetMock logs its options as JSON, and the mocker in them points back at the puppet.
  private static mocker() {
    return Object.assign(new mock.Mocker(), { toJSON: () => 'Mocker' });
  }

  async startBot(h: Harness, pushPort: number, ratePerMinute = 100): Promise<HotlineBot> {
    const bot = createBot({
      puppet: new PuppetMock({ mocker: this.mocker }),
      apiUrl: h.baseUrl,
      serviceToken: SERVICE_TOKEN,
      push: { port: pushPort, token: PUSH_TOKEN },
      ratePerMinute,
      replyGapMs: 0,
      log: () => undefined,
    });
    await bot.start();
    // With the mock puppet, ready() never resolves: the login is the signal.
    const loggedIn = new Promise((resolve) => bot.wechaty.once('login', resolve));
    this.mocker.login(this.hotline);
    await loggedIn;
    return bot;
  }

  /** Stops `bot` and starts a new one over the same contacts. */
  async restart(bot: HotlineBot, h: Harness, pushPort: number): Promise<HotlineBot> {
    await bot.stop();
    this.mocker = World.mocker();
    this.hotline = this.mocker.createContact({ ...this.hotline.payload });
    for (const w of this.workers) w.attach(this.mocker.createContact({ ...w.contact.payload }));
    return this.startBot(h, pushPort);
  }

  worker(name: string): Worker {
    const w = new Worker(this);
    w.attach(this.mocker.createContact({ name }));
    this.workers.push(w);
    return w;
  }

  group(topic: string, members: Worker[]): Group {
    return new Group(this, this.mocker.createRoom({ topic, memberIdList: [this.hotline.id, ...members.map((m) => m.id)] }));
  }

  /** Delivers a message as the puppet would (again, when the id was delivered before); returns its id. */
  deliver(payload: { talkerId: string; text: string; listenerId?: string; roomId?: string; mentionIdList?: string[]; timestamp?: number; id?: string; type?: number }): string {
    const id = payload.id ?? `msg-${++sequence}`;
    if (!this.mocker.cacheMessagePayload.has(id)) {
      this.mocker.MessageMock.create({ id, timestamp: Date.now(), type: 7 /* Text */, ...payload } as never);
    }
    this.mocker.puppet.emit('message', { messageId: id });
    return id;
  }
}

let sequence = 0;

/** Texts arriving on an emitter, read in order. */
class Inbox {
  private readonly texts: string[] = [];
  private waiting: (() => void) | null = null;

  push(text: string): void {
    this.texts.push(text);
    this.waiting?.();
  }

  /** Everything that arrives until nothing more comes for `quietMs` (at least one message, unless `none`). */
  async read(quietMs = 300, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.texts.length === 0 && Date.now() < deadline) await this.next(deadline - Date.now());
    let count = -1;
    while (count !== this.texts.length) {
      count = this.texts.length;
      await this.next(quietMs);
    }
    return this.texts.splice(0);
  }

  /** Waits `ms` and returns whatever arrived (nothing, when the bot stayed silent). */
  async quiet(ms = 500): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.texts.splice(0);
  }

  private next(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        resolve();
      }, Math.max(ms, 0));
      this.waiting = () => {
        clearTimeout(timer);
        this.waiting = null;
        resolve();
      };
    });
  }
}

/** A worker's WeChat: what they send the hotline and what the hotline says to them. */
export class Worker {
  readonly inbox = new Inbox();
  contact!: ContactMock;

  constructor(private readonly world: World) {}

  attach(contact: ContactMock): void {
    this.contact = contact;
    contact.on('message', (m: MessageMock) => {
      if (m.payload.talkerId === this.world.hotline.id && !m.payload.roomId) this.inbox.push(m.payload.text ?? '');
    });
  }

  get id(): string {
    return this.contact.id;
  }

  /** Sends a text to the hotline and returns its message id. */
  send(text: string, fields: { id?: string; timestamp?: number; type?: number } = {}): string {
    return this.world.deliver({ talkerId: this.contact.id, listenerId: this.world.hotline.id, text, ...fields });
  }

  /** Sends and reads the answer. */
  async say(text: string): Promise<string[]> {
    this.send(text);
    return this.inbox.read();
  }
}

/** A group chat the hotline's account is in. */
export class Group {
  readonly inbox = new Inbox();

  constructor(private readonly world: World, readonly room: RoomMock) {
    room.on('message', (m: MessageMock) => {
      if (m.payload.talkerId === world.hotline.id) this.inbox.push(m.payload.text ?? '');
    });
  }

  send(from: Worker, text: string, mentionBot: boolean): string {
    return this.world.deliver({
      talkerId: from.id,
      roomId: this.room.id,
      text: mentionBot ? `@${this.world.hotline.payload.name}\u2005${text}` : text,
      mentionIdList: mentionBot ? [this.world.hotline.id] : [],
    });
  }
}
