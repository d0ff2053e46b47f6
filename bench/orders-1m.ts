/**
 * The scoped order list and the KPI query on 1,000,000 orders in MariaDB/MySQL, through the
 * product's own HTTP routes (the app started in-process on that database, requests one at a time).
 *
 * The database is migrated with the product's migrations and seeded with the Guangdong union tree
 * and the demo accounts as the product does; then two years of orders are bulk-loaded with what the
 * read paths use: the orders with their deadlines and supervision state, each level of their chain
 * (work_order_assignment), the visibility rows (work_order_reach) and their timelines
 * (work_order_event, ids in time order as the product writes them). Finished orders are then
 * rolled up into kpi_day, as the server's scheduled job does. A database already holding exactly
 * that many orders is reused; `--reload` empties it and loads again.
 *
 * Usage: npx tsx bench/orders-1m.ts [--reload] [--orders N] [--samples N] [--only list|kpi]
 *   BENCH_DATABASE_URL (default mysql://root@127.0.0.1:3306/hotline_bigbench_1m; the database must exist)
 */
import type { AddressInfo } from 'node:net';
import type { QueryRunner } from 'typeorm';
import { createApp } from '../src/app';
import { totpAt } from '../src/auth/totp';
import { loadConfig } from '../src/config';
import { openDataSource } from '../src/db/data-source';
import { pathIds } from '../src/orgs/org.service';
import { DEMO_TOTP_SECRET } from '../src/seed/demo';
import { prepare } from '../src/server';
import { checkpoints, computeDeadlines } from '../src/sla/sla-policy';
import { KpiRollup } from '../src/stats/rollup';
import type { Status } from '../src/work-orders/lifecycle';
import { indexAllOrders } from '../src/work-orders/search';
import type { Category, Channel, Difficulty } from '../src/work-orders/work-order.entity';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/hotline_bigbench_1m';
const ORDERS = option('orders', 1_000_000);
const SAMPLES = option('samples', 200);
/** Per-case time budget: slow cases take fewer samples. */
const CASE_BUDGET_MS = 30_000;

/** The bench's "now": the product's clock is pinned here, and the orders span the two years before. */
const NOW = new Date('2026-11-20T02:00:00.000Z'); // Friday 10:00 in Shanghai
const DAY = 86_400_000;
const SPAN = 730 * DAY;

// ---------------------------------------------------------------------------------------------
// Generating the orders
// ---------------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32): the same data on every load. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(12351);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
/** Picks a key by weight. */
function weighted<T>(table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1][0];
}

/** Where calls come from: the Pearl River Delta cities carry most of the load. */
const CITY_WEIGHTS: Record<string, number> = {
  '440100': 190, '440300': 210, '441900': 120, '440600': 100, '441300': 50, '442000': 45, '440700': 30, '440400': 30,
  '440500': 25, '440800': 25, '440900': 20, '441200': 20, '441800': 20, '445200': 20, '441400': 15, '440200': 15,
  '441600': 15, '441700': 15, '445100': 15, '441500': 10, '445300': 10,
};
const CATEGORY_WEIGHTS: Array<readonly [Category, number]> = [
  ['wages', 34], ['contract', 12], ['termination', 12], ['social_insurance', 10], ['injury', 8], ['hours_leave', 8],
  ['safety', 3], ['women', 2], ['training', 1], ['union', 2], ['other', 8],
];
const SUMMARIES: Record<Category, string[]> = {
  wages: ['拖欠工资两个月', '加班费未足额支付', '工资低于最低工资标准', '克扣绩效工资', '包工头拖欠工资'],
  contract: ['入职未签劳动合同', '单方面调岗降薪', '合同到期不续签'],
  termination: ['被违法解除劳动合同', '辞退不给经济补偿', '被迫辞职要求补偿'],
  social_insurance: ['公司不缴社保', '社保缴费基数过低', '停缴住房公积金'],
  injury: ['工伤认定材料被扣', '工伤待遇未落实', '受伤后被辞退'],
  hours_leave: ['年休假天数咨询', '长期超时加班', '产假期间被停薪'],
  safety: ['车间粉尘超标', '无防护设备作业'],
  women: ['孕期被调岗', '哺乳期被辞退'],
  training: ['培训服务期违约金'],
  union: ['企业未建工会', '工会经费使用咨询'],
  other: ['劳动关系咨询', '其他诉求'],
};
const EMPLOYER_KINDS = ['电子厂', '制衣厂', '家具厂', '五金厂', '物流公司', '餐饮店', '科技公司', '建筑工程公司', '超市', '保安服务公司', '快递站点', '装饰工程公司'];

