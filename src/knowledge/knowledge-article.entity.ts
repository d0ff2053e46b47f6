import {
  Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn,
} from 'typeorm';
import type { Category } from '../work-orders/work-order.entity';

/**
 * One answer of the consultation knowledge base: the ways workers ask the question, the answer in
 * plain words and the statutes it rests on. Lawyers keep it up to date; the centre's desk, the
 * intake and (published ones only) the mini-program read it.
 */
@Entity('knowledge_article')
export class KnowledgeArticle {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** The question as workers phrase it, in several variants (a JSON array in a text column). */
  @Column({ type: 'simple-json' })
  questions: string[];

  @Column({ type: 'text' })
  answer: string;

  /** The statutes cited, e.g. 《中华人民共和国劳动法》第四十四条. */
  @Column({ type: 'text' })
  legalBasis: string;

  @Index('ix_knowledge_article_category')
  @Column({ type: 'varchar', length: 24 })
  category: Category;

  /** Only published articles answer workers (intake, mini-program); drafts are for staff. */
  @Column({ type: 'boolean' })
  published: boolean;

  /** The staff member who last created or edited it; null for the seeded content. */
  @Column({ type: 'integer', nullable: true })
  updatedById: number | null;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
