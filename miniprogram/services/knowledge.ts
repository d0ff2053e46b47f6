/** Common questions from the knowledge base: /public/knowledge. */
import { call } from './http';

export interface Article {
  id: number;
  title: string;
  questions: string[];
  answer: string;
  legalBasis: string;
  category: string;
}

export const commonQuestions = (q?: string, page = 1) =>
  call<{ items: Article[]; total: number }>('GET', '/public/knowledge', { query: { q, page } });
