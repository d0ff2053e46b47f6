import { dateOrDateTime, shanghaiBound } from '../http/dates';
import { invalidField } from '../http/errors';
import { z } from '../http/zod';
import { shanghaiDate } from '../sla/calendar';

export const GROUP_BYS = ['category', 'unit', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Without `from`, the period is this many Shanghai calendar days ending with `to` (today by default). */
export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_YEARS = 5;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const bound = dateOrDateTime;

export const kpiQuery = z.object({
  from: bound.optional().openapi({
    description: `登记时间起：YYYY-MM-DD（上海时间当日 0 点）或带时区的 ISO 时间；默认为 to 所在日往前共 ${DEFAULT_PERIOD_DAYS} 天`,
  }),
  to: bound.optional().openapi({ description: '登记时间止：YYYY-MM-DD（含当日全天）或带时区的 ISO 时间；默认为今天' }),
  unitId: z.coerce.number().int().positive().optional().openapi({ description: '统计哪个单位及其下级；默认本单位' }),
  groupBy: z.enum(GROUP_BYS).optional().openapi({ description: '按类别、直属下级单位或月份分组' }),
});

export type KpiQuery = z.output<typeof kpiQuery>;

/** Registration times from `from` to `to`, both included. */
export interface Period {
  from: Date;
  to: Date;
}

/**
 * The period asked for, with the defaults filled in from `now`. The defaults depend on the clock,
 * so the order and length checks run here rather than inside the zod schema.
 */
export function resolvePeriod(query: Pick<KpiQuery, 'from' | 'to'>, now: Date): Period {
  const to = shanghaiBound(query.to ?? shanghaiDate(now), 'end');
  const from = shanghaiBound(query.from ?? shanghaiDate(new Date(to.getTime() - (DEFAULT_PERIOD_DAYS - 1) * DAY_MS)), 'start');
  if (from > to) {
    throw invalidField('query.from', '统计区间的开始不能晚于结束');
  }
  // Calendar years on the Shanghai calendar, counted back from the end of the period:
  // 2020-03-01..2025-02-28 is exactly five.
  const earliest = new Date(to.getTime() + 1 + SHANGHAI_OFFSET_MS);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - MAX_PERIOD_YEARS);
  earliest.setTime(earliest.getTime() - SHANGHAI_OFFSET_MS);
  if (from < earliest) {
    throw invalidField('query.from', `统计区间不能超过 ${MAX_PERIOD_YEARS} 年`);
  }
  return { from, to };
}

// ---------------------------------------------------------------------------------------------
// The response
// ---------------------------------------------------------------------------------------------

const ratio = z
  .object({
    numerator: z.number().int(),
    denominator: z.number().int(),
    /** numerator / denominator, 4 decimals; null when nothing was counted. */
    rate: z.number().nullable(),
  })
  .openapi('KpiRatio');

export const metricsShape = {
  orders: z.number().int().openapi({ description: '工单数（期间内登记）' }),
  responseRate: ratio.openapi({ description: '响应率：按时签收或退回的交办 / 已签收、已退回或已超签收时限的交办' }),
  onTimeRate: ratio.openapi({ description: '按期办结率：按期上报的交办 / 已上报的交办' }),
  resolutionRate: ratio.openapi({ description: '解决率：已解答、待回访或已办结的工单 / 未作不予受理的工单' }),
  resultSatisfaction: ratio.openapi({ description: '结果满意率：结果评分 ≥ 3 / 有结果评分' }),
  serviceSatisfaction: ratio.openapi({ description: '服务满意率：服务评分 ≥ 3 / 有服务评分' }),
  returnRate: ratio.openapi({ description: '退单率：被退回的交办 / 全部交办' }),
  firstContactResolutionRate: ratio.openapi({ description: '首呼解决率：中心即时解答、从未交办的工单 / 未作不予受理的工单' }),
  averageHandlingDays: z.number().nullable().openapi({ description: '平均办理天数（自然日，一位小数）：登记到解决' }),
  wagesRecovered: z.number().openapi({ description: '追回工资（元）：已解决工单的追回金额合计' }),
};

export const kpiReport = z
  .object({
    from: z.string(),
    to: z.string(),
    unit: z.object({ id: z.number().int(), name: z.string() }),
    totals: z.object(metricsShape),
    groups: z.array(
      z.object({
        /** Category code, unit id or 'YYYY-MM'. */
        key: z.union([z.string(), z.number().int()]),
        label: z.string(),
        ...metricsShape,
      }),
    ),
  })
  .openapi('KpiReport');
