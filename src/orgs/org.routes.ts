import type { Api } from '../http/api';
import { forbidden } from '../http/errors';
import { createEnterpriseBody, idParams, orgList, orgQuery, orgSchema } from './org.schema';
import { presentOrg } from './org.presenter';
import type { OrgService } from './org.service';

export function orgRoutes(api: Api, orgs: OrgService): void {
  api.route(
    { method: 'get', path: '/orgs', tag: 'orgs', summary: '查询工会组织（按区划代码、名称、上级）', query: orgQuery, response: orgList },
    async ({ query }) => ({ items: (await orgs.list(query)).map(presentOrg) }),
  );

  api.route(
    { method: 'get', path: '/orgs/:id', tag: 'orgs', summary: '工会组织详情', params: idParams, response: orgSchema },
    async ({ params }) => presentOrg(await orgs.get(params.id)),
  );

  api.route(
    { method: 'get', path: '/orgs/:id/children', tag: 'orgs', summary: '直属下级工会', params: idParams, response: orgList },
    async ({ params }) => ({ items: (await orgs.children(params.id)).map(presentOrg) }),
  );

  api.route(
    { method: 'post', path: '/orgs', tag: 'orgs', summary: '在镇（街道）总工会下新增企业工会（管理员）', body: createEnterpriseBody, status: 201, response: orgSchema },
    async ({ body, user }) => {
      if (user.role !== 'admin') throw forbidden('只有管理员可以新增企业工会');
      return presentOrg(await orgs.createEnterprise(user, body.parentId, body.name));
    },
  );
}
