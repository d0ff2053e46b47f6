import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

type Work = (em: EntityManager) => Promise<unknown>;

interface Queued {
  work: Work;
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** Enough to amortise a commit; small enough that the first in a group is not kept waiting long. */
const MAX_GROUP = 32;

/**
 * Runs `work` in one database transaction.
 *
 * MySQL gives each transaction its own pooled connection. SQLite has a single connection in
 * TypeORM, so transactions must run one after another; and since each commit is a durable write
 * (an fsync of the log), the ones that queued up while a commit ran are committed together (group
 * commit): each runs in its own savepoint, so one that fails is undone alone, and nobody is
 * answered before the commit that made their work durable. `isolation` applies to MySQL (SQLite's
 * transactions run one at a time: serialisable anyway).
 */
export class Transactor {
  private readonly queue: Queued[] = [];
  private draining = false;
  private readonly serial: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (em: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    if (!this.serial) return isolation ? this.dataSource.transaction(isolation, work) : this.dataSource.transaction(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      // better-sqlite3 answers synchronously, so a group runs to its commit without letting other
      // requests in: started at once, every group would hold one transaction. Started after the
      // requests already read from the network have reached here, it holds them all.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) await this.commitGroup(this.queue.splice(0, MAX_GROUP));
    this.draining = false;
  }

  private async commitGroup(group: Queued[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const answers: Array<() => void> = [];
    try {
      await runner.startTransaction();
      for (const item of group) {
        await runner.startTransaction(); // a savepoint
        try {
          const value = await item.work(runner.manager);
          await runner.commitTransaction();
          answers.push(() => item.resolve(value));
        } catch (err) {
          await runner.rollbackTransaction();
          answers.push(() => item.reject(err));
        }
      }
      await runner.commitTransaction();
    } catch (err) {
      // The group's commit (or a savepoint statement) failed: nothing of it is durable.
      try {
        while (runner.isTransactionActive) await runner.rollbackTransaction();
      } catch {
        // The connection is past saving; the next group starts afresh.
      }
      for (const item of group) item.reject(err);
      return;
    }
    for (const answer of answers) answer();
  }
}
