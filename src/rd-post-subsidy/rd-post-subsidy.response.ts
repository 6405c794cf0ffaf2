import { ApiProperty } from '@nestjs/swagger';
import { CLAIM_STATUSES, ROUND_STATUSES } from './rd-post-subsidy.entities.js';

export class RoundActionDto {
  @ApiProperty({ enum: ['calculate', 'publish', 'pay'], enumName: 'RoundAction' }) action: string;
  @ApiProperty() allowed: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'why not (a message key)' }) reasonKey: string | null;
}

/** A yearly R&D post-subsidy round (rules.md §8); money in yuan. */
export class RoundDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 2025, description: 'the fiscal year whose R&D growth is rewarded' }) year: number;
  @ApiProperty({ description: 'yuan' }) budget: number;
  @ApiProperty({ enum: ROUND_STATUSES, enumName: 'RoundStatus' }) status: string;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan, once calculated' }) totalRequested: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan, once calculated' }) totalGranted: number | null;
  @ApiProperty({ description: 'claims exceeded the budget and were scaled pro rata' }) scaled: boolean;
  @ApiProperty({ type: String, nullable: true, example: '0.812345', description: 'budget ÷ total claims (6 decimals, rounded down)' }) factor: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) asOf: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: [RoundActionDto] }) actions: RoundActionDto[];
}

export class ClaimRowDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() districtCode: string;
  @ApiProperty({ description: 'yuan' }) requested: number;
  @ApiProperty({ description: 'yuan, after scaling' }) granted: number;
  @ApiProperty({ enum: CLAIM_STATUSES, enumName: 'ClaimStatus' }) status: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) paidOn: string | null;
  @ApiProperty({ type: String, nullable: true }) paymentReference: string | null;
  @ApiProperty() version: number;
}

export class ClaimsRoundDto {
  @ApiProperty() id: number;
  @ApiProperty() year: number;
  @ApiProperty({ enum: ROUND_STATUSES, enumName: 'RoundStatus' }) status: string;
  @ApiProperty({ type: String, nullable: true }) factor: string | null;
  @ApiProperty() scaled: boolean;
}

/** GET /api/v1/rd-post-subsidy/rounds/:id/claims: the round and one page of its claims (scoped). */
export class ClaimsPageDto {
  @ApiProperty({ type: ClaimsRoundDto }) round: ClaimsRoundDto;
  @ApiProperty({ type: [ClaimRowDto] }) items: ClaimRowDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ClaimDto {
  @ApiProperty() id: number;
  @ApiProperty() roundId: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ description: 'yuan' }) requested: number;
  @ApiProperty({ description: 'yuan' }) granted: number;
  @ApiProperty({ enum: CLAIM_STATUSES, enumName: 'ClaimStatus' }) status: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) paidOn: string | null;
  @ApiProperty({ type: String, nullable: true }) paymentReference: string | null;
  @ApiProperty() version: number;
}
