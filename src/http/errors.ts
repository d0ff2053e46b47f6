/** One error shape for every failure: `{ error: { code, message, details } }`. */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Response headers the error implies (Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) => new AppError(400, 'invalid_request', message, details);
/** One field refused: its reason is the error's message and is shown beside the field, so it is said for people. */
export const invalidField = (path: string, message: string) => badRequest(message, [{ path, message }]);
export const unauthorized = (message = '请先登录') => new AppError(401, 'unauthorized', message);
export const forbidden = (message: string) => new AppError(403, 'forbidden', message);
export const notFound = (what = '资源') => new AppError(404, 'not_found', `${what}不存在`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
/** The database cannot be reached: nothing was wrong with the request, so the client may send it again. */
export const databaseUnavailable = () =>
  new AppError(503, 'database_unavailable', '数据库暂时不可用，请稍后重试', [], { 'Retry-After': '5' });
