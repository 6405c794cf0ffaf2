import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class PasswordChangeDto {
  @IsString({ message: 'validation.required' }) @MaxLength(256)
  currentPassword: string;

  @IsString({ message: 'validation.required' }) @MaxLength(256)
  newPassword: string;

  @IsString({ message: 'validation.required' }) @MaxLength(256)
  confirmPassword: string;
}

export class TotpCodeDto {
  @IsString({ message: 'validation.required' }) @MaxLength(32)
  code: string;
}

export class TotpDisableDto {
  @IsString({ message: 'validation.required' }) @MaxLength(256)
  password: string;

  @IsString({ message: 'validation.required' }) @MaxLength(32)
  code: string;
}

export class LoginHistoryQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;

  @ApiPropertyOptional({ enum: ['at', '-at'] }) @IsOptional() @IsIn(['at', '-at'])
  sort?: string;
}
