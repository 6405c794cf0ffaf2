import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt, a memory-hard KDF built into Node (no native add-on to compile).
 * Stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking old hashes.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/** How many previous passwords (the current one included) a new password may not repeat. */
export const PASSWORD_HISTORY_DEPTH = 5;

export type PasswordProblem = 'too-short' | 'too-long' | 'letters-and-digits' | 'complexity' | 'contains-username' | 'reused';

/** The four character classes of the complexity rule. */
export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/**
 * The static password policy (GB/T 22239-2019 level 3 identity authentication): at least 10
 * characters, letters and digits, at least three of the four classes (lower case, upper case,
 * digits, symbols), and not containing the username (case-insensitive). Reuse of the last
 * PASSWORD_HISTORY_DEPTH passwords is checked against the stored hashes by CredentialsService.
 */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push('too-short');
  if (password.length > PASSWORD_MAX_LENGTH) problems.push('too-long');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) problems.push('letters-and-digits');
  if (characterClasses(password) < 3) problems.push('complexity');
  const name = username.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) problems.push('contains-username');
  return problems;
}

/** A hash nobody can match, compared against when the user does not exist (uniform timing). */
export const UNMATCHABLE_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH, 1).toString('base64')}`;
