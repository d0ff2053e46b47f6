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

/** A bound on a column in `firstId`: equal to a value, at least it, or none of some values. */
type Bound<V> = V | { atLeast: V } | { notIn: readonly V[] };

type Where<T> = { [K in keyof T]?: Bound<T[K]> };

/**
 * The lowest id among rows matching every bound, by one plain SELECT. For lookups that mostly
 * miss (is this message new? is this caller known?) or need only the id, it skips building a
 * query and an entity; a hit is loaded by id. Given alternatives, the first that matches
 * anything answers, still in one statement. `share` takes a shared lock on what it reads
 * (MySQL; SQLite's transactions run one at a time).
 */
export async function firstId<T extends ObjectLiteral>(
  em: EntityManager, entity: EntityTarget<T>, where: Where<T> | Array<Where<T>>, options: { share?: boolean } = {},
): Promise<number | null> {
  const alternatives = Array.isArray(where) ? where : [where];
  const values: unknown[] = [];
  const selects = alternatives.map((w) => lowestIdWhere(em, entity, w, values));
  const lock = options.share && em.connection.driver.options.type !== 'better-sqlite3' ? ' LOCK IN SHARE MODE' : '';
  const sql = selects.length === 1
    ? selects[0] + lock
    // Each alternative walks its own index; the rank keeps the earlier one's answer first.
    : `${selects.map((select, rank) => `SELECT id, ${rank} AS alternative FROM (${select}${lock}) a${rank}`).join(' UNION ALL ')} ORDER BY alternative LIMIT 1`;
  const rows: Array<{ id: number | string }> = await em.query(sql, values);
  return rows.length ? Number(rows[0].id) : null;
}

function lowestIdWhere<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, where: Where<T>, values: unknown[]): string {
  const meta = em.connection.getMetadata(entity);
  const driver = em.connection.driver;
  const terms: string[] = [];
  for (const [property, bound] of Object.entries(where)) {
    const column = meta.findColumnWithPropertyName(property);
    if (!column) throw new Error(`firstId: ${meta.name} has no column for ${property}`);
    const name = driver.escape(column.databaseName);
    if (isBound(bound, 'notIn')) {
      terms.push(`${name} NOT IN (${bound.notIn.map(() => '?').join(', ')})`);
      values.push(...bound.notIn.map((v) => driver.preparePersistentValue(v, column)));
    } else if (isBound(bound, 'atLeast')) {
      terms.push(`${name} >= ?`);
      values.push(driver.preparePersistentValue(bound.atLeast, column));
    } else {
      terms.push(`${name} = ?`);
      values.push(driver.preparePersistentValue(bound, column));
    }
  }
  return `SELECT id FROM ${driver.escape(meta.tableName)} WHERE ${terms.join(' AND ')} ORDER BY id LIMIT 1`;
}

function isBound<K extends 'atLeast' | 'notIn'>(bound: unknown, kind: K): bound is Record<K, K extends 'notIn' ? readonly unknown[] : unknown> {
  return typeof bound === 'object' && bound !== null && kind in bound;
}
