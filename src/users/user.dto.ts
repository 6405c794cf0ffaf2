import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { ROLES, type Role } from '../auth/role.js';

export class UserCreateDto {
  @IsString({ message: 'validation.required' }) @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'validation.invalid' })
  username: string;

  @IsString({ message: 'validation.required' }) @MinLength(1, { message: 'validation.required' }) @MaxLength(64)
  displayName: string;

  @IsIn(ROLES, { message: 'validation.invalid' })
  role: Role;

  @IsOptional() @Matches(/^12\d{4}$/, { message: 'validation.invalid' })
  districtCode?: string;

  @IsOptional() @IsString() @MaxLength(16)
  zoneCode?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: 'validation.invalid' }) @Min(1)
  enterpriseId?: number;

  @IsString({ message: 'validation.required' }) @MaxLength(256)
  password: string;
}

export class UserUpdateDto {
  @IsString({ message: 'validation.required' }) @MinLength(1, { message: 'validation.required' }) @MaxLength(64)
  displayName: string;

  @IsIn(ROLES, { message: 'validation.invalid' })
  role: Role;

  @IsOptional() @Matches(/^12\d{4}$/, { message: 'validation.invalid' })
  districtCode?: string;

  @IsOptional() @IsString() @MaxLength(16)
  zoneCode?: string;

  @IsOptional() @Type(() => Number) @IsInt({ message: 'validation.invalid' }) @Min(1)
  enterpriseId?: number;

  @Type(() => Number) @IsInt() @Min(1)
  version: number;
}

export class PasswordResetDto {
  @IsString({ message: 'validation.required' }) @MaxLength(256)
  password: string;
}
