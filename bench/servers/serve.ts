/**
 * The reference servers' common frame: a bare Koa app that reads each POST's JSON body and answers
 * 201 with what `handle` returns; any other request gets 204 (the bench's readiness probe).
 */
import Koa from 'koa';

export function servePosts<T>(handle: (body: T) => unknown): void {
  const app = new Koa();
  app.use(async (ctx) => {
    if (ctx.method !== 'POST') {
      ctx.status = 204;
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
    ctx.body = handle(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
    ctx.status = 201;
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
