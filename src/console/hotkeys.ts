/**
 * Keyboard shortcuts for the page that uses them, active while it is mounted. Plain keys are
 * ignored while typing in a field; Ctrl/⌘ combinations always work.
 */
import { onBeforeUnmount, onMounted } from 'vue';

type Hotkeys = Record<string, (event: KeyboardEvent) => void>;

/** "ctrl+enter", "j", "?" … as the map's keys name them. */
function keyName(e: KeyboardEvent): string {
  return `${e.ctrlKey || e.metaKey ? 'ctrl+' : ''}${e.altKey ? 'alt+' : ''}${e.key.toLowerCase()}`;
}

function isTyping(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

const dialogOpen = () =>
  [...document.querySelectorAll<HTMLElement>('.el-overlay')].some((el) => getComputedStyle(el).display !== 'none');

export function useHotkeys(keys: Hotkeys): void {
  const onKey = (e: KeyboardEvent) => {
    const name = keyName(e);
    const handler = keys[name];
    if (!handler || e.isComposing || (isTyping(e) && !name.startsWith('ctrl+'))) return;
    // An open dialog owns the keyboard, apart from its own shortcuts.
    if (dialogOpen() && !name.startsWith('ctrl+')) return;
    e.preventDefault();
    handler(e);
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
