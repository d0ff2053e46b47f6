import { randomBytes } from 'node:crypto';

/** Production wants keys for workers' personal data at rest; a fresh pair per bench run will do. */
export const benchKeys = () => ({
  FIELD_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  FIELD_HASH_KEY: randomBytes(32).toString('base64'),
});
