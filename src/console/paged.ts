/**
 * A list the server pages (notifications, the audit trail): the page shown, its rows and the
 * total, loaded again on `r`; a failed load says so and keeps what was shown.
 */
import { ElMessage } from 'element-plus';
import { onMounted, ref, shallowRef } from 'vue';
import { showError } from './announce';
import { useHotkeys } from './hotkeys';
import type { Page } from './types';

export function usePagedList<T>(fetch: (page: number) => Promise<Page<T>>, failed: string) {
  const page = ref(1);
  const rows = shallowRef<T[]>([]);
  const total = ref(0);
  const loading = ref(false);

  async function load() {
    loading.value = true;
    try {
      const res = await fetch(page.value);
      [rows.value, total.value] = [res.items, res.total];
    } catch (err) {
      showError(err, failed);
    } finally {
      loading.value = false;
    }
  }

  /** From the first page again: what the list shows has changed. */
  function reload() {
    page.value = 1;
    void load();
  }

  /** Something done to a row (sent again, withdrawn): said, and the page loaded again. */
  async function act(run: () => Promise<unknown>, done: string, failedAct: string) {
    try {
      await run();
      ElMessage.success(done);
      await load();
    } catch (err) {
      showError(err, failedAct);
    }
  }

  onMounted(load);
  useHotkeys({ r: () => void load() });
  return { page, rows, total, loading, load, reload, act };
}
