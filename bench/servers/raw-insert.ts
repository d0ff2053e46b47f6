/**
 * Reference: the limit of one durable write per request — a minimal Koa server that parses the
 * JSON body and does one raw better-sqlite3 INSERT (WAL, default synchronous) per POST.
 */
import Database from 'better-sqlite3';
import { servePosts } from './serve';

const db = new Database(process.env.DB_FILE!);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY, message_id TEXT UNIQUE, sender TEXT, text TEXT, at TEXT)');
const insert = db.prepare('INSERT INTO message (message_id, sender, text, at) VALUES (?, ?, ?, ?)');

servePosts((body: { messageId: string; senderId: string; text: string }) => {
  const { lastInsertRowid } = insert.run(body.messageId, body.senderId, body.text, new Date().toISOString());
  return { id: Number(lastInsertRowid) };
});
