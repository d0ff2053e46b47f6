import type { Api } from '../http/api';
import { identitySchema, revealBody, workerParams } from './worker.schema';
import type { WorkerService } from './worker.service';

export function workerRoutes(api: Api, workers: WorkerService): void {
  api.route(
    {
      method: 'post', path: '/workers/:id/reveal', tag: 'workers', params: workerParams, body: revealBody, response: identitySchema,
      summary: '查看职工完整身份信息（热线中心客服、律师、督办；须填写原因，记入审计日志）',
    },
    ({ user, params, body, ctx }) => workers.reveal(user, params.id, body.reason, ctx.ip),
  );
}
