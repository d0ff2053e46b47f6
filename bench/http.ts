/**
 * Intake against the limit of one durable write per request, in one run on loopback:
 *   1. a bare Koa hello-world, 2. Koa + one raw better-sqlite3 INSERT per POST,
 *   3. Koa + classifying the text and nothing else: the floor of any intake that classifies before
 *      it answers,
 *   4. our intake endpoint (classify + dedup + persist + route + audit) at full speed,
 *   5. our intake endpoint at a fixed 200 req/s,
 *   6. our intake endpoint at full speed with complaints that name their employer, most of them
 *      joining an open order (并单).
 * Each server runs in its own process; its peak RSS under load is sampled from /proc, and the CPU
 * time it used during each run is divided by the requests it answered. Ours is the
 * compiled server as `npm start` runs it (production mode, its cron jobs and relay running).
 *
 * Usage: npm run -s build:server && npx tsx bench/http.ts [seconds per run, default 10]
 *   BENCH_DATABASE_URL: runs our server on that database (MySQL/MariaDB, which keeps the search
 *   index up behind intake) instead of a new SQLite file; the database must exist.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchKeys } from './keys';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = 20;
const TOKEN = 'bench-service-token-0123456789';

// Messages a worker might send; each request varies sender and wording so none is a duplicate.
const TEMPLATES = [
  '我在{p}一家工厂上班，老板拖欠我们{n}个月工资了，请工会帮帮忙',
  '{p}的公司不给我们交社保，已经{n}个月了，怎么办',
  '在{p}送外卖，站点扣了我{n}百块钱押金不退',
  '我在{p}工地受伤了，老板不给报工伤，已经{n}周了',
  '公司在{p}，加班费按最低工资算，连续{n}个月每天加班三小时',
];
const PLACES = ['天河区', '佛山南海', '东莞塘厦', '深圳宝安沙井', '番禺', '中山小榄', '江门蓬江', '惠州惠城'];

interface Server {
  child: ChildProcess;
  url: string;
  peakRss: number;
  sampler?: NodeJS.Timeout;
}

let port = 4100;

/** `node` arguments of `npm start`, so the server is measured as it is run. */
function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start no longer runs node directly: ${pkg.scripts.start}`);
  return args;
}

/** Starts `node <args>` on the next port and waits until it answers HTTP. */
async function start(args: string[], env: Record<string, string>): Promise<Server> {
  const p = port++;
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(p), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${p}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${args.join(' ')} exited before it was ready`);
    if (await fetch(url).then(() => true, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url, peakRss: 0 };
}

/** CPU time (user + system) the server's process has used so far, in µs. */
function cpuMicros(server: Server): number {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / 100); // clock ticks, 100 a second
}

function sampleRss(server: Server): void {
  server.sampler = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))?.[1] ?? 0);
      server.peakRss = Math.max(server.peakRss, kb / 1024);
    } catch {
      // the process is gone
    }
  }, 100);
}

async function stop(server: Server): Promise<void> {
  clearInterval(server.sampler);
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
}

// Employers named in the second mix: 600 names in each place, so about three complaints in four
// join an open order of their employer (并单) and the rest register one.
const NAME_HEADS = [...'金银宏恒华鸿兴永富瑞嘉达辉盛泰'];
const NAME_TAILS = [...'鹏发达通运昌隆源祥利'];
const TRADES = ['电子厂', '五金厂', '物流公司', '服装厂'];
const EMPLOYERS = 600;

function employer(n: number): string {
  const k = n % EMPLOYERS;
  return NAME_HEADS[k % 15] + NAME_TAILS[Math.floor(k / 15) % 10] + TRADES[Math.floor(k / 150) % 4];
}

