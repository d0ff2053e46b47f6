import { presentAttachment } from '../attachments/attachment.presenter';
import { attachmentSchema } from '../attachments/attachment.schema';
import { UPLOAD_REQUEST_LIMIT, type AttachmentService } from '../attachments/attachment.service';
import { readUploadedFile } from '../attachments/multipart';
import type { AuditService } from '../audit/audit.service';
import { presentLogin as presentStaffLogin } from '../auth/auth.presenter';
import { loginRefused } from '../auth/auth.routes';
import { loginResponse } from '../auth/auth.schema';
import type { Api } from '../http/api';
import { RateLimiter } from '../http/rate-limit';
import type { WorkOrderService } from '../work-orders/work-order.service';
import type { AppealService } from './appeal.service';
import { deskOf } from './desk';
import type { LookupService } from './lookup.service';
import type { MpAuthService } from './mp-auth.service';
import { presentAppeal, presentAppealSummary, presentLogin, presentPublished } from './mp.presenter';
import {
  appealBody, appealList, appealSchema, bindBody, idParams, lookupParams, lookupQuery, lookupResponse, mpLoginBody,
  mpLoginResponse, pageQuery, publishBody, publishedList, publishedSchema, rateBody, regionList, regionsQuery,
  rehandleBody, resultsQuery,
} from './mp.schema';
import { regionChildren } from '../regions/places';
import type { ResultsService } from './results.service';

export interface MpDeps {
  auth: MpAuthService;
  appeals: AppealService;
  lookup: LookupService;
  results: ResultsService;
  attachments: AttachmentService;
  workOrders: WorkOrderService;
  audit: AuditService;
  subscribeTemplateId: string | null;
  limits: {
    /** Public lookups per client address. */
    lookup: RateLimiter;
    /** Lookups per order number from anywhere: four digits must not be guessable from many addresses. */
    lookupPerOrder: RateLimiter;
    /** Staff binding checks a password, like the login. */
    bind: RateLimiter;
    /** Uploads per worker or staff member: each may be 10 MB. */
    upload: RateLimiter;
  };
}

const LOOKUPS_PER_MINUTE = 10;
const LOOKUPS_PER_ORDER_PER_HOUR = 20;
const UPLOADS_PER_MINUTE = 30;

/** The limits above as buckets; binding shares the staff login's rate. */
export function mpLimits(loginPerMinute: number, clock: () => Date): MpDeps['limits'] {
  return {
    lookup: new RateLimiter(LOOKUPS_PER_MINUTE, LOOKUPS_PER_MINUTE, clock),
    lookupPerOrder: new RateLimiter(LOOKUPS_PER_ORDER_PER_HOUR, LOOKUPS_PER_ORDER_PER_HOUR / 60, clock),
    bind: new RateLimiter(loginPerMinute, loginPerMinute, clock),
    upload: new RateLimiter(UPLOADS_PER_MINUTE, UPLOADS_PER_MINUTE, clock),
  };
}

/**
 * The mini-program's API under /api/v1/mp. Worker routes take the worker token from /mp/login
 * (declared public here, as the staff bearer check does not apply; each handler asks for the
 * worker); staff routes take the ordinary staff token.
 */
