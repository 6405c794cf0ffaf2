import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One tag of an enterprise, a row each, so "filter by tag" is an indexed lookup. */
@Entity('enterprise_tag')
@Index('ix_enterprise_tag_tag', ['tag', 'enterpriseId'])
export class EnterpriseTag {
  @PrimaryColumn({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  tag: string;
}
