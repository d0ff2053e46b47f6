/** The backend as the bot sees it: one call per incoming message, over HTTP with the service token. */

export interface TurnRequest {
  senderId: string;
  messageId: string;
  text: string;
  sentAt: string;
  group: boolean;
}

export class Hotline {
  constructor(
    private readonly apiUrl: string,
    private readonly serviceToken: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /**
   * What to say back, in order, and whether the backend had answered this message before (a
   * replay after a restart: it was said then).
   */
  async turn(request: TurnRequest): Promise<{ replies: string[]; repeated: boolean }> {
    const res = await fetch(new URL('/api/v1/bot/turns', this.apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.serviceToken}` },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`backend answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    const body = (await res.json()) as { replies?: unknown; repeated?: unknown };
    if (!Array.isArray(body.replies) || !body.replies.every((r) => typeof r === 'string')) throw new Error('backend sent no replies');
    return { replies: body.replies, repeated: body.repeated === true };
  }
}
