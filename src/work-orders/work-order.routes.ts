import type { Api } from '../http/api';
import { ACTION_LABELS } from './labels';
import { ACTIONS, Action } from './lifecycle';
import { actionBodies, listQuery, orderList, orderParams, orderSchema, registerBody } from './work-order.schema';
import type { WorkOrderService } from './work-order.service';

export function workOrderRoutes(api: Api, orders: WorkOrderService): void {
  api.route(
    { method: 'post', path: '/work-orders', tag: 'work-orders', summary: '受理登记工单', body: registerBody, status: 201, response: orderSchema },
    ({ user, body }) => orders.register(user, body),
  );

  api.route(
    { method: 'get', path: '/work-orders', tag: 'work-orders', summary: '工单列表（本单位可见范围，最新在前）', query: listQuery, response: orderList },
    ({ user, query }) => orders.list(user, query),
  );

  api.route(
    { method: 'get', path: '/work-orders/:id', tag: 'work-orders', summary: '工单详情，含时间线与可执行操作', params: orderParams, response: orderSchema },
    ({ user, params }) => orders.detail(user, params.id),
  );

  api.route(
    { method: 'get', path: '/work-orders/:id/petitioners', tag: 'work-orders', summary: '工单的诉求人（并单后可能多人；仅热线中心）', params: orderParams },
    ({ user, params }) => orders.petitioners(user, params.id),
  );

  // One route per action, so each documents and validates its own body.
  for (const action of ACTIONS) registerAction(api, orders, action);
}

function registerAction<A extends Action>(api: Api, orders: WorkOrderService, action: A): void {
  api.route(
    {
      method: 'post',
      path: `/work-orders/:id/actions/${action}`,
      tag: 'work-orders',
      summary: `${ACTION_LABELS[action]}（${action}）`,
      params: orderParams,
      body: actionBodies[action],
      response: orderSchema,
    },
    ({ user, params, body }) => orders.act(user, params.id, action, body as never),
  );
}
