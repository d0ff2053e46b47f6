/** zod with `.openapi()` added: schema modules import `z` from here so the extension comes first. */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);
// A refused field's reason is shown beside the field, to desk staff and to workers: in Chinese.
z.config(z.locales.zhCN());

export { z };
