import type { DataSource, FindOptionsWhere } from 'typeorm';
import type { z } from 'zod';
import type { Clock } from '../app';
import type { AuthUser } from '../auth/auth.service';
import type { Role } from '../auth/staff-user.entity';
import type { Transactor } from '../db/transaction';
import { conflict, forbidden, notFound } from '../http/errors';
import { KnowledgeArticle } from './knowledge-article.entity';
import type { createBody, listQuery, updateBody } from './knowledge.schema';
import { KnowledgeIndex } from './search';

type ListFilter = z.output<typeof listQuery>;
type CreateInput = z.output<typeof createBody>;
type UpdateInput = z.output<typeof updateBody>;

/** An article in a list; score and matched terms only when the list was a search. */
export interface Ranked {
  article: KnowledgeArticle;
  score?: number;
  matchedTerms?: string[];
}

/** Who may write the knowledge base: it is legal advice, so lawyers (and admins). */
const EDITORS: readonly Role[] = ['lawyer', 'admin'];

const SUGGESTIONS = 3;

const isPublished = (a: KnowledgeArticle) => a.published;

/** How long an edit made through another server instance may go unseen by this one's index. */
export const INDEX_FRESHNESS_MS = 5_000;

interface BuiltIndex {
  index: KnowledgeIndex<KnowledgeArticle>;
  /** The articles' revision it was built from (see `revision`). */
  revision: string;
}

export class KnowledgeService {
  /** Built on first use; dropped on every change made here, or when the articles' revision moved. */
  private index: Promise<BuiltIndex> | null = null;
  /** When the index was last built or compared with the articles' revision (clock time, ms). */
  private checkedAt = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly clock: Clock,
  ) {}

  /**
   * The confident answer to a worker's words among published articles, or null: the intake records
   * such a contact as answered at first contact (即时解答), citing the article.
   *
   * - `text` is what the worker said or wrote, any length and content; empty or meaningless text
   *   gives null, never an error.
   * - Non-null only under the rule documented at `CONFIDENCE` in ./search (most of the question
   *   covered, two distinctive words matched, clearly ahead of the next article).
   * - `score` is the BM25 score (comparable only between hits of the same text).
   * - Sees an article's changes as soon as the create/update call that made them has returned on
   *   this server instance, and within `INDEX_FRESHNESS_MS` when it ran on another one.
   *   Rejects only when the database cannot be read.
   */
  async answerFor(text: string): Promise<{ article: KnowledgeArticle; score: number } | null> {
    const hit = (await this.searchIndex()).bestAnswer(text, isPublished);
    return hit && { article: hit.article, score: hit.score };
  }

  /** The published articles closest to the text (for the console), and whether the first is confident. */
  async suggest(text: string): Promise<{ items: Ranked[]; confident: boolean }> {
    const { hits, confident } = (await this.searchIndex()).rank(text, SUGGESTIONS, isPublished);
    return { items: hits, confident };
  }

  /** One page of articles: ranked by relevance with `q`, else in id order. */
  async list(filter: ListFilter, publishedOnly = false): Promise<{ items: Ranked[]; total: number }> {
    const skip = (filter.page - 1) * filter.pageSize;
    if (filter.q) {
      const accept = (a: KnowledgeArticle) => (!publishedOnly || a.published) && (!filter.category || a.category === filter.category);
      const hits = (await this.searchIndex()).search(filter.q, Number.POSITIVE_INFINITY, accept);
      return { items: hits.slice(skip, skip + filter.pageSize), total: hits.length };
    }
    const where: FindOptionsWhere<KnowledgeArticle> = {};
    if (filter.category) where.category = filter.category;
    if (publishedOnly) where.published = true;
    const [articles, total] = await this.ds.getRepository(KnowledgeArticle).findAndCount({
      where, order: { id: 'ASC' }, skip, take: filter.pageSize,
    });
    return { items: articles.map((article) => ({ article })), total };
  }

  async get(id: number): Promise<KnowledgeArticle> {
    const article = await this.ds.getRepository(KnowledgeArticle).findOneBy({ id });
    if (!article) throw notFound('知识条目');
    return article;
  }

  async create(user: AuthUser, input: CreateInput): Promise<KnowledgeArticle> {
    assertEditor(user);
    const now = this.clock();
    const id = await this.tx.run(async (em) => {
      const repo = em.getRepository(KnowledgeArticle);
      const saved = await repo.save(repo.create({ ...input, updatedById: user.id, createdAt: now, updatedAt: now }));
      return saved.id;
    });
    this.index = null;
    return this.get(id);
  }

  /** Replaces the article, provided nobody changed it since `input.version` (else 409). */
  async update(user: AuthUser, id: number, input: UpdateInput): Promise<KnowledgeArticle> {
    assertEditor(user);
    const { version, ...fields } = input;
    if ((await this.get(id)).version !== version) throw staleVersion();
    await this.tx.run(async (em) => {
      const updated = await em
        .createQueryBuilder()
        .update(KnowledgeArticle)
        .set({ ...fields, updatedById: user.id, updatedAt: this.clock() })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      if (updated.affected !== 1) throw staleVersion();
    });
    this.index = null;
    return this.get(id);
  }

  private async searchIndex(): Promise<KnowledgeIndex<KnowledgeArticle>> {
    const now = this.clock().getTime();
    const current = this.index;
    if (current && now - this.checkedAt >= INDEX_FRESHNESS_MS) {
      this.checkedAt = now;
      const [built, revision] = await Promise.all([current, this.revision()]);
      if (built.revision !== revision && this.index === current) this.index = null;
    }
    if (!this.index) {
      this.checkedAt = now;
      const loading = this.load();
      // A failed load is not kept: the next search tries again.
      loading.catch(() => this.index === loading && (this.index = null));
      this.index = loading;
    }
    return (await this.index).index;
  }

  private async load(): Promise<BuiltIndex> {
    // The revision first: an edit landing between the two reads then shows at the next check.
    const revision = await this.revision();
    return { index: new KnowledgeIndex(await this.ds.getRepository(KnowledgeArticle).find()), revision };
  }

  /**
   * Changes with every article created or edited anywhere: each adds one to the sum of the
   * versions (an edit bumps its article's, a new article starts at 1).
   */
  private async revision(): Promise<string> {
    const [row] = await this.ds.query('SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS v FROM knowledge_article');
    return `${Number(row.n)}:${Number(row.v)}`;
  }
}

function assertEditor(user: AuthUser): void {
  if (!EDITORS.includes(user.role)) throw forbidden('只有律师和管理员可以编辑知识库');
}

const staleVersion = () => conflict('stale_version', '该知识条目已被他人修改，请刷新后重试');
