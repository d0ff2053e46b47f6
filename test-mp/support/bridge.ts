/**
 * WeChat's network layer for the end-to-end test: wx.request, wx.uploadFile and wx.downloadFile
 * made into real HTTP calls (node:http) to a real backend started in a child process.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { API_BASE } from '../../miniprogram/config';

/** What test/mp/serve.ts prints once it listens. */
export interface BackendInfo {
  baseUrl: string;
  /** One-time wx.login codes it accepts: for a worker's WeChat user, and for a staff member's. */
  workerCodes: string[];
  staffCodes: string[];
}

export interface HttpReply {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface Backend extends BackendInfo {
  stop(): Promise<void>;
}

/** Starts test/mp/serve.ts under tsx, always on SQLite, and waits for its address. */
export function startBackend(): Promise<Backend> {
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, [createRequire(__filename).resolve('tsx/cli'), resolve(__dirname, '../../test/mp/serve.ts')], {
    cwd: resolve(__dirname, '../..'), env, stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((done, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`backend exited (${code}) before it listened`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes('\n')) return;
      const info = JSON.parse(out.slice(0, out.indexOf('\n'))) as BackendInfo;
      child.removeAllListeners('exit');
      done({
        ...info,
        stop: () => new Promise<void>((stopped) => {
          child.once('exit', () => stopped());
          child.stdin!.end();
        }),
      });
    });
  });
}

/** One HTTP exchange with the backend. */
export function send(method: string, url: string, headers: Record<string, string>, body?: Buffer): Promise<HttpReply> {
  return new Promise((done, fail) => {
    const req = httpRequest(url, { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const json = (reply: HttpReply): unknown => (reply.contentType.includes('json') && reply.body.length ? JSON.parse(reply.body.toString('utf8')) : reply.body.toString('utf8'));

/** Points the mini-program's API_BASE at the backend, as DevTools would be pointed at a server. */
export function bridgeWx(backend: Backend): void {
  const real = (url: string) => url.replace(API_BASE, backend.baseUrl);
  const fail = (o: { fail?: (e: never) => void }, what: string) => (err: Error) => o.fail?.({ errMsg: `${what}:fail ${err.message}` } as never);
  Object.assign(wx, {
    request(o: WechatMiniprogram.RequestOption) {
      const body = o.data === undefined ? undefined : Buffer.from(typeof o.data === 'string' ? o.data : JSON.stringify(o.data));
      send(o.method ?? 'GET', real(o.url), (o.header ?? {}) as Record<string, string>, body).then(
        (reply) => o.success?.({ statusCode: reply.status, data: json(reply), header: {}, cookies: [], errMsg: 'request:ok' } as never),
        fail(o, 'request'),
      );
    },
    uploadFile(o: WechatMiniprogram.UploadFileOption) {
      const boundary = `----wx${randomBytes(8).toString('hex')}`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${o.name}"; filename="upload"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        readFileSync(o.filePath),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const header = { ...(o.header as Record<string, string>), 'content-type': `multipart/form-data; boundary=${boundary}` };
      send('POST', real(o.url), header, body).then(
        (reply) => o.success?.({ statusCode: reply.status, data: reply.body.toString('utf8'), profile: {} as never, errMsg: 'uploadFile:ok' }),
        fail(o, 'uploadFile'),
      );
    },
    downloadFile(o: WechatMiniprogram.DownloadFileOption) {
      send('GET', real(o.url), (o.header ?? {}) as Record<string, string>).then((reply) => {
        const tempFilePath = join(tmpdir(), `wx-download-${randomBytes(6).toString('hex')}`);
        writeFileSync(tempFilePath, reply.body);
        o.success?.({ statusCode: reply.status, tempFilePath, filePath: '', profile: {} as never, errMsg: 'downloadFile:ok' });
      }, fail(o, 'downloadFile'));
    },
  });
}
