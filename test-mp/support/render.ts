import * as path from 'node:path';
import simulate = require('miniprogram-simulate');

export const MINIPROGRAM = path.resolve(__dirname, '../../miniprogram');

type Rendered = ReturnType<typeof simulate.render>;

/**
 * Renders a page or component of the mini-program (path under miniprogram/, no extension),
 * attached to the document. Pages are built with Component(), so simulate renders them too;
 * page lifecycles (onLoad, onShow) are called by the test, as WeChat would.
 */
export function render(file: string, props?: Record<string, unknown>): Rendered {
  // simulate registers a file when require() runs it; jest caches modules, so start afresh.
  // Whatever pages share lives in `wx` (storage, the fakes), which a reset leaves alone.
  jest.resetModules();
  const id = simulate.load(path.join(MINIPROGRAM, file), { rootPath: MINIPROGRAM });
  const rendered = simulate.render(id, props);
  rendered.attach(document.createElement('parent-wrapper'));
  return rendered;
}

export const textOf = (root: Rendered, selector: string): string | undefined =>
  root.querySelector(selector)?.dom?.textContent?.replace(/\s+/g, ' ').trim();

export const textsOf = (root: Rendered, selector: string): string[] =>
  root.querySelectorAll(selector).map((c) => c.dom?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

/** The element's own component (a custom component inside a page), to read its texts. */
export const inside = (root: Rendered, selector: string): Rendered => {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found as Rendered;
};

/** Records the details of a custom event the component fires (triggerEvent). */
export function listen<T>(component: Rendered, event: string): T[] {
  const fired: T[] = [];
  // j-component has addEventListener at run time; its typings leave it out.
  (component as unknown as { addEventListener(name: string, fn: (e: { detail: T }) => void): void })
    .addEventListener(event, (e) => fired.push(e.detail));
  return fired;
}

/** The status words a page shows through its status-badge components (class "status"). */
export const statusesOf = (root: Rendered): string[] =>
  root.querySelectorAll('.status').map((badge) => textOf(badge as Rendered, '.badge') ?? '');

/** Fires a WXML event on the first element matching `selector` and lets handlers run. */
export async function fire(root: Rendered, selector: string, event: string, detail: Record<string, unknown> = {}): Promise<void> {
  const target = root.querySelector(selector);
  if (!target) throw new Error(`no ${selector} to ${event}`);
  target.dispatchEvent(event, { detail });
  await settle();
}

/** Lets pending promises, timers and re-renders finish. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await simulate.sleep(0);
}

/** Waits until `check` holds (the page is waiting on the network). */
export async function until(check: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await simulate.sleep(10);
  }
}
