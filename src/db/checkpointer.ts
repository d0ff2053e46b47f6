import { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';

/** SQLite's own threshold, restored if the thread is lost. */
const AUTO_CHECKPOINT_PAGES = 1000;

// Runs in the thread: its own connection, a PASSIVE checkpoint (never blocks writers) every tick.
const THREAD = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * In WAL mode SQLite copies the log back into the database file, with an fsync, inside whichever
 * commit crosses 1,000 pages: that request then waits tens of milliseconds. The server hands the
 * copying to a thread with its own connection instead, so commits only append to the log.
 * Nothing to do for MySQL or an in-memory database.
 */
export async function startCheckpointer(ds: DataSource, intervalMs = 1000): Promise<Checkpointer> {
  const file = ds.options.type === 'better-sqlite3' ? ds.options.database : ':memory:';
  if (file === ':memory:') return { stop: async () => undefined };
  await ds.query('PRAGMA wal_autocheckpoint = 0');
  const worker = new Worker(THREAD, { eval: true, workerData: { file, intervalMs, driver: require.resolve('better-sqlite3') } });
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.once('error', (err) => console.error('SQLite 检查点线程出错，改由主连接自动检查点', err));
  void exited.then(async () => {
    // Lost unexpectedly: the log must not grow without bound.
    if (!stopping && ds.isInitialized) await ds.query(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  });
  return {
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      await exited;
    },
  };
}
