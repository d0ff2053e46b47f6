import type { Api } from '../http/api';
import { listQuery, notificationList, notificationParams, notificationSchema } from './notification.schema';
import type { Outbox } from './outbox';

export function notificationRoutes(api: Api, outbox: Outbox): void {
  api.route(
    { method: 'get', path: '/notifications', tag: 'notifications', summary: '通知发送记录（热线中心，最新在前；status=dead 查看发送失败的）', query: listQuery, response: notificationList },
    ({ user, query }) => outbox.list(user, query),
  );

  api.route(
    { method: 'post', path: '/notifications/:id/retry', tag: 'notifications', summary: '重发一条发送失败（dead）的通知', params: notificationParams, response: notificationSchema },
    ({ user, params }) => outbox.retry(user, params.id),
  );
}
