import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { toFieldMessages } from './validation.js';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates a submitted HTML form against a DTO class. Expected input problems come back as a
 * result (field → message in the page's language), not as an exception, so the controller can
 * re-render the form with status 422 and everything the user typed.
 */
export async function validateForm<T extends object>(cls: new () => T, body: unknown, locale: Locale): Promise<FormResult<T>> {
  const plain = { ...((body ?? {}) as Record<string, unknown>) };
  // Empty inputs mean "not given": optional fields are then skipped by @IsOptional.
  for (const [k, v] of Object.entries(plain)) if (v === '') plain[k] = undefined;
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: false });
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (!errors.length) return { ok: true, value: instance };
  const out: FieldErrors = {};
  for (const { field, message } of toFieldMessages(errors)) out[field] ??= translate(locale, message);
  return { ok: false, errors: out };
}
