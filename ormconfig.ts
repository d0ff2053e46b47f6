/** The DataSource the TypeORM CLI uses (`npx typeorm-ts-node-commonjs migration:show -d ormconfig.ts`). */
import { createDataSource } from './src/db/data-source';

export const dataSource = createDataSource(process.env.DATABASE_URL ?? 'sqlite:data/hotline.sqlite');
