import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate, IsYuan } from '../common/validators.js';

export class RoundCreateDto {
  @ApiProperty({ example: 2025, description: 'the fiscal year whose R&D growth is rewarded (ended)' }) @Type(() => Number) @IsInt() @Min(2023) @Max(2100) year: number;
  @ApiProperty({ example: 5_000_000, description: 'yuan' }) @Type(() => Number) @IsYuan() @Min(0) @Max(1e12) budget: number;
}

export class VersionDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) version: number;
}

export class PaymentDto {
  @ApiProperty({ example: '2026-12-01' }) @IsCalendarDate() paidOn: string;
  @ApiProperty({ example: 'TJ-2026-0001' }) @IsString() @MaxLength(64) @Matches(/\S/) reference: string;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) version: number;
}

export class ClaimsQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}
