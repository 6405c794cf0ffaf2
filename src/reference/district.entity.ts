import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DISTRICT_BLOCKS = ['binhai', 'central', 'ring', 'outer'] as const;
export type DistrictBlock = (typeof DISTRICT_BLOCKS)[number];

/** A Tianjin district (GB/T 2260) with the statistical block it is reported under. */
@Entity('district')
export class District {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 32 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 64 })
  nameEn: string;

  @Column({ type: 'varchar', length: 16 })
  block: DistrictBlock;
}
