import type { IncomingMessage, ServerResponse } from 'node:http';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

/**
 * Counts the requests being handled. A server closing waits for its connections, but a client
 * that hangs up leaves its request still running, and shutdown must not close the database
 * under it.
 */
export class InFlight {
  private count = 0;
  private waiting: Array<() => void> = [];

  wrap(handle: Handler): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      this.count++;
      void handle(req, res).finally(() => {
        if (--this.count === 0) for (const resolve of this.waiting.splice(0)) resolve();
      });
    };
  }

  /** Resolves once no request is being handled. */
  settled(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
