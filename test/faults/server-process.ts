import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ClientRequest, request } from 'node:http';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const STARTED = /http:\/\/localhost:(\d+)/;
/** Production refuses to start without keys for personal data; every restart in a run reads with the same ones. */
const KEYS = { FIELD_KEYS: `fault:${randomBytes(32).toString('base64')}`, FIELD_HASH_KEY: randomBytes(32).toString('base64') };

/**
 * The product's own entry point (src/main.ts, through tsx) in a child process, so that it can be
 * killed outright (no shutdown hook, no finally block, no rollback sent by the app), or asked to
 * stop as a supervisor does.
 */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    /** The exit code (null when killed by a signal). */
    readonly exited: Promise<number | null>,
    private readonly log: { text: string },
  ) {}

  /** Everything the process wrote to stdout and stderr so far. */
  get output(): string {
    return this.log.text;
  }

  static async start(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...KEYS, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const log = { text: '' };
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${log.text}`)), timeoutMs);
      const read = (chunk: Buffer) => {
        log.text += chunk.toString();
        const started = STARTED.exec(log.text);
        if (!started) return;
        clearTimeout(timer);
        resolve(Number(started[1]));
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before starting:\n${log.text}`));
      });
    });
    return new ServerProcess(child, `http://127.0.0.1:${port}`, exited, log);
  }

  /** SIGKILL: the process is gone at once, with whatever it had in flight. */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** SIGTERM: what a supervisor sends to stop the service. */
  terminate(): void {
    this.child.kill('SIGTERM');
  }

  async stop(): Promise<void> {
    this.kill();
    await this.exited;
  }

  async request(method: string, route: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(this.baseUrl + route, {
      method,
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return { status: res.status, body: await res.json() };
  }

  /**
   * POSTs a whole JSON body and resolves once it is written, without waiting for the answer: the
   * caller may hang up (`destroy()`) whenever it likes. Rejects if it could not be written.
   */
  post(route: string, token: string, body: unknown): Promise<ClientRequest> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(this.baseUrl + route, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(payload) },
      });
      req.on('error', reject); // once written, the hang-up's own error changes nothing
      req.end(payload, () => resolve(req));
    });
  }
}
