import { EntityManager, EntityTarget, InsertResult, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

type Values<T> = QueryDeepPartialEntity<T>;

/**
 * Inserts rows without TypeORM reading their defaulted columns back (one SELECT per insert): the
 * callers set every column they read later.
 */
export function insertRows<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, values: Values<T>[]): Promise<InsertResult> {
  return em.createQueryBuilder().insert().into(entity).values(values).updateEntity(false).execute();
}

/** Inserts one row as `insertRows` does and returns its id. */
export async function insertRow<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, values: Values<T>): Promise<number> {
  const { raw } = await insertRows(em, entity, [values]);
  // better-sqlite3 answers with the rowid, mysql2 with a result header.
  return Number(typeof raw === 'object' && raw !== null ? (raw as { insertId: number }).insertId : raw);
}
