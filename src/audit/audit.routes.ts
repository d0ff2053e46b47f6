import type { Api } from '../http/api';
import { auditQuery } from './audit.schema';
import { presentAudit } from './audit.presenter';
import type { AuditService } from './audit.service';

export function auditRoutes(api: Api, audit: AuditService): void {
  api.route(
    { method: 'get', path: '/audit', tag: 'audit', summary: '查询审计日志（审计人员）：登录、身份查看、导出与越权访问', query: auditQuery },
    async ({ user, query }) => {
      const { items, total } = await audit.search(user, query);
      return { items: items.map(presentAudit), total };
    },
  );
}
