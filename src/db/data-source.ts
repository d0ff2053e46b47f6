import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './naming';

export type Engine = 'sqlite' | 'mysql';

export interface DatabaseTarget {
  engine: Engine;
  options: DataSourceOptions;
}

/**
 * `sqlite:data/hotline.sqlite`, `sqlite::memory:` or `mysql://user:pass@host:3306/db`
 * (`mariadb://` is accepted too; both go through mysql2).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const common = { entities, migrations, namingStrategy: new SnakeNamingStrategy(), logging: false as const };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    return {
      engine: 'sqlite',
      options: {
        ...common, type: 'better-sqlite3', database: file, enableWAL: file !== ':memory:', timeout: 5000,
        // Every distinct SQL text the app issues stays prepared (a few hundred); the default 100 thrashed.
        statementCacheSize: 2000,
      },
    };
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    return {
      engine: 'mysql',
      options: {
        ...common,
        type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
        url: url.replace(/^mariadb:/, 'mysql:'),
        charset: 'utf8mb4',
        // Dates cross the wire as UTC so stored times are UTC whatever the server's zone.
        timezone: 'Z',
        // mysql2 otherwise captures a stack trace for every statement, to show the caller should it
        // fail (5% of intake's CPU); TypeORM's QueryFailedError names the statement anyway.
        trace: false,
        extra: { connectionLimit: 10 },
      },
    };
  }
  throw new Error(`DATABASE_URL must start with sqlite: or mysql:// (got "${url}")`);
}

export function createDataSource(url: string): DataSource {
  const ds = new DataSource(parseDatabaseUrl(url).options);
  if (ds.options.type === 'better-sqlite3') bindNumbers(ds);
  return ds;
}

/**
 * TypeORM's SQLite driver writes numeric parameters into the SQL text (`WHERE id = 42`), so every
 * id makes a new statement to prepare and evicts a cached one. Binding them like any other value
 * keeps the text constant; SQLite's column affinity compares and stores them as before.
 */
function bindNumbers(ds: DataSource): void {
  const driver = ds.driver as unknown as {
    escapeQueryWithParameters(sql: string, parameters: Record<string, unknown>, native: Record<string, unknown>): [string, unknown[]];
  };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters, native) => {
    // Boxed, a number takes the driver's path for bound values; it is unboxed for better-sqlite3.
    const boxed = Object.fromEntries(Object.entries(parameters ?? {}).map(([k, v]) => [k, typeof v === 'number' ? new Number(v) : v]));
    const [text, values] = escape(sql, boxed, native);
    return [text, values.map((v) => (v instanceof Number ? v.valueOf() : v))];
  };
}

/**
 * Opens the database, telling MariaDB from MySQL by asking the server: TypeORM reads column
 * defaults differently for the two, and `mysql://` URLs commonly point at either.
 */
export async function openDataSource(url: string): Promise<DataSource> {
  let target = url;
  if (url.startsWith('mysql://')) {
    const probe = await createConnection({ uri: url });
    try {
      const [rows] = await probe.query('SELECT VERSION() AS v');
      if (/mariadb/i.test((rows as Array<{ v: string }>)[0].v)) target = url.replace(/^mysql:/, 'mariadb:');
    } finally {
      await probe.end();
    }
  }
  return createDataSource(target).initialize();
}
