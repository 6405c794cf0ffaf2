import { Injectable } from '@nestjs/common';
import { verifyPassword } from './password.js';

/**
 * The slow password check of sign-in (scrypt), as a provider of its own so that the lockout
 * tests can count and hold the checks that really run.
 */
@Injectable()
export class PasswordVerifier {
  verify(password: string, stored: string): Promise<boolean> {
    return verifyPassword(password, stored);
  }
}
