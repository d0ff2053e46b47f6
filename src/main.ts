import { loadConfig } from './config';
import { start } from './server';
import { calendarWarning } from './sla/calendar';

/** Past this, shutdown stops waiting for open requests. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await start(config);
  const address = running.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  console.log(`12351 热线服务已启动: http://localhost:${port}  (数据库: ${running.services.ds.options.type})`);
  const warning = calendarWarning(running.services.clock());
  if (warning) console.warn(`注意：${warning}`);

  const shutdown = (signal: string) => {
    console.log(`收到 ${signal}，正在停止服务…`);
    setTimeout(() => {
      console.error('停止超时，强制退出');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    running.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
