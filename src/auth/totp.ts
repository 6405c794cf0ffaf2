import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

/**
 * Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s), as every authenticator app
 * reads them; the secret is encrypted at rest with AES-256-GCM under a key derived (HKDF) from
 * TOTP_SECRET_KEY (or SESSION_SECRET), and each 30-second step is accepted once only.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
/** Codes from one step before or after are accepted (clock drift of ±30 s). */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

function keyFrom(material: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'ect-totp-salt', 'totp-secret-encryption-v1', 32));
}

export function encryptSecret(base32: string, keyMaterial: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(keyMaterial), iv);
  const data = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

export function decryptSecret(stored: string, keyMaterial: string): string | null {
  const [v, iv, tag, data] = stored.split(':');
  if (v !== 'v1' || !iv || !tag || !data) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(keyMaterial), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(base32: string, issuer = '', label = ''): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD, secret: OTPAuth.Secret.fromBase32(base32) });
}

/** The otpauth:// URI an authenticator app scans. */
export function otpauthUri(base32: string, issuer: string, username: string): string {
  return totpFor(base32, issuer, username).toString();
}

/** The QR code of the URI as a PNG data URL, rendered on the server (CSP allows img data:). */
export function qrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
}

export function currentStep(now = Date.now()): number {
  return Math.floor(now / 1000 / TOTP_PERIOD);
}

/** The code for a step (tests and the enrolment check use it). */
export function totpCode(base32: string, now = Date.now()): string {
  return totpFor(base32).generate({ timestamp: now });
}

/**
 * The time step a code belongs to when it is valid now (within the window), else null.
 * The caller refuses a step at or before the last one accepted (replay).
 */
export function matchTotp(base32: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(base32).validate({ token, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : currentStep(now) + delta;
}

const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Recovery codes: 12 characters from a 32-symbol alphabet (60 bits), shown as XXXX-XXXX-XXXX. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

/** Codes are compared without dashes, spaces or case. */
export function normaliseRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(`ect-recovery:${normaliseRecoveryCode(code)}`).digest('hex');
}

export function looksLikeRecoveryCode(input: string): boolean {
  return normaliseRecoveryCode(input).length === 12;
}
