import { FindOperator, Raw } from 'typeorm';

// '!' as the escape character reads the same in SQLite and MySQL string literals; '\' does not.
const escape = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/** `LIKE '%text%'` with the user's % and _ taken literally, as a SQL fragment for query builders. */
export function containsSql(column: string, param: string): string {
  return `${column} LIKE :${param} ESCAPE '!'`;
}

export const containsValue = (text: string) => `%${escape(text)}%`;

/** The same as a find-options operator. */
export const contains = (text: string): FindOperator<string> =>
  Raw((alias) => containsSql(alias, 'contains'), { contains: containsValue(text) });
