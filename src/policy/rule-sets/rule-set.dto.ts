import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validators.js';

export class RuleSetUpdateDto {
  @ApiPropertyOptional({ example: '2027.1' }) @IsOptional() @IsString() @MaxLength(32) version?: string;
  @ApiPropertyOptional({ example: '2027-01-01' }) @IsOptional() @IsCalendarDate() effectiveFrom?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) note?: string;
  @ApiPropertyOptional({ description: 'the full parameter object of the programme' }) @IsOptional() @IsObject() params?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String], description: 'provisional parameter paths' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) provisional?: string[];
  @ApiPropertyOptional({ description: 'accepting a fast-track offer of the programme files the application straight onto the list (rules.md §11)' }) @IsOptional() @IsBoolean() automatic?: boolean;
  @ApiProperty({ description: 'the rowVersion you read; stale → 409' }) @IsInt() @Min(1) rowVersion: number;
}

export class RuleSetPublishDto {
  @ApiProperty() @IsInt() @Min(1) rowVersion: number;
}

export class AsOfBodyDto {
  @ApiPropertyOptional({ example: '2026-06-30' }) @IsOptional() @IsCalendarDate() asOf?: string;
}
