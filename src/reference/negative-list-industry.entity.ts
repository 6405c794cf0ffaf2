import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A GB/T 4754 code prefix on the super-deduction negative list (rules.md §4.2). */
@Entity('negative_list_industry')
export class NegativeListIndustry {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  prefix: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 64 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 128 })
  nameEn: string;
}
