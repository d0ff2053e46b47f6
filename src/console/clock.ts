/** One ticking "now" for every countdown on the page, instead of a timer per row. */
import { onScopeDispose, shallowRef } from 'vue';

const now = shallowRef(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow() {
  if (users++ === 0) timer = setInterval(() => (now.value = Date.now()), 1000);
  onScopeDispose(() => {
    if (--users === 0) clearInterval(timer);
  });
  return now;
}
