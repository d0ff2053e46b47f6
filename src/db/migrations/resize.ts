import { QueryRunner, TableColumn } from 'typeorm';

/** Gives nullable varchar columns of `table` new lengths, keeping their values, on both engines. */
export async function resizeVarchars(q: QueryRunner, table: string, columns: Array<[string, number]>): Promise<void> {
  if (q.connection.driver.options.type !== 'better-sqlite3') {
    // TypeORM's changeColumn drops and re-adds a MySQL column whose length changes: the data would go.
    for (const [name, length] of columns) await q.query(`ALTER TABLE \`${table}\` MODIFY \`${name}\` varchar(${length}) NULL`);
    return;
  }
  // SQLite rebuilds the table, rows included.
  const current = (await q.getTable(table))!;
  await q.changeColumns(current, columns.map(([name, length]) => ({
    oldColumn: current.findColumnByName(name)!,
    newColumn: new TableColumn({ name, type: 'varchar', length: String(length), isNullable: true }),
  })));
}
