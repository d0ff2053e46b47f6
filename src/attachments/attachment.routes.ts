import type { Context } from 'koa';
import type { Api } from '../http/api';
import { presentAttachment } from './attachment.presenter';
import { attachmentList, attachmentParams, attachmentQuery } from './attachment.schema';
import type { AttachmentService, Viewer } from './attachment.service';
import { extensionOf } from './sniff';

/** `identify` resolves the bearer token to a staff member or a mini-program worker (401 otherwise). */
export function attachmentRoutes(api: Api, attachments: AttachmentService, identify: (ctx: Context) => Promise<Viewer>): void {
  api.route(
    { method: 'get', path: '/attachments', tag: 'attachments', summary: '工单的照片和语音（本单位可见范围）', query: attachmentQuery, response: attachmentList },
    async ({ user, query }) => ({ items: (await attachments.forOrder(user, query.orderId)).map(presentAttachment) }),
  );

  api.publicRoute(
    { method: 'get', path: '/attachments/:id', tag: 'attachments', summary: '下载附件（工作人员或小程序职工令牌；仅能看到该工单的人可下载）', params: attachmentParams },
    async ({ params, ctx }) => {
      const { attachment, stream } = await attachments.open(await identify(ctx), params.id);
      // Always a download of the type read from its bytes: never rendered in the API's origin.
      ctx.attachment(`attachment-${attachment.id}.${extensionOf(attachment.mime)}`);
      ctx.type = attachment.mime;
      ctx.length = attachment.size;
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
      ctx.body = stream;
    },
  );
}
