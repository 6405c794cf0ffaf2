import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A ladder (rules.md §7 "Ladders are configuration"): reference data seeded by migration, read by
 * LaddersService. Its rungs are rows of `ladder_rung`, so reports can rank recognitions by a join.
 */
@Entity('ladder')
export class LadderRecord {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  /** Display order of the ladders (the Tianjin ladder first). */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'name_zh', type: 'varchar', length: 64 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 96 })
  nameEn: string;
}

/** One rung of a ladder: a programme code at a position (0 = lowest), with its short name. */
@Entity('ladder_rung')
export class LadderRungRecord {
  @PrimaryColumn({ name: 'ladder_code', type: 'varchar', length: 32 })
  ladderCode: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 32 })
  programme: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 64 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 96 })
  nameEn: string;
}
