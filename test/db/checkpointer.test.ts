import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startCheckpointer } from '../../src/db/checkpointer';
import { openDataSource } from '../../src/db/data-source';

const sqliteOnly = process.env.TEST_DATABASE_URL ? describe.skip : describe;

sqliteOnly('WAL checkpoints off the request path', () => {
  let dir: string;
  let ds: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-wal-'));
    ds = await openDataSource(`sqlite:${join(dir, 'db.sqlite')}`);
    await ds.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
  });

  afterEach(async () => {
    if (ds.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const pragma = async (name: string) => Object.values((await ds.query(`PRAGMA ${name}`))[0] as object)[0] as number;
  const fill = (pages: number) => ds.transaction(async (em) => {
    for (let i = 0; i < pages; i++) await em.query('INSERT INTO filler (body) VALUES (?)', ['x'.repeat(4000)]);
  });
  const dbFileBytes = () => statSync(join(dir, 'db.sqlite')).size;

  it('commits leave the log alone and the thread copies it into the database file', async () => {
    const checkpointer = await startCheckpointer(ds, 50);
    expect(await pragma('wal_autocheckpoint')).toBe(0);
    const before = dbFileBytes();
    await fill(1500); // past the 1,000 pages where a commit would have checkpointed itself
    for (let waited = 0; dbFileBytes() < before + 1500 * 4000 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(dbFileBytes()).toBeGreaterThan(before + 1500 * 4000);
    await checkpointer.stop();
    expect(await pragma('wal_autocheckpoint')).toBe(0);
  });
});
