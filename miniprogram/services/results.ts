/** 结果公示: /mp/public/results. */
import { call } from './http';

export interface PublishedResult {
  id: number;
  category: string;
  categoryLabel: string;
  region: string | null;
  employer: string | null;
  summary: string;
  result: string;
  publishedAt: string;
}

export const publishedResults = (page = 1) =>
  call<{ items: PublishedResult[]; total: number }>('GET', '/mp/public/results', { query: { page } });
