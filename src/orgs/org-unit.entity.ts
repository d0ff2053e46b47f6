import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ORG_LEVELS = ['province', 'city', 'district', 'town', 'enterprise'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/**
 * A union body in the chain province → city → district → town/street → enterprise.
 * `path` lists the ids from the root ("/1/3/45/") so subtree checks are a prefix match.
 */
@Entity('org_unit')
export class OrgUnit {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** GB/T 2260 region code (9 digits for towns/streets); null for enterprise unions. */
  @Index('uq_org_unit_code', { unique: true })
  @Column({ type: 'varchar', length: 12, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  level: OrgLevel;

  @Index('ix_org_unit_parent')
  @Column({ type: 'integer', nullable: true })
  parentId: number | null;

  @Index('ix_org_unit_path')
  @Column({ type: 'varchar', length: 255 })
  path: string;

  /** The provincial union hosts the 12351 centre: its staff see and route every order. */
  @Column({ type: 'boolean', default: false })
  isCentre: boolean;

  @CreateDateColumn({ type: 'datetime' })
  createdAt: Date;
}
