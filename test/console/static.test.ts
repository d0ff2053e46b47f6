import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { serveConsole } from '../../src/http/static';

/** A server with only the console middleware, over a build directory made up for the test. */
let dir: string;
let server: Server;
let port: number;

const INDEX = '<!doctype html><title>控制台</title>';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'console-'));
  mkdirSync(path.join(dir, 'build', 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'build', 'index.html'), INDEX);
  writeFileSync(path.join(dir, 'build', 'assets', 'index-3f9a1c.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'build', 'favicon.svg'), '<svg/>');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the build');
  const app = new Koa();
  app.use(serveConsole(path.join(dir, 'build')));
  app.use((ctx) => {
    ctx.body = 'next';
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** A request sent exactly as written: fetch would normalise `..` away before sending. */
function raw(method: string, urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: urlPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('index.html is revalidated on every load, and answers 304 while unchanged', async () => {
  const first = await raw('GET', '/console/');
  expect(first).toMatchObject({ status: 200, body: INDEX });
  expect(first.headers['cache-control']).toBe('no-cache');
  expect(first.headers['content-type']).toMatch(/^text\/html/);
  expect(first.headers['content-security-policy']).toContain("default-src 'self'");
  const again = await raw('GET', '/console/', { 'if-none-match': String(first.headers.etag) });
  expect(again).toMatchObject({ status: 304, body: '' });
});

test('hashed assets are cached for a year; other files are revalidated', async () => {
  const asset = await raw('GET', '/console/assets/index-3f9a1c.js');
  expect(asset).toMatchObject({ status: 200, body: 'console.log(1)' });
  expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(asset.headers['content-type']).toMatch(/javascript/);
  expect((await raw('GET', '/console/favicon.svg')).headers['cache-control']).toBe('no-cache');
  const head = await raw('HEAD', '/console/assets/index-3f9a1c.js');
  expect(head).toMatchObject({ status: 200, body: '' });
  expect(head.headers['content-length']).toBe('14');
});

test('client routes get the app; missing files stay missing', async () => {
  for (const route of ['/console/queue', '/console/orders/42', '/console/queue/7?x=1']) {
    const res = await raw('GET', route);
    expect(res).toMatchObject({ status: 200, body: INDEX });
    expect(res.headers['cache-control']).toBe('no-cache');
  }
  expect((await raw('GET', '/console/assets/gone-123.js')).status).toBe(404);
  expect((await raw('GET', '/console')).headers.location).toBe('/console/');
});

test.each([
  '/console/../secret.txt',
  '/console/%2e%2e/secret.txt',
  '/console/assets/..%2f..%2fsecret.txt',
  '/console/%2e%2e%2f%2e%2e%2fpackage.json',
  '/console/..%5c..%5csecret.txt',
  '/console/%00index.html',
  '/console/%E0%A4%A',
])('%s never leaves the build directory', async (urlPath) => {
  const res = await raw('GET', urlPath);
  expect(res.status).toBe(404);
  expect(res.body).not.toContain('outside the build');
});

test('only GET and HEAD; everything outside /console is left to the rest of the app', async () => {
  expect((await raw('POST', '/console/')).status).toBe(405);
  expect((await raw('GET', '/consoles')).body).toBe('next');
  expect((await raw('GET', '/api/v1/labels')).body).toBe('next');
});

test('without a build, /console/ says how to make one instead of failing', async () => {
  const app = new Koa();
  app.use(serveConsole(path.join(dir, 'missing')));
  const missing = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => missing.once('listening', resolve));
  const res = await fetch(`http://127.0.0.1:${(missing.address() as AddressInfo).port}/console/queue`);
  expect(res.status).toBe(503);
  expect(await res.text()).toContain('npm run build:console');
  await new Promise<void>((resolve) => missing.close(() => resolve()));
});
