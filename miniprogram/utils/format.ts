/** Times as people in Guangdong read them, whatever the phone's time zone. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const pad = (n: number) => String(n).padStart(2, '0');

function shanghai(iso: string): Date {
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
}

/** "2026-03-02 10:05" */
export function formatTime(iso: string): string {
  const d = shanghai(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A deadline as a staff member scans it: "3月5日 23:59 前", and whether it has passed. */
export function formatDeadline(iso: string | null, now: Date = new Date()): { text: string; overdue: boolean } | null {
  if (!iso) return null;
  const d = shanghai(iso);
  const overdue = new Date(iso).getTime() < now.getTime();
  return { text: `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} 前`, overdue };
}
