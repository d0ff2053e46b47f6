import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultConsoleDir } from '../../src/http/static';

const ROOT = path.resolve(__dirname, '../..');
const SOURCES = path.join(ROOT, 'src/console');

function newestChange(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const p = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestChange(p) : statSync(p).mtimeMs);
  }, 0);
}

/**
 * Builds the console unless dist/console is newer than every file of its sources, so `npm test`
 * works on a fresh clone and never runs against a stale build. Vite is ESM-only and jest is not,
 * so it runs as its own process.
 */
export function ensureConsoleBuilt(): void {
  const index = path.join(defaultConsoleDir(), 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestChange(SOURCES)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(SOURCES, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}
