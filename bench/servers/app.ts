/** The product itself on a SQLite file, as `npm run serve` runs it, without demo orders. */
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/app';
import { prepare } from '../../src/server';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'production' });
  const services = await prepare(config);
  const server = createApp(services).listen(config.PORT, '127.0.0.1', () => process.send?.('ready'));
  process.on('SIGTERM', () => server.close(() => services.ds.destroy().then(() => process.exit(0))));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