export function mpRoutes(api: Api, d: MpDeps): void {
  const tag = 'mp';

  // --- who is using the app --------------------------------------------------------------------

  api.publicRoute(
    { method: 'post', path: '/mp/login', tag, summary: '职工静默登录：wx.login 的 code 换取本系统令牌（session_key 不出服务器）', body: mpLoginBody, response: mpLoginResponse },
    async ({ body }) => presentLogin(await d.auth.login(body.code), d.subscribeTemplateId),
  );

  api.publicRoute(
    {
      method: 'post', path: '/mp/staff/bind', tag, summary: '工作人员绑定微信：用户名、密码和 wx.login 的 code，返回工作人员令牌',
      body: bindBody, response: loginResponse, verify: (ctx) => d.limits.bind.take(`mp-bind:${ctx.ip}`),
    },
    async ({ body, ctx }) => {
      const result = await d.auth.bindStaff(body.code, body.username, body.password, body.totpCode);
      if (!result.ok) throw await loginRefused(d.audit, ctx, body.username, result, 'mp_bind');
      await d.audit.record({ action: 'login', actor: result.user, ip: ctx.ip, detail: { via: 'mp_bind' } });
      return presentStaffLogin(result);
    },
  );

  api.route(
    { method: 'delete', path: '/mp/staff/bind', tag, summary: '解除本人账户与微信的绑定', status: 204 },
    async ({ user }) => {
      await d.auth.unbindStaff(user.id);
    },
  );

  // --- the worker's appeals --------------------------------------------------------------------

  api.publicRoute(
    { method: 'post', path: '/mp/appeals', tag, summary: '提交诉求（职工令牌；同一 requestId 重发返回首次结果）', body: appealBody, status: 201, response: appealSchema },
    async ({ body, ctx }) => {
      const { appeal, repeated } = await d.appeals.submit(await d.auth.workerOf(ctx), body);
      if (repeated) ctx.status = 200;
      return presentAppeal(appeal);
    },
  );

  api.publicRoute(
    { method: 'get', path: '/mp/appeals', tag, summary: '我的诉求（职工令牌，最新在前）', query: pageQuery, response: appealList },
    async ({ query, ctx }) => {
      const { items, total } = await d.appeals.list(await d.auth.workerOf(ctx), query.page, query.pageSize);
      return { items: items.map((i) => presentAppealSummary(i.contact, i.order)), total };
    },
  );

  api.publicRoute(
    { method: 'get', path: '/mp/appeals/:id', tag, summary: '我的诉求详情：办理进度、结果和可做的操作（职工令牌）', params: idParams, response: appealSchema },
    async ({ params, ctx }) => presentAppeal(await d.appeals.detail(await d.auth.workerOf(ctx), params.id)),
  );

  api.publicRoute(
    { method: 'post', path: '/mp/appeals/:id/rate', tag, summary: '满意评价：两项评分均不低于 3，工单办结（职工令牌）', params: idParams, body: rateBody, response: appealSchema },
    async ({ params, body, ctx }) => presentAppeal(await d.appeals.revisit(await d.auth.workerOf(ctx), params.id, body)),
  );

  api.publicRoute(
    { method: 'post', path: '/mp/appeals/:id/rehandle', tag, summary: '不满意，申请重办：评分低于 3 并说明原因（职工令牌）', params: idParams, body: rehandleBody, response: appealSchema },
    async ({ params, body, ctx }) => presentAppeal(await d.appeals.revisit(await d.auth.workerOf(ctx), params.id, {
      resultRating: body.resultRating, serviceRating: body.serviceRating, comment: body.reason,
    })),
  );

  api.publicRoute(
    {
      method: 'post', path: '/mp/uploads', tag, status: 201, response: attachmentSchema,
      summary: '上传照片（JPG/PNG/WEBP/HEIC，≤10 MB）或语音（MP3/AAC/M4A/SILK，≤2 MB）：multipart/form-data 的 file 字段；职工或工作人员令牌',
    },
    async ({ ctx }) => {
      const viewer = await d.auth.viewerOf(ctx);
      d.limits.upload.take(`upload:${viewer.kind}:${viewer.kind === 'staff' ? viewer.user.id : viewer.workerId}`);
      return presentAttachment(await d.attachments.store(viewer, await readUploadedFile(ctx, UPLOAD_REQUEST_LIMIT)));
    },
  );

  // --- anyone ----------------------------------------------------------------------------------

  api.publicRoute(
    { method: 'get', path: '/mp/public/regions', tag, summary: '地区选择：广东省的地市，或某地下一级的县区、镇街', query: regionsQuery, response: regionList },
    async ({ query }) => ({ items: regionChildren(query.parentCode) }),
  );

  api.publicRoute(
    {
      method: 'get', path: '/mp/public/orders/:number', tag, params: lookupParams, query: lookupQuery, response: lookupResponse,
      summary: '凭工单号和手机号后 4 位查询办理进度（不含个人信息和诉求内容；限频）',
      verify(ctx) {
        d.limits.lookup.take(`lookup:${ctx.ip}`);
        d.limits.lookupPerOrder.take(`lookup-order:${String(ctx.params.number).slice(0, 32)}`);
      },
    },
    async ({ params, query }) => d.lookup.progress(params.number, query.phoneLast4),
  );

  api.publicRoute(
    { method: 'get', path: '/mp/public/results', tag, summary: '结果公示：热线中心选择公开的已办结工单（已脱敏）', query: resultsQuery, response: publishedList },
    async ({ query }) => {
      const { items, total } = await d.results.list(query);
      return { items: items.map(presentPublished), total };
    },
  );

  // --- staff -----------------------------------------------------------------------------------

  api.route(
    { method: 'get', path: '/mp/staff/desk', tag, summary: '本单位待办：待签收、待办理、待审核，按期限先后' },
    ({ user }) => deskOf(d.workOrders, user),
  );

  api.route(
    { method: 'post', path: '/mp/results', tag, summary: '公示一件已办结工单（热线中心；内容不得含姓名、电话、用人单位全称）', body: publishBody, status: 201, response: publishedSchema },
    async ({ user, body }) => presentPublished(await d.results.publish(user, body)),
  );

  api.route(
    { method: 'delete', path: '/mp/results/:id', tag, summary: '撤回结果公示（热线中心）', params: idParams, status: 204 },
    async ({ user, params }) => {
      await d.results.withdraw(user, params.id);
    },
  );
}
