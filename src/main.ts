import { loadConfig } from './config';
import { start } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const { services, server } = await start(config);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  console.log(`12351 热线服务已启动: http://localhost:${port}  (数据库: ${services.ds.options.type})`);

  const stop = async () => {
    server.close();
    await services.ds.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
