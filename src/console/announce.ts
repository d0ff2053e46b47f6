/**
 * Alerts: the app shell renders `announcement` in an aria-live region, so screen readers read it
 * out, and a notification shows it to everyone else. Failed requests are shown as messages.
 */
import { ElMessage, ElNotification } from 'element-plus';
import { ref } from 'vue';
import { messageOf } from './api';

export const announcement = ref('');

export function announce(message: string, urgent = false): void {
  // Cleared first, so the same words said twice are read out twice.
  announcement.value = '';
  requestAnimationFrame(() => (announcement.value = message));
  if (urgent) ElNotification({ title: '紧急', message, type: 'error', duration: 10_000, position: 'bottom-right' });
}

export function showError(err: unknown, fallback: string): void {
  ElMessage.error(messageOf(err, fallback));
}
