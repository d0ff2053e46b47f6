/**
 * Reference for the floor of our intake: the raw-insert server's work plus classifying the text,
 * and nothing else — no database, no authentication, no deduplication. Intake can be no faster
 * than this while it classifies before it answers.
 */
import Koa from 'koa';
import { classify } from '../../src/classification/classifier';

classify('热身'); // loads the dictionaries, so that no measured request pays for it
const app = new Koa();
app.use(async (ctx) => {
  if (ctx.method !== 'POST') {
    ctx.status = 204; // the bench's readiness probe
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
  const c = classify(body.text);
  ctx.status = 201;
  ctx.body = { category: c.category, kind: c.kind, districtCode: c.districtCode ?? null };
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
