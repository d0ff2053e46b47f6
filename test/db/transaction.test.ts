import { DataSource } from 'typeorm';
import { openDataSource } from '../../src/db/data-source';
import { Transactor } from '../../src/db/transaction';

const sqliteOnly = process.env.TEST_DATABASE_URL ? describe.skip : describe;

sqliteOnly('SQLite transactions: one at a time, committed in groups', () => {
  let ds: DataSource;
  let statements: string[];

  beforeEach(async () => {
    ds = await openDataSource('sqlite::memory:');
    await ds.query('CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const runner = ds.createQueryRunner();
    const query = runner.query.bind(runner);
    statements = [];
    jest.spyOn(runner, 'query').mockImplementation((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
    });
  });

  afterEach(() => ds.destroy());

  const bodies = async () => (await ds.query('SELECT body FROM note ORDER BY id')).map((r: { body: string }) => r.body);

  it('undoes only the work that failed, answers everyone after the commit, and commits fewer times than it ran', async () => {
    const tx = new Transactor(ds);
    const runs = Array.from({ length: 10 }, (_, i) => tx.run(async (em) => {
      await em.query('INSERT INTO note (body) VALUES (?)', [`n${i}`]);
      await em.query('INSERT INTO note (body) VALUES (?)', [`n${i}-second`]);
      if (i === 4) throw new Error('half-way');
      return i;
    }));
    const settled = await Promise.allSettled(runs);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)))
      .toEqual([0, 1, 2, 3, 'half-way', 5, 6, 7, 8, 9]);
    expect(await bodies()).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9].flatMap((i) => [`n${i}`, `n${i}-second`]));
    const commits = statements.filter((s) => s === 'COMMIT').length;
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThan(10);
  });

  it('sees earlier work of its group, as if run one after another', async () => {
    const tx = new Transactor(ds);
    const [, count] = await Promise.all([
      tx.run((em) => em.query('INSERT INTO note (body) VALUES (?)', ['first'])),
      tx.run(async (em) => (await em.query('SELECT COUNT(*) AS n FROM note'))[0].n as number),
    ]);
    expect(count).toBe(1);
  });

  it('fails the whole group when its commit fails, and the next group still runs', async () => {
    const tx = new Transactor(ds);
    // A deferred foreign key is only checked at commit: the commit of this group is refused.
    await ds.query('PRAGMA foreign_keys = ON');
    await ds.query('CREATE TABLE child (id INTEGER PRIMARY KEY, note_id INTEGER REFERENCES note(id) DEFERRABLE INITIALLY DEFERRED)');
    // What queues while a group runs forms the next group.
    let release!: () => void;
    let entered!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const ahead = tx.run(async () => {
      entered();
      await holding;
    });
    await inside;
    const group = Promise.allSettled([
      tx.run((em) => em.query('INSERT INTO note (body) VALUES (?)', ['kept only if the group commits'])),
      tx.run((em) => em.query('INSERT INTO child (note_id) VALUES (999)')),
    ]);
    release();
    await ahead;
    expect((await group).map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(await bodies()).toEqual([]);
    await tx.run((em) => em.query('INSERT INTO note (body) VALUES (?)', ['later']));
    expect(await bodies()).toEqual(['later']);
  });
});
