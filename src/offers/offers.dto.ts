import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OFFER_STATUSES } from './offer.entity.js';
import { OFFER_PROGRAMMES } from './offer-rules.js';

/** GET /api/v1/offers (api.md Offers). */
export class OfferListQueryDto {
  @ApiPropertyOptional({ enum: OFFER_PROGRAMMES }) @IsOptional() @IsIn(OFFER_PROGRAMMES) programme?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/, { message: 'must be a six-digit district code' }) districtCode?: string;
  @ApiPropertyOptional({ enum: OFFER_STATUSES }) @IsOptional() @IsIn(OFFER_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

/** POST /api/v1/offers/:id/accept — the body is optional (an optimistic version). */
export class OfferAcceptDto {
  @ApiPropertyOptional({ description: 'the version read (optional optimistic lock)' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

/** POST /api/v1/offers/:id/decline. */
export class OfferDeclineDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @MinLength(1) @MaxLength(500) reason: string;
  @ApiPropertyOptional({ description: 'the version read (optional optimistic lock)' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

/** POST /api/v1/offers/match. */
export class OfferMatchDto {
  @ApiPropertyOptional({ example: '2026-03-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) asOf?: string;
}

/** GET /api/v1/reports/take-up. */
export class TakeUpQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{6}$/, { message: 'must be a six-digit district code' }) districtCode?: string;
}
