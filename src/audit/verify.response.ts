import { ApiProperty } from '@nestjs/swagger';

export class ChainBreakDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['content', 'link', 'unchained'], enumName: 'ChainBreakReason', description: 'content changed, the entry before missing or replaced, or never chained' }) reason: 'content' | 'link' | 'unchained';
}

export class ChainHeadDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: 'note it elsewhere to detect a truncated tail later' }) hash: string;
}

/** GET /api/v1/audit/verify: the hash chain recomputed. */
export class ChainReportDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'entries checked (all of them when ok)' }) checked: number;
  @ApiProperty({ type: ChainBreakDto, nullable: true }) brokenAt: ChainBreakDto | null;
  @ApiProperty({ type: ChainHeadDto, nullable: true }) head: ChainHeadDto | null;
  @ApiProperty({ description: 'the triggers that refuse UPDATE/DELETE are in place' }) triggersPresent: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) checkedAt: Date;
}
