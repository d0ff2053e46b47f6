/**
 * A JSON file an environment variable names (a province's time limits, the holidays announced
 * for a year), read once at start. One that cannot be read, is not JSON or does not fit its
 * schema stops the start, naming the variable, the file and each field at fault, rather than
 * leaving the server to run on settings nobody made.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export function readConfigFile<T extends z.ZodType>(variable: string, path: string, schema: T): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${variable} ${path}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new Error(`${variable} ${path}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
