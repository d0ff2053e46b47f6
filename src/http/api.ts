import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { ZodType } from 'zod';
import { z } from './zod';
import type { StaffSession } from '../auth/auth.service';
import { totpEnrolmentRequired } from '../auth/totp.policy';
import { readJsonBody } from './body';
import { badRequest, ErrorDetail, unauthorized } from './errors';


type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteDef<P extends ZodType, Q extends ZodType, B extends ZodType> {
  method: Method;
  /** Koa-style path under /api/v1, e.g. `/work-orders/:id`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Success status; 200 unless said otherwise. */
  status?: number;
  response?: ZodType;
  /** Checks the request as sent (signatures over the raw body) before anything is parsed. */
  verify?: (ctx: Context, rawBody: string) => void;
  /** Open to sessions that may only enrol TOTP (admins and supervisors without it). */
  enrolment?: boolean;
}

export interface Request<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  ctx: Context;
}

type Out<T> = T extends ZodType ? z.output<T> : undefined;

/** Resolves the session behind a bearer token, or null. */
export type Authenticate = (token: string) => Promise<StaffSession | null>;

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');

/**
 * Declares routes once: the zod schemas validate each request and describe it in the OpenAPI
 * document, so the two cannot drift apart. Handlers receive parsed, typed input.
 */
export class Api {
  readonly router = new Router({ prefix: '/api/v1' });
  readonly registry = new OpenAPIRegistry();

  constructor(
    private readonly authenticate: Authenticate,
    private readonly bodyLimit: number,
  ) {
    this.registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  }

  /** A route for signed-in staff. */
  route<P extends ZodType, Q extends ZodType, B extends ZodType>(
    def: RouteDef<P, Q, B>,
    handler: (req: Request<Out<P>, Out<Q>, Out<B>> & StaffSession) => Promise<unknown>,
  ): void {
    this.add(def, true, async (req) => handler({ ...req, ...(await this.sessionOf(req.ctx, def.enrolment ?? false)) }));
  }

  /** A route anyone may call (login, health, public look-ups). */
  publicRoute<P extends ZodType, Q extends ZodType, B extends ZodType>(
    def: RouteDef<P, Q, B>,
    handler: (req: Request<Out<P>, Out<Q>, Out<B>>) => Promise<unknown>,
  ): void {
    this.add(def, false, handler);
  }

  openApiDocument(): object {
    return new OpenApiGeneratorV3(this.registry.definitions).generateDocument({
      openapi: '3.0.3',
      info: { title: '12351 职工服务热线 API', version: '1.0.0' },
      servers: [{ url: '/' }],
    });
  }

  private async sessionOf(ctx: Context, enrolment: boolean): Promise<StaffSession> {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
    const session = match ? await this.authenticate(match[1]) : null;
    if (!session) throw unauthorized();
    ctx.state.user = session.user;
    // Enforced here, for every staff route at once: until enrolled, nothing but enrolment.
    if (session.enrolmentOnly && !enrolment) throw totpEnrolmentRequired();
    return session;
  }

  private add<P extends ZodType, Q extends ZodType, B extends ZodType>(
    def: RouteDef<P, Q, B>,
    secured: boolean,
    handler: (req: Request<Out<P>, Out<Q>, Out<B>>) => Promise<unknown>,
  ): void {
    this.document(def, secured);
    this.router[def.method](def.path, async (ctx) => {
      const raw = def.body ? await readJsonBody(ctx, this.bodyLimit) : undefined;
      def.verify?.(ctx, raw?.raw ?? '');
      const params = parse(def.params, ctx.params, 'params');
      const query = parse(def.query, ctx.query, 'query');
      const body = parse(def.body, raw?.json ?? {}, 'body');
      // Set first so a handler can still override it (health reports 503).
      ctx.status = def.status ?? 200;
      const result = await handler({ params, query, body, ctx } as Request<Out<P>, Out<Q>, Out<B>>);
      if (result !== undefined) ctx.body = result;
    });
  }

  private document(def: RouteDef<ZodType, ZodType, ZodType>, secured: boolean): void {
    const status = def.status ?? 200;
    this.registry.registerPath({
      method: def.method,
      path: `/api/v1${def.path.replace(/:(\w+)/g, '{$1}')}`,
      summary: def.summary,
      tags: [def.tag],
      security: secured ? [{ bearer: [] }] : undefined,
      request: {
        params: def.params as never,
        query: def.query as never,
        body: def.body ? { content: { 'application/json': { schema: def.body } } } : undefined,
      },
      responses: {
        [status]: def.response
          ? { description: 'OK', content: { 'application/json': { schema: def.response } } }
          : { description: 'OK' },
        default: { description: '错误', content: { 'application/json': { schema: errorSchema } } },
      },
    });
  }
}

function parse<T extends ZodType>(schema: T | undefined, value: unknown, where: string): Out<T> {
  if (!schema) return undefined as Out<T>;
  const result = schema.safeParse(value);
  if (result.success) return result.data as Out<T>;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw badRequest(`请求参数有误：${details.map((d) => d.path).join(', ')}`, details);
}
