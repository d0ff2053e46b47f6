import type { KnowledgeArticle } from './knowledge-article.entity';
import type { Ranked } from './knowledge.service';

/** What anyone may see: the answer and its basis, nothing about who keeps it. */
export const presentPublicArticle = (a: KnowledgeArticle) => ({
  id: a.id,
  title: a.title,
  questions: a.questions,
  answer: a.answer,
  legalBasis: a.legalBasis,
  category: a.category,
  updatedAt: a.updatedAt.toISOString(),
});

/** What staff see of an article: also whether it is published, its version and who changed it last. */
export const presentArticle = (a: KnowledgeArticle) => ({
  ...presentPublicArticle(a),
  published: a.published,
  version: a.version,
  updatedById: a.updatedById,
  createdAt: a.createdAt.toISOString(),
});

/** An article as a list shows it, with its relevance when it was searched for. */
export const presentRanked = <T extends object>(present: (a: KnowledgeArticle) => T) => (r: Ranked) => ({
  ...present(r.article),
  ...(r.score === undefined ? {} : { score: Math.round(r.score * 1000) / 1000, matchedTerms: r.matchedTerms }),
});
