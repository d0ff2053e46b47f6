import { z } from '../http/zod';
import { CATEGORIES } from '../work-orders/work-order.entity';

const text = (max: number) => z.string().trim().min(1).max(max);

export const articleParams = z.object({ id: z.coerce.number().int().positive() });

export const listQuery = z.object({
  /** With q the articles come ranked by relevance, each with its score. */
  q: text(100).optional(),
  category: z.enum(CATEGORIES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** A worker's words as the console has them; kept short enough to travel in a URL. */
export const suggestQuery = z.object({ text: text(1000) });

const articleFields = {
  title: text(100),
  questions: z
    .array(text(200))
    .min(1)
    .max(10)
    .refine((qs) => new Set(qs).size === qs.length, { message: '问题变体不能重复' }),
  answer: text(5000),
  legalBasis: text(2000),
  category: z.enum(CATEGORIES),
};

export const createBody = z
  .object({ ...articleFields, published: z.boolean().default(true) })
  .strict()
  .openapi('CreateKnowledgeArticle');

/** The whole article as it should be, plus the `version` the editor started from. */
export const updateBody = z
  .object({ ...articleFields, published: z.boolean(), version: z.number().int().min(1) })
  .strict()
  .openapi('UpdateKnowledgeArticle');

const relevance = {
  score: z.number().optional().openapi({ description: 'BM25 相关度（仅在按 q 或 text 检索时）' }),
  matchedTerms: z.array(z.string()).optional(),
};

export const articleSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    questions: z.array(z.string()),
    answer: z.string(),
    legalBasis: z.string(),
    category: z.enum(CATEGORIES),
    published: z.boolean(),
    version: z.number().int(),
    updatedById: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('KnowledgeArticle');

export const articleList = z.object({ items: z.array(articleSchema.extend(relevance)), total: z.number().int() });

export const suggestion = z.object({
  items: z.array(articleSchema.extend(relevance)),
  /** Whether items[0] answers the text well enough to be given at first contact. */
  confident: z.boolean(),
});

export const publicArticleSchema = articleSchema
  .pick({ id: true, title: true, questions: true, answer: true, legalBasis: true, category: true, updatedAt: true })
  .openapi('PublicKnowledgeArticle');

export const publicList = z.object({ items: z.array(publicArticleSchema.extend(relevance)), total: z.number().int() });
