/**
 * Serves the staff console (the single-page app built by `npm run build:console` into
 * dist/console) under /console/.
 *
 * - Files under assets/ carry a content hash in their names, so they are cached for a year and
 *   never revalidated; everything else (index.html above all) is revalidated on every load
 *   (`no-cache` with an ETag), so a new build is picked up at once.
 * - Any other path without a file extension is a client route: it gets index.html.
 * - Paths are resolved and must stay inside the build directory.
 * - Without a build, /console/ says how to make one (503) instead of failing.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Next } from 'koa';

export const CONSOLE_PATH = '/console';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const ASSETS_DIR = 'assets';
// Element Plus and ECharts set inline styles; attachments are shown from blob: URLs (fetched with
// the token); scripts and everything else come from here only.
const CSP = "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

/** dist/console of this project, from the sources (src/http) or the build (dist/src/http) alike. */
export function defaultConsoleDir(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'console');
}

export function serveConsole(dir: string) {
  const root = path.resolve(dir);
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.path !== CONSOLE_PATH && !ctx.path.startsWith(`${CONSOLE_PATH}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('Allow', 'GET, HEAD');
      return text(ctx, 405, '只支持 GET 和 HEAD');
    }
    if (ctx.path === CONSOLE_PATH) return ctx.redirect(`${CONSOLE_PATH}/${ctx.search}`);

    const index = await fileAt(path.join(root, 'index.html'));
    if (!index) return text(ctx, 503, '控制台尚未构建：请先运行 npm run build:console');

    const target = resolveInside(root, ctx.path.slice(CONSOLE_PATH.length + 1));
    if (!target) return text(ctx, 404, '文件不存在');

    const file = await fileAt(target);
    if (file) {
      const immutable = path.relative(root, target).startsWith(ASSETS_DIR + path.sep);
      return send(ctx, target, file, immutable ? IMMUTABLE : REVALIDATE);
    }
    // A missing file stays missing; a client route (no extension) is the app's to show.
    if (path.extname(target)) return text(ctx, 404, '文件不存在');
    return send(ctx, path.join(root, 'index.html'), index, REVALIDATE);
  };
}

async function fileAt(p: string): Promise<{ size: number; mtime: Date } | null> {
  const s = await stat(p).catch(() => null);
  return s?.isFile() ? s : null;
}

/** The file a URL path names under root, or null when it is malformed or would leave root. */
function resolveInside(root: string, urlPath: string): string | null {
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const target = path.resolve(root, relative);
  return target === root || target.startsWith(root + path.sep) ? target : null;
}

function send(ctx: Context, file: string, info: { size: number; mtime: Date }, cacheControl: string): void {
  ctx.status = 200;
  ctx.type = path.extname(file);
  ctx.set('Cache-Control', cacheControl);
  if (ctx.response.is('html')) ctx.set('Content-Security-Policy', CSP);
  ctx.lastModified = info.mtime;
  ctx.etag = `W/"${info.size.toString(16)}-${info.mtime.getTime().toString(16)}"`;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.length = info.size;
  if (ctx.method === 'GET') ctx.body = createReadStream(file);
}

function text(ctx: Context, status: number, message: string): void {
  ctx.status = status;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = message;
}
