/**
 * `npm run keys:rotate`: after a new key was put first in FIELD_KEYS (or FIELD_HASH_KEY changed),
 * re-seals every stored value under the current key, in batches, and recomputes phone hashes.
 * Safe to run while the server runs, and again: what is already current is left alone.
 */
import { loadConfig } from '../config';
import { openDataSource } from '../db/data-source';
import { Transactor } from '../db/transaction';
import { fieldCryptoFrom } from './field-crypto';
import { reseal } from './reseal';

async function main(): Promise<void> {
  const config = loadConfig();
  const crypto = fieldCryptoFrom(config);
  const ds = await openDataSource(config.DATABASE_URL);
  try {
    const counts = await reseal(ds, new Transactor(ds), crypto, 'rotate');
    for (const [column, n] of Object.entries(counts)) console.log(`${column}: 已重新加密 ${n} 条`);
    console.log(`全部数据已使用当前密钥 ${crypto.currentKeyId}；旧密钥现在可以从 FIELD_KEYS 中移除。`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
