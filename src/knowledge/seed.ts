import type { EntityManager } from 'typeorm';
import { KnowledgeArticle } from './knowledge-article.entity';
import { SEED_ARTICLES } from './seed-articles';

/**
 * Puts the delivered articles into an empty knowledge base, in every environment: it is reference
 * content, not demo data. Once lawyers have edited it, it is theirs and never seeded again.
 */
export async function seedKnowledgeBase(em: EntityManager): Promise<number> {
  const repo = em.getRepository(KnowledgeArticle);
  if ((await repo.count()) > 0) return 0;
  await repo.insert(SEED_ARTICLES.map((a) => ({ ...a, questions: [...a.questions], published: true, updatedById: null })));
  return SEED_ARTICLES.length;
}
