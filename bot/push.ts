import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { tokenMatches } from '../src/intake/signature';
import { RecentIds } from './limits';

/** What the backend's relay POSTs (src/notifications/channels/bot.ts). */
const pushBody = z.object({
  id: z.number().int(),
  contactId: z.string().min(1),
  text: z.string().min(1),
});

const MAX_BODY_BYTES = 64 * 1024;

/** Says `text` to the contact: 'sent', or why not. */
export type Deliver = (contactId: string, text: string) => Promise<'sent' | 'offline' | 'unknown_contact'>;

/**
 * Receives the outbox's pushes for workers. 2xx only once the message was said (or was said
 * before: deliveries are at least once and repeats are dropped by notification id), so the relay
 * retries whatever failed. 503 while logged out and 502 when WeChat refused are retried; 404 for a
 * contact this account does not know is not.
 */
export class PushReceiver {
  private readonly server: Server;
  private readonly delivered = new RecentIds();

  constructor(
    private readonly token: string,
    private readonly deliver: Deliver,
    private readonly log: (message: string, err?: unknown) => void,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.log('push failed', err);
        reply(res, 500, 'error');
      });
    });
  }

  async listen(port: number, host: string): Promise<number> {
    this.server.listen(port, host);
    await new Promise<void>((resolve, reject) => {
      this.server.once('listening', resolve);
      this.server.once('error', reject);
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/push') return reply(res, 404, 'not_found');
    if (!tokenMatches(this.token, req.headers.authorization ?? '')) return reply(res, 401, 'unauthorized');
    const parsed = pushBody.safeParse(await readJson(req));
    if (!parsed.success) return reply(res, 400, 'invalid_request');
    const { id, contactId, text } = parsed.data;
    // Claimed before sending, so a repeat arriving meanwhile is not said twice.
    if (!this.delivered.add(String(id))) return reply(res, 200, 'duplicate');
    let outcome: Awaited<ReturnType<Deliver>> | 'failed';
    try {
      outcome = await this.deliver(contactId, text);
    } catch (err) {
      this.log(`push ${id} failed`, err);
      outcome = 'failed';
    }
    if (outcome !== 'sent') this.delivered.delete(String(id));
    const status = { sent: 200, offline: 503, unknown_contact: 404, failed: 502 }[outcome];
    reply(res, status, outcome);
  }
}

function reply(res: ServerResponse, status: number, outcome: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status: outcome }));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}