interface Unit { id: number; code: string | null; name: string; level: string; parentId: number | null; path: string }

interface Tree {
  cities: Array<readonly [Unit, number]>;
  children: Map<number, Unit[]>;
  byId: Map<number, Unit>;
}

async function loadTree(q: QueryRunner): Promise<Tree> {
  const rows: Array<{ id: number; code: string | null; name: string; level: string; parent_id: number | null; path: string }> =
    await q.query('SELECT id, code, name, level, parent_id, path FROM org_unit');
  const units = rows.map((r) => ({ id: r.id, code: r.code, name: r.name, level: r.level, parentId: r.parent_id, path: r.path }));
  const children = new Map<number, Unit[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const cities = units.filter((u) => u.level === 'city').map((u) => [u, CITY_WEIGHTS[u.code!] ?? 10] as const);
  return { cities, children, byId: new Map(units.map((u) => [u.id, u])) };
}

const sqlDate = (d: Date | null) => (d ? `'${d.toISOString().slice(0, 23).replace('T', ' ')}'` : 'NULL');
const sqlStr = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
const sqlVal = (v: unknown) => (v === null || v === undefined ? 'NULL' : v instanceof Date ? sqlDate(v) : typeof v === 'string' ? sqlStr(v) : typeof v === 'boolean' ? (v ? '1' : '0') : String(v));

/** Buffers rows per table and writes them as multi-row INSERTs. */
class Writer {
  private buffers = new Map<string, string[]>();
  rows = 0;
  constructor(private readonly q: QueryRunner, private readonly columns: Record<string, string[]>, private readonly batch = 4000) {}

  async add(table: string, values: unknown[]): Promise<void> {
    const buf = this.buffers.get(table) ?? [];
    buf.push(`(${values.map(sqlVal).join(',')})`);
    this.buffers.set(table, buf);
    if (buf.length >= this.batch) await this.flush(table);
  }

  async flush(table?: string): Promise<void> {
    for (const t of table ? [table] : [...this.buffers.keys()]) {
      const buf = this.buffers.get(t);
      if (!buf?.length) continue;
      this.buffers.set(t, []);
      this.rows += buf.length;
      await this.q.query(`INSERT INTO ${t} (${this.columns[t].join(',')}) VALUES ${buf.join(',')}`);
    }
  }
}

interface Assignment {
  unitId: number; fromUnitId: number; dispatchedAt: Date; signDueAt: Date | null; signedAt: Date | null;
  handleDueAt: Date | null; returnedAt: Date | null; reportedAt: Date | null; active: boolean;
}
interface Event {
  orderId: number; action: string; from: Status | null; to: Status; actorId: number | null; actorUnitId: number | null;
  targetUnitId: number | null; detail: string | null; note: string | null; at: Date;
}

/**
 * Rows that must go in in time order (events and assignments get ids as they happen), collected
 * per hour and written once no later order can add to that hour.
 */
class TimeOrdered<T> {
  private hours = new Map<number, Array<{ at: number; row: T }>>();
  add(at: Date, row: T) {
    const h = Math.floor(at.getTime() / 3_600_000);
    const list = this.hours.get(h) ?? [];
    list.push({ at: at.getTime(), row });
    this.hours.set(h, list);
  }
  /** Takes every row of the hours before `until`, oldest first. */
  take(until: Date): T[] {
    const limit = Math.floor(until.getTime() / 3_600_000);
    const due = [...this.hours.keys()].filter((h) => h < limit).sort((a, b) => a - b);
    const out: T[] = [];
    for (const h of due) {
      out.push(...this.hours.get(h)!.sort((a, b) => a.at - b.at).map((x) => x.row));
      this.hours.delete(h);
    }
    return out;
  }
}

const ORDER_COLUMNS = [
  'id', 'number', 'channel', 'category', 'mass', 'crisis', 'platform', 'urgent', 'difficulty', 'summary', 'description',
  'employer', 'region_code', 'worker_id', 'anonymous', 'status', 'current_unit_id', 'result', 'recovered_amount',
  'result_rating', 'service_rating', 'revisit_comment', 'rehandle_count', 'sign_due_at', 'handle_due_at', 'review_due_at',
  'revisit_due_at', 'next_due_at', 'due_basis', 'stage_started_at', 'sla_level', 'sla_check_at', 'petitioner_count',
  'suggested_unit_id', 'route_reason', 'employer_key', 'district_code', 'registered_by_id', 'created_at', 'updated_at',
  'resolved_at', 'closed_at', 'version',
];
const ASSIGNMENT_COLUMNS = [
  'order_id', 'seq', 'unit_id', 'from_unit_id', 'dispatched_by_id', 'dispatched_at', 'sign_due_at', 'signed_at',
  'handle_due_at', 'returned_at', 'return_reason', 'reported_at', 'result', 'active',
];
const EVENT_COLUMNS = ['order_id', 'action', 'from_status', 'to_status', 'actor_id', 'actor_unit_id', 'target_unit_id', 'detail', 'note', 'created_at'];

const CENTRE = 1;
const AGENT = 1; // demo-agent: the centre's desk
const UNIT_STAFF = 6; // a unit handler

/** The life of one order so far, as the product would have recorded it by NOW. */
function lifeOf(id: number, createdAt: Date, tree: Tree, day: Map<string, number>) {
  const age = NOW.getTime() - createdAt.getTime();
  // Young orders live their whole life faster, so that every step lies before NOW.
  const u = Math.min(DAY, age / 25);
  const at = (from: Date, units: number) => new Date(from.getTime() + Math.round(units * u));

  const category = weighted(CATEGORY_WEIGHTS);
  const channel = weighted<Channel>([['hotline', 60], ['wechat', 20], ['miniprogram', 12], ['walk_in', 5], ['other', 3]]);
  const mass = rnd() < 0.005;
  const difficulty = weighted<Difficulty>([['normal', 80], ['hard', 15], ['complex', 5]]);
  const city = weighted(tree.cities);
  const districts = (tree.children.get(city.id) ?? []).filter((c) => c.level === 'district');
  const district = districts.length ? pick(districts) : null;
  const towns = (tree.children.get((district ?? city).id) ?? []).filter((c) => c.level === 'town');
  const town = towns.length && rnd() < 0.4 ? pick(towns) : null;
  const place = town ?? district ?? city;
  const employer = `${(district ?? city).name.replace('总工会', '')}某${pick(EMPLOYER_KINDS)}`;
  const summary = pick(SUMMARIES[category]);

  const f = rnd();
  const fate = f < 0.01 ? 'merged' : f < 0.06 ? 'cancelled' : f < 0.4 ? 'answered' : 'dispatched';
  const p = rnd();
  let status: Status;
  if (fate === 'merged' || fate === 'cancelled') status = fate;
  else if (age < 4000_000) status = 'registered';
  else if (fate === 'answered') status = age < 1.5 * DAY || p < 0.05 ? 'answered' : 'closed';
  else if (age < 15 * DAY) status = p < 0.15 ? 'dispatched' : p < 0.7 ? 'handling' : p < 0.82 ? 'reviewing' : p < 0.92 ? 'resolved' : 'closed';
  else if (age < 45 * DAY) status = p < 0.02 ? 'dispatched' : p < 0.22 ? 'handling' : p < 0.3 ? 'reviewing' : p < 0.4 ? 'resolved' : 'closed';
  else status = p < 0.02 ? 'handling' : p < 0.03 ? 'reviewing' : p < 0.04 ? 'resolved' : 'closed';

  const shDay = new Date(createdAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const seq = (day.get(shDay) ?? 0) + 1;
  day.set(shDay, seq);
  const urgent = mass;
  const events: Event[] = [];
  // Staff of the centre or of a unit; the system (intake, the sweep) has no account.
  const ev = (action: string, from: Status | null, to: Status, when: Date, actorUnitId: number | null, targetUnitId: number | null, detail: string | null = null, note: string | null = null, system = false) =>
    events.push({ orderId: id, action, from, to, actorId: system || actorUnitId === null ? null : actorUnitId === CENTRE ? AGENT : UNIT_STAFF, actorUnitId, targetUnitId, detail, note, at: when });
  const intake = channel === 'wechat' || channel === 'miniprogram';
  ev('register', null, 'registered', createdAt, CENTRE, null, null, null, intake);

  const order = {
    id, number: `GD-${shDay}-${String(seq).padStart(6, '0')}`, channel, category, mass, crisis: false, platform: rnd() < 0.05, urgent, difficulty,
    summary,
    description: `职工反映：在${place.name.replace('总工会', '')}${employer}工作，${summary}，多次与单位协商无果，请求工会帮助协调解决。`,
    employer, regionCode: place.code, workerId: null, anonymous: rnd() < 0.15, status, currentUnitId: CENTRE,
    result: null as string | null, recoveredAmount: null as number | null, resultRating: null as number | null, serviceRating: null as number | null,
    revisitComment: null, rehandleCount: 0, signDueAt: null as Date | null, handleDueAt: null as Date | null, reviewDueAt: null as Date | null,
    revisitDueAt: null as Date | null, nextDueAt: null as Date | null, dueBasis: null as string | null, stageStartedAt: createdAt as Date,
    slaLevel: 0, slaCheckAt: null as Date | null, petitionerCount: 1, suggestedUnitId: null as number | null, routeReason: null as string | null,
    employerKey: employer, districtCode: district?.code ?? city.code, registeredById: intake ? null : AGENT, createdAt,
    updatedAt: createdAt, resolvedAt: null as Date | null, closedAt: null as Date | null, version: 1,
  };
  const assignments: Assignment[] = [];
  const rate = (): [number, number] => [weighted([[5, 65], [4, 25], [3, 10]]), weighted([[5, 75], [4, 20], [3, 5]])];

  if (fate === 'merged') {
    order.closedAt = at(createdAt, 0.2);
    ev('merge', 'registered', 'merged', order.closedAt, CENTRE, null, String(Math.max(1, id - 3)));
  } else if (fate === 'cancelled') {
    order.closedAt = at(createdAt, 0.2);
    ev('cancel', 'registered', 'cancelled', order.closedAt, CENTRE, null, null, '不属于劳动争议；建议途径：向街道办反映');
  } else if (fate === 'answered' && status !== 'registered') {
    order.resolvedAt = at(createdAt, 0.1);
    order.result = '已依据相关法律法规即时解答。';
    order.stageStartedAt = order.resolvedAt;
    ev('answer', 'registered', 'answered', order.resolvedAt, CENTRE, null, null, order.result);
    if (status === 'closed') {
      order.closedAt = at(order.resolvedAt, 0.2 + 1.5 * rnd());
      [order.resultRating, order.serviceRating] = rate();
      ev('revisit', 'answered', 'closed', order.closedAt, CENTRE, null, 'satisfied');
    }
  } else if (fate === 'dispatched' && status !== 'registered') {
    // The chain: centre → city → district → town, or straight to the district; Dongguan's and
    // Zhongshan's towns sit under the city.
    const direct = district !== null && rnd() < 0.3;
    const chain = (direct ? [district, town] : [city, district, town]).filter((x): x is Unit => x !== null);
    order.suggestedUnitId = chain[0].id;
    order.routeReason = `地区：${place.name.replace('总工会', '')}`;
    // Now and then a district is sent the order by mistake and returns it before signing.
    const wrong = district && districts.length > 1 && rnd() < 0.04 ? districts.find((d) => d.id !== district.id)! : null;
    let t = at(createdAt, 0.3);
    let from = CENTRE;
    let fromStatus: Status = 'registered';
    const sign = (a: Assignment, when: Date) => {
      a.signedAt = when;
      a.handleDueAt = computeDeadlines({ status: 'handling', urgent, difficulty, signedAt: when, extensionDays: 0 }).handleDueAt;
    };
    for (const [k, unit] of chain.entries()) {
      const last = k === chain.length - 1;
      if (wrong && unit === district) {
        const returnedAt = at(t, 0.15);
        assignments.push({ unitId: wrong.id, fromUnitId: from, dispatchedAt: t, signDueAt: computeDeadlines({ status: 'dispatched', urgent, difficulty, dispatchedAt: t, extensionDays: 0 }).signDueAt, signedAt: null, handleDueAt: null, returnedAt, reportedAt: null, active: false });
        ev('dispatch', fromStatus, 'dispatched', t, from, wrong.id);
        ev('return', 'dispatched', from === CENTRE ? 'returned' : 'handling', returnedAt, wrong.id, from, null, '不属本区管辖');
        fromStatus = from === CENTRE ? 'returned' : 'handling';
        t = at(returnedAt, 0.1);
      }
      const a: Assignment = {
        unitId: unit.id, fromUnitId: from, dispatchedAt: t, signDueAt: computeDeadlines({ status: 'dispatched', urgent, difficulty, dispatchedAt: t, extensionDays: 0 }).signDueAt,
        signedAt: null, handleDueAt: null, returnedAt: null, reportedAt: null, active: true,
      };
      assignments.push(a);
      ev('dispatch', fromStatus, 'dispatched', t, from, unit.id);
      order.currentUnitId = unit.id;
      order.stageStartedAt = t;
      if (last && status === 'dispatched') break;
      // Most units sign the same day; a few let the deadline pass.
      const signedAt = at(t, rnd() < 0.07 ? 2.5 : 0.05 + 0.5 * rnd());
      sign(a, signedAt);
      ev('sign', 'dispatched', 'handling', signedAt, unit.id, null);
      order.stageStartedAt = signedAt;
      from = unit.id;
      fromStatus = 'handling';
      t = at(signedAt, 0.05);
    }
    const active = assignments.filter((a) => a.active);
    if (status !== 'dispatched' && status !== 'handling') {
      // Reported by the last level, approved upwards level by level, then by the centre.
      const handler = active[active.length - 1];
      handler.reportedAt = at(handler.signedAt!, 0.5 + 5 * rnd());
      order.result = '经协调，用人单位已整改并补发相关款项。';
      ev('report', 'handling', 'reviewing', handler.reportedAt, handler.unitId, handler.fromUnitId, null, order.result);
      order.currentUnitId = handler.fromUnitId;
      order.stageStartedAt = handler.reportedAt;
      let when = handler.reportedAt;
      if (status !== 'reviewing') {
        for (const a of active.slice(0, -1).reverse()) {
          when = a.reportedAt = at(when, 0.1 + 0.8 * rnd());
          ev('approve', 'reviewing', 'reviewing', when, a.unitId, a.fromUnitId);
        }
        order.resolvedAt = at(when, 0.1 + 0.8 * rnd());
        order.currentUnitId = CENTRE;
        order.stageStartedAt = order.resolvedAt;
        ev('approve', 'reviewing', 'resolved', order.resolvedAt, CENTRE, null);
        if (category === 'wages' && rnd() < 0.6) order.recoveredAmount = Math.round((500 + rnd() * 80_000) * 100) / 100;
        if (status === 'closed') {
          order.closedAt = at(order.resolvedAt, 0.2 + 1.5 * rnd());
          [order.resultRating, order.serviceRating] = rate();
          ev('revisit', 'resolved', 'closed', order.closedAt, CENTRE, null, 'satisfied');
        }
      }
    }
  }

  // The running deadline and how far the sweep has taken it by NOW.
  if (!['registered', 'closed', 'cancelled', 'merged', 'returned'].includes(status)) {
    const current = assignments.filter((a) => a.active).at(-1);
    const d = computeDeadlines({
      status, urgent, difficulty, extensionDays: 0,
      dispatchedAt: current?.dispatchedAt, signedAt: current?.signedAt ?? undefined,
      reviewingSince: order.stageStartedAt, resolvedAt: order.resolvedAt ?? undefined,
    });
    Object.assign(order, { signDueAt: d.signDueAt, handleDueAt: d.handleDueAt, reviewDueAt: d.reviewDueAt, revisitDueAt: d.revisitDueAt, nextDueAt: d.nextDueAt, dueBasis: d.nextDueBasis });
    const steps = checkpoints(d.nextDueAt!, d.nextDueBasis!);
    const done = steps.filter((c) => c.at <= NOW);
    order.slaLevel = done.at(-1)?.level ?? 0;
    order.slaCheckAt = steps.find((c) => c.at > NOW)?.at ?? null;
    for (const c of done) {
      ev(c.kind === 'remind' ? 'remind' : c.kind === 'yellow' ? 'yellow_card' : 'red_card', status, status, c.at, null, order.currentUnitId, d.nextDueAt!.toISOString());
      if (c.kind === 'red') ev('escalate', status, status, c.at, null, tree.byId.get(order.currentUnitId)?.parentId ?? CENTRE, d.nextDueAt!.toISOString());
    }
  }
  order.updatedAt = events.reduce((m, e) => (e.at > m ? e.at : m), createdAt);
  order.version = events.length;
  return { order, assignments, events };
}

async function load(q: QueryRunner): Promise<void> {
  const tree = await loadTree(q);
  const writer = new Writer(q, {
    work_order: ORDER_COLUMNS, work_order_assignment: ASSIGNMENT_COLUMNS, work_order_event: EVENT_COLUMNS,
    work_order_reach: ['unit_id', 'order_id', 'number', 'summary', 'employer', 'status', 'category', 'order_created_at', 'next_due_at'], day_counter: ['day', 'value'],
  });
  const day = new Map<string, number>();
  const assignmentQueue = new TimeOrdered<unknown[]>();
  const eventQueue = new TimeOrdered<Event>();
  const started = Date.now();
  const first = NOW.getTime() - SPAN;
  const drain = async (until: Date) => {
    for (const row of assignmentQueue.take(until)) await writer.add('work_order_assignment', row);
    for (const e of eventQueue.take(until)) {
      await writer.add('work_order_event', [e.orderId, e.action, e.from, e.to, e.actorId, e.actorUnitId, e.targetUnitId, e.detail, e.note, e.at]);
    }
  };
  await q.query('SET SESSION unique_checks = 0');
  for (let id = 1; id <= ORDERS; id++) {
    // Evenly through the two years, ids in time order, the last one a few minutes before NOW.
    const createdAt = new Date(first + Math.floor(((id - 1) / ORDERS) * (SPAN - 600_000)) + Math.floor(rnd() * 30_000));
    const { order, assignments, events } = lifeOf(id, createdAt, tree, day);
    await writer.add('work_order', ORDER_COLUMNS.map((c) => (order as Record<string, unknown>)[c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase())]));
    const reach = new Set<number>();
    for (const [i, a] of assignments.entries()) {
      assignmentQueue.add(a.dispatchedAt, [
        id, i + 1, a.unitId, a.fromUnitId, a.fromUnitId === CENTRE ? AGENT : UNIT_STAFF, a.dispatchedAt, a.signDueAt, a.signedAt,
        a.handleDueAt, a.returnedAt, a.returnedAt ? '不属本区管辖' : null, a.reportedAt, a.reportedAt ? order.result : null, a.active,
      ]);
      for (const unit of pathIds(tree.byId.get(a.unitId)!.path)) reach.add(unit);
    }
    for (const unit of reach) await writer.add('work_order_reach', [unit, id, order.number, order.summary, order.employer, order.status, order.category, order.createdAt, order.nextDueAt]);
    for (const e of events) eventQueue.add(e.at, e);
    if (id % 20_000 === 0) {
      await drain(createdAt);
      process.stdout.write(`\r  loaded ${id} orders (${writer.rows} rows) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  await drain(new Date(NOW.getTime() + 365 * DAY));
  for (const [d, value] of day) await writer.add('day_counter', [d, value]);
  await writer.flush();
  await q.query('SET SESSION unique_checks = 1');
  console.log(`\r  loaded ${ORDERS} orders, ${writer.rows} rows in all, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

// ---------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main(): Promise<void> {
  const probe = await openDataSource(URL);
  const present = await probe.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'work_order'");
  const have = Number(present[0].n) ? Number((await probe.query('SELECT COUNT(*) AS n FROM work_order'))[0].n) : -1;
  await probe.destroy();
  const reload = flag('reload') || have !== ORDERS;

  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: URL, LOGIN_RATE_PER_MINUTE: '1000', UPLOAD_DIR: '/tmp/hotline-bench-uploads' });
  const migrateStarted = Date.now();
  const services = await prepare(config, { clock: () => NOW, demoOrders: false, fresh: reload });
  console.log(`migrated and seeded in ${Date.now() - migrateStarted} ms`);
  if (reload) {
    console.log(`loading ${ORDERS} orders into ${URL.replace(/\/\/[^@]*@/, '//')} (found ${have < 0 ? 'no schema' : `${have} orders`})`);
    const q = services.ds.createQueryRunner();
    try {
      await load(q);
      const indexing = Date.now();
      await indexAllOrders(q.manager);
      console.log(`  text search index filled in ${((Date.now() - indexing) / 1000).toFixed(0)} s`);
      await q.query('ANALYZE TABLE work_order, work_order_assignment, work_order_event, work_order_reach, work_order_gram');
    } finally {
      await q.release();
    }
  } else {
    console.log(`reusing the ${have} orders already loaded`);
  }
  // The server rolls finished orders up every few minutes; a fresh load has all of them pending.
  const foldStarted = Date.now();
  const folded = await new KpiRollup(services.ds, services.tx, services.orgs).fold(NOW);
  console.log(`rolled up ${folded} finished orders into kpi_day in ${Date.now() - foldStarted} ms`);
  const counts = await services.ds.query(
    'SELECT (SELECT COUNT(*) FROM work_order) AS orders, (SELECT COUNT(*) FROM work_order_assignment) AS assignments, '
    + '(SELECT COUNT(*) FROM work_order_reach) AS reach, (SELECT COUNT(*) FROM work_order_event) AS events, '
    + '(SELECT COUNT(*) FROM work_order_gram) AS grams');
  console.log(`rows: ${Object.entries(counts[0]).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  const server = createApp(services).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const tokens = new Map<string, string>();
  const users = ['demo-gz-tianhe', 'demo-gz-supervisor', 'demo-supervisor'];
  // The clock is pinned, so every run signs in with the same code, which a reused database has
  // already seen used: forget the last run's.
  await services.ds.query(`UPDATE staff_user SET totp_last_step = NULL WHERE username IN (${users.map(() => '?').join(', ')})`, users);
  for (const username of users) {
    const res = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: config.DEMO_PASSWORD, totpCode: totpAt(DEMO_TOTP_SECRET, NOW) }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    tokens.set(username, ((await res.json()) as { token: string }).token);
  }

  const rows: string[] = [];
  const measure = async (label: string, user: string, path: string, samples = SAMPLES) => {
    const call = async () => {
      const res = await fetch(base + path, { headers: { authorization: `Bearer ${tokens.get(user)}` } });
      const body = (await res.json()) as { total?: number; totals?: { orders: number }; error?: unknown };
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body.total ?? body.totals?.orders ?? 0;
    };
    const size = await call(); // warms the route and the caches it touches
    const times: number[] = [];
    const budget = Date.now() + CASE_BUDGET_MS;
    while (times.length < samples && (times.length < 3 || Date.now() < budget)) {
      const t0 = performance.now();
      await call();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const row = `| ${label} | \`${path}\` | ${size} | ${times.length} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} |`;
    console.log(row);
    rows.push(row);
  };

  try {
    console.log('| case | request | orders matched | samples | p50 ms | p95 ms |');
    console.log('|---|---|---|---|---|---|');
    const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
    const users: Array<[string, string]> = [['district (天河区)', 'demo-gz-tianhe'], ['city (广州市)', 'demo-gz-supervisor'], ['centre supervisor', 'demo-supervisor']];
    for (const [who, user] of only === 'kpi' ? [] : users) {
      await measure(`list, ${who}, first page`, user, '/work-orders?page=1&pageSize=20');
      await measure(`list, ${who}, page 50`, user, '/work-orders?page=50&pageSize=20');
      await measure(`list, ${who}, handling`, user, '/work-orders?status=handling&page=1&pageSize=20');
      await measure(`list, ${who}, wages in October`, user, '/work-orders?category=wages&from=2026-10-01&to=2026-10-31&page=1&pageSize=20');
      await measure(`list, ${who}, overdue, most pressing first`, user, '/work-orders?overdue=true&sort=due&page=1&pageSize=20');
      await measure(`list, ${who}, search`, user, `/work-orders?q=${encodeURIComponent('电子厂')}&page=1&pageSize=20`);
      // An employer with 118 orders, all in another city than 广州.
      await measure(`list, ${who}, search for a rare employer`, user, `/work-orders?q=${encodeURIComponent('南雄市某超市')}&page=1&pageSize=20`);
      // An employer of 天河区 with 1,404 orders: rare in itself, but each of its two-character
      // pieces is common, so the index cannot narrow it.
      await measure(`list, ${who}, search for a local employer`, user, `/work-orders?q=${encodeURIComponent('天河区某电子厂')}&page=1&pageSize=20`);
      await measure(`list, ${who}, a day's numbers`, user, '/work-orders?q=GD-20261105&page=1&pageSize=20');
    }
    const kpiCases: Array<[string, string, string]> = [
      ['KPIs, city (广州市), month', 'demo-gz-supervisor', 'from=2026-10-01&to=2026-10-31'],
      ['KPIs, city (广州市), year', 'demo-gz-supervisor', 'from=2025-11-20&to=2026-11-19'],
      ['KPIs, province, month', 'demo-supervisor', 'from=2026-10-01&to=2026-10-31'],
      ['KPIs, province, year', 'demo-supervisor', 'from=2025-11-20&to=2026-11-19'],
      ['KPIs, city (广州市), year by unit', 'demo-gz-supervisor', 'from=2025-11-20&to=2026-11-19&groupBy=unit'],
      ['KPIs, province, year by unit', 'demo-supervisor', 'from=2025-11-20&to=2026-11-19&groupBy=unit'],
      ['KPIs, province, year by month', 'demo-supervisor', 'from=2025-11-20&to=2026-11-19&groupBy=month'],
      ['KPIs, province, year by category', 'demo-supervisor', 'from=2025-11-20&to=2026-11-19&groupBy=category'],
    ];
    for (const [label, user, query] of only === 'list' ? [] : kpiCases) await measure(label, user, `/stats/kpis?${query}`, Math.min(SAMPLES, 50));
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await services.ds.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
