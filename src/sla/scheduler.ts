import { schedule } from 'node-cron';
import type { DeadlineSweep } from './sweep';

/**
 * node-cron only rings the bell: every minute it asks the sweep to process what is due at the
 * injected clock's time. The sweep itself decides which instance runs.
 */
export function startDeadlineScheduler(sweep: DeadlineSweep, clock: () => Date): { stop(): Promise<void> } {
  const task = schedule(
    '* * * * *',
    async () => {
      try {
        await sweep.processDue(clock());
      } catch (err) {
        console.error('[sla] deadline sweep failed', err);
      }
    },
    { name: 'sla-sweep', noOverlap: true },
  );
  return { stop: async () => void (await task.destroy()) };
}
