/**
 * `npm run bot`: the hotline's WeChat bot, configured by environment variables (docs/bot.md).
 * With the default puppet (the web protocol) it prints a QR code to scan with the hotline's
 * WeChat account; the login is kept in <BOT_NAME>.memory-card.json for the next start.
 */
import { ScanStatus } from 'wechaty';
import { createBot } from './bot';
import { loadBotConfig } from './config';

/** Draws the QR code in the terminal when the `qrcode` package is installed (file-box brings it). */
async function showQr(value: string): Promise<void> {
  console.log(`[bot] 请用热线的微信扫码登录。二维码内容：${value}`);
  try {
    const qrcode = require('qrcode') as { toString(text: string, options: { type: 'terminal'; small: boolean }): Promise<string> };
    console.log(await qrcode.toString(value, { type: 'terminal', small: true }));
  } catch {
    console.log('[bot] 未安装 qrcode，请把上面的内容用任意二维码工具生成图片后扫码。');
  }
}

async function main(): Promise<void> {
  const config = loadBotConfig();
  const bot = createBot({
    puppet: config.WECHATY_PUPPET,
    puppetToken: config.WECHATY_PUPPET_SERVICE_TOKEN,
    name: config.BOT_NAME,
    apiUrl: config.HOTLINE_API_URL,
    serviceToken: config.HOTLINE_SERVICE_TOKEN,
    push: { port: config.BOT_PUSH_PORT, host: config.BOT_PUSH_HOST, token: config.BOT_PUSH_TOKEN },
    ratePerMinute: config.BOT_RATE_PER_MINUTE,
    replyGapMs: config.BOT_REPLY_GAP_MS,
  });
  bot.wechaty
    .on('scan', (qrcode, status) => {
      if (status === ScanStatus.Waiting || status === ScanStatus.Timeout) void showQr(qrcode);
    })
    .on('login', (user) => console.log(`[bot] 已登录：${user.name()}`))
    .on('logout', (user) => console.log(`[bot] 已退出：${user.name()}`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[bot] ${signal}: stopping`);
    await bot.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await bot.start();
  console.log(`[bot] push receiver on http://${config.BOT_PUSH_HOST}:${bot.pushPort}/push; backend ${config.HOTLINE_API_URL}`);
}

main().catch((err: unknown) => {
  console.error('[bot] failed to start:', err);
  process.exit(1);
});
