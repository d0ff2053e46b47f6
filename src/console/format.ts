/** How times, durations and figures read in the console (Shanghai time, Chinese units). */

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
const fullDateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 03/02 10:00 */
export const formatTime = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : '—');
/** 2026/03/02 10:00 */
export const formatFullTime = (iso: string | null) => (iso ? fullDateTime.format(new Date(iso)) : '—');
/** The Shanghai calendar day of an instant, as YYYY-MM-DD (what the API takes as a bare date). */
export const shanghaiDay = (d: Date) => day.format(d);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A span as people say it: 2天3小时, 5小时12分, 8分钟. */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= DAY) return `${Math.floor(abs / DAY)}天${Math.floor((abs % DAY) / HOUR)}小时`;
  if (abs >= HOUR) return `${Math.floor(abs / HOUR)}小时${Math.floor((abs % HOUR) / MINUTE)}分`;
  return `${Math.max(1, Math.ceil(abs / MINUTE))}分钟`;
}

export const formatPercent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

export const formatMoney = (yuan: number) =>
  `¥${yuan.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const excerpt = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, chars)}…` : text);
