import { ApiProperty } from '@nestjs/swagger';

export class LadderLabelDto {
  @ApiProperty({ name: 'zh-CN', example: '专精特新中小企业' }) 'zh-CN': string;
  @ApiProperty({ example: 'SRDI SME' }) en: string;
}

/** An expiring HNTE certificate or a recognition due for re-evaluation. */
export class RadarItemDto {
  @ApiProperty({ enum: ['hnte', 'recognition'], enumName: 'RadarKind' }) kind: 'hnte' | 'recognition';
  @ApiProperty({ description: 'the qualification or recognition id' }) sourceId: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() districtCode: string;
  @ApiProperty({ type: Number, nullable: true }) assignedOfficerId: number | null;
  @ApiProperty() label: string;
  @ApiProperty({ format: 'date' }) validUntil: string;
  @ApiProperty({ type: String, nullable: true, description: 'recognitions: the configured ladder of the rung' }) ladder: string | null;
  @ApiProperty({ type: LadderLabelDto, nullable: true }) rungName: LadderLabelDto | null;
}

export class RadarListDto {
  @ApiProperty({ type: [RadarItemDto] }) items: RadarItemDto[];
}

export class RadarRunDto {
  @ApiProperty({ description: 'items found' }) items: number;
  @ApiProperty({ description: 'follow-up tasks raised (each once)' }) tasksCreated: number;
}
