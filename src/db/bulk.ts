import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Values per statement: under SQLite's limit of 32766 bound parameters. */
const VALUES_PER_INSERT = 30_000;

/**
 * Plain INSERT statements for rows (all with the same fields), converting values for the driver
 * as TypeORM would. The query builder spends far longer on its per-parameter bookkeeping than the
 * database spends inserting once a statement holds thousands of values, and after a single-row
 * insert it reads the defaulted columns back, which the callers here never look at.
 */
async function insert<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: Array<Partial<T>>): Promise<unknown[]> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const columns = Object.keys(rows[0]).map((property) => {
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`insert: ${meta.name} has no column for ${property}`);
    return column;
  });
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${driver.escape(meta.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  // Bulk rows often share values (one timestamp for all): each column converts a repeat once.
  const last = columns.map(() => ({ raw: undefined as unknown, value: undefined as unknown }));
  const convert = (raw: unknown, i: number) => {
    if (raw !== last[i].raw) last[i] = { raw, value: driver.preparePersistentValue(raw, columns[i]) };
    return last[i].value;
  };
  const perInsert = Math.floor(VALUES_PER_INSERT / columns.length);
  const results: unknown[] = [];
  for (let start = 0; start < rows.length; start += perInsert) {
    const slice = rows.slice(start, start + perInsert);
    const values: unknown[] = [];
    for (const row of slice) columns.forEach((c, i) => values.push(convert(row[c.propertyName as keyof T], i)));
    results.push(await em.query(head + Array(slice.length).fill(tuple).join(', '), values));
  }
  return results;
}

/** Multi-row INSERT of many rows at once. */
export async function insertMany<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: Array<Partial<T>>): Promise<void> {
  if (rows.length) await insert(em, entity, rows);
}

/** Inserts one row and returns its id. */
export async function insertRow<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, row: Partial<T>): Promise<number> {
  const [result] = await insert(em, entity, [row]);
  // better-sqlite3 answers with the rowid, mysql2 with a result header.
  return Number(typeof result === 'object' && result !== null ? (result as { insertId: number }).insertId : result);
}

/** A bound on a column in `firstId`: equal to a value, or at least it. */
type Bound<V> = V | { atLeast: V };

/**
 * The lowest id among rows matching every bound, by one plain SELECT. For lookups that mostly
 * miss (is this message new? is this caller known?) it skips building a query and an entity;
 * a hit is loaded by id.
 */
export async function firstId<T extends ObjectLiteral>(
  em: EntityManager, entity: EntityTarget<T>, where: { [K in keyof T]?: Bound<T[K]> },
): Promise<number | null> {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const terms: string[] = [];
  const values: unknown[] = [];
  for (const [property, bound] of Object.entries(where)) {
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`firstId: ${meta.name} has no column for ${property}`);
    const atLeast = typeof bound === 'object' && bound !== null && 'atLeast' in bound;
    terms.push(`${driver.escape(column.databaseName)} ${atLeast ? '>=' : '='} ?`);
    values.push(driver.preparePersistentValue(atLeast ? bound.atLeast : bound, column));
  }
  const rows: Array<{ id: number | string }> = await em.query(
    `SELECT id FROM ${driver.escape(meta.tableName)} WHERE ${terms.join(' AND ')} ORDER BY id LIMIT 1`, values,
  );
  return rows.length ? Number(rows[0].id) : null;
}
