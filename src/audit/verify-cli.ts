/**
 * `npm run -s audit:verify`: re-computes the audit chain of the database in DATABASE_URL and
 * exits 1 at the first changed, deleted or cut-off row.
 */
import { loadConfig } from '../config';
import { openDataSource } from '../db/data-source';
import { Transactor } from '../db/transaction';
import { AuditService } from './audit.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const ds = await openDataSource(config.DATABASE_URL);
  try {
    const result = await new AuditService(ds, new Transactor(ds), () => new Date()).verify();
    if (result.ok) {
      console.log(`审计日志完整：共 ${result.rows} 条，哈希链校验通过`);
    } else {
      console.error(`审计日志被篡改：第 ${result.break!.id} 条（${result.break!.reason}），此前 ${result.rows} 条完好`);
      process.exitCode = 1;
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
