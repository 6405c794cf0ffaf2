import { ApiProperty } from '@nestjs/swagger';
import type { LoginAttempt } from './login-attempt.entity.js';
import { mapLogin } from './login-history.js';

/** One sign-in attempt (mapLogin). */
export class LoginDto {
  @ApiProperty() id: number;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty() username: string;
  @ApiProperty({ example: '203.0.113.7' }) ip: string;
  @ApiProperty() success: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'bad-password' }) reason: string | null;
  @ApiProperty({ example: 'web' }) channel: string;
}

export const loginDtoOf = (a: LoginAttempt): LoginDto => mapLogin(a);
