import type { DataSource } from 'typeorm';

/**
 * The few SQL expressions the KPI queries need that SQLite and MySQL/MariaDB spell differently.
 * Times are stored in UTC: SQLite keeps 'YYYY-MM-DD HH:MM:SS.SSS' text, MySQL a DATETIME.
 */
export interface Dialect {
  /** 'YYYY-MM' of a UTC datetime column, on the Shanghai calendar (UTC+8, no DST). */
  shanghaiMonth(column: string): string;
  /** 'YYYY-MM-DD' of a UTC datetime column, on the Shanghai calendar. */
  shanghaiDay(column: string): string;
  /** Whole seconds from one datetime column to another. */
  secondsBetween(from: string, to: string): string;
  /** A SELECT that joins its tables in the order written. */
  joinInOrder(select: string): string;
  /** Turns an INSERT into `table` into one that adds `columns` to the row already holding its `keys`. */
  addOnConflict(table: string, keys: string[], columns: string[]): string;
}

const sqlite: Dialect = {
  shanghaiMonth: (column) => `strftime('%Y-%m', ${column}, '+8 hours')`,
  shanghaiDay: (column) => `strftime('%Y-%m-%d', ${column}, '+8 hours')`,
  // Milliseconds rounded away from julianday's float error, then truncated to seconds as MySQL does.
  secondsBetween: (from, to) => `(CAST(ROUND((julianday(${to}) - julianday(${from})) * 86400000) AS INTEGER) / 1000)`,
  // SQLite's planner puts the table with the most selective constraint first anyway.
  joinInOrder: (select) => select,
  addOnConflict: (_table, keys, columns) => ` ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
};

const mysql: Dialect = {
  shanghaiMonth: (column) => `DATE_FORMAT(${column} + INTERVAL 8 HOUR, '%Y-%m')`,
  shanghaiDay: (column) => `DATE_FORMAT(${column} + INTERVAL 8 HOUR, '%Y-%m-%d')`,
  secondsBetween: (from, to) => `TIMESTAMPDIFF(SECOND, ${from}, ${to})`,
  joinInOrder: (select) => select.replace(/^SELECT /, 'SELECT STRAIGHT_JOIN '),
  addOnConflict: (table, _keys, columns) => ` ON DUPLICATE KEY UPDATE ${columns.map((c) => `${table}.${c} = ${table}.${c} + VALUES(${c})`).join(', ')}`,
};

export function dialectOf(ds: DataSource): Dialect {
  switch (ds.options.type) {
    case 'better-sqlite3':
      return sqlite;
    case 'mysql':
    case 'mariadb':
      return mysql;
    default:
      throw new Error(`KPIs: no SQL dialect for database type ${ds.options.type}`);
  }
}
