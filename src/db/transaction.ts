import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

/**
 * Runs `work` in one database transaction.
 *
 * SQLite has a single connection in TypeORM, so two transactions in flight at once would
 * interleave on it; they are queued here instead. MySQL gives each transaction its own pooled
 * connection and needs no queue; `isolation` applies there (SQLite's queued transactions are
 * serialisable anyway).
 */
export class Transactor {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serial: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serial = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (em: EntityManager) => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    if (!this.serial) return isolation ? this.dataSource.transaction(isolation, work) : this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
