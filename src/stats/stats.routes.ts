import type { AuditService } from '../audit/audit.service';
import type { Api } from '../http/api';
import { csvFileName, kpisCsv, presentKpis } from './stats.presenter';
import { kpiQuery, kpiReport } from './stats.schema';
import type { StatsService } from './stats.service';

/** Any signed-in staff member, auditors included, reads the KPIs of their own unit and below. */
export function statsRoutes(api: Api, stats: StatsService, audit: AuditService): void {
  api.route(
    { method: 'get', path: '/stats/kpis', tag: 'stats', summary: '工作指标（本单位及下级，可按类别、下级单位或月份分组）', query: kpiQuery, response: kpiReport },
    async ({ user, query }) => presentKpis(await stats.kpis(user, query)),
  );

  api.route(
    { method: 'get', path: '/stats/kpis.csv', tag: 'stats', summary: '导出工作指标（CSV，可用 Excel 打开）', query: kpiQuery },
    async ({ user, query, ctx }) => {
      const result = await stats.kpis(user, query);
      await audit.record({ action: 'export', actor: user, ip: ctx.ip, targetType: 'kpis', targetId: result.unit.id, detail: { ...query } });
      ctx.attachment(csvFileName(result));
      ctx.type = 'text/csv; charset=utf-8';
      return kpisCsv(result);
    },
  );
}
