import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A functional zone (e.g. 滨海高新区); reviews may run by zone as well as by district. */
@Entity('functional_zone')
export class FunctionalZone {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 64 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 128 })
  nameEn: string;

  @Column({ name: 'district_code', type: 'varchar', length: 6 })
  districtCode: string;
}
