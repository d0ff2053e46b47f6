import { Readable } from 'node:stream';
import type { Context } from 'koa';
import { AppError, invalidField } from '../http/errors';

/**
 * The bytes of one file field of a multipart/form-data request, refusing bodies over `limit`
 * bytes while they stream in. Parsing is Node's own (the Fetch API's `formData()`).
 */
export async function readUploadedFile(ctx: Context, limit: number, field = 'file'): Promise<Buffer> {
  if (!ctx.is('multipart/form-data')) throw new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件');
  if (Number(ctx.get('content-length') || 0) > limit) throw tooLarge(limit);
  let size = 0;
  const counted = (Readable.toWeb(ctx.req) as ReadableStream<Uint8Array>).pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > limit) controller.error(tooLarge(limit));
      else controller.enqueue(chunk);
    },
  }));
  let form: FormData;
  try {
    form = await new Request('http://upload.invalid/', {
      method: 'POST', headers: { 'content-type': ctx.get('content-type') }, body: counted, duplex: 'half',
    } as RequestInit).formData();
  } catch {
    if (size > limit) throw tooLarge(limit);
    throw invalidField(`body.${field}`, '上传的内容无法解析');
  }
  const file = form.get(field);
  if (file === null || typeof file === 'string') {
    throw invalidField(`body.${field}`, `缺少文件字段 ${field}`);
  }
  return Buffer.from(await file.arrayBuffer());
}

const tooLarge = (limit: number) => new AppError(413, 'payload_too_large', `上传内容超过 ${Math.floor(limit / 1024 / 1024)} MB`);
