import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of the 8 key fields of HNTE certification (rules.md §2, HT-FIELD). Labels live in the catalogues. */
@Entity('high_tech_field')
export class HighTechField {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ name: 'sort_order', type: 'integer' })
  sortOrder: number;
}
