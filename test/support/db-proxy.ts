/**
 * A TCP proxy between the app and MariaDB that plays the database going away and coming back,
 * without touching the MariaDB service other tests share.
 *
 * `cut()` destroys every live connection on both sides and turns new ones away (`refuse`: reset at
 * once, like a stopped server; `hold`: accepted and left silent, like an unreachable host).
 * `restore()` lets connections through again; held ones are then put through.
 *
 * From the application's side this is the database stopping, with the same ambiguity: MariaDB
 * rolls back a transaction whose connection dies, but a COMMIT it has already received commits even
 * though the client never hears back. Data the proxy has already taken from one side is still
 * delivered when that side goes away, as packets already on the wire would be; only `cut()`
 * drops it.
 *
 * `latency(ms)` delays every chunk in both directions, and the `statement` event reports each SQL
 * text the client sends (COM_QUERY), so a test can tell where in a transaction something happened.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';

export type CutMode = 'refuse' | 'hold';

export interface DbProxyEvents {
  statement: [sql: string, link: number];
}

/** One direction of a link: chunks go out in order, each `delay` ms after it came in; `null` ends the far side. */
class Lane {
  private queue: Array<{ at: number; chunk: Buffer | null }> = [];
  private timer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(private readonly to: net.Socket, private readonly delay: () => number) {}

  push(chunk: Buffer | null): void {
    if (this.ended) return;
    if (chunk === null) this.ended = true;
    this.queue.push({ at: Date.now() + this.delay(), chunk });
    this.pump();
  }

  drop(): void {
    this.ended = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private pump(): void {
    while (!this.timer && this.queue.length) {
      const wait = this.queue[0].at - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      const { chunk } = this.queue.shift()!;
      if (this.to.destroyed) continue;
      if (chunk) this.to.write(chunk);
      else this.to.end();
    }
  }
}

interface Link {
  id: number;
  client: net.Socket;
  server?: net.Socket;
  up?: Lane;
  down?: Lane;
}

const closed = (socket: net.Socket | undefined) => !socket || socket.closed;

export class DbProxy extends EventEmitter<DbProxyEvents> {
  private readonly links = new Set<Link>();
  private readonly held = new Set<Link>();
  private mode: 'open' | CutMode = 'open';
  private delayMs = 0;
  private nextId = 1;

  private constructor(private readonly listener: net.Server, private readonly target: { host: string; port: number }) {
    super();
    listener.on('connection', (client) => this.accept(client));
  }

  /** A proxy on a free loopback port in front of `target` (MariaDB at 127.0.0.1:3306 by default). */
  static async start(target = { host: '127.0.0.1', port: 3306 }): Promise<DbProxy> {
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    return new DbProxy(listener, target);
  }

  /** A proxy in front of the database a mysql:// URL names. */
  static forUrl(databaseUrl: string): Promise<DbProxy> {
    const url = new URL(databaseUrl);
    return DbProxy.start({ host: url.hostname, port: Number(url.port || 3306) });
  }

  get port(): number {
    return (this.listener.address() as net.AddressInfo).port;
  }

  /** `databaseUrl` pointed at the proxy instead of the database itself. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Connections through the proxy not yet closed on both sides. */
  get connections(): number {
    return this.links.size;
  }

  /**
   * Resolves once every connection is closed on both sides: what clients sent before they went
   * has reached the database, and the database has hung up on them.
   */
  async drained(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.links.size) {
      if (Date.now() > until) throw new Error(`${this.links.size} connections still open after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  cut(mode: CutMode = 'refuse'): void {
    this.mode = mode;
    for (const link of [...this.links]) this.sever(link);
    if (mode === 'refuse') for (const link of [...this.held]) this.sever(link);
  }

  restore(): void {
    this.mode = 'open';
    for (const link of [...this.held]) this.connect(link);
    this.held.clear();
  }

  latency(ms: number): void {
    this.delayMs = ms;
  }

  async close(): Promise<void> {
    this.cut('refuse');
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const link: Link = { id: this.nextId++, client };
    this.links.add(link);
    client.once('close', () => {
      this.held.delete(link);
      // Whatever the client sent before it went is still delivered, then the server sees it go.
      link.up?.push(null);
      this.forgetIfClosed(link);
    });
    if (this.mode === 'hold') this.held.add(link);
    else this.connect(link);
  }

  private connect(link: Link): void {
    const server = net.connect(this.target);
    server.on('error', () => undefined);
    const delay = () => this.delayMs;
    link.server = server;
    link.up = new Lane(server, delay);
    link.down = new Lane(link.client, delay);
    const packets = new PacketReader((sql) => this.emit('statement', sql, link.id));
    link.client.on('data', (chunk) => {
      packets.read(chunk);
      link.up!.push(chunk);
    });
    server.on('data', (chunk) => link.down!.push(chunk));
    server.once('close', () => {
      link.down!.push(null);
      this.forgetIfClosed(link);
    });
  }

  private forgetIfClosed(link: Link): void {
    if (closed(link.client) && closed(link.server)) this.links.delete(link);
  }

  private sever(link: Link): void {
    link.up?.drop();
    link.down?.drop();
    link.server?.destroy();
    link.client.destroy();
    this.links.delete(link);
    this.held.delete(link);
  }
}

/**
 * Splits the client's byte stream into MySQL packets and reports the SQL of each COM_QUERY.
 * Commands are the packets with sequence id 0; handshake and auth replies never are.
 */
class PacketReader {
  private buffer = Buffer.alloc(0);

  constructor(private readonly onQuery: (sql: string) => void) {}

  read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUIntLE(0, 3);
      if (this.buffer.length < 4 + length) return;
      const sequence = this.buffer[3];
      const payload = this.buffer.subarray(4, 4 + length);
      this.buffer = this.buffer.subarray(4 + length);
      const COM_QUERY = 0x03;
      if (sequence === 0 && payload[0] === COM_QUERY) this.onQuery(payload.subarray(1).toString('utf8'));
    }
  }
}
