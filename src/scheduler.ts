import { schedule } from 'node-cron';

/**
 * Time-driven work is started here and nowhere else: node-cron only rings the bell, and each job
 * is a function of the injected clock's time that decides for itself what is due.
 */
export interface Job {
  name: string;
  /** A cron expression in Asia/Shanghai time. */
  cron: string;
  run(now: Date): Promise<unknown>;
}

export function startJobs(jobs: Job[], clock: () => Date): { stop(): Promise<void> } {
  const tasks = jobs.map((job) =>
    schedule(
      job.cron,
      async () => {
        try {
          await job.run(clock());
        } catch (err) {
          console.error(`[${job.name}] failed`, err);
        }
      },
      { name: job.name, noOverlap: true, timezone: 'Asia/Shanghai' },
    ));
  return { stop: async () => void (await Promise.all(tasks.map((t) => t.destroy()))) };
}