let seq = 0;
function messageBody(mix: 'varied' | 'employers'): string {
  const n = ++seq;
  const place = PLACES[n % PLACES.length];
  const text = mix === 'employers'
    ? `我在${place}${employer(Math.floor(n / PLACES.length))}上班，老板拖欠我们${(n % 9) + 1}个月工资了`
    : TEMPLATES[n % TEMPLATES.length].replace('{p}', place).replace('{n}', String((n % 9) + 1));
  return JSON.stringify({ channel: 'wechat', messageId: `bench-${process.pid}-${n}`, senderId: `wx-bench-${n}`, text });
}

async function load(server: Server, options: { method: 'GET' | 'POST'; path: string; rate?: number; auth?: boolean; mix?: 'employers' }) {
  const cpuBefore = cpuMicros(server);
  const result = await autocannon({
    url: server.url + options.path,
    connections: options.rate ? 10 : CONNECTIONS,
    duration: SECONDS,
    overallRate: options.rate,
    requests: [{
      method: options.method,
      headers: { 'content-type': 'application/json', ...(options.auth ? { authorization: `Bearer ${TOKEN}` } : {}) },
      setupRequest: (req) => (options.method === 'POST' ? { ...req, body: messageBody(options.mix ?? 'varied') } : req),
    }],
  });
  const non2xx = result.non2xx + result.errors;
  const cpuPerRequest = (cpuMicros(server) - cpuBefore) / result.requests.total;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, non2xx, cpuPerRequest };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  const rows: string[] = [];
  const row = (name: string, r: Awaited<ReturnType<typeof load>>, rss: number) =>
    rows.push(`| ${name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.non2xx} | ${rss.toFixed(0)} | ${r.cpuPerRequest.toFixed(0)} |`);
  try {
    const hello = await start(['--import', 'tsx', 'bench/servers/hello.ts'], {});
    sampleRss(hello);
    row('Koa hello-world (GET)', await load(hello, { method: 'GET', path: '/' }), hello.peakRss);
    await stop(hello);

    const raw = await start(['--import', 'tsx', 'bench/servers/raw-insert.ts'], { DB_FILE: join(dir, 'raw.sqlite') });
    sampleRss(raw);
    const rawResult = await load(raw, { method: 'POST', path: '/' });
    row('Koa + one raw INSERT (POST)', rawResult, raw.peakRss);
    await stop(raw);

    const floor = await start(['--import', 'tsx', 'bench/servers/classify-only.ts'], {});
    sampleRss(floor);
    const floorResult = await load(floor, { method: 'POST', path: '/' });
    row('Koa + classification only, no database (POST)', floorResult, floor.peakRss);
    await stop(floor);

    const app = await start(startArgs(), {
      NODE_ENV: 'production', DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `sqlite:${join(dir, 'app.sqlite')}`, INTAKE_SERVICE_TOKEN: TOKEN, INTAKE_RATE_PER_MINUTE: '100000000',
      ...benchKeys(),
    });
    sampleRss(app);
    const intake = await load(app, { method: 'POST', path: '/api/v1/intake/messages', auth: true });
    row('our intake, full speed (POST)', intake, app.peakRss);
    const paced = await load(app, { method: 'POST', path: '/api/v1/intake/messages', auth: true, rate: 200 });
    row('our intake at 200 req/s (POST)', paced, app.peakRss);
    const employers = await load(app, { method: 'POST', path: '/api/v1/intake/messages', auth: true, mix: 'employers' });
    row('our intake, complaints naming their employer, full speed (POST)', employers, app.peakRss);
    await stop(app);

    console.log(`| server | req/s | p50 ms | p99 ms | requests | non-2xx | peak RSS MB | server CPU µs/request |`);
    console.log(`|---|---|---|---|---|---|---|---|`);
    for (const r of rows) console.log(r);
    const percent = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
    console.log(`\nclassification only / raw-insert req/s: ${percent(floorResult.rps, rawResult.rps)}`);
    console.log(`intake / raw-insert req/s: ${percent(intake.rps, rawResult.rps)} (target ≥ 30%); `
      + `p99 at 200 req/s: ${paced.p99} ms (target ≤ 50 ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
