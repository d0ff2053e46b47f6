import { shanghaiDate } from '../sla/calendar';
import { CATEGORY_LABELS } from '../work-orders/labels';
import { CATEGORIES, Category } from '../work-orders/work-order.entity';
import type { GroupBy } from './stats.schema';
import type { Figures, GroupKey, KpiResult } from './stats.service';

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

const ratio = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator ? round(numerator / denominator, 4) : null,
});

export type Metrics = ReturnType<typeof metrics>;

function metrics(f: Figures) {
  return {
    orders: f.orders,
    responseRate: ratio(f.signedOnTime, f.signDue),
    onTimeRate: ratio(f.reportedOnTime, f.reported),
    resolutionRate: ratio(f.resolved, f.notCancelled),
    resultSatisfaction: ratio(f.resultSatisfied, f.resultRated),
    serviceSatisfaction: ratio(f.serviceSatisfied, f.serviceRated),
    returnRate: ratio(f.returned, f.assignments),
    firstContactResolutionRate: ratio(f.firstContact, f.notCancelled),
    averageHandlingDays: f.handlingDays === null ? null : round(f.handlingDays, 1),
    wagesRecovered: round(f.wagesRecovered, 2),
  };
}

function labelOf(r: KpiResult, key: GroupKey): string {
  if (r.groupBy === 'category') return CATEGORY_LABELS[key as Category] ?? String(key);
  if (r.groupBy === 'unit') return r.units.get(Number(key))?.name ?? String(key);
  const [year, month] = String(key).split('-');
  return `${year}年${Number(month)}月`;
}

/** Categories in their usual order; months and units ascending. */
function compareKeys(groupBy: GroupBy | null) {
  return (a: GroupKey, b: GroupKey): number => {
    if (groupBy === 'category') return CATEGORIES.indexOf(a as Category) - CATEGORIES.indexOf(b as Category);
    return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  };
}

export function presentKpis(r: KpiResult) {
  const order = compareKeys(r.groupBy);
  return {
    from: r.period.from.toISOString(),
    to: r.period.to.toISOString(),
    unit: { id: r.unit.id, name: r.unit.name },
    totals: metrics(r.totals),
    groups: [...r.groups]
      .sort((a, b) => order(a.key, b.key))
      .map((g) => ({ key: g.key, label: labelOf(r, g.key), ...metrics(g.figures) })),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

const GROUP_HEADERS: Record<GroupBy, string> = { category: '类别', unit: '单位', month: '月份' };

const percent = (r: { numerator: number; denominator: number }) =>
  (r.denominator ? `${((r.numerator / r.denominator) * 100).toFixed(1)}%` : '');

const COLUMNS: Array<[header: string, cell: (m: Metrics) => string]> = [
  ['工单数', (m) => String(m.orders)],
  ['响应率', (m) => percent(m.responseRate)],
  ['按期办结率', (m) => percent(m.onTimeRate)],
  ['解决率', (m) => percent(m.resolutionRate)],
  ['结果满意率', (m) => percent(m.resultSatisfaction)],
  ['服务满意率', (m) => percent(m.serviceSatisfaction)],
  ['退单率', (m) => percent(m.returnRate)],
  ['首呼解决率', (m) => percent(m.firstContactResolutionRate)],
  ['平均办理天数', (m) => (m.averageHandlingDays === null ? '' : m.averageHandlingDays.toFixed(1))],
  ['追回工资（元）', (m) => m.wagesRecovered.toFixed(2)],
];

const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const line = (cells: string[]) => cells.map(field).join(',');

/**
 * For Excel: a UTF-8 BOM so Chinese reads right, CRLF lines, rates as percentages with one
 * decimal. One row per group and a 合计 row, or only the unit's row without groupBy.
 */
export function kpisCsv(r: KpiResult): string {
  const report = presentKpis(r);
  const rows = report.groups.map((g) => line([g.label, ...COLUMNS.map(([, cell]) => cell(g))]));
  const totalsLabel = r.groupBy ? '合计' : report.unit.name;
  rows.push(line([totalsLabel, ...COLUMNS.map(([, cell]) => cell(report.totals))]));
  const header = line([r.groupBy ? GROUP_HEADERS[r.groupBy] : '单位', ...COLUMNS.map(([h]) => h)]);
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}

/** kpis-<from>-<to>.csv, by Shanghai calendar day. */
export const csvFileName = (r: KpiResult) => `kpis-${shanghaiDate(r.period.from)}-${shanghaiDate(r.period.to)}.csv`;
