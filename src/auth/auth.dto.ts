import { ROLES, type Role } from './role.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ example: 'officer.binhai' })
  @IsString() @MinLength(1) @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'Demo@2026' })
  @IsString() @MinLength(1) @MaxLength(256)
  password: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'Two-factor code for users with two-factor sign-in (admins and managers when TOTP_REQUIRED is on, and anyone who enrolled): the 6-digit code of the authenticator app, or one unused recovery code (XXXX-XXXX-XXXX). Without it such users get 401 with `details: [{ field: "totp" }]`.',
  })
  @IsOptional() @IsString() @Matches(/^(\d{6}|[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{4})$/, { message: 'must be a 6-digit code or a recovery code' })
  totp?: string;
}

export class TokenResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
}

/** GET /api/v1/auth/me: who the token belongs to. */
export class MeDto {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ type: String, nullable: true }) districtCode: string | null;
  @ApiProperty({ type: String, nullable: true }) zoneCode: string | null;
  @ApiProperty({ type: Number, nullable: true }) enterpriseId: number | null;
  @ApiProperty({ enum: ['zh-CN', 'en'], enumName: 'Locale' }) locale: string;
}
