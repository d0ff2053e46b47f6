import type { DataSource } from 'typeorm';

/**
 * The few SQL expressions the KPI queries need that SQLite and MySQL/MariaDB spell differently.
 * Times are stored in UTC: SQLite keeps 'YYYY-MM-DD HH:MM:SS.SSS' text, MySQL a DATETIME.
 */
export interface Dialect {
  /** 'YYYY-MM' of a UTC datetime column, on the Shanghai calendar (UTC+8, no DST). */
  shanghaiMonth(column: string): string;
  /** Natural days, with the fraction, from one datetime column to another. */
  daysBetween(from: string, to: string): string;
  /**
   * The integer id in a unit path ('/1/3/45/') that starts at character `offset` (1-based): with
   * offset = length of a unit's path + 1, the child of that unit on the way down to the path's unit.
   */
  idInPathAt(column: string, offset: string): string;
}

const sqlite: Dialect = {
  shanghaiMonth: (column) => `strftime('%Y-%m', ${column}, '+8 hours')`,
  daysBetween: (from, to) => `(julianday(${to}) - julianday(${from}))`,
  idInPathAt: (column, offset) =>
    `CAST(substr(${column}, ${offset}, instr(substr(${column}, ${offset}), '/') - 1) AS INTEGER)`,
};

const mysql: Dialect = {
  shanghaiMonth: (column) => `DATE_FORMAT(${column} + INTERVAL 8 HOUR, '%Y-%m')`,
  daysBetween: (from, to) => `(TIMESTAMPDIFF(SECOND, ${from}, ${to}) / 86400)`,
  idInPathAt: (column, offset) => `CAST(SUBSTRING_INDEX(SUBSTRING(${column}, ${offset}), '/', 1) AS UNSIGNED)`,
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
