/**
 * Reference: the limit of one durable write per request — a minimal Koa server that parses the
 * JSON body and does one raw better-sqlite3 INSERT (WAL, default synchronous) per POST.
 */
import Database from 'better-sqlite3';
import Koa from 'koa';

const db = new Database(process.env.DB_FILE!);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, sender TEXT, text TEXT, at TEXT)');
const insert = db.prepare('INSERT INTO message (message_id, sender, text, at) VALUES (?, ?, ?, ?)');

const app = new Koa();
app.use(async (ctx) => {
  if (ctx.method !== 'POST') {
    ctx.status = 204; // the bench's readiness probe
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messageId: string; senderId: string; text: string };
  const { lastInsertRowid } = insert.run(body.messageId, body.senderId, body.text, new Date().toISOString());
  ctx.status = 201;
  ctx.body = { id: Number(lastInsertRowid) };
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
