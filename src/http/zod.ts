/** zod with `.openapi()` added: schema modules import `z` from here so the extension comes first. */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
